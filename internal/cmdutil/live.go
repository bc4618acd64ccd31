package cmdutil

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"

	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/inventory"
)

// LiveFlags are the flags of the commands that collect from AWS.
type LiveFlags struct {
	Profile         string
	Regions         []string
	RoleARNs        []string
	Org             bool
	RoleName        string
	ExternalID      string
	SessionDuration time.Duration
	Accounts        []string
	OU              string
	EndpointURL     string
	MaxConcurrency  int
	Shard           string
	Verbose         bool
}

// Register adds the flags; withShard adds --shard.
func (l *LiveFlags) Register(fs *pflag.FlagSet, withShard bool) {
	fs.StringVar(&l.Profile, "profile", "", "AWS profile (default: AWS_PROFILE, then the default chain)")
	fs.StringSliceVar(&l.Regions, "region", nil, "regions to collect (default: every region enabled for each account)")
	fs.StringArrayVar(&l.RoleARNs, "role-arn", nil, "assume this role and collect its account (repeatable)")
	fs.BoolVar(&l.Org, "org", false, "collect every active account of the organization (run from the management account)")
	fs.StringVar(&l.RoleName, "role-name", "", "with --org: the role to assume in each account")
	fs.StringVar(&l.ExternalID, "external-id", "", "external id to pass when assuming roles")
	fs.DurationVar(&l.SessionDuration, "session-duration", 0, "assumed-role session duration (default 15m)")
	fs.StringSliceVar(&l.Accounts, "accounts", nil, "with --org: only these account ids")
	fs.StringVar(&l.OU, "ou", "", "with --org: only the accounts under this OU (ou-...) or root")
	fs.StringVar(&l.EndpointURL, "endpoint-url", "", "send every AWS client to this endpoint (a local emulator)")
	fs.IntVar(&l.MaxConcurrency, "max-concurrency", 16, "API tasks (account × region × service) in flight")
	fs.BoolVarP(&l.Verbose, "verbose", "v", false, "log every API call (operation, region, duration, retries) to stderr")
	if withShard {
		fs.StringVar(&l.Shard, "shard", "", "collect only shard K of N of the accounts (K/N, e.g. 3/20)")
	}
}

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	shardPattern  = regexp.MustCompile(`^(\d+)/(\d+)$`)
	accountID     = regexp.MustCompile(`^\d{12}$`)
)

// Options validates the flags into collection options.
func (l *LiveFlags) Options() (live.Options, error) {
	o := live.Options{Regions: l.Regions, RoleARNs: l.RoleARNs, Org: l.Org, RoleName: l.RoleName, ExternalID: l.ExternalID,
		Duration: l.SessionDuration, Accounts: l.Accounts, OU: l.OU, MaxConcurrency: l.MaxConcurrency}
	for _, r := range l.Regions {
		if !regionPattern.MatchString(r) {
			return o, Usagef("--region %q is not a region name (like eu-west-1)", r)
		}
	}
	for _, arn := range l.RoleARNs {
		p := strings.SplitN(arn, ":", 6)
		if len(p) != 6 || p[0] != "arn" || p[2] != "iam" || !accountID.MatchString(p[4]) || !strings.HasPrefix(p[5], "role/") {
			return o, Usagef("--role-arn %q is not a role ARN (arn:aws:iam::123456789012:role/NAME)", arn)
		}
	}
	for _, a := range l.Accounts {
		if !accountID.MatchString(a) {
			return o, Usagef("--accounts: %q is not a 12-digit account id", a)
		}
	}
	switch {
	case l.Org && len(l.RoleARNs) > 0:
		return o, Usagef("--org and --role-arn cannot be used together")
	case l.Org && l.RoleName == "":
		return o, Usagef("--org needs --role-name, the role to assume in each account (e.g. OrganizationAccountAccessRole)")
	case !l.Org && (l.RoleName != "" || len(l.Accounts) > 0 || l.OU != ""):
		return o, Usagef("--role-name, --accounts and --ou go with --org")
	case l.MaxConcurrency < 1:
		return o, Usagef("--max-concurrency must be at least 1")
	}
	if l.EndpointURL != "" {
		u, err := url.Parse(l.EndpointURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, Usagef("--endpoint-url %q is not an http(s) URL", l.EndpointURL)
		}
	}
	if l.Shard != "" {
		m := shardPattern.FindStringSubmatch(l.Shard)
		if m == nil {
			return o, Usagef("--shard %q: want K/N, like 3/20", l.Shard)
		}
		o.ShardK, _ = strconv.Atoi(m[1])
		o.ShardN, _ = strconv.Atoi(m[2])
		if o.ShardN < 1 || o.ShardK < 1 || o.ShardK > o.ShardN {
			return o, Usagef("--shard %q: K must be between 1 and N", l.Shard)
		}
	}
	return o, nil
}

// Collect loads the AWS configuration and collects the estate, with a
// progress bar on stderr when it is a terminal.
func (l *LiveFlags) Collect(ctx context.Context, f *Factory) (*inventory.Estate, *live.Stats, error) {
	opts, err := l.Options()
	if err != nil {
		return nil, nil, err
	}
	cfg, err := f.AWSConfig(ctx, l.Profile, l.EndpointURL)
	if err != nil {
		return nil, nil, err
	}
	if l.Verbose {
		opts.Logger = slog.New(slog.NewTextHandler(f.IOStreams.ErrOut, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if f.IOStreams.IsStderrTTY() && !l.Verbose {
		var bar *progressbar.ProgressBar
		opts.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f.IOStreams.ErrOut),
					progressbar.OptionSetDescription("collecting"), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	opts.Now = f.Now
	e, stats, err := live.Collect(ctx, cfg, live.Services(), opts)
	if err != nil {
		return nil, stats, &UsageError{Err: err}
	}
	return e, stats, nil
}

// CollectionSummary is the line that says what a collection did.
func CollectionSummary(e *inventory.Estate, stats *live.Stats) string {
	regions := 0
	for range e.Regions() {
		regions++
	}
	line := fmt.Sprintf("collected %d accounts, %d account-regions: %s", len(e.Accounts), regions, stats)
	if skipped := stats.Skipped(); len(skipped) > 0 {
		line += "\nnot enabled, skipped (info): " + strings.Join(skipped, ", ")
	}
	return line
}

// AWSConfigLoader is the signature of Factory.AWSConfig.
type AWSConfigLoader = func(ctx context.Context, profile, endpointURL string) (aws.Config, error)
