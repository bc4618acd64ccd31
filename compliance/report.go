package compliance

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/awssec/awssec/finding"
)

// Status is a control's outcome.
type Status string

// Control statuses, in report order.
const (
	Fail        Status = "fail"
	NotAssessed Status = "not-assessed"
	Manual      Status = "manual"
	Pass        Status = "pass"
)

// Statuses lists the control statuses in report order.
var Statuses = []Status{Fail, NotAssessed, Manual, Pass}

// Report is one framework's view of a scan.
type Report struct {
	Framework string          `json:"framework"` // "cis-5.0"
	Name      string          `json:"name"`
	Version   string          `json:"version"`
	Summary   map[Status]int  `json:"summary"`
	Controls  []ControlResult `json:"controls"`
	// Accounts counts, for each account of the results, its controls by
	// status: the framework assessed one account at a time, as auditors
	// read it. Controls without checks are left out.
	Accounts []AccountSummary `json:"accounts"`
}

// AccountSummary is one account's count of controls by status.
type AccountSummary struct {
	Account string         `json:"account"`
	Summary map[Status]int `json:"summary"`
}

// ControlResult is one control's outcome and the findings that decided it.
type ControlResult struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Assessment string   `json:"assessment"`
	Status     Status   `json:"status"`
	Checks     []string `json:"checks,omitempty"`
	// Reason says why a control is not assessed or passed vacuously.
	Reason string `json:"reason,omitempty"`
	Passed int    `json:"passed"` // passing results of the control's checks
	// Findings are the failing and not-assessed results of its checks.
	Findings []finding.Finding `json:"findings,omitempty"`
	// Accounts is the control's status in each account, for controls
	// with checks.
	Accounts map[string]Status `json:"accounts,omitempty"`
}

// Evaluate decides every control of fw from a scan's results. ran lists
// the checks the scan ran: a control whose check did not run is not
// assessed, never passed.
//
//   - no checks: manual when the framework calls it manual, else not
//     assessed (awssec has no check for it);
//   - any failing result: fail;
//   - any result not assessed, or a check that did not run: not assessed;
//   - otherwise pass (with no results at all: nothing in scope).
func Evaluate(fw *Framework, ran []string, results []finding.Finding) *Report {
	byCheck := map[string][]int{}
	for i, f := range results {
		byCheck[f.CheckID] = append(byCheck[f.CheckID], i)
	}
	var accounts []string
	for _, f := range results {
		if !slices.Contains(accounts, f.Account) {
			accounts = append(accounts, f.Account)
		}
	}
	slices.Sort(accounts)
	perAccount := map[string]map[Status]int{}
	for _, a := range accounts {
		perAccount[a] = map[Status]int{}
	}
	rep := &Report{Framework: fw.ID, Name: fw.Name, Version: fw.Version, Summary: map[Status]int{}}
	for _, s := range Statuses {
		rep.Summary[s] = 0
	}
	for _, c := range fw.Controls {
		cr := ControlResult{ID: c.ID, Title: c.Title, Assessment: c.Assessment, Checks: c.Checks}
		var fails, errs, notRun int
		var missing []string
		acct := map[string]*tally{}
		for _, a := range accounts {
			acct[a] = &tally{}
		}
		for _, id := range c.Checks {
			if !slices.Contains(ran, id) {
				notRun++
				missing = append(missing, id)
				continue
			}
			for _, i := range byCheck[id] {
				switch f := results[i]; f.Status {
				case finding.Fail:
					fails++
					acct[f.Account].fail++
					cr.Findings = append(cr.Findings, f)
				case finding.Error:
					errs++
					acct[f.Account].err++
					cr.Findings = append(cr.Findings, f)
				case finding.Pass:
					cr.Passed++
					acct[f.Account].pass++
				}
			}
		}
		switch {
		case len(c.Checks) == 0 && c.Assessment == AssessManual:
			cr.Status, cr.Reason = Manual, "assess by hand"
		case len(c.Checks) == 0:
			cr.Status, cr.Reason = NotAssessed, "awssec has no check for this control"
		case fails > 0:
			cr.Status = Fail
		case errs > 0:
			cr.Status, cr.Reason = NotAssessed, fmt.Sprintf("%d result(s) could not be assessed", errs)
		case notRun > 0:
			cr.Status, cr.Reason = NotAssessed, "not run: "+strings.Join(missing, ", ")
		case cr.Passed == 0:
			cr.Status, cr.Reason = Pass, "nothing in scope"
		default:
			cr.Status = Pass
		}
		rep.Summary[cr.Status]++
		if len(c.Checks) > 0 {
			cr.Accounts = map[string]Status{}
			for _, a := range accounts {
				st := Pass
				switch t := acct[a]; {
				case t.fail > 0:
					st = Fail
				case t.err > 0 || notRun > 0:
					st = NotAssessed
				}
				cr.Accounts[a] = st
				perAccount[a][st]++
			}
		}
		rep.Controls = append(rep.Controls, cr)
	}
	rep.Accounts = []AccountSummary{}
	for _, a := range accounts {
		rep.Accounts = append(rep.Accounts, AccountSummary{Account: a, Summary: perAccount[a]})
	}
	return rep
}

