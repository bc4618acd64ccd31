// Package scan implements `awssec scan`: load an estate, run the checks,
// report the findings, and set the exit code from them.
package scan

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/collect/configsnap"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/build"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/report"
)

// Formats lists the output formats of scan.
var Formats = []string{"table", "json", "csv", "sarif", "ocsf", "asff", "html"}

// Options are scan's inputs.
type Options struct {
	IO       *iostreams.IOStreams
	Factory  *cmdutil.Factory
	Now      func() time.Time
	Demo     bool
	Estates  []string // --inventory, repeatable, globs allowed
	Format   string
	Output   string
	FailOn   string
	Services []string
	Severity []string
	Status   []string
	CheckIDs []string
	Save     string // write the scanned estate here
	Live     cmdutil.LiveFlags

	Mutelist  string // accepted risks: muted findings are marked, counted, kept
	Store     string // keep the scan in this history store ("default": the user's)
	FailOnNew string // exit 1 on new failing findings at or above this severity

	ConfigSnapshots []string // AWS Config snapshots: files, directories, s3:// URLs
	ConfigQuery     bool     // query an aggregator with advanced queries
	Aggregator      string

	Paths      bool   // --paths: attack paths ahead of the findings
	Compliance string // --compliance: a framework's view instead of the findings

	SendToSecurityHub bool // import the findings into Security Hub (ASFF)

	Alert string // --alert: route failing findings through awssec alert with this configuration
}

