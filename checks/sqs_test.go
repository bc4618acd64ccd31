package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestSQSQueuePublic(t *testing.T) {
	public := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:123456789012:q"}]}`
	fromTopic := `{"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*",` +
		`"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:orders"}}}]}`
	anyoneFromTopic := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*",` +
		`"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:orders"}}}]}`
	getOnly := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:GetQueueAttributes","Resource":"*"}]}`
	runCases(t, sqsQueuePublic, []checkCase{{
		name: "public fails; source-ARN restricted and none pass; unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SQSQueues = []*inventory.SQSQueue{
				{Meta: meta("public"), Policy: public},
				{Meta: meta("attrs"), Policy: getOnly},
				{Meta: meta("topic"), Policy: fromTopic},
				{Meta: meta("anyone-from-topic"), Policy: anyoneFromTopic},
				{Meta: meta("none")},
				{Meta: unreadMeta("unread", "policy")},
			}
		},
		want: map[string]finding.Status{"public": finding.Fail, "attrs": finding.Fail, "topic": finding.Pass, "anyone-from-topic": finding.Pass,
			"none": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"public": "sqs:*"},
	}})
	for _, f := range runCheck(t, sqsQueuePublic, testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Resources.SQSQueues = []*inventory.SQSQueue{{Meta: meta("public"), Policy: public}, {Meta: meta("attrs"), Policy: getOnly}}
	})) {
		want := map[string]finding.Severity{"public": finding.Critical, "attrs": finding.High}[f.ResourceID]
		if f.Severity != want {
			t.Errorf("%s: severity %v, want %v", f.ResourceID, f.Severity, want)
		}
	}
}

func TestSQSQueueEncrypted(t *testing.T) {
	runCases(t, sqsQueueEncrypted, []checkCase{{
		name: "SSE-KMS, SSE-SQS, none, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SQSQueues = []*inventory.SQSQueue{
				{Meta: meta("kms"), KMSMasterKeyID: "alias/orders", SQSManagedSSEEnabled: inventory.Ptr(false)},
				{Meta: meta("sqs"), SQSManagedSSEEnabled: inventory.Ptr(true)},
				{Meta: meta("plain"), SQSManagedSSEEnabled: inventory.Ptr(false)},
				{Meta: meta("unread")},
			}
		},
		want:     map[string]finding.Status{"kms": finding.Pass, "sqs": finding.Pass, "plain": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"kms": "alias/orders", "sqs": "SSE-SQS"},
	}})
}
