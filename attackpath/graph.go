package attackpath

import (
	"fmt"
	"io"
	"strings"

	"github.com/awssec/awssec/finding"
)

// Graph is the union of attack paths: every step a node, every hop an
// edge labelled with the rule that takes it. Steps on the same resource
// share a node, so paths that cross meet in the drawing.
type Graph struct {
	Nodes []Node         `json:"nodes"`
	Edges []Edge         `json:"edges"`
	Paths []finding.Path `json:"paths"`
}

// Node is one resource or entry point.
type Node struct {
	ID           string           `json:"id"` // "n0", "n1", ... in order of first appearance
	Label        string           `json:"label"`
	Account      string           `json:"account,omitempty"`
	ResourceType string           `json:"resourceType,omitempty"`
	ResourceID   string           `json:"resourceId"`
	Entry        bool             `json:"entry,omitzero"`    // an entry point, not a resource of the estate
	Severity     finding.Severity `json:"severity,omitzero"` // the most severe path through it
}

// Edge is one hop of one or more paths.
type Edge struct {
	From     string           `json:"from"`
	To       string           `json:"to"`
	Rules    []string         `json:"rules"`
	Severity finding.Severity `json:"severity"`
}

// NewGraph joins paths into one graph.
func NewGraph(paths []finding.Path) *Graph {
	g := &Graph{Paths: paths, Nodes: []Node{}, Edges: []Edge{}}
	if g.Paths == nil {
		g.Paths = []finding.Path{}
	}
	nodes := map[string]int{}
	edges := map[[2]string]int{}
	for _, p := range paths {
		prev := ""
		for _, s := range p.Steps {
			k := s.Account + "|" + s.ResourceType + "|" + s.ResourceID
			i, ok := nodes[k]
			if !ok {
				i = len(g.Nodes)
				nodes[k] = i
				g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("n%d", i), Label: label(s), Account: s.Account,
					ResourceType: s.ResourceType, ResourceID: s.ResourceID, Entry: s.ResourceType == ""})
			}
			g.Nodes[i].Severity = max(g.Nodes[i].Severity, p.Severity)
			id := g.Nodes[i].ID
			if prev != "" {
				ek := [2]string{prev, id}
				j, ok := edges[ek]
				if !ok {
					j = len(g.Edges)
					edges[ek] = j
					g.Edges = append(g.Edges, Edge{From: prev, To: id})
				}
				e := &g.Edges[j]
				e.Severity = max(e.Severity, p.Severity)
				if !containsString(e.Rules, p.Rule) {
					e.Rules = append(e.Rules, p.Rule)
				}
			}
			prev = id
		}
	}
	return g
}

func containsString(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// label names a step's node: the kind of resource, its id, its account.
func label(s finding.Step) string {
	if s.ResourceType == "" {
		return s.ResourceID
	}
	if s.ResourceID == s.Account {
		return shortType(s.ResourceType) + ": " + s.Account
	}
	id := s.ResourceID
	if s.ResourceARN != "" {
		// Names read better than opaque ids (AROA..., ANPA...).
		if i := strings.LastIndexAny(s.ResourceARN, "/:"); i >= 0 && i+1 < len(s.ResourceARN) && !strings.HasPrefix(id, "i-") {
			id = s.ResourceARN[i+1:]
		}
	}
	return shortType(s.ResourceType) + ": " + id + " (" + s.Account + ")"
}

var severityColor = map[finding.Severity]string{
	finding.Critical: "#b30059", finding.High: "#d62728", finding.Medium: "#e6a700", finding.Low: "#1f77b4", finding.Info: "#7f7f7f",
}

// WriteDOT writes the graph in Graphviz's DOT language: entry points as
// ellipses, resources as boxes, edges coloured by the most severe path.
func (g *Graph) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph attack_paths {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for _, n := range g.Nodes {
		shape := ""
		if n.Entry {
			shape = ", shape=ellipse, style=filled, fillcolor=\"#fde0e0\""
		}
		fmt.Fprintf(&b, "  %s [label=%s, color=%q%s];\n", n.ID, dotQuote(n.Label), severityColor[n.Severity], shape)
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %s -> %s [label=%s, color=%q];\n", e.From, e.To, dotQuote(strings.Join(e.Rules, "\n")), severityColor[e.Severity])
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// dotQuote quotes s as a DOT string: backslashes and quotes escaped, line
// breaks as DOT's \n.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// WriteMermaid writes the graph as a Mermaid flowchart, which GitHub and
// most Markdown viewers draw.
func (g *Graph) WriteMermaid(w io.Writer) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, n := range g.Nodes {
		open, close := "[", "]"
		if n.Entry {
			open, close = "([", "])"
		}
		fmt.Fprintf(&b, "  %s%s\"%s\"%s\n", n.ID, open, mermaidText(n.Label), close)
	}
	for i, e := range g.Edges {
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.From, mermaidText(strings.Join(e.Rules, ", ")), e.To)
		fmt.Fprintf(&b, "  linkStyle %d stroke:%s\n", i, severityColor[e.Severity])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidText escapes text for a quoted Mermaid label: quotes and the
// characters Mermaid reads as markup become entity codes.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", " ", "|", "#124;")
	return r.Replace(s)
}
