// Package ocsf renders a scan report as OCSF 1.3.0 Compliance Finding
// events (class_uid 2003): a JSON array, one event per finding, with the
// check as the control, its frameworks as the standards, the resource as
// the affected resource and the evidence as the resource's data.
package ocsf

import (
	"bufio"
	"io"
	"maps"
	"slices"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// Version is the OCSF schema version the events follow.
const Version = "1.3.0"

// Class, category and activity ids of the events.
const (
	ClassUID    = 2003 // Compliance Finding
	CategoryUID = 2    // Findings
	ActivityID  = 1    // Create
	TypeUID     = ClassUID*100 + ActivityID
)

// Event is one OCSF Compliance Finding.
type Event struct {
	ActivityID   int          `json:"activity_id"`
	ActivityName string       `json:"activity_name"`
	CategoryUID  int          `json:"category_uid"`
	CategoryName string       `json:"category_name"`
	ClassUID     int          `json:"class_uid"`
	ClassName    string       `json:"class_name"`
	TypeUID      int          `json:"type_uid"`
	TypeName     string       `json:"type_name"`
	Time         int64        `json:"time"`
	SeverityID   int          `json:"severity_id"`
	Severity     string       `json:"severity"`
	StatusID     int          `json:"status_id"`
	Status       string       `json:"status"`
	Message      string       `json:"message,omitempty"`
	Metadata     Metadata     `json:"metadata"`
	FindingInfo  FindingInfo  `json:"finding_info"`
	Compliance   Compliance   `json:"compliance"`
	Remediation  *Remediation `json:"remediation,omitempty"`
	Resources    []Resource   `json:"resources"`
	Cloud        Cloud        `json:"cloud"`
}

// Metadata names the schema version and the product.
type Metadata struct {
	Version string  `json:"version"`
	Product Product `json:"product"`
}

// Product is the tool that reported the finding.
type Product struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
}

// FindingInfo identifies the finding.
type FindingInfo struct {
	UID         string   `json:"uid"`
	Title       string   `json:"title"`
	Desc        string   `json:"desc,omitempty"`
	Types       []string `json:"types,omitempty"`
	CreatedTime int64    `json:"created_time,omitempty"`
}

// Compliance is the control the finding is about and its result.
type Compliance struct {
	Standards    []string `json:"standards"`
	Control      string   `json:"control"`
	Requirements []string `json:"requirements,omitempty"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
}

// Remediation says how to fix the finding.
type Remediation struct {
	Desc string `json:"desc"`
}

// Resource is the resource the finding is about.
type Resource struct {
	UID    string        `json:"uid"`
	Name   string        `json:"name,omitempty"`
	Type   string        `json:"type,omitempty"`
	Region string        `json:"region,omitempty"`
	Owner  *Owner        `json:"owner,omitempty"`
	Data   *ResourceData `json:"data,omitempty"`
}

// Owner holds the account that owns a resource.
type Owner struct {
	Account Account `json:"account"`
}

// Account is an AWS account.
type Account struct {
	UID    string `json:"uid"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

// ResourceData carries the evidence that decided the finding.
type ResourceData struct {
	Evidence []finding.Evidence `json:"evidence"`
}

// Cloud is where the resource lives.
type Cloud struct {
	Provider string   `json:"provider"`
	Region   string   `json:"region,omitempty"`
	Account  *Account `json:"account,omitempty"`
}

// awsAccount is the OCSF account type id of an AWS account.
const awsAccount = 10

// NewEvent maps one finding to a Compliance Finding event.
func NewEvent(r *report.Report, f *finding.Finding) Event {
	ms := r.GeneratedAt.UnixMilli()
	if r.GeneratedAt.IsZero() {
		ms = 0
	}
	sevID, sev := Severity(f.Severity)
	ev := Event{
		ActivityID: ActivityID, ActivityName: "Create",
		CategoryUID: CategoryUID, CategoryName: "Findings",
		ClassUID: ClassUID, ClassName: "Compliance Finding",
		TypeUID: TypeUID, TypeName: "Compliance Finding: Create",
		Time:       ms,
		SeverityID: sevID, Severity: sev,
		StatusID: 1, Status: "New",
		Message:  f.Message,
		Metadata: Metadata{Version: Version, Product: Product{Name: "awssec", VendorName: "awssec", Version: r.Tool.Version}},
		FindingInfo: FindingInfo{UID: UID(f), Title: orElse(f.Title, f.CheckID), Desc: f.Message,
			Types: []string{"Software and Configuration Checks/AWS Security Best Practices"}, CreatedTime: ms},
		Compliance: compliance(f),
		Resources:  []Resource{resource(f)},
		Cloud:      Cloud{Provider: "AWS"},
	}
	if f.Muted {
		ev.StatusID, ev.Status = 3, "Suppressed"
	}
	if f.Remediation != "" {
		ev.Remediation = &Remediation{Desc: f.Remediation}
	}
	if f.Region != "" && f.Region != finding.Global {
		ev.Cloud.Region = f.Region
	}
	if f.Account != "" {
		ev.Cloud.Account = &Account{UID: f.Account, TypeID: awsAccount, Type: "AWS Account"}
	}
	return ev
}

func compliance(f *finding.Finding) Compliance {
	c := Compliance{Control: f.CheckID, Standards: []string{}}
	for _, fw := range slices.Sorted(maps.Keys(f.Compliance)) {
		c.Standards = append(c.Standards, fw)
		for _, id := range f.Compliance[fw] {
			c.Requirements = append(c.Requirements, fw+":"+id)
		}
	}
	switch f.Status {
	case finding.Pass:
		c.StatusID, c.Status = 1, "Pass"
	case finding.Error:
		// Warning: "the compliance check did not yield a result due to
		// missing information", which is what not assessed means.
		c.StatusID, c.Status = 2, "Warning"
	default:
		c.StatusID, c.Status = 3, "Fail"
	}
	return c
}

func resource(f *finding.Finding) Resource {
	res := Resource{UID: orElse(f.ResourceARN, f.ResourceID), Name: orElse(f.ResourceName, f.ResourceID), Type: f.ResourceType}
	if res.UID == "" {
		res.UID = orElse(f.Account, "unknown")
	}
	if f.Region != "" && f.Region != finding.Global {
		res.Region = f.Region
	}
	if f.Account != "" {
		res.Owner = &Owner{Account: Account{UID: f.Account, TypeID: awsAccount, Type: "AWS Account"}}
	}
	if len(f.Evidence) > 0 {
		res.Data = &ResourceData{Evidence: f.Evidence}
	}
	return res
}

// Severity maps a severity to OCSF's severity_id and its caption.
func Severity(s finding.Severity) (int, string) {
	switch s {
	case finding.Info:
		return 1, "Informational"
	case finding.Low:
		return 2, "Low"
	case finding.Medium:
		return 3, "Medium"
	case finding.High:
		return 4, "High"
	case finding.Critical:
		return 5, "Critical"
	}
	return 0, "Unknown"
}

// UID is the finding's stable identity across scans: check, account,
// region and resource.
func UID(f *finding.Finding) string {
	res := f.ResourceARN
	if res == "" {
		res = f.ResourceType + "/" + f.ResourceID
	}
	return "awssec:" + f.CheckID + ":" + f.Account + ":" + f.Region + ":" + res
}

// Write writes the events as a JSON array, one event per line.
func Write(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("[")
	for i := range r.Findings {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		if err := json.MarshalWrite(bw, NewEvent(r, &r.Findings[i]), jsontext.EscapeForHTML(false), jsontext.AllowInvalidUTF8(true)); err != nil {
			return err
		}
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
