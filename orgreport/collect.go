package orgreport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go"
)

// Options tune a live collection.
type Options struct {
	// Aggregators are the aggregators to report, by name; empty: all.
	Aggregators []string
	// AllRules reports account rules too, not only organization rules.
	AllRules bool
	// Concurrency is how many detail calls are in flight (default 32): the
	// pacer, not the pool, holds the rate to what AWS Config allows.
	Concurrency int
	// MaxAttempts is how many times a call is tried (default 12): a
	// throttling storm must slow the report down, not cut it short.
	MaxAttempts int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Progress, when set, is called after each (rule, account, region)
	// is read, with how many are done and how many are known so far
	// (tuples are discovered as the listing pages arrive). Calls are
	// serialized.
	Progress func(done, known int)
}

// UnknownAggregatorError is a requested aggregator the account does not
// have.
type UnknownAggregatorError struct {
	Name  string
	Known []string
}

func (e *UnknownAggregatorError) Error() string {
	known := "none"
	if len(e.Known) > 0 {
		known = strings.Join(e.Known, ", ")
	}
	return fmt.Sprintf("no configuration aggregator %q in this account and region (aggregators: %s)", e.Name, known)
}

// detailsLimit is the most results GetAggregateComplianceDetailsByConfigRule
// returns per page.
const detailsLimit = 100

// Collect reads the report from the AWS Config aggregators of the account
// and region cfg signs for. Whatever cannot be read becomes a Gap; the
// error is for a requested aggregator that does not exist and a cancelled
// context.
func Collect(ctx context.Context, cfg aws.Config, opts Options) (*Report, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 32
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 12
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ps := &pacers{}
	cfg = cfg.Copy()
	cfg.Retryer = func() aws.Retryer { return newPacedRetryer(ps, opts.MaxAttempts) }
	c := &collector{config: configservice.NewFromConfig(cfg), orgs: organizations.NewFromConfig(cfg), opts: opts}
	r := &Report{GeneratedAt: opts.Now().UTC(), Region: cfg.Region, AllRules: opts.AllRules}

	// Account names are only needed at the end; the organization rules
	// are needed to map member rules as the tuples arrive.
	var (
		wg, namesDone sync.WaitGroup
		orgRules      []string
		names         map[string]string
	)
	namesDone.Go(func() { names = c.accountNames(ctx) })
	wg.Go(func() { orgRules = c.orgRules(ctx) })
	aggs, err := c.aggregators(ctx)
	wg.Wait()
	if err != nil {
		namesDone.Wait()
		return nil, err
	}
	if len(aggs) > 0 {
		if a, err := arn.Parse(aggs[0].ARN); err == nil {
			r.Account = a.AccountID
		}
	}

	tuples := make(chan tuple)
	var workers sync.WaitGroup
	for range opts.Concurrency {
		workers.Go(func() {
			for t := range tuples {
				c.details(ctx, t)
			}
		})
	}
	var producers sync.WaitGroup
	for _, name := range orgRules {
		producers.Go(func() { c.deployment(ctx, name) })
	}
	for i := range aggs {
		producers.Go(func() { aggs[i].Summary = c.summary(ctx, aggs[i].Name) })
		producers.Go(func() { c.nonCompliant(ctx, aggs[i].Name, orgRules, tuples) })
	}
	producers.Wait()
	close(tuples)
	workers.Wait()
	namesDone.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.NotAssessed = c.gaps
	Build(r, aggs, c.findings, names)
	return r, nil
}

type collector struct {
	config *configservice.Client
	orgs   *organizations.Client
	opts   Options

	mu       sync.Mutex
	findings []Finding
	gaps     []Gap
	known    int // tuples handed to the workers
}

type tuple struct {
	aggregator string
	finding    Finding
}

func (c *collector) gap(g Gap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gaps = append(c.gaps, g)
}

// errorText is an error's AWS code and message, without the SDK's request
// details.
func errorText(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}

