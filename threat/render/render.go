// Package render writes generated threats: a terminal table (aligned on a
// terminal, tab-separated on a pipe), a Markdown report with a threat table
// per element, JSON, SARIF 2.1.0 results located in the model file, and a
// self-contained HTML page with the diagram.
package render

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

// Formats are the report formats.
var Formats = []string{"table", "md", "json", "sarif", "html"}

// Table writes one row per threat. On a terminal the columns are aligned
// and long details cut to the width; elsewhere rows are tab-separated and
// complete, for grep and cut.
func Table(w io.Writer, res *threat.Result, tty bool, width int) error {
	header := []string{"ID", "SEVERITY", "STATUS", "SUBJECT", "STRIDE", "THREAT"}
	if !tty {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, strings.Join(append(header, "DETAIL"), "\t"))
		for _, t := range res.Threats {
			fmt.Fprintln(bw, strings.Join([]string{t.ID, t.Severity.String(), t.Status, t.Subject, t.Category.String(), t.Title, t.Detail}, "\t"))
		}
		return bw.Flush()
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, t := range res.Threats {
		title := t.Title
		if room := width - 70; room > 20 && len(title) > room {
			title = title[:room-1] + "…"
		}
		fmt.Fprintln(tw, strings.Join([]string{t.ID, t.Severity.String(), t.Status, t.Subject, t.Category.String(), title}, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\n"+res.Summary())
	return err
}

// JSON writes the threats with the model's title and a summary.
func JSON(w io.Writer, res *threat.Result) error {
	by, open := res.Counts()
	counts := map[string]int{}
	for s, n := range by {
		counts[s.String()] = n
	}
	threats := res.Threats
	if threats == nil {
		threats = []threat.Threat{}
	}
	doc := struct {
		Title   string                `json:"title"`
		File    string                `json:"file,omitempty"`
		Summary map[string]any        `json:"summary"`
		Threats []threat.Threat       `json:"threats"`
		Stale   []*model.ThreatStatus `json:"staleStatuses,omitempty"`
	}{res.Title, res.File, map[string]any{"threats": len(res.Threats), "open": open, "bySeverity": counts}, threats, res.Stale}
	if err := json.MarshalWrite(w, doc, jsontext.WithIndent("  "), json.Deterministic(true)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Markdown writes a report: a summary, the diagram as Mermaid (which GitHub
// and most Markdown viewers draw), and for every element and flow a table of
// its threats followed by their mitigations.
func Markdown(w io.Writer, m *model.Model, res *threat.Result, mermaid string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Threat model: %s\n\n", mdEscape(cmp.Or(m.Title, "untitled")))
	if m.Description != "" {
		fmt.Fprintf(bw, "%s\n\n", mdEscape(m.Description))
	}
	fmt.Fprintf(bw, "%s.\n\n", res.Summary())
	if mermaid != "" {
		fmt.Fprintf(bw, "## Data flow\n\n```mermaid\n%s```\n\n", mermaid)
	}
	bySubject := map[string][]threat.Threat{}
	for _, t := range res.Threats {
		bySubject[t.Subject] = append(bySubject[t.Subject], t)
	}
	section := func(id, kind, name, where string) {
		ts := bySubject[id]
		if len(ts) == 0 {
			return
		}
		fmt.Fprintf(bw, "### %s `%s` (%s)\n\n", mdEscape(name), id, kind)
		if where != "" {
			fmt.Fprintf(bw, "%s\n\n", where)
		}
		bw.WriteString("| ID | STRIDE | Severity | Status | Threat |\n| --- | --- | --- | --- | --- |\n")
		for _, t := range ts {
			status := t.Status
			if t.Note != "" {
				status += ": " + t.Note
			}
			fmt.Fprintf(bw, "| `%s` | %s | %s | %s | **%s**. %s |\n", t.ID, t.CategoryName, t.Severity, mdEscape(status), mdEscape(t.Title), mdEscape(t.Detail))
		}
		bw.WriteString("\nMitigations:\n\n")
		for _, t := range ts {
			fmt.Fprintf(bw, "- `%s`: %s", t.ID, mdEscape(strings.Join(t.Mitigations, "; ")))
			for _, ev := range t.Evidence {
				fmt.Fprintf(bw, "\n  - evidence: `%s` %s", ev.CheckID, mdEscape(ev.Message))
			}
			bw.WriteString("\n")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("## Threats\n\n")
	for _, e := range m.Elements {
		where := ""
		if e.Boundary != "" {
			where = "In boundary `" + e.Boundary + "`."
		}
		section(e.ID, e.Type, cmp.Or(e.Name, e.ID), where)
	}
	for _, f := range m.Flows {
		section(f.ID, "flow", cmp.Or(f.Name, f.ID), fmt.Sprintf("`%s` → `%s`%s.", f.From, f.To, protoSuffix(f)))
	}
	if len(res.Stale) > 0 {
		bw.WriteString("## Statuses of threats no longer generated\n\n")
		for _, s := range res.Stale {
			fmt.Fprintf(bw, "- `%s`: %s %s\n", s.ID, s.Status, mdEscape(s.Note))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

func protoSuffix(f *model.Flow) string {
	s := ""
	if f.Protocol != "" {
		s = " over " + f.Protocol
	}
	if f.Port != 0 {
		s += fmt.Sprintf(" port %d", f.Port)
	}
	return s
}

// mdEscape keeps text from breaking a table row or starting markup.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "", "<", "&lt;", ">", "&gt;").Replace(s)
}
