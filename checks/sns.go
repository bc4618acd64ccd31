package checks

import (
	"github.com/awssec/awssec/finding"
)

func snsChecks() []*Check { return []*Check{snsTopicPublic, snsTopicEncrypted} }

var snsTopicPublic = &Check{
	ID:           "sns-topic-public",
	Service:      "sns",
	Title:        "SNS topic policies do not let everyone publish to or subscribe to the topic",
	Severity:     finding.High,
	ResourceType: "AWS::SNS::Topic",
	Rationale: "A topic policy statement with \"Principal\": \"*\" and no condition such as aws:SourceOwner, " +
		"aws:SourceArn or aws:PrincipalOrgID lets any AWS account act on the topic. SNS:Subscribe lets a " +
		"stranger attach their own endpoint and receive every message (alerts, order events, personal data); " +
		"SNS:Publish lets them send forged messages to every subscriber: fake security alerts, phishing " +
		"e-mails from your own notification address, or payloads into the queues and Lambdas behind the topic; " +
		"SNS:SetTopicAttributes or AddPermission hand over the topic itself.",
	Verify: "aws sns get-topic-attributes --topic-arn TOPIC_ARN --query Attributes.Policy --output text — no Allow statement " +
		"may have Principal \"*\" without a condition naming the account, organization or source ARN.",
	Remediation: Remediation{
		Summary: "Restrict the topic policy to named principals, or add aws:SourceOwner / aws:SourceArn / aws:PrincipalOrgID conditions.",
		Console: "SNS > Topics > TOPIC > Edit > Access policy: change Principal \"*\" to the accounts or services that need it, or add a Condition.",
		CLI:     "aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name Policy --attribute-value file://topic-policy.json",
		Terraform: "resource \"aws_sns_topic_policy\" \"this\" {\n  arn    = aws_sns_topic.this.arn\n" +
			"  policy = data.aws_iam_policy_document.topic.json # principals: named accounts or services, with aws:SourceArn conditions\n}",
	},
	Seed: []string{"security-alerting", "cross-account-access", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range r.Resources.SNSTopics {
				loc := At(a, r, t)
				doc, why := dpPolicy(c, t.Policy, dpUnread(t.Unread, "policy"))
				switch {
				case why != "":
					c.Unknown(loc, why)
				case doc == nil:
					c.Pass(loc, "the topic has no access policy: only the owner account's IAM principals can use it", Ev(t, "Policy", "none"))
				default:
					pub := dpPublicAllows(doc)
					if len(pub) == 0 {
						c.Pass(loc, "no topic policy statement grants everyone", Ev(t, "Policy", t.Policy))
						continue
					}
					msg := "topic policy grants everyone " + dpDescribe(pub)
					if len(t.Subscriptions) > 0 {
						msg += " on a topic with " + Show(len(t.Subscriptions)) + " subscription(s)"
					}
					c.Fail(loc, msg, Ev(t, "Policy", t.Policy))
				}
			}
		}
	},
}

var snsTopicEncrypted = &Check{
	ID:           "sns-topic-encrypted",
	Service:      "sns",
	Title:        "SNS topics encrypt messages at rest with KMS",
	Severity:     finding.Low,
	ResourceType: "AWS::SNS::Topic",
	Rationale: "SNS stores each message until it is delivered to every subscriber, which for retried " +
		"deliveries can be days. Without server-side encryption the messages sit on AWS storage unencrypted; " +
		"with SSE and a customer managed key, publishers need kms:GenerateDataKey and the key policy decides " +
		"which services may deliver. Topics that carry personal data, alerts with resource details or " +
		"application events should be encrypted; it is free apart from KMS requests.",
	Verify: "aws sns get-topic-attributes --topic-arn TOPIC_ARN --query Attributes.KmsMasterKeyId — must be set.",
	Remediation: Remediation{
		Summary:   "Enable server-side encryption with a KMS key (a customer managed key when other services publish to it).",
		Console:   "SNS > Topics > TOPIC > Edit > Encryption > Enable encryption > choose the KMS key > Save changes.",
		CLI:       "aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name KmsMasterKeyId --attribute-value alias/sns-topics",
		Terraform: "resource \"aws_sns_topic\" \"this\" {\n  name              = \"alerts\"\n  kms_master_key_id = aws_kms_key.sns.id\n}",
	},
	Seed: []string{"data-at-rest", "encryption-at-rest-default"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range r.Resources.SNSTopics {
				loc := At(a, r, t)
				ev := Ev(t, "KmsMasterKeyId", t.KMSMasterKeyID)
				switch {
				case t.KMSMasterKeyID == nil:
					c.Unknown(loc, "the topic's attributes were not read", ev)
				case *t.KMSMasterKeyID == "":
					c.Fail(loc, "server-side encryption is off: messages are stored unencrypted until delivered", ev)
				default:
					c.Pass(loc, "messages are encrypted at rest with "+*t.KMSMasterKeyID, ev)
				}
			}
		}
	},
}
