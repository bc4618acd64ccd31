package verifycmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/awsverify"
)

// DownloadOptions are the inputs of `awssec trail download`.
type DownloadOptions struct {
	Factory     *cmdutil.Factory
	Location    string
	Dir         string
	Start, End  string
	Accounts    []string
	Regions     []string
	Concurrency int
	Profile     string
	EndpointURL string

	ctx context.Context
}

// NewCmdDownload builds `awssec trail download`.
func NewCmdDownload(f *cmdutil.Factory) *cobra.Command { return newCmdDownload(f, downloadRun) }

func newCmdDownload(f *cmdutil.Factory, runF func(*DownloadOptions) error) *cobra.Command {
	opts := &DownloadOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "download s3://BUCKET[/PREFIX] DIR --start TIME",
		Short: "Copy CloudTrail digests (with their signatures), log files and public keys for offline verification",
		Long: "Download copies what `awssec trail verify` reads for the same range into DIR/<bucket>/<key>:\n" +
			"the digest files, the digest before each, the log files of the same days, each digest's\n" +
			"signature metadata in <key>.metadata.json, and CloudTrail's public keys in DIR/public-keys.json.\n" +
			"`awssec trail verify DIR` then needs no AWS access.",
		Example: "  awssec trail download s3://acme-cloudtrail ./ct --start 2026-11-01 --end 2026-11-02\n" +
			"  awssec trail verify ./ct --start 2026-11-01 --end 2026-11-02",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ctx = cmd.Context()
			opts.Location, opts.Dir = args[0], args[1]
			return runF(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Start, "start", "", "copy digests ending at or after this UTC time")
	fl.StringVar(&opts.End, "end", "", "and up to an hour after this UTC time (default: now)")
	fl.StringSliceVar(&opts.Accounts, "account", nil, "only these accounts (repeatable)")
	fl.StringSliceVar(&opts.Regions, "region", nil, "only these regions (repeatable)")
	fl.IntVar(&opts.Concurrency, "concurrency", 32, "requests in flight")
	fl.StringVar(&opts.Profile, "profile", "", "AWS profile (default: AWS_PROFILE, then the default chain)")
	fl.StringVar(&opts.EndpointURL, "endpoint-url", "", "send every AWS client to this endpoint (a local emulator)")
	return cmd
}

func downloadRun(opts *DownloadOptions) error {
	f := opts.Factory
	if !strings.HasPrefix(opts.Location, "s3://") {
		return cmdutil.Usagef("%q is not an s3://BUCKET[/PREFIX] location", opts.Location)
	}
	bucket, prefix, err := parseS3(opts.Location)
	if err != nil {
		return err
	}
	if opts.Start == "" {
		return cmdutil.Usagef("--start is required: the first hour to copy")
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
	if opts.Concurrency < 1 {
		return cmdutil.Usagef("--concurrency must be at least 1")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return cmdutil.Usagef("%s: %v", opts.Dir, err)
	}
	ctx := opts.ctx
	cfg, err := f.AWSConfig(ctx, opts.Profile, opts.EndpointURL)
	if err != nil {
		return err
	}
	n, err := awsverify.Download(ctx, cfg, awsverify.NewS3Store(cfg), awsverify.DownloadOptions{Bucket: bucket, Prefix: prefix,
		Start: start, End: end, Accounts: opts.Accounts, Regions: opts.Regions, Concurrency: opts.Concurrency, Dir: opts.Dir})
	if err != nil {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("trail download: %d objects copied, then: %v", n, err)}
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "copied %d objects from %s to %s; public keys in %s\n", n, opts.Location, opts.Dir,
		filepath.Join(opts.Dir, verify.KeysFile))
	return nil
}
