package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// allFeatures is every GuardDuty feature, enabled, except those named.
func allFeatures(off ...string) []inventory.GuardDutyFeature {
	var fs []inventory.GuardDutyFeature
	for _, n := range []string{"CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION",
		"RDS_LOGIN_EVENTS", "RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS"} {
		st := "ENABLED"
		for _, o := range off {
			if o == n {
				st = "DISABLED"
			}
		}
		fs = append(fs, inventory.GuardDutyFeature{Name: n, Status: st})
	}
	return fs
}

func detector(id string, edit func(d *inventory.GuardDutyDetector)) *inventory.GuardDutyDetector {
	d := &inventory.GuardDutyDetector{Meta: meta(id), Status: "ENABLED", FindingPublishingFrequency: "FIFTEEN_MINUTES",
		Features: allFeatures(), Filters: []inventory.GuardDutyFilter{}}
	if edit != nil {
		edit(d)
	}
	return d
}

func detectorsIn(ds ...*inventory.GuardDutyDetector) func(a *inventory.Account, r *inventory.Region) {
	return func(a *inventory.Account, r *inventory.Region) { r.Resources.GuardDutyDetectors = ds }
}

func TestGuardDutyEnabled(t *testing.T) {
	scope := testAccount + "/" + testRegion
	runCases(t, guarddutyEnabled, []checkCase{{
		name: "enabled",
		fill: detectorsIn(detector("d-on", nil)),
		want: map[string]finding.Status{"d-on": finding.Pass},
	}, {
		name:     "suspended",
		fill:     detectorsIn(detector("d-off", func(d *inventory.GuardDutyDetector) { d.Status = "DISABLED" })),
		want:     map[string]finding.Status{"d-off": finding.Fail},
		contains: map[string]string{"d-off": "suspended"},
	}, {
		name:     "no detector",
		fill:     func(a *inventory.Account, r *inventory.Region) {},
		want:     map[string]finding.Status{scope: finding.Fail},
		contains: map[string]string{scope: "not enabled in us-east-1"},
	}, {
		name: "status not read",
		fill: detectorsIn(detector("d-unk", func(d *inventory.GuardDutyDetector) { d.Status = "" })),
		want: map[string]finding.Status{"d-unk": finding.Error},
	}, {
		name: "gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: detectorType, Call: "guardduty:ListDetectors", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{scope: finding.Error},
	}})
}

func TestGuardDutyProtectionPlans(t *testing.T) {
	runCases(t, guarddutyProtectionPlans, []checkCase{{
		name: "all on, some off, S3 off, unknown, suspended skipped",
		fill: detectorsIn(
			detector("all", nil),
			detector("some", func(d *inventory.GuardDutyDetector) {
				d.Features = allFeatures("EKS_AUDIT_LOGS", "LAMBDA_NETWORK_LOGS")
			}),
			detector("s3", func(d *inventory.GuardDutyDetector) { d.Features = allFeatures("S3_DATA_EVENTS") }),
			detector("unk", func(d *inventory.GuardDutyDetector) { d.Features = nil }),
			detector("off", func(d *inventory.GuardDutyDetector) { d.Status = "DISABLED" }),
		),
		want: map[string]finding.Status{"all": finding.Pass, "some": finding.Fail, "s3": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"some": "disabled: EKS Protection (audit logs), Lambda Protection (network logs)",
			"s3": "S3 Protection"},
	}, {
		name: "legacy EKS runtime monitoring counts; plans not offered are not failures",
		fill: detectorsIn(detector("old", func(d *inventory.GuardDutyDetector) {
			d.Features = []inventory.GuardDutyFeature{{Name: "S3_DATA_EVENTS", Status: "ENABLED"}, {Name: "EKS_AUDIT_LOGS", Status: "ENABLED"},
				{Name: "EBS_MALWARE_PROTECTION", Status: "ENABLED"}, {Name: "RDS_LOGIN_EVENTS", Status: "ENABLED"},
				{Name: "RUNTIME_MONITORING", Status: "DISABLED"}, {Name: "EKS_RUNTIME_MONITORING", Status: "ENABLED"}}
		})),
		want:     map[string]finding.Status{"old": finding.Pass},
		contains: map[string]string{"old": "Lambda Protection (network logs) not offered"},
	}})
	// Severity rises when S3 Protection is off.
	fs := runCheck(t, guarddutyProtectionPlans, testEstate(detectorsIn(detector("s3", func(d *inventory.GuardDutyDetector) {
		d.Features = allFeatures("S3_DATA_EVENTS")
	}))))
	if len(fs) != 1 || fs[0].Severity != finding.High {
		t.Errorf("S3 Protection off: %+v, want one high finding", fs)
	}
}

