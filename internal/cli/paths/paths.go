// Package paths implements `awssec paths`: scan an estate, combine the
// findings into attack paths, and draw them as a table, a Graphviz DOT or
// Mermaid graph, or JSON.
package paths

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/report"
)

// Formats lists the output formats of paths.
var Formats = []string{"table", "dot", "mermaid", "json"}

// Options are the inputs of `awssec paths`.
type Options struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	Demo    bool
	Estates []string
	Format  string
	Output  string
	FailOn  string
}

// NewCmdPaths builds `awssec paths`. runF replaces the run in tests.
func NewCmdPaths(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "paths",
		Short: "Find attack paths: the chains of findings an attacker can follow",
		Long: "Paths scans an estate with every check and combines the failing findings into attack paths:\n" +
			"from an entry point (the internet, another AWS account, a stolen credential) through the\n" +
			"estate's resources to data or administrator access. Each path has a severity, its steps with\n" +
			"the checks that enable them, and the single fix that breaks it. Exit codes: 0 done, 1 a path at\n" +
			"or above --fail-on, 2 bad usage or input, 3 some results could not be assessed (paths may be missing).",
		Example: "  awssec paths --demo\n" +
			"  awssec paths --demo --format dot | dot -Tsvg > paths.svg\n" +
			"  awssec paths --demo --format mermaid\n" +
			"  awssec paths --inventory estate.json --format json --fail-on critical",
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Demo, "demo", false, "the built-in demo estate")
	fl.StringArrayVar(&opts.Estates, "inventory", nil, "estates saved in the inventory's JSON form (repeatable, globs), merged")
	fl.StringVarP(&opts.Format, "format", "f", "table", "output format: "+strings.Join(Formats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit 1 when a path is at or above this severity")
	return cmd
}

// Run scans, finds the paths and writes them.
func Run(opts *Options) error {
	if err := cmdutil.OneOf("format", opts.Format, Formats); err != nil {
		return err
	}
	var failOn finding.Severity
	if opts.FailOn != "" {
		s, err := finding.ParseSeverity(opts.FailOn)
		if err != nil {
			return &cmdutil.UsageError{Err: fmt.Errorf("--fail-on: %w", err)}
		}
		failOn = s
	}
	e, err := cmdutil.LoadEstate(opts.Factory, opts.Demo, opts.Estates)
	if err != nil {
		return err
	}
	results := checks.Run(e, checks.All())
	paths := attackpath.Find(e, results)
	err = cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		switch opts.Format {
		case "dot":
			return attackpath.NewGraph(paths).WriteDOT(w)
		case "mermaid":
			return attackpath.NewGraph(paths).WriteMermaid(w)
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(attackpath.NewGraph(paths))
		}
		if opts.Output == "" && opts.IO.IsStdoutTTY() {
			return report.WritePaths(w, paths, report.TableOptions{Color: opts.IO.ColorEnabled()})
		}
		return report.WritePathsTSV(w, paths)
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, summary(paths))
	return verdict(paths, results, failOn)
}

// summary counts the paths by severity, for stderr.
func summary(paths []finding.Path) string {
	n := map[finding.Severity]int{}
	for _, p := range paths {
		n[p.Severity]++
	}
	var parts []string
	for _, s := range finding.Severities {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	if len(parts) == 0 {
		return "0 attack paths"
	}
	noun := "attack paths"
	if len(paths) == 1 {
		noun = "attack path"
	}
	return fmt.Sprintf("%d %s (%s)", len(paths), noun, strings.Join(parts, ", "))
}

// verdict: paths at or above the threshold first, then results that could
// not be assessed (a path through them cannot be ruled out).
func verdict(paths []finding.Path, results []finding.Finding, failOn finding.Severity) error {
	over := 0
	for _, p := range paths {
		if failOn != 0 && p.Severity >= failOn {
			over++
		}
	}
	if over > 0 {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d attack paths at or above %s", over, failOn)}
	}
	notAssessed := 0
	for _, f := range results {
		if f.Status == finding.Error {
			notAssessed++
		}
	}
	if notAssessed > 0 {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d results could not be assessed (status error): paths through them may be missing", notAssessed)}
	}
	return nil
}
