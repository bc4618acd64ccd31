// Package orgreport builds the organization Config compliance report of
// the seed guide's Scenario 1: for each AWS Config aggregator, every
// non-compliant organization Config rule with every non-compliant resource
// (account id, resource id, resource type, region), grouped by rule and
// account, with what could not be assessed. It collects from the
// aggregator APIs with bounded concurrency and adaptive pacing, or reads
// an estate, and renders the report as a text table, JSON, CSV and an HTML
// e-mail body.
package orgreport

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Report is one run's report.
type Report struct {
	GeneratedAt time.Time `json:"generatedAt"`
	// Account and Region are where the aggregators live.
	Account string `json:"account"`
	Region  string `json:"region"`
	// AllRules is set when account rules are reported too, not only
	// organization rules.
	AllRules    bool         `json:"allRules"`
	Aggregators []Aggregator `json:"aggregators"`
	// NotAssessed lists what could not be read: the report is partial when
	// it is not empty.
	NotAssessed []Gap `json:"notAssessed"`
	// Fixed lists the resources of the previous report (--since-last) that
	// are no longer non-compliant; nil without a previous report.
	Fixed    []FixedResource `json:"fixed,omitempty"`
	Previous *time.Time      `json:"previousReport,omitempty"`
	// Truncated is how many resources a trimmed copy (Trim) leaves out.
	Truncated int `json:"truncated,omitempty"`
}

// Aggregator is one aggregator's part of the report.
type Aggregator struct {
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// Totals over the aggregator's non-compliant rules.
	NonCompliantRules     int `json:"nonCompliantRules"`
	NonCompliantResources int `json:"nonCompliantResources"`
	// Accounts are the per-account totals, by account id.
	Accounts []AccountTotal `json:"accounts"`
	Rules    []Rule         `json:"rules"`
}

// AccountTotal is an account's totals within one aggregator.
type AccountTotal struct {
	ID                    string `json:"accountId"`
	Name                  string `json:"accountName,omitempty"`
	NonCompliantRules     int    `json:"nonCompliantRules"`
	NonCompliantResources int    `json:"nonCompliantResources"`
	// CompliantRules and SummaryNonCompliantRules are AWS Config's own
	// counts (GetAggregateConfigRuleComplianceSummary) over every rule,
	// organization or not; nil when not read.
	CompliantRules           *int `json:"compliantRules,omitempty"`
	SummaryNonCompliantRules *int `json:"summaryNonCompliantRules,omitempty"`
}

// Rule is one non-compliant rule of an aggregator.
type Rule struct {
	// Name is the organization rule's name, or the account rule's name.
	Name         string `json:"name"`
	Organization bool   `json:"organizationRule"`
	// MemberRules are the member-account rule names
	// (OrgConfigRule-NAME-SUFFIX) seen non-compliant: the evidence that maps
	// them to the organization rule.
	MemberRules           []string      `json:"memberRules"`
	Compliance            string        `json:"compliance"`
	NonCompliantResources int           `json:"nonCompliantResources"`
	Accounts              []RuleAccount `json:"accounts"`
}

// RuleAccount is one account's non-compliant resources for a rule.
type RuleAccount struct {
	ID        string     `json:"accountId"`
	Name      string     `json:"accountName,omitempty"`
	Resources []Resource `json:"resources"`
}

// Resource is one non-compliant resource.
type Resource struct {
	// ConfigRuleName is the member-account rule that evaluated it.
	ConfigRuleName string    `json:"configRuleName"`
	AccountID      string    `json:"accountId"`
	ResourceID     string    `json:"resourceId"`
	ResourceType   string    `json:"resourceType"`
	Region         string    `json:"awsRegion"`
	Annotation     string    `json:"annotation,omitempty"`
	RecordedTime   time.Time `json:"resultRecordedTime,omitzero"`
	// New is set when a previous report was given and did not list it.
	New bool `json:"new,omitempty"`
}

// FixedResource is a resource a previous report listed that is no longer
// non-compliant.
type FixedResource struct {
	Aggregator string `json:"aggregator"`
	Rule       string `json:"rule"`
	Resource
}

// Gap is something that could not be assessed.
type Gap struct {
	Aggregator string `json:"aggregator,omitempty"`
	Rule       string `json:"rule,omitempty"`
	AccountID  string `json:"accountId,omitempty"`
	Region     string `json:"awsRegion,omitempty"`
	// Call is the API call that failed ("config:GetAggregateComplianceDetailsByConfigRule").
	Call string `json:"call"`
	// Error is the error code and message.
	Error string `json:"error"`
}

// Partial reports whether parts of the report could not be assessed.
func (r *Report) Partial() bool { return len(r.NotAssessed) > 0 }

// Empty reports whether no non-compliant resource was found.
func (r *Report) Empty() bool {
	for _, ag := range r.Aggregators {
		if ag.NonCompliantResources > 0 || len(ag.Rules) > 0 {
			return false
		}
	}
	return true
}

// Totals are the report's grand totals: distinct rules, resources and
// accounts, so that two aggregators that see the same resource count it
// once.
func (r *Report) Totals() (rules, resources, accounts int) {
	ruleSet, resSet, acctSet := map[string]bool{}, map[Resource]bool{}, map[string]bool{}
	for _, ag := range r.Aggregators {
		for _, rule := range ag.Rules {
			ruleSet[rule.Name] = true
			for _, a := range rule.Accounts {
				acctSet[a.ID] = true
				for _, res := range a.Resources {
					res.New, res.Annotation, res.RecordedTime = false, "", time.Time{}
					resSet[res] = true
				}
			}
		}
	}
	return len(ruleSet), len(resSet), len(acctSet)
}

