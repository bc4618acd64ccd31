package guardduty_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/guardduty"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

func TestListDetectorsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "guardduty", Op: "ListDetectors", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, guardduty.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.GuardDutyDetectors != nil {
		t.Errorf("detectors collected despite the denied list: %+v", r.Resources.GuardDutyDetectors)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::GuardDuty::Detector" || r.Gaps[0].Call != "guardduty:ListDetectors" ||
		r.Gaps[0].Code != "AccessDeniedException" {
		t.Errorf("want one AccessDeniedException gap on guardduty:ListDetectors, got %+v", r.Gaps)
	}
}

// TestDetailsDenied: a detector whose administrator, destinations or
// filters cannot be read is still collected, with those unknown (nil).
func TestDetailsDenied(t *testing.T) {
	srv := awstest.Demo(t)
	for _, op := range []string{"GetAdministratorAccount", "DescribePublishingDestination", "GetFilter"} {
		srv.Inject(awstest.Fault{Service: "guardduty", Op: op, Err: awstest.AccessDenied(awstest.RESTJSON)})
	}
	r := srv.Collect(t, guardduty.Service, demo.ManagementAccount, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.GuardDutyDetectors) != 1 {
		t.Fatalf("want the detector and no gap, got %+v, gaps %+v", r.Resources.GuardDutyDetectors, r.Gaps)
	}
	d := r.Resources.GuardDutyDetectors[0]
	if d.Administrator != nil || d.PublishingDestinations != nil || d.Filters != nil {
		t.Errorf("denied details must be unknown (nil): administrator %+v, destinations %+v, filters %+v",
			d.Administrator, d.PublishingDestinations, d.Filters)
	}
	if d.Status != "ENABLED" || len(d.Features) == 0 {
		t.Errorf("GetDetector's values are lost: status %q, %d features", d.Status, len(d.Features))
	}
}

// TestNoDetector: a region without a detector has GuardDuty off: no
// detector and no gap.
func TestNoDetector(t *testing.T) {
	r := awstest.Demo(t).Collect(t, guardduty.Service, demo.DevAccount, "eu-west-1").Regions[0]
	if r.Resources.GuardDutyDetectors != nil || len(r.Gaps) != 0 {
		t.Errorf("want no detector and no gap, got %+v, gaps %+v", r.Resources.GuardDutyDetectors, r.Gaps)
	}
}
