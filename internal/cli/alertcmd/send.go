package alertcmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/internal/cmdutil"
)

var errReadOnly = errors.New("read-only state")

// SendOptions are the inputs of `awssec alert send`.
type SendOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	Inputs  []string
}

func newCmdSend(f *cmdutil.Factory, runF func(*SendOptions) error) *cobra.Command {
	opts := &SendOptions{Factory: f}
	if runF == nil {
		runF = sendRun
	}
	cmd := &cobra.Command{
		Use:   "send --config FILE [EVENTS...|-]",
		Short: "Route and deliver a batch of events (files or stdin)",
		Long: "send normalizes the events, de-duplicates them (a finding seen again is an update), routes them\n" +
			"into groups and delivers every group that is due. A batch does not wait for group_wait: the\n" +
			"notification log in the state file decides what is new and what is due for repeat_interval, so\n" +
			"running the same batch twice sends nothing the second time. Each delivery prints one line to\n" +
			"stdout; a summary goes to stderr.\n\n" +
			"Exit status: 0 delivered; 2 bad configuration or events that could not be read (the others are\n" +
			"still delivered); 3 notifications that could not be delivered (see --dead-letter).",
		Example: "  awssec alert send --config alerts.yaml events.jsonl\n" +
			"  aws sqs receive-message ... | jq -c '.Messages[].Body | fromjson' | awssec alert send -c alerts.yaml -",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runF(opts)
		},
	}
	opts.State.add(cmd, true)
	opts.State.addDelivery(cmd)
	return cmd
}

func sendRun(opts *SendOptions) error {
	f := opts.Factory
	ctx := context.Background()
	p, err := openPipeline(ctx, f, &opts.State)
	if err != nil {
		return err
	}
	now := f.Now()
	bad, err := readEvents(f, opts.Inputs, func(a alert.Alert) { p.r.Ingest(a, now) })
	if err != nil {
		p.close()
		return err
	}
	ferr := p.flush(ctx, now, true)
	if cerr := p.close(); ferr == nil {
		ferr = cerr
	}
	if ferr != nil {
		return &cmdutil.PartialError{Msg: "state: " + ferr.Error()}
	}
	return p.verdict(bad)
}
