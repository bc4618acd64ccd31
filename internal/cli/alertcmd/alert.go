// Package alertcmd implements `awssec alert`: route AWS security events
// (GuardDuty, Security Hub, CloudWatch alarms, Config, CloudTrail,
// Inspector, awssec findings) to Slack, e-mail, SNS and webhooks, with
// de-duplication, grouping, silences and inhibition; and write the
// CloudFormation that sends those events.
package alertcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/event"
	"github.com/awssec/awssec/alert/notify"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/datadir"
)

// NewCmdAlert builds `awssec alert` and its subcommands.
func NewCmdAlert(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "alert <command>",
		Short: "Route security alerts to Slack, e-mail, SNS and webhooks, with de-duplication and suppression",
		Long: "alert turns AWS security events (GuardDuty, Security Hub, CloudWatch alarms such as API 5xx,\n" +
			"Config compliance changes, CloudTrail calls and sign-ins, Inspector) and awssec's own findings into\n" +
			"alerts, and routes them the way Prometheus Alertmanager does: a routing tree of matchers, grouping,\n" +
			"group_wait / group_interval / repeat_interval, inhibition rules, time intervals and silences, with a\n" +
			"notification log so that nothing is sent twice. Suppressed alerts are counted, never hidden.",
	}
	cmd.AddCommand(
		newCmdCheckConfig(f, nil),
		newCmdRoute(f, nil),
		newCmdSend(f, nil),
		newCmdConsume(f, nil),
		newCmdSilence(f),
		newCmdDigest(f, nil),
		newCmdSetup(f),
	)
	return cmd
}

const defaultBackoff = time.Second

// stateFlags are where the router keeps its memory.
type stateFlags struct {
	Config      string
	State       string
	DeadLetter  string
	Profile     string
	EndpointURL string
	Attempts    int
	Backoff     time.Duration
}

func (s *stateFlags) add(cmd *cobra.Command, withConfig bool) {
	fl := cmd.Flags()
	if withConfig {
		fl.StringVarP(&s.Config, "config", "c", "", "the routing configuration (YAML, Alertmanager's shape)")
	}
	fl.StringVar(&s.State, "state", "", "the SQLite file holding the notification log, silences and suppressed counts (default: alert.db in awssec's data directory, $XDG_DATA_HOME/awssec)")
}

func (s *stateFlags) addDelivery(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&s.DeadLetter, "dead-letter", "", "append notifications that finally failed to this file (default: dead_letter in the configuration)")
	fl.IntVar(&s.Attempts, "attempts", 5, "tries per notification on 5xx, 429 and network errors")
	fl.DurationVar(&s.Backoff, "backoff", defaultBackoff, "wait after the first failed try, doubled each time (a 429's Retry-After wins)")
	fl.StringVar(&s.Profile, "profile", "", "AWS profile for SNS and SES receivers")
	fl.StringVar(&s.EndpointURL, "endpoint-url", "", "send SNS and SES calls to this endpoint (a local emulator)")
}

// notifyOptions are the receivers' settings from the flags: retries, the
// dead-letter file, AWS access for SNS and SES, and log lines on stderr.
func (s *stateFlags) notifyOptions(f *cmdutil.Factory) notify.Options {
	return notify.Options{
		DeadLetter:  s.DeadLetter,
		MaxAttempts: s.Attempts,
		Backoff:     s.Backoff,
		AWSConfig: func(ctx context.Context) (aws.Config, error) {
			return f.AWSConfig(ctx, s.Profile, s.EndpointURL)
		},
		Logf: func(format string, args ...any) { fmt.Fprintf(f.IOStreams.ErrOut, format+"\n", args...) },
	}
}

