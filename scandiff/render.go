package scandiff

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
)

// Scan names one side of a comparison.
type Scan struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Source   string    `json:"source"`
	Accounts []string  `json:"accounts"`
}

// Report is a comparison with the scans it compares.
type Report struct {
	From, To Scan
	Result
}

// SchemaVersion is the version of the JSON form of a diff.
const SchemaVersion = 1

// Summary is the one-line count of every change.
func (r *Report) Summary() string {
	parts := make([]string, len(Changes))
	for i, c := range Changes {
		parts[i] = fmt.Sprintf("%d %s", r.Counts[c], strings.ReplaceAll(string(c), "-", " "))
	}
	return fmt.Sprintf("scan %d → scan %d: %s", r.From.ID, r.To.ID, strings.Join(parts, ", "))
}

// TableOptions says what the table shows.
type TableOptions struct {
	// StillFailing lists the findings failing in both scans, which the
	// table otherwise only counts.
	StillFailing bool
}

// WriteTable writes the changes grouped by kind, for a person at a terminal.
func WriteTable(w io.Writer, r *Report, opt TableOptions) error {
	fmt.Fprintf(w, "scan %d (%s) → scan %d (%s)\n\n", r.From.ID, r.From.At.UTC().Format(time.RFC3339),
		r.To.ID, r.To.At.UTC().Format(time.RFC3339))
	for _, c := range Changes {
		if c == StillFailing && !opt.StillFailing {
			continue
		}
		var group []Entry
		for _, e := range r.Entries {
			if e.Change == c {
				group = append(group, e)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d)\n", strings.ToUpper(strings.ReplaceAll(string(c), "-", " ")), len(group))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, e := range group {
			f := e.Finding
			fmt.Fprintf(tw, "  %s\t%s\t%s/%s\t%s\t%s\t%s\n", f.Severity, f.CheckID, f.Account, f.Region,
				f.ResourceID, transition(e), detail(e))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

// transition renders "fail → pass", with "absent" for a missing side.
func transition(e Entry) string {
	name := func(s finding.Status) string {
		if s == "" {
			return "absent"
		}
		return string(s)
	}
	return name(e.Before) + " → " + name(e.After)
}

func detail(e Entry) string {
	switch {
	case e.Change == Muted:
		return "muted: " + e.Finding.MuteReason
	case e.Change == Fixed && e.After == "":
		return "no longer reported (resource gone or check not run)"
	case e.Change == New && e.WasMuted:
		return "no longer muted: " + e.Finding.Message
	}
	return e.Finding.Message
}

// WriteTSV writes one change per line, tab-separated, for pipes: change,
// severity, before, after, check id, account, region, resource type,
// resource id, message. Like the table, it leaves out the findings failing
// in both scans unless asked.
func WriteTSV(w io.Writer, r *Report, opt TableOptions) error {
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	for _, e := range r.Entries {
		if e.Change == StillFailing && !opt.StillFailing {
			continue
		}
		f := e.Finding
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Change, f.Severity, e.Before, e.After,
			f.CheckID, f.Account, f.Region, f.ResourceType, f.ResourceID, clean.Replace(detail(e))); err != nil {
			return err
		}
	}
	return nil
}

type jsonEntry struct {
	Change   Change           `json:"change"`
	Before   finding.Status   `json:"before"`
	After    finding.Status   `json:"after"`
	WasMuted bool             `json:"wasMuted,omitzero"`
	Finding  *finding.Finding `json:"finding"`
}

type jsonReport struct {
	SchemaVersion int            `json:"schemaVersion"`
	From          Scan           `json:"from"`
	To            Scan           `json:"to"`
	Counts        map[Change]int `json:"counts"`
	Entries       []jsonEntry    `json:"entries"`
}

// WriteJSON writes the comparison as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	doc := jsonReport{SchemaVersion: SchemaVersion, From: r.From, To: r.To, Counts: r.Counts, Entries: make([]jsonEntry, len(r.Entries))}
	for i, e := range r.Entries {
		doc.Entries[i] = jsonEntry{e.Change, e.Before, e.After, e.WasMuted, e.Finding}
	}
	if err := json.MarshalWrite(w, doc, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

var csvHeader = []string{"change", "before", "after", "check_id", "severity", "account", "region",
	"resource_type", "resource_id", "resource_arn", "message", "muted", "mute_reason"}

// WriteCSV writes one change per row, RFC 4180, with a header row.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, e := range r.Entries {
		f := e.Finding
		if err := cw.Write([]string{string(e.Change), string(e.Before), string(e.After), f.CheckID, f.Severity.String(),
			f.Account, f.Region, f.ResourceType, f.ResourceID, f.ResourceARN, f.Message,
			strconv.FormatBool(f.Muted), f.MuteReason}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
