package detect

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
)

// MITRE is the compliance framework name under which findings carry their
// ATT&CK technique ids.
const MITRE = "MITRE ATT&CK"

// Finding turns a hit into awssec's finding: the detection is the check,
// the principal the resource, the matched events the evidence.
func (h *Hit) Finding() finding.Finding {
	d := h.Detection
	service := "cloudtrail"
	if len(h.Events) > 0 {
		service = strings.TrimSuffix(h.Events[0].EventSource, ".amazonaws.com")
	}
	msg := h.Reason
	if h.Count > 1 {
		msg += fmt.Sprintf(" (%d events, %s to %s)", h.Count, h.First.UTC().Format(time.RFC3339), h.Last.UTC().Format(time.RFC3339))
	} else if !h.First.IsZero() {
		msg += fmt.Sprintf(" (%s)", h.First.UTC().Format(time.RFC3339))
	}
	f := finding.Finding{CheckID: d.ID, Title: d.Title, Service: service, Severity: d.Severity, Status: finding.Fail,
		Account: h.Account, Region: h.Region, ResourceType: "Principal", ResourceID: h.Principal, Message: msg,
		Remediation: d.Description}
	if f.Region == "" {
		f.Region = finding.Global
	}
	if len(d.Techniques) > 0 {
		f.Compliance = map[string][]string{MITRE: d.Techniques}
	}
	for _, e := range h.Events {
		v := fmt.Sprintf("%s %s:%s from %s by %s", e.Time, strings.TrimSuffix(e.EventSource, ".amazonaws.com"), e.EventName, e.SourceIP, e.Principal)
		if e.ErrorCode != "" {
			v += " (" + e.ErrorCode + ")"
		}
		f.Evidence = append(f.Evidence, finding.Evidence{Field: "event " + e.EventID, Value: v,
			Source: fmt.Sprintf("%s#%d", e.File, e.Record)})
	}
	return f
}

// OCSF renders hits as OCSF 1.3 Detection Finding events (class 2004),
// one JSON object per line.
func OCSF(w io.Writer, hits []*Hit, product, version string, now time.Time) error {
	enc := jsontext.NewEncoder(w)
	for _, h := range hits {
		if err := json.MarshalEncode(enc, ocsfFinding(h, product, version, now), json.Deterministic(true)); err != nil {
			return err
		}
	}
	return nil
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version"`
}

type ocsfMetadata struct {
	Version string      `json:"version"`
	Product ocsfProduct `json:"product"`
}

type ocsfAttack struct {
	Technique *ocsfNamed `json:"technique,omitempty"`
	Tactic    *ocsfNamed `json:"tactic,omitempty"`
	Version   string     `json:"version"`
}

type ocsfNamed struct {
	UID  string `json:"uid,omitempty"`
	Name string `json:"name,omitempty"`
}

type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	TypeID int    `json:"type_id"`
}

type ocsfFindingInfo struct {
	UID           string       `json:"uid"`
	Title         string       `json:"title"`
	Desc          string       `json:"desc"`
	Types         []string     `json:"types"`
	Analytic      ocsfAnalytic `json:"analytic"`
	Attacks       []ocsfAttack `json:"attacks,omitempty"`
	FirstSeenTime int64        `json:"first_seen_time,omitempty"`
	LastSeenTime  int64        `json:"last_seen_time,omitempty"`
}

type ocsfUser struct {
	Name string `json:"name,omitempty"`
	UID  string `json:"uid,omitempty"`
}

type ocsfEvidence struct {
	Actor *struct {
		User ocsfUser `json:"user"`
	} `json:"actor,omitempty"`
	SrcEndpoint *struct {
		IP string `json:"ip"`
	} `json:"src_endpoint,omitempty"`
	API struct {
		Operation string    `json:"operation"`
		Service   ocsfNamed `json:"service"`
		Request   ocsfNamed `json:"request"`
	} `json:"api"`
	Data map[string]string `json:"data"`
}

type ocsfCloud struct {
	Provider string     `json:"provider"`
	Account  *ocsfNamed `json:"account,omitempty"`
	Region   string     `json:"region,omitempty"`
}

