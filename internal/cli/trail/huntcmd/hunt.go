// Package huntcmd implements `awssec trail hunt` and `awssec trail detections`.
package huntcmd

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/build"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/report"
	"github.com/awssec/awssec/sigma"
	"github.com/awssec/awssec/trail/ctlog"
	"github.com/awssec/awssec/trail/detect"
)

// Formats lists the output formats of hunt.
var Formats = []string{"table", "json", "csv", "ocsf"}

// Options are hunt's inputs.
type Options struct {
	IO         *iostreams.IOStreams
	Factory    *cmdutil.Factory
	Now        func() time.Time
	Inputs     []string
	Rules      []string
	Detections []string
	NoBuiltin  bool
	Since      string
	Until      string
	Format     string
	Output     string
	FailOn     string
	GeoIP      string
	Workers    int
	Profile    string
	Endpoint   string
}

// NewCmdHunt builds `awssec trail hunt`.
func NewCmdHunt(f *cmdutil.Factory) *cobra.Command { return newCmdHunt(f, nil) }

func newCmdHunt(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "hunt <file|dir|s3://bucket/prefix|->...",
		Short: "Hunt through CloudTrail logs for malicious activity",
		Long: "Hunt reads CloudTrail logs (delivered .json/.json.gz files, JSON arrays, JSON lines, CloudTrail Lake\n" +
			"query results; files, directories, S3 prefixes or stdin) and runs the built-in detections and\n" +
			"any Sigma rules over every event. Each finding names the principal, the matched events and why\n" +
			"they matched. Exit codes: 0 done, 1 findings at or above --fail-on, 2 bad usage or input that\n" +
			"is not CloudTrail JSON, 3 finished but some inputs could not be read.",
		Example: "  awssec trail hunt ./AWSLogs\n" +
			"  awssec trail hunt ./ct --rules ./sigma-rules --since 2026-11-01 --format json\n" +
			"  awssec trail hunt ./ct --detection ct-ec2-instance-credentials-outside\n" +
			"  awssec trail hunt s3://org-trail-bucket/AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/11/\n" +
			"  cat events.jsonl | awssec trail hunt -",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Rules, "rules", nil, "also run the Sigma rules in these files or directories (.yml, .yaml; repeatable)")
	fl.StringSliceVar(&opts.Detections, "detection", nil, "run only these detections (ids from `awssec trail detections` or your rules)")
	fl.BoolVar(&opts.NoBuiltin, "no-builtin", false, "run only the rules given with --rules")
	fl.StringVar(&opts.Since, "since", "", "only events at or after this time (2026-11-01 or RFC 3339)")
	fl.StringVar(&opts.Until, "until", "", "only events before this time (2026-11-02 or RFC 3339)")
	fl.StringVarP(&opts.Format, "format", "f", "table", "output format: "+strings.Join(Formats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write the findings to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit 1 when a finding is at or above this severity")
	fl.StringVar(&opts.GeoIP, "geoip", "", "locate source addresses with this CSV (network,latitude,longitude; GeoLite2 City blocks files work) for impossible travel")
	fl.IntVar(&opts.Workers, "workers", runtime.GOMAXPROCS(0), "files read in parallel")
	fl.StringVar(&opts.Profile, "profile", "", "AWS profile for s3:// inputs")
	fl.StringVar(&opts.Endpoint, "endpoint-url", "", "send S3 requests to this endpoint (a local emulator)")
	return cmd
}

// parseTime reads a date or an RFC 3339 time.
func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, cmdutil.Usagef("--%s %q: want a date (2026-11-01) or an RFC 3339 time (2026-11-01T10:00:00Z)", flag, s)
}

// Select returns the detections a hunt runs: the built-ins unless
// noBuiltin, the user's rules, narrowed to ids when given.
func Select(rules []string, noBuiltin bool, ids []string) ([]*detect.Detection, error) {
	var dets []*detect.Detection
	if !noBuiltin {
		dets = detect.Builtins()
	}
	if len(rules) > 0 {
		loaded, err := sigma.LoadFiles(rules)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
		for _, r := range loaded {
			d := detect.FromRule(r)
			if i := slices.IndexFunc(dets, func(x *detect.Detection) bool { return x.ID == d.ID }); i >= 0 {
				return nil, cmdutil.Usagef("%s: detection id %q is already used by %s", r.File, d.ID, cmp.Or(dets[i].Source, "a built-in detection"))
			}
			dets = append(dets, d)
		}
	}
	if len(ids) > 0 {
		var out []*detect.Detection
		for _, id := range ids {
			i := slices.IndexFunc(dets, func(x *detect.Detection) bool { return x.ID == id })
			if i < 0 {
				return nil, cmdutil.Usagef("--detection %q: no such detection (see `awssec trail detections`)", id)
			}
			out = append(out, dets[i])
		}
		dets = out
	}
	if len(dets) == 0 {
		return nil, cmdutil.Usagef("no detections to run: --no-builtin needs --rules")
	}
	return dets, nil
}

