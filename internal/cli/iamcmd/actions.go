package iamcmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// ActionsOptions are the inputs of `awssec iam actions`.
type ActionsOptions struct {
	IO       *iostreams.IOStreams
	Patterns []string
	Format   string
}

// NewCmdActions builds `awssec iam actions`. runF replaces the run in tests.
func NewCmdActions(f *cmdutil.Factory, runF func(*ActionsOptions) error) *cobra.Command {
	opts := &ActionsOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "actions <pattern>...",
		Short: "Expand action patterns against the service catalogue",
		Long: "Expand IAM action patterns (\"s3:Get*\", \"iam:*Policy*\", \"*\") into the actions they match,\n" +
			"with each action's access level, resource types (required ones marked *) and condition keys.\n" +
			"Matching is case-insensitive, as IAM's. A pattern that matches nothing is an error: a\n" +
			"policy with it grants or denies nothing.",
		Example: "  awssec iam actions 's3:Get*'\n  awssec iam actions iam:PassRole --format json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.Usagef("give one or more action patterns, for example: awssec iam actions 's3:Get*'")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Patterns = args
			if runF != nil {
				return runF(opts)
			}
			return runActions(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "table", "output format: table, json")
	return cmd
}

// actionEntry is an action's JSON form.
type actionEntry struct {
	Action        string   `json:"action"`
	AccessLevel   string   `json:"accessLevel"`
	ResourceTypes []string `json:"resourceTypes"`
	ConditionKeys []string `json:"conditionKeys"`
	Description   string   `json:"description,omitempty"`
}

func runActions(opts *ActionsOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"table", "json"}); err != nil {
		return err
	}
	var matched []catalog.ActionInfo
	seen := map[string]bool{}
	for _, p := range opts.Patterns {
		if !strings.Contains(p, ":") && p != "*" {
			return cmdutil.Usagef("action pattern %q has no service prefix (like s3:Get*)", p)
		}
		found := catalog.Expand(p)
		if len(found) == 0 {
			return cmdutil.Usagef("action pattern %q matches no action in the catalogue (%s)", p, catalog.Source())
		}
		for _, a := range found {
			if k := a.String(); !seen[k] {
				seen[k] = true
				matched = append(matched, a)
			}
		}
	}
	entries := make([]actionEntry, len(matched))
	for i, a := range matched {
		e := actionEntry{Action: a.String(), AccessLevel: string(a.AccessLevel), Description: a.Description,
			ResourceTypes: []string{}, ConditionKeys: append([]string{}, a.ConditionKeys...)}
		for _, r := range a.ResourceTypes {
			name := r.Name
			if r.Required {
				name += "*"
			}
			e.ResourceTypes = append(e.ResourceTypes, name)
		}
		entries[i] = e
	}
	if opts.Format == "json" {
		if err := json.MarshalWrite(opts.IO.Out, entries, jsontext.WithIndent("  ")); err != nil {
			return err
		}
		_, err := io.WriteString(opts.IO.Out, "\n")
		return err
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintln(tw, "ACTION\tACCESS LEVEL\tRESOURCE TYPES\tCONDITION KEYS")
	}
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Action, e.AccessLevel, orDash(e.ResourceTypes), orDash(e.ConditionKeys))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.IO.IsStdoutTTY() {
		services, actions := catalog.Counts()
		fmt.Fprintf(opts.IO.Out, "\n%d of %d actions in %d services (%s); * marks a required resource type.\n",
			len(entries), actions, services, catalog.Source())
	}
	return nil
}

func orDash(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, ",")
}
