package ssm_test

import (
	"fmt"
	"testing"

	"github.com/awssec/awssec/collect/aws/ssm"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestDescribeInstanceInformationDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "ssm", Op: "DescribeInstanceInformation", Err: awstest.AccessDenied(awstest.JSON)})
	r := srv.Collect(t, ssm.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.SSMManagedInstances != nil {
		t.Errorf("instances collected despite the denied list: %+v", r.Resources.SSMManagedInstances)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::SSM::ManagedInstance" || r.Gaps[0].Call != "ssm:DescribeInstanceInformation" ||
		r.Gaps[0].Code != "AccessDeniedException" {
		t.Errorf("want one AccessDeniedException gap on ssm:DescribeInstanceInformation, got %+v", r.Gaps)
	}
}

// TestPatchStateDenied: when either patch call fails the instances are
// still collected, their patch state unknown (nil), never "never scanned".
func TestPatchStateDenied(t *testing.T) {
	for _, op := range []string{"DescribeInstancePatchStates", "ListResourceComplianceSummaries"} {
		t.Run(op, func(t *testing.T) {
			srv := awstest.Demo(t, awstest.Fault{Service: "ssm", Op: op, Err: awstest.AccessDenied(awstest.JSON)})
			r := srv.Collect(t, ssm.Service, demo.ProdAccount, "us-east-1").Regions[0]
			if len(r.Gaps) != 0 || len(r.Resources.SSMManagedInstances) != 1 {
				t.Fatalf("want the instance and no gap, got %+v, gaps %+v", r.Resources.SSMManagedInstances, r.Gaps)
			}
			mi := r.Resources.SSMManagedInstances[0]
			if mi.PatchCompliance != nil {
				t.Errorf("patch state must be unknown (nil), got %+v", mi.PatchCompliance)
			}
			if mi.PingStatus != "Online" {
				t.Errorf("DescribeInstanceInformation's values are lost: %+v", mi)
			}
		})
	}
}

// TestManyInstances: patch states are read 50 instances at a time, and an
// instance that never reported a scan has an empty (known) patch state.
func TestManyInstances(t *testing.T) {
	const region = "us-east-1"
	var instances []*inventory.SSMManagedInstance
	for i := range 120 {
		id := fmt.Sprintf("i-%017d", i)
		mi := &inventory.SSMManagedInstance{
			Meta:       inventory.Meta{ID: id, ARN: "arn:aws:ec2:" + region + ":" + demo.ProdAccount + ":instance/" + id},
			PingStatus: "Online", ResourceType: "EC2Instance",
			PatchCompliance: &inventory.PatchCompliance{State: "COMPLIANT", InstalledCount: i, Operation: "Scan",
				OperationEndTime: demo.Now.AddDate(0, 0, -1), OperationStartTime: demo.Now.AddDate(0, 0, -1)},
		}
		if i == 77 {
			mi.PatchCompliance = &inventory.PatchCompliance{}
		}
		instances = append(instances, mi)
	}
	estate := &inventory.Estate{Accounts: []*inventory.Account{{ID: demo.ProdAccount, Regions: []*inventory.Region{
		{Name: region, Resources: inventory.RegionalResources{SSMManagedInstances: instances}}}}}}
	srv := awstest.New(t)
	srv.PageSize = 7
	srv.Serve(estate)
	r := srv.Collect(t, ssm.Service, demo.ProdAccount, region).Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.SSMManagedInstances) != len(instances) {
		t.Fatalf("want %d instances and no gap, got %d, gaps %+v", len(instances), len(r.Resources.SSMManagedInstances), r.Gaps)
	}
	for i, mi := range r.Resources.SSMManagedInstances {
		pc := mi.PatchCompliance
		switch {
		case mi.ID != instances[i].ID:
			t.Errorf("instance %d: got %s, want %s (AWS's order)", i, mi.ID, instances[i].ID)
		case pc == nil:
			t.Errorf("%s: patch state not read", mi.ID)
		case i == 77 && *pc != inventory.PatchCompliance{}:
			t.Errorf("%s never scanned: want an empty patch state, got %+v", mi.ID, pc)
		case i != 77 && (pc.InstalledCount != i || pc.State != "COMPLIANT"):
			t.Errorf("%s: got %+v", mi.ID, pc)
		}
	}
}
