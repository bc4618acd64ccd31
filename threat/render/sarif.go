package render

import (
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
)

// The SARIF 2.1.0 subset threats need: one run, the rule catalogue as the
// driver's rules, one result per threat located at its element or flow in
// the model file. Closed threats carry a suppression, so code-scanning
// views show them as dismissed rather than dropping them.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  sarifText      `json:"fullDescription"`
	Help             sarifText      `json:"help"`
	DefaultConfig    sarifConfig    `json:"defaultConfiguration"`
	Properties       map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitzero"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

// RuleKey is a rule's id in SARIF: the rule id, and for the baseline
// questions (one id, six categories) the category too.
func RuleKey(rule string, c threat.Category) string {
	if rule == "stride" {
		return "stride-" + c.String()
	}
	return rule
}

func level(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// SARIF writes the threats as a SARIF 2.1.0 log.
func SARIF(w io.Writer, res *threat.Result, version string) error {
	index := map[string]int{}
	var rules []sarifRule
	for _, r := range threat.Rules() {
		key := RuleKey(r.ID, r.Category)
		index[key] = len(rules)
		help := r.Rationale
		for _, m := range r.Mitigations {
			help += "\n- " + m
		}
		rules = append(rules, sarifRule{
			ID: key, Name: r.Title, ShortDescription: sarifText{r.Title}, FullDescription: sarifText{r.Rationale},
			Help: sarifText{help}, DefaultConfig: sarifConfig{level(r.Impact)},
			Properties: map[string]any{"stride": r.Category.Name(), "appliesTo": r.Applies, "checks": r.Checks, "tags": []string{"security", "threat-model", "STRIDE"}},
		})
	}
	results := make([]sarifResult, 0, len(res.Threats))
	for _, t := range res.Threats {
		key := RuleKey(t.Rule, t.Category)
		r := sarifResult{
			RuleID: key, RuleIndex: index[key], Level: level(t.Severity),
			Message:             sarifText{t.Title + ": " + t.Detail},
			PartialFingerprints: map[string]string{"threatId/v1": t.ID},
			Properties:          map[string]any{"threatId": t.ID, "severity": t.Severity.String(), "status": t.Status, "stride": t.CategoryName, "subject": t.Subject},
		}
		if res.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: res.File}}}
			if t.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: t.Line, StartColumn: t.Column}
			}
			r.Locations = []sarifLocation{loc}
		}
		if !t.Open() {
			// SARIF's suppression status says the dismissal was reviewed;
			// the threat's own status (mitigated, accepted,
			// not-applicable) is the justification.
			r.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: t.Status + suffix(t.Note)}}
		}
		if len(t.Evidence) > 0 {
			r.Properties["evidence"] = t.Evidence
		}
		results = append(results, r)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: "awssec threat", Version: version, Rules: rules}}, Results: results}},
	}
	if err := json.MarshalWrite(w, log, jsontext.WithIndent("  "), json.Deterministic(true)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func suffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}
