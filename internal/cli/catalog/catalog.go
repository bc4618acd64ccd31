// Package catalog implements `awssec checks`: the catalogue of built-in
// checks, and `awssec checks show` for one check's rationale, manual
// verification and remediation.
package catalog

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/go-json-experiment/json"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/internal/cli/scan"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// Options are the inputs of `awssec checks`.
type Options struct {
	IO       *iostreams.IOStreams
	Services []string
	Format   string
	ID       string // for show
}

// NewCmdChecks builds `awssec checks` and its `show` subcommand.
func NewCmdChecks(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List the built-in checks",
		Long:  "List the built-in checks: id, service, severity, title and CIS AWS Foundations Benchmark ids.",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Services, "service", nil, "list only the checks of these services")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "table", "output format: table, json")

	showOpts := &Options{IO: f.IOStreams}
	show := &cobra.Command{
		Use:     "show <check-id>",
		Short:   "Explain one check: why it matters, how to verify it, how to fix it",
		Example: "  awssec checks show ec2-imdsv1-allowed",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			showOpts.ID = args[0]
			if runF != nil {
				return runF(showOpts)
			}
			return showRun(showOpts)
		},
	}
	cmd.AddCommand(show)
	return cmd
}

func listRun(opts *Options) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"table", "json"}); err != nil {
		return err
	}
	all := checks.All()
	selected := all
	if len(opts.Services) > 0 {
		var err error
		if selected, err = scan.Select(all, nil, opts.Services); err != nil {
			return err
		}
	}
	if opts.Format == "json" {
		return writeJSON(opts.IO.Out, selected)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintln(tw, "ID\tSERVICE\tSEVERITY\tCIS\tTITLE")
	}
	for _, c := range selected {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Service, c.Severity, cisText(c), c.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.Out, "\n%d checks. `awssec checks show ID` explains one.\n", len(selected))
	}
	return nil
}

// cisText renders a check's CIS ids as "3.0.0: 5.6; 5.0.0: 5.7", or "-".
func cisText(c *checks.Check) string {
	var parts []string
	for _, v := range slices.Sorted(maps.Keys(c.CIS)) {
		parts = append(parts, v+": "+strings.Join(c.CIS[v], ","))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

// catalogueEntry is a check's JSON form.
type catalogueEntry struct {
	ID           string              `json:"id"`
	Service      string              `json:"service"`
	Severity     string              `json:"severity"`
	Title        string              `json:"title"`
	ResourceType string              `json:"resourceType"`
	Rationale    string              `json:"rationale"`
	Verify       string              `json:"verify"`
	Remediation  checks.Remediation  `json:"remediation"`
	Compliance   map[string][]string `json:"compliance,omitempty"`
	Seed         []string            `json:"seedTopics"`
}

func writeJSON(w io.Writer, cs []*checks.Check) error {
	out := make([]catalogueEntry, len(cs))
	for i, c := range cs {
		out[i] = catalogueEntry{c.ID, c.Service, c.Severity.String(), c.Title, c.ResourceType,
			c.Rationale, c.Verify, c.Remediation, c.Compliance(), c.Seed}
	}
	return cmdutil.WriteJSON(w, out, json.Deterministic(true))
}

func showRun(opts *Options) error {
	c := checks.ByID(opts.ID)
	if c == nil {
		return cmdutil.Usagef("unknown check %q (see `awssec checks` for the valid ids)", opts.ID)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%s — %s\n\n", c.ID, c.Title)
	fmt.Fprintf(w, "Service:        %s\nSeverity:       %s\nResource type:  %s\nCIS:            %s\n",
		c.Service, c.Severity, c.ResourceType, cisText(c))
	section(w, "Why it matters", c.Rationale)
	section(w, "Verify by hand", c.Verify)
	section(w, "Fix", c.Remediation.Summary)
	section(w, "Console", c.Remediation.Console)
	section(w, "AWS CLI", c.Remediation.CLI)
	section(w, "Terraform", c.Remediation.Terraform)
	return nil
}

func section(w io.Writer, title, body string) {
	fmt.Fprintf(w, "\n%s\n", title)
	for _, line := range strings.Split(body, "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}
