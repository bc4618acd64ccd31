package inspector_test

import (
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/inspector"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func collectRegion(t *testing.T, srv *awstest.Server, account, region string) *inventory.Region {
	t.Helper()
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, account), []collect.Service{inspector.Service},
		live.Options{Regions: []string{region}, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return e.Account(account).Region(region)
}

func TestBatchGetAccountStatusDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "inspector2", Op: "BatchGetAccountStatus", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
	if r.Resources.Inspector != nil {
		t.Errorf("status collected despite the denied call: %+v", r.Resources.Inspector)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::Inspector2::Status" || r.Gaps[0].Call != "inspector2:BatchGetAccountStatus" ||
		r.Gaps[0].Code != "AccessDeniedException" {
		t.Errorf("want one AccessDeniedException gap on inspector2:BatchGetAccountStatus, got %+v", r.Gaps)
	}
}

// TestDelegatedAdminDenied: the status is collected without the delegated
// administrator, which stays unknown (empty).
func TestDelegatedAdminDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "inspector2", Op: "GetDelegatedAdminAccount", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := collectRegion(t, srv, demo.ProdAccount, "eu-west-1")
	st := r.Resources.Inspector
	if len(r.Gaps) != 0 || st == nil {
		t.Fatalf("want the status and no gap, got %+v, gaps %+v", st, r.Gaps)
	}
	if st.DelegatedAdmin != "" {
		t.Errorf("delegated administrator %q read from a denied call", st.DelegatedAdmin)
	}
	if st.Status != "ENABLED" || st.EC2 == nil || *st.EC2 != "ENABLED" || st.Lambda == nil || *st.Lambda != "DISABLED" || st.LambdaCode != nil {
		t.Errorf("scan statuses misread: %+v", st)
	}
}
