package orgreport_test

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/orgreport"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// demoServer serves the demo estate one item per page, with an empty page
// carrying a NextToken before every page.
func demoServer(t *testing.T, e *inventory.Estate) *awstest.Server {
	t.Helper()
	srv := awstest.New(t)
	srv.Serve(e)
	srv.PageSize = 1
	srv.SetEmptyPages(true)
	return srv
}

func collect(t *testing.T, srv *awstest.Server, opts orgreport.Options) *orgreport.Report {
	t.Helper()
	opts.Now = func() time.Time { return demo.Now }
	r, err := orgreport.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCollectDemo(t *testing.T) {
	srv := demoServer(t, demo.Estate())
	got := collect(t, srv, orgreport.Options{})
	if got.Partial() {
		t.Errorf("partial report: %+v", got.NotAssessed)
	}
	// The live APIs and the estate tell the same story.
	want, err := orgreport.FromEstate(demo.Estate(), demo.ManagementAccount, demo.East, orgreport.Options{}, demo.Now)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("live report differs from the estate's (-estate +live):\n%s", d)
	}
	// What the seed guide asks for: the aggregator, the organization rule
	// with its member rule, and the resources with account, id, type and
	// region.
	ag := got.Aggregators[slices.IndexFunc(got.Aggregators, func(a orgreport.Aggregator) bool { return a.Name == "AggregatorTest" })]
	i := slices.IndexFunc(ag.Rules, func(r orgreport.Rule) bool { return r.Name == "vpc-flow-logs-enabled" })
	if i < 0 {
		t.Fatalf("AggregatorTest rules %+v: no vpc-flow-logs-enabled", ag.Rules)
	}
	rule := ag.Rules[i]
	wantRule := orgreport.Rule{Name: "vpc-flow-logs-enabled", Organization: true, MemberRules: []string{"OrgConfigRule-vpc-flow-logs-enabled-o30sfig"},
		Compliance: "NON_COMPLIANT", NonCompliantResources: 1, Accounts: []orgreport.RuleAccount{{ID: demo.DevAccount, Name: "dev",
			Resources: []orgreport.Resource{{ConfigRuleName: "OrgConfigRule-vpc-flow-logs-enabled-o30sfig", AccountID: demo.DevAccount,
				ResourceID: "vpc-0devdefault000001", ResourceType: "AWS::EC2::VPC", Region: demo.West, RecordedTime: demo.Now.AddDate(0, 0, -45)}}}}}
	if d := cmp.Diff(wantRule, rule); d != "" {
		t.Errorf("vpc-flow-logs-enabled (-want +got):\n%s", d)
	}
	// Every call was paged through, empty pages included.
	var pages int
	for _, c := range srv.Calls() {
		if c.Op == "GetAggregateComplianceDetailsByConfigRule" {
			pages++
		}
	}
	if pages < 3 {
		t.Errorf("%d detail pages read, want at least 3", pages)
	}
}

// aggregators returns the demo estate's aggregators, to change them.
func aggregators(e *inventory.Estate) []*inventory.ConfigAggregator {
	return e.Account(demo.ManagementAccount).Region(demo.East).Resources.ConfigAggregators
}

func outcomes(srv *awstest.Server, op string) map[string]int {
	out := map[string]int{}
	for _, c := range srv.Calls() {
		if c.Op == op {
			out[c.Outcome]++
		}
	}
	return out
}

