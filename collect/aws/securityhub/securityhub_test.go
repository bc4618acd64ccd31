package securityhub_test

import (
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/securityhub"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func collectRegion(t *testing.T, srv *awstest.Server, account, region string) *inventory.Region {
	t.Helper()
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, account), []collect.Service{securityhub.Service},
		live.Options{Regions: []string{region}, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return e.Account(account).Region(region)
}

func TestDescribeHubDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "securityhub", Op: "DescribeHub", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
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
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	r := collectRegion(t, srv, demo.DevAccount, "eu-west-1")
	if r.Resources.SecurityHubs != nil || len(r.Gaps) != 0 {
		t.Errorf("want no hub and no gap, got %+v, gaps %+v", r.Resources.SecurityHubs, r.Gaps)
	}
}

// TestDetailsDenied: a hub whose standards or administrator cannot be read
// is still collected, with those unknown (nil).
func TestDetailsDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Inject(awstest.Fault{Service: "securityhub", Op: "GetEnabledStandards", Err: awstest.AccessDenied(awstest.RESTJSON)})
	srv.Inject(awstest.Fault{Service: "securityhub", Op: "GetAdministratorAccount", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := collectRegion(t, srv, demo.ProdAccount, "us-east-1")
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
