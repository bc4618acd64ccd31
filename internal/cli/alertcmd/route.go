package alertcmd

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/cmdutil"
)

// RouteOptions are the inputs of `awssec alert route`.
type RouteOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	Inputs  []string
}

func newCmdRoute(f *cmdutil.Factory, runF func(*RouteOptions) error) *cobra.Command {
	opts := &RouteOptions{Factory: f}
	if runF == nil {
		runF = routeRun
	}
	cmd := &cobra.Command{
		Use:   "route --config FILE [EVENTS...]",
		Short: "Dry run: show which routes and receivers each event goes to, and why",
		Long: "route normalizes each event and walks the routing tree, printing every route tried, the matcher\n" +
			"that failed, where continue let the walk go on, the group the alert joins and its timing, and\n" +
			"whether a silence in the state file would hold it back. Nothing is sent and nothing is stored.\n" +
			"Events are read from files or stdin: JSON Lines, one JSON event, or a JSON array.",
		Example: "  awssec alert route --config alerts.yaml guardduty-finding.json",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runF(opts)
		},
	}
	opts.State.add(cmd, true)
	return cmd
}

func routeRun(opts *RouteOptions) error {
	f := opts.Factory
	cfg, err := loadConfig(opts.State.Config)
	if err != nil {
		return err
	}
	// Silences are read from the state file when there is one; a dry run
	// never creates it.
	var st store.Store = emptyStore{}
	if p, perr := opts.State.statePath(); perr == nil {
		if _, serr := os.Stat(p); serr == nil {
			s, err := store.OpenSQLite(p)
			if err != nil {
				return cmdutil.Usagef("--state %s: %v", p, err)
			}
			defer s.Close()
			st = s
		}
	}
	r := router.New(cfg, st)
	ctx := context.Background()
	now := f.Now()
	out := f.IOStreams.Out
	n := 0
	var firstErr error
	bad, err := readEvents(f, opts.Inputs, func(a alert.Alert) {
		r.Prepare(&a)
		if n > 0 {
			fmt.Fprintln(out)
		}
		n++
		fmt.Fprintf(out, "alert %s\n", a.Key)
		fmt.Fprintf(out, "  %s: %s\n", a.Source, a.Title)
		fmt.Fprintf(out, "  type %s, severity %s, account %s, region %s, status %s\n", a.Type, a.SeverityText(), or(a.Account, "-"), or(a.Region, "-"), a.Status)
		routes, steps := cfg.Route.Explain(&a)
		for _, s := range steps {
			ind := strings.Repeat("  ", s.Depth+1)
			if !s.Matched {
				v, ok := a.Field(s.Failed.Field)
				got := fmt.Sprintf("%s is %q", s.Failed.Field, v)
				if !ok {
					got = s.Failed.Field + " is not set"
				}
				fmt.Fprintf(out, "%s%s: no match: %s (%s)\n", ind, s.Route.Path, s.Failed, got)
				continue
			}
			what := "matches"
			if len(s.Route.Matchers) == 0 && s.Depth == 0 {
				what = "matches everything"
			} else if len(s.Route.Matchers) > 0 {
				what = "matches " + s.Route.Matchers.String()
			}
			note := ""
			if s.Note != "" {
				note = "; " + s.Note
			}
			fmt.Fprintf(out, "%s%s: %s%s\n", ind, s.Route.Path, what, note)
		}
		for _, rt := range routes {
			key, _ := rt.GroupKey(&a)
			fmt.Fprintf(out, "  → receiver %s (%s) via %s, group %s, group_wait %s, group_interval %s, repeat_interval %s\n",
				rt.Receiver, strings.Join(cfg.Receiver(rt.Receiver).Kinds(), ", "), rt.Path, key,
				config.FormatDuration(rt.GroupWait), config.FormatDuration(rt.GroupInterval), config.FormatDuration(rt.RepeatInterval))
			if muted, why := cfg.Muted(rt, now); muted {
				fmt.Fprintf(out, "    muted now: %s\n", why)
			}
		}
		reason, err := r.Silenced(ctx, &a, now)
		switch {
		case err != nil && firstErr == nil:
			firstErr = err
		case reason != "":
			fmt.Fprintf(out, "  held back now by %s\n", reason)
		}
	})
	if err != nil {
		return err
	}
	if firstErr != nil {
		return firstErr
	}
	if bad > 0 {
		return cmdutil.Usagef("%d events could not be read (see above)", bad)
	}
	return nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
