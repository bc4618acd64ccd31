package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestSecurityHubEnabled(t *testing.T) {
	scope := testAccount + "/" + testRegion
	cis := "arn:aws:securityhub:::standards/cis-aws-foundations-benchmark/v/5.0.0"
	fsbp := "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	hub := func(id string, std []inventory.SecurityHubStandard) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SecurityHubs = []*inventory.SecurityHub{{Meta: meta(id), Standards: std}}
		}
	}
	runCases(t, securityHubEnabled, []checkCase{{
		name:     "enabled with standards",
		fill:     hub("hub", []inventory.SecurityHubStandard{{StandardsARN: cis, Status: "READY"}, {StandardsARN: fsbp, Status: "READY"}}),
		want:     map[string]finding.Status{"hub": finding.Pass},
		contains: map[string]string{"hub": "cis-aws-foundations-benchmark v5.0.0, aws-foundational-security-best-practices v1.0.0"},
	}, {
		name:     "enabled without standards",
		fill:     hub("bare", []inventory.SecurityHubStandard{}),
		want:     map[string]finding.Status{"bare": finding.Fail},
		contains: map[string]string{"bare": "no security standard"},
	}, {
		name:     "standard failed",
		fill:     hub("failed", []inventory.SecurityHubStandard{{StandardsARN: cis, Status: "INCOMPLETE"}}),
		want:     map[string]finding.Status{"failed": finding.Fail},
		contains: map[string]string{"failed": "INCOMPLETE"},
	}, {
		name: "standards not read",
		fill: hub("unk", nil),
		want: map[string]finding.Status{"unk": finding.Error},
	}, {
		name:     "not enabled",
		fill:     func(a *inventory.Account, r *inventory.Region) {},
		want:     map[string]finding.Status{scope: finding.Fail},
		contains: map[string]string{scope: "not enabled"},
	}, {
		name: "gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: hubType, Call: "securityhub:DescribeHub", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{scope: finding.Error},
	}})
}
