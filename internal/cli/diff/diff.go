// Package diff implements `awssec diff`: what changed between two stored
// scans of one estate — new, fixed, still failing, muted and newly not
// assessed findings.
package diff

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/finding"
	store "github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/cli/history"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/scandiff"
)

// Formats lists the output formats of diff.
var Formats = []string{"table", "json", "csv"}

// Options are the inputs of `awssec diff`.
type Options struct {
	IO           *iostreams.IOStreams
	Factory      *cmdutil.Factory
	Store        string
	Args         []string // zero, one or two scan ids
	Format       string
	Output       string
	StillFailing bool
	AnyEstate    bool
	FailOnNew    string
}

// NewCmdDiff builds `awssec diff`. runF replaces the run in tests.
func NewCmdDiff(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "diff [SCAN_A] [SCAN_B]",
		Short: "Show what changed between two stored scans",
		Long: "Diff compares two scans kept with `awssec scan --store`, finding by finding (same check,\n" +
			"account, region and resource): new, newly not assessed, still failing, muted, and fixed.\n" +
			"With no scans named it compares the newest scan with the previous scan of the same\n" +
			"estate (the same accounts, else the newest that shares one); with one, that scan with\n" +
			"the previous scan of its estate.",
		Example: "  awssec diff\n" +
			"  awssec diff 3 7 --format json\n" +
			"  awssec diff --fail-on-new high\n" +
			"  awssec diff --store=ci-history.db --format csv --output changes.csv",
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Store, "store", "", "the history store file (default: history.db under the user's data dir)")
	fl.StringVarP(&opts.Format, "format", "f", "table", "output format: "+strings.Join(Formats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write the diff to this file instead of stdout")
	fl.BoolVar(&opts.StillFailing, "still-failing", false, "list the findings failing in both scans in the table and tab-separated output too (JSON and CSV always list them)")
	fl.BoolVar(&opts.AnyEstate, "any-estate", false, "compare scans of different estates (no account in common) anyway")
	fl.StringVar(&opts.FailOnNew, "fail-on-new", "", "exit 1 when a new failing finding is at or above this severity")
	return cmd
}

// Run compares the two scans and writes the result.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.OneOf("format", opts.Format, Formats); err != nil {
		return err
	}
	var gate finding.Severity
	if opts.FailOnNew != "" {
		s, err := finding.ParseSeverity(opts.FailOnNew)
		if err != nil {
			return &cmdutil.UsageError{Err: fmt.Errorf("--fail-on-new: %w", err)}
		}
		gate = s
	}
	ids := make([]int64, len(opts.Args))
	for i, a := range opts.Args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return cmdutil.Usagef("scan %q: want a scan number from `awssec history`", a)
		}
		ids[i] = id
	}
	st, err := history.OpenStore(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	a, b, err := pick(ctx, st, ids)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if !a.Overlaps(b) && !opts.AnyEstate {
		return cmdutil.Usagef("scans %d and %d are of different estates (accounts %s and %s): every finding would show as new or fixed; compare them anyway with --any-estate",
			a.ID, b.ID, estate(a), estate(b))
	}
	if note := store.AccountNote(a, b); note != "" {
		fmt.Fprintln(opts.IO.ErrOut, "note: "+note)
	}
	before, err := st.Findings(ctx, a.ID)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	after, err := st.Findings(ctx, b.ID)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	rep := &scandiff.Report{From: side(a), To: side(b), Result: scandiff.Compare(before, after)}
	err = cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		switch opts.Format {
		case "json":
			return scandiff.WriteJSON(w, rep)
		case "csv":
			return scandiff.WriteCSV(w, rep)
		}
		if opts.Output == "" && opts.IO.IsStdoutTTY() {
			return scandiff.WriteTable(w, rep, scandiff.TableOptions{StillFailing: opts.StillFailing})
		}
		if err := scandiff.WriteTSV(w, rep, scandiff.TableOptions{StillFailing: opts.StillFailing}); err != nil {
			return err
		}
		_, err := fmt.Fprintln(opts.IO.ErrOut, rep.Summary())
		return err
	})
	if err != nil {
		return err
	}
	if n := rep.NewAtOrAbove(gate); gate != 0 && n > 0 {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d new failing findings at or above %s since scan %d", n, gate, a.ID)}
	}
	return nil
}

// pick finds the two scans to compare: the ones named, or the newest (or
// the one named) and the previous scan of the same estate.
func pick(ctx context.Context, st *store.Store, ids []int64) (a, b store.Scan, err error) {
	if len(ids) == 2 {
		if a, err = st.Scan(ctx, ids[0]); err != nil {
			return a, b, err
		}
		b, err = st.Scan(ctx, ids[1])
		return a, b, err
	}
	if len(ids) == 1 {
		b, err = st.Scan(ctx, ids[0])
	} else {
		b, err = st.Latest(ctx)
	}
	if err != nil {
		return a, b, err
	}
	a, found, err := st.Previous(ctx, b)
	if err == nil && !found {
		err = fmt.Errorf("scan %d is the first scan of accounts %s in %s: nothing to compare it with", b.ID, estate(b), st.Path())
	}
	return a, b, err
}

func estate(s store.Scan) string {
	if len(s.Accounts) == 0 {
		return "(none)"
	}
	return strings.Join(s.Accounts, ",")
}

func side(s store.Scan) scandiff.Scan {
	return scandiff.Scan{ID: s.ID, At: s.At, Source: s.Source, Accounts: s.Accounts}
}
