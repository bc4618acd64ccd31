// Package live collects an estate from AWS with the SDK for Go v2: it finds
// the accounts (the caller's, given roles, or an organization's), their
// enabled regions, and runs every service collector over them with bounded
// concurrency, adaptive client-side rate limiting and retries. Whatever
// cannot be read becomes a Gap, never an empty list.
package live

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// Options say what to collect.
type Options struct {
	// Regions to collect; empty means every region enabled for each account.
	Regions []string
	// RoleARNs are roles to assume, one account each. Empty (and Org
	// false) means the caller's own account.
	RoleARNs []string
	// Org lists the organization's active accounts (the caller must be the
	// management account or a delegated administrator) and assumes
	// RoleName in each.
	Org        bool
	RoleName   string
	ExternalID string
	// Duration of assumed-role sessions (0: the SDK's default, 15 minutes).
	Duration time.Duration
	// Accounts and OU narrow the organization's accounts.
	Accounts []string
	OU       string
	// Shard K of N (1-based) keeps every Nth account of the sorted list.
	ShardK, ShardN int
	// Services narrows collection to these service names (tests, quick runs).
	Services []string
	// MaxConcurrency bounds the (account, region, service) tasks in flight.
	MaxConcurrency int
	// MaxAttempts per API call, throttling included (0: 10).
	MaxAttempts int
	// Logger, when set, logs every API call at debug level.
	Logger *slog.Logger
	// Progress, when set, is told after each (account, region, service)
	// task how many are done of how many.
	Progress func(done, total int)
	// Now stamps the estate.
	Now func() time.Time
}

// Collect builds the estate. base is the caller's configuration (default
// credential chain, profile, endpoint). The error is for what stops the whole
// collection (no credentials, the organization cannot be listed); anything
// narrower is a Gap in the estate.
func Collect(ctx context.Context, base aws.Config, services []collect.Service, opts Options) (*inventory.Estate, *Stats, error) {
	stats := &Stats{}
	plain := configure(base, opts)
	base = plain.Copy()
	base.APIOptions = append(base.APIOptions, stats.middleware(opts.Logger, ""))
	services, err := selectServices(services, opts.Services)
	if err != nil {
		return nil, stats, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	e := &inventory.Estate{SchemaVersion: inventory.SchemaVersion, CollectedAt: now().UTC().Truncate(time.Second), Source: "aws"}

	if err := checkRegions(ctx, base, opts.Regions); err != nil {
		return nil, stats, err
	}
	targets, err := findTargets(ctx, base, opts)
	if err != nil {
		return nil, stats, err
	}
	for _, t := range targets {
		e.Accounts = append(e.Accounts, &inventory.Account{ID: t.id, Name: t.name, Partition: "aws"})
	}
	// Accounts are discovered (role assumed, regions listed) in parallel;
	// then their tasks run. Collectors may read other accounts' gaps (is
	// the management account reachable?), so no task starts before every
	// account is set up.
	perAccount := make([][]func(context.Context), len(targets))
	var wg sync.WaitGroup
	sem := make(chan struct{}, discoveryConcurrency)
	for i, t := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			perAccount[i] = accountTasks(ctx, t, e.Accounts[i], e, base, plain, services, opts, stats)
		})
	}
	wg.Wait()
	p := newPool(ctx, opts.MaxConcurrency, opts.Progress)
	for _, tasks := range perAccount {
		for _, task := range tasks {
			p.submit(task)
		}
	}
	p.wait()
	return e, stats, ctx.Err()
}

// discoveryConcurrency bounds the accounts whose role and regions are
// being looked up at once.
const discoveryConcurrency = 8

// accountTasks assumes the account's role, lists its regions and returns
// one task per (service, region) — or per service for global ones. What
// fails is recorded on the account.
func accountTasks(ctx context.Context, t target, a *inventory.Account, e *inventory.Estate, base, plain aws.Config,
	services []collect.Service, opts Options, stats *Stats) []func(context.Context) {
	cfg, err := t.config(ctx, base)
	if err != nil {
		a.Gaps = append(a.Gaps, gapAll("sts:AssumeRole", err))
		return nil
	}
	// The account's own counting middleware, so the log names the account,
	// and its own limiters, one per region and service.
	cfg.APIOptions = append(slices.Clone(plain.APIOptions), stats.middleware(opts.Logger, t.id))
	limiters := newLimiters()
	attempts := maxAttempts(opts)
	cfg.Retryer = func() aws.Retryer { return newPacedRetryer(attempts, limiters) }
	regions, skipped, err := enabledRegions(ctx, cfg, opts.Regions)
	if err != nil {
		a.Gaps = append(a.Gaps, gapAll("ec2:DescribeRegions", err))
		return nil
	}
	stats.skip(skipped)
	for _, name := range regions {
		a.Regions = append(a.Regions, &inventory.Region{Name: name})
	}
	mu := &sync.Mutex{}
	var tasks []func(context.Context)
	for _, svc := range services {
		if svc.Global {
			gcfg := cfg.Copy()
			gcfg.Region = globalRegion
			scope := collect.NewScope(gcfg, e, a, nil, mu)
			tasks = append(tasks, func(ctx context.Context) { svc.Collect(ctx, scope) })
			continue
		}
		for _, r := range a.Regions {
			rcfg := cfg.Copy()
			rcfg.Region = r.Name
			scope := collect.NewScope(rcfg, e, a, r, mu)
			tasks = append(tasks, func(ctx context.Context) { svc.Collect(ctx, scope) })
		}
	}
	return tasks
}