// tally counts one account's results of one control's checks.
type tally struct{ fail, err, pass int }

// SummaryLine counts the controls by status.
func (r *Report) SummaryLine() string {
	return fmt.Sprintf("%s v%s: %d controls: %d pass, %d fail, %d manual, %d not assessed",
		r.Name, r.Version, len(r.Controls), r.Summary[Pass], r.Summary[Fail], r.Summary[Manual], r.Summary[NotAssessed])
}

// WriteTable writes one line per control, in the framework's order, with
// its failing and not-assessed findings indented below it.
func (r *Report) WriteTable(w io.Writer) error {
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range r.Controls {
		note := ""
		if c.Reason != "" {
			note = " (" + c.Reason + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\n", strings.ToUpper(strings.ReplaceAll(string(c.Status), "-", " ")), c.ID, clean.Replace(c.Title), note)
		for _, f := range c.Findings {
			fmt.Fprintf(tw, "\t\t  %s %s %s/%s %s: %s\n", strings.ToUpper(string(f.Status)), f.CheckID, f.Account, f.Region,
				clean.Replace(f.ResourceID), clean.Replace(f.Message))
		}
	}
	if len(r.Accounts) > 0 {
		fmt.Fprintf(tw, "\nACCOUNT\tPASS\tFAIL\tNOT ASSESSED\n")
		for _, a := range r.Accounts {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", a.Account, a.Summary[Pass], a.Summary[Fail], a.Summary[NotAssessed])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}

// WriteTSV writes plain tab-separated rows for pipes: a "control" row per
// control (id, status, assessment, checks, title) followed by a "finding"
// row per finding (control id, severity, status, check, account, region,
// resource id, message), then an "account" row per account (account,
// controls passed, failed, not assessed with checks).
func (r *Report) WriteTSV(w io.Writer) error {
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	for _, c := range r.Controls {
		if _, err := fmt.Fprintf(w, "control\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Status, c.Assessment, strings.Join(c.Checks, ","), clean.Replace(c.Title)); err != nil {
			return err
		}
		for _, f := range c.Findings {
			if _, err := fmt.Fprintf(w, "finding\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, f.Severity, f.Status, f.CheckID,
				f.Account, f.Region, f.ResourceID, clean.Replace(f.Message)); err != nil {
				return err
			}
		}
	}
	for _, a := range r.Accounts {
		if _, err := fmt.Fprintf(w, "account\t%s\t%d\t%d\t%d\n", a.Account, a.Summary[Pass], a.Summary[Fail], a.Summary[NotAssessed]); err != nil {
			return err
		}
	}
	return nil
}
