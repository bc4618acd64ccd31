package alertcmd

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
)

// DigestOptions are the inputs of `awssec alert digest`.
type DigestOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	Days    int
}

func newCmdDigest(f *cmdutil.Factory, runF func(*DigestOptions) error) *cobra.Command {
	opts := &DigestOptions{Factory: f}
	if runF == nil {
		runF = digestRun
	}
	cmd := &cobra.Command{
		Use:   "digest",
		Short: "Report how many alerts each silence, inhibition and time interval held back, per day",
		Long: "digest lists the suppressed-alert counts the router stored, per day and reason, with each\n" +
			"silence's author and reason, so that suppression never hides things silently. Run it daily and\n" +
			"send its output where the team reads it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	cmd.Flags().IntVar(&opts.Days, "days", 1, "how many days back, today included")
	opts.State.add(cmd, false)
	return cmd
}

func digestRun(opts *DigestOptions) error {
	if opts.Days < 1 {
		return cmdutil.Usagef("--days must be 1 or more")
	}
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	since := opts.Factory.Now().UTC().AddDate(0, 0, -(opts.Days - 1)).Format(time.DateOnly)
	counts, err := st.SuppressedSince(ctx, since)
	if err != nil {
		return err
	}
	sil, err := st.Silences(ctx)
	if err != nil {
		return err
	}
	about := map[string]string{}
	for _, s := range sil {
		about["silence "+s.ID] = fmt.Sprintf("{%s} by %s: %s", strings.Join(s.Matchers, ", "), s.CreatedBy, s.Comment)
	}
	tw := tabwriter.NewWriter(opts.Factory.IOStreams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DAY\tSUPPRESSED\tBY\tWHY")
	total := 0
	for _, c := range counts {
		total += c.Count
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", c.Day, c.Count, c.Reason, about[c.Reason])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(opts.Factory.IOStreams.ErrOut, "%d alerts suppressed since %s\n", total, since)
	return nil
}
