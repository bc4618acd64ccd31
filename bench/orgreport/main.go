// Command orgreport measures awssec org-report against the AWS double: an
// organization of 500 accounts × 17 regions × 40 organization Config rules
// behind one aggregator, 5,000 non-compliant (rule, account, region)
// tuples with 200,000 non-compliant resources, every call delayed by
// 20 ms and each Config operation throttled at 200 requests/s. It prints
// the report time against the lower bound the throttle imposes, as a ratio
// (target ≤ 1.3), what was lost (target nothing), peak memory (target
// ≤ 512 MiB), and the same for a sequential implementation, the way the
// AWS sample walks the aggregator, as the baseline.
//
//	go run ./bench/orgreport [-scale 0.1] [-sequential=false]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/orgreport"
)

const (
	management = "111111111111"
	aggregator = "OrgAggregator"
)

var allRegions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
	"eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1"}

// configOps are the Config operations a report calls, each throttled on
// its own.
var configOps = []string{"DescribeConfigurationAggregators", "DescribeOrganizationConfigRules", "GetAggregateConfigRuleComplianceSummary",
	"DescribeAggregateComplianceByConfigRules", "GetAggregateComplianceDetailsByConfigRule"}

func main() {
	scale := flag.Float64("scale", 1, "scale the organization's accounts, non-compliant tuples and resources (0.1 for a quick run)")
	latency := flag.Duration("latency", 20*time.Millisecond, "latency of every call")
	rate := flag.Float64("rate", 200, "throttle: requests per second per Config operation")
	burst := flag.Int("burst", 10, "throttle burst")
	concurrency := flag.Int("concurrency", 32, "detail calls in flight")
	sequential := flag.Bool("sequential", true, "also run the sequential baseline (about 5,000 × latency)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the parallel run to this file")
	verbose := flag.Bool("v", false, "print the detail calls answered and throttled in each second of the parallel run")
	flag.Parse()

	accounts, tuples, resources := int(500**scale), int(5000**scale), int(200_000**scale)
	accounts, tuples = max(accounts, 1), max(tuples, 1)
	rules := 40
	if tuples > accounts*len(allRegions)*rules {
		fmt.Fprintln(os.Stderr, "bench: more non-compliant tuples than (rule, account, region) tuples")
		os.Exit(2)
	}
	est := fixture(accounts, rules, tuples, resources)
	fmt.Printf("organization: %d accounts × %d regions × %d organization rules, %d non-compliant tuples, %d non-compliant resources;\n"+
		"latency %s, throttle %.0f req/s (burst %d) per Config operation\n\n",
		accounts, len(allRegions), rules, tuples, resources, *latency, *rate, *burst)

	r := &runner{}
	defer r.cleanup()
	srv := serve(r, est, *latency, *rate, *burst)
	stopProfile, err := benchutil.StartCPUProfile(*cpuprofile)
	if err != nil {
		r.Fatalf("%v", err)
	}
	runtime.GC() // the fixture's garbage is not the report's
	start := time.Now()
	rep, err := orgreport.Collect(context.Background(), srv.Config(r, management), orgreport.Options{Concurrency: *concurrency})
	elapsed := time.Since(start)
	stopProfile()
	if err != nil {
		r.Fatalf("collect: %v", err)
	}
	_, gotResources, _ := rep.Totals()
	gotTuples := 0
	for _, ag := range rep.Aggregators {
		for _, rule := range ag.Rules {
			for _, a := range rule.Accounts {
				regions := map[string]bool{}
				for _, res := range a.Resources {
					regions[res.Region] = true
				}
				gotTuples += len(regions)
			}
		}
	}
	bound := lowerBound(srv.Calls(), start, *latency, *rate, *burst)
	calls, throttled := count(srv.Calls(), start)
	fmt.Printf("parallel   (%d in flight): %s elapsed, lower bound %s, ratio %.2f (target ≤ 1.30); %d calls, %d throttled\n",
		*concurrency, elapsed.Round(time.Millisecond), bound.Round(time.Millisecond), float64(elapsed)/float64(bound), calls, throttled)
	fmt.Printf("           lost: %d of %d resources, %d of %d tuples, %d not assessed (target 0)\n",
		resources-gotResources, resources, tuples-gotTuples, tuples, len(rep.NotAssessed))
	fmt.Printf("           peak RSS: %d MiB (target ≤ 512 MiB)\n", benchutil.PeakRSS()>>20)
	if *verbose {
		timeline(srv.Calls(), start)
	}
	rep = nil

	if !*sequential {
		return
	}
	srv = serve(r, est, *latency, *rate, *burst)
	runtime.GC()
	start = time.Now()
	seqResources, err := sequentialReport(context.Background(), srv.Config(r, management))
	seqElapsed := time.Since(start)
	if err != nil {
		r.Fatalf("sequential: %v", err)
	}
	seqBound := lowerBound(srv.Calls(), start, *latency, *rate, *burst)
	fmt.Printf("sequential (the AWS sample's loop): %s elapsed, lower bound %s, ratio %.2f; %d of %d resources\n",
		seqElapsed.Round(time.Millisecond), seqBound.Round(time.Millisecond), float64(seqElapsed)/float64(seqBound), seqResources, resources)
	fmt.Printf("\nspeed-up over sequential: %.1f×\n", float64(seqElapsed)/float64(elapsed))
}

