// Package html renders a scan report as one self-contained HTML file:
// html/template with the stylesheet and script embedded inline, no network
// requests (a Content-Security-Policy forbids them), a summary by severity
// and service with charts, attack paths drawn as step diagrams, and the
// findings as a sortable, filterable, paginated table whose rows open to
// their evidence and remediation. The findings travel as compact JSON that
// the script renders a page at a time, so 100,000 findings stay usable.
package html

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

var (
	//go:embed report.tmpl
	pageTemplate string
	//go:embed style.css
	styleCSS string
	//go:embed app.js
	appJS string
)

// contentSecurityPolicy names the inline stylesheet and script by their
// SHA-256 hashes (CSP level 2).
var contentSecurityPolicy = fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'",
	cspHash(styleCSS), cspHash(appJS))

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
}).Parse(pageTemplate))

// page is what the template renders around the findings' data.
type page struct {
	Tool        report.Tool
	GeneratedAt string
	Estate      report.EstateInfo
	SourceLabel string
	Checks      int
	Summary     report.Summary
	Muted       int
	CSS         template.CSS
	JS          template.JS
	// CSP allows the page's own stylesheet and script, by their hashes,
	// and nothing else: no fetch, and no script that markup slipped in.
	CSP         string
	SevChart    chart
	Services    []serviceRow
	Paths       []pathView
	Severities  []string
	Statuses    []string
	ServiceList []string
}

// chart is a horizontal bar chart of failing findings by severity.
type chart struct {
	Width, Height int
	Bars          []bar
}

type bar struct {
	Label, Class string
	Count        int
	Y, Width     int
	TextX        int
}

// serviceRow is one service's results as a stacked bar (fail, error, pass).
type serviceRow struct {
	Name                 string
	Fail, Error, Pass    int
	MutedFail, Total     int
	FailW, ErrorW, PassW int // bar widths
	ErrorX, PassX, TextX int // where the error and pass segments and the count start
	Title                string
}

// pathView is an attack path with its diagram laid out.
type pathView struct {
	finding.Path
	SevName string
	Width   int
	Height  int
	Boxes   []box
	Arrows  []arrow
}

type box struct {
	X, Y, W, H    int
	Kind, Name    string
	Full          string
	FindingsLabel string
}

type arrow struct {
	X1, X2, Y int
}

// Diagram geometry, in SVG user units.
const (
	boxW, boxH, gapW = 210, 58, 40
	chartW, barH     = 520, 22
	serviceBarW      = 360
)

// Write renders the report as one HTML document.
func Write(w io.Writer, r *report.Report) error {
	p := build(r)
	bw := bufio.NewWriterSize(w, 256<<10)
	if err := tmpl.ExecuteTemplate(bw, "head", p); err != nil {
		return err
	}
	// The data element is written here, not in the template: a template
	// may not end inside a script element.
	bw.WriteString("\n<script type=\"application/json\" id=\"data\">")
	if err := writeData(bw, r); err != nil {
		return err
	}
	bw.WriteString("</script>\n")
	// The evidence, the bulk of a large report, is parsed only when a row
	// is first opened, so it does not delay the first page.
	bw.WriteString("<script type=\"application/json\" id=\"evidence\">")
	if err := writeEvidence(bw, r); err != nil {
		return err
	}
	bw.WriteString("</script>\n")
	if err := tmpl.ExecuteTemplate(bw, "tail", p); err != nil {
		return err
	}
	return bw.Flush()
}

