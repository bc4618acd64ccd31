// Package verifycmd implements `awssec trail verify` and `awssec trail
// download`: CloudTrail log file integrity validation over the digest
// chains in S3 or in a local copy, and the copy itself.
package verifycmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/awsverify"
)

// VerifyOptions are the inputs of `awssec trail verify`.
type VerifyOptions struct {
	Factory     *cmdutil.Factory
	Location    string // s3://bucket/prefix or a local copy; "" with --trail-arn
	TrailARN    string
	Start, End  string
	Accounts    []string
	Regions     []string
	PublicKeys  string
	Format      string
	Output      string
	Verbose     bool
	Concurrency int
	Profile     string
	EndpointURL string

	ctx context.Context
}

// NewCmdVerify builds `awssec trail verify`.
func NewCmdVerify(f *cmdutil.Factory) *cobra.Command { return newCmdVerify(f, verifyRun) }

func newCmdVerify(f *cmdutil.Factory, runF func(*VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "verify [s3://BUCKET[/PREFIX] | DIR] --start TIME",
		Short: "Prove CloudTrail log files were not changed, deleted or forged (digest chain validation)",
		Long: "Verify checks CloudTrail's signed hourly digest files and the log files they list, as\n" +
			"`aws cloudtrail validate-logs` does, and more: every link of every chain (previous hash and\n" +
			"signature), every missing hour, log files no digest covers, data after the first gzip member,\n" +
			"the key fingerprint and validity. Chains (account × region × trail) and log files are checked\n" +
			"in parallel. The source is a trail (--trail-arn), a bucket and prefix (every account, region and\n" +
			"trail under it, organization trails included), or a copy written by `awssec trail download`\n" +
			"(no AWS access: keys from --public-keys, default DIR/public-keys.json).\n\n" +
			"Exit status: 0 all valid; 1 something invalid; 2 bad usage or input; 3 parts not assessed.",
		Example: "  awssec trail verify --trail-arn arn:aws:cloudtrail:us-east-1:111122223333:trail/org --start 2026-11-01\n" +
			"  awssec trail verify s3://acme-cloudtrail --start 2026-11-01T00:00Z --end 2026-11-02 --region us-east-1\n" +
			"  awssec trail verify ./ct --start 2026-11-01 --format json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ctx = cmd.Context()
			if len(args) == 1 {
				opts.Location = args[0]
			}
			return runF(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.TrailARN, "trail-arn", "", "verify this trail (its bucket and prefix are read with DescribeTrails)")
	fl.StringVar(&opts.Start, "start", "", "verify digests ending at or after this UTC time (2026-11-01, 2026-11-01T05:00Z, RFC 3339)")
	fl.StringVar(&opts.End, "end", "", "and up to an hour after this UTC time (default: now)")
	fl.StringSliceVar(&opts.Accounts, "account", nil, "only these accounts (repeatable; default: the trail's account, or every account for organization trails and buckets)")
	fl.StringSliceVar(&opts.Regions, "region", nil, "only these regions' chains (repeatable; default: all)")
	fl.StringVar(&opts.PublicKeys, "public-keys", "", "CloudTrail public keys (list-public-keys JSON) for offline verification")
	fl.StringVar(&opts.Format, "format", "text", "output format: text or json")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file (default: stdout)")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "list valid log files too (text and JSON; digests are always listed in JSON)")
	fl.IntVar(&opts.Concurrency, "concurrency", 32, "requests in flight")
	fl.StringVar(&opts.Profile, "profile", "", "AWS profile (default: AWS_PROFILE, then the default chain)")
	fl.StringVar(&opts.EndpointURL, "endpoint-url", "", "send every AWS client to this endpoint (a local emulator)")
	return cmd
}

var (
	accountPattern = regexp.MustCompile(`^\d{12}$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
)

// parseTime reads a UTC time in the forms users type.
func parseTime(flag, v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, cmdutil.Usagef("--%s %q is not a time (2026-11-01, 2026-11-01T05:00Z or RFC 3339)", flag, v)
}

// target is one bucket prefix to verify, and how to read it.
type target struct {
	bucket, prefix string
	store          verify.Store
}

func verifyRun(opts *VerifyOptions) error {
	f := opts.Factory
	if err := cmdutil.OneOf("--format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	if opts.Start == "" {
		return cmdutil.Usagef("--start is required: the first hour to verify (2026-11-01 or 2026-11-01T05:00Z)")
	}
	start, err := parseTime("start", opts.Start)
	if err != nil {
		return err
	}
	end := f.Now().UTC()
	if opts.End != "" {
		if end, err = parseTime("end", opts.End); err != nil {
			return err
		}
	}
	if !start.Before(end) {
		return cmdutil.Usagef("--start %s must be before --end %s", start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	for _, a := range opts.Accounts {
		if !accountPattern.MatchString(a) {
			return cmdutil.Usagef("--account %q is not a 12-digit account id", a)
		}
	}
	for _, r := range opts.Regions {
		if !regionPattern.MatchString(r) {
			return cmdutil.Usagef("--region %q is not a region name (like eu-west-1)", r)
		}
	}
	if opts.Concurrency < 1 {
		return cmdutil.Usagef("--concurrency must be at least 1")
	}
	base := verify.Options{Start: start, End: end, Accounts: opts.Accounts, Regions: opts.Regions, Concurrency: opts.Concurrency,
		LogPasses: opts.Verbose}
	var targets []target
	ctx := opts.ctx
	switch {
	case opts.Location == "" && opts.TrailARN == "":
		return cmdutil.Usagef("say what to verify: --trail-arn ARN, s3://BUCKET[/PREFIX], or a directory written by `awssec trail download`")
	case opts.Location != "" && !strings.HasPrefix(opts.Location, "s3://"):
		if opts.TrailARN != "" {
			return cmdutil.Usagef("--trail-arn goes with s3:// locations, not with a local copy")
		}
		targets, err = localTargets(opts.Location)
		if err != nil {
			return err
		}
		keysFile := cmpOr(opts.PublicKeys, filepath.Join(opts.Location, verify.KeysFile))
		data, err := os.ReadFile(keysFile)
		if err != nil {
			return cmdutil.Usagef("--public-keys %s: %v (offline verification needs CloudTrail's public keys: `awssec trail download` saves them)", keysFile, errors.Unwrap(err))
		}
		keys, err := verify.ReadKeyFile(keysFile, data)
		if err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		base.Keys = verify.StaticKeys(keys)
	default:
		if opts.PublicKeys != "" {
			return cmdutil.Usagef("--public-keys is for a local copy; online, keys come from CloudTrail ListPublicKeys")
		}
		cfg, err := f.AWSConfig(ctx, opts.Profile, opts.EndpointURL)
		if err != nil {
			return err
		}
		store := awsverify.NewS3Store(cfg)
		base.Keys = awsverify.PublicKeys(cfg)
		var t target
		if opts.Location != "" {
			if t.bucket, t.prefix, err = parseS3(opts.Location); err != nil {
				return err
			}
		}
		if opts.TrailARN != "" {
			tr, err := awsverify.FindTrail(ctx, cfg, opts.TrailARN)
			if err != nil {
				return cmdutil.Usagef("--trail-arn: %v", err)
			}
			base.Trail, base.HomeRegion = tr.Name, tr.HomeRegion
			if t.bucket == "" {
				t.bucket, t.prefix = tr.Bucket, tr.Prefix
			}
			if len(base.Accounts) == 0 && !tr.Organization {
				base.Accounts = []string{tr.Account}
			}
		}
		t.store = store
		targets = []target{t}
	}
	if f.IOStreams.IsStderrTTY() {
		var bar *progressbar.ProgressBar
		base.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f.IOStreams.ErrOut),
					progressbar.OptionSetDescription("log files"), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	res := &verify.Result{}
	for _, t := range targets {
		o := base
		o.Bucket, o.Prefix = t.bucket, t.prefix
		r, err := verify.Run(ctx, t.store, o)
		if err != nil {
			return &cmdutil.PartialError{Msg: "trail verify: " + err.Error()}
		}
		merge(res, r)
	}
	err = cmdutil.WriteOutput(f, opts.Output, func(w io.Writer) error {
		if opts.Format == "json" {
			return writeJSON(w, res, start, end)
		}
		return writeText(w, res, start, end, opts.Verbose)
	})
	if err != nil {
		return err
	}
	return verdict(res)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func merge(into, r *verify.Result) {
	into.Findings = append(into.Findings, r.Findings...)
	into.DigestsValid += r.DigestsValid
	into.DigestsInvalid += r.DigestsInvalid
	into.LogsValid += r.LogsValid
	into.LogsInvalid += r.LogsInvalid
	into.Chains += r.Chains
	if !r.FoundStart.IsZero() && (into.FoundStart.IsZero() || r.FoundStart.Before(into.FoundStart)) {
		into.FoundStart = r.FoundStart
	}
	if r.FoundEnd.After(into.FoundEnd) {
		into.FoundEnd = r.FoundEnd
	}
}

func verdict(res *verify.Result) error {
	switch {
	case res.Failed():
		var parts []string
		if res.DigestsInvalid > 0 {
			parts = append(parts, plural(res.DigestsInvalid, "digest file"))
		}
		if res.LogsInvalid > 0 {
			parts = append(parts, plural(res.LogsInvalid, "log file"))
		}
		return &cmdutil.ThresholdError{Msg: "trail verify: " + strings.Join(parts, " and ") + " INVALID"}
	case res.Errors() > 0:
		return &cmdutil.PartialError{Msg: fmt.Sprintf("trail verify: %d results not assessed", res.Errors())}
	case res.DigestsValid == 0:
		return &cmdutil.PartialError{Msg: "trail verify: no digest files found in range: nothing was verified"}
	}
	return nil
}

// parseS3 splits s3://bucket/prefix.
func parseS3(loc string) (bucket, prefix string, err error) {
	rest := strings.TrimPrefix(loc, "s3://")
	bucket, prefix, _ = strings.Cut(rest, "/")
	prefix = strings.Trim(prefix, "/")
	if bucket == "" || strings.ContainsAny(bucket, " \\") {
		return "", "", cmdutil.Usagef("%q is not an s3://BUCKET[/PREFIX] location", loc)
	}
	if p, ok := strings.CutSuffix(prefix, "AWSLogs"); ok { // s3://bucket/prefix/AWSLogs given
		prefix = strings.TrimSuffix(p, "/")
	}
	return bucket, prefix, nil
}

// localTargets finds the bucket prefixes in a local copy: each directory
// holding an AWSLogs directory, under <dir>/<bucket>/.
func localTargets(dir string) ([]target, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, cmdutil.Usagef("%s: %v", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return nil, cmdutil.Usagef("%s is not a directory written by `awssec trail download`", dir)
	}
	store := verify.DirStore{Root: dir}
	buckets, err := store.Buckets()
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	var out []target
	for _, b := range buckets {
		root := filepath.Join(dir, b)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if strings.Count(rel, string(filepath.Separator)) > 6 {
				return filepath.SkipDir
			}
			if d.Name() == "AWSLogs" {
				prefix := filepath.ToSlash(filepath.Dir(rel))
				if prefix == "." {
					prefix = ""
				}
				out = append(out, target{bucket: b, prefix: prefix, store: store})
				return filepath.SkipDir
			}
			return nil
		})
	}
	if len(out) == 0 {
		return nil, cmdutil.Usagef("%s holds no <bucket>/[prefix/]AWSLogs directory: not a copy written by `awssec trail download`", dir)
	}
	return out, nil
}

func writeText(w io.Writer, res *verify.Result, start, end time.Time, verbose bool) error {
	for _, fd := range res.Findings {
		if fd.Status == finding.Pass && !verbose {
			continue
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", strings.ToUpper(string(fd.Status)), fd.CheckID, fd.ResourceID, fd.Message)
	}
	if len(res.Findings) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Results requested for %s to %s\n", start.Format(time.RFC3339), end.Format(time.RFC3339))
	if res.DigestsValid+res.DigestsInvalid == 0 {
		fmt.Fprintln(w, "No digests found")
		return nil
	}
	if res.FoundStart.IsZero() {
		fmt.Fprintln(w, "No valid digests found in range")
	} else {
		from, to := foundRange(res, start, end)
		fmt.Fprintf(w, "Results found for %s to %s (%s):\n", from.Format(time.RFC3339), to.Format(time.RFC3339), plural(res.Chains, "chain"))
	}
	ratio(w, res.DigestsValid, res.DigestsInvalid, "digest")
	ratio(w, res.LogsValid, res.LogsInvalid, "log")
	if n := res.Errors(); n > 0 {
		fmt.Fprintf(w, "%d results not assessed\n", n)
	}
	return nil
}

// foundRange is the span of the valid digests within the requested
// range, as the AWS CLI reports it.
func foundRange(res *verify.Result, start, end time.Time) (time.Time, time.Time) {
	from, to := res.FoundStart, res.FoundEnd
	if from.Before(start) {
		from = start
	}
	if to.After(end) {
		to = end
	}
	return from, to
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func ratio(w io.Writer, valid, invalid int, name string) {
	total := valid + invalid
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "%d/%d %s files valid", valid, total, name)
	if invalid > 0 {
		fmt.Fprintf(w, ", %d/%d %s files INVALID", invalid, total, name)
	}
	fmt.Fprintln(w)
}

type jsonReport struct {
	Requested struct {
		Start time.Time `json:"start"`
		End   time.Time `json:"end"`
	} `json:"requested"`
	Found *struct {
		Start time.Time `json:"start"`
		End   time.Time `json:"end"`
	} `json:"found,omitempty"`
	Summary struct {
		Chains         int `json:"chains"`
		DigestsValid   int `json:"digestFilesValid"`
		DigestsInvalid int `json:"digestFilesInvalid"`
		LogsValid      int `json:"logFilesValid"`
		LogsInvalid    int `json:"logFilesInvalid"`
		NotAssessed    int `json:"notAssessed"`
	} `json:"summary"`
	Findings []finding.Finding `json:"findings"`
}

func writeJSON(w io.Writer, res *verify.Result, start, end time.Time) error {
	var r jsonReport
	r.Requested.Start, r.Requested.End = start, end
	if !res.FoundStart.IsZero() {
		from, to := foundRange(res, start, end)
		r.Found = &struct {
			Start time.Time `json:"start"`
			End   time.Time `json:"end"`
		}{from, to}
	}
	r.Summary.Chains, r.Summary.DigestsValid, r.Summary.DigestsInvalid = res.Chains, res.DigestsValid, res.DigestsInvalid
	r.Summary.LogsValid, r.Summary.LogsInvalid, r.Summary.NotAssessed = res.LogsValid, res.LogsInvalid, res.Errors()
	r.Findings = slices.Clone(res.Findings)
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	return json.MarshalWrite(w, r, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false))
}
