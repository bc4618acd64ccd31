package sqs_test

import (
	"sync"
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/sqs"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectRegion runs the collector over one region of a demo account.
func collectRegion(t *testing.T, srv *awstest.Server, account, region string) *inventory.Region {
	t.Helper()
	r := &inventory.Region{Name: region}
	a := &inventory.Account{ID: account, Partition: "aws", Regions: []*inventory.Region{r}}
	cfg := srv.Config(t, account)
	cfg.Region = region
	sqs.Service.Collect(awstest.Context(t), collect.NewScope(cfg, &inventory.Estate{}, a, r, &sync.Mutex{}))
	return r
}

func TestListQueuesDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "sqs", Op: "ListQueues", Err: awstest.AccessDenied(awstest.JSON)})
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
	if r.Resources.SQSQueues != nil {
		t.Errorf("queues = %v, want none (unknown)", r.Resources.SQSQueues)
	}
	if g, ok := inventory.GapFor(r.Gaps, "AWS::SQS::Queue"); !ok || g.Call != "sqs:ListQueues" || g.Code != "AccessDeniedException" {
		t.Errorf("gaps = %+v, want an access-denied gap for sqs:ListQueues", r.Gaps)
	}
}

func TestQueueAttributesDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "sqs", Op: "GetQueueAttributes", Err: awstest.AccessDenied(awstest.JSON), Times: 1})
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
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
	srv := awstest.New(t)
	srv.PageSize = 1
	srv.Serve(demo.Estate())
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
	if len(r.Resources.SQSQueues) != 2 {
		t.Errorf("%d queues over pages of one, want 2", len(r.Resources.SQSQueues))
	}
	if p := r.Resources.SQSQueues[0].RedrivePolicy; p == nil || p.MaxReceiveCount != 5 {
		t.Errorf("redrive policy = %+v", p)
	}
}
