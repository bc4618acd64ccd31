package difftest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

// Case is one request and the policies that bear on it, in a form both
// engines read.
type Case struct {
	// ID is "template-NNNN", stable for a given corpus seed.
	ID string
	// Template names the generator; Features tag what the case exercises
	// ("op:StringLike", "if-exists", "set:ForAllValues", "notaction",
	// "variable", "cross-account", "boundary"…). Divergences are
	// classified on them.
	Template string
	Features []string

	Identity []Doc
	Resource *Doc
	// SCPs and RCPs by organization level, root first. AWS attaches
	// RCPFullAWSAccess at every level and iam-simulate adds it by itself;
	// Policies adds it for iam/eval.
	SCPs     [][]Doc
	RCPs     [][]Doc
	Boundary *Doc
	Session  *Doc

	// Principal is the caller's ARN, a service principal, or "" for an
	// anonymous caller.
	Principal       string
	Action          string
	ResourceARN     string
	ResourceAccount string
	// Context is the request's whole context, the keys AWS derives from
	// the caller (aws:PrincipalArn…) included: iam-simulate does not derive
	// them, so both engines are given them.
	Context map[string][]string
}

// Has reports whether c has the feature f.
func (c *Case) Has(f string) bool { return slices.Contains(c.Features, f) }

// HasPrefix reports whether c has a feature starting with p.
func (c *Case) HasPrefix(p string) bool {
	return slices.ContainsFunc(c.Features, func(f string) bool { return strings.HasPrefix(f, p) })
}

// Doc is a policy document as the generator writes it.
type Doc struct {
	Version   string `json:",omitzero"`
	Statement []Stmt
}

// Stmt is one statement. The string-or-list elements hold a string or a
// []string; Principal may also be a map.
type Stmt struct {
	Sid          string                    `json:",omitzero"`
	Effect       string                    `json:""`
	Principal    any                       `json:",omitzero"`
	NotPrincipal any                       `json:",omitzero"`
	Action       any                       `json:",omitzero"`
	NotAction    any                       `json:",omitzero"`
	Resource     any                       `json:",omitzero"`
	NotResource  any                       `json:",omitzero"`
	Condition    map[string]map[string]any `json:",omitzero"`
}

// JSON is the document's text.
func (d *Doc) JSON() []byte {
	b, err := json.Marshal(d, json.Deterministic(true))
	if err != nil {
		panic(err) // only strings, slices and maps of them
	}
	return b
}

// rcpFullAWSAccess is the RCP AWS attaches to every root, OU and account.
var rcpFullAWSAccess = Doc{Version: policy.Version2012, Statement: []Stmt{{
	Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
}}}

// Policies parses c's documents with iam/policy, as awssec reads them.
func (c *Case) Policies() (*eval.Policies, error) {
	parse := func(name string, d *Doc) (*policy.Policy, error) {
		p, err := policy.Parse(name, d.JSON())
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		return p, nil
	}
	var ps eval.Policies
	var err error
	for i := range c.Identity {
		p, err := parse(fmt.Sprintf("identity-%d.json", i+1), &c.Identity[i])
		if err != nil {
			return nil, err
		}
		ps.Identity = append(ps.Identity, p)
	}
	if c.Resource != nil {
		if ps.Resource, err = parse("resource.json", c.Resource); err != nil {
			return nil, err
		}
	}
	if c.Boundary != nil {
		if ps.Boundary, err = parse("boundary.json", c.Boundary); err != nil {
			return nil, err
		}
	}
	if c.Session != nil {
		p, err := parse("session.json", c.Session)
		if err != nil {
			return nil, err
		}
		ps.Session = []*policy.Policy{p}
	}
	levels := func(kind string, in [][]Doc, extra *Doc) ([][]*policy.Policy, error) {
		var out [][]*policy.Policy
		for l, docs := range in {
			var lv []*policy.Policy
			for i := range docs {
				p, err := parse(fmt.Sprintf("%s-%d-%d.json", kind, l+1, i+1), &docs[i])
				if err != nil {
					return nil, err
				}
				lv = append(lv, p)
			}
			if extra != nil {
				p, err := parse(fmt.Sprintf("%s-%d-full.json", kind, l+1), extra)
				if err != nil {
					return nil, err
				}
				lv = append(lv, p)
			}
			out = append(out, lv)
		}
		return out, nil
	}
	if ps.SCPs, err = levels("scp", c.SCPs, nil); err != nil {
		return nil, err
	}
	if ps.RCPs, err = levels("rcp", c.RCPs, &rcpFullAWSAccess); err != nil {
		return nil, err
	}
	return &ps, nil
}

