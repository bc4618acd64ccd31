package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/awssec/awssec/finding"
)

// writePathsTable writes the report's attack paths ahead of its findings:
// each path's severity, title, chain of steps (with the checks that enable
// each) and the fix that breaks it. Nothing when the report has none. A
// write error shows again on the table's next write.
func writePathsTable(w io.Writer, r *Report, opt TableOptions) {
	if len(r.Paths) == 0 {
		return
	}
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + reset
	}
	fmt.Fprintf(w, "ATTACK PATHS (%d)\n", len(r.Paths))
	for _, p := range r.Paths {
		fmt.Fprintf(w, "  %s  %s  %s\n", paint(severityColor[p.Severity], strings.ToUpper(p.Severity.String())), p.Rule, p.Title)
		for i, s := range p.Steps {
			arrow := "   "
			if i > 0 {
				arrow = "→  "
			}
			fmt.Fprintf(w, "      %s%s\n", arrow, StepText(s))
		}
		fmt.Fprintf(w, "      fix: %s\n", p.Fix)
	}
	fmt.Fprintln(w)
}

// writePathsTSV writes one line per attack path ahead of the findings'
// rows: "path", severity, rule, id, title, the steps joined by " → ", fix.
func writePathsTSV(w io.Writer, r *Report) {
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	for _, p := range r.Paths {
		steps := make([]string, len(p.Steps))
		for i, s := range p.Steps {
			steps[i] = StepText(s)
		}
		fmt.Fprintf(w, "path\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Severity, p.Rule, p.ID,
			clean.Replace(p.Title), clean.Replace(strings.Join(steps, " → ")), clean.Replace(p.Fix))
	}
}

// StepText is one step on one line: the resource (or entry point), its
// account, and the checks that enable the hop in brackets.
func StepText(s finding.Step) string {
	var b strings.Builder
	switch {
	case s.ResourceType == "":
		b.WriteString(s.ResourceID)
	case s.ResourceID == s.Account:
		fmt.Fprintf(&b, "%s %s", shortType(s.ResourceType), s.Account)
	default:
		id := s.ResourceID
		// IAM ids (AROA..., AIDA...) say nothing to a reader; the ARN's
		// last part is the name.
		if strings.HasPrefix(s.ResourceType, "AWS::IAM::") && s.ResourceARN != "" {
			id = s.ResourceARN[strings.LastIndexAny(s.ResourceARN, "/:")+1:]
		}
		fmt.Fprintf(&b, "%s %s (%s)", shortType(s.ResourceType), id, s.Account)
	}
	if len(s.Findings) > 0 {
		b.WriteString(" [" + strings.Join(s.Findings, ", ") + "]")
	}
	b.WriteString(": " + s.Description)
	return b.String()
}

// shortType is the last part of a resource type: "AWS::EC2::Instance" →
// "Instance".
func shortType(t string) string {
	if i := strings.LastIndex(t, "::"); i >= 0 {
		return t[i+2:]
	}
	return t
}

// WritePaths writes attack paths alone, as the table shows them: for
// `awssec paths` at a terminal.
func WritePaths(w io.Writer, paths []finding.Path, opt TableOptions) error {
	writePathsTable(w, &Report{Paths: paths}, opt)
	return nil
}

// WritePathsTSV writes attack paths alone, one tab-separated line each:
// for `awssec paths` on a pipe.
func WritePathsTSV(w io.Writer, paths []finding.Path) error {
	writePathsTSV(w, &Report{Paths: paths})
	return nil
}