// sources expands the command's inputs.
func sources(ctx context.Context, opts *Options) ([]ctlog.Source, error) {
	var out []ctlog.Source
	var local []string
	stdin := false
	for _, in := range opts.Inputs {
		switch {
		case in == "-":
			if stdin {
				return nil, cmdutil.Usagef("stdin (-) given twice")
			}
			stdin = true
			out = append(out, ctlog.Stdin(opts.IO.In))
		case strings.HasPrefix(in, "s3:"):
			if _, _, err := ctlog.ParseS3URL(in); err != nil {
				return nil, &cmdutil.UsageError{Err: err}
			}
			if opts.Endpoint != "" {
				if u, err := url.Parse(opts.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return nil, cmdutil.Usagef("--endpoint-url %q is not an http(s) URL", opts.Endpoint)
				}
			}
			cfg, err := opts.Factory.AWSConfig(ctx, opts.Profile, opts.Endpoint)
			if err != nil {
				return nil, err
			}
			client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = cfg.BaseEndpoint != nil })
			srcs, err := ctlog.S3(ctx, client, in)
			if err != nil {
				return nil, &cmdutil.PartialError{Msg: err.Error()}
			}
			if len(srcs) == 0 {
				return nil, cmdutil.Usagef("%s: no CloudTrail log objects (.json, .json.gz) under this prefix", in)
			}
			out = append(out, srcs...)
		default:
			local = append(local, in)
		}
	}
	if len(local) > 0 {
		srcs, err := ctlog.Local(local)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
		if len(srcs) == 0 {
			return nil, cmdutil.Usagef("%s: no CloudTrail log files (.json, .json.gz, .jsonl)", strings.Join(local, ", "))
		}
		out = append(out, srcs...)
	}
	return out, nil
}

// Result is what one hunt found and read.
type Result struct {
	Hits       []*detect.Hit
	Stats      ctlog.Stats
	Faults     []*ctlog.ReadError
	Detections int
	Skipped    int64 // events outside --since/--until
	Duration   time.Duration
}

// Run performs the hunt.
func Run(ctx context.Context, opts *Options) error {
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
	since, err := parseTime("since", opts.Since)
	if err != nil {
		return err
	}
	until, err := parseTime("until", opts.Until)
	if err != nil {
		return err
	}
	if opts.Workers < 1 {
		return cmdutil.Usagef("--workers must be at least 1")
	}
	dets, err := Select(opts.Rules, opts.NoBuiltin, opts.Detections)
	if err != nil {
		return err
	}
	var dopts detect.Options
	if opts.GeoIP != "" {
		fh, err := os.Open(opts.GeoIP)
		if err != nil {
			return cmdutil.Usagef("--geoip: %v", err)
		}
		dopts.Geo, err = detect.ReadGeoCSV(opts.GeoIP, fh)
		fh.Close()
		if err != nil {
			return &cmdutil.UsageError{Err: err}
		}
	}
	srcs, err := sources(ctx, opts)
	if err != nil {
		return err
	}
	var progress func(int)
	if opts.IO.IsStderrTTY() && len(srcs) > 1 {
		bar := progressbar.NewOptions(len(srcs), progressbar.OptionSetWriter(opts.IO.ErrOut),
			progressbar.OptionSetDescription("hunting"), progressbar.OptionClearOnFinish())
		progress = func(done int) { bar.Set(done) }
	}
	res := Hunt(ctx, srcs, dets, dopts, opts.Workers, since, until, progress)
	for _, d := range dets {
		if d.Needs == "--geoip" && dopts.Geo == nil {
			fmt.Fprintf(opts.IO.ErrOut, "note: %s needs --geoip and did not run\n", d.ID)
		}
	}
	if err := cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error { return write(w, opts, res) }); err != nil {
		return err
	}
	for _, f := range res.Faults {
		fmt.Fprintf(opts.IO.ErrOut, "awssec: %v\n", f)
	}
	fmt.Fprintln(opts.IO.ErrOut, summary(res))
	return verdict(res, failOn)
}

// Hunt runs detections over sources.
func Hunt(ctx context.Context, srcs []ctlog.Source, dets []*detect.Detection, dopts detect.Options, workers int, since, until time.Time, progress func(done int)) *Result {
	start := time.Now()
	workers = max(1, min(workers, len(srcs)))
	eng := detect.NewEngine(dets, dopts, workers)
	skipped := make([]int64, workers)
	filter := !since.IsZero() || !until.IsZero()
	stats, faults, _ := ctlog.ScanProgress(ctx, srcs, workers, func(w int, e *ctlog.Event) error {
		if filter {
			t := e.Time()
			if (!since.IsZero() && t.Before(since)) || (!until.IsZero() && !t.Before(until)) {
				skipped[w]++
				return nil
			}
		}
		eng.Observe(w, e)
		return nil
	}, progress)
	res := &Result{Hits: eng.Finish(), Stats: stats, Faults: faults, Detections: len(dets), Duration: time.Since(start)}
	for _, n := range skipped {
		res.Skipped += n
	}
	return res
}

