// Package sarif renders a scan report as a SARIF 2.1.0 log (OASIS Static
// Analysis Results Interchange Format): one rule per check, one result per
// finding located at its cloud resource, muted findings as suppressions and
// attack paths as results whose code flow walks the path's steps.
package sarif

import (
	"bufio"
	"bytes"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// SchemaURI is the published location of the SARIF 2.1.0 schema, as code
// scanning services expect it in "$schema".
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// PathRulePrefix starts the rule ids of attack paths ("path/ssrf-to-data").
const PathRulePrefix = "path/"

type log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

// run is written without its results, which Write streams after it:
// Results stays nil and last.
type run struct {
	Tool        tool         `json:"tool"`
	Invocations []invocation `json:"invocations"`
	Properties  runProps     `json:"properties"`
	Results     []result     `json:"results"`
}

type runProps struct {
	Source    string `json:"source"`
	Accounts  int    `json:"accounts"`
	Regions   int    `json:"regions"`
	Resources int    `json:"resources"`
	Checks    int    `json:"checks"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Rules   []rule `json:"rules"`
}

type invocation struct {
	ExecutionSuccessful bool   `json:"executionSuccessful"`
	EndTimeUTC          string `json:"endTimeUtc,omitempty"`
}

type text struct {
	Text string `json:"text"`
}

type rule struct {
	ID                   string        `json:"id"`
	ShortDescription     text          `json:"shortDescription"`
	Help                 *text         `json:"help,omitempty"`
	DefaultConfiguration configuration `json:"defaultConfiguration"`
	Properties           ruleProps     `json:"properties"`
}

type configuration struct {
	Level string `json:"level"`
}

type ruleProps struct {
	Tags []string `json:"tags,omitempty"`
	// SecuritySeverity is the CVSS-like score code scanning services sort
	// security results by.
	SecuritySeverity string              `json:"security-severity"`
	Severity         string              `json:"severity"`
	Compliance       map[string][]string `json:"compliance,omitempty"`
}

type result struct {
	RuleID       string        `json:"ruleId"`
	RuleIndex    int           `json:"ruleIndex"`
	Kind         string        `json:"kind"`
	Level        string        `json:"level"`
	Message      text          `json:"message"`
	Locations    []location    `json:"locations,omitempty"`
	Fingerprints fingerprints  `json:"partialFingerprints"`
	CodeFlows    []codeFlow    `json:"codeFlows,omitempty"`
	Suppressions []suppression `json:"suppressions,omitempty"`
	Properties   resultProps   `json:"properties"`
}

// fingerprints identify a result across scans: the check, the account,
// the region and the resource.
type fingerprints struct {
	Identity string `json:"awssecIdentity/v1"`
}

type location struct {
	PhysicalLocation *physicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []logicalLocation `json:"logicalLocations"`
	Message          *text             `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
}

type artifactLocation struct {
	URI string `json:"uri"`
}

type logicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type codeFlow struct {
	ThreadFlows []threadFlow `json:"threadFlows"`
}

type threadFlow struct {
	Locations []threadFlowLocation `json:"locations"`
}

type threadFlowLocation struct {
	Location location `json:"location"`
}

type suppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// resultProps are an attack path's result properties; a finding's are
// written by appendFindingResult.
type resultProps struct {
	Fix string `json:"fix,omitempty"`
}

// Write writes the report as one SARIF log with a single run. The results
// are streamed one at a time after the rules, so a large report is never
// held twice in memory.
func Write(w io.Writer, r *report.Report) error {
	rn := run{
		Tool:        tool{Driver: driver{Name: orElse(r.Tool.Name, "awssec"), Version: r.Tool.Version, Rules: []rule{}}},
		Invocations: []invocation{{ExecutionSuccessful: true}},
		Properties: runProps{Source: r.Estate.Source, Accounts: r.Estate.Accounts, Regions: r.Estate.Regions,
			Resources: r.Estate.Resources, Checks: r.Checks},
	}
	if !r.GeneratedAt.IsZero() {
		rn.Invocations[0].EndTimeUTC = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	index := map[string]int{}
	ruleIndex := func(id string, mk func() rule) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(rn.Tool.Driver.Rules)
		rn.Tool.Driver.Rules = append(rn.Tool.Driver.Rules, mk())
		return index[id]
	}
	pathRules := make([]int, len(r.Paths))
	for i, p := range r.Paths {
		pathRules[i] = ruleIndex(PathRulePrefix+p.Rule, func() rule {
			return rule{ID: PathRulePrefix + p.Rule, ShortDescription: text{p.Title},
				DefaultConfiguration: configuration{Level: Level(p.Severity)},
				Properties:           ruleProps{Tags: []string{"attack-path"}, SecuritySeverity: SecuritySeverity(p.Severity), Severity: p.Severity.String()}}
		})
	}
	for k := range r.Findings {
		f := &r.Findings[k]
		ruleIndex(f.CheckID, func() rule { return checkRule(f) })
	}

	bw := bufio.NewWriterSize(w, 256<<10)
	opts := json.JoinOptions(json.Deterministic(true), jsontext.EscapeForHTML(false), jsontext.AllowInvalidUTF8(true))
	// The log up to its results; the run's closing brackets come last.
	head, err := json.Marshal(log{Schema: SchemaURI, Version: "2.1.0", Runs: []run{rn}}, opts)
	if err != nil {
		return err
	}
	cut := bytes.LastIndex(head, []byte(`"results":`))
	bw.Write(head[:cut])
	bw.WriteString(`"results":[`)
	// One result a line: the attack paths, then the findings.
	for i, p := range r.Paths {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		if err := json.MarshalWrite(bw, pathResult(p, pathRules[i]), opts); err != nil {
			return err
		}
	}
	var line []byte
	for k := range r.Findings {
		line = line[:0]
		if k > 0 || len(r.Paths) > 0 {
			line = append(line, ',')
		}
		line = append(line, '\n')
		f := &r.Findings[k]
		i := index[f.CheckID]
		line = appendFindingResult(line, f, i, rn.Tool.Driver.Rules[i].Help)
		bw.Write(line)
	}
	bw.WriteString("\n]}]}\n")
	return bw.Flush()
}

// checkRule describes a check from the first of its findings.
func checkRule(f *finding.Finding) rule {
	rl := rule{
		ID:                   f.CheckID,
		ShortDescription:     text{orElse(f.Title, f.CheckID)},
		DefaultConfiguration: configuration{Level: Level(f.Severity)},
		Properties: ruleProps{SecuritySeverity: SecuritySeverity(f.Severity), Severity: f.Severity.String(),
			Compliance: f.Compliance},
	}
	if f.Service != "" {
		rl.Properties.Tags = []string{"security", f.Service}
	}
	if f.Remediation != "" {
		rl.Help = &text{f.Remediation}
	}
	return rl
}

// appendFindingResult appends a finding's result, written out by hand: the
// members of result in its order, and properties holding the status, the
// account, region and resource type, a remediation other than the rule's,
// and the evidence. At 100,000 findings, reflection and an encoder's
// bookkeeping would cost as much as the whole JSON report.
func appendFindingResult(b []byte, f *finding.Finding, ruleIdx int, help *text) []byte {
	// quote writes a JSON string; invalid UTF-8 becomes U+FFFD, as in the
	// rest of the log.
	quote := func(s string) { b, _ = jsontext.AppendQuote(b, s) }
	member := func(name, value string) {
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
		quote(value)
	}
	level := "none"
	if f.Status == finding.Fail {
		level = Level(f.Severity)
	}
	b = append(b, '{')
	member("ruleId", f.CheckID)
	b = append(b, `,"ruleIndex":`...)
	b = strconv.AppendInt(b, int64(ruleIdx), 10)
	b = append(b, ',')
	member("kind", Kind(f.Status))
	b = append(b, ',')
	member("level", level)
	b = append(b, `,"message":{`...)
	member("text", orElse(f.Message, f.Title))

	loc := resourceLocation(f.Account, f.Region, f.ResourceType, f.ResourceID, f.ResourceARN)
	b = append(b, `},"locations":[{"physicalLocation":{"artifactLocation":{`...)
	member("uri", ArtifactURI(f.Account, f.Region, f.ResourceType, f.ResourceID))
	b = append(b, `}},"logicalLocations":[{`...)
	if loc.Name != "" {
		member("name", loc.Name)
		b = append(b, ',')
	}
	member("fullyQualifiedName", loc.FullyQualifiedName)
	b = append(b, ',')
	member("kind", loc.Kind)
	b = append(b, `}]}],"partialFingerprints":{`...)
	member("awssecIdentity/v1", Identity(f))
	b = append(b, '}')

	if f.Muted {
		b = append(b, `,"suppressions":[{"kind":"external"`...)
		if f.MuteReason != "" {
			b = append(b, ',')
			member("justification", f.MuteReason)
		}
		b = append(b, "}]"...)
	}

	b = append(b, `,"properties":{`...)
	first := true
	next := func(name, value string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		member(name, value)
	}
	for _, m := range [...][2]string{{"status", string(f.Status)}, {"account", f.Account}, {"region", f.Region}, {"resourceType", f.ResourceType}} {
		if m[1] != "" {
			next(m[0], m[1])
		}
	}
	if f.Remediation != "" && (help == nil || help.Text != f.Remediation) {
		next("remediation", f.Remediation)
	}
	if len(f.Evidence) > 0 {
		if !first {
			b = append(b, ',')
		}
		b = append(b, `"evidence":[`...)
		for i, e := range f.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			member("field", e.Field)
			b = append(b, ',')
			member("value", e.Value)
			if e.Source != "" {
				b = append(b, ',')
				member("source", e.Source)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, "}}"...)
}

func pathResult(p finding.Path, ruleIdx int) result {
	flow := threadFlow{Locations: make([]threadFlowLocation, 0, len(p.Steps))}
	for _, s := range p.Steps {
		loc := location{LogicalLocations: []logicalLocation{resourceLocation(s.Account, s.Region, s.ResourceType, s.ResourceID, s.ResourceARN)},
			PhysicalLocation: &physicalLocation{ArtifactLocation: artifactLocation{URI: ArtifactURI(s.Account, s.Region, s.ResourceType, s.ResourceID)}}}
		msg := s.Description
		if len(s.Findings) > 0 {
			msg += " (" + strings.Join(s.Findings, ", ") + ")"
		}
		loc.Message = &text{msg}
		flow.Locations = append(flow.Locations, threadFlowLocation{Location: loc})
	}
	res := result{
		RuleID:       PathRulePrefix + p.Rule,
		RuleIndex:    ruleIdx,
		Kind:         "fail",
		Level:        Level(p.Severity),
		Message:      text{p.Title},
		Fingerprints: fingerprints{Identity: "path/" + p.ID},
		Properties:   resultProps{Fix: p.Fix},
	}
	if len(p.Steps) > 0 {
		first := flow.Locations[0].Location
		res.Locations = []location{{PhysicalLocation: first.PhysicalLocation, LogicalLocations: first.LogicalLocations}}
		res.CodeFlows = []codeFlow{{ThreadFlows: []threadFlow{flow}}}
	}
	return res
}

// ArtifactURI is the repository-relative path that stands for a cloud
// resource in a result's physical location:
// aws/ACCOUNT/REGION/SERVICE/TYPE/ID, each part escaped. Code scanning
// services (GitHub's among them) take a result only with such a location,
// and keep one alert per path and rule across scans.
func ArtifactURI(account, region, typ, id string) string {
	parts := []string{"aws"}
	for _, p := range append([]string{account, region}, strings.Split(strings.TrimPrefix(typ, "AWS::"), "::")...) {
		if p != "" {
			parts = append(parts, url.PathEscape(p))
		}
	}
	if id != "" {
		parts = append(parts, url.PathEscape(id))
	}
	return strings.Join(parts, "/")
}

// resourceLocation names a cloud resource as a logical location: its ARN
// when it has one, otherwise account/region/type/id (the parts it has).
func resourceLocation(account, region, typ, id, arn string) logicalLocation {
	fq := arn
	if fq == "" {
		var parts []string
		for _, p := range []string{account, region, typ, id} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		fq = orElse(strings.Join(parts, "/"), "estate")
	}
	return logicalLocation{Name: id, FullyQualifiedName: fq, Kind: "resource"}
}

// Identity is the stable identity of a finding across scans: check id,
// account, region and resource (ARN when known).
func Identity(f *finding.Finding) string {
	res := f.ResourceARN
	if res == "" {
		res = f.ResourceType + "/" + f.ResourceID
	}
	return f.CheckID + "|" + f.Account + "|" + f.Region + "|" + res
}

// Level maps a severity to a SARIF level for failing results.
func Level(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// Kind maps a status to a SARIF result kind. A result that could not be
// assessed is "open": the tool had too little information to decide.
func Kind(s finding.Status) string {
	switch s {
	case finding.Pass:
		return "pass"
	case finding.Error:
		return "open"
	}
	return "fail"
}

// SecuritySeverity is the numeric severity code scanning services read
// from a rule's "security-severity" property (9.0 and up is critical).
func SecuritySeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "9.5"
	case finding.High:
		return "8.0"
	case finding.Medium:
		return "5.5"
	case finding.Low:
		return "3.0"
	}
	return "0.0"
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