func serve(r *runner, est *inventory.Estate, latency time.Duration, rate float64, burst int) *awstest.Server {
	srv := awstest.New(r)
	srv.Serve(est)
	srv.PageSize = 1000 // AWS Config's largest pages; clients ask for less with Limit
	// The double indexes the aggregator's 340,000 results on first use:
	// build that index now, so the runs measure the report, not the double.
	client := configservice.NewFromConfig(srv.Config(r, management))
	if _, err := client.GetAggregateComplianceDetailsByConfigRule(context.Background(), &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String(aggregator), ConfigRuleName: aws.String("warm-up"),
		AccountId: aws.String(management), AwsRegion: aws.String("us-east-1"),
	}); err != nil {
		r.Fatalf("warm-up: %v", err)
	}
	srv.SetLatency(latency)
	for _, op := range configOps {
		srv.ThrottleOp("config", op, rate, burst)
	}
	return srv
}

// fixture builds the organization: the management account's us-east-1
// holds the organization rules' member rules and the aggregator, whose
// compliance covers every (rule, account, region).
func fixture(accounts, rules, tuples, resources int) *inventory.Estate {
	org := &inventory.Organization{ID: "o-bench00001", ManagementAccount: management}
	ids := make([]string, accounts)
	for i := range ids {
		ids[i] = fmt.Sprintf("%012d", 100000000000+i*1013)
		if i == 0 {
			ids[i] = management
		}
		org.Accounts = append(org.Accounts, &inventory.OrgAccount{Meta: inventory.Meta{ID: ids[i], Name: fmt.Sprintf("account-%03d", i),
			ARN: "arn:aws:organizations::" + management + ":account/o-bench00001/" + ids[i]}, Status: "ACTIVE", EmailDomain: "example.com"})
	}
	mgmtRegion := &inventory.Region{Name: "us-east-1"}
	names := make([]string, rules)
	for i := range names {
		names[i] = fmt.Sprintf("OrgConfigRule-org-rule-%02d-%06x", i, 0xa11c0+i)
		mgmtRegion.Resources.ConfigRules = append(mgmtRegion.Resources.ConfigRules, &inventory.ConfigRule{
			Meta:             inventory.Meta{ID: names[i]},
			RuleSource:       inventory.ConfigRuleSource{Owner: "AWS", SourceIdentifier: fmt.Sprintf("RULE_%02d", i)},
			OrganizationRule: true, CreatedBy: "config-multiaccountsetup.amazonaws.com",
		})
	}
	total := accounts * len(allRegions) * rules
	bad := map[int]bool{}
	// A stride coprime with the tuple count spreads the non-compliant
	// tuples over rules, accounts and regions.
	stride := 7919
	for gcd(stride, total) != 1 {
		stride += 2
	}
	for i := range tuples {
		bad[(i*stride)%total] = true
	}
	perTuple, extra := resources/tuples, resources%tuples
	recorded := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	ag := &inventory.ConfigAggregator{Meta: inventory.Meta{ID: aggregator,
		ARN: "arn:aws:config:us-east-1:" + management + ":config-aggregator/config-aggregator-bench0001"},
		OrganizationSource: &inventory.ConfigOrganizationSource{AllAWSRegions: true},
		RuleCompliance:     make([]inventory.ConfigAggregateRuleCompliance, 0, total)}
	n := 0
	for idx := range total {
		rule, acct, region := idx%rules, (idx/rules)%accounts, idx/(rules*accounts)
		c := inventory.ConfigAggregateRuleCompliance{ConfigRuleName: names[rule], AccountID: ids[acct], Region: allRegions[region],
			Compliance: inventory.ConfigCompliance{ComplianceType: "COMPLIANT"}}
		if bad[idx] {
			k := perTuple
			if n < extra {
				k++
			}
			n++
			evs := make([]inventory.ConfigEvaluation, k)
			for j := range evs {
				evs[j] = inventory.ConfigEvaluation{ResourceType: "AWS::EC2::Volume", ResourceID: fmt.Sprintf("vol-%08x%09x", idx, j),
					ComplianceType: "NON_COMPLIANT", ResultRecordedTime: recorded}
			}
			c.Compliance = inventory.ConfigCompliance{ComplianceType: "NON_COMPLIANT", NonCompliantResourceCount: min(k, 100), CappedCount: k > 100, Resources: evs}
		}
		ag.RuleCompliance = append(ag.RuleCompliance, c)
	}
	mgmtRegion.Resources.ConfigAggregators = []*inventory.ConfigAggregator{ag}
	return &inventory.Estate{SchemaVersion: inventory.SchemaVersion, Organization: org,
		Accounts: []*inventory.Account{{ID: management, Name: "account-000", Partition: "aws", Regions: []*inventory.Region{mgmtRegion}}}}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// sequentialReport is the AWS sample's loop: list the aggregators, then
// each aggregator's non-compliant rules, then each one's resources, one
// call at a time, with the SDK's default retries.
func sequentialReport(ctx context.Context, cfg aws.Config) (int, error) {
	client := configservice.NewFromConfig(cfg)
	n := 0
	aggs := configservice.NewDescribeConfigurationAggregatorsPaginator(client, &configservice.DescribeConfigurationAggregatorsInput{})
	for aggs.HasMorePages() {
		page, err := aggs.NextPage(ctx)
		if err != nil {
			return n, err
		}
		for _, ag := range page.ConfigurationAggregators {
			rules := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(client, &configservice.DescribeAggregateComplianceByConfigRulesInput{
				ConfigurationAggregatorName: ag.ConfigurationAggregatorName,
				Filters:                     &types.ConfigRuleComplianceFilters{ComplianceType: types.ComplianceTypeNonCompliant},
			})
			for rules.HasMorePages() {
				rp, err := rules.NextPage(ctx)
				if err != nil {
					return n, err
				}
				for _, c := range rp.AggregateComplianceByConfigRules {
					details := configservice.NewGetAggregateComplianceDetailsByConfigRulePaginator(client, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
						ConfigurationAggregatorName: ag.ConfigurationAggregatorName, ConfigRuleName: c.ConfigRuleName,
						AccountId: c.AccountId, AwsRegion: c.AwsRegion, ComplianceType: types.ComplianceTypeNonCompliant, Limit: 100,
					})
					for details.HasMorePages() {
						dp, err := details.NextPage(ctx)
						if err != nil {
							return n, err
						}
						n += len(dp.AggregateEvaluationResults)
					}
				}
			}
		}
	}
	return n, nil
}

