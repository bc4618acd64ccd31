package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

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
	return m, threat.Generate(m, nil)
}

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

func TestMermaid(t *testing.T) {
	m, _ := orders(t)
	var buf bytes.Buffer
	if err := Mermaid(&buf, m); err != nil {
		t.Fatal(err)
	}
	golden(t, "orders.mmd", buf.Bytes())
}

func TestDOT(t *testing.T) {
	m, res := orders(t)
	var buf bytes.Buffer
	if err := DOT(&buf, m, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "orders.dot", buf.Bytes())
}

func TestQuoting(t *testing.T) {
	m, err := model.Parse("q.yaml", []byte("title: 'say \"hi\" \\ ok'\nelements:\n  - {id: a, type: actor, name: \"a \\\"quoted\\\" | name\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var dot, mm bytes.Buffer
	if err := DOT(&dot, m, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dot.String(), `digraph "say \"hi\" \\ ok"`) {
		t.Errorf("dot quoting:\n%s", dot.String())
	}
	if err := Mermaid(&mm, m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mm.String(), `n0["a #quot;quoted#quot; #124; name<br/>a"]`) {
		t.Errorf("mermaid quoting:\n%s", mm.String())
	}
}

// TestSVG runs the real Graphviz: the SVG is well-formed XML and names
// every element. Graphviz's exact output differs between versions, so it
// is checked, not pinned.
func TestSVG(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("graphviz dot is not installed (scripts/test installs it)")
	}
	m, res := orders(t)
	svg, err := RenderSVG(context.Background(), m, res)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not XML: %v", err)
			}
			break
		}
	}
	for _, want := range []string{"<svg", "customer", "orders&#45;db", "f1 http"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestSVGWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := SVG(context.Background(), []byte("digraph{}"))
	if !errors.Is(err, ErrNoGraphviz) {
		t.Fatalf("err = %v", err)
	}
}
