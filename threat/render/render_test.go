package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func orders(t *testing.T) (*model.Model, *threat.Result) {
	t.Helper()
	data, err := os.ReadFile("testdata/orders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Parse("orders.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	// A scan finding on the API's stage becomes evidence.
	f := []finding.Finding{{CheckID: "apigateway-rest-stage-waf", Status: finding.Fail, Severity: finding.Medium, Account: "444455556666",
		ResourceID: "a1/prod", ResourceARN: "arn:aws:apigateway:us-east-1::/restapis/a1/stages/prod", Message: "stage prod has no AWS WAF web ACL"}}
	return m, threat.Generate(m, f)
}

// The sample SVG stands in for Graphviz's output, which differs between
// Graphviz versions; diagram tests run the real dot.
const sampleSVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><g id="graph0"><title>Orders API</title></g></svg>
`

func TestGolden(t *testing.T) {
	m, res := orders(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"orders.tsv", func(b *bytes.Buffer) error { return Table(b, res, false, 100) }},
		{"orders.table.txt", func(b *bytes.Buffer) error { return Table(b, res, true, 160) }},
		{"orders.md", func(b *bytes.Buffer) error { return Markdown(b, m, res, "flowchart LR\n  n0 --> n1\n") }},
		{"orders.json", func(b *bytes.Buffer) error { return JSON(b, res) }},
		{"orders.sarif", func(b *bytes.Buffer) error { return SARIF(b, res, "test") }},
		{"orders.html", func(b *bytes.Buffer) error { return HTML(b, m, res, []byte(sampleSVG)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

// TestTemplates pins the reviewed threats of every template.
func TestTemplates(t *testing.T) {
	for _, tpl := range templates.All {
		t.Run(tpl.Name, func(t *testing.T) {
			src, err := templates.Source(tpl.Name)
			if err != nil {
				t.Fatal(err)
			}
			m, err := model.Parse(tpl.Name+".yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			res := threat.Generate(m, nil)
			var buf bytes.Buffer
			if err := Markdown(&buf, m, res, ""); err != nil {
				t.Fatal(err)
			}
			golden(t, "template-"+tpl.Name+".md", buf.Bytes())
		})
	}
}

func TestSARIFValidates(t *testing.T) {
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	_, res := orders(t)
	var buf bytes.Buffer
	if err := SARIF(&buf, res, "test"); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	_ = out
}

func TestSARIFLocations(t *testing.T) {
	_, res := orders(t)
	var buf bytes.Buffer
	if err := SARIF(&buf, res, "test"); err != nil {
		t.Fatal(err)
	}
	// f1 is on line 12 of the fixture, column 5; its mitigated threat is
	// suppressed.
	s := buf.String()
	for _, want := range []string{`"startLine": 12`, `"uri": "orders.yaml"`, `"threatId/v1": "T-f1-I-plaintext"`, `"status": "accepted"`} {
		if !strings.Contains(s, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	m, err := model.Parse("x.yaml", []byte("title: \"<script>alert(1)</script>\"\nelements:\n  - {id: a, type: process, name: \"<img src=x onerror=alert(1)>\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := HTML(&buf, m, threat.Generate(m, nil), []byte(sampleSVG)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>alert") || strings.Contains(buf.String(), "<img src=x") {
		t.Error("model text reached the page unescaped")
	}
	if strings.Contains(buf.String(), "<?xml") || strings.Contains(buf.String(), "http-equiv") || strings.Contains(buf.String(), "src=\"http") {
		t.Error("the page is not self-contained")
	}
}

// TestRulesDoc keeps docs/threat-rules.md equal to the catalogue
// (go test ./threat/render -update rewrites it).
func TestRulesDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := RulesMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "threat-rules.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("docs/threat-rules.md is stale (go test ./threat/render -update):\n%s", diff)
	}
}
