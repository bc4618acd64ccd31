// Package suppress turns an awssec alert silence into a GuardDuty
// suppression rule (a filter with action ARCHIVE) or the criteria of a
// Security Hub automation rule, so that findings AWS's documentation calls
// expected are archived or suppressed at the source as well. Only matchers
// the target's criteria can express are converted; any other is an error
// naming it, never silently dropped.
package suppress

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/awssec/awssec/alert/config"
)

// Condition is one GuardDuty criterion (FindingCriteria.Criterion[field]).
type Condition struct {
	Eq  []string `json:"Equals,omitempty"`
	Neq []string `json:"NotEquals,omitempty"`
	Gte *int64   `json:"GreaterThanOrEqual,omitempty"`
	Gt  *int64   `json:"GreaterThan,omitempty"`
	Lte *int64   `json:"LessThanOrEqual,omitempty"`
	Lt  *int64   `json:"LessThan,omitempty"`
}

// Criteria is GuardDuty's FindingCriteria.
type Criteria struct {
	Criterion map[string]Condition `json:"Criterion"`
}

// guardDutyFields maps alert fields to GuardDuty finding attributes.
var guardDutyFields = map[string]string{
	"type":          "type",
	"id":            "id",
	"account":       "accountId",
	"region":        "region",
	"severity":      "severity",
	"resource.type": "resource.resourceType",
	"resource.id":   "resource.instanceDetails.instanceId",
}

var literalAlternation = regexp.MustCompile(`^[A-Za-z0-9:/._!&\-]+(\|[A-Za-z0-9:/._!&\-]+)*$`)

// GuardDuty converts silence matchers into finding criteria.
func GuardDuty(ms config.Matchers) (Criteria, error) {
	c := Criteria{Criterion: map[string]Condition{}}
	for _, m := range ms {
		if m.Field == "source" {
			if m.Op == config.OpEqual && m.Value == "aws.guardduty" {
				continue
			}
			return c, fmt.Errorf("%s: a GuardDuty filter only applies to GuardDuty findings", m)
		}
		field, ok := guardDutyFields[m.Field]
		value := m.Value
		if tag, isTag := strings.CutPrefix(m.Field, "resource.tag."); isTag {
			// GuardDuty matches tag keys and values separately.
			if m.Op != config.OpEqual {
				return c, fmt.Errorf("%s: GuardDuty matches tags by equality only", m)
			}
			c.Criterion["resource.instanceDetails.tags.key"] = Condition{Eq: []string{tag}}
			c.Criterion["resource.instanceDetails.tags.value"] = Condition{Eq: []string{value}}
			continue
		}
		if !ok {
			return c, fmt.Errorf("%s: GuardDuty filters have no equivalent of %q", m, m.Field)
		}
		cond := c.Criterion[field]
		switch m.Op {
		case config.OpEqual:
			cond.Eq = append(cond.Eq, value)
		case config.OpNotEqual:
			cond.Neq = append(cond.Neq, value)
		case config.OpRegex, config.OpNotRegex:
			// Only an alternation of literals (a|b|c) becomes Eq / Neq.
			if !literalAlternation.MatchString(value) {
				return c, fmt.Errorf("%s: GuardDuty filters take exact values, not regular expressions (use a|b|c)", m)
			}
			vals := strings.Split(value, "|")
			if m.Op == config.OpRegex {
				cond.Eq = append(cond.Eq, vals...)
			} else {
				cond.Neq = append(cond.Neq, vals...)
			}
		default:
			f, err := strconv.ParseFloat(value, 64)
			if err != nil || f != float64(int64(f)) {
				return c, fmt.Errorf("%s: GuardDuty compares whole numbers", m)
			}
			v := int64(f)
			switch m.Op {
			case config.OpGE:
				cond.Gte = &v
			case config.OpGT:
				cond.Gt = &v
			case config.OpLE:
				cond.Lte = &v
			case config.OpLT:
				cond.Lt = &v
			}
		}
		slices.Sort(cond.Eq)
		c.Criterion[field] = cond
	}
	if len(c.Criterion) == 0 {
		return c, fmt.Errorf("the silence has no matcher GuardDuty can filter on: the filter would archive every finding")
	}
	return c, nil
}