// TestCollectPagesEverything reads a tuple with 250 non-compliant
// resources: three pages of at most 100, each after an empty page that
// carries a NextToken.
func TestCollectPagesEverything(t *testing.T) {
	e := demo.Estate()
	ag := aggregators(e)[0]
	var big []inventory.ConfigEvaluation
	for i := range 250 {
		big = append(big, inventory.ConfigEvaluation{ResourceType: "AWS::EC2::Volume", ResourceID: fmt.Sprintf("vol-%017d", i),
			ComplianceType: "NON_COMPLIANT", ResultRecordedTime: demo.Now})
	}
	for i, c := range ag.RuleCompliance {
		if c.ConfigRuleName == "OrgConfigRule-encrypted-volumes-xk2mq9d" && c.AccountID == demo.ProdAccount && c.Region == demo.East {
			ag.RuleCompliance[i].Compliance.Resources = big
			ag.RuleCompliance[i].Compliance.NonCompliantResourceCount = 100
			ag.RuleCompliance[i].Compliance.CappedCount = true
		}
	}
	srv := demoServer(t, e)
	srv.PageSize = 1000 // the client's Limit (100) decides the detail pages
	r := collect(t, srv, orgreport.Options{Aggregators: []string{"AggregatorTest"}})
	if r.Partial() {
		t.Fatalf("partial: %+v", r.NotAssessed)
	}
	if got := r.Aggregators[0].Rules[0]; got.Name != "encrypted-volumes" || got.NonCompliantResources != 250 {
		t.Errorf("encrypted-volumes: %d resources, want 250", got.NonCompliantResources)
	}
	// 3 tuples: 2 with one page, 1 with three, each page after an empty
	// one. A loaded machine can make the SDK retry a call whose answer it
	// lost on the loopback connection; the count of 250 above shows no
	// page was counted twice.
	switch got := outcomes(srv, "GetAggregateComplianceDetailsByConfigRule")["ok"]; {
	case got < 2*(1+1+3):
		t.Errorf("%d detail calls, want 10", got)
	case got > 2*(1+1+3):
		t.Logf("%d detail calls for 10 pages: the transport retried", got)
	}
}

// TestCollectThrottlingStorm: every Config operation is throttled hard and
// the first 10 detail calls fail outright with ThrottlingException; the
// report is still complete.
func TestCollectThrottlingStorm(t *testing.T) {
	want := collect(t, demoServer(t, demo.Estate()), orgreport.Options{})
	srv := demoServer(t, demo.Estate())
	for _, op := range []string{"DescribeConfigurationAggregators", "DescribeOrganizationConfigRules", "GetAggregateConfigRuleComplianceSummary",
		"DescribeAggregateComplianceByConfigRules", "GetAggregateComplianceDetailsByConfigRule"} {
		srv.ThrottleOp("config", op, 40, 1)
	}
	srv.Inject(awstest.Fault{Service: "config", Op: "GetAggregateComplianceDetailsByConfigRule", Times: 10,
		Err: &awstest.Error{Status: 400, Code: "ThrottlingException", Message: "Rate exceeded"}})
	got := collect(t, srv, orgreport.Options{Concurrency: 8})
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("throttled report differs (-calm +storm):\n%s", d)
	}
	if n := outcomes(srv, "GetAggregateComplianceDetailsByConfigRule"); n["throttled"]+n["ThrottlingException"] < 10 {
		t.Errorf("detail call outcomes %v: the storm did not happen", n)
	}
}

// TestCollectGaps: what cannot be read is listed, the rest reported.
func TestCollectGaps(t *testing.T) {
	e := demo.Estate()
	ags := aggregators(e)
	ags[1].RuleCompliance = nil // org-us-east-1: AccessDenied
	for i, c := range ags[0].RuleCompliance {
		if c.ConfigRuleName == "OrgConfigRule-s3-bucket-public-read-prohibited-7hd3bnc" && c.AccountID == demo.DevAccount {
			ags[0].RuleCompliance[i].Compliance.Resources = nil // its details: AccessDenied
		}
	}
	srv := demoServer(t, e)
	srv.Inject(awstest.Fault{Service: "config", Op: "DescribeOrganizationConfigRules", Err: awstest.AccessDenied(awstest.JSON)})
	srv.Inject(awstest.Fault{Service: "organizations", Op: "ListAccounts", Err: awstest.AccessDenied(awstest.JSON)})
	r := collect(t, srv, orgreport.Options{})
	denied := "AccessDeniedException: User is not authorized to perform this action"
	want := []orgreport.Gap{
		{Call: "config:DescribeOrganizationConfigRules", Error: denied},
		{Aggregator: "AggregatorTest", Rule: "OrgConfigRule-s3-bucket-public-read-prohibited-7hd3bnc", AccountID: demo.DevAccount, Region: demo.West,
			Call: "config:GetAggregateComplianceDetailsByConfigRule", Error: denied},
		{Aggregator: "org-us-east-1", Call: "config:DescribeAggregateComplianceByConfigRules", Error: denied},
		{Aggregator: "org-us-east-1", Call: "config:GetAggregateConfigRuleComplianceSummary", Error: denied},
	}
	if d := cmp.Diff(want, r.NotAssessed); d != "" {
		t.Errorf("not assessed (-want +got):\n%s", d)
	}
	// The rest is there: the member rules still map to their organization
	// rules by name, and the failed tuple still shows its rule and account.
	var names []string
	for _, rule := range r.Aggregators[0].Rules {
		names = append(names, rule.Name)
		if !rule.Organization {
			t.Errorf("rule %s not recognised as an organization rule", rule.Name)
		}
	}
	if d := cmp.Diff([]string{"encrypted-volumes", "s3-bucket-public-read-prohibited", "vpc-flow-logs-enabled"}, names); d != "" {
		t.Errorf("rules (-want +got):\n%s", d)
	}
	// Without Organizations, accounts have no names but are all there.
	if a := r.Aggregators[0].Accounts; len(a) != 3 || a[0].Name != "" {
		t.Errorf("accounts %+v", a)
	}
}

