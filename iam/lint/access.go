package lint

import (
	"slices"
	"strings"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// grant is an Allow statement that grants an action.
type grant struct {
	stmt *policy.Statement
	pos  policy.Pos // the Action value that matches, or the NotAction element
	// broad: on every resource of the action ("*", NotResource, "user/*").
	broad bool
	// self: only on the caller's own user (${aws:username}).
	self bool
	// conditional: the statement has conditions.
	conditional bool
}

// access is what a policy's statements say about one action.
type access struct {
	grants []grant
	// narrowed: a Deny statement applies to the action with conditions or
	// on some resources only, so the grants hold only some of the time.
	narrowed bool
}

// best returns the strongest grant — unconditional before conditional,
// then on every resource before on some — skipping grants on the caller's
// own user when other is set (creating an access key for oneself is no
// escalation). ok is false when nothing grants the action.
func (a access) best(other bool) (g grant, ok bool) {
	score := -1
	for _, x := range a.grants {
		if other && x.self {
			continue
		}
		s := 0
		if !x.conditional && !a.narrowed {
			s += 2
		}
		if x.broad {
			s++
		}
		if s > score {
			g, score, ok = x, s, true
		}
	}
	return g, ok
}

// conditional reports whether grant g of a holds only some of the time.
func (a access) conditional(g grant) bool { return g.conditional || a.narrowed }

// allows returns what the policy says about a literal action ("iam:PassRole"):
// the Allow statements that grant it, unless an unconditional Deny on every
// resource removes it. Statements that allow every action on every resource
// are left out: iam-full-admin reports them once, rather than every risk
// they contain.
func (l *linter) allows(action string) access {
	key := strings.ToLower(action)
	if a, ok := l.access[key]; ok {
		return a
	}
	var a access
	blocked := false
	info, known := catalog.Action(action)
	actsOn := func(r string) bool {
		if known {
			if types, ok := l.matchResourceTypeOK(info.Service, r); ok {
				return l.typesInclude(info, types)
			}
		}
		// An action the catalogue does not know, or no budget left to
		// look: the resource's service decides.
		return covers(arnService(r), service(action), true)
	}
	for _, s := range l.candidates(service(action)) {
		pos, ok := matchAction(s, action)
		if !ok {
			continue
		}
		rel, broad, self := matchResource(s, actsOn)
		if !rel {
			continue
		}
		switch {
		case s.Effect == policy.Deny && len(s.Condition) == 0 && broad && s.NotResource == nil:
			blocked = true
		case s.Effect == policy.Deny:
			a.narrowed = true
		case isAdmin(s):
		default:
			a.grants = append(a.grants, grant{stmt: s, pos: pos, broad: broad, self: self, conditional: len(s.Condition) > 0})
		}
	}
	if blocked {
		a = access{}
	}
	l.access[key] = a
	return a
}

// matchAction reports whether statement s names a literal action, and where.
func matchAction(s *policy.Statement, action string) (policy.Pos, bool) {
	if s.Action != nil {
		for _, v := range s.Action.Values {
			if covers(v.S, action, true) {
				return v.Pos, true
			}
		}
		return policy.Pos{}, false
	}
	if s.NotAction != nil {
		for _, v := range s.NotAction.Values {
			if covers(v.S, action, true) {
				return policy.Pos{}, false
			}
		}
		return s.NotAction.KeyPos, true
	}
	return policy.Pos{}, false
}

// matchResource reports whether statement s applies to resources the
// action acts on (rel), to all of them (broad), or only to the caller's own
// user (self).
func matchResource(s *policy.Statement, actsOn func(r string) bool) (rel, broad, self bool) {
	if s.Resource == nil {
		// NotResource, or no resource element at all (SCPs, trust
		// policies): everything, or all but a few.
		return true, true, false
	}
	selfAll := true
	for _, v := range s.Resource.Values {
		if v.S == "*" {
			return true, true, false
		}
		if arnService(v.S) == "" || !actsOn(v.S) {
			continue
		}
		rel = true
		broad = broad || broadResource(v.S)
		selfAll = selfAll && selfResource(v.S)
	}
	return rel, broad, rel && selfAll && !broad
}

// isAdmin reports whether s allows every action on every resource.
func isAdmin(s *policy.Statement) bool {
	if s.Effect != policy.Allow || s.Action == nil {
		return false
	}
	if s.Resource != nil && !containsValue(s.Resource, "*") {
		return false
	}
	return containsValue(s.Action, "*") || containsValue(s.Action, "*:*")
}

func containsValue(v *policy.Values, s string) bool {
	if v == nil {
		return false
	}
	for _, x := range v.Values {
		if x.S == s {
			return true
		}
	}
	return false
}

// candidates returns, in document order, the statements that may match an
// action of service svc: those naming an action of svc, or one with a
// wildcard in its service prefix, or a NotAction. The index is built once
// per Lint call, so that each of the few hundred actions the risk and
// escalation checks ask about looks at a handful of statements, not all.
func (l *linter) candidates(svc string) []*policy.Statement {
	if l.bySvc == nil {
		l.bySvc = map[string][]*policy.Statement{}
		for _, s := range l.p.Statements {
			if s.Action == nil {
				l.anySvc = append(l.anySvc, s)
				continue
			}
			var seen []string
			wild := false
			for _, v := range s.Action.Values {
				vs := strings.ToLower(service(v.S))
				if v.S == "*" || hasWildcard(vs) {
					wild = true
					break
				}
				if !slices.Contains(seen, vs) {
					seen = append(seen, vs)
				}
			}
			if wild {
				l.anySvc = append(l.anySvc, s)
				continue
			}
			for _, vs := range seen {
				l.bySvc[vs] = append(l.bySvc[vs], s)
			}
		}
	}
	a, b := l.bySvc[strings.ToLower(svc)], l.anySvc
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]*policy.Statement, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Index < b[0].Index {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