// statePath resolves the state file, creating its directory.
func (s *stateFlags) statePath() (string, error) {
	p := s.State
	if p == "" {
		var err error
		if p, err = datadir.File("alert.db"); err != nil {
			return "", cmdutil.Usagef("%v (name one with --state)", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", cmdutil.Usagef("--state %s: %v", p, err)
	}
	return p, nil
}

func (s *stateFlags) openStore() (store.Store, error) {
	p, err := s.statePath()
	if err != nil {
		return nil, err
	}
	st, err := store.OpenSQLite(p)
	if err != nil {
		return nil, cmdutil.Usagef("--state %s: %v", p, err)
	}
	return st, nil
}

func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return nil, cmdutil.Usagef("--config is required: the routing configuration")
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return cfg, nil
}

// pipeline is one run of the router with its store and deliveries.
type pipeline struct {
	f      *cmdutil.Factory
	cfg    *config.Config
	st     store.Store
	r      *router.Router
	d      *notify.Dispatcher
	mu     sync.Mutex
	failed int
	out    io.Writer
}

func openPipeline(ctx context.Context, f *cmdutil.Factory, sf *stateFlags) (*pipeline, error) {
	cfg, err := loadConfig(sf.Config)
	if err != nil {
		return nil, err
	}
	st, err := sf.openStore()
	if err != nil {
		return nil, err
	}
	p := &pipeline{f: f, cfg: cfg, st: st, r: router.New(cfg, st), out: f.IOStreams.Out}
	nopts := sf.notifyOptions(f)
	nopts.Done = p.done
	p.d, err = notify.NewDispatcher(ctx, cfg, nopts)
	if err != nil {
		st.Close()
		return nil, &cmdutil.UsageError{Err: err}
	}
	return p, nil
}

func (p *pipeline) done(n *router.Notification, err error) {
	if rerr := p.r.Done(context.Background(), n, err); rerr != nil && err == nil {
		err = fmt.Errorf("sent, but the notification log could not record it: %w", rerr)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "sent"
	if err != nil {
		status = "failed"
		p.failed++
	}
	fmt.Fprintf(p.out, "%s\t%s/%s\t%s\t%s\n", status, n.Receiver.Name, n.Integration, n.GroupKey, notify.Summary(n))
}

// flush sends what is due and waits for delivery.
func (p *pipeline) flush(ctx context.Context, now time.Time, force bool) error {
	ns, err := p.r.Flush(ctx, now, force)
	for _, n := range ns {
		p.d.Submit(n)
	}
	return err
}

func (p *pipeline) close() error {
	p.d.Close()
	return p.st.Close()
}

// verdict summarizes the run on stderr and picks the exit code.
func (p *pipeline) verdict(badEvents int) error {
	s := p.r.Stats()
	fmt.Fprintf(p.f.IOStreams.ErrOut, "%d alerts read (%d distinct, %d updates), %d notifications sent, %d failed, %d suppressed",
		s.Events, s.New, s.Updates, s.Notifications, s.Failed, s.Suppressed)
	if badEvents > 0 {
		fmt.Fprintf(p.f.IOStreams.ErrOut, ", %d events unreadable", badEvents)
	}
	fmt.Fprintln(p.f.IOStreams.ErrOut)
	switch {
	case badEvents > 0:
		return cmdutil.Usagef("%d events could not be read (see above); the others were routed", badEvents)
	case s.Failed > 0:
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d notifications could not be delivered", s.Failed)}
	}
	return nil
}

// readEvents decodes every event of the inputs ("-" is stdin), printing
// each bad event's error and going on.
func readEvents(f *cmdutil.Factory, inputs []string, each func(alert.Alert)) (bad int, err error) {
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	for _, in := range inputs {
		var data []byte
		var rerr error
		name := in
		if in == "-" {
			name = "stdin"
			data, rerr = io.ReadAll(f.IOStreams.In)
		} else {
			data, rerr = f.ReadFile(in)
		}
		if rerr != nil {
			var pe *os.PathError
			if errors.As(rerr, &pe) {
				return bad, cmdutil.Usagef("%s: %v", in, pe.Err)
			}
			return bad, cmdutil.Usagef("%s: %v", in, rerr)
		}
		d := event.NewDecoder(name, data)
		for {
			as, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				bad++
				fmt.Fprintf(f.IOStreams.ErrOut, "awssec: %v\n", err)
				continue
			}
			for _, a := range as {
				each(a)
			}
		}
	}
	return bad, nil
}
