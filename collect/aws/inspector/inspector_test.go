package inspector_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/inspector"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

func TestBatchGetAccountStatusDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "inspector2", Op: "BatchGetAccountStatus", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, inspector.Service, demo.ProdAccount, "us-east-1").Regions[0]
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
	srv := awstest.Demo(t, awstest.Fault{Service: "inspector2", Op: "GetDelegatedAdminAccount", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, inspector.Service, demo.ProdAccount, "eu-west-1").Regions[0]
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
