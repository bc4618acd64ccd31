package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/policy"
)

// Class is a finding's class, as IAM Access Analyzer's policy validation
// names them.
type Class string

// Classes, most serious first.
const (
	// Error: IAM rejects the policy, or part of it can never match.
	Error Class = "error"
	// SecurityWarning: the policy grants more than it seems to.
	SecurityWarning Class = "security-warning"
	// Warning: the policy works, but not as its author probably meant.
	Warning Class = "warning"
	// Suggestion: the policy can be written more simply.
	Suggestion Class = "suggestion"
)

// Finding is one problem of a policy.
type Finding struct {
	ID       string           `json:"id"` // "iam-allow-notaction"
	Class    Class            `json:"class"`
	Severity finding.Severity `json:"severity"`
	// Message says what is wrong, naming the values concerned.
	Message string `json:"message"`
	// Pos is where: the value, element or statement concerned.
	Pos policy.Pos `json:"pos"`
	// Statement is the 0-based index of the statement concerned; -1 for
	// the document (a missing Version).
	Statement int `json:"statement"`
	// Fix says what to write instead.
	Fix string `json:"fix,omitempty"`
}

// Check is one check of the linter: what it finds, how serious that is
// and why.
type Check struct {
	ID       string
	Class    Class
	Severity finding.Severity // the usual severity; a finding may lower it (a conditional grant)
	Title    string
	// Explanation says why it matters, in a paragraph.
	Explanation string
	// Kinds are the policy types the check applies to; nil means all.
	Kinds []policy.Kind

	run func(l *linter, c *Check)
}

// AppliesTo reports whether the check runs on policies of kind k.
func (c *Check) AppliesTo(k policy.Kind) bool {
	return len(c.Kinds) == 0 || slices.Contains(c.Kinds, k)
}

// Checks lists every check, in the order they run: the hand-written checks,
// the risky-grant checks, then one check per privilege-escalation method.
func Checks() []Check {
	all := allChecks()
	out := make([]Check, len(all))
	for i, c := range all {
		out[i] = *c
	}
	return out
}

var allChecks = sync.OnceValue(func() []*Check {
	var all []*Check
	all = append(all, documentChecks...)
	all = append(all, catalogueChecks...)
	all = append(all, conditionChecks...)
	all = append(all, statementChecks...)
	all = append(all, principalChecks...)
	all = append(all, riskChecks()...)
	all = append(all, escalationChecks()...)
	return all
})

// Lint checks a policy as a policy of the given kind. A zero kind is
// guessed from the policy (GuessKind). Findings are sorted by position,
// then id.
func Lint(p *policy.Policy, kind policy.Kind) []Finding {
	if kind == 0 {
		kind = GuessKind(p)
	}
	l := newLinter(p, kind)
	for _, c := range allChecks() {
		if c.AppliesTo(kind) {
			c.run(l, c)
		}
	}
	slices.SortStableFunc(l.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.ID, b.ID), strings.Compare(a.Message, b.Message))
	})
	return l.findings
}

// GuessKind guesses a policy's type from its statements: a policy that names
// principals is a trust policy when it only grants sts:AssumeRole… actions,
// a resource policy otherwise; a policy without principals is an identity
// policy.
func GuessKind(p *policy.Policy) policy.Kind {
	principals, sts := false, true
	for _, s := range p.Statements {
		if s.Principal != nil || s.NotPrincipal != nil {
			principals = true
		}
		if s.Action == nil {
			sts = false
			continue
		}
		for _, a := range s.Action.Values {
			if !hasPrefixFold(a.S, "sts:AssumeRole") && !strings.EqualFold(a.S, "sts:TagSession") &&
				!strings.EqualFold(a.S, "sts:SetSourceIdentity") {
				sts = false
			}
		}
	}
	switch {
	case principals && sts:
		return policy.TrustPolicy
	case principals:
		return policy.ResourcePolicy
	}
	return policy.IdentityPolicy
}

// linter is the state of one Lint call: the policy, and what several
// checks compute once (catalogue expansions, grants).
type linter struct {
	p        *policy.Policy
	kind     policy.Kind
	findings []Finding

	expanded    map[string][]actionInfo
	unexpanded  map[string]bool // patterns the budget left unexpanded
	expandSpent int
	typesSpent  int
	suggested   int // typo suggestions made
	access      map[string]access
	types       map[string][]string // matchResourceType
	mismatches  *[]mismatch
	keys        []string // statementKey
	// candidates: statements by the service prefixes of their actions,
	// and those that may match any service.
	bySvc  map[string][]*policy.Statement
	anySvc []*policy.Statement
}

func newLinter(p *policy.Policy, kind policy.Kind) *linter {
	return &linter{p: p, kind: kind, expanded: map[string][]actionInfo{}, unexpanded: map[string]bool{}, access: map[string]access{}, types: map[string][]string{}}
}

// add reports a finding of check c with its usual severity. s may be nil
// for a finding about the document.
func (l *linter) add(c *Check, s *policy.Statement, pos policy.Pos, msg, fix string) {
	l.addSev(c, c.Severity, s, pos, msg, fix)
}

func (l *linter) addSev(c *Check, sev finding.Severity, s *policy.Statement, pos policy.Pos, msg, fix string) {
	idx := -1
	if s != nil {
		idx = s.Index
		if !pos.Valid() {
			pos = s.Pos
		}
	}
	if !pos.Valid() {
		pos = l.p.Pos
	}
	l.findings = append(l.findings, Finding{ID: c.ID, Class: c.Class, Severity: sev,
		Message: msg, Pos: pos, Statement: idx, Fix: fix})
}

// lower lowers a severity by one step, not below Info: for a grant that
// conditions narrow.
func lower(s finding.Severity) finding.Severity {
	if s > finding.Info {
		return s - 1
	}
	return s
}

// Kinds the checks name.
var (
	identityKinds  = []policy.Kind{policy.IdentityPolicy}
	principalKinds = []policy.Kind{policy.ResourcePolicy, policy.TrustPolicy}
	resourceKinds  = []policy.Kind{policy.ResourcePolicy}
	trustKinds     = []policy.Kind{policy.TrustPolicy}
	// ownKinds apply to the principal's own requests, where "Resource":
	// "*" means every resource of the account; in a resource policy it
	// means the resource the policy is attached to.
	ownKinds = []policy.Kind{policy.IdentityPolicy, policy.SessionPolicy}
	// resourceElementKinds have a Resource element to check.
	resourceElementKinds = []policy.Kind{policy.IdentityPolicy, policy.ResourcePolicy, policy.SCP,
		policy.RCP, policy.BoundaryPolicy, policy.SessionPolicy}
)

// String formats a finding on one line: "12:7: error iam-unknown-action
// (high): message".
func (f Finding) String() string {
	return fmt.Sprintf("%d:%d: %s %s (%s): %s", f.Pos.Line, f.Pos.Col, f.Class, f.ID, f.Severity, f.Message)
}