func TestCollectUnknownAggregator(t *testing.T) {
	srv := demoServer(t, demo.Estate())
	_, err := orgreport.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), orgreport.Options{Aggregators: []string{"AggregatorTest", "nope"}})
	var ue *orgreport.UnknownAggregatorError
	if !errors.As(err, &ue) || ue.Name != "nope" || !slices.Equal(ue.Known, []string{"AggregatorTest", "org-us-east-1"}) {
		t.Errorf("err = %v, want an UnknownAggregatorError listing both", err)
	}
}

// TestCollectMemberAccount: a member account has no aggregators and may
// not read the organization rules: an empty report that says so.
func TestCollectMemberAccount(t *testing.T) {
	srv := demoServer(t, demo.Estate())
	r, err := orgreport.Collect(awstest.Context(t), srv.Config(t, demo.ProdAccount), orgreport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Aggregators) != 0 || !r.Partial() || r.NotAssessed[0].Call != "config:DescribeOrganizationConfigRules" {
		t.Errorf("report %+v", r)
	}
}

func TestOrgRuleName(t *testing.T) {
	org := []string{"vpc-flow-logs-enabled", "encrypted", "encrypted-volumes"}
	for _, tc := range []struct {
		member string
		rules  []string
		want   string
		ok     bool
	}{
		{"OrgConfigRule-vpc-flow-logs-enabled-o30sfig", org, "vpc-flow-logs-enabled", true},
		{"OrgConfigRule-encrypted-volumes-xk2mq9d", org, "encrypted-volumes", true},
		{"OrgConfigRule-encrypted-ab12cd", org, "encrypted", true},
		{"OrgConfigRule-unknown-rule-ab12cd", org, "", false},
		{"OrgConfigRule-unknown-rule-ab12cd", nil, "unknown-rule", true},
		{"OrgConfigRule-nosuffix", nil, "", false},
		{"prod-required-tags", org, "", false},
		{"OrgConfigRule-encrypted-volumes", org, "encrypted", true},
	} {
		got, ok := orgreport.OrgRuleName(tc.member, tc.rules)
		if got != tc.want || ok != tc.ok {
			t.Errorf("OrgRuleName(%q) = %q, %v; want %q, %v", tc.member, got, ok, tc.want, tc.ok)
		}
	}
}

// TestCollectUndeployedMemberRule: an organization rule AWS Config failed
// to create in one account has no results there; that account is not
// assessed for it.
func TestCollectUndeployedMemberRule(t *testing.T) {
	e := demo.Estate()
	const member = "OrgConfigRule-vpc-flow-logs-enabled-o30sfig"
	for _, reg := range e.Account(demo.DevAccount).Regions {
		reg.Resources.ConfigRules = slices.DeleteFunc(reg.Resources.ConfigRules, func(c *inventory.ConfigRule) bool { return c.ID == member })
	}
	for _, ag := range aggregators(e) {
		ag.RuleCompliance = slices.DeleteFunc(ag.RuleCompliance, func(c inventory.ConfigAggregateRuleCompliance) bool {
			return c.ConfigRuleName == member && c.AccountID == demo.DevAccount
		})
	}
	r := collect(t, demoServer(t, e), orgreport.Options{})
	want := []orgreport.Gap{{Rule: "vpc-flow-logs-enabled", AccountID: demo.DevAccount, Call: "config:GetOrganizationConfigRuleDetailedStatus",
		Error: "member rule " + member + " CREATE_FAILED: InsufficientPermissionsException: The AWSServiceRoleForConfigMultiAccountSetup role does not exist in the member account."}}
	if d := cmp.Diff(want, r.NotAssessed); d != "" {
		t.Errorf("not assessed (-want +got):\n%s", d)
	}
}
