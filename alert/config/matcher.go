package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/awssec/awssec/alert"
)

// Op is a matcher's comparison.
type Op string

// Operators: Alertmanager's four, and numeric comparisons for fields such
// as severity and count.
const (
	OpEqual    Op = "="
	OpNotEqual Op = "!="
	OpRegex    Op = "=~"
	OpNotRegex Op = "!~"
	OpGE       Op = ">="
	OpGT       Op = ">"
	OpLE       Op = "<="
	OpLT       Op = "<"
)

// Matcher tests one field of an alert.
type Matcher struct {
	Field string
	Op    Op
	Value string
	re    *regexp.Regexp
	num   float64
}

// String renders the matcher as written in the configuration.
func (m *Matcher) String() string {
	if m.Op == OpGE || m.Op == OpGT || m.Op == OpLE || m.Op == OpLT {
		return m.Field + " " + string(m.Op) + " " + m.Value
	}
	return m.Field + " " + string(m.Op) + " " + strconv.Quote(m.Value)
}

// Matches tests the alert. As in Alertmanager, a missing field is the
// empty string; a numeric comparison on a missing or non-numeric field
// (an event without severity) never matches.
func (m *Matcher) Matches(a *alert.Alert) bool {
	v, ok := a.Field(m.Field)
	switch m.Op {
	case OpEqual:
		return v == m.Value
	case OpNotEqual:
		return v != m.Value
	case OpRegex:
		return m.re.MatchString(v)
	case OpNotRegex:
		return !m.re.MatchString(v)
	}
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return false
	}
	switch m.Op {
	case OpGE:
		return f >= m.num
	case OpGT:
		return f > m.num
	case OpLE:
		return f <= m.num
	case OpLT:
		return f < m.num
	}
	return false
}

var fieldRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.:\-/]*`)

// ParseMatcher reads `field op value`: `source = "aws.guardduty"`,
// `type =~ "Recon:.*"`, `severity >= 7`, `resource.tag.role=scanner`.
// The value may be double-quoted (Go escapes) or bare.
func ParseMatcher(s string) (*Matcher, error) {
	s = strings.TrimSpace(s)
	name := fieldRE.FindString(s)
	if name == "" {
		return nil, fmt.Errorf("matcher %q: want field op value, such as source = \"aws.guardduty\"", s)
	}
	rest := strings.TrimSpace(s[len(name):])
	var op Op
	for _, o := range []Op{OpRegex, OpNotRegex, OpNotEqual, OpGE, OpLE, OpEqual, OpGT, OpLT} {
		if strings.HasPrefix(rest, string(o)) {
			op = o
			break
		}
	}
	if op == "" {
		return nil, fmt.Errorf("matcher %q: no operator after %q (use =, !=, =~, !~, >=, >, <=, <)", s, name)
	}
	raw := strings.TrimSpace(rest[len(op):])
	val := raw
	if strings.HasPrefix(raw, `"`) {
		u, err := strconv.Unquote(raw)
		if err != nil {
			return nil, fmt.Errorf("matcher %q: bad quoted value %s", s, raw)
		}
		val = u
	}
	m := &Matcher{Field: name, Op: op, Value: val}
	switch op {
	case OpRegex, OpNotRegex:
		// Anchored, as Alertmanager's are.
		re, err := regexp.Compile("^(?:" + val + ")$")
		if err != nil {
			return nil, fmt.Errorf("matcher %q: invalid regular expression: %v", s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		m.re = re
	case OpGE, OpGT, OpLE, OpLT:
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("matcher %q: %s compares numbers, and %q is not one", s, op, val)
		}
		m.num = f
	}
	return m, nil
}

// Matchers is a conjunction.
type Matchers []*Matcher

// Matches reports whether every matcher matches.
func (ms Matchers) Matches(a *alert.Alert) bool {
	for _, m := range ms {
		if !m.Matches(a) {
			return false
		}
	}
	return true
}

// First returns the first matcher that does not match, or nil.
func (ms Matchers) First(a *alert.Alert) *Matcher {
	for _, m := range ms {
		if !m.Matches(a) {
			return m
		}
	}
	return nil
}

func (ms Matchers) String() string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
