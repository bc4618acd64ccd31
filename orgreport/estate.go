package orgreport

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/awssec/awssec/inventory"
)

// FromEstate builds the report from the aggregators an estate holds in one
// account and region (the demo's management account, or a saved
// collection), as Collect does from the live APIs. Aggregator compliance
// the estate did not read is a gap.
func FromEstate(e *inventory.Estate, account, region string, opts Options, now time.Time) (*Report, error) {
	r := &Report{GeneratedAt: now.UTC(), Account: account, Region: region, AllRules: opts.AllRules}
	var reg *inventory.Region
	if a := e.Account(account); a != nil {
		reg = a.Region(region)
	}
	if reg == nil {
		reg = &inventory.Region{}
	}
	// The organization rules are those the estate's member rules were
	// deployed from, named by the rules' own names.
	orgRules := []string{}
	for _, rule := range reg.Resources.ConfigRules {
		if name, ok := OrgRuleName(rule.ID, nil); ok && rule.OrganizationRule && !slices.Contains(orgRules, name) {
			orgRules = append(orgRules, name)
		}
	}
	var all []*inventory.ConfigAggregator
	for _, ag := range reg.Resources.ConfigAggregators {
		if len(opts.Aggregators) == 0 || slices.Contains(opts.Aggregators, ag.ID) {
			all = append(all, ag)
		}
	}
	for _, name := range opts.Aggregators {
		if !slices.ContainsFunc(all, func(ag *inventory.ConfigAggregator) bool { return ag.ID == name }) {
			var known []string
			for _, ag := range reg.Resources.ConfigAggregators {
				known = append(known, ag.ID)
			}
			return nil, &UnknownAggregatorError{Name: name, Known: known}
		}
	}
	// Requested aggregators are reported in the order asked for.
	if len(opts.Aggregators) > 0 {
		slices.SortStableFunc(all, func(a, b *inventory.ConfigAggregator) int {
			return slices.Index(opts.Aggregators, a.ID) - slices.Index(opts.Aggregators, b.ID)
		})
	}
	var (
		infos    []AggregatorInfo
		findings []Finding
	)
	for _, ag := range all {
		info := AggregatorInfo{Name: ag.ID, ARN: ag.ARN}
		if r.Account == "" {
			if a, err := arn.Parse(ag.ARN); err == nil {
				r.Account = a.AccountID
			}
		}
		if ag.RuleCompliance == nil {
			r.NotAssessed = append(r.NotAssessed, Gap{Aggregator: ag.ID, Call: "config:DescribeAggregateComplianceByConfigRules",
				Error: "not read in this estate"})
			infos = append(infos, info)
			continue
		}
		info.Summary = map[string]RuleCounts{}
		for _, c := range ag.RuleCompliance {
			rc := info.Summary[c.AccountID]
			switch c.Compliance.ComplianceType {
			case "COMPLIANT":
				rc.Compliant++
			case "NON_COMPLIANT":
				rc.NonCompliant++
			}
			info.Summary[c.AccountID] = rc
			if c.Compliance.ComplianceType != "NON_COMPLIANT" {
				continue
			}
			f := Finding{Aggregator: ag.ID, MemberRule: c.ConfigRuleName, Rule: c.ConfigRuleName, AccountID: c.AccountID, Region: c.Region}
			if name, ok := OrgRuleName(c.ConfigRuleName, orgRules); ok {
				f.Rule, f.Organization = name, true
			} else if name, ok := OrgRuleName(c.ConfigRuleName, nil); ok {
				f.Rule, f.Organization = name, true
			}
			if !f.Organization && !opts.AllRules {
				continue
			}
			if c.Compliance.Resources == nil {
				r.NotAssessed = append(r.NotAssessed, Gap{Aggregator: ag.ID, Rule: c.ConfigRuleName, AccountID: c.AccountID, Region: c.Region,
					Call: "config:GetAggregateComplianceDetailsByConfigRule", Error: "not read in this estate"})
			}
			for _, ev := range c.Compliance.Resources {
				if ev.ComplianceType != "NON_COMPLIANT" {
					continue
				}
				f.Resources = append(f.Resources, Resource{AccountID: c.AccountID, ResourceID: ev.ResourceID, ResourceType: ev.ResourceType,
					Region: c.Region, Annotation: ev.Annotation, RecordedTime: ev.ResultRecordedTime.UTC()})
			}
			findings = append(findings, f)
		}
		infos = append(infos, info)
	}
	Build(r, infos, findings, estateAccountNames(e))
	return r, nil
}

func estateAccountNames(e *inventory.Estate) map[string]string {
	names := map[string]string{}
	for _, a := range e.Accounts {
		if a.Name != "" {
			names[a.ID] = a.Name
		}
	}
	if o := e.Organization; o != nil {
		for _, a := range o.Accounts {
			if a.Name != "" {
				names[a.ID] = a.Name
			}
		}
	}
	return names
}