// NewCmdScan builds `awssec scan`. runF replaces the run in tests.
func NewCmdScan(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Scan an estate's security posture and report findings",
		Long: "Scan runs every posture check over an estate and reports one result per resource:\n" +
			"fail, pass, or error (not assessed). Exit codes: 0 done, 1 failing findings at or above\n" +
			"--fail-on, 2 bad usage or input, 3 finished but parts could not be assessed.",
		Example: "  awssec scan --demo\n" +
			"  awssec scan --profile audit --region eu-west-1,us-east-1\n" +
			"  awssec scan --org --role-name OrganizationAccountAccessRole --save estate.json\n" +
			"  awssec scan --demo --format json --output findings.json\n" +
			"  awssec scan --inventory estate.json --fail-on high\n" +
			"  awssec scan --demo --service ec2,s3 --severity high --status fail",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	opts.Live.Register(fl, false)
	fl.StringArrayVar(&opts.ConfigSnapshots, "config-snapshot", nil,
		"scan AWS Config snapshots: a file, a directory or s3://bucket/prefix (repeatable; .json or .json.gz)")
	fl.BoolVar(&opts.ConfigQuery, "config-query", false, "scan what an AWS Config aggregator holds, with advanced queries (needs --aggregator)")
	fl.StringVar(&opts.Aggregator, "aggregator", "", "the aggregator for --config-query")
	fl.StringVar(&opts.Save, "save", "", "save the scanned estate in the inventory's JSON form (scan it again offline with --inventory)")
	fl.BoolVar(&opts.Demo, "demo", false, "scan the built-in demo estate (no AWS account needed)")
	fl.StringArrayVar(&opts.Estates, "inventory", nil, "scan estates saved in the inventory's JSON form (repeatable, globs: 'part-*.json'), merged")
	fl.StringVarP(&opts.Format, "format", "f", "table", "output format: "+strings.Join(Formats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit 1 when a failing finding is at or above this severity")
	fl.StringSliceVar(&opts.Services, "service", nil, "run only the checks of these services")
	fl.StringSliceVar(&opts.CheckIDs, "check", nil, "run only these checks")
	fl.StringSliceVar(&opts.Severity, "severity", nil, "report only findings of these severities")
	fl.StringSliceVar(&opts.Status, "status", nil, "report only findings of these statuses (fail, error, pass)")
	fl.BoolVar(&opts.Paths, "paths", false, "find attack paths (chains of findings an attacker can follow) and report them first")
	fl.StringVar(&opts.Compliance, "compliance", "", "report a compliance framework's view instead of the findings: cis-3.0, cis-5.0, or a framework file (.yaml)")
	fl.StringVar(&opts.Mutelist, "mutelist", "", "mute the findings a YAML mutelist accepts: they are marked, counted and kept, and left out of --fail-on")
	fl.StringVar(&opts.Store, "store", "", "keep the scan in the history store: --store alone for the default one under the user's data dir, --store=PATH for a file")
	fl.Lookup("store").NoOptDefVal = DefaultStore
	fl.StringVar(&opts.FailOnNew, "fail-on-new", "", "exit 1 when a failing finding at or above this severity is new since the previous stored scan of the estate (implies --store)")
	fl.StringVar(&opts.Alert, "alert", "", "route new failing findings through awssec alert with this routing configuration (alerts.yaml); delivery lines go to stderr")
	fl.BoolVar(&opts.SendToSecurityHub, "send-to-security-hub", false, "import the findings of the caller's account into Security Hub in the AWS region of the configuration (BatchImportFindings, ASFF)")
	return cmd
}

// Run performs the scan: of the demo, of saved estates, or of AWS itself
// when neither is asked for.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.OneOf("format", opts.Format, Formats); err != nil {
		return err
	}
	if err := checkComplianceFlag(opts); err != nil {
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
	keep, err := outputFilter(opts.Severity, opts.Status)
	if err != nil {
		return err
	}
	selected, err := Select(checks.All(), opts.CheckIDs, opts.Services)
	if err != nil {
		return err
	}
	mutes, err := preflight(opts)
	if err != nil {
		return err
	}
	e, err := loadOrCollect(ctx, opts)
	if err != nil {
		return err
	}
	if opts.Save != "" {
		if err := cmdutil.WriteOutput(opts.Factory, opts.Save, func(w io.Writer) error { return inventory.Encode(w, e) }); err != nil {
			return err
		}
	}

	start := opts.Now()
	results := checks.Run(e, selected)
	applyMutelist(opts, mutes, e, results)
	rep := &report.Report{
		Tool:        report.Tool{Name: "awssec", Version: build.String()},
		GeneratedAt: opts.Now(),
		Estate:      report.Describe(e),
		Checks:      len(selected),
		Findings:    slices.DeleteFunc(slices.Clone(results), func(f finding.Finding) bool { return !keep(f) }),
	}
	rep.Duration = opts.Now().Sub(start)
	report.Sort(rep.Findings)
	rep.Paths = findPaths(opts, e, results)

	if err := writeView(opts, rep, selected, results); err != nil {
		return err
	}
	// --fail-on-new decides the exit code as --fail-on does: the scan is
	// still imported and alerted on before the code says so.
	gate := storeScan(ctx, opts, e, rep, results)
	if gate != nil && cmdutil.ExitCode(gate) != cmdutil.ExitThreshold {
		return gate
	}
	v := verdict(results, failOn)
	if gate != nil {
		v = gate
	}
	if err := sendToSecurityHub(ctx, opts, rep, v); err != nil {
		return err
	}
	if err := sendAlerts(ctx, opts, results, v); err != nil {
		return err
	}
	return v
}

// loadOrCollect returns the estate to scan: the demo, saved estates, AWS
// Config's records, or a live collection (whose summary goes to stderr).
func loadOrCollect(ctx context.Context, opts *Options) (*inventory.Estate, error) {
	sources := 0
	for _, set := range []bool{opts.Demo || len(opts.Estates) > 0, len(opts.ConfigSnapshots) > 0, opts.ConfigQuery} {
		if set {
			sources++
		}
	}
	switch {
	case sources > 1:
		return nil, cmdutil.Usagef("choose one of --demo/--inventory, --config-snapshot and --config-query")
	case opts.ConfigQuery != (opts.Aggregator != ""):
		return nil, cmdutil.Usagef("--config-query and --aggregator go together")
	case opts.Demo || len(opts.Estates) > 0:
		return cmdutil.LoadEstate(opts.Factory, opts.Demo, opts.Estates)
	case len(opts.ConfigSnapshots) > 0:
		return loadSnapshots(ctx, opts)
	case opts.ConfigQuery:
		cfg, err := opts.Factory.AWSConfig(ctx, opts.Live.Profile, opts.Live.EndpointURL)
		if err != nil {
			return nil, err
		}
		e, err := configsnap.Query(ctx, cfg, opts.Aggregator)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
		return e, nil
	}
	e, stats, err := opts.Live.Collect(ctx, opts.Factory)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(opts.IO.ErrOut, cmdutil.CollectionSummary(e, stats))
	return e, nil
}

// loadSnapshots reads Config snapshots from files, directories and S3.
func loadSnapshots(ctx context.Context, opts *Options) (*inventory.Estate, error) {
	var files, urls []string
	for _, p := range opts.ConfigSnapshots {
		if strings.HasPrefix(p, "s3:") {
			if _, _, err := configsnap.ParseS3URL(p); err != nil {
				return nil, &cmdutil.UsageError{Err: fmt.Errorf("--config-snapshot: %w", err)}
			}
			urls = append(urls, p)
		} else {
			files = append(files, p)
		}
	}
	var estates []*inventory.Estate
	if len(files) > 0 {
		e, err := configsnap.Read(files)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
		estates = append(estates, e)
	}
	if len(urls) > 0 {
		cfg, err := opts.Factory.AWSConfig(ctx, opts.Live.Profile, opts.Live.EndpointURL)
		if err != nil {
			return nil, err
		}
		for _, u := range urls {
			e, err := configsnap.ReadS3(ctx, cfg, u)
			if err != nil {
				return nil, &cmdutil.UsageError{Err: err}
			}
			estates = append(estates, e)
		}
	}
	e, err := inventory.Merge(append(files, urls...), estates)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return e, nil
}

// write renders the report in the chosen format. The table becomes plain
// tab-separated rows, with the summary on stderr, when it does not go to a
// terminal; by default it lists only what needs attention.
func write(opts *Options, rep *report.Report) error {
	return cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		switch opts.Format {
		case "json":
			return report.WriteJSON(w, rep)
		case "csv":
			return report.WriteCSV(w, rep)
		case "sarif", "ocsf", "asff", "html":
			return documentWriters[opts.Format](w, rep)
		}
		shown := rep
		if len(opts.Status) == 0 {
			shown = withoutPasses(rep)
		}
		if opts.Output == "" && opts.IO.IsStdoutTTY() {
			if err := report.WriteTable(w, shown, report.TableOptions{Color: opts.IO.ColorEnabled()}); err != nil {
				return err
			}
			_, err := fmt.Fprintln(w, rep.SummaryLine())
			return err
		}
		if err := report.WriteTSV(w, shown); err != nil {
			return err
		}
		_, err := fmt.Fprintln(opts.IO.ErrOut, rep.SummaryLine())
		return err
	})
}