func summary(res *Result) string {
	bySev := map[finding.Severity]int{}
	for _, h := range res.Hits {
		bySev[h.Detection.Severity]++
	}
	var parts []string
	for _, s := range finding.Severities {
		if n := bySev[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	line := fmt.Sprintf("%d findings", len(res.Hits))
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	line += fmt.Sprintf(" · %d detections over %d events in %d inputs", res.Detections, res.Stats.Events, res.Stats.Sources)
	if res.Skipped > 0 {
		line += fmt.Sprintf(" (%d outside --since/--until)", res.Skipped)
	}
	if len(res.Faults) > 0 {
		line += fmt.Sprintf(" · %d inputs with errors", len(res.Faults))
	}
	return line + fmt.Sprintf(" · %s", res.Duration.Round(time.Millisecond))
}

// verdict sets the exit code: input that is not CloudTrail JSON is bad
// input (2) even though the rest was hunted; then --fail-on (1); then
// inputs that could not be read (3).
func verdict(res *Result, failOn finding.Severity) error {
	malformed, unreadable := 0, 0
	for _, f := range res.Faults {
		if f.Unreadable {
			unreadable++
		} else {
			malformed++
		}
	}
	if malformed > 0 {
		return cmdutil.Usagef("%d of %d inputs are not valid CloudTrail JSON (errors above); the events before each error were hunted", malformed, res.Stats.Sources)
	}
	if failOn > 0 {
		n := 0
		for _, h := range res.Hits {
			if h.Detection.Severity >= failOn {
				n++
			}
		}
		if n > 0 {
			return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d findings at or above %s", n, failOn)}
		}
	}
	if unreadable > 0 {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d of %d inputs could not be read (errors above): not hunted", unreadable, res.Stats.Sources)}
	}
	return nil
}

// write renders the hunt's findings.
func write(w io.Writer, opts *Options, res *Result) error {
	now := opts.Now()
	switch opts.Format {
	case "ocsf":
		return detect.OCSF(w, res.Hits, "awssec", build.String(), now)
	case "json":
		return writeJSON(w, res, now)
	}
	r := &report.Report{Tool: report.Tool{Name: "awssec", Version: build.String()}, GeneratedAt: now, Checks: res.Detections}
	for _, h := range res.Hits {
		r.Findings = append(r.Findings, h.Finding())
	}
	switch opts.Format {
	case "csv":
		return report.WriteCSV(w, r)
	}
	if opts.Output == "" && opts.IO.IsStdoutTTY() {
		if len(r.Findings) == 0 {
			_, err := fmt.Fprintln(w, "No findings.")
			return err
		}
		return report.WriteTable(w, r, report.TableOptions{Color: opts.IO.ColorEnabled()})
	}
	return report.WriteTSV(w, r)
}

// huntJSON is the JSON form of a hunt: what was read, and the findings in
// awssec's finding shape with the matched events as evidence.
type huntJSON struct {
	SchemaVersion int            `json:"schemaVersion"`
	Tool          report.Tool    `json:"tool"`
	GeneratedAt   string         `json:"generatedAt"`
	Input         inputJSON      `json:"input"`
	Detections    int            `json:"detections"`
	Findings      []findingJSON  `json:"findings"`
	Errors        []string       `json:"errors"`
	Summary       map[string]int `json:"summary"`
}

type inputJSON struct {
	Sources int64 `json:"sources"`
	Events  int64 `json:"events"`
	Skipped int64 `json:"skipped"`
}

type findingJSON struct {
	finding.Finding
	Techniques []string          `json:"techniques"`
	Count      int               `json:"count"`
	FirstSeen  string            `json:"firstSeen,omitempty"`
	LastSeen   string            `json:"lastSeen,omitempty"`
	Events     []detect.EventRef `json:"events"`
}

func writeJSON(w io.Writer, res *Result, now time.Time) error {
	doc := huntJSON{SchemaVersion: 1, Tool: report.Tool{Name: "awssec", Version: build.String()},
		GeneratedAt: now.UTC().Format(time.RFC3339), Detections: res.Detections,
		Input:    inputJSON{Sources: res.Stats.Sources, Events: res.Stats.Events, Skipped: res.Skipped},
		Findings: []findingJSON{}, Errors: []string{}, Summary: map[string]int{}}
	for _, s := range finding.Severities {
		doc.Summary[s.String()] = 0
	}
	for _, h := range res.Hits {
		f := findingJSON{Finding: h.Finding(), Techniques: h.Detection.Techniques, Count: h.Count, Events: h.Events}
		f.Evidence = nil // the events say it in full
		if !h.First.IsZero() {
			f.FirstSeen, f.LastSeen = h.First.UTC().Format(time.RFC3339), h.Last.UTC().Format(time.RFC3339)
		}
		if f.Techniques == nil {
			f.Techniques = []string{}
		}
		doc.Findings = append(doc.Findings, f)
		doc.Summary[h.Detection.Severity.String()]++
	}
	for _, f := range res.Faults {
		doc.Errors = append(doc.Errors, f.Error())
	}
	if err := json.MarshalWrite(w, doc, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