// globalRegion is where global services are called.
const globalRegion = "us-east-1"

func gapAll(call string, err error) inventory.Gap {
	code, msg := collect.ErrorCode(err)
	return inventory.Gap{ResourceType: inventory.AllTypes, Call: call, Code: code, Message: msg}
}

// configure adds retries with AIMD client-side pacing (each SDK client
// gets its own limiter, so the limit is per account, region and service).
func configure(cfg aws.Config, opts Options) aws.Config {
	cfg = cfg.Copy()
	limiters, attempts := newLimiters(), maxAttempts(opts)
	cfg.Retryer = func() aws.Retryer { return newPacedRetryer(attempts, limiters) }
	return cfg
}

func maxAttempts(opts Options) int {
	if opts.MaxAttempts == 0 {
		return 10
	}
	return opts.MaxAttempts
}

func selectServices(all []collect.Service, names []string) ([]collect.Service, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []collect.Service
	for _, n := range names {
		i := slices.IndexFunc(all, func(s collect.Service) bool { return s.Name == n })
		if i < 0 {
			var valid []string
			for _, s := range all {
				valid = append(valid, s.Name)
			}
			return nil, fmt.Errorf("unknown service %q (valid: %s)", n, strings.Join(valid, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// target is one account to collect and how to reach it.
type target struct {
	id, name string
	roleARN  string // empty: the base credentials
	opts     Options
}

func (t target) config(ctx context.Context, base aws.Config) (aws.Config, error) {
	if t.roleARN == "" {
		return base, nil
	}
	cfg := base.Copy()
	cfg.Region = globalRegion
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), t.roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "awssec"
		if t.opts.ExternalID != "" {
			o.ExternalID = aws.String(t.opts.ExternalID)
		}
		if t.opts.Duration > 0 {
			o.Duration = t.opts.Duration
		}
	})
	cfg.Credentials = aws.NewCredentialsCache(provider)
	// Assume now, so an account whose role cannot be assumed is known before
	// its tasks are queued.
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func findTargets(ctx context.Context, base aws.Config, opts Options) ([]target, error) {
	switch {
	case len(opts.RoleARNs) > 0:
		var out []target
		for _, arn := range opts.RoleARNs {
			id, err := accountOfRole(arn)
			if err != nil {
				return nil, err
			}
			out = append(out, target{id: id, roleARN: arn, opts: opts})
		}
		return shard(out, opts), nil
	case opts.Org:
		return orgTargets(ctx, base, opts)
	}
	id, err := callerAccount(ctx, base)
	if err != nil {
		return nil, err
	}
	return []target{{id: id, opts: opts}}, nil
}

// accountOfRole checks a role ARN's shape and returns its account.
func accountOfRole(arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || len(parts[4]) != 12 || !strings.HasPrefix(parts[5], "role/") {
		return "", fmt.Errorf("--role-arn %q is not a role ARN (arn:aws:iam::123456789012:role/NAME)", arn)
	}
	return parts[4], nil
}

func callerAccount(ctx context.Context, cfg aws.Config) (string, error) {
	c := cfg.Copy()
	if c.Region == "" {
		c.Region = globalRegion
	}
	out, err := sts.NewFromConfig(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("sts:GetCallerIdentity: %w", err)
	}
	return aws.ToString(out.Account), nil
}

func orgTargets(ctx context.Context, base aws.Config, opts Options) ([]target, error) {
	if opts.RoleName == "" {
		return nil, fmt.Errorf("--org needs --role-name, the role to assume in each account")
	}
	caller, err := callerAccount(ctx, base)
	if err != nil {
		return nil, err
	}
	cfg := base.Copy()
	cfg.Region = globalRegion
	client := organizations.NewFromConfig(cfg)
	allowed := map[string]bool{}
	if opts.OU != "" {
		if err := accountsUnder(ctx, client, opts.OU, allowed); err != nil {
			return nil, fmt.Errorf("organizations:ListAccountsForParent %s: %w", opts.OU, err)
		}
	}
	var out []target
	pages := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("organizations:ListAccounts: %w", err)
		}
		for _, acct := range page.Accounts {
			id := aws.ToString(acct.Id)
			if acct.Status != "ACTIVE" && acct.State != "ACTIVE" {
				continue
			}
			if len(opts.Accounts) > 0 && !slices.Contains(opts.Accounts, id) || opts.OU != "" && !allowed[id] {
				continue
			}
			t := target{id: id, name: aws.ToString(acct.Name), opts: opts}
			if id != caller {
				t.roleARN = fmt.Sprintf("arn:aws:iam::%s:role/%s", id, opts.RoleName)
			}
			out = append(out, t)
		}
	}
	return shard(out, opts), nil
}

// accountsUnder adds the accounts of an OU and its descendants.
func accountsUnder(ctx context.Context, client *organizations.Client, parent string, into map[string]bool) error {
	accts := organizations.NewListAccountsForParentPaginator(client, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent)})
	for accts.HasMorePages() {
		page, err := accts.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Accounts {
			into[aws.ToString(a.Id)] = true
		}
	}
	ous := organizations.NewListOrganizationalUnitsForParentPaginator(client, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
	for ous.HasMorePages() {
		page, err := ous.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, ou := range page.OrganizationalUnits {
			if err := accountsUnder(ctx, client, aws.ToString(ou.Id), into); err != nil {
				return err
			}
		}
	}
	return nil
}

