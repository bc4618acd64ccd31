// Package history implements `awssec history`: the scans kept in the local
// history store, newest first, with when, what and how many findings.
package history

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	store "github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// Options are the inputs of `awssec history`.
type Options struct {
	IO     *iostreams.IOStreams
	Store  string // a file, or empty for the default store
	Limit  int
	Format string
}

// NewCmdHistory builds `awssec history`. runF replaces the run in tests.
func NewCmdHistory(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the scans kept in the local history store",
		Long: "History lists the scans kept with `awssec scan --store`, newest first: when, what estate,\n" +
			"and how many findings failed, were muted, could not be assessed, and passed.\n" +
			"Compare two of them with `awssec diff`.",
		Example: "  awssec history\n  awssec history --store=ci-history.db --limit 5 --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Store, "store", "", "the history store file (default: history.db under the user's data dir)")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 0, "list only the newest N scans")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "table", "output format: table, json")
	return cmd
}

// OpenStore opens an existing history store: the file named, or the
// default one. Every failure is a usage error: the store is the input.
func OpenStore(ctx context.Context, path string) (*store.Store, error) {
	if path == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
		path = p
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return st, nil
}

// Run lists the scans.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"table", "json"}); err != nil {
		return err
	}
	if opts.Limit < 0 {
		return cmdutil.Usagef("--limit must be positive")
	}
	st, err := OpenStore(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	scans, err := st.Scans(ctx, opts.Limit)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if opts.Format == "json" {
		return writeJSON(opts.IO.Out, scans)
	}
	if len(scans) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "no scans in %s yet (keep one with `awssec scan --store`)\n", st.Path())
		return nil
	}
	return writeTable(opts.IO.Out, scans, opts.IO.IsStdoutTTY())
}

// writeTable writes one scan per line: aligned with a header on a
// terminal, tab-separated without one on a pipe.
func writeTable(w io.Writer, scans []store.Scan, tty bool) error {
	var out io.Writer = w
	var tw *tabwriter.Writer
	if tty {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		out = tw
		fmt.Fprintln(tw, "SCAN\tWHEN\tSOURCE\tACCOUNTS\tRESOURCES\tCHECKS\tFAIL\tMUTED\tERROR\tPASS")
	}
	for _, s := range scans {
		if _, err := fmt.Fprintf(out, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", s.ID, s.At.UTC().Format(time.RFC3339), s.Source,
			accounts(s.Accounts), s.Resources, s.Checks, s.Fail, s.Muted, s.Error, s.Pass); err != nil {
			return err
		}
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

// accounts names a scan's accounts, or counts them when there are many.
func accounts(ids []string) string {
	if len(ids) > 3 {
		return fmt.Sprintf("%d accounts", len(ids))
	}
	return strings.Join(ids, ",")
}

type jsonScan struct {
	ID         int64    `json:"id"`
	At         string   `json:"at"`
	Source     string   `json:"source"`
	Accounts   []string `json:"accounts"`
	Regions    int      `json:"regions"`
	Resources  int      `json:"resources"`
	Checks     int      `json:"checks"`
	Version    string   `json:"version"`
	DurationMS int64    `json:"durationMs"`
	Fail       int      `json:"fail"`
	Muted      int      `json:"muted"`
	Error      int      `json:"error"`
	Pass       int      `json:"pass"`
}

func writeJSON(w io.Writer, scans []store.Scan) error {
	doc := make([]jsonScan, len(scans))
	for i, s := range scans {
		doc[i] = jsonScan{s.ID, s.At.UTC().Format(time.RFC3339Nano), s.Source, s.Accounts, s.Regions, s.Resources, s.Checks,
			s.Version, s.Duration.Milliseconds(), s.Fail, s.Muted, s.Error, s.Pass}
	}
	return cmdutil.WriteJSON(w, doc)
}
