// Package finding defines the result of a check against one resource: its
// status, severity, the resource it is about and the evidence that decided it.
package finding

import (
	"fmt"
	"strings"
)

// Severity orders findings by how much they matter. The zero value is unset.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"", "info", "low", "medium", "high", "critical"}

// Severities lists every severity, highest first, as the reports order them.
var Severities = []Severity{Critical, High, Medium, Low, Info}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (valid: critical, high, medium, low, info)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Status is the outcome of a check on one resource.
type Status string

// Statuses. Error means the resource could not be assessed; it is never a pass.
const (
	Fail  Status = "fail"
	Pass  Status = "pass"
	Error Status = "error"
)

// Statuses lists every status in report order.
var Statuses = []Status{Fail, Error, Pass}

// ParseStatus reads a status name, case-insensitively.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if strings.EqualFold(s, string(st)) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (valid: fail, error, pass)", s)
}

// Evidence is one value that decided a finding, and where it was read.
type Evidence struct {
	Field  string `json:"field"`            // "MetadataOptions.HttpTokens"
	Value  string `json:"value"`            // "optional"
	Source string `json:"source,omitempty"` // "ec2:DescribeInstances", "demo", "estate.json"
}

// Finding is the result of one check on one resource (or one account or
// region, for checks about a missing setting).
type Finding struct {
	CheckID      string              `json:"checkId"`
	Title        string              `json:"title"`
	Service      string              `json:"service"`
	Severity     Severity            `json:"severity"`
	Status       Status              `json:"status"`
	Account      string              `json:"account"`
	Region       string              `json:"region"` // "global" for resources that belong to no region
	ResourceType string              `json:"resourceType"`
	ResourceID   string              `json:"resourceId"`
	ResourceARN  string              `json:"resourceArn,omitempty"`
	ResourceName string              `json:"resourceName,omitempty"`
	Message      string              `json:"message"`
	Evidence     []Evidence          `json:"evidence,omitempty"`
	Remediation  string              `json:"remediation,omitempty"`
	Compliance   map[string][]string `json:"compliance,omitempty"` // framework → control ids
	// Muted findings keep their status but are left out of --fail-on;
	// MuteReason says which mutelist entry muted them and why.
	Muted      bool   `json:"muted,omitzero"`
	MuteReason string `json:"muteReason,omitempty"`
}

// Global is the Region of findings about resources that belong to no region.
const Global = "global"