// Request is c's request for iam/eval.
func (c *Case) Request() *eval.Request {
	return &eval.Request{
		Principal:       c.Principal,
		Action:          c.Action,
		Resource:        c.ResourceARN,
		ResourceAccount: c.ResourceAccount,
		Context:         c.Context,
	}
}

// Prepared is a case compiled for iam/eval.
type Prepared struct {
	Case      *Case
	Evaluator *eval.Evaluator
	Request   *eval.Request
}

// Prepare parses and compiles every case.
func Prepare(cases []Case) ([]Prepared, error) {
	out := make([]Prepared, len(cases))
	for i := range cases {
		c := &cases[i]
		ps, err := c.Policies()
		if err != nil {
			return nil, err
		}
		e, err := eval.New(ps)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		out[i] = Prepared{Case: c, Evaluator: e, Request: c.Request()}
	}
	return out, nil
}

// arrayKeys are the multivalued global keys: iam-simulate wants their
// values as a list even when there is one.
var arrayKeys = map[string]bool{
	"aws:tagkeys": true, "aws:calledvia": true, "aws:principalorgpaths": true,
	"aws:resourceorgpaths": true, "aws:principalservicenameslist": true,
}

// simulation is iam-simulate's Simulation, as its README and type
// declarations describe it.
type simulation struct {
	Request                    simRequest    `json:"request"`
	SessionPolicy              *Doc          `json:"sessionPolicy,omitzero"`
	IdentityPolicies           []namedPolicy `json:"identityPolicies"`
	ServiceControlPolicies     []orgPolicies `json:"serviceControlPolicies"`
	ResourceControlPolicies    []orgPolicies `json:"resourceControlPolicies"`
	ResourcePolicy             *Doc          `json:"resourcePolicy,omitzero"`
	PermissionBoundaryPolicies []namedPolicy `json:"permissionBoundaryPolicies,omitzero"`
}

type simRequest struct {
	Principal        any            `json:"principal"`
	Action           string         `json:"action"`
	Resource         simResource    `json:"resource"`
	ContextVariables map[string]any `json:"contextVariables"`
}

type simResource struct {
	Resource  string `json:"resource"`
	AccountID string `json:"accountId"`
}

type namedPolicy struct {
	Name   string `json:"name"`
	Policy *Doc   `json:"policy"`
}

type orgPolicies struct {
	OrgIdentifier string        `json:"orgIdentifier"`
	Policies      []namedPolicy `json:"policies"`
}

// simulation maps c onto iam-simulate's request format.
func (c *Case) simulation() *simulation {
	s := &simulation{
		IdentityPolicies:        []namedPolicy{},
		ServiceControlPolicies:  []orgPolicies{},
		ResourceControlPolicies: []orgPolicies{},
		ResourcePolicy:          c.Resource,
		SessionPolicy:           c.Session,
	}
	for i := range c.Identity {
		s.IdentityPolicies = append(s.IdentityPolicies, namedPolicy{fmt.Sprintf("identity-%d", i+1), &c.Identity[i]})
	}
	if c.Boundary != nil {
		s.PermissionBoundaryPolicies = []namedPolicy{{"boundary", c.Boundary}}
	}
	levels := func(kind string, in [][]Doc) []orgPolicies {
		out := []orgPolicies{}
		for l, docs := range in {
			o := orgPolicies{OrgIdentifier: levelID(kind, l), Policies: []namedPolicy{}}
			for i := range docs {
				o.Policies = append(o.Policies, namedPolicy{fmt.Sprintf("%s-%d-%d", kind, l+1, i+1), &docs[i]})
			}
			out = append(out, o)
		}
		return out
	}
	s.ServiceControlPolicies = levels("scp", c.SCPs)
	s.ResourceControlPolicies = levels("rcp", c.RCPs)

	var principal any = c.Principal
	if c.Principal == "" {
		principal = map[string]string{"type": "Anonymous"}
	}
	ctx := map[string]any{}
	for k, v := range c.Context {
		if len(v) == 1 && !arrayKeys[strings.ToLower(k)] {
			ctx[k] = v[0]
		} else {
			ctx[k] = v
		}
	}
	account := c.ResourceAccount
	if account == "" {
		account = AccountA
	}
	s.Request = simRequest{
		Principal: principal, Action: c.Action,
		Resource:         simResource{Resource: c.ResourceARN, AccountID: account},
		ContextVariables: ctx,
	}
	return s
}

// levelID names an organization level for iam-simulate, which only
// tells levels apart by it.
func levelID(kind string, l int) string { return fmt.Sprintf("%s-level-%d", kind, l+1) }
