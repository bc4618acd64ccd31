// Package diagram draws a data-flow model: Mermaid and Graphviz DOT text
// written by this package, and SVG laid out by Graphviz's dot run as a
// separate process. Graphviz is used because its layout engine is mature
// and no Go library lays out clustered graphs of its quality; running it as
// a process (with a timeout) keeps it out of the binary and bounds its time.
package diagram

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

// Formats are the diagram formats.
var Formats = []string{"mermaid", "dot", "svg"}

// tree is the model's boundaries nested, with the elements in each.
type tree struct {
	m        *model.Model
	children map[string][]*model.Boundary // parent id ("" for the top) → boundaries
	members  map[string][]*model.Element  // boundary id ("" for none) → elements
	worst    map[string]finding.Severity  // element or flow id → its worst open threat
	open     map[string]int
}

func newTree(m *model.Model, res *threat.Result) *tree {
	t := &tree{m: m, children: map[string][]*model.Boundary{}, members: map[string][]*model.Element{},
		worst: map[string]finding.Severity{}, open: map[string]int{}}
	known := map[string]bool{}
	for _, b := range m.Boundaries {
		known[b.ID] = true
	}
	for _, b := range m.Boundaries {
		parent := b.Parent
		if !known[parent] {
			parent = ""
		}
		t.children[parent] = append(t.children[parent], b)
	}
	for _, e := range m.Elements {
		b := e.Boundary
		if !known[b] {
			b = ""
		}
		t.members[b] = append(t.members[b], e)
	}
	if res != nil {
		for _, th := range res.Threats {
			if th.Open() {
				t.open[th.Subject]++
				t.worst[th.Subject] = max(t.worst[th.Subject], th.Severity)
			}
		}
	}
	return t
}

func label(name, id string) string {
	if name != "" && name != id {
		return name + "\n" + id
	}
	return id
}

func flowLabel(f *model.Flow) string {
	l := f.ID
	if f.Protocol != "" {
		l += " " + f.Protocol
	}
	if f.Port != 0 {
		l += fmt.Sprintf(":%d", f.Port)
	}
	return l
}

func severityColor(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "#b30000"
	case finding.High:
		return "#e34a33"
	case finding.Medium:
		return "#fc8d59"
	case finding.Low:
		return "#fdcc8a"
	}
	return "#9e9e9e"
}

