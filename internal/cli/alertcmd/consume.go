package alertcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/consume"
	"github.com/awssec/awssec/alert/digest"
	"github.com/awssec/awssec/alert/event"
	"github.com/awssec/awssec/alert/notify"
	"github.com/awssec/awssec/internal/cmdutil"
)

// ConsumeOptions are the inputs of `awssec alert consume`.
type ConsumeOptions struct {
	Factory  *cmdutil.Factory
	State    stateFlags
	QueueURL string
	Wait     time.Duration
	Tick     time.Duration
	// Context ends the run (tests); the command itself stops on SIGINT
	// and SIGTERM.
	Context context.Context
}

func newCmdConsume(f *cmdutil.Factory, runF func(*ConsumeOptions) error) *cobra.Command {
	opts := &ConsumeOptions{Factory: f}
	if runF == nil {
		runF = consumeRun
	}
	cmd := &cobra.Command{
		Use:   "consume --config FILE --queue-url URL",
		Short: "Long-running: route the events EventBridge puts on an SQS queue, in real time",
		Long: "consume long-polls an SQS queue (see `awssec alert setup security-events --to-queue`), routes each\n" +
			"event as it arrives and delivers groups as group_wait, group_interval and repeat_interval fall\n" +
			"due. A message is deleted only once its events are delivered (or held back by a silence): until\n" +
			"then its visibility timeout is extended, so a crash loses nothing and SQS delivers it again. One\n" +
			"that cannot be read stays for SQS to redeliver and dead-letter. On SIGINT or SIGTERM every\n" +
			"pending group is delivered, and the messages it settles deleted, before exit.\n" +
			"With digest: {receiver: NAME} in the configuration it also sends the previous day's digest of\n" +
			"suppressed alerts to that receiver, once a day (checked at start and every hour).",
		Example: "  awssec alert consume --config alerts.yaml --queue-url https://sqs.us-east-1.amazonaws.com/111122223333/security-events",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	opts.State.add(cmd, true)
	opts.State.addDelivery(cmd)
	fl := cmd.Flags()
	fl.StringVar(&opts.QueueURL, "queue-url", "", "the SQS queue EventBridge sends to")
	fl.DurationVar(&opts.Wait, "wait", 20*time.Second, "long-poll wait per receive (at most 20s)")
	fl.DurationVar(&opts.Tick, "tick", time.Second, "how often due groups are looked for")
	return cmd
}

func consumeRun(opts *ConsumeOptions) error {
	f := opts.Factory
	if opts.QueueURL == "" {
		return cmdutil.Usagef("--queue-url is required")
	}
	ctx := opts.Context
	if ctx == nil {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	awsCfg, err := f.AWSConfig(ctx, opts.State.Profile, opts.State.EndpointURL)
	if err != nil {
		return err
	}
	// Deliveries outlive the signal: pending groups still go out.
	p, err := openPipeline(context.WithoutCancel(ctx), f, &opts.State)
	if err != nil {
		return err
	}
	digestDone := make(chan struct{})
	go func() {
		defer close(digestDone)
		sendDigests(ctx, f, p, &opts.State)
	}()
	// The consumer ingests straight into the router, so it knows each
	// message's sequence number and deletes the message only once the
	// router has settled it; Run only flushes, until the consumer stops.
	stopped := make(chan alert.Alert)
	c := &consume.Consumer{Client: sqs.NewFromConfig(awsCfg), QueueURL: opts.QueueURL, Wait: opts.Wait, Settled: p.r.Settled,
		Logf: func(format string, args ...any) { fmt.Fprintf(f.IOStreams.ErrOut, format+"\n", args...) }}
	consumed := make(chan error, 1)
	go func() {
		defer close(stopped)
		consumed <- c.Run(ctx, func(body []byte) (uint64, error) {
			d := event.NewDecoder("message", body)
			var taken []alert.Alert
			for {
				as, err := d.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return 0, err
				}
				taken = append(taken, as...)
			}
			var mark uint64
			for _, a := range taken {
				mark = p.r.Ingest(a, time.Now()) // the clock Run flushes by
			}
			return mark, nil
		})
	}()
	runErr := p.r.Run(context.WithoutCancel(ctx), stopped, opts.Tick, p.d.Submit)
	cerr := <-consumed
	<-digestDone
	// Stopping: what is still grouped goes out now rather than never.
	ferr := p.flush(context.WithoutCancel(ctx), f.Now(), true)
	if err := p.close(); ferr == nil {
		ferr = err
	}
	// Delivered: delete what settled; the rest goes back to the queue.
	if left := c.Release(context.WithoutCancel(ctx)); left > 0 {
		fmt.Fprintf(f.IOStreams.ErrOut, "alert consume: %d messages not settled are back on the queue\n", left)
	}
	for _, err := range []error{cerr, runErr, ferr} {
		if err != nil {
			return &cmdutil.PartialError{Msg: err.Error()}
		}
	}
	return p.verdict(0)
}

// digestCheck is how often the consumer looks whether yesterday's digest
// is due; the notification log makes it go out once a day.
const digestCheck = time.Hour

// sendDigests delivers the daily digest while the consumer runs. A digest
// that fails is reported and tried again at the next check.
func sendDigests(ctx context.Context, f *cmdutil.Factory, p *pipeline, sf *stateFlags) {
	if p.cfg.DigestReceiver == "" {
		return
	}
	logf := func(format string, args ...any) { fmt.Fprintf(f.IOStreams.ErrOut, format+"\n", args...) }
	t := time.NewTicker(digestCheck)
	defer t.Stop()
	for {
		results, err := digest.Daily(ctx, p.cfg, p.st, f.Now(), notify.Options{
			DeadLetter:  sf.DeadLetter,
			MaxAttempts: sf.Attempts,
			Backoff:     sf.Backoff,
			AWSConfig:   func(ctx context.Context) (aws.Config, error) { return f.AWSConfig(ctx, sf.Profile, sf.EndpointURL) },
			Logf:        logf,
		})
		if err != nil {
			logf("alert consume: digest: %v", err)
		}
		for _, r := range results {
			switch {
			case r.Err != nil:
				logf("alert consume: digest to %s/%s failed; tried again in %s", p.cfg.DigestReceiver, r.Integration, digestCheck)
			case !r.Skipped:
				logf("alert consume: digest sent to %s/%s", p.cfg.DigestReceiver, r.Integration)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