// withoutPasses keeps the table to what needs attention; the summary line
// still counts the passes.
func withoutPasses(rep *report.Report) *report.Report {
	cp := *rep
	cp.Findings = slices.DeleteFunc(slices.Clone(rep.Findings), func(f finding.Finding) bool { return f.Status == finding.Pass })
	return &cp
}

// verdict turns the results into the exit status: failures at or above the
// threshold first, then anything not assessed.
func verdict(results []finding.Finding, failOn finding.Severity) error {
	var over, notAssessed int
	for _, f := range results {
		switch {
		case f.Status == finding.Fail && failOn != 0 && f.Severity >= failOn && !f.Muted:
			over++
		case f.Status == finding.Error:
			notAssessed++
		}
	}
	if over > 0 {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d failing findings at or above %s", over, failOn)}
	}
	if notAssessed > 0 {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d results could not be assessed (status error)", notAssessed)}
	}
	return nil
}

// Select returns the checks named by ids and services (all when both are
// empty), or a UsageError naming an unknown id or service and the valid ones.
func Select(all []*checks.Check, ids, services []string) ([]*checks.Check, error) {
	valid := checks.Services(all)
	for _, s := range services {
		if !slices.Contains(valid, s) {
			return nil, cmdutil.Usagef("unknown service %q (valid: %s)", s, strings.Join(valid, ", "))
		}
	}
	for _, id := range ids {
		if !slices.ContainsFunc(all, func(c *checks.Check) bool { return c.ID == id }) {
			return nil, cmdutil.Usagef("unknown check %q (see `awssec checks` for the %d valid ids)", id, len(all))
		}
	}
	var out []*checks.Check
	for _, c := range all {
		if (len(ids) == 0 || slices.Contains(ids, c.ID)) && (len(services) == 0 || slices.Contains(services, c.Service)) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, cmdutil.Usagef("no check is both among --check %s and in --service %s",
			strings.Join(ids, ","), strings.Join(services, ","))
	}
	return out, nil
}

// outputFilter builds the predicate for --severity and --status.
func outputFilter(severities, statuses []string) (func(finding.Finding) bool, error) {
	var sevs []finding.Severity
	for _, s := range severities {
		v, err := finding.ParseSeverity(s)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: fmt.Errorf("--severity: %w", err)}
		}
		sevs = append(sevs, v)
	}
	var sts []finding.Status
	for _, s := range statuses {
		v, err := finding.ParseStatus(s)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: fmt.Errorf("--status: %w", err)}
		}
		sts = append(sts, v)
	}
	return func(f finding.Finding) bool {
		return (len(sevs) == 0 || slices.Contains(sevs, f.Severity)) && (len(sts) == 0 || slices.Contains(sts, f.Status))
	}, nil
}
