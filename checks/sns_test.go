package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// dpDefaultTopicPolicy is the policy SNS gives a new topic: everyone, but
// only from the owner account.
const dpDefaultTopicPolicy = `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow",` +
	`"Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe","SNS:GetTopicAttributes"],"Resource":"arn:aws:sns:us-east-1:123456789012:t",` +
	`"Condition":{"StringEquals":{"AWS:SourceOwner":"123456789012"}}}]}`

func TestSNSTopicPublic(t *testing.T) {
	public := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["SNS:Publish","SNS:Subscribe"],"Resource":"*"}]}`
	runCases(t, snsTopicPublic, []checkCase{{
		name: "public fails; default policy and none pass; unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SNSTopics = []*inventory.SNSTopic{
				{Meta: meta("public"), Policy: public, Subscriptions: []inventory.SNSSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}},
				{Meta: meta("default"), Policy: dpDefaultTopicPolicy},
				{Meta: meta("none")},
				{Meta: unreadMeta("unread", "policy")},
			}
		},
		want:     map[string]finding.Status{"public": finding.Fail, "default": finding.Pass, "none": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"public": "SNS:Publish, SNS:Subscribe on a topic with 1 subscription(s)"},
	}})
}

func TestSNSTopicEncrypted(t *testing.T) {
	runCases(t, snsTopicEncrypted, []checkCase{{
		name: "encrypted, not, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SNSTopics = []*inventory.SNSTopic{
				{Meta: meta("enc"), KMSMasterKeyID: inventory.Ptr("alias/aws/sns")},
				{Meta: meta("plain"), KMSMasterKeyID: inventory.Ptr("")},
				{Meta: meta("unread")},
			}
		},
		want:     map[string]finding.Status{"enc": finding.Pass, "plain": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"enc": "alias/aws/sns"},
	}})
}
