package demo

import "github.com/awssec/awssec/inventory"

// snsDefaultPolicy is the access policy SNS gives a new topic: anyone, but
// only on behalf of the owner account (AWS:SourceOwner).
func snsDefaultPolicy(topicARN, account string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow",` +
		`"Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission",` +
		`"SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` + topicARN + `",` +
		`"Condition":{"StringEquals":{"AWS:SourceOwner":"` + account + `"}}}]}`
}

// snsTopic is a topic encrypted with the AWS managed key and the default policy.
func snsTopic(account, region, name string, subs ...inventory.SNSSubscription) *inventory.SNSTopic {
	a := arn("sns", region, account, name)
	return &inventory.SNSTopic{Meta: meta("sns:GetTopicAttributes", a, a, name), Policy: snsDefaultPolicy(a, account),
		KMSMasterKeyID: inventory.Ptr("alias/aws/sns"), Subscriptions: subs}
}

func snsEmail(topicARN, id, address string) inventory.SNSSubscription {
	return inventory.SNSSubscription{ARN: topicARN + ":" + id, Protocol: "email", Endpoint: address}
}

func addSNS(b *builder) {
	// security-alerts in every account's us-east-1: encrypted, default
	// policy, confirmed e-mail subscriptions to the security team (pass
	// sns-topic-public and sns-topic-encrypted; alarm checks read the
	// subscriptions).
	for _, acct := range []string{ManagementAccount, ProdAccount, DevAccount} {
		t := arn("sns", East, acct, "security-alerts")
		topic := snsTopic(acct, East, "security-alerts", snsEmail(t, "8f2d1c3b-5a6e-4f70-9b8c-1d2e3f4a5b6c", "security@acme.example"))
		if acct == ManagementAccount {
			topic.KMSMasterKeyID = inventory.Ptr(kmsMgmtTrailKey)
			topic.Subscriptions = append(topic.Subscriptions, inventory.SNSSubscription{
				ARN: t + ":0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Protocol: "https", Endpoint: "https://hooks.slack.com"})
		}
		r := b.region(acct, East)
		r.Resources.SNSTopics = append(r.Resources.SNSTopics, topic)
	}

	// prod: order events fan out to the orders-events queue (encrypted with
	// the orders-data key, default policy: pass).
	prodEast := b.region(ProdAccount, East)
	orders := snsTopic(ProdAccount, East, "order-events")
	orders.KMSMasterKeyID = inventory.Ptr(kmsProdOrdersKey)
	orders.Subscriptions = []inventory.SNSSubscription{{ARN: arn("sns", East, ProdAccount, "order-events:3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"),
		Protocol: "sqs", Endpoint: arn("sqs", East, ProdAccount, "orders-events")}}
	prodEast.Resources.SNSTopics = append(prodEast.Resources.SNSTopics, orders)

	// dev: a build-notification topic opened to "*" so a CI SaaS could
	// publish, unencrypted: fails sns-topic-public and sns-topic-encrypted.
	// Its only subscription never got confirmed.
	devWest := b.region(DevAccount, West)
	builds := snsTopic(DevAccount, West, "dev-build-notifications",
		inventory.SNSSubscription{ARN: "PendingConfirmation", Protocol: "email", Endpoint: "dev-team@acme.example", Pending: true})
	builds.KMSMasterKeyID = inventory.Ptr("")
	builds.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"AllowCIPublish","Effect":"Allow","Principal":"*",` +
		`"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"` + builds.ARN + `"}]}`
	devWest.Resources.SNSTopics = append(devWest.Resources.SNSTopics, builds)
}
