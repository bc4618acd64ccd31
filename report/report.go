// Package report renders scan results: a terminal table grouped by severity,
// plain tab-separated rows for pipes, JSON and CSV.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// SchemaVersion is the version of the JSON report's shape (docs/findings.md).
const SchemaVersion = 1

// Report is one scan's results and what they were run on.
type Report struct {
	Tool        Tool              `json:"tool"`
	GeneratedAt time.Time         `json:"generatedAt"`
	Estate      EstateInfo        `json:"estate"`
	Checks      int               `json:"checks"` // how many checks ran
	Duration    time.Duration     `json:"-"`
	Findings    []finding.Finding `json:"findings"`
	// Paths are the attack paths the findings form, most severe first.
	Paths []finding.Path `json:"paths,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// EstateInfo describes the scanned estate.
type EstateInfo struct {
	Source      string    `json:"source"`
	CollectedAt time.Time `json:"collectedAt"`
	Accounts    int       `json:"accounts"`
	Regions     int       `json:"regions"`
	Resources   int       `json:"resources"`
}

// Describe summarizes an estate for a report.
func Describe(e *inventory.Estate) EstateInfo {
	info := EstateInfo{Source: e.Source, CollectedAt: e.CollectedAt, Accounts: len(e.Accounts)}
	regions := map[string]bool{}
	for _, r := range e.Regions() {
		regions[r.Name] = true
	}
	info.Regions = len(regions)
	info.Resources = inventory.Count(e)
	return info
}

// Summary counts results by status and failures by severity.
type Summary struct {
	Results        int            `json:"results"`
	Fail           int            `json:"fail"`
	Error          int            `json:"error"`
	Pass           int            `json:"pass"`
	FailBySeverity map[string]int `json:"failBySeverity"`
	// Muted counts the results a mutelist muted; they are counted under
	// their status too.
	Muted int `json:"muted,omitzero"`
}

// Summarize counts the report's findings.
func (r *Report) Summarize() Summary {
	s := Summary{Results: len(r.Findings), FailBySeverity: map[string]int{}}
	for _, sev := range finding.Severities {
		s.FailBySeverity[sev.String()] = 0
	}
	for _, f := range r.Findings {
		switch f.Status {
		case finding.Fail:
			s.Fail++
			s.FailBySeverity[f.Severity.String()]++
		case finding.Error:
			s.Error++
		case finding.Pass:
			s.Pass++
		}
		if f.Muted {
			s.Muted++
		}
	}
	return s
}

// SummaryLine is the one-line summary printed after a table.
func (r *Report) SummaryLine() string {
	s := r.Summarize()
	var sev []string
	for _, v := range finding.Severities {
		if n := s.FailBySeverity[v.String()]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, v))
		}
	}
	fails := fmt.Sprintf("%d fail", s.Fail)
	if len(sev) > 0 {
		fails += " (" + strings.Join(sev, ", ") + ")"
	}
	if s.Muted > 0 {
		fails += fmt.Sprintf(", %d muted", s.Muted)
	}
	return fmt.Sprintf("%s, %s: %s, %d error (not assessed), %d pass · %s in %s, %s · %s",
		count(r.Checks, "check"), count(s.Results, "result"), fails, s.Error, s.Pass,
		count(r.Estate.Resources, "resource"), count(r.Estate.Accounts, "account"), count(r.Estate.Regions, "region"),
		r.Duration.Round(time.Millisecond))
}

// count renders n with a noun in the singular or plural.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// statusRank orders statuses as reports list them: fail, error, pass.
func statusRank(s finding.Status) int { return slices.Index(finding.Statuses, s) }

// Sort orders findings for reading: highest severity first, failures before
// errors before passes, then by check, account, region and resource.
func Sort(fs []finding.Finding) {
	slices.SortStableFunc(fs, func(a, b finding.Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
			cmp.Compare(a.CheckID, b.CheckID),
			cmp.Compare(a.Account, b.Account),
			cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.ResourceID, b.ResourceID),
		)
	})
}