// shard keeps the targets of shard K of N: the account ids sorted, then
// every Nth from the (K-1)th. Every account lands in exactly one shard, the
// same one on every runner.
func shard(ts []target, opts Options) []target {
	if opts.ShardN <= 1 {
		return ts
	}
	sorted := slices.Clone(ts)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].id < sorted[j].id })
	var out []target
	for i, t := range sorted {
		if i%opts.ShardN == opts.ShardK-1 {
			out = append(out, t)
		}
	}
	return out
}

// checkRegions refuses region names the partition does not have, before
// any account is collected.
func checkRegions(ctx context.Context, base aws.Config, asked []string) error {
	if len(asked) == 0 {
		return nil
	}
	c := base.Copy()
	c.Region = globalRegion
	out, err := ec2.NewFromConfig(c).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		return nil // cannot tell; each account's collection says what fails
	}
	var all []string
	for _, r := range out.Regions {
		all = append(all, aws.ToString(r.RegionName))
	}
	for _, name := range asked {
		if !slices.Contains(all, name) {
			return fmt.Errorf("--region %s: no such region (this partition has %s)", name, strings.Join(all, ", "))
		}
	}
	return nil
}

// enabledRegions returns the regions to collect in an account: the ones
// asked for, or every region enabled for it; skipped are the opt-in regions
// left out because the account has not enabled them.
func enabledRegions(ctx context.Context, cfg aws.Config, asked []string) (regions, skipped []string, err error) {
	c := cfg.Copy()
	c.Region = globalRegion
	out, err := ec2.NewFromConfig(c).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		if len(asked) > 0 {
			return asked, nil, nil // the user named them; collection will say what fails
		}
		return nil, nil, err
	}
	enabled := map[string]bool{}
	var all []string
	for _, r := range out.Regions {
		name := aws.ToString(r.RegionName)
		all = append(all, name)
		if s := aws.ToString(r.OptInStatus); s == "opt-in-not-required" || s == "opted-in" || s == "" {
			enabled[name] = true
		}
	}
	if len(asked) == 0 {
		for _, name := range all {
			if enabled[name] {
				regions = append(regions, name)
			} else {
				skipped = append(skipped, name)
			}
		}
		return regions, skipped, nil
	}
	for _, name := range asked {
		if !slices.Contains(all, name) {
			return nil, nil, fmt.Errorf("region %s does not exist in this partition", name)
		}
	}
	return asked, nil, nil
}

// pool runs submitted tasks with at most n in flight.
type pool struct {
	ctx      context.Context
	next     chan func(context.Context)
	workers  sync.WaitGroup
	mu       sync.Mutex
	done     int
	total    int
	progress func(done, total int)
}

func newPool(ctx context.Context, n int, progress func(done, total int)) *pool {
	if n <= 0 {
		n = 16
	}
	p := &pool{ctx: ctx, next: make(chan func(context.Context)), progress: progress}
	for range n {
		p.workers.Go(func() {
			for task := range p.next {
				task(ctx)
				p.mu.Lock()
				p.done++
				if p.progress != nil {
					p.progress(p.done, p.total)
				}
				p.mu.Unlock()
			}
		})
	}
	return p
}

func (p *pool) submit(task func(context.Context)) {
	p.mu.Lock()
	p.total++
	p.mu.Unlock()
	p.next <- task
}

// wait returns once every submitted task has run.
func (p *pool) wait() {
	close(p.next)
	p.workers.Wait()
}
