package explain

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// Explanation is what a policy means and what follows from it.
type Explanation struct {
	Policy     string      `json:"policy"`
	Statements []Statement `json:"statements"`
	// Consequences are the findings derived from simulated requests, in
	// a fixed order: what it grants, what it takes away, what escapes it,
	// its conditions, its resources.
	Consequences []Consequence `json:"consequences"`
	// Requests is how many requests were simulated to derive them; each
	// is decided twice (alone, and beside allow-all).
	Requests int `json:"requests"`
	// Rewritten counts the requests among them decided against a
	// rewritten policy (Bool for BoolIfExists…), for counterfactuals.
	Rewritten int `json:"rewritten,omitzero"`
	// Catalog names the service catalogue the counts come from.
	Catalog string `json:"catalog"`
	// Error is set when the policy cannot be simulated (a condition value
	// the evaluator cannot read); the statements are still described.
	Error string `json:"error,omitzero"`
}

// Statement is one statement in plain English.
type Statement struct {
	Index     int    `json:"index"` // 0-based, as the evaluator's traces count
	Sid       string `json:"sid,omitzero"`
	Line      int    `json:"line"`
	Effect    string `json:"effect"`
	Actions   Part   `json:"actions"`
	Resources Part   `json:"resources"`
	Principal string `json:"principal"`
	// Conditions, each in words; all must hold.
	Conditions []string `json:"conditions,omitzero"`
	// Summary is the statement in one sentence.
	Summary string `json:"summary"`
}

// Part is the Action/NotAction or Resource/NotResource element in words.
type Part struct {
	Text string `json:"text"`
	// Except is true for NotAction and NotResource.
	Except bool `json:"except,omitzero"`
	// Actions and Services count what the statement covers (for
	// NotAction, what it leaves).
	Actions  int `json:"actions,omitzero"`
	Services int `json:"services,omitzero"`
	// Unknown lists patterns that match no catalogue action.
	Unknown []string `json:"unknown,omitzero"`
	// Items describe each resource ARN.
	Items []string `json:"items,omitzero"`
}

// Consequence is one thing a security engineer would point out, with the
// simulated requests that show it.
type Consequence struct {
	// ID names the kind of finding ("grants-nothing", "exempt-actions"),
	// stable for scripts and tests.
	ID string `json:"id"`
	// Statements are the 0-based statements it is about; empty when it is
	// about the policy as a whole.
	Statements []int      `json:"statements,omitzero"`
	Text       string     `json:"text"`
	Evidence   []Evidence `json:"evidence,omitzero"`
}

// Evidence is one simulated request and its decisions.
type Evidence struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// Context lists the condition keys set ("aws:MultiFactorAuthPresent
	// absent"); empty when the policy reads none.
	Context string `json:"context,omitzero"`
	// Alone is the decision with this policy only; WithAllowAll beside an
	// identity policy that allows everything.
	Alone        string `json:"alone"`
	WithAllowAll string `json:"withAllowAll"`
	// Variant names a rewritten policy the request was decided against
	// ("as Bool"), when the finding is a counterfactual.
	Variant   string `json:"variant,omitzero"`
	Statement string `json:"statement,omitzero"`
}

// Explain describes p statement by statement and derives its
// consequences by simulation.
func Explain(p *policy.Policy) Explanation {
	x := Explanation{Policy: p.Name, Catalog: catalog.Source(), Statements: []Statement{}, Consequences: []Consequence{}}
	for _, st := range p.Statements {
		x.Statements = append(x.Statements, describe(p, st))
	}
	s, err := newSim(p)
	if err != nil {
		x.Error = err.Error()
		return x
	}
	a := analyse(s)
	x.Consequences = a.findings()
	x.Requests = s.n / 2
	x.Rewritten = a.rewritten
	return x
}

func describe(p *policy.Policy, st *policy.Statement) Statement {
	out := Statement{
		Index: st.Index, Sid: st.Sid, Line: st.Pos.Line, Effect: st.Effect.String(),
		Actions: describeActions(st), Resources: describeResources(st), Principal: describePrincipal(st),
	}
	for _, c := range st.Condition {
		out.Conditions = append(out.Conditions, describeCondition(c, p.Version))
	}
	verb := "Allows"
	if st.Effect == policy.Deny {
		verb = "Denies"
	}
	var b strings.Builder
	b.WriteString(verb + " ")
	if out.Actions.Except {
		// "denies 21,901 actions in 455 services — everything except the
		// 190 IAM actions (iam:*) —"
		fmt.Fprintf(&b, "%s in %s — everything except %s —", plural(out.Actions.Actions, "action"),
			plural(out.Actions.Services, "service"), expandActions(st.NotAction).words())
	} else {
		b.WriteString(out.Actions.Text)
	}
	b.WriteString(" on " + out.Resources.Text)
	if st.Principal != nil || st.NotPrincipal != nil {
		b.WriteString(" to " + out.Principal)
	}
	if len(out.Conditions) > 0 {
		b.WriteString(", " + strings.Join(out.Conditions, ", and "))
	}
	b.WriteString(".")
	out.Summary = b.String()
	return out
}
