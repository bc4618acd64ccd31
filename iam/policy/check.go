package policy

import (
	"fmt"
	"strings"
)

// Kind is the type of a policy: all share one grammar, but which
// elements a statement must or must not have depends on the type.
type Kind int

// Policy types.
const (
	IdentityPolicy Kind = iota + 1 // attached to a user, group or role
	ResourcePolicy                 // attached to a resource: bucket, key, queue policies
	TrustPolicy                    // a role's trust policy (AssumeRolePolicyDocument)
	SCP                            // an Organizations service control policy
	RCP                            // an Organizations resource control policy
	BoundaryPolicy                 // a permissions boundary
	SessionPolicy                  // passed when assuming a role or federating
)

var kindNames = [...]string{
	IdentityPolicy: "identity",
	ResourcePolicy: "resource",
	TrustPolicy:    "trust",
	SCP:            "scp",
	RCP:            "rcp",
	BoundaryPolicy: "boundary",
	SessionPolicy:  "session",
}

// String returns the kind's name as the command line spells it
// ("identity", "scp").
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Kinds returns every policy type.
func Kinds() []Kind {
	return []Kind{IdentityPolicy, ResourcePolicy, TrustPolicy, SCP, RCP, BoundaryPolicy, SessionPolicy}
}

// ParseKind reads a kind's name, as String writes it, in any case.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if name != "" && strings.EqualFold(s, name) {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown policy type %q (want one of %s)", s, strings.Join(kindNames[1:], ", "))
}

func (k Kind) article() string {
	switch k {
	case IdentityPolicy, SCP, RCP:
		return "an " + k.long()
	}
	return "a " + k.long()
}

func (k Kind) long() string {
	switch k {
	case SCP:
		return "SCP"
	case RCP:
		return "RCP"
	case BoundaryPolicy:
		return "permissions boundary"
	}
	return k.String() + " policy"
}

// Check reports what the policy type does not allow: each element a
// statement lacks or should not have, in document order, as *ParseError
// values whose cause is ErrMissing or ErrNotAllowed. It also reports
// problems every type shares that Parse leaves to it: a policy without
// statements and NotPrincipal with Allow, which IAM refuses. It returns
// nil when there is nothing to report.
func (p *Policy) Check(kind Kind) []error {
	c := checker{p: p, kind: kind}
	if len(p.Statements) == 0 {
		c.add(p.Pos, ErrMissing, `"Statement" holds no statement`)
	}
	for _, s := range p.Statements {
		c.statement(s)
	}
	return c.errs
}

type checker struct {
	p    *Policy
	kind Kind
	errs []error
}

func (c *checker) add(pos Pos, cause error, format string, args ...any) {
	c.errs = append(c.errs, &ParseError{File: c.p.Name, Line: pos.Line, Column: pos.Col,
		Err: because(cause, format, args...)})
}

func (c *checker) statement(s *Statement) {
	k := c.kind
	if s.NotPrincipal != nil && s.Effect == Allow {
		c.add(s.NotPrincipal.KeyPos, ErrNotAllowed, `"NotPrincipal" works only with "Effect": "Deny"`)
	}
	switch k {
	case IdentityPolicy, BoundaryPolicy, SessionPolicy, SCP:
		// These apply to the principal they are attached to or passed
		// for; naming one is an error.
		why := "it applies to the principal it is attached to"
		switch k {
		case SessionPolicy:
			why = "it applies to the session it is passed for"
		case SCP:
			why = "it applies to the principals of the accounts it is attached to"
		}
		c.forbid(s.Principal, "Principal", why)
		c.forbid(s.NotPrincipal, "NotPrincipal", why)
		if k != SCP {
			c.needResource(s)
		}
	case ResourcePolicy:
		if s.Principal == nil && s.NotPrincipal == nil {
			c.add(s.Pos, ErrMissing, `statement has neither "Principal" nor "NotPrincipal": %s names who it applies to`, k.article())
		}
	case TrustPolicy:
		if s.Principal == nil {
			c.add(s.Pos, ErrMissing, `statement has no "Principal": %s names who may assume the role`, k.article())
		}
		c.forbid(s.NotPrincipal, "NotPrincipal", "name the principals in \"Principal\"")
		// The resource of a trust policy is the role itself.
		if s.Resource != nil {
			c.add(s.Resource.KeyPos, ErrNotAllowed, `%s takes no "Resource": the resource is the role`, k.article())
		}
		if s.NotResource != nil {
			c.add(s.NotResource.KeyPos, ErrNotAllowed, `%s takes no "NotResource": the resource is the role`, k.article())
		}
	case RCP:
		switch pr := s.Principal; {
		case pr == nil:
			c.add(s.Pos, ErrMissing, `statement has no "Principal": %s takes "Principal": "*"`, k.article())
		case !pr.Wildcard:
			c.add(pr.Pos, ErrNotAllowed, `%s takes only "Principal": "*"; narrow it with conditions`, k.article())
		}
		c.forbid(s.NotPrincipal, "NotPrincipal", `use "Principal": "*" with conditions`)
		c.needResource(s)
	}
}

func (c *checker) forbid(pr *Principal, name, why string) {
	if pr != nil {
		c.add(pr.KeyPos, ErrNotAllowed, `%s takes no %q: %s`, c.kind.article(), name, why)
	}
}

func (c *checker) needResource(s *Statement) {
	if s.Resource == nil && s.NotResource == nil {
		c.add(s.Pos, ErrMissing, `statement has neither "Resource" nor "NotResource"`)
	}
}
