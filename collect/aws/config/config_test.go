package config_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/config"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectEast collects an account's us-east-1 with its own credentials and
// the given faults injected.
func collectEast(t *testing.T, account string, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	srv := awstest.Demo(t, faults...)
	srv.PageSize = 3
	return srv.Collect(t, config.Service, account, "us-east-1").Regions[0]
}

func denied(op string) awstest.Fault {
	return awstest.Fault{Service: "config", Op: op, Err: awstest.AccessDenied(awstest.JSON)}
}

func TestConfigRulesDenied(t *testing.T) {
	r := collectEast(t, demo.ProdAccount, denied("DescribeConfigRules"))
	if r.Resources.ConfigRules != nil {
		t.Errorf("rules collected despite the denied listing: %d", len(r.Resources.ConfigRules))
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::Config::ConfigRule")
	if !ok || g.Call != "config:DescribeConfigRules" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDeniedException gap on config:DescribeConfigRules, got %+v", r.Gaps)
	}
	if len(r.Resources.ConfigRecorders) != 1 || len(r.Resources.ConfigDeliveryChannels) != 1 {
		t.Errorf("the recorder and channel must still be collected")
	}
}

// TestComplianceDenied: rules whose compliance cannot be listed are kept
// with an unknown compliance.
func TestComplianceDenied(t *testing.T) {
	r := collectEast(t, demo.ProdAccount, denied("DescribeComplianceByConfigRule"))
	if len(r.Gaps) > 0 || len(r.Resources.ConfigRules) != 5 {
		t.Fatalf("want prod's 5 rules and no gap, got %d rules, gaps %+v", len(r.Resources.ConfigRules), r.Gaps)
	}
	for _, rule := range r.Resources.ConfigRules {
		if rule.Compliance != nil {
			t.Errorf("%s: compliance %+v, want unknown", rule.ID, rule.Compliance)
		}
	}
}

// TestComplianceDetailsDenied: a non-compliant rule whose resources cannot
// be read keeps its verdict and count, with the resources unknown.
func TestComplianceDetailsDenied(t *testing.T) {
	r := collectEast(t, demo.ProdAccount, denied("GetComplianceDetailsByConfigRule"))
	var tags *inventory.ConfigRule
	for _, rule := range r.Resources.ConfigRules {
		if rule.ID == "prod-required-tags" {
			tags = rule
		}
	}
	if tags == nil || tags.Compliance == nil {
		t.Fatalf("prod-required-tags or its compliance missing: %+v", tags)
	}
	cp := tags.Compliance
	if cp.ComplianceType != "NON_COMPLIANT" || cp.NonCompliantResourceCount != 2 || cp.Resources != nil {
		t.Errorf("want NON_COMPLIANT, 2 resources, details unknown; got %+v", cp)
	}
	if tags.RuleSource.Owner != "CUSTOM_LAMBDA" || tags.OrganizationRule {
		t.Errorf("rule settings decoded wrong: %+v", tags)
	}
}

func TestStatusesDenied(t *testing.T) {
	r := collectEast(t, demo.ProdAccount, denied("DescribeConfigurationRecorderStatus"), denied("DescribeDeliveryChannelStatus"))
	rec, ch := r.Resources.ConfigRecorders, r.Resources.ConfigDeliveryChannels
	if len(rec) != 1 || len(ch) != 1 {
		t.Fatalf("want one recorder and one channel, got %d and %d", len(rec), len(ch))
	}
	if rec[0].Status != nil || ch[0].Status != nil {
		t.Errorf("statuses must stay unknown: recorder %+v, channel %+v", rec[0].Status, ch[0].Status)
	}
	if rec[0].RecordingGroup == nil || !rec[0].RecordingGroup.AllSupported || ch[0].S3BucketName == "" {
		t.Errorf("settings must still be read: %+v %+v", rec[0].RecordingGroup, ch[0])
	}
}

// TestAggregateComplianceDenied: aggregators are kept, their gathered
// compliance unknown.
func TestAggregateComplianceDenied(t *testing.T) {
	r := collectEast(t, demo.ManagementAccount, denied("DescribeAggregateComplianceByConfigRules"))
	ags := r.Resources.ConfigAggregators
	if len(ags) != 2 || len(r.Gaps) > 0 {
		t.Fatalf("want both aggregators and no gap, got %d, gaps %+v", len(ags), r.Gaps)
	}
	for _, ag := range ags {
		if ag.RuleCompliance != nil || ag.OrganizationSource == nil {
			t.Errorf("%s: want its source and unknown compliance, got %+v", ag.ID, ag)
		}
	}
}