// lowerBound is the least time the answered calls could take: each Config
// operation's calls at most rate per second after the burst, and one
// call's latency before anything can start.
func lowerBound(calls []awstest.Call, start time.Time, latency time.Duration, rate float64, burst int) time.Duration {
	per := map[string]int{}
	for _, c := range calls {
		if c.Service == "config" && c.Outcome != "throttled" && c.At.After(start) {
			per[c.Op]++
		}
	}
	var longest time.Duration
	for _, n := range per {
		longest = max(longest, time.Duration(float64(max(n-burst, 0))/rate*float64(time.Second)))
	}
	return longest + latency
}

// timeline prints, per second, the detail calls answered and throttled.
func timeline(calls []awstest.Call, start time.Time) {
	type sec struct{ ok, throttled int }
	var secs []sec
	for _, c := range calls {
		if c.Op != "GetAggregateComplianceDetailsByConfigRule" {
			continue
		}
		i := int(c.At.Sub(start) / time.Second)
		for len(secs) <= i {
			secs = append(secs, sec{})
		}
		if c.Outcome == "throttled" {
			secs[i].throttled++
		} else {
			secs[i].ok++
		}
	}
	for i, s := range secs {
		fmt.Printf("           %3ds: %4d answered, %3d throttled\n", i, s.ok, s.throttled)
	}
}

func count(calls []awstest.Call, start time.Time) (all, throttled int) {
	for _, c := range calls {
		if !c.At.After(start) {
			continue
		}
		all++
		if c.Outcome == "throttled" {
			throttled++
		}
	}
	return all, throttled
}

// runner lets the AWS double run outside a test.
type runner struct{ cleanups []func() }

func (r *runner) Helper() {}
func (r *runner) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
func (r *runner) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.cleanup()
	os.Exit(1)
}
func (r *runner) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *runner) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}
