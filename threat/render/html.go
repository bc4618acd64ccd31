package render

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"sev": func(s finding.Severity) string { return s.String() },
}).Parse(htmlSource))

// HTML writes one self-contained page: the diagram (SVG inlined, no
// external scripts, styles or fonts) and the threats grouped by subject.
// svg is Graphviz's output for the model.
func HTML(w io.Writer, m *model.Model, res *threat.Result, svg []byte) error {
	// Graphviz writes an XML declaration and a DOCTYPE before the <svg>
	// element; inside HTML only the element belongs.
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	type group struct {
		ID, Kind, Name string
		Threats        []threat.Threat
	}
	by := map[string][]threat.Threat{}
	for _, t := range res.Threats {
		by[t.Subject] = append(by[t.Subject], t)
	}
	var groups []group
	for _, e := range m.Elements {
		if ts := by[e.ID]; len(ts) > 0 {
			groups = append(groups, group{e.ID, e.Type, nameOr(e.Name, e.ID), ts})
		}
	}
	for _, f := range m.Flows {
		if ts := by[f.ID]; len(ts) > 0 {
			groups = append(groups, group{f.ID, "flow", nameOr(f.Name, f.From+" → "+f.To), ts})
		}
	}
	return htmlTemplate.Execute(w, map[string]any{
		"Title":       nameOr(m.Title, "Threat model"),
		"Description": m.Description,
		"Summary":     res.Summary(),
		// The SVG is Graphviz's rendering of text this package escaped
		// for DOT; Graphviz escapes it again for XML.
		"SVG":    template.HTML(svg),
		"Groups": groups,
		"Stale":  res.Stale,
	})
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
