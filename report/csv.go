package report

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/awssec/awssec/finding"
)

// csvHeader names the CSV columns, one finding per row.
var csvHeader = []string{
	"check_id", "title", "service", "severity", "status", "account", "region",
	"resource_type", "resource_id", "resource_arn", "resource_name", "message",
	"evidence", "remediation", "compliance", "muted", "mute_reason",
}

// WriteCSV writes the findings as RFC 4180 CSV with a header row.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range r.Findings {
		row := []string{
			f.CheckID, f.Title, f.Service, f.Severity.String(), string(f.Status), f.Account, f.Region,
			f.ResourceType, f.ResourceID, f.ResourceARN, f.ResourceName, f.Message,
			evidenceText(f.Evidence), f.Remediation, complianceText(f.Compliance),
			strconv.FormatBool(f.Muted), f.MuteReason,
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// evidenceText joins evidence as "field=value (source); ...".
func evidenceText(ev []finding.Evidence) string {
	parts := make([]string, len(ev))
	for i, e := range ev {
		parts[i] = e.Field + "=" + e.Value
		if e.Source != "" {
			parts[i] += " (" + e.Source + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// complianceText joins compliance ids as "framework:id; ...", frameworks sorted.
func complianceText(c map[string][]string) string {
	var parts []string
	for _, fw := range slices.Sorted(maps.Keys(c)) {
		for _, id := range c[fw] {
			parts = append(parts, fw+":"+id)
		}
	}
	return strings.Join(parts, "; ")
}
