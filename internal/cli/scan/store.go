package scan

import (
	"context"
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/mutelist"
	"github.com/awssec/awssec/report"
	"github.com/awssec/awssec/scandiff"
)

// DefaultStore is the value of a bare --store: the default history store
// under the user's data directory.
const DefaultStore = "default"

// StorePath resolves a --store value to a file.
func StorePath(flag string) (path string, isDefault bool, err error) {
	if flag != DefaultStore {
		return flag, false, nil
	}
	p, err := history.DefaultPath()
	if err != nil {
		return "", false, &cmdutil.UsageError{Err: err}
	}
	return p, true, nil
}

// preflight checks the mutelist, --store and --fail-on-new before anything
// is collected, so bad input fails fast, and returns the mutelist (nil when
// none is asked for).
func preflight(opts *Options) (*mutelist.Mutelist, error) {
	if _, err := failOnNew(opts); err != nil {
		return nil, err
	}
	if opts.Store != "" {
		if _, _, err := StorePath(opts.Store); err != nil {
			return nil, err
		}
	}
	return loadMutelist(opts)
}

// failOnNew parses --fail-on-new; a bare --fail-on-new without --store
// uses the default store, since the gate needs the scan before.
func failOnNew(opts *Options) (finding.Severity, error) {
	if opts.FailOnNew == "" {
		return 0, nil
	}
	s, err := finding.ParseSeverity(opts.FailOnNew)
	if err != nil {
		return 0, &cmdutil.UsageError{Err: fmt.Errorf("--fail-on-new: %w", err)}
	}
	if opts.Store == "" {
		opts.Store = DefaultStore
	}
	return s, nil
}

// storeScan keeps the scan in the history store when --store is set, and
// for --fail-on-new compares it with the previous scan of the same estate:
// new failing findings at or above that severity are a ThresholdError. The
// whole result is stored, whatever --severity and --status show.
func storeScan(ctx context.Context, opts *Options, e *inventory.Estate, rep *report.Report, results []finding.Finding) error {
	gate, err := failOnNew(opts)
	if err != nil || opts.Store == "" {
		return err
	}
	path, isDefault, err := StorePath(opts.Store)
	if err != nil {
		return err
	}
	st, err := history.Create(ctx, path, isDefault)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	defer st.Close()
	accounts := make([]string, len(e.Accounts))
	for i, a := range e.Accounts {
		accounts[i] = a.ID
	}
	sc := history.Scan{At: rep.GeneratedAt, Source: rep.Estate.Source, Accounts: accounts, Regions: rep.Estate.Regions,
		Resources: rep.Estate.Resources, Checks: rep.Checks, Version: rep.Tool.Version, Duration: rep.Duration}
	id, err := st.Save(ctx, sc, results)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	sc, err = st.Scan(ctx, id)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	fmt.Fprintf(opts.IO.ErrOut, "stored as scan %d in %s\n", id, path)
	if gate == 0 {
		return nil
	}
	prev, found, err := st.Previous(ctx, sc)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	var before []finding.Finding
	if found {
		if before, err = st.Findings(ctx, prev.ID); err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		if note := history.AccountNote(prev, sc); note != "" {
			fmt.Fprintln(opts.IO.ErrOut, "note: "+note)
		}
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "no earlier scan of accounts %s in the store: every failing finding is new\n",
			strings.Join(sc.Accounts, ","))
	}
	diff := scandiff.Compare(before, results)
	rd := &scandiff.Report{From: scandiff.Scan{ID: prev.ID}, To: scandiff.Scan{ID: id}, Result: diff}
	fmt.Fprintln(opts.IO.ErrOut, rd.Summary())
	if n := diff.NewAtOrAbove(gate); n > 0 {
		since := "with no earlier scan"
		if found {
			since = fmt.Sprintf("since scan %d", prev.ID)
		}
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d new failing findings at or above %s %s%s",
			n, gate, since, newList(diff, gate))}
	}
	return nil
}

// newList names the first few new findings over the gate, so a CI log
// says what to look at.
func newList(r scandiff.Result, gate finding.Severity) string {
	var names []string
	for _, e := range r.Entries {
		if e.Change == scandiff.New && e.Finding.Severity >= gate {
			names = append(names, e.Finding.CheckID+" "+e.Finding.ResourceID)
		}
	}
	const most = 5
	more := ""
	if len(names) > most {
		more = fmt.Sprintf(", and %d more", len(names)-most)
		names = names[:most]
	}
	return ": " + strings.Join(names, ", ") + more
}
