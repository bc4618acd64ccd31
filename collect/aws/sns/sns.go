// Package sns collects SNS topics (AWS::SNS::Topic) with their access
// policy, encryption key and subscriptions.
package sns

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const topicType = "AWS::SNS::Topic"

// Service is the SNS collector.
var Service = collect.Service{
	Name:    "sns",
	Types:   []string{topicType},
	Collect: collectTopics,
	Operations: []string{
		"sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic",
	},
}

func collectTopics(ctx context.Context, s *collect.Scope) {
	client := sns.NewFromConfig(s.Config)
	var topics []*inventory.SNSTopic
	pages := sns.NewListTopicsPaginator(client, &sns.ListTopicsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(topicType, "sns:ListTopics", err)
			return
		}
		for _, t := range page.Topics {
			topics = append(topics, readTopic(ctx, s, client, aws.ToString(t.TopicArn)))
		}
	}
	s.Region.Resources.SNSTopics = topics
}

// readTopic reads a topic's attributes and subscriptions. Either failing
// leaves those fields unknown; the topic is still listed.
func readTopic(ctx context.Context, s *collect.Scope, client *sns.Client, arn string) *inventory.SNSTopic {
	name := arn[strings.LastIndexByte(arn, ':')+1:]
	t := &inventory.SNSTopic{FIFO: strings.HasSuffix(name, ".fifo")}
	out, err := client.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	if err != nil {
		t.Meta = s.Meta("sns:ListTopics", arn, arn, name)
		t.Unread = append(t.Unread, "policy")
	} else {
		t.Meta = s.Meta("sns:GetTopicAttributes", arn, arn, name)
		t.Policy = out.Attributes["Policy"]
		// No KmsMasterKeyId attribute: the topic is not encrypted.
		t.KMSMasterKeyID = aws.String(out.Attributes["KmsMasterKeyId"])
		if fifo, ok := out.Attributes["FifoTopic"]; ok {
			t.FIFO = fifo == "true"
		}
	}
	t.Subscriptions = subscriptions(ctx, client, arn)
	return t
}

// subscriptions lists a topic's subscriptions; nil when they cannot be
// read, empty (not nil) when there are none.
func subscriptions(ctx context.Context, client *sns.Client, arn string) []inventory.SNSSubscription {
	subs := []inventory.SNSSubscription{}
	pages := sns.NewListSubscriptionsByTopicPaginator(client, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(arn)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, sub := range page.Subscriptions {
			subARN := aws.ToString(sub.SubscriptionArn)
			protocol := aws.ToString(sub.Protocol)
			subs = append(subs, inventory.SNSSubscription{
				ARN:      subARN,
				Protocol: protocol,
				Endpoint: endpoint(protocol, aws.ToString(sub.Endpoint)),
				Pending:  subARN == "PendingConfirmation",
			})
		}
	}
	return subs
}

// endpoint keeps only the scheme and host of http(s) endpoints: their
// paths and query strings often carry tokens (webhook secrets).
func endpoint(protocol, ep string) string {
	if protocol != "http" && protocol != "https" {
		return ep
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" {
		return "" // unparsable: better nothing than a leaked token
	}
	return u.Scheme + "://" + u.Host
}
