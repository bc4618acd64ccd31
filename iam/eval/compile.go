package eval

import (
	"errors"
	"fmt"
	"strings"

	"github.com/awssec/awssec/iam/policy"
)

// CompileError is a policy value the evaluator cannot use (a number that
// is not one, an unknown operator), at its position: "policy.json:12:7: …".
type CompileError struct {
	Policy string
	Pos    policy.Pos
	Err    error
}

func (e *CompileError) Error() string {
	switch {
	case e.Pos.Valid() && e.Policy != "":
		return fmt.Sprintf("%s:%d:%d: %v", e.Policy, e.Pos.Line, e.Pos.Col, e.Err)
	case e.Pos.Valid():
		return fmt.Sprintf("%d:%d: %v", e.Pos.Line, e.Pos.Col, e.Err)
	case e.Policy != "":
		return fmt.Sprintf("%s: %v", e.Policy, e.Err)
	}
	return e.Err.Error()
}

func (e *CompileError) Unwrap() error { return e.Err }

func posErr(pos policy.Pos, err error) error { return &CompileError{Pos: pos, Err: err} }

// Compiled is a policy ready to evaluate: patterns split into tokens,
// numbers, dates, CIDRs and base64 decoded once, so that evaluating it
// does not allocate.
type Compiled struct {
	// Policy is the source.
	Policy *policy.Policy
	// Name labels the policy in traces: Policy.Name, or the label the
	// Evaluator gives an unnamed policy.
	Name  string
	stmts []cstmt
}

// cstmt is one compiled statement.
type cstmt struct {
	src    *policy.Statement
	effect policy.Effect

	actions   []pattern
	notAction bool

	resources   []pattern
	notResource bool
	anyResource bool // no Resource nor NotResource (trust policies)

	principal    *principals
	notPrincipal bool

	conds []cond
}

// MayAllow reports whether some Allow statement of c names action,
// whatever its resources and conditions: a cheap necessary condition for
// c to allow action, to skip requests that cannot be allowed.
func (c *Compiled) MayAllow(action string) bool {
	for i := range c.stmts {
		if c.stmts[i].effect == policy.Allow && c.stmts[i].actionMatches(action) {
			return true
		}
	}
	return false
}

// Compile prepares p for evaluation. Policy variables are read only when
// p.Version is 2012-10-17; otherwise ${…} is literal text, as IAM does
// for 2008-10-17 and for a missing Version.
func Compile(p *policy.Policy) (*Compiled, error) {
	c := &Compiled{Policy: p, Name: p.Name}
	vars := p.Version == "2012-10-17"
	for _, s := range p.Statements {
		cs := cstmt{src: s, effect: s.Effect}
		acts := s.Action
		if s.NotAction != nil {
			acts, cs.notAction = s.NotAction, true
		}
		if acts != nil {
			for _, v := range acts.Values {
				// Actions carry no variables; they compare case-insensitively.
				cs.actions = append(cs.actions, compilePattern(v.S, patGlob, false))
			}
		}
		res := s.Resource
		if s.NotResource != nil {
			res, cs.notResource = s.NotResource, true
		}
		if res == nil {
			cs.anyResource = true
		} else {
			for _, v := range res.Values {
				cs.resources = append(cs.resources, compilePattern(v.S, patARN, vars))
			}
		}
		pr := s.Principal
		if s.NotPrincipal != nil {
			pr, cs.notPrincipal = s.NotPrincipal, true
		}
		if pr != nil {
			cs.principal = compilePrincipals(pr)
		}
		for _, k := range s.Condition {
			ck, err := compileCond(k, vars)
			if err != nil {
				var ce *CompileError
				if errors.As(err, &ce) {
					ce.Policy = p.Name
				}
				return nil, err
			}
			cs.conds = append(cs.conds, ck)
		}
		c.stmts = append(c.stmts, cs)
	}
	return c, nil
}

// MustCompile is Compile for policies known to be good (tests, examples);
// it panics on error.
func MustCompile(p *policy.Policy) *Compiled {
	c, err := Compile(p)
	if err != nil {
		panic(err)
	}
	return c
}

// principals is a compiled Principal or NotPrincipal element.
type principals struct {
	wildcard  bool     // "*" or {"AWS": "*"}
	accounts  []string // account ids, from "123456789012" or its root ARN
	arns      []string // user, session, federated-user ARNs and unique ids, exact
	roles     []roleRef
	services  []string
	federated []string
	canonical []string
}

