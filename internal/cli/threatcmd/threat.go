// Package threatcmd implements `awssec threat`: STRIDE threats for a
// data-flow model written by hand, started from a template, imported from
// OWASP Threat Dragon, or derived from a scanned estate; reports, diagrams,
// the rule catalogue, and a --fail-on gate.
package threatcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/build"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/diagram"
	"github.com/awssec/awssec/threat/dragon"
	"github.com/awssec/awssec/threat/estate"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/render"
)

// Options are `awssec threat`'s inputs.
type Options struct {
	IO         *iostreams.IOStreams
	Factory    *cmdutil.Factory
	Model      string // the model file
	FromEstate bool
	Demo       bool
	Estates    []string
	SaveModel  string
	Format     string
	Diagram    string
	Export     string
	Output     string
	FailOn     string
	// SVG lays out DOT with Graphviz; tests may replace it.
	SVG func(ctx context.Context, dot []byte) ([]byte, error)
}

// NewCmdThreat builds `awssec threat` and its subcommands.
func NewCmdThreat(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f, SVG: diagram.SVG}
	cmd := &cobra.Command{
		Use:   "threat [model.yaml]",
		Short: "STRIDE threat models: from a data-flow model, or derived from the estate",
		Long: "Threat reads a data-flow model (YAML: data, boundaries, elements, flows, threat statuses) and lists\n" +
			"its STRIDE threats: the STRIDE-per-element questions and the specific threats the rule catalogue\n" +
			"finds (`awssec threat rules`), each with AWS mitigations and a stable id. Record decisions in the\n" +
			"model's threats: list (open, mitigated, accepted, not-applicable); they survive regeneration.\n\n" +
			"With --from-estate the model is derived from an estate (--demo or --inventory) and the scan's\n" +
			"failing findings become the threats' evidence. --save-model writes the derived model as YAML.\n" +
			"A model file with --demo or --inventory gets the findings of the resources its elements name\n" +
			"(aws: {arn: ...}) attached the same way.\n\n" +
			"Exit codes: 0 done, 1 an open threat at or above --fail-on, 2 bad usage or input, 3 the estate\n" +
			"could not be fully assessed.",
		Example: "  awssec threat model.yaml\n" +
			"  awssec threat model.yaml --format md --output threats.md\n" +
			"  awssec threat model.yaml --diagram svg --output dfd.svg\n" +
			"  awssec threat --from-estate --demo\n" +
			"  awssec threat --from-estate --inventory estate.json --save-model derived.yaml\n" +
			"  awssec threat model.yaml --fail-on high\n" +
			"  awssec threat model.yaml --export threat-dragon --output model.json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Model = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.FromEstate, "from-estate", false, "derive the model from an estate (--demo or --inventory)")
	fl.BoolVar(&opts.Demo, "demo", false, "use the built-in demo estate")
	fl.StringArrayVar(&opts.Estates, "inventory", nil, "use estates saved in the inventory's JSON form (repeatable, globs), merged")
	fl.StringVar(&opts.SaveModel, "save-model", "", "write the model (derived or read) as YAML to this file")
	fl.StringVarP(&opts.Format, "format", "f", "table", "report format: "+strings.Join(render.Formats, ", "))
	fl.StringVar(&opts.Diagram, "diagram", "", "draw the data-flow diagram instead: "+strings.Join(diagram.Formats, ", "))
	fl.StringVar(&opts.Export, "export", "", "write the model and its threats for another tool instead: threat-dragon")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit 1 while an open threat (neither mitigated, accepted nor not-applicable) is at or above this severity")
	cmd.AddCommand(newCmdRules(f), newCmdNew(f), newCmdImport(f))
	return cmd
}

