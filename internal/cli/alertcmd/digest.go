package alertcmd

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert/digest"
	"github.com/awssec/awssec/internal/cmdutil"
)

// DigestOptions are the inputs of `awssec alert digest`.
type DigestOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	Days    int
	// Send names the receiver the digest goes to, once a day.
	Send string
}

func newCmdDigest(f *cmdutil.Factory, runF func(*DigestOptions) error) *cobra.Command {
	opts := &DigestOptions{Factory: f}
	if runF == nil {
		runF = digestRun
	}
	cmd := &cobra.Command{
		Use:   "digest [--send RECEIVER --config FILE]",
		Short: "Report how many alerts each silence, inhibition and time interval held back, per day",
		Long: "digest lists the suppressed-alert counts the router stored, per day and reason, with each\n" +
			"silence's author and reason, so that suppression never hides things silently.\n\n" +
			"With --send RECEIVER it also delivers the digest through that receiver of the configuration\n" +
			"(Slack, e-mail, webhook, SNS), at most once a day per destination: the delivery is recorded in\n" +
			"the notification log, so a daily schedule that runs twice, or a retry, never sends it twice.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	cmd.Flags().IntVar(&opts.Days, "days", 1, "how many days back, today included")
	cmd.Flags().StringVar(&opts.Send, "send", "", "deliver the digest through this receiver of --config, once a day")
	opts.State.add(cmd, true)
	opts.State.addDelivery(cmd)
	return cmd
}

func digestRun(opts *DigestOptions) error {
	if opts.Days < 1 {
		return cmdutil.Usagef("--days must be 1 or more")
	}
	f := opts.Factory
	if opts.Send != "" && opts.State.Config == "" {
		return cmdutil.Usagef("--send needs --config: the receiver is defined there")
	}
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	now := f.Now()
	rep, err := digest.Build(ctx, st, now, opts.Days)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(f.IOStreams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DAY\tSUPPRESSED\tBY\tWHY")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", r.Day, r.Count, r.Reason, r.About)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%d alerts suppressed since %s\n", rep.Total, rep.Since)
	if opts.Send == "" {
		return nil
	}
	cfg, err := loadConfig(opts.State.Config)
	if err != nil {
		return err
	}
	results, err := digest.Deliver(ctx, cfg, st, opts.Send, rep, now, opts.State.notifyOptions(f))
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	failed := 0
	for _, r := range results {
		switch {
		case r.Skipped:
			fmt.Fprintf(f.IOStreams.ErrOut, "digest of %s already sent to %s/%s\n", rep.Day, opts.Send, r.Integration)
		case r.Err != nil:
			failed++
			fmt.Fprintf(f.IOStreams.ErrOut, "digest of %s to %s/%s failed\n", rep.Day, opts.Send, r.Integration)
		default:
			fmt.Fprintf(f.IOStreams.ErrOut, "digest of %s sent to %s/%s\n", rep.Day, opts.Send, r.Integration)
		}
	}
	if failed > 0 {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("the digest could not be delivered to %d of %d destinations", failed, len(results))}
	}
	return nil
}
