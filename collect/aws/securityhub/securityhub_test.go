package securityhub_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/securityhub"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

func TestDescribeHubDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "securityhub", Op: "DescribeHub", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, securityhub.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.SecurityHubs != nil {
		t.Errorf("hub collected despite the denied call: %+v", r.Resources.SecurityHubs)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::SecurityHub::Hub" || r.Gaps[0].Call != "securityhub:DescribeHub" ||
		r.Gaps[0].Code != "AccessDeniedException" {
		t.Errorf("want one AccessDeniedException gap on securityhub:DescribeHub, got %+v", r.Gaps)
	}
}

// TestNotEnabled: Security Hub's InvalidAccessException for an account
// that is not subscribed means "off": no hub, and no gap.
func TestNotEnabled(t *testing.T) {
	r := awstest.Demo(t).Collect(t, securityhub.Service, demo.DevAccount, "eu-west-1").Regions[0]
	if r.Resources.SecurityHubs != nil || len(r.Gaps) != 0 {
		t.Errorf("want no hub and no gap, got %+v, gaps %+v", r.Resources.SecurityHubs, r.Gaps)
	}
}

// TestDetailsDenied: a hub whose standards or administrator cannot be read
// is still collected, with those unknown (nil).
func TestDetailsDenied(t *testing.T) {
	srv := awstest.Demo(t,
		awstest.Fault{Service: "securityhub", Op: "GetEnabledStandards", Err: awstest.AccessDenied(awstest.RESTJSON)},
		awstest.Fault{Service: "securityhub", Op: "GetAdministratorAccount", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, securityhub.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.SecurityHubs) != 1 {
		t.Fatalf("want the hub and no gap, got %+v, gaps %+v", r.Resources.SecurityHubs, r.Gaps)
	}
	h := r.Resources.SecurityHubs[0]
	if h.Standards != nil || h.Administrator != nil {
		t.Errorf("denied details must be unknown (nil): standards %+v, administrator %+v", h.Standards, h.Administrator)
	}
	if h.ARN == "" || h.SubscribedAt.IsZero() {
		t.Errorf("DescribeHub's values are lost: %+v", h)
	}
}