type ocsfDetection struct {
	ActivityID   int             `json:"activity_id"`
	ActivityName string          `json:"activity_name"`
	CategoryUID  int             `json:"category_uid"`
	CategoryName string          `json:"category_name"`
	ClassUID     int             `json:"class_uid"`
	ClassName    string          `json:"class_name"`
	TypeUID      int             `json:"type_uid"`
	TypeName     string          `json:"type_name"`
	SeverityID   int             `json:"severity_id"`
	Severity     string          `json:"severity"`
	StatusID     int             `json:"status_id"`
	Status       string          `json:"status"`
	Time         int64           `json:"time"`
	Message      string          `json:"message"`
	Metadata     ocsfMetadata    `json:"metadata"`
	FindingInfo  ocsfFindingInfo `json:"finding_info"`
	Evidences    []ocsfEvidence  `json:"evidences,omitempty"`
	Cloud        ocsfCloud       `json:"cloud"`
	Count        int             `json:"count"`
}

// ocsfSeverity maps awssec severities to OCSF severity_id.
var ocsfSeverity = map[finding.Severity]struct {
	id   int
	name string
}{finding.Info: {1, "Informational"}, finding.Low: {2, "Low"}, finding.Medium: {3, "Medium"}, finding.High: {4, "High"}, finding.Critical: {5, "Critical"}}

func ocsfFinding(h *Hit, product, version string, now time.Time) ocsfDetection {
	d := h.Detection
	sev := ocsfSeverity[d.Severity]
	o := ocsfDetection{ActivityID: 1, ActivityName: "Create", CategoryUID: 2, CategoryName: "Findings",
		ClassUID: 2004, ClassName: "Detection Finding", TypeUID: 200401, TypeName: "Detection Finding: Create",
		SeverityID: sev.id, Severity: sev.name, StatusID: 1, Status: "New", Time: now.UnixMilli(), Message: h.Reason,
		Metadata: ocsfMetadata{Version: "1.3.0", Product: ocsfProduct{Name: product, VendorName: product, Version: version}},
		Cloud:    ocsfCloud{Provider: "AWS", Region: h.Region}, Count: h.Count}
	if h.Account != "" {
		o.Cloud.Account = &ocsfNamed{UID: h.Account}
	}
	uid := d.ID + ":" + h.Account + ":" + h.Principal
	if len(h.Events) > 0 {
		uid += ":" + h.Events[0].EventID
	}
	o.FindingInfo = ocsfFindingInfo{UID: uid, Title: d.Title, Desc: d.Description, Types: []string{"CloudTrail/" + d.Kind},
		Analytic: ocsfAnalytic{UID: d.ID, Name: d.Title, Type: "Rule", TypeID: 1}}
	if !h.First.IsZero() {
		o.FindingInfo.FirstSeenTime, o.FindingInfo.LastSeenTime = h.First.UnixMilli(), h.Last.UnixMilli()
	}
	for _, t := range d.Techniques {
		a := ocsfAttack{Technique: &ocsfNamed{UID: t}, Version: "v16"}
		if len(d.Tactics) > 0 {
			a.Tactic = &ocsfNamed{Name: d.Tactics[0]}
		}
		o.FindingInfo.Attacks = append(o.FindingInfo.Attacks, a)
	}
	for _, e := range h.Events {
		var ev ocsfEvidence
		ev.Actor = &struct {
			User ocsfUser `json:"user"`
		}{ocsfUser{Name: e.Principal, UID: e.AccessKeyID}}
		if e.SourceIP != "" {
			ev.SrcEndpoint = &struct {
				IP string `json:"ip"`
			}{e.SourceIP}
		}
		ev.API.Operation = e.EventName
		ev.API.Service.Name = e.EventSource
		ev.API.Request.UID = e.EventID
		ev.Data = map[string]string{"eventTime": e.Time, "file": e.File, "record": fmt.Sprint(e.Record)}
		if e.ErrorCode != "" {
			ev.Data["errorCode"] = e.ErrorCode
		}
		o.Evidences = append(o.Evidences, ev)
	}
	return o
}
