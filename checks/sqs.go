package checks

import (
	"github.com/awssec/awssec/finding"
)

func sqsChecks() []*Check { return []*Check{sqsQueuePublic, sqsQueueEncrypted} }

var sqsQueuePublic = &Check{
	ID:           "sqs-queue-public",
	Service:      "sqs",
	Title:        "SQS queue policies do not grant access to everyone",
	Severity:     finding.High,
	ResourceType: "AWS::SQS::Queue",
	Rationale: "A queue policy statement with \"Principal\": \"*\" and no condition naming a source ARN, " +
		"account or organization lets any AWS account use the queue. sqs:ReceiveMessage and " +
		"sqs:DeleteMessage let a stranger read and consume the messages (order data, job parameters, tokens) " +
		"so your consumers never see them; sqs:SendMessage lets them inject work into the consumers, a direct " +
		"path to whatever the worker does with it; sqs:PurgeQueue and sqs:SetQueueAttributes destroy or take " +
		"over the queue. The usual cause is an SNS or S3 subscription policy written without aws:SourceArn.",
	Verify: "aws sqs get-queue-attributes --queue-url QUEUE_URL --attribute-names Policy — no Allow statement may have " +
		"Principal \"*\" without an aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID condition.",
	Remediation: Remediation{
		Summary: "Restrict the queue policy to named principals, or add an aws:SourceArn condition for the SNS topic or bucket that sends to it.",
		Console: "SQS > Queues > QUEUE > Access policy > Edit: replace Principal \"*\" or add Condition {\"ArnEquals\": {\"aws:SourceArn\": \"TOPIC_ARN\"}}.",
		CLI:     "aws sqs set-queue-attributes --queue-url QUEUE_URL --attributes file://queue-policy-attributes.json",
		Terraform: "resource \"aws_sqs_queue_policy\" \"this\" {\n  queue_url = aws_sqs_queue.this.id\n" +
			"  policy    = data.aws_iam_policy_document.queue.json # Service sns.amazonaws.com with ArnEquals aws:SourceArn = the topic\n}",
	},
	Seed: []string{"cross-account-access", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, q := range r.Resources.SQSQueues {
				loc := At(a, r, q)
				doc, why := dpPolicy(c, q.Policy, dpUnread(q.Unread, "policy"))
				switch {
				case why != "":
					c.Unknown(loc, why)
				case doc == nil:
					c.Pass(loc, "the queue has no access policy: only the owner account's IAM principals can use it", Ev(q, "Policy", "none"))
				default:
					pub := dpPublicAllows(doc)
					if len(pub) == 0 {
						c.Pass(loc, "no queue policy statement grants everyone", Ev(q, "Policy", q.Policy))
						continue
					}
					sev := finding.High
					if dpCoversAny(pub, "sqs:ReceiveMessage", "sqs:SendMessage", "sqs:SetQueueAttributes") {
						sev = finding.Critical
					}
					c.FailAt(sev, loc, "queue policy grants everyone "+dpDescribe(pub), Ev(q, "Policy", q.Policy))
				}
			}
		}
	},
}

var sqsQueueEncrypted = &Check{
	ID:           "sqs-queue-encrypted",
	Service:      "sqs",
	Title:        "SQS queues encrypt messages at rest (SSE-SQS or SSE-KMS)",
	Severity:     finding.Low,
	ResourceType: "AWS::SQS::Queue",
	Rationale: "Messages wait in the queue for up to 14 days, and in its dead-letter queue as long again. " +
		"Queues created before SSE-SQS became the default (October 2022), or created with it turned off, store " +
		"them unencrypted. SSE-SQS costs nothing; SSE-KMS with a customer managed key adds a key policy that " +
		"producers and consumers must also satisfy, and a CloudTrail record of their key use, which matters " +
		"for queues carrying personal or payment data.",
	Verify: "aws sqs get-queue-attributes --queue-url QUEUE_URL --attribute-names SqsManagedSseEnabled KmsMasterKeyId " +
		"— one of them must be set.",
	Remediation: Remediation{
		Summary: "Turn on SSE-SQS, or SSE-KMS with a customer managed key for sensitive queues.",
		Console: "SQS > Queues > QUEUE > Edit > Encryption > Server-side encryption: Enabled > Amazon SQS key (SSE-SQS) or AWS KMS key (SSE-KMS) > Save.",
		CLI:     "aws sqs set-queue-attributes --queue-url QUEUE_URL --attributes SqsManagedSseEnabled=true",
		Terraform: "resource \"aws_sqs_queue\" \"this\" {\n  name                    = \"orders\"\n  sqs_managed_sse_enabled = true\n" +
			"  # or: kms_master_key_id = aws_kms_key.sqs.id\n}",
	},
	Seed: []string{"data-at-rest", "encryption-at-rest-default"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, q := range r.Resources.SQSQueues {
				loc := At(a, r, q)
				ev := []finding.Evidence{Ev(q, "SqsManagedSseEnabled", q.SQSManagedSSEEnabled), Ev(q, "KmsMasterKeyId", orNone(q.KMSMasterKeyID))}
				switch {
				case q.KMSMasterKeyID != "":
					c.Pass(loc, "messages are encrypted with SSE-KMS key "+q.KMSMasterKeyID, ev...)
				case q.SQSManagedSSEEnabled == nil:
					c.Unknown(loc, "the queue's encryption attributes were not read", ev...)
				case *q.SQSManagedSSEEnabled:
					c.Pass(loc, "messages are encrypted with SSE-SQS (SQS-owned keys)", ev...)
				default:
					c.Fail(loc, "server-side encryption is off: messages are stored unencrypted", ev...)
				}
			}
		}
	},
}