// roleRef is a role ARN in a Principal: it names the role, and (in a
// Principal, not a NotPrincipal) every session of it, whose ARNs carry the
// role's name but not its path.
type roleRef struct {
	arn, partition, account, name string
}

func compilePrincipals(p *policy.Principal) *principals {
	ps := &principals{wildcard: p.Wildcard}
	for _, k := range p.Kinds {
		for _, v := range k.Values.Strings() {
			switch strings.ToLower(k.Kind) {
			case "aws":
				ps.addAWS(v)
			case "service":
				ps.services = append(ps.services, v)
			case "federated":
				ps.federated = append(ps.federated, v)
			case "canonicaluser":
				ps.canonical = append(ps.canonical, v)
			}
		}
	}
	return ps
}

func (ps *principals) addAWS(v string) {
	if v == "*" {
		ps.wildcard = true
		return
	}
	if isAccountID(v) {
		ps.accounts = append(ps.accounts, v)
		return
	}
	a, ok := splitARN(v)
	switch {
	case ok && a.service == "iam" && a.resource == "root":
		ps.accounts = append(ps.accounts, a.account)
	case ok && a.service == "iam" && strings.HasPrefix(a.resource, "role/"):
		ps.roles = append(ps.roles, roleRef{arn: v, partition: a.partition, account: a.account, name: lastSegment(a.resource)})
	default:
		ps.arns = append(ps.arns, v)
	}
}

// principalMatch is how a Principal element names the caller, weakest
// first.
type principalMatch uint8

const (
	pmNone principalMatch = iota
	// pmAccount: the caller's account is named; the account's IAM
	// policies must also allow (the account delegates).
	pmAccount
	// pmRole: the role a session belongs to (or the role itself) is named.
	// Within an account such a grant is still limited by a permissions
	// boundary or session policy.
	pmRole
	// pmExact: the caller's own ARN (user, session, federated user), its
	// service or provider, or "*".
	pmExact
)

func (ps *principals) match(c *caller) principalMatch {
	if ps.wildcard {
		return pmExact
	}
	best := pmNone
	switch c.kind {
	case callerService, callerProvider, callerOther:
		for _, s := range ps.services {
			if strings.EqualFold(s, c.arn) {
				return pmExact
			}
		}
		for _, s := range ps.federated {
			if s == c.arn {
				return pmExact
			}
		}
		for _, s := range ps.canonical {
			if s == c.arn {
				return pmExact
			}
		}
	}
	for _, s := range ps.arns {
		if s == c.arn {
			return pmExact
		}
	}
	if c.kind == callerSession || c.kind == callerRole {
		for i := range ps.roles {
			r := &ps.roles[i]
			if r.account == c.account && r.partition == c.partition &&
				(c.kind == callerRole && r.arn == c.arn || c.kind == callerSession && r.name == c.roleName) {
				best = pmRole
			}
		}
	}
	if best == pmNone && c.account != "" && c.kind != callerService {
		for _, a := range ps.accounts {
			if a == c.account {
				best = pmAccount
			}
		}
	}
	return best
}

// excludes reports whether a NotPrincipal element leaves the caller out.
// The IAM User Guide's NotPrincipal examples list, for an assumed-role
// session, the session ARN, the role ARN and the account; for a user, the
// user and the account: a caller is left out only when every identity it
// carries (account, role, session or user) is listed.
func (ps *principals) excludes(c *caller) bool {
	if ps.wildcard {
		return true
	}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	account := has(ps.accounts, c.account)
	switch c.kind {
	case callerRoot:
		return account
	case callerUser, callerFederatedUser:
		return account && has(ps.arns, c.arn)
	case callerRole:
		return account && ps.hasRole(c, true)
	case callerSession:
		return account && has(ps.arns, c.arn) && ps.hasRole(c, false)
	case callerAnonymous:
		return false
	}
	for _, s := range ps.services {
		if strings.EqualFold(s, c.arn) {
			return true
		}
	}
	return has(ps.federated, c.arn) || has(ps.canonical, c.arn) || has(ps.arns, c.arn)
}

func (ps *principals) hasRole(c *caller, exact bool) bool {
	for _, r := range ps.roles {
		if r.account != c.account || r.partition != c.partition {
			continue
		}
		if exact && r.arn == c.arn || !exact && r.name == c.roleName {
			return true
		}
	}
	return false
}
