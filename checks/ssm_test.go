package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestSSMInstanceManaged(t *testing.T) {
	runCases(t, ssmInstanceManaged, []checkCase{{
		name: "unmanaged and lost fail, online passes, stopped skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			stopped := netInstance("i-stopped", "old", "", "subnet-1")
			stopped.State = "stopped"
			wp := netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-1")
			wp.InstanceProfile = "arn:aws:iam::123456789012:instance-profile/wordpress-web"
			r.Resources.EC2Instances = []*inventory.EC2Instance{wp, netInstance("i-lost", "batch", "", "subnet-1"),
				netInstance("i-ok", "orders-app", "", "subnet-1"), stopped}
			r.Resources.SSMManagedInstances = []*inventory.SSMManagedInstance{
				{Meta: meta("i-lost"), PingStatus: "ConnectionLost", LastPingDateTime: testNow.AddDate(0, 0, -12)},
				{Meta: meta("i-ok"), PingStatus: "Online", AgentVersion: "3.3.987.0", PlatformName: "Amazon Linux"},
			}
		},
		want: map[string]finding.Status{"i-wp": finding.Fail, "i-lost": finding.Fail, "i-ok": finding.Pass},
		contains: map[string]string{
			"i-wp":   "not managed by Systems Manager",
			"i-lost": "PingStatus ConnectionLost, last ping 12 days ago",
			"i-ok":   "agent 3.3.987.0",
		},
	}, {
		name: "managed instances not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-wp", "wordpress-web", "", "subnet-1")}
			r.Gaps = []inventory.Gap{netGap("AWS::SSM::ManagedInstance")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestSSMPatchCompliance(t *testing.T) {
	fill := func(a *inventory.Account, r *inventory.Region) {
		recent := testNow.AddDate(0, 0, -2)
		r.Resources.SSMManagedInstances = []*inventory.SSMManagedInstance{
			{Meta: meta("i-missing"), PingStatus: "Online", PatchCompliance: &inventory.PatchCompliance{State: "NON_COMPLIANT", MissingCount: 14, FailedCount: 1,
				CriticalNonCompliantCount: 3, SecurityNonCompliantCount: 9, Operation: "Scan", OperationEndTime: recent}},
			{Meta: meta("i-reboot"), PingStatus: "Online", PatchCompliance: &inventory.PatchCompliance{State: "NON_COMPLIANT", InstalledPendingRebootCount: 2,
				Operation: "Install", OperationEndTime: recent}},
			{Meta: meta("i-ok"), PingStatus: "Online", PatchCompliance: &inventory.PatchCompliance{State: "COMPLIANT", InstalledCount: 412,
				Operation: "Install", OperationEndTime: recent}},
			{Meta: meta("i-stale"), PingStatus: "Online", PatchCompliance: &inventory.PatchCompliance{State: "COMPLIANT",
				Operation: "Scan", OperationEndTime: testNow.AddDate(0, 0, -45)}},
			{Meta: meta("i-never"), PingStatus: "Online", PatchCompliance: &inventory.PatchCompliance{}},
			{Meta: meta("i-unread"), PingStatus: "Online"},
		}
	}
	runCases(t, ssmPatchCompliance, []checkCase{{
		name: "missing, pending reboot, stale and never scanned fail; compliant passes; unread",
		fill: fill,
		want: map[string]finding.Status{"i-missing": finding.Fail, "i-reboot": finding.Fail, "i-ok": finding.Pass,
			"i-stale": finding.Fail, "i-never": finding.Fail, "i-unread": finding.Error},
		contains: map[string]string{
			"i-missing": "14 missing, 1 failed, 3 critical and 9 security patches non-compliant; last Scan 2 days ago",
			"i-reboot":  "2 installed pending reboot",
			"i-stale":   "last Scan 45 days ago",
			"i-never":   "no patch scan has ever reported",
			"i-ok":      "412 installed",
		},
	}})
	fs := runCheck(t, ssmPatchCompliance, testEstate(fill))
	want := map[string]finding.Severity{"i-missing": finding.High, "i-reboot": finding.Medium, "i-stale": finding.Medium, "i-never": finding.Medium}
	if diff := cmp.Diff(want, netSeverities(fs)); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
}
