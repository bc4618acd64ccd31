package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestInspectorScanning(t *testing.T) {
	scope := testAccount + "/" + testRegion
	on, off := inventory.Ptr("ENABLED"), inventory.Ptr("DISABLED")
	status := func(s *inventory.InspectorStatus) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			if s != nil {
				s.Meta = meta("inspector")
			}
			r.Resources.Inspector = s
		}
	}
	withResources := func(s *inventory.InspectorStatus) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			status(s)(a, r)
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-1", "web", "", "subnet-1")}
			r.Resources.ECRRepositories = []*inventory.ECRRepository{{Meta: meta("repo")}}
			r.Resources.LambdaFunctions = []*inventory.LambdaFunction{{Meta: meta("fn")}}
		}
	}
	for _, c := range []*Check{inspectorEC2ScanningEnabled, inspectorECRScanningEnabled, inspectorLambdaScanningEnabled} {
		runCases(t, c, []checkCase{{
			name:     "enabled",
			fill:     withResources(&inventory.InspectorStatus{Status: "ENABLED", EC2: on, ECR: on, Lambda: on}),
			want:     map[string]finding.Status{scope: finding.Pass},
			contains: map[string]string{scope: "is enabled in us-east-1"},
		}, {
			name:     "disabled with resources to scan",
			fill:     withResources(&inventory.InspectorStatus{Status: "DISABLED", EC2: off, ECR: off, Lambda: off}),
			want:     map[string]finding.Status{scope: finding.Fail},
			contains: map[string]string{scope: "1 "},
		}, {
			name:     "disabled, nothing to scan yet",
			fill:     status(&inventory.InspectorStatus{Status: "DISABLED", EC2: off, ECR: off, Lambda: off}),
			want:     map[string]finding.Status{scope: finding.Fail},
			contains: map[string]string{scope: "new ones will not be scanned"},
		}, {
			name: "status not read",
			fill: status(nil),
			want: map[string]finding.Status{scope: finding.Error},
		}, {
			name: "scan type not reported",
			fill: status(&inventory.InspectorStatus{Status: "ENABLED"}),
			want: map[string]finding.Status{scope: finding.Error},
		}})
		fs := runCheck(t, c, testEstate(status(&inventory.InspectorStatus{EC2: off, ECR: off, Lambda: off})))
		if got := netSeverities(fs)[scope]; got != finding.Low {
			t.Errorf("%s: nothing to scan: severity %v, want low", c.ID, got)
		}
	}
}
