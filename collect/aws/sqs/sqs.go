// Package sqs collects SQS queues (AWS::SQS::Queue) with their access
// policy, encryption and dead-letter settings.
package sqs

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const queueType = "AWS::SQS::Queue"

// Service is the SQS collector.
var Service = collect.Service{
	Name:       "sqs",
	Types:      []string{queueType},
	Collect:    collectQueues,
	Operations: []string{"sqs:ListQueues", "sqs:GetQueueAttributes"},
}

func collectQueues(ctx context.Context, s *collect.Scope) {
	client := sqs.NewFromConfig(s.Config)
	var queues []*inventory.SQSQueue
	// SQS returns a NextToken only when MaxResults is set; without it a
	// region's list stops at 1000 queues.
	pages := sqs.NewListQueuesPaginator(client, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(queueType, "sqs:ListQueues", err)
			return
		}
		for _, u := range page.QueueUrls {
			queues = append(queues, readQueue(ctx, s, client, u))
		}
	}
	s.Region.Resources.SQSQueues = queues
}

// readQueue reads a queue's attributes. When they cannot be read the queue
// is still listed, with its settings unknown.
func readQueue(ctx context.Context, s *collect.Scope, client *sqs.Client, queueURL string) *inventory.SQSQueue {
	account, name := queueOwner(queueURL)
	arn := "arn:" + partition(s) + ":sqs:" + s.RegionName() + ":" + account + ":" + name
	q := &inventory.SQSQueue{URL: queueURL, FIFO: strings.HasSuffix(name, ".fifo")}
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(queueURL),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	if err != nil {
		q.Meta = s.Meta("sqs:ListQueues", queueURL, arn, name)
		q.Unread = []string{"policy", "kmsMasterKeyId", "redrivePolicy", "messageRetentionPeriod"}
		return q
	}
	a := out.Attributes
	if v := a["QueueArn"]; v != "" {
		arn = v
	}
	q.Meta = s.Meta("sqs:GetQueueAttributes", queueURL, arn, name)
	q.Policy = a["Policy"]
	q.SQSManagedSSEEnabled = aws.Bool(a["SqsManagedSseEnabled"] == "true")
	q.KMSMasterKeyID = a["KmsMasterKeyId"]
	if v, ok := a["FifoQueue"]; ok {
		q.FIFO = v == "true"
	}
	q.MessageRetentionPeriod, _ = strconv.Atoi(a["MessageRetentionPeriod"])
	if v := a["RedrivePolicy"]; v != "" {
		if p, ok := redrivePolicy(v); ok {
			q.RedrivePolicy = p
		} else {
			q.Unread = append(q.Unread, "redrivePolicy")
		}
	}
	return q
}

// redrivePolicy parses the RedrivePolicy attribute, whose maxReceiveCount
// SQS writes as a number or as a string depending on how it was set.
func redrivePolicy(doc string) (*inventory.SQSRedrivePolicy, bool) {
	var raw struct {
		DeadLetterTargetARN string          `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil || raw.DeadLetterTargetARN == "" {
		return nil, false
	}
	n, _ := strconv.Atoi(strings.Trim(string(raw.MaxReceiveCount), `"`))
	return &inventory.SQSRedrivePolicy{DeadLetterTargetARN: raw.DeadLetterTargetARN, MaxReceiveCount: n}, true
}

// queueOwner splits a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)
// into its account and name.
func queueOwner(queueURL string) (account, name string) {
	u, err := url.Parse(queueURL)
	if err != nil {
		return "", queueURL[strings.LastIndexByte(queueURL, '/')+1:]
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) >= 2 {
		return parts[len(parts)-2], parts[len(parts)-1]
	}
	return "", parts[len(parts)-1]
}

func partition(s *collect.Scope) string {
	if s.Account.Partition != "" {
		return s.Account.Partition
	}
	return "aws"
}
