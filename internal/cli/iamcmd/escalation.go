package iamcmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// EscalationOptions are the inputs of `awssec iam escalation`.
type EscalationOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	Demo    bool
	Estates []string
	Format  string
}

// NewCmdEscalation builds `awssec iam escalation`. runF replaces the run in tests.
func NewCmdEscalation(f *cmdutil.Factory, runF func(*EscalationOptions) error) *cobra.Command {
	opts := &EscalationOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "escalation",
		Short: "Find privilege-escalation paths in an estate",
		Long: "For every user and role of an inventory, check each privilege-escalation method `iam lint`\n" +
			"knows (every action it needs allowed, on \"*\" or on a user, role or group of the account),\n" +
			"with the principal's boundary and SCPs, and each role it may assume (the role's trust\n" +
			"policy and its own policies both allowing sts:AssumeRole). A principal already allowed\n" +
			"everything is reported once, as administrator.",
		Example: "  awssec iam escalation --demo\n  awssec iam escalation --inventory estate.json --format json",
		Args:    cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runEscalation(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Demo, "demo", false, "the built-in demo estate")
	cmd.Flags().StringArrayVar(&opts.Estates, "inventory", nil, "estates saved in the inventory's JSON form (repeatable, globs), merged")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

func runEscalation(opts *EscalationOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	g, err := loadGraph(opts.Factory, opts.IO, opts.Demo, opts.Estates)
	if err != nil {
		return err
	}
	paths, err := g.Escalations()
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		if paths == nil {
			return cmdutil.WriteJSON(opts.IO.Out, []any{})
		}
		return cmdutil.WriteJSON(opts.IO.Out, paths)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%d escalation paths\n", len(paths))
	for _, p := range paths {
		fmt.Fprintf(w, "%s → %s → %s\n", p.Principal, p.Method, p.Gains)
	}
	return nil
}
