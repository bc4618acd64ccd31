package demo_test

import (
	"testing"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
)

// TestEveryCheckFailsAndPasses holds the demo to its promise: a vulnerable
// and a well-configured example for every check, and nothing not assessed.
func TestEveryCheckFailsAndPasses(t *testing.T) {
	fs := checks.Run(demo.Estate(), checks.All())
	got := map[string]map[finding.Status]int{}
	for _, f := range fs {
		if got[f.CheckID] == nil {
			got[f.CheckID] = map[finding.Status]int{}
		}
		got[f.CheckID][f.Status]++
		if f.Status == finding.Error {
			t.Errorf("%s: not assessed on the demo estate: %s %s: %s", f.CheckID, f.Account, f.ResourceID, f.Message)
		}
	}
	for _, c := range checks.All() {
		if got[c.ID][finding.Fail] == 0 {
			t.Errorf("%s: no vulnerable example in the demo estate", c.ID)
		}
		if got[c.ID][finding.Pass] == 0 {
			t.Errorf("%s: no well-configured example in the demo estate", c.ID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := checks.Run(demo.Estate(), checks.All()), checks.Run(demo.Estate(), checks.All())
	if len(a) != len(b) {
		t.Fatalf("two runs gave %d and %d findings", len(a), len(b))
	}
	for i := range a {
		if a[i].CheckID != b[i].CheckID || a[i].ResourceID != b[i].ResourceID || a[i].Status != b[i].Status {
			t.Fatalf("finding %d differs between runs: %+v vs %+v", i, a[i], b[i])
		}
	}
}
