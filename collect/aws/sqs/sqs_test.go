package sqs_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/sqs"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestListQueuesDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "sqs", Op: "ListQueues", Err: awstest.AccessDenied(awstest.JSON)})
	r := srv.Collect(t, sqs.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.SQSQueues != nil {
		t.Errorf("queues = %v, want none (unknown)", r.Resources.SQSQueues)
	}
	if g, ok := inventory.GapFor(r.Gaps, "AWS::SQS::Queue"); !ok || g.Call != "sqs:ListQueues" || g.Code != "AccessDeniedException" {
		t.Errorf("gaps = %+v, want an access-denied gap for sqs:ListQueues", r.Gaps)
	}
}

func TestQueueAttributesDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "sqs", Op: "GetQueueAttributes", Err: awstest.AccessDenied(awstest.JSON), Times: 1})
	r := srv.Collect(t, sqs.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.SQSQueues) != 2 {
		t.Fatalf("gaps %+v, %d queues: want no gap and both queues", r.Gaps, len(r.Resources.SQSQueues))
	}
	denied, read := r.Resources.SQSQueues[0], r.Resources.SQSQueues[1]
	if denied.SQSManagedSSEEnabled != nil || denied.Known("policy") || denied.Known("kmsMasterKeyId") {
		t.Errorf("denied queue = %+v, want its settings unknown", denied)
	}
	want := "arn:aws:sqs:us-east-1:" + demo.ProdAccount + ":orders-events"
	if denied.ARN != want || denied.Name != "orders-events" || denied.URL == "" {
		t.Errorf("denied queue identity = %+v, want ARN %s", denied.Meta, want)
	}
	if read.SQSManagedSSEEnabled == nil || !*read.SQSManagedSSEEnabled || len(read.Unread) != 0 {
		t.Errorf("second queue = %+v, want read", read)
	}
}

func TestListQueuesPages(t *testing.T) {
	srv := awstest.Demo(t)
	srv.PageSize = 1
	r := srv.Collect(t, sqs.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if len(r.Resources.SQSQueues) != 2 {
		t.Errorf("%d queues over pages of one, want 2", len(r.Resources.SQSQueues))
	}
	if p := r.Resources.SQSQueues[0].RedrivePolicy; p == nil || p.MaxReceiveCount != 5 {
		t.Errorf("redrive policy = %+v", p)
	}
}
