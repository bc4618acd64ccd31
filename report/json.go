package report

import (
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
)

// jsonReport is the JSON form of a report, documented in docs/findings.md.
type jsonReport struct {
	SchemaVersion int               `json:"schemaVersion"`
	Tool          Tool              `json:"tool"`
	GeneratedAt   string            `json:"generatedAt"`
	Estate        EstateInfo        `json:"estate"`
	Checks        int               `json:"checks"`
	Summary       Summary           `json:"summary"`
	Findings      []finding.Finding `json:"findings"`
	Paths         []finding.Path    `json:"paths,omitzero"` // with --paths: the attack paths, most severe first ([] when none)
}

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	fs := r.Findings
	if fs == nil {
		fs = []finding.Finding{}
	}
	doc := jsonReport{
		SchemaVersion: SchemaVersion,
		Tool:          r.Tool,
		GeneratedAt:   r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z07:00"),
		Estate:        r.Estate,
		Checks:        r.Checks,
		Summary:       r.Summarize(),
		Findings:      fs,
		Paths:         r.Paths,
	}
	if err := json.MarshalWrite(w, doc, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
