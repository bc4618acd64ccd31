package demo

import "github.com/awssec/awssec/inventory"

func sqsQueue(account, region, name string) *inventory.SQSQueue {
	url := "https://sqs." + region + ".amazonaws.com/" + account + "/" + name
	return &inventory.SQSQueue{Meta: meta("sqs:GetQueueAttributes", url, arn("sqs", region, account, name), name), URL: url,
		SQSManagedSSEEnabled: inventory.Ptr(true), MessageRetentionPeriod: 345600}
}

func addSQS(b *builder) {
	prodEast, devWest := b.region(ProdAccount, East), b.region(DevAccount, West)

	// prod: orders-events receives the order-events topic (SSE-KMS with the
	// orders-data key; policy lets only that topic send, via aws:SourceArn)
	// and dead-letters to orders-events-dlq (SSE-SQS, no policy): all pass.
	events := sqsQueue(ProdAccount, East, "orders-events")
	events.SQSManagedSSEEnabled, events.KMSMasterKeyID = inventory.Ptr(false), kmsProdOrdersKey
	events.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"AllowOrderEventsTopic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},` +
		`"Action":"sqs:SendMessage","Resource":"` + events.ARN + `","Condition":{"ArnEquals":{"aws:SourceArn":"` + arn("sns", East, ProdAccount, "order-events") + `"}}}]}`
	events.RedrivePolicy = &inventory.SQSRedrivePolicy{DeadLetterTargetARN: arn("sqs", East, ProdAccount, "orders-events-dlq"), MaxReceiveCount: 5}
	dlq := sqsQueue(ProdAccount, East, "orders-events-dlq")
	dlq.MessageRetentionPeriod = 1209600
	prodEast.Resources.SQSQueues = append(prodEast.Resources.SQSQueues, events, dlq)

	// dev: an image-processing job queue created in 2021 without SSE, whose
	// policy lets anyone send and receive: fails both SQS checks (critical).
	jobs := sqsQueue(DevAccount, West, "dev-image-jobs")
	jobs.SQSManagedSSEEnabled = inventory.Ptr(false)
	jobs.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"AnyoneCanQueue","Effect":"Allow","Principal":"*",` +
		`"Action":["sqs:SendMessage","sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"` + jobs.ARN + `"}]}`
	devWest.Resources.SQSQueues = append(devWest.Resources.SQSQueues, jobs)
}
