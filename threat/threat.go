// Package threat generates STRIDE threats for a data-flow model: the threats
// STRIDE-per-element asks about every actor, process, store and flow, and
// the specific threats a catalogue of AWS-aware rules finds in the model's
// properties and in the scan findings attached to its elements. Each threat
// has a stable id (subject, category, rule), so the statuses a team records
// in the model survive regeneration.
package threat

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat/model"
)

// Category is a STRIDE category.
type Category byte

// The STRIDE categories.
const (
	Spoofing              Category = 'S'
	Tampering             Category = 'T'
	Repudiation           Category = 'R'
	InformationDisclosure Category = 'I'
	DenialOfService       Category = 'D'
	ElevationOfPrivilege  Category = 'E'
)

// Categories are the STRIDE categories in the acronym's order.
var Categories = []Category{Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege}

var categoryNames = map[Category]string{
	Spoofing: "Spoofing", Tampering: "Tampering", Repudiation: "Repudiation",
	InformationDisclosure: "Information disclosure", DenialOfService: "Denial of service", ElevationOfPrivilege: "Elevation of privilege",
}

// String is the category's letter.
func (c Category) String() string { return string(rune(c)) }

// Name is the category's full name ("Information disclosure").
func (c Category) Name() string { return categoryNames[c] }

// MarshalText writes the letter.
func (c Category) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Subject kinds besides the element types.
const FlowKind = "flow"

// Threat is one threat to one element or flow.
type Threat struct {
	ID string `json:"id"` // "T-api-E-ssrf"
	// Subject is the element or flow id; SubjectKind is "actor",
	// "process", "store" or "flow".
	Subject      string           `json:"subject"`
	SubjectKind  string           `json:"subjectKind"`
	SubjectName  string           `json:"subjectName"`
	Category     Category         `json:"category"`
	CategoryName string           `json:"categoryName"`
	Rule         string           `json:"rule"`
	Title        string           `json:"title"`
	Detail       string           `json:"detail"`
	Severity     finding.Severity `json:"severity"`
	Status       string           `json:"status"`
	Note         string           `json:"note,omitempty"`
	Mitigations  []string         `json:"mitigations"`
	Checks       []string         `json:"checks,omitempty"`
	Evidence     []Evidence       `json:"evidence,omitempty"`
	// Line and Column locate the subject in the model file (0: not from a file).
	Line   int `json:"line,omitzero"`
	Column int `json:"column,omitzero"`
}

// Evidence is a scan finding that makes a threat concrete.
type Evidence struct {
	CheckID  string           `json:"checkId"`
	Severity finding.Severity `json:"severity"`
	Resource string           `json:"resource"`
	Message  string           `json:"message"`
}

// Open reports whether the threat is neither mitigated, accepted nor ruled
// out.
func (t *Threat) Open() bool { return !model.Closed(t.Status) }

// Result is what Generate produces.
type Result struct {
	Title   string
	File    string
	Threats []Threat
	// Stale are recorded statuses whose threat the model no longer
	// produces (an element renamed, a property fixed): kept, reported,
	// never silently dropped.
	Stale []*model.ThreatStatus
}

// Generate returns the threats of a model. Findings, when given, are the
// scan results of the estate the model describes: failing findings on an
// element's AWS resource (or its account) make rules fire and become the
// threats' evidence.
func Generate(m *model.Model, findings []finding.Finding) *Result {
	g := newGraph(m, findings)
	// Every element gets up to six baseline threats and every flow three,
	// plus the specific ones: sizing the slice once spares the copies.
	res := &Result{Title: m.Title, File: m.File, Threats: make([]Threat, 0, 5*len(m.Elements)+4*len(m.Flows))}
	rules := Rules()
	// The rules of each subject kind, in STRIDE order, then catalogue
	// order within a category.
	byKind := map[string][]*Rule{}
	for _, cat := range Categories {
		for _, r := range rules {
			if r.Category != cat {
				continue
			}
			for _, k := range r.Applies {
				byKind[k] = append(byKind[k], r)
			}
		}
	}
	status := make(map[string]*model.ThreatStatus, len(m.Threats))
	for _, t := range m.Threats {
		status[t.ID] = t
	}
	used := make(map[string]bool, len(m.Threats))
	emit := func(s *subject, kind, id, name string, at model.Pos) {
		for _, r := range byKind[kind] {
			cat := r.Category
			detail, ok := r.match(s)
			if !ok {
				continue
			}
			t := Threat{
				ID: "T-" + id + "-" + cat.String() + "-" + r.ID, Subject: id, SubjectKind: kind, SubjectName: name,
				Category: cat, CategoryName: cat.Name(), Rule: r.ID, Title: r.title(s), Detail: detail,
				Severity: g.severity(r, s), Status: model.Open, Mitigations: r.Mitigations, Checks: r.Checks,
				Line: at.Line, Column: at.Column,
			}
			for _, f := range s.failed(r.Checks...) {
				t.Evidence = append(t.Evidence, Evidence{CheckID: f.CheckID, Severity: f.Severity, Resource: f.ResourceID, Message: f.Message})
			}
			if st, ok := status[t.ID]; ok {
				t.Status, t.Note = st.Status, st.Note
				used[t.ID] = true
			}
			res.Threats = append(res.Threats, t)
		}
	}
	for _, e := range m.Elements {
		s := g.elementSubject(e)
		emit(s, e.Type, e.ID, nameOf(e.Name, e.ID), e.Pos)
	}
	for _, f := range m.Flows {
		s := g.flowSubject(f)
		emit(s, FlowKind, f.ID, nameOf(f.Name, f.ID), f.Pos)
	}
	for _, t := range m.Threats {
		if !used[t.ID] {
			res.Stale = append(res.Stale, t)
		}
	}
	return res
}

func nameOf(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// AtOrAbove reports the open threats at or above a severity.
func (r *Result) AtOrAbove(s finding.Severity) []Threat {
	var out []Threat
	for _, t := range r.Threats {
		if t.Open() && t.Severity >= s {
			out = append(out, t)
		}
	}
	return out
}

// Counts returns how many threats have each severity and how many are open.
func (r *Result) Counts() (bySeverity map[finding.Severity]int, open int) {
	bySeverity = map[finding.Severity]int{}
	for _, t := range r.Threats {
		bySeverity[t.Severity]++
		if t.Open() {
			open++
		}
	}
	return bySeverity, open
}

// Summary is one line: how many threats, by severity, and how many open.
func (r *Result) Summary() string {
	by, open := r.Counts()
	var parts []string
	for _, s := range finding.Severities {
		if by[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", by[s], s))
		}
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	return fmt.Sprintf("%d threats (%s), %d open", len(r.Threats), strings.Join(parts, ", "), open)
}