// aggregators lists the aggregators to report. A listing that fails is a
// gap; a requested name that does not exist is an error naming the ones
// that do.
func (c *collector) aggregators(ctx context.Context) ([]AggregatorInfo, error) {
	var all []AggregatorInfo
	pages := configservice.NewDescribeConfigurationAggregatorsPaginator(c.config, &configservice.DescribeConfigurationAggregatorsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			c.gap(Gap{Call: "config:DescribeConfigurationAggregators", Error: errorText(err)})
			return nil, nil
		}
		for _, a := range page.ConfigurationAggregators {
			all = append(all, AggregatorInfo{Name: aws.ToString(a.ConfigurationAggregatorName), ARN: aws.ToString(a.ConfigurationAggregatorArn)})
		}
	}
	if len(c.opts.Aggregators) == 0 {
		return all, nil
	}
	var out []AggregatorInfo
	for _, name := range c.opts.Aggregators {
		i := slices.IndexFunc(all, func(a AggregatorInfo) bool { return a.Name == name })
		if i < 0 {
			var known []string
			for _, a := range all {
				known = append(known, a.Name)
			}
			return nil, &UnknownAggregatorError{Name: name, Known: known}
		}
		out = append(out, all[i])
	}
	return out, nil
}

// orgRules returns the organization rules' names; nil when they cannot be
// read (a gap), and member rules are then mapped by their name's shape.
func (c *collector) orgRules(ctx context.Context) []string {
	names := []string{}
	pages := configservice.NewDescribeOrganizationConfigRulesPaginator(c.config, &configservice.DescribeOrganizationConfigRulesInput{Limit: 100})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(Gap{Call: "config:DescribeOrganizationConfigRules", Error: errorText(err)})
			return nil
		}
		for _, r := range page.OrganizationConfigRules {
			names = append(names, aws.ToString(r.OrganizationConfigRuleName))
		}
	}
	return names
}

// deployment checks that an organization rule's member rules exist: a
// member account where AWS Config failed to create or update the rule has
// no results for it, so it is not assessed there.
func (c *collector) deployment(ctx context.Context, rule string) {
	pages := configservice.NewGetOrganizationConfigRuleDetailedStatusPaginator(c.config, &configservice.GetOrganizationConfigRuleDetailedStatusInput{
		OrganizationConfigRuleName: aws.String(rule),
		Limit:                      100,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(Gap{Rule: rule, Call: "config:GetOrganizationConfigRuleDetailedStatus", Error: errorText(err)})
			return
		}
		for _, st := range page.OrganizationConfigRuleDetailedStatus {
			status := string(st.MemberAccountRuleStatus)
			if !strings.HasSuffix(status, "_FAILED") {
				continue
			}
			msg := "member rule " + aws.ToString(st.ConfigRuleName) + " " + status
			if code := aws.ToString(st.ErrorCode); code != "" {
				msg += ": " + code + ": " + aws.ToString(st.ErrorMessage)
			}
			c.gap(Gap{Rule: rule, AccountID: aws.ToString(st.AccountId), Call: "config:GetOrganizationConfigRuleDetailedStatus", Error: msg})
		}
	}
}

// accountNames reads the organization's account names; nil when
// Organizations cannot be read (the report then shows ids only).
func (c *collector) accountNames(ctx context.Context) map[string]string {
	names := map[string]string{}
	pages := organizations.NewListAccountsPaginator(c.orgs, &organizations.ListAccountsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, a := range page.Accounts {
			names[aws.ToString(a.Id)] = aws.ToString(a.Name)
		}
	}
	return names
}

