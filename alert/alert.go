// Package alert is the one model every security event becomes before it is
// routed: where it came from, what it is, how severe, which account, region
// and resource it is about, and how often it has been seen.
package alert

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Status says whether an alert still needs attention.
type Status string

// Statuses. A resolved alert (alarm back to OK, finding archived or
// resolved, rule compliant again) closes what a firing one opened.
const (
	Firing   Status = "firing"
	Resolved Status = "resolved"
)

// Severity labels, highest first, on the same 0–10 scale GuardDuty uses.
const (
	LabelCritical = "critical" // 9.0–10
	LabelHigh     = "high"     // 7.0–8.9
	LabelMedium   = "medium"   // 4.0–6.9
	LabelLow      = "low"      // 0.1–3.9
	LabelInfo     = "info"     // 0
	LabelUnknown  = "unknown"  // the event carries no severity
)

// Label names a 0–10 score with GuardDuty's bands.
func Label(score float64) string {
	switch {
	case math.IsNaN(score):
		return LabelUnknown
	case score >= 9:
		return LabelCritical
	case score >= 7:
		return LabelHigh
	case score >= 4:
		return LabelMedium
	case score > 0:
		return LabelLow
	}
	return LabelInfo
}

// Unknown is the score of an event that carries no severity: numeric
// matchers never match it, and it renders as "unknown".
var Unknown = math.NaN()

// Resource is what an alert is about.
type Resource struct {
	Type string            `json:"type,omitempty"` // "AWS::EC2::Instance", "Instance", "AwsS3Bucket"
	ID   string            `json:"id,omitempty"`
	ARN  string            `json:"arn,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

// Alert is one security event, normalized.
type Alert struct {
	// Key identifies the thing the alert is about across updates: the same
	// GuardDuty finding id seen again has the same Key.
	Key         string    `json:"key"`
	Source      string    `json:"source"`     // "aws.guardduty", "aws.securityhub", "awssec"
	DetailType  string    `json:"detailType"` // EventBridge detail-type
	ID          string    `json:"id,omitempty"`
	Type        string    `json:"type"` // finding type, alarm, rule or API call
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Score       float64   `json:"-"` // 0–10, or Unknown
	Account     string    `json:"account,omitempty"`
	AccountName string    `json:"accountName,omitempty"`
	Region      string    `json:"region,omitempty"`
	Resource    Resource  `json:"resource,omitzero"`
	FirstSeen   time.Time `json:"firstSeen,omitzero"`
	LastSeen    time.Time `json:"lastSeen,omitzero"`
	Count       int       `json:"count"`
	Status      Status    `json:"status"`
	Link        string    `json:"link,omitempty"`
	// Labels are source-specific fields matchers may use: "alarm",
	// "rule", "event_name", "workflow", "user".
	Labels map[string]string `json:"labels,omitempty"`
	// Raw is the event as received.
	Raw []byte `json:"-"`
}

// SeverityLabel is the alert's severity band.
func (a *Alert) SeverityLabel() string { return Label(a.Score) }

// SeverityText renders the severity for people: "high (8.0)", "unknown".
func (a *Alert) SeverityText() string {
	if math.IsNaN(a.Score) {
		return LabelUnknown
	}
	return fmt.Sprintf("%s (%.1f)", a.SeverityLabel(), a.Score)
}

// Fields lists the names Field answers, for error messages and docs.
var Fields = []string{"source", "detail_type", "id", "type", "title", "severity", "severity_label", "account",
	"account_name", "region", "resource.type", "resource.id", "resource.arn", "resource.tag.<key>", "status",
	"count", "dimension.<name>", "or a source label: " + strings.Join(LabelNames, ", ")}

// LabelNames are the source-specific labels the normalizers set.
var LabelNames = []string{"alarm", "state", "previous_state", "namespace", "metric", "rule", "compliance",
	"previous_compliance", "event_name", "event_source", "user", "user_type", "source_ip", "error_code", "result",
	"mfa", "workflow", "record_state", "product", "generator", "vulnerability", "action", "resource_role", "check",
	"service", "finding_status", "regions"}

// Field returns the value of a named field for matching and grouping, and
// whether the alert has it.
func (a *Alert) Field(name string) (string, bool) {
	var v string
	switch name {
	case "source":
		v = a.Source
	case "detail_type":
		v = a.DetailType
	case "id":
		v = a.ID
	case "type":
		v = a.Type
	case "title":
		v = a.Title
	case "severity":
		if math.IsNaN(a.Score) {
			return "", false
		}
		return strconv.FormatFloat(a.Score, 'f', -1, 64), true
	case "severity_label":
		return a.SeverityLabel(), true
	case "account":
		v = a.Account
	case "account_name":
		v = a.AccountName
	case "region":
		v = a.Region
	case "resource.type":
		v = a.Resource.Type
	case "resource.id":
		v = a.Resource.ID
	case "resource.arn":
		v = a.Resource.ARN
	case "status":
		v = string(a.Status)
	case "count":
		return strconv.Itoa(a.Count), true
	default:
		if tag, ok := strings.CutPrefix(name, "resource.tag."); ok {
			v, found := a.Resource.Tags[tag]
			return v, found
		}
		v, found := a.Labels[name]
		return v, found
	}
	return v, v != ""
}

// SetLabel records a source-specific field, skipping empty values.
func (a *Alert) SetLabel(k, v string) {
	if v == "" {
		return
	}
	if a.Labels == nil {
		a.Labels = make(map[string]string, 4)
	}
	a.Labels[k] = v
}
