package scan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/compliance"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/report"
)

// complianceFormats are the formats of the compliance view.
var complianceFormats = []string{"table", "json"}

// checkComplianceFlag rejects an unknown --compliance framework, a
// framework file that does not parse, or a format the view does not have,
// before anything is scanned.
func checkComplianceFlag(opts *Options) error {
	if opts.Compliance == "" {
		return nil
	}
	if !slices.Contains(complianceFormats, opts.Format) {
		return cmdutil.Usagef("--compliance writes table or json, not %s", opts.Format)
	}
	_, err := loadFramework(opts)
	return err
}

// loadFramework returns the framework --compliance names: a built-in id
// ("cis-5.0"), or a framework file in the same form (a name ending in
// .yaml or .yml).
func loadFramework(opts *Options) (*compliance.Framework, error) {
	known := func(id string) bool { return checks.ByID(id) != nil }
	name := opts.Compliance
	if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		fw, err := compliance.Load(name, known)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: fmt.Errorf("--compliance: %w", err)}
		}
		return fw, nil
	}
	data, err := opts.Factory.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, cmdutil.Usagef("%s: no such file", name)
		}
		return nil, &cmdutil.UsageError{Err: err}
	}
	fw, err := compliance.Parse(name, data, known)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return fw, nil
}

// writeView writes the report, or with --compliance the framework's view
// of the results in its place.
func writeView(opts *Options, rep *report.Report, selected []*checks.Check, results []finding.Finding) error {
	if opts.Compliance == "" {
		return write(opts, rep)
	}
	return writeCompliance(opts, selected, results)
}

// writeCompliance writes the framework's view of the results instead of
// the findings: each control pass, fail, manual or not assessed, with its
// findings. The exit code follows the results, as for the plain scan.
func writeCompliance(opts *Options, selected []*checks.Check, results []finding.Finding) error {
	fw, err := loadFramework(opts)
	if err != nil {
		return err
	}
	ran := make([]string, len(selected))
	for i, c := range selected {
		ran[i] = c.ID
	}
	rep := compliance.Evaluate(fw, ran, results)
	return cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		if opts.Format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}
		if opts.Output == "" && opts.IO.IsStdoutTTY() {
			if err := rep.WriteTable(w); err != nil {
				return err
			}
			_, err := fmt.Fprintln(w, rep.SummaryLine())
			return err
		}
		if err := rep.WriteTSV(w); err != nil {
			return err
		}
		_, err := fmt.Fprintln(opts.IO.ErrOut, rep.SummaryLine())
		return err
	})
}