func build(r *report.Report) *page {
	s := r.Summarize()
	p := &page{
		Tool: r.Tool, Estate: r.Estate, Checks: r.Checks, Summary: s,
		CSS: template.CSS(styleCSS), JS: template.JS(appJS), CSP: contentSecurityPolicy,
		SourceLabel: r.Estate.Source,
	}
	if p.Tool.Name == "" {
		p.Tool.Name = "awssec"
	}
	if !r.GeneratedAt.IsZero() {
		p.GeneratedAt = r.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, sev := range finding.Severities {
		p.Severities = append(p.Severities, sev.String())
	}
	for _, st := range finding.Statuses {
		p.Statuses = append(p.Statuses, string(st))
	}
	services := map[string]*serviceRow{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Muted {
			p.Muted++
		}
		name := f.Service
		if name == "" {
			name = "other"
		}
		row := services[name]
		if row == nil {
			row = &serviceRow{Name: name}
			services[name] = row
		}
		switch f.Status {
		case finding.Fail:
			row.Fail++
			if f.Muted {
				row.MutedFail++
			}
		case finding.Error:
			row.Error++
		case finding.Pass:
			row.Pass++
		}
	}
	p.SevChart = severityChart(s)
	p.ServiceList = slices.Sorted(maps.Keys(services))
	p.Services = serviceRows(services)
	for _, path := range r.Paths {
		p.Paths = append(p.Paths, layout(path))
	}
	return p
}

func severityChart(s report.Summary) chart {
	c := chart{Width: chartW, Height: len(finding.Severities)*(barH+8) + 4}
	most := 1
	for _, sev := range finding.Severities {
		most = max(most, s.FailBySeverity[sev.String()])
	}
	const labelW = 80
	for i, sev := range finding.Severities {
		n := s.FailBySeverity[sev.String()]
		w := (chartW - labelW - 60) * n / most
		if n > 0 {
			w = max(w, 2)
		}
		c.Bars = append(c.Bars, bar{Label: sev.String(), Class: "sev-" + sev.String(), Count: n,
			Y: 4 + i*(barH+8), Width: w, TextX: labelW + w + 6})
	}
	return c
}

func serviceRows(services map[string]*serviceRow) []serviceRow {
	rows := make([]serviceRow, 0, len(services))
	most := 1
	for _, r := range services {
		r.Total = r.Fail + r.Error + r.Pass
		most = max(most, r.Total)
	}
	for _, r := range services {
		scale := func(n int) int {
			w := serviceBarW * n / most
			if n > 0 {
				w = max(w, 2)
			}
			return w
		}
		r.FailW, r.ErrorW, r.PassW = scale(r.Fail), scale(r.Error), scale(r.Pass)
		r.ErrorX = r.FailW
		r.PassX = r.FailW + r.ErrorW
		r.TextX = r.PassX + r.PassW + 6
		r.Title = fmt.Sprintf("%s: %d fail, %d error (not assessed), %d pass", r.Name, r.Fail, r.Error, r.Pass)
		if r.MutedFail > 0 {
			r.Title += fmt.Sprintf("; %d of the failures muted", r.MutedFail)
		}
		rows = append(rows, *r)
	}
	// Most failures first: where attention is needed leads.
	slices.SortFunc(rows, func(a, b serviceRow) int {
		if a.Fail != b.Fail {
			return b.Fail - a.Fail
		}
		if a.Error != b.Error {
			return b.Error - a.Error
		}
		return strings.Compare(a.Name, b.Name)
	})
	return rows
}

// layout places a path's steps left to right, four to a row, with an arrow
// from each step to the next.
func layout(p finding.Path) pathView {
	const perRow, rowGap = 4, 30
	v := pathView{Path: p, SevName: p.Severity.String()}
	cols := min(max(len(p.Steps), 1), perRow)
	rows := max((len(p.Steps)+perRow-1)/perRow, 1)
	v.Width = cols*(boxW+gapW) - gapW + 8
	v.Height = rows*(boxH+rowGap) - rowGap + 8
	for i, s := range p.Steps {
		x := 4 + (i%perRow)*(boxW+gapW)
		y := 4 + (i/perRow)*(boxH+rowGap)
		kind := strings.TrimLeft(strings.TrimPrefix(s.ResourceType, "AWS::"), ":")
		if kind == "" {
			kind = "entry"
		}
		full := s.ResourceID
		if s.ResourceARN != "" {
			full = s.ResourceARN
		}
		full += ": " + s.Description
		b := box{X: x, Y: y, W: boxW, H: boxH, Kind: clip(kind, 30), Name: clip(displayName(s), 24), Full: full}
		if len(s.Findings) > 0 {
			b.FindingsLabel = clip(strings.Join(s.Findings, ", "), 34)
		}
		v.Boxes = append(v.Boxes, b)
		if i > 0 && i%perRow != 0 {
			v.Arrows = append(v.Arrows, arrow{X1: x - gapW + 2, X2: x - 4, Y: y + boxH/2})
		}
	}
	return v
}

// displayName is the readable name of a step's resource: the name at the
// end of its ARN's resource path (a role's name rather than its AROA id),
// or its id.
func displayName(s finding.Step) string {
	if i := strings.LastIndexByte(s.ResourceARN, '/'); i >= 0 && i < len(s.ResourceARN)-1 {
		return s.ResourceARN[i+1:]
	}
	return s.ResourceID
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// writeData writes the findings as compact JSON for the script: the checks
// once each, then one array per finding that points at its check. It is
// escaped for HTML, so no value can end the script element.
func writeData(w io.Writer, r *report.Report) error {
	enc := jsontext.NewEncoder(w, jsontext.EscapeForHTML(true), jsontext.AllowInvalidUTF8(true))
	str := func(s string) error { return enc.WriteToken(jsontext.String(s)) }
	num := func(n int) error { return enc.WriteToken(jsontext.Int(int64(n))) }
	type check struct {
		index                       int
		title, service, remediation string
		compliance                  map[string][]string
	}
	checks := map[string]*check{}
	var order []string
	for i := range r.Findings {
		f := &r.Findings[i]
		if _, ok := checks[f.CheckID]; !ok {
			checks[f.CheckID] = &check{index: len(order), title: f.Title, service: f.Service, remediation: f.Remediation, compliance: f.Compliance}
			order = append(order, f.CheckID)
		}
	}
	must := func(errs ...error) error {
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := must(enc.WriteToken(jsontext.BeginObject), str("checks"), enc.WriteToken(jsontext.BeginArray)); err != nil {
		return err
	}
	for _, id := range order {
		c := checks[id]
		if err := must(enc.WriteToken(jsontext.BeginArray), str(id), str(c.title), str(c.service), str(c.remediation),
			str(complianceText(c.compliance)), enc.WriteToken(jsontext.EndArray)); err != nil {
			return err
		}
	}
	if err := must(enc.WriteToken(jsontext.EndArray), str("findings"), enc.WriteToken(jsontext.BeginArray)); err != nil {
		return err
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		c := checks[f.CheckID]
		muted := 0
		if f.Muted {
			muted = 1
		}
		remediation := ""
		if f.Remediation != c.remediation {
			remediation = f.Remediation
		}
		// [check, severity, status, account, region, type, id, arn, message,
		//  muted, mute reason, remediation if not the check's]
		if err := must(enc.WriteToken(jsontext.BeginArray), num(c.index), num(int(f.Severity)), str(string(f.Status)),
			str(f.Account), str(f.Region), str(f.ResourceType), str(orElse(f.ResourceID, f.ResourceName)), str(f.ResourceARN),
			str(f.Message), num(muted), str(f.MuteReason), str(remediation), enc.WriteToken(jsontext.EndArray)); err != nil {
			return err
		}
	}
	return must(enc.WriteToken(jsontext.EndArray), enc.WriteToken(jsontext.EndObject))
}

// writeEvidence writes each finding's evidence, in the order of the
// findings, as one flat array of field, value, source triples per finding.
func writeEvidence(w io.Writer, r *report.Report) error {
	enc := jsontext.NewEncoder(w, jsontext.EscapeForHTML(true), jsontext.AllowInvalidUTF8(true))
	if err := enc.WriteToken(jsontext.BeginArray); err != nil {
		return err
	}
	for i := range r.Findings {
		if err := enc.WriteToken(jsontext.BeginArray); err != nil {
			return err
		}
		for _, e := range r.Findings[i].Evidence {
			for _, v := range [...]string{e.Field, e.Value, e.Source} {
				if err := enc.WriteToken(jsontext.String(v)); err != nil {
					return err
				}
			}
		}
		if err := enc.WriteToken(jsontext.EndArray); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndArray)
}

// complianceText joins compliance ids as "framework id, ...".
func complianceText(c map[string][]string) string {
	var parts []string
	for _, fw := range slices.Sorted(maps.Keys(c)) {
		for _, id := range c[fw] {
			parts = append(parts, fw+" "+id)
		}
	}
	return strings.Join(parts, ", ")
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