// OrgRuleName maps a member-account rule name that an organization Config
// rule deployed ("OrgConfigRule-NAME-SUFFIX") to NAME, given the
// organization rules' names; ok is false for a rule that is not one.
// When the organization rules are unknown (nil), NAME is everything
// between the prefix and the last hyphen.
func OrgRuleName(member string, orgRules []string) (string, bool) {
	rest, ok := strings.CutPrefix(member, "OrgConfigRule-")
	if !ok {
		return "", false
	}
	if orgRules == nil {
		i := strings.LastIndexByte(rest, '-')
		if i <= 0 {
			return "", false
		}
		return rest[:i], true
	}
	// The longest organization rule name that the member name continues
	// with a hyphen and a suffix: "a-b" wins over "a" for
	// OrgConfigRule-a-b-x1y2.
	best := ""
	for _, name := range orgRules {
		if strings.HasPrefix(rest, name+"-") && len(rest) > len(name)+1 && len(name) > len(best) {
			best = name
		}
	}
	return best, best != ""
}

// Finding is one (rule, account, region) tuple a source found
// non-compliant, with its resources.
type Finding struct {
	Aggregator   string
	MemberRule   string
	Rule         string // organization rule name, or MemberRule
	Organization bool
	AccountID    string
	Region       string
	Resources    []Resource
}

// AggregatorInfo is what a source knows of an aggregator before its rules.
type AggregatorInfo struct {
	Name, ARN string
	// Summary is AWS Config's per-account rule counts; nil when not read.
	Summary map[string]RuleCounts
}

// RuleCounts are the compliant and non-compliant rule counts of an account.
type RuleCounts struct{ Compliant, NonCompliant int }

// Build groups what a source found into the report: aggregator →
// rule → account → resources, with totals, in a stable order (aggregators
// as given; rules, accounts and resources sorted).
func Build(r *Report, aggs []AggregatorInfo, findings []Finding, accountNames map[string]string) {
	byAgg := map[string][]Finding{}
	for _, f := range findings {
		byAgg[f.Aggregator] = append(byAgg[f.Aggregator], f)
	}
	r.Aggregators = make([]Aggregator, 0, len(aggs))
	for _, info := range aggs {
		ag := Aggregator{Name: info.Name, ARN: info.ARN, Accounts: []AccountTotal{}, Rules: []Rule{}}
		rules := map[string]*Rule{}
		accts := map[string]map[string]*RuleAccount{} // rule → account
		totals := map[string]*AccountTotal{}
		total := func(id string) *AccountTotal {
			t := totals[id]
			if t == nil {
				t = &AccountTotal{ID: id, Name: accountNames[id]}
				totals[id] = t
			}
			return t
		}
		for _, f := range byAgg[info.Name] {
			rule := rules[f.Rule]
			if rule == nil {
				rule = &Rule{Name: f.Rule, Organization: f.Organization, Compliance: "NON_COMPLIANT", Accounts: []RuleAccount{}}
				rules[f.Rule] = rule
				accts[f.Rule] = map[string]*RuleAccount{}
			}
			if !slices.Contains(rule.MemberRules, f.MemberRule) {
				rule.MemberRules = append(rule.MemberRules, f.MemberRule)
			}
			ra := accts[f.Rule][f.AccountID]
			if ra == nil {
				ra = &RuleAccount{ID: f.AccountID, Name: accountNames[f.AccountID], Resources: []Resource{}}
				accts[f.Rule][f.AccountID] = ra
				total(f.AccountID).NonCompliantRules++
			}
			for _, res := range f.Resources {
				res.ConfigRuleName = f.MemberRule
				ra.Resources = append(ra.Resources, res)
			}
			rule.NonCompliantResources += len(f.Resources)
			total(f.AccountID).NonCompliantResources += len(f.Resources)
			ag.NonCompliantResources += len(f.Resources)
		}
		for id, c := range info.Summary {
			t := total(id)
			t.CompliantRules, t.SummaryNonCompliantRules = ptr(c.Compliant), ptr(c.NonCompliant)
		}
		for name, rule := range rules {
			slices.Sort(rule.MemberRules)
			for _, ra := range accts[name] {
				slices.SortFunc(ra.Resources, func(a, b Resource) int {
					return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.ResourceType, b.ResourceType), cmp.Compare(a.ResourceID, b.ResourceID))
				})
				rule.Accounts = append(rule.Accounts, *ra)
			}
			slices.SortFunc(rule.Accounts, func(a, b RuleAccount) int { return cmp.Compare(a.ID, b.ID) })
			ag.Rules = append(ag.Rules, *rule)
		}
		slices.SortFunc(ag.Rules, func(a, b Rule) int { return cmp.Compare(a.Name, b.Name) })
		ag.NonCompliantRules = len(ag.Rules)
		for _, t := range totals {
			ag.Accounts = append(ag.Accounts, *t)
		}
		slices.SortFunc(ag.Accounts, func(a, b AccountTotal) int { return cmp.Compare(a.ID, b.ID) })
		r.Aggregators = append(r.Aggregators, ag)
	}
	if r.NotAssessed == nil {
		r.NotAssessed = []Gap{}
	}
	slices.SortFunc(r.NotAssessed, func(a, b Gap) int {
		return cmp.Or(cmp.Compare(a.Aggregator, b.Aggregator), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.AccountID, b.AccountID),
			cmp.Compare(a.Region, b.Region), cmp.Compare(a.Call, b.Call))
	})
}

func ptr[T any](v T) *T { return &v }
