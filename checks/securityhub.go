package checks

import (
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func securityHubChecks() []*Check { return []*Check{securityHubEnabled} }

const hubType = "AWS::SecurityHub::Hub"

var securityHubEnabled = &Check{
	ID:           "securityhub-enabled",
	Service:      "securityhub",
	Title:        "Security Hub is enabled in every region with at least one security standard",
	Severity:     finding.Medium,
	ResourceType: hubType,
	Rationale: "Security Hub gathers GuardDuty, Inspector, Macie, IAM Access Analyzer and Config findings in one " +
		"normalised format (ASFF), runs its own controls against standards such as AWS Foundational Security " +
		"Best Practices and the CIS AWS Foundations Benchmark, and forwards every finding to EventBridge — the " +
		"single feed from which alerts reach the security team and automated response runs. Enabled without " +
		"a standard it only relays other services' findings; off in a region, nothing there is aggregated.",
	Verify: "aws securityhub describe-hub --region REGION\n" +
		"aws securityhub get-enabled-standards --region REGION --query 'StandardsSubscriptions[].[StandardsArn,StandardsStatus]'",
	Remediation: Remediation{
		Summary: "Enable Security Hub in every region (central configuration from a delegated administrator) with AWS FSBP and CIS standards.",
		Console: "Security Hub > Go to Security Hub > Enable Security Hub with the AWS Foundational Security Best Practices and CIS AWS Foundations " +
			"Benchmark standards. In an organization: Settings > Configuration > Central configuration from the delegated administrator.",
		CLI: "aws securityhub enable-security-hub --enable-default-standards --region eu-west-1\n" +
			"aws securityhub batch-enable-standards --standards-subscription-requests " +
			"'[{\"StandardsArn\":\"arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0\"}]'",
		Terraform: "resource \"aws_securityhub_account\" \"this\" {\n  enable_default_standards = true\n  auto_enable_controls     = true\n}\n\n" +
			"resource \"aws_securityhub_standards_subscription\" \"cis\" {\n  depends_on    = [aws_securityhub_account.this]\n" +
			"  standards_arn = \"arn:aws:securityhub:${var.region}::standards/cis-aws-foundations-benchmark/v/5.0.0\"\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"4.16"}, "5.0.0": {"4.16"}},
	Seed: []string{"security-alerting", "compliance-best-practices", "regulatory-compliance", "cspm-top3"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			hubs := r.Resources.SecurityHubs
			if len(hubs) == 0 {
				c.Fail(AtScope(a, r, hubType), "Security Hub is not enabled in "+r.Name)
				continue
			}
			for _, h := range hubs {
				loc := At(a, r, h)
				if h.Standards == nil {
					c.Unknown(loc, "Security Hub is enabled but its standards were not read", Ev(h, "StandardsSubscriptions", nil))
					continue
				}
				var ready, other []string
				for _, s := range h.Standards {
					if s.Status == "READY" {
						ready = append(ready, standardName(s.StandardsARN))
					} else {
						other = append(other, standardName(s.StandardsARN)+" ("+s.Status+")")
					}
				}
				ev := Ev(h, "StandardsSubscriptions", standardsSummary(h.Standards))
				switch {
				case len(ready) > 0:
					c.Pass(loc, "Security Hub is enabled with "+strings.Join(ready, ", "), ev)
				case len(other) > 0:
					c.Fail(loc, "Security Hub is enabled but no standard is ready: "+strings.Join(other, ", "), ev)
				default:
					c.Fail(loc, "Security Hub is enabled with no security standard: its own controls do not run", ev)
				}
			}
		}
	},
}

// standardName turns a standards ARN into "cis-aws-foundations-benchmark v5.0.0".
func standardName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":standards/")
	if !ok {
		_, rest, ok = strings.Cut(arn, ":ruleset/")
		if !ok {
			return arn
		}
	}
	return strings.Replace(rest, "/v/", " v", 1)
}

func standardsSummary(ss []inventory.SecurityHubStandard) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = standardName(s.StandardsARN) + "=" + s.Status
	}
	return orNone(strings.Join(parts, ", "))
}
