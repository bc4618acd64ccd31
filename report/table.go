package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/awssec/awssec/finding"
)

// TableOptions says how to draw the terminal table.
type TableOptions struct {
	Color bool
}

var severityColor = map[finding.Severity]string{
	finding.Critical: "\x1b[1;35m", finding.High: "\x1b[1;31m", finding.Medium: "\x1b[33m",
	finding.Low: "\x1b[36m", finding.Info: "\x1b[2m",
}

var statusColor = map[finding.Status]string{
	finding.Fail: "\x1b[31m", finding.Error: "\x1b[35m", finding.Pass: "\x1b[32m",
}

const reset = "\x1b[0m"

// WriteTable writes findings grouped by severity, for a person at a
// terminal. Findings must be sorted (Sort). The caller prints the summary
// line, which may count more than the table shows.
func WriteTable(w io.Writer, r *Report, opt TableOptions) error {
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + reset
	}
	writePathsTable(w, r, opt)
	for _, sev := range finding.Severities {
		var group []finding.Finding
		for _, f := range r.Findings {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d)\n", paint(severityColor[sev], strings.ToUpper(sev.String())), len(group))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range group {
			resource := f.ResourceID
			if f.ResourceName != "" && f.ResourceName != f.ResourceID {
				resource += " (" + f.ResourceName + ")"
			}
			// Every status colour code has the same length, so tabwriter,
			// which counts bytes, still aligns the columns.
			fmt.Fprintf(tw, "  %s\t%s\t%s/%s\t%s\t%s\n",
				paint(statusColor[f.Status], strings.ToUpper(string(f.Status))), f.CheckID, f.Account, f.Region, resource, mutedMark(f)+f.Message)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// WriteTSV writes one finding per line, tab-separated, untruncated and
// without colour, for pipes and scripts: severity, status, check id,
// account, region, resource type, resource id, message.
func WriteTSV(w io.Writer, r *Report) error {
	writePathsTSV(w, r)
	for _, f := range r.Findings {
		msg := strings.NewReplacer("\t", " ", "\n", " ").Replace(mutedMark(f) + f.Message)
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			f.Severity, f.Status, f.CheckID, f.Account, f.Region, f.ResourceType, f.ResourceID, msg); err != nil {
			return err
		}
	}
	return nil
}

// mutedMark prefixes a muted finding's message with the mute and its
// reason; the finding keeps its status.
func mutedMark(f finding.Finding) string {
	if !f.Muted {
		return ""
	}
	return "[muted: " + f.MuteReason + "] "
}
