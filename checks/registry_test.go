package checks

import (
	"regexp"
	"strings"
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range All() {
		switch {
		case !idPattern.MatchString(c.ID):
			t.Errorf("%q: id must be lower-case words joined by '-'", c.ID)
		case !strings.HasPrefix(c.ID, c.Service+"-"):
			t.Errorf("%s: id must start with its service %q", c.ID, c.Service)
		case seen[c.ID]:
			t.Errorf("%s: duplicate id", c.ID)
		}
		seen[c.ID] = true
		if c.Title == "" || c.Rationale == "" || c.Verify == "" || c.Run == nil {
			t.Errorf("%s: title, rationale, verify and run are required", c.ID)
		}
		r := c.Remediation
		if r.Summary == "" || r.Console == "" || r.CLI == "" || r.Terraform == "" {
			t.Errorf("%s: remediation needs a summary, console, CLI and Terraform", c.ID)
		}
		if c.Severity < finding.Info || c.Severity > finding.Critical {
			t.Errorf("%s: severity %v", c.ID, c.Severity)
		}
		if !strings.HasPrefix(c.ResourceType, "AWS::") {
			t.Errorf("%s: resource type %q is not an AWS type name", c.ID, c.ResourceType)
		}
		if len(c.Seed) == 0 {
			t.Errorf("%s: names no seed topic", c.ID)
		}
		if ByID(c.ID) != c {
			t.Errorf("%s: ByID does not find it", c.ID)
		}
	}
}

// TestGapsAreNeverPasses gives every check an estate in which everything it
// reads could not be collected: each must report only errors, and some.
func TestGapsAreNeverPasses(t *testing.T) {
	for _, c := range All() {
		e := testEstate(func(a *inventory.Account, r *inventory.Region) {
			for _, typ := range append([]string{c.ResourceType}, c.Needs...) {
				g := inventory.Gap{ResourceType: typ, Call: "svc:Describe", Code: "AccessDenied"}
				a.Gaps = append(a.Gaps, g)
				r.Gaps = append(r.Gaps, g)
			}
		})
		fs := Run(e, []*Check{c}) // not runCheck: table tests must show their own unknown case
		if len(fs) == 0 {
			t.Errorf("%s: no result on an estate it could not read", c.ID)
		}
		for _, f := range fs {
			if f.Status != finding.Error {
				t.Errorf("%s: %s on an estate it could not read: %s", c.ID, f.Status, f.Message)
			}
		}
	}
}

func TestPanickingCheckIsNotAssessed(t *testing.T) {
	boom := &Check{ID: "test-boom", Service: "test", ResourceType: "AWS::Test::Thing", Severity: finding.Low,
		Run: func(*Context) { panic("boom") }}
	fs := Run(testEstate(func(*inventory.Account, *inventory.Region) {}), []*Check{boom})
	if len(fs) != 1 || fs[0].Status != finding.Error || !strings.Contains(fs[0].Message, "boom") {
		t.Fatalf("got %+v, want one error result mentioning the panic", fs)
	}
}

func TestSeedTopicsAreKnown(t *testing.T) {
	known := map[string]bool{}
	for _, tp := range Topics {
		known[tp.ID] = true
	}
	for _, c := range All() {
		for _, s := range c.Seed {
			if !known[s] {
				t.Errorf("%s: unknown seed topic %q", c.ID, s)
			}
		}
	}
}
