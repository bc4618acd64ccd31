package awstest

import (
	"encoding/json"
	"strconv"

	"github.com/awssec/awssec/inventory"
)

// registerSQS serves the region's queues (JSON 1.0, AmazonSQS). Like SQS,
// ListQueues pages only when MaxResults is given (up to 1000 URLs
// otherwise). A queue whose SSE-SQS flag is unknown answers AccessDenied to
// GetQueueAttributes.
func registerSQS(s *Server) {
	queues := func(r *Request) []*inventory.SQSQueue {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.SQSQueues
		}
		return nil
	}
	s.Handle("sqs", "ListQueues", func(r *Request) (any, error) {
		all := queues(r)
		size := min(len(all), 1000)
		if n, err := strconv.Atoi(r.String("MaxResults")); err == nil && n > 0 {
			size = min(n, s.PageSize)
		}
		page, next, err := Page(all, r.String("NextToken"), size)
		if err != nil {
			return nil, err
		}
		if r.String("MaxResults") == "" {
			next = ""
		}
		urls := []any{}
		for _, q := range page {
			urls = append(urls, q.URL)
		}
		return M{"QueueUrls": urls, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sqs", "GetQueueAttributes", func(r *Request) (any, error) {
		url := r.String("QueueUrl")
		var q *inventory.SQSQueue
		for _, x := range queues(r) {
			if x.URL == url {
				q = x
			}
		}
		if q == nil {
			return nil, &Error{Status: 400, Code: "QueueDoesNotExist", Message: "The specified queue does not exist."}
		}
		if q.SQSManagedSSEEnabled == nil || !q.Known("policy") {
			return nil, AccessDenied(JSON)
		}
		attrs := M{
			"QueueArn": q.ARN, "ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0",
			"ApproximateNumberOfMessagesDelayed": "0", "CreatedTimestamp": "1609459200", "LastModifiedTimestamp": "1609459200",
			"VisibilityTimeout": "30", "MaximumMessageSize": "262144", "DelaySeconds": "0", "ReceiveMessageWaitTimeSeconds": "0",
			"MessageRetentionPeriod": strconv.Itoa(q.MessageRetentionPeriod),
			"SqsManagedSseEnabled":   strconv.FormatBool(*q.SQSManagedSSEEnabled),
		}
		if q.Policy != "" {
			attrs["Policy"] = q.Policy
		}
		if q.KMSMasterKeyID != "" {
			attrs["KmsMasterKeyId"] = q.KMSMasterKeyID
			attrs["KmsDataKeyReusePeriodSeconds"] = "300"
		}
		if p := q.RedrivePolicy; p != nil {
			b, _ := json.Marshal(map[string]any{"deadLetterTargetArn": p.DeadLetterTargetARN, "maxReceiveCount": p.MaxReceiveCount})
			attrs["RedrivePolicy"] = string(b)
		}
		if q.FIFO {
			attrs["FifoQueue"] = "true"
			attrs["ContentBasedDeduplication"] = "false"
		}
		return M{"Attributes": attrs}, nil
	})
}