// Run loads or derives the model, generates its threats, writes what was
// asked for, and sets the exit code.
func Run(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := cmdutil.OneOf("format", opts.Format, render.Formats); err != nil {
		return err
	}
	if opts.Diagram != "" {
		if err := cmdutil.OneOf("--diagram", opts.Diagram, diagram.Formats); err != nil {
			return err
		}
	}
	if opts.Export != "" {
		if err := cmdutil.OneOf("--export", opts.Export, []string{"threat-dragon"}); err != nil {
			return err
		}
	}
	if opts.Diagram != "" && opts.Export != "" {
		return cmdutil.Usagef("--diagram and --export cannot be used together")
	}
	var failOn finding.Severity
	if opts.FailOn != "" {
		s, err := finding.ParseSeverity(opts.FailOn)
		if err != nil {
			return &cmdutil.UsageError{Err: fmt.Errorf("--fail-on: %w", err)}
		}
		failOn = s
	}
	m, findings, notAssessed, err := load(opts)
	if err != nil {
		return err
	}
	if opts.SaveModel != "" {
		var saved bytes.Buffer
		if err := model.Encode(&saved, m); err != nil {
			return err
		}
		if err := cmdutil.WriteOutput(opts.Factory, opts.SaveModel, func(w io.Writer) error {
			_, err := w.Write(saved.Bytes())
			return err
		}); err != nil {
			return err
		}
		// Read the saved model back, so threats (and SARIF results) point
		// at lines of the file the user will edit.
		if m.File == "" {
			back, err := model.Parse(opts.SaveModel, saved.Bytes())
			if err != nil {
				return fmt.Errorf("the derived model does not read back: %w", err)
			}
			m = back
		}
	}
	res := threat.Generate(m, findings)
	for _, s := range res.Stale {
		fmt.Fprintf(opts.IO.ErrOut, "%s:%d:%d: warning: no generated threat has id %q; its status is kept but matches nothing\n",
			m.File, s.Pos.Line, s.Pos.Column, s.ID)
	}
	if err := write(ctx, opts, m, res); err != nil {
		return err
	}
	if !(opts.Format == "table" && opts.IO.IsStdoutTTY() && opts.Output == "" && opts.Diagram == "" && opts.Export == "") {
		fmt.Fprintln(opts.IO.ErrOut, res.Summary())
	}
	if failOn != 0 {
		if over := res.AtOrAbove(failOn); len(over) > 0 {
			return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d open threats at or above %s (first: %s)", len(over), failOn, over[0].ID)}
		}
	}
	if notAssessed > 0 {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d checks could not assess their resources: the threats miss what they would have found", notAssessed)}
	}
	return nil
}

// load reads the model file or derives the model from an estate; with an
// estate, it also returns the scan's findings and how many results were
// not assessed.
func load(opts *Options) (*model.Model, []finding.Finding, int, error) {
	haveEstate := opts.Demo || len(opts.Estates) > 0
	switch {
	case opts.FromEstate && opts.Model != "":
		return nil, nil, 0, cmdutil.Usagef("give a model file or --from-estate, not both")
	case opts.FromEstate && !haveEstate:
		return nil, nil, 0, cmdutil.Usagef("--from-estate needs an estate: --demo or --inventory FILE")
	case !opts.FromEstate && opts.Model == "":
		return nil, nil, 0, cmdutil.Usagef("give a model file (start one with `awssec threat new --template web-app`), or --from-estate with --demo or --inventory")
	}
	var m *model.Model
	if opts.Model != "" {
		data, err := opts.Factory.ReadFile(opts.Model)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil, 0, cmdutil.Usagef("%s: no such file", opts.Model)
			}
			return nil, nil, 0, &cmdutil.UsageError{Err: err}
		}
		if m, err = model.Parse(opts.Model, data); err != nil {
			return nil, nil, 0, &cmdutil.UsageError{Err: err}
		}
	}
	if !haveEstate {
		return m, nil, 0, nil
	}
	e, err := cmdutil.LoadEstate(opts.Factory, opts.Demo, opts.Estates)
	if err != nil {
		return nil, nil, 0, err
	}
	if m == nil {
		var notes []string
		m, notes = estate.DeriveWithNotes(e, "")
		for _, n := range notes {
			fmt.Fprintln(opts.IO.ErrOut, "note: "+n)
		}
	}
	findings := checks.Run(e, checks.All())
	errs := 0
	for _, f := range findings {
		if f.Status == finding.Error {
			errs++
		}
	}
	return m, findings, errs, nil
}

func write(ctx context.Context, opts *Options, m *model.Model, res *threat.Result) error {
	// Graphviz runs before the output file is opened, so a missing dot
	// leaves no empty file behind.
	var svg []byte
	if opts.Diagram == "svg" || (opts.Diagram == "" && opts.Export == "" && opts.Format == "html") {
		var dot bytes.Buffer
		if err := diagram.DOT(&dot, m, res); err != nil {
			return err
		}
		var err error
		if svg, err = opts.SVG(ctx, dot.Bytes()); err != nil {
			if errors.Is(err, diagram.ErrNoGraphviz) {
				return &cmdutil.UsageError{Err: err}
			}
			return err
		}
	}
	return cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		switch {
		case opts.Export == "threat-dragon":
			return dragon.Export(w, m, res)
		case opts.Diagram == "mermaid":
			return diagram.Mermaid(w, m)
		case opts.Diagram == "dot":
			return diagram.DOT(w, m, res)
		case opts.Diagram == "svg":
			_, err := w.Write(svg)
			return err
		}
		switch opts.Format {
		case "md":
			var mm bytes.Buffer
			if err := diagram.Mermaid(&mm, m); err != nil {
				return err
			}
			return render.Markdown(w, m, res, mm.String())
		case "json":
			return render.JSON(w, res)
		case "sarif":
			return render.SARIF(w, res, build.String())
		case "html":
			return render.HTML(w, m, res, svg)
		}
		tty := opts.IO.IsStdoutTTY() && (opts.Output == "" || opts.Output == "-")
		return render.Table(w, res, tty, opts.IO.TerminalWidth())
	})
}