// DOT writes the model as a Graphviz digraph: boundaries as dashed
// clusters, actors as boxes, processes as ellipses, stores as cylinders;
// elements and flows with open threats are outlined in the colour of the
// worst one (res may be nil).
func DOT(w io.Writer, m *model.Model, res *threat.Result) error {
	t := newTree(m, res)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n", dotQuote(m.Title))
	fmt.Fprintf(bw, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, label=%s, labelloc=t, compound=true];\n", dotQuote(m.Title))
	bw.WriteString("  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\"];\n")
	bw.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	var cluster func(parent string, depth int)
	cluster = func(parent string, depth int) {
		indent := strings.Repeat("  ", depth+1)
		for _, e := range t.members[parent] {
			fmt.Fprintf(bw, "%s%s [%s];\n", indent, dotQuote(e.ID), t.nodeAttrs(e))
		}
		for _, b := range t.children[parent] {
			fmt.Fprintf(bw, "%ssubgraph %s {\n", indent, dotQuote("cluster_"+b.ID))
			kind := ""
			if b.Kind != "" && b.Kind != b.ID {
				kind = " (" + b.Kind + ")"
			}
			fmt.Fprintf(bw, "%s  label=%s; style=dashed; color=\"#c62828\"; fontcolor=\"#c62828\";\n", indent, dotQuote(nameOr(b.Name, b.ID)+kind))
			cluster(b.ID, depth+1)
			fmt.Fprintf(bw, "%s}\n", indent)
		}
	}
	cluster("", 0)
	for _, f := range m.Flows {
		attrs := []string{"label=" + dotQuote(flowLabel(f))}
		if !f.IsEncrypted() {
			attrs = append(attrs, "style=dashed")
		}
		if s, ok := t.worst[f.ID]; ok {
			attrs = append(attrs, fmt.Sprintf("color=%q", severityColor(s)), "penwidth=1.5")
		}
		fmt.Fprintf(bw, "  %s -> %s [%s];\n", dotQuote(f.From), dotQuote(f.To), strings.Join(attrs, ", "))
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

func (t *tree) nodeAttrs(e *model.Element) string {
	shape := map[string]string{model.Actor: "box", model.Process: "ellipse", model.Store: "cylinder"}[e.Type]
	l := label(e.Name, e.ID)
	if n := t.open[e.ID]; n > 0 {
		l += fmt.Sprintf("\n%d open threats", n)
	}
	attrs := fmt.Sprintf("shape=%s, label=%s", shape, dotQuote(l))
	if s, ok := t.worst[e.ID]; ok {
		attrs += fmt.Sprintf(", color=%q, penwidth=2", severityColor(s))
	}
	return attrs
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// dotQuote quotes a string for DOT: a double-quoted ID in which only \" is
// an escape; newlines become the \n line breaks labels understand.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Mermaid writes the model as a Mermaid flowchart: boundaries as
// subgraphs, actors as rectangles, processes as rounded stadiums, stores as
// cylinders, unencrypted flows dotted.
func Mermaid(w io.Writer, m *model.Model) error {
	t := newTree(m, nil)
	bw := bufio.NewWriter(w)
	ids := make(map[string]string, len(m.Elements))
	for i, e := range m.Elements {
		ids[e.ID] = fmt.Sprintf("n%d", i)
	}
	bw.WriteString("flowchart LR\n")
	var sub func(parent string, depth int)
	sub = func(parent string, depth int) {
		indent := strings.Repeat("  ", depth+1)
		for _, e := range t.members[parent] {
			shape := mermaidShapes[e.Type]
			fmt.Fprintf(bw, "%s%s%s%s%s\n", indent, ids[e.ID], shape[0], mermaidQuote(label(e.Name, e.ID)), shape[1])
		}
		for i, b := range t.children[parent] {
			fmt.Fprintf(bw, "%ssubgraph b%d_%d[%s]\n", indent, depth, i, mermaidQuote(nameOr(b.Name, b.ID)))
			sub(b.ID, depth+1)
			fmt.Fprintf(bw, "%send\n", indent)
		}
	}
	sub("", 0)
	for _, f := range m.Flows {
		arrow := "-->"
		if !f.IsEncrypted() {
			arrow = "-.->"
		}
		fmt.Fprintf(bw, "  %s %s|%s| %s\n", ids[f.From], arrow, mermaidQuote(flowLabel(f)), ids[f.To])
	}
	return bw.Flush()
}

// mermaidShapes are the brackets of each element type: a rectangle, a
// stadium, a cylinder.
var mermaidShapes = map[string][2]string{model.Actor: {"[", "]"}, model.Process: {"([", "])"}, model.Store: {"[(", ")]"}}

// mermaidQuote makes a quoted Mermaid label; quotes and line breaks use
// Mermaid's entity codes and <br/>.
func mermaidQuote(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", "<br/>", "\r", "", "|", "#124;")
	return `"` + r.Replace(s) + `"`
}

// ErrNoGraphviz means the dot program is not installed.
var ErrNoGraphviz = errors.New("the Graphviz `dot` program is not installed (Debian/Ubuntu: apt-get install graphviz); --diagram dot and mermaid need no extra program")

// Timeout bounds one Graphviz run.
var Timeout = 60 * time.Second

// SVG lays out DOT text with Graphviz and returns the SVG.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoGraphviz
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &limited{w: &errOut, n: 4096}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("graphviz dot did not finish within %s: the model is too large to draw; use --diagram dot or mermaid", Timeout)
		}
		return nil, fmt.Errorf("graphviz dot: %v: %s", err, strings.TrimSpace(errOut.String()))
	}
	return out.Bytes(), nil
}

// limited keeps the first n bytes written to it.
type limited struct {
	w *bytes.Buffer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.n - l.w.Len(); room > 0 {
		l.w.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// RenderSVG draws the model (with its threats' colours) as SVG.
func RenderSVG(ctx context.Context, m *model.Model, res *threat.Result) ([]byte, error) {
	var dot bytes.Buffer
	if err := DOT(&dot, m, res); err != nil {
		return nil, err
	}
	return SVG(ctx, dot.Bytes())
}
