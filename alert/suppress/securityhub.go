package suppress

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/awssec/awssec/alert/config"
)

// StringFilter is Security Hub's StringFilter.
type StringFilter struct {
	Value      string `json:"Value"`
	Comparison string `json:"Comparison"`
}

// MapFilter is Security Hub's MapFilter (resource tags).
type MapFilter struct {
	Key        string `json:"Key"`
	Value      string `json:"Value"`
	Comparison string `json:"Comparison"`
}

// Filters is the subset of AutomationRulesFindingFilters a silence can
// be turned into, keyed by the ASFF attribute ("Type", "ResourceId").
type Filters struct {
	Strings map[string][]StringFilter
	Tags    []MapFilter
}

// MarshalJSON writes the filters in the shape of the API.
func (f Filters) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(f.Strings)+1)
	for k, v := range f.Strings {
		m[k] = v
	}
	if len(f.Tags) > 0 {
		m["ResourceTags"] = f.Tags
	}
	return json.Marshal(m)
}

// securityHubFields maps alert fields to the ASFF attributes the
// normalizer reads them from (alert/event: securityHubASFF).
var securityHubFields = map[string]string{
	"id":             "Id",
	"type":           "Type",
	"title":          "Title",
	"account":        "AwsAccountId",
	"account_name":   "AwsAccountName",
	"resource.type":  "ResourceType",
	"resource.id":    "ResourceId",
	"resource.arn":   "ResourceId",
	"severity_label": "SeverityLabel",
	"workflow":       "WorkflowStatus",
	"record_state":   "RecordState",
	"compliance":     "ComplianceStatus",
	"product":        "ProductName",
	"generator":      "GeneratorId",
}

// productNames are the ASFF ProductName of the services that send their
// findings to Security Hub as well as to EventBridge.
var productNames = map[string]string{"aws.guardduty": "GuardDuty", "aws.inspector2": "Inspector"}

// SecurityHub converts silence matchers into the criteria of a Security
// Hub automation rule. A GuardDuty silence matches the same findings as
// Security Hub shows them: product GuardDuty, and a type whose last
// segment is GuardDuty's finding type with "/" written "-"
// ("TTPs/Discovery/Recon:EC2-Portscan").
func SecurityHub(ms config.Matchers) (Filters, error) {
	f := Filters{Strings: map[string][]StringFilter{}}
	guardDuty := false
	for _, m := range ms {
		if m.Field == "source" && m.Op == config.OpEqual && m.Value == "aws.guardduty" {
			guardDuty = true
		}
	}
	for _, m := range ms {
		values, err := literalValues(m)
		if err != nil {
			return f, err
		}
		cmp := "EQUALS"
		if m.Op == config.OpNotEqual || m.Op == config.OpNotRegex {
			cmp = "NOT_EQUALS"
		}
		if m.Field == "source" {
			if m.Op != config.OpEqual {
				return f, fmt.Errorf("%s: Security Hub rules select a source by equality only", m)
			}
			if m.Value == "aws.securityhub" {
				continue
			}
			product, ok := productNames[m.Value]
			if !ok {
				return f, fmt.Errorf("%s: Security Hub receives no findings from %s", m, m.Value)
			}
			f.Strings["ProductName"] = append(f.Strings["ProductName"], StringFilter{Value: product, Comparison: "EQUALS"})
			continue
		}
		if tag, isTag := strings.CutPrefix(m.Field, "resource.tag."); isTag {
			for _, v := range values {
				f.Tags = append(f.Tags, MapFilter{Key: tag, Value: v, Comparison: cmp})
			}
			continue
		}
		attr, ok := securityHubFields[m.Field]
		if !ok {
			return f, fmt.Errorf("%s: Security Hub automation rules have no equivalent of %q", m, m.Field)
		}
		if attr == "Type" && guardDuty {
			cmp = map[string]string{"EQUALS": "CONTAINS", "NOT_EQUALS": "NOT_CONTAINS"}[cmp]
		}
		for _, v := range values {
			switch {
			case attr == "SeverityLabel":
				v = strings.ToUpper(v)
				if v == "INFO" {
					v = "INFORMATIONAL"
				}
			case attr == "Type" && guardDuty:
				// Security Hub writes GuardDuty's type as the last segment.
				v = "/" + strings.ReplaceAll(v, "/", "-")
			}
			f.Strings[attr] = append(f.Strings[attr], StringFilter{Value: v, Comparison: cmp})
		}
	}
	if len(f.Strings) == 0 && len(f.Tags) == 0 {
		return f, fmt.Errorf("the silence has no matcher Security Hub can filter on: the rule would suppress every finding")
	}
	return f, nil
}

// literalValues returns the values a matcher compares with: its value, or
// the literals of an a|b|c alternation. Numeric comparisons and other
// regular expressions have no Security Hub equivalent.
func literalValues(m *config.Matcher) ([]string, error) {
	switch m.Op {
	case config.OpEqual, config.OpNotEqual:
		return []string{m.Value}, nil
	case config.OpRegex, config.OpNotRegex:
		if !literalAlternation.MatchString(m.Value) {
			return nil, fmt.Errorf("%s: Security Hub rules take exact values, not regular expressions (use a|b|c)", m)
		}
		return strings.Split(m.Value, "|"), nil
	}
	return nil, fmt.Errorf("%s: Security Hub rules compare severity by label (severity_label = \"high\"), not by number", m)
}
