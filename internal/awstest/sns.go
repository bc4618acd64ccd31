package awstest

import (
	"slices"
	"strconv"

	"github.com/awssec/awssec/inventory"
)

// registerSNS serves the region's topics and their subscriptions (AWS
// query). A topic whose policy is unread answers AccessDenied to
// GetTopicAttributes; one whose subscriptions are nil, to
// ListSubscriptionsByTopic.
func registerSNS(s *Server) {
	topics := func(r *Request) []*inventory.SNSTopic {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.SNSTopics
		}
		return nil
	}
	find := func(r *Request) (*inventory.SNSTopic, error) {
		arn := r.String("TopicArn")
		for _, t := range topics(r) {
			if t.ARN == arn {
				return t, nil
			}
		}
		return nil, NotFound("NotFound", "Topic does not exist")
	}
	s.Handle("sns", "ListTopics", func(r *Request) (any, error) {
		page, next, err := Page(topics(r), r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, t := range page {
			out = append(out, M{"TopicArn": t.ARN})
		}
		return M{"Topics": out, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sns", "GetTopicAttributes", func(r *Request) (any, error) {
		t, err := find(r)
		if err != nil {
			return nil, err
		}
		if !t.Known("policy") || t.KMSMasterKeyID == nil {
			return nil, AccessDenied(Query)
		}
		confirmed, pending := 0, 0
		for _, sub := range t.Subscriptions {
			if sub.Pending {
				pending++
			} else {
				confirmed++
			}
		}
		attrs := map[string]string{
			"TopicArn": t.ARN, "Owner": r.Account, "Policy": t.Policy, "DisplayName": "",
			"SubscriptionsConfirmed": strconv.Itoa(confirmed), "SubscriptionsPending": strconv.Itoa(pending), "SubscriptionsDeleted": "0",
			"EffectiveDeliveryPolicy": `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false}}`,
		}
		if *t.KMSMasterKeyID != "" {
			attrs["KmsMasterKeyId"] = *t.KMSMasterKeyID
		}
		if t.FIFO {
			attrs["FifoTopic"] = "true"
			attrs["ContentBasedDeduplication"] = "false"
		}
		return M{"Attributes": snsEntries(attrs)}, nil
	})
	s.Handle("sns", "ListSubscriptionsByTopic", func(r *Request) (any, error) {
		t, err := find(r)
		if err != nil {
			return nil, err
		}
		if t.Subscriptions == nil {
			return nil, AccessDenied(Query)
		}
		page, next, err := Page(t.Subscriptions, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, sub := range page {
			out = append(out, M{"SubscriptionArn": sub.ARN, "Owner": r.Account, "Protocol": sub.Protocol,
				"Endpoint": sub.Endpoint, "TopicArn": t.ARN})
		}
		return M{"Subscriptions": out, "NextToken": nilIfEmpty(next)}, nil
	})
}

// snsEntries writes an attribute map as query maps are written:
// <entry><key>…</key><value>…</value></entry>, in key order.
func snsEntries(attrs map[string]string) List {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var items []any
	for _, k := range keys {
		items = append(items, M{"key": k, "value": attrs[k]})
	}
	return List{Member: "entry", Items: items}
}
