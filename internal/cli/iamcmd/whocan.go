package iamcmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/iam/estate"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// WhoCanOptions are the inputs of `awssec iam who-can`.
type WhoCanOptions struct {
	IO       *iostreams.IOStreams
	Factory  *cmdutil.Factory
	Action   string
	Resource string
	Demo     bool
	Estates  []string
	Format   string
	Context  []string // key=value, repeatable
}

// NewCmdWhoCan builds `awssec iam who-can`. runF replaces the run in tests.
func NewCmdWhoCan(f *cmdutil.Factory, runF func(*WhoCanOptions) error) *cobra.Command {
	opts := &WhoCanOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "who-can <action> <resource>",
		Short: "List the users and roles of an estate allowed an action on a resource",
		Long: "Evaluate one request for every user and role of an inventory, with each principal's\n" +
			"identity policies (its groups' too), permissions boundary and the SCPs of every level of\n" +
			"the organization above its account, and the resource's own policy when the estate holds one\n" +
			"(bucket, KMS key, queue, topic, secret, repository, backup vault, or a role's trust policy).\n" +
			"Prints who is allowed and through which statements.",
		Example: "  awssec iam who-can s3:GetObject arn:aws:s3:::acme-prod-customer-data/x --demo\n" +
			"  awssec iam who-can iam:PassRole '*' --inventory estate.json --format json\n" +
			"  awssec iam who-can s3:GetObject arn:aws:s3:::acme-prod-customer-data/x --demo --context aws:SourceIp=203.0.113.7",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cmdutil.Usagef("give an action and a resource, for example: awssec iam who-can s3:GetObject 'arn:aws:s3:::bucket/*' --demo")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Action, opts.Resource = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runWhoCan(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Demo, "demo", false, "the built-in demo estate")
	cmd.Flags().StringArrayVar(&opts.Estates, "inventory", nil, "estates saved in the inventory's JSON form (repeatable, globs), merged")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	cmd.Flags().StringArrayVar(&opts.Context, "context", nil, "a condition key and its value, `key=value`, for every principal's request (repeatable)")
	return cmd
}

func loadGraph(f *cmdutil.Factory, io *iostreams.IOStreams, demo bool, paths []string) (*estate.Graph, error) {
	e, err := cmdutil.LoadEstate(f, demo, paths)
	if err != nil {
		return nil, err
	}
	g := estate.Build(e)
	for _, s := range append(g.Notes, g.Skipped...) {
		fmt.Fprintf(io.ErrOut, "awssec: warning: %s\n", s)
	}
	return g, nil
}

func runWhoCan(opts *WhoCanOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	if !strings.Contains(opts.Action, ":") {
		return cmdutil.Usagef("action %q: want service:Action, for example s3:GetObject", opts.Action)
	}
	// The catalogue's key types still apply; the principals' policies are
	// many, so their conditions are not consulted for the check.
	ctx, err := parseContextFlags(opts.Context, (&evalPolicies{}).checkContextValue)
	if err != nil {
		return err
	}
	g, err := loadGraph(opts.Factory, opts.IO, opts.Demo, opts.Estates)
	if err != nil {
		return err
	}
	all, err := g.WhoCanWith(opts.Action, opts.Resource, ctx)
	if err != nil {
		return err
	}
	allowed := []estate.Access{}
	for _, a := range all {
		if a.Allowed() {
			allowed = append(allowed, a)
		}
	}
	if opts.Format == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, allowed)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%d of %d principals may %s on %s\n", len(allowed), len(all), opts.Action, opts.Resource)
	for _, a := range allowed {
		fmt.Fprintf(w, "  %s\n", a.Principal)
		for _, s := range a.Via {
			sid := ""
			if s.Sid != "" {
				sid = " (" + s.Sid + ")"
			}
			level := ""
			if s.Level > 0 {
				level = fmt.Sprintf(" (level %d)", s.Level)
			}
			fmt.Fprintf(w, "    %s%s %s statement %d%s\n", s.Type, level, s.Policy, s.Statement, sid)
		}
	}
	return nil
}
