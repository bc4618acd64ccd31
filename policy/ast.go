package policy

import (
	iampolicy "github.com/awssec/awssec/iam/policy"
)

// fromTree converts a document parsed by iam/policy into the lists and
// maps the posture checks read.
func fromTree(p *iampolicy.Policy) *Document {
	d := &Document{Version: p.Version, ID: p.ID}
	for _, st := range p.Statements {
		s := Statement{Sid: st.Sid, Effect: st.Effect.String(),
			Principal: principalsOf(st.Principal), NotPrincipal: principalsOf(st.NotPrincipal),
			Action: st.Action.Strings(), NotAction: st.NotAction.Strings(),
			Resource: st.Resource.Strings(), NotResource: st.NotResource.Strings()}
		for _, c := range st.Condition {
			if s.Condition == nil {
				s.Condition = map[string]map[string][]string{}
			}
			if s.Condition[c.Operator] == nil {
				s.Condition[c.Operator] = map[string][]string{}
			}
			s.Condition[c.Operator][c.Key] = c.Values.Strings()
		}
		d.Statements = append(d.Statements, s)
	}
	return d
}

func principalsOf(p *iampolicy.Principal) Principals {
	switch {
	case p == nil:
		return nil
	case p.Wildcard:
		return Principals{"AWS": {"*"}}
	}
	out := Principals{}
	for _, k := range p.Kinds {
		out[k.Kind] = k.Values.Strings()
	}
	return out
}
