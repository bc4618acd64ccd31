// Package checks holds the built-in posture checks and the engine that runs
// them. A check is metadata plus a pure function over the inventory: it never
// calls AWS, so the same check runs on a live account, a Config snapshot or
// the demo estate.
package checks

import (
	"fmt"
	"iter"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

// Check is one posture check.
type Check struct {
	// Costly marks a check whose estate-wide analysis takes much longer
	// than the others; Run starts it first.
	Costly   bool
	ID       string           // stable, lower-case, service first: "ec2-imdsv1-allowed"
	Service  string           // "ec2", "iam", "s3", ...
	Title    string           // what good looks like, as a sentence: "EC2 instances require IMDSv2"
	Severity finding.Severity // the default severity of a failure
	// ResourceType is the type the results are about ("AWS::EC2::Instance").
	ResourceType string
	// Needs lists the other resource types the check reads. A gap in any of
	// them, or in ResourceType, makes the check report "error" for that scope.
	Needs []string

	Rationale   string // why it matters: the risk, in a paragraph
	Verify      string // how to verify by hand (console or CLI)
	Remediation Remediation
	// CIS maps a CIS AWS Foundations Benchmark version ("3.0.0", "5.0.0")
	// to the control ids this check implements.
	CIS map[string][]string
	// Seed names the topics of the interview guide the check answers.
	Seed []string

	Run func(*Context)
}

// Remediation says how to fix a failure three ways.
type Remediation struct {
	Summary   string `json:"summary"` // one line, carried on every finding
	Console   string `json:"console"`
	CLI       string `json:"cli"`
	Terraform string `json:"terraform"`
}

// Compliance returns the check's compliance ids keyed by framework name
// ("cis-aws-3.0.0").
func (c *Check) Compliance() map[string][]string {
	if len(c.CIS) == 0 {
		return nil
	}
	m := make(map[string][]string, len(c.CIS))
	for v, ids := range c.CIS {
		m["cis-aws-"+v] = ids
	}
	return m
}

// Loc is what a result is about: a resource, or a whole account or region
// when the result is about a missing setting.
type Loc struct {
	Account string
	Region  string // finding.Global for global resources
	Type    string
	ID      string
	ARN     string
	Name    string
}

// At locates a result on a resource. r is nil for global resources.
func At(a *inventory.Account, r *inventory.Region, res inventory.Resource) Loc {
	m := res.Metadata()
	return Loc{Account: a.ID, Region: regionName(r), Type: res.Type(), ID: m.ID, ARN: m.ARN, Name: m.Name}
}

// AtScope locates a result on an account (r nil) or a region as a whole,
// for results about something that should exist there and may not.
func AtScope(a *inventory.Account, r *inventory.Region, resourceType string) Loc {
	id := a.ID
	if r != nil {
		id = a.ID + "/" + r.Name
	}
	return Loc{Account: a.ID, Region: regionName(r), Type: resourceType, ID: id}
}

func regionName(r *inventory.Region) string {
	if r == nil {
		return finding.Global
	}
	return r.Name
}

// Ev records one value that decided a result. Nil pointers print as
// "unknown"; the source is the resource's API call, or its source kind.
func Ev(res inventory.Resource, field string, value any) finding.Evidence {
	src := ""
	if res != nil {
		m := res.Metadata()
		src = m.Source.Call
		if src == "" {
			src = m.Source.Kind
		}
		if m.Source.File != "" {
			src = m.Source.File + " (" + src + ")"
		}
	}
	return finding.Evidence{Field: field, Value: Show(value), Source: src}
}

// Show renders a value for messages and evidence: pointers are followed,
// nil is "unknown", lists are joined with commas.
func Show(v any) string {
	if v == nil {
		return "unknown"
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "unknown"
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Slice {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = Show(rv.Index(i).Interface())
		}
		if len(parts) == 0 {
			return "none"
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(rv.Interface())
}

// Context is what a check's Run receives: the estate, and the means to
// record results.
type Context struct {
	Estate     *inventory.Estate
	check      *Check
	compliance map[string][]string // shared by all of the check's findings; read-only
	policies   *sync.Map           // policy document text → parsed, shared by one run's checks
	memos      map[string]any      // per-check caches of estate-wide indexes (see memo)
	// findings is the chunk being filled; full holds the chunks before
	// it. Chunks (doubling up to maxChunk) are never copied to grow: on
	// estates of 100,000 resources, growing one slice by copying cost a
	// quarter of the check phase.
	findings []finding.Finding
	full     [][]finding.Finding
}

// maxChunk bounds a chunk of findings.
const maxChunk = 4096

// memo returns the value built for key in this check's run, building it on
// first use: estate-wide indexes (every organization trail, say) that a
// per-account loop would otherwise rebuild for each account.
func memo[T any](c *Context, key string, build func() T) T {
	if v, ok := c.memos[key]; ok {
		return v.(T)
	}
	v := build()
	if c.memos == nil {
		c.memos = map[string]any{}
	}
	c.memos[key] = v
	return v
}

// parsedPolicy is a cached result of policy.Parse.
type parsedPolicy struct {
	doc *policy.Document
	err error
}

// Policy parses a policy document once per run: many checks read the same
// role, bucket and key policies.
func (c *Context) Policy(doc string) (*policy.Document, error) {
	if v, ok := c.policies.Load(doc); ok {
		p := v.(parsedPolicy)
		return p.doc, p.err
	}
	d, err := policy.Parse(doc)
	c.policies.Store(doc, parsedPolicy{d, err})
	return d, err
}

// Pass records that loc meets the check.
func (c *Context) Pass(loc Loc, msg string, ev ...finding.Evidence) {
	c.add(loc, finding.Pass, c.check.Severity, msg, ev)
}

// Fail records that loc does not meet the check, at the check's severity.
func (c *Context) Fail(loc Loc, msg string, ev ...finding.Evidence) {
	c.add(loc, finding.Fail, c.check.Severity, msg, ev)
}

// FailAt records a failure with a severity of its own, for checks whose
// risk depends on what they found (which port, which data).
func (c *Context) FailAt(sev finding.Severity, loc Loc, msg string, ev ...finding.Evidence) {
	c.add(loc, finding.Fail, sev, msg, ev)
}

// Unknown records that loc could not be assessed: a value the check needs
// was not read. It is reported as status "error", never as a pass.
func (c *Context) Unknown(loc Loc, msg string, ev ...finding.Evidence) {
	c.add(loc, finding.Error, c.check.Severity, msg, ev)
}

func (c *Context) add(loc Loc, st finding.Status, sev finding.Severity, msg string, ev []finding.Evidence) {
	if len(c.findings) == cap(c.findings) {
		next := 16
		if n := len(c.findings); n > 0 {
			c.full = append(c.full, c.findings)
			next = min(2*n, maxChunk)
		}
		c.findings = make([]finding.Finding, 0, next)
	}
	c.findings = append(c.findings, finding.Finding{
		CheckID:      c.check.ID,
		Title:        c.check.Title,
		Service:      c.check.Service,
		Severity:     sev,
		Status:       st,
		Account:      loc.Account,
		Region:       loc.Region,
		ResourceType: loc.Type,
		ResourceID:   loc.ID,
		ResourceARN:  loc.ARN,
		ResourceName: loc.Name,
		Message:      msg,
		Evidence:     ev,
		Remediation:  c.check.Remediation.Summary,
		Compliance:   c.compliance,
	})
}

// Regions yields the regions the check can assess. A region (or its
// account) with a gap in a resource type the check reads gets one "error"
// result naming the failed call, and is skipped.
func (c *Context) Regions() iter.Seq2[*inventory.Account, *inventory.Region] {
	return func(yield func(*inventory.Account, *inventory.Region) bool) {
		for _, a := range c.Estate.Accounts {
			if c.reportGap(a, nil, a.Gaps) {
				continue
			}
			for _, r := range a.Regions {
				if c.reportGap(a, r, r.Gaps) {
					continue
				}
				if !yield(a, r) {
					return
				}
			}
		}
	}
}

// Accounts yields the accounts the check can assess as a whole. An account
// with a gap in a resource type the check reads, globally or in any region,
// gets one "error" result and is skipped.
func (c *Context) Accounts() iter.Seq[*inventory.Account] {
	return func(yield func(*inventory.Account) bool) {
		for _, a := range c.Estate.Accounts {
			if c.reportGap(a, nil, a.Gaps) {
				continue
			}
			gapped := false
			for _, r := range a.Regions {
				if c.reportGap(a, r, r.Gaps) {
					gapped = true
				}
			}
			if gapped {
				continue
			}
			if !yield(a) {
				return
			}
		}
	}
}

func (c *Context) reportGap(a *inventory.Account, r *inventory.Region, gaps []inventory.Gap) bool {
	for _, t := range c.types() {
		if g, ok := inventory.GapFor(gaps, t); ok {
			msg := fmt.Sprintf("not assessed: %s failed", g.Call)
			if g.Code != "" {
				msg += " (" + g.Code + ")"
			}
			c.Unknown(AtScope(a, r, t), msg, finding.Evidence{Field: "gap", Value: g.Code + " " + g.Message, Source: g.Call})
			return true
		}
	}
	return false
}

func (c *Context) types() []string {
	return append([]string{c.check.ResourceType}, c.check.Needs...)
}

// Run runs each check over the estate and returns every result, in the
// order of the checks. Checks run in parallel, one per processor; they only
// read the estate. A check that panics yields one "error" result per
// account instead of stopping the scan.
func Run(e *inventory.Estate, cs []*Check) []finding.Finding {
	results := make([][][]finding.Finding, len(cs))
	policies := &sync.Map{}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cs)) {
		wg.Go(func() {
			for i := range next {
				results[i] = runOne(e, cs[i], policies)
			}
		})
	}
	// The longest checks go first, so the others fill the cores around
	// them instead of waiting at the end.
	for _, costly := range []bool{true, false} {
		for i, c := range cs {
			if c.Costly == costly {
				next <- i
			}
		}
	}
	close(next)
	wg.Wait()
	return slices.Concat(slices.Concat(results...)...)
}

// runOne runs one check and returns its findings in chunks.
func runOne(e *inventory.Estate, ch *Check, policies *sync.Map) (results [][]finding.Finding) {
	c := &Context{Estate: e, check: ch, compliance: ch.Compliance(), policies: policies}
	defer func() {
		if p := recover(); p != nil {
			c.findings, c.full = nil, nil
			for _, a := range e.Accounts {
				c.Unknown(AtScope(a, nil, ch.ResourceType),
					fmt.Sprintf("not assessed: check %s failed: %v", ch.ID, p),
					finding.Evidence{Field: "stack", Value: firstFrames(debug.Stack())})
			}
			results = append(c.full, c.findings)
		}
	}()
	ch.Run(c)
	return append(c.full, c.findings)
}

func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	return strings.Join(lines[:min(len(lines), 12)], "\n")
}

// Services returns the sorted, distinct services of the checks.
func Services(cs []*Check) []string {
	var out []string
	for _, c := range cs {
		if !slices.Contains(out, c.Service) {
			out = append(out, c.Service)
		}
	}
	slices.Sort(out)
	return out
}