func TestGuardDutyPublishingFrequency(t *testing.T) {
	runCases(t, guarddutyPublishingFrequency, []checkCase{{
		name: "15 minutes, six hours, unknown",
		fill: detectorsIn(
			detector("fast", nil),
			detector("slow", func(d *inventory.GuardDutyDetector) { d.FindingPublishingFrequency = "SIX_HOURS" }),
			detector("unk", func(d *inventory.GuardDutyDetector) { d.FindingPublishingFrequency = "" }),
		),
		want:     map[string]finding.Status{"fast": finding.Pass, "slow": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"slow": "every six hours"},
	}})
}

func TestGuardDutySuppressionRuleScope(t *testing.T) {
	i64 := func(v int64) *int64 { return &v }
	narrow := inventory.GuardDutyFilter{Name: "scanner", Action: "ARCHIVE", Criteria: []inventory.GuardDutyCriterion{
		{Field: "type", Equals: []string{"Recon:EC2/Portscan"}},
		{Field: "resource.instanceDetails.instanceId", Equals: []string{"i-0scanner"}}}}
	runCases(t, guarddutySuppressionRuleScope, []checkCase{{
		name: "narrow rule passes, NOOP filters ignored, no filters no result",
		fill: detectorsIn(
			detector("narrow", func(d *inventory.GuardDutyDetector) {
				d.Filters = []inventory.GuardDutyFilter{narrow, {Name: "saved-view", Action: "NOOP"}}
			}),
			detector("none", nil),
		),
		want:     map[string]finding.Status{"narrow": finding.Pass},
		contains: map[string]string{"narrow": "scanner"},
	}, {
		name: "severity-only, type-only and wildcard rules fail",
		fill: detectorsIn(
			detector("sev", func(d *inventory.GuardDutyDetector) {
				d.Filters = []inventory.GuardDutyFilter{narrow, {Name: "archive-low", Action: "ARCHIVE",
					Criteria: []inventory.GuardDutyCriterion{{Field: "severity", LessThan: i64(7)}}}}
			}),
			detector("type", func(d *inventory.GuardDutyDetector) {
				d.Filters = []inventory.GuardDutyFilter{{Name: "no-portscans", Action: "ARCHIVE",
					Criteria: []inventory.GuardDutyCriterion{{Field: "type", Equals: []string{"Recon:EC2/Portscan"}}}}}
			}),
			detector("wild", func(d *inventory.GuardDutyDetector) {
				d.Filters = []inventory.GuardDutyFilter{{Name: "any-recon", Action: "ARCHIVE",
					Criteria: []inventory.GuardDutyCriterion{{Field: "type", Equals: []string{"Recon:*"}},
						{Field: "resource.instanceDetails.instanceId", Equals: []string{"i-1"}}}}}
			}),
		),
		want: map[string]finding.Status{"sev": finding.Fail, "type": finding.Fail, "wild": finding.Fail},
		contains: map[string]string{"sev": "archive-low archives every finding with severity < 7, of any type",
			"type": "whatever the resource or source", "wild": "any-recon archives findings of any type"},
	}, {
		name: "filters not read",
		fill: detectorsIn(detector("unk", func(d *inventory.GuardDutyDetector) { d.Filters = nil })),
		want: map[string]finding.Status{"unk": finding.Error},
	}})
}
