// Package attackpath finds attack paths in a scanned estate: chains of steps
// from an entry point (the internet, another AWS account, a stolen
// credential) through the estate's resources to something of value (customer
// data, an administrator role, a whole account), where every step is made
// possible by failing findings. Path rules read the inventory, to follow the
// links between resources (instance → instance profile → role → bucket,
// API → function → execution role), and the check results, to know which
// links an attacker can actually cross. Like the checks, they never call AWS.
package attackpath

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// Rule is one kind of attack path: metadata plus a function that emits the
// rule's paths from the index.
type Rule struct {
	ID       string // stable, lower-case: "ssrf-imds-role-to-data"
	Title    string // what the path lets an attacker do
	Severity finding.Severity
	// Checks are the checks whose failures the rule reads: with none of
	// them failing, the rule finds no path.
	Checks []string
	find   func(*Index, *Rule) []finding.Path
}

// Rules returns every path rule, in catalogue order.
func Rules() []*Rule {
	return []*Rule{
		ssrfRule(), publicDatabaseRule(), stolenCredentialRule(), rootCredentialRule(),
		lambdaAdminRule(), crossAccountAdminRule(), crossAccountDataRule(),
		publicEBSSnapshotRule(), publicRDSSnapshotRule(), publicBucketRule(),
		openSearchRule(), adminPortRoleRule(),
	}
}

// Find builds the index over e and results and evaluates every rule. The
// paths come most severe first, then in the rules' catalogue order, then
// by id.
func Find(e *inventory.Estate, results []finding.Finding) []finding.Path {
	return NewIndex(e, results).Paths(Rules())
}

// Paths evaluates the rules over the index.
func (x *Index) Paths(rules []*Rule) []finding.Path {
	var out []finding.Path
	order := map[string]int{}
	for i, r := range rules {
		order[r.ID] = i
		out = append(out, r.find(x, r)...)
	}
	slices.SortStableFunc(out, func(a, b finding.Path) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(order[a.Rule], order[b.Rule]), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// newPath finishes a path: its stable id from the rule and its steps'
// resources.
func newPath(r *Rule, sev finding.Severity, title, fix string, steps ...finding.Step) finding.Path {
	h := sha256.New()
	h.Write([]byte(r.ID))
	for _, s := range steps {
		h.Write([]byte{0})
		h.Write([]byte(s.Account + "|" + s.ResourceType + "|" + s.ResourceID))
	}
	return finding.Path{
		ID:       r.ID + "/" + hex.EncodeToString(h.Sum(nil))[:12],
		Rule:     r.ID,
		Title:    title,
		Severity: sev,
		Steps:    steps,
		Fix:      fix,
	}
}

// key names a resource in the findings index.
type key struct{ account, typ, id string }

// Index is what the rules read: the estate, the failing checks of every
// resource, and the links between resources, built once. It caches what
// it evaluates, so one Index serves one goroutine at a time.
type Index struct {
	Estate *inventory.Estate
	fails  map[key][]string
	iam    *principals
	// origins maps CloudFront origin hosts to their distributions, built
	// on first use (frontDoor).
	origins map[string]cdn
}

// NewIndex indexes the failing results by resource. Passing and not
// assessed results enable no step.
func NewIndex(e *inventory.Estate, results []finding.Finding) *Index {
	x := &Index{Estate: e, fails: map[key][]string{}}
	for i := range results {
		f := &results[i]
		if f.Status != finding.Fail {
			continue
		}
		k := key{f.Account, f.ResourceType, f.ResourceID}
		if !slices.Contains(x.fails[k], f.CheckID) {
			x.fails[k] = append(x.fails[k], f.CheckID)
		}
	}
	x.iam = newPrincipals(e)
	return x
}

// failed returns which of the checks failed on the resource, in the order
// asked.
func (x *Index) failed(account, typ, id string, checks ...string) []string {
	got := x.fails[key{account, typ, id}]
	if len(got) == 0 {
		return nil
	}
	var out []string
	for _, c := range checks {
		if slices.Contains(got, c) {
			out = append(out, c)
		}
	}
	return out
}

// step describes a resource of the inventory as a path step.
func step(a *inventory.Account, r *inventory.Region, res inventory.Resource, desc string, findings ...string) finding.Step {
	m := res.Metadata()
	region := finding.Global
	if r != nil {
		region = r.Name
	}
	return finding.Step{Account: a.ID, Region: region, ResourceType: res.Type(), ResourceID: m.ID, ResourceARN: m.ARN,
		Description: desc, Findings: findings}
}

// Entry points, shown as the first step of a path.
const (
	Internet      = "internet"
	AnyAWSAccount = "any AWS account"
)

// entry is a first step that is not a resource of the estate.
func entry(id, desc string, findings ...string) finding.Step {
	return finding.Step{ResourceID: id, Description: desc, Findings: findings}
}

// name is a resource's name for titles: its name, else its id.
func name(res inventory.Resource) string { return res.Metadata().DisplayName() }

// joinChecks merges check id lists, without repeats.
func joinChecks(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, c := range l {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// shortType is the last part of a resource type: "AWS::EC2::Instance" →
// "Instance", for labels.
func shortType(t string) string {
	if i := strings.LastIndex(t, "::"); i >= 0 {
		return t[i+2:]
	}
	return t
}
