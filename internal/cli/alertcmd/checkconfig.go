package alertcmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/internal/cmdutil"
)

// CheckConfigOptions are the inputs of `awssec alert check-config`.
type CheckConfigOptions struct {
	Factory *cmdutil.Factory
	File    string
}

func newCmdCheckConfig(f *cmdutil.Factory, runF func(*CheckConfigOptions) error) *cobra.Command {
	opts := &CheckConfigOptions{Factory: f}
	if runF == nil {
		runF = checkConfigRun
	}
	return &cobra.Command{
		Use:   "check-config FILE",
		Short: "Validate a routing configuration and print its tree",
		Long: "check-config reads the configuration as alert send would, and reports the first problem at its\n" +
			"line and column: an unknown key, a bad matcher or regular expression, a receiver without\n" +
			"credentials, a webhook URL that is not https. A good configuration prints its routing tree with\n" +
			"the inherited settings. Secrets are never printed.",
		Example: "  awssec alert check-config alerts.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runF(opts)
		},
	}
}

func checkConfigRun(opts *CheckConfigOptions) error {
	cfg, err := loadConfig(opts.File)
	if err != nil {
		return err
	}
	out := opts.Factory.IOStreams.Out
	fmt.Fprintf(out, "%s: ok: %d receivers, %d routes, %d inhibit rules, %d time intervals\n", opts.File,
		len(cfg.Receivers), countRoutes(cfg.Route), len(cfg.InhibitRules), len(cfg.TimeIntervals))
	printRoute(out, cfg.Route, 0)
	for _, r := range cfg.Receivers {
		fmt.Fprintf(out, "receiver %s: %s\n", r.Name, strings.Join(r.Kinds(), ", "))
	}
	return nil
}

func countRoutes(r *config.Route) int {
	n := 1
	for _, c := range r.Routes {
		n += countRoutes(c)
	}
	return n
}

func printRoute(out interface{ Write([]byte) (int, error) }, r *config.Route, depth int) {
	group := "all in one group"
	switch {
	case r.GroupByAll:
		group = "group_by ..."
	case len(r.GroupBy) > 0:
		group = "group_by " + strings.Join(r.GroupBy, ",")
	}
	m := ""
	if len(r.Matchers) > 0 {
		m = " " + r.Matchers.String()
	}
	cont := ""
	if r.Continue {
		cont = " continue"
	}
	fmt.Fprintf(out, "%s%s%s → %s (%s; wait %s, interval %s, repeat %s)%s\n", strings.Repeat("  ", depth), r.Path, m, r.Receiver, group,
		config.FormatDuration(r.GroupWait), config.FormatDuration(r.GroupInterval), config.FormatDuration(r.RepeatInterval), cont)
	for _, c := range r.Routes {
		printRoute(out, c, depth+1)
	}
}
