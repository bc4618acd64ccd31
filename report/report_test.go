package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
)

func TestSortOrder(t *testing.T) {
	fs := []finding.Finding{
		{CheckID: "b", Severity: finding.Low, Status: finding.Fail},
		{CheckID: "a", Severity: finding.High, Status: finding.Pass},
		{CheckID: "c", Severity: finding.High, Status: finding.Error},
		{CheckID: "d", Severity: finding.High, Status: finding.Fail, ResourceID: "2"},
		{CheckID: "d", Severity: finding.High, Status: finding.Fail, ResourceID: "1"},
		{CheckID: "e", Severity: finding.Critical, Status: finding.Pass},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.CheckID+f.ResourceID)
	}
	want := []string{"e", "d1", "d2", "c", "a", "b"} // severity, then fail < error < pass, then check, then resource
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestCSVRoundTrip reads the CSV back with an independent reader: commas,
// quotes and newlines in messages must survive.
func TestCSVRoundTrip(t *testing.T) {
	f := finding.Finding{
		CheckID: "x-y", Title: `a "quoted", title`, Severity: finding.Medium, Status: finding.Fail,
		Message:    "line one,\nline two",
		Evidence:   []finding.Evidence{{Field: "A", Value: "1", Source: "svc:Call"}, {Field: "B", Value: "2"}},
		Compliance: map[string][]string{"cis-aws-5.0.0": {"1.2"}, "cis-aws-3.0.0": {"1.3", "1.4"}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, &Report{Findings: []finding.Finding{f}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[1]) != len(csvHeader) {
		t.Fatalf("got %d rows, want header + 1 of %d columns: %q", len(rows), len(csvHeader), rows)
	}
	col := func(name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %q", name)
		return ""
	}
	for name, want := range map[string]string{
		"title":      `a "quoted", title`,
		"message":    "line one,\nline two",
		"evidence":   "A=1 (svc:Call); B=2",
		"compliance": "cis-aws-3.0.0:1.3; cis-aws-3.0.0:1.4; cis-aws-5.0.0:1.2",
		"severity":   "medium",
	} {
		if got := col(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	r := &Report{Checks: 1, Estate: EstateInfo{Resources: 1, Accounts: 1, Regions: 2}, Findings: []finding.Finding{
		{Severity: finding.High, Status: finding.Fail}, {Severity: finding.High, Status: finding.Error},
		{Severity: finding.Low, Status: finding.Pass},
	}}
	want := "1 check, 3 results: 1 fail (1 high), 1 error (not assessed), 1 pass · 1 resource in 1 account, 2 regions · 0s"
	if got := r.SummaryLine(); got != want {
		t.Errorf("SummaryLine() =\n %q, want\n %q", got, want)
	}
}