// summary reads AWS Config's rule counts per account; nil when it cannot.
func (c *collector) summary(ctx context.Context, aggregator string) map[string]RuleCounts {
	out := map[string]RuleCounts{}
	pages := configservice.NewGetAggregateConfigRuleComplianceSummaryPaginator(c.config, &configservice.GetAggregateConfigRuleComplianceSummaryInput{
		ConfigurationAggregatorName: aws.String(aggregator),
		GroupByKey:                  types.ConfigRuleComplianceSummaryGroupKeyAccountId,
		Limit:                       1000,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(Gap{Aggregator: aggregator, Call: "config:GetAggregateConfigRuleComplianceSummary", Error: errorText(err)})
			return nil
		}
		for _, g := range page.AggregateComplianceCounts {
			s := g.ComplianceSummary
			if s == nil {
				continue
			}
			var rc RuleCounts
			if s.CompliantResourceCount != nil {
				rc.Compliant = int(s.CompliantResourceCount.CappedCount)
			}
			if s.NonCompliantResourceCount != nil {
				rc.NonCompliant = int(s.NonCompliantResourceCount.CappedCount)
			}
			out[aws.ToString(g.GroupName)] = rc
		}
	}
	return out
}

// nonCompliant lists the aggregator's non-compliant (rule, account,
// region) tuples and hands each reported rule's to the detail workers.
func (c *collector) nonCompliant(ctx context.Context, aggregator string, orgRules []string, out chan<- tuple) {
	pages := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(c.config, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String(aggregator),
		Filters:                     &types.ConfigRuleComplianceFilters{ComplianceType: types.ComplianceTypeNonCompliant},
		Limit:                       1000,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(Gap{Aggregator: aggregator, Call: "config:DescribeAggregateComplianceByConfigRules", Error: errorText(err)})
			return
		}
		for _, e := range page.AggregateComplianceByConfigRules {
			if e.Compliance == nil || e.Compliance.ComplianceType != types.ComplianceTypeNonCompliant {
				continue
			}
			member := aws.ToString(e.ConfigRuleName)
			f := Finding{Aggregator: aggregator, MemberRule: member, Rule: member, AccountID: aws.ToString(e.AccountId), Region: aws.ToString(e.AwsRegion)}
			if name, ok := OrgRuleName(member, orgRules); ok {
				f.Rule, f.Organization = name, true
			} else if name, ok := OrgRuleName(member, nil); ok {
				// Deployed by an organization rule that is not listed (any
				// more): still reported under the name its members carry.
				f.Rule, f.Organization = name, true
			}
			if !f.Organization && !c.opts.AllRules {
				continue
			}
			c.mu.Lock()
			c.known++
			c.mu.Unlock()
			select {
			case out <- tuple{aggregator: aggregator, finding: f}:
			case <-ctx.Done():
				return
			}
		}
	}
}

// details reads every non-compliant resource of one tuple. Resources read
// before a failure are kept, and the tuple is a gap.
func (c *collector) details(ctx context.Context, t tuple) {
	f := t.finding
	pages := configservice.NewGetAggregateComplianceDetailsByConfigRulePaginator(c.config, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String(t.aggregator),
		ConfigRuleName:              aws.String(f.MemberRule),
		AccountId:                   aws.String(f.AccountID),
		AwsRegion:                   aws.String(f.Region),
		ComplianceType:              types.ComplianceTypeNonCompliant,
		Limit:                       detailsLimit,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(Gap{Aggregator: t.aggregator, Rule: f.MemberRule, AccountID: f.AccountID, Region: f.Region,
				Call: "config:GetAggregateComplianceDetailsByConfigRule", Error: errorText(err)})
			break
		}
		for _, e := range page.AggregateEvaluationResults {
			res := Resource{AccountID: aws.ToString(e.AccountId), Region: aws.ToString(e.AwsRegion), Annotation: aws.ToString(e.Annotation),
				RecordedTime: aws.ToTime(e.ResultRecordedTime).UTC()}
			if id := e.EvaluationResultIdentifier; id != nil && id.EvaluationResultQualifier != nil {
				res.ResourceID = aws.ToString(id.EvaluationResultQualifier.ResourceId)
				res.ResourceType = aws.ToString(id.EvaluationResultQualifier.ResourceType)
			}
			if res.AccountID == "" {
				res.AccountID = f.AccountID
			}
			if res.Region == "" {
				res.Region = f.Region
			}
			f.Resources = append(f.Resources, res)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.findings = append(c.findings, f)
	if c.opts.Progress != nil {
		c.opts.Progress(len(c.findings), c.known)
	}
}
