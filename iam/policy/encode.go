package policy

import "github.com/go-json-experiment/json/jsontext"

// JSON returns the policy in a canonical form: elements in a fixed order
// (Version, Id, Statement; Sid, Effect, Principal, NotPrincipal, Action,
// NotAction, Resource, NotResource, Condition), Statement always a list,
// absent and empty elements left out, two-space indentation. Parsing the
// result of a tree Parse returned gives the same tree, positions aside, with two exceptions that
// keep the form simple: condition values that were numbers or booleans
// come back as strings (IAM compares them as text anyway), and conditions
// are grouped by operator in the order each operator first appears.
func (p *Policy) JSON() []byte {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	n := 0
	if p.Version != "" {
		b = member(b, &n, "Version")
		b = appendString(b, p.Version)
	}
	if p.ID != "" {
		b = member(b, &n, "Id")
		b = appendString(b, p.ID)
	}
	b = member(b, &n, "Statement")
	b = append(b, '[')
	for i, s := range p.Statements {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendJSON(b)
	}
	b = append(b, ']', '}')
	v := jsontext.Value(b)
	if err := v.Indent(jsontext.WithIndent("  ")); err != nil {
		// The bytes above are valid JSON by construction.
		panic("policy: canonical JSON is malformed: " + err.Error())
	}
	return append(v, '\n')
}

func (s *Statement) appendJSON(b []byte) []byte {
	b = append(b, '{')
	n := 0
	if s.Sid != "" {
		b = member(b, &n, "Sid")
		b = appendString(b, s.Sid)
	}
	if s.Effect == Allow || s.Effect == Deny {
		b = member(b, &n, "Effect")
		b = appendString(b, s.Effect.String())
	}
	b = appendPrincipal(b, &n, "Principal", s.Principal)
	b = appendPrincipal(b, &n, "NotPrincipal", s.NotPrincipal)
	b = appendValues(b, &n, "Action", s.Action)
	b = appendValues(b, &n, "NotAction", s.NotAction)
	b = appendValues(b, &n, "Resource", s.Resource)
	b = appendValues(b, &n, "NotResource", s.NotResource)
	if len(s.Condition) > 0 {
		b = member(b, &n, "Condition")
		b = appendConditions(b, s.Condition)
	}
	return append(b, '}')
}

func appendPrincipal(b []byte, n *int, name string, p *Principal) []byte {
	if p == nil {
		return b
	}
	b = member(b, n, name)
	if p.Wildcard {
		return appendString(b, "*")
	}
	b = append(b, '{')
	m := 0
	for _, k := range p.Kinds {
		b = appendValues(b, &m, k.Kind, k.Values)
	}
	return append(b, '}')
}

func appendConditions(b []byte, conds []*Condition) []byte {
	b = append(b, '{')
	done := make([]bool, len(conds))
	n := 0
	for i, c := range conds {
		if done[i] {
			continue
		}
		b = member(b, &n, c.Operator)
		b = append(b, '{')
		m := 0
		for j := i; j < len(conds); j++ {
			if !done[j] && conds[j].Operator == c.Operator {
				done[j] = true
				if v := conds[j].Values; v != nil {
					b = appendValues(b, &m, conds[j].Key, v)
				} else { // a tree built by hand: keep the key
					b = member(b, &m, conds[j].Key)
					b = append(b, '[', ']')
				}
			}
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendValues writes a string-or-list member; nothing when v is nil.
func appendValues(b []byte, n *int, name string, v *Values) []byte {
	if v == nil {
		return b
	}
	b = member(b, n, name)
	if v.Single && len(v.Values) == 1 {
		return appendString(b, v.Values[0].S)
	}
	b = append(b, '[')
	for i, x := range v.Values {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, x.S)
	}
	return append(b, ']')
}

// member writes an object member's name, after a comma unless it is the
// object's first (*n counts them).
func member(b []byte, n *int, name string) []byte {
	if *n > 0 {
		b = append(b, ',')
	}
	*n++
	b = appendString(b, name)
	return append(b, ':')
}

func appendString(b []byte, s string) []byte {
	// Invalid UTF-8 (only in a tree built by hand) becomes U+FFFD; the
	// result is still valid JSON, which is all that matters here.
	b, _ = jsontext.AppendQuote(b, s)
	return b
}
