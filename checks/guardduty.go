package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func guarddutyChecks() []*Check {
	return []*Check{guarddutyEnabled, guarddutyProtectionPlans, guarddutyPublishingFrequency, guarddutySuppressionRuleScope}
}

const detectorType = "AWS::GuardDuty::Detector"

var guarddutyEnabled = &Check{
	ID:           "guardduty-enabled",
	Service:      "guardduty",
	Title:        "GuardDuty is enabled in every region of every account",
	Severity:     finding.High,
	ResourceType: detectorType,
	Rationale: "GuardDuty is the managed threat detector of AWS: it reads CloudTrail management events, VPC " +
		"flow logs and DNS query logs (without you enabling or paying for those logs) and reports credential " +
		"exfiltration (instance role keys used from outside AWS), crypto-mining, C2 traffic, port scans and " +
		"brute force. It works per region: an attacker who launches GPU instances in a region nobody uses is " +
		"seen only if GuardDuty is on there too. A suspended (DISABLED) detector detects nothing.",
	Verify: "for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do " +
		"echo $r; aws guardduty list-detectors --region $r --query DetectorIds; done\n" +
		"aws guardduty get-detector --detector-id DETECTOR_ID --query Status",
	Remediation: Remediation{
		Summary: "Enable GuardDuty in every region, ideally for the whole organization from a delegated administrator with auto-enable.",
		Console: "GuardDuty > Get started > Enable GuardDuty (repeat per region). In an organization: from the management account " +
			"designate a delegated administrator under GuardDuty > Settings, then in that account Accounts > Auto-enable: All accounts.",
		CLI: "aws guardduty create-detector --enable --finding-publishing-frequency FIFTEEN_MINUTES --region eu-west-1\n" +
			"aws guardduty enable-organization-admin-account --admin-account-id 111122223333\n" +
			"aws guardduty update-organization-configuration --detector-id DETECTOR_ID --auto-enable-organization-members ALL",
		Terraform: "resource \"aws_guardduty_detector\" \"this\" {\n  enable                       = true\n" +
			"  finding_publishing_frequency = \"FIFTEEN_MINUTES\"\n}\n\n" +
			"resource \"aws_guardduty_organization_configuration\" \"this\" {\n  detector_id                      = aws_guardduty_detector.this.id\n" +
			"  auto_enable_organization_members = \"ALL\"\n}",
	},
	Seed: []string{"malicious-activity", "guardduty-data-sources", "guardduty-features", "security-alerting", "cspm-top3"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			ds := r.Resources.GuardDutyDetectors
			if len(ds) == 0 {
				c.Fail(AtScope(a, r, detectorType), "GuardDuty is not enabled in "+r.Name+": no detector")
				continue
			}
			for _, d := range ds {
				loc := At(a, r, d)
				switch d.Status {
				case "ENABLED":
					c.Pass(loc, "GuardDuty detector is enabled", Ev(d, "Status", d.Status))
				case "":
					c.Unknown(loc, "the detector's status was not read", Ev(d, "Status", nil))
				default:
					c.Fail(loc, "GuardDuty detector is suspended (status "+d.Status+"): nothing is detected in "+r.Name, Ev(d, "Status", d.Status))
				}
			}
		}
	},
}

// guarddutyPlans are the protection plans beyond the foundational data
// sources, with what each watches.
var guarddutyPlans = []struct{ name, what string }{
	{"S3_DATA_EVENTS", "S3 Protection (S3 data events)"},
	{"EKS_AUDIT_LOGS", "EKS Protection (audit logs)"},
	{"EBS_MALWARE_PROTECTION", "Malware Protection for EC2 (EBS scans)"},
	{"RDS_LOGIN_EVENTS", "RDS Protection (login events)"},
	{"RUNTIME_MONITORING", "Runtime Monitoring (EKS, ECS, EC2)"},
	{"LAMBDA_NETWORK_LOGS", "Lambda Protection (network logs)"},
}

var guarddutyProtectionPlans = &Check{
	ID:           "guardduty-protection-plans",
	Service:      "guardduty",
	Title:        "GuardDuty detectors have S3, EKS, malware, RDS, runtime and Lambda protection enabled",
	Severity:     finding.Medium,
	ResourceType: detectorType,
	Rationale: "A detector's foundational sources (CloudTrail management events, VPC flow logs, DNS logs) miss " +
		"most of what happens inside data and workloads. S3 Protection reads object-level API calls and " +
		"finds exfiltration and discovery from anomalous principals; EKS Protection reads the Kubernetes audit " +
		"log (anonymous access, privileged pods); Runtime Monitoring sees processes, files and network " +
		"connections on EKS, ECS and EC2 (reverse shells, miners); Malware Protection scans EBS volumes of " +
		"instances that trigger findings; RDS Protection flags brute-force and anomalous logins to Aurora; " +
		"Lambda Protection watches functions' network traffic for C2 and mining. Each plan left off is a " +
		"blind spot an attacker can live in.",
	Verify: "aws guardduty get-detector --detector-id DETECTOR_ID --query 'Features[].[Name,Status]'",
	Remediation: Remediation{
		Summary: "Enable the missing protection plans on the detector (and in the organization auto-enable configuration).",
		Console: "GuardDuty > Protection plans: S3 Protection, EKS Protection, Runtime Monitoring, Malware Protection for EC2, " +
			"RDS Protection, Lambda Protection > Enable (for all accounts from the delegated administrator).",
		CLI: "aws guardduty update-detector --detector-id DETECTOR_ID --features " +
			"'[{\"Name\":\"S3_DATA_EVENTS\",\"Status\":\"ENABLED\"},{\"Name\":\"EKS_AUDIT_LOGS\",\"Status\":\"ENABLED\"}," +
			"{\"Name\":\"EBS_MALWARE_PROTECTION\",\"Status\":\"ENABLED\"},{\"Name\":\"RDS_LOGIN_EVENTS\",\"Status\":\"ENABLED\"}," +
			"{\"Name\":\"RUNTIME_MONITORING\",\"Status\":\"ENABLED\",\"AdditionalConfiguration\":[{\"Name\":\"EKS_ADDON_MANAGEMENT\",\"Status\":\"ENABLED\"}]}," +
			"{\"Name\":\"LAMBDA_NETWORK_LOGS\",\"Status\":\"ENABLED\"}]'",
		Terraform: "resource \"aws_guardduty_detector_feature\" \"s3\" {\n  detector_id = aws_guardduty_detector.this.id\n" +
			"  name        = \"S3_DATA_EVENTS\"\n  status      = \"ENABLED\"\n}\n\n" +
			"resource \"aws_guardduty_detector_feature\" \"runtime\" {\n  detector_id = aws_guardduty_detector.this.id\n" +
			"  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n\n  additional_configuration {\n" +
			"    name   = \"EKS_ADDON_MANAGEMENT\"\n    status = \"ENABLED\"\n  }\n}\n# likewise EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS",
	},
	Seed: []string{"guardduty-data-sources", "guardduty-features", "malicious-activity"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.GuardDutyDetectors {
				if d.Status != "ENABLED" {
					continue // guardduty-enabled reports it
				}
				loc := At(a, r, d)
				if d.Features == nil {
					c.Unknown(loc, "the detector's features were not read", Ev(d, "Features", nil))
					continue
				}
				var off, on, absent []string
				for _, p := range guarddutyPlans {
					f, ok := guarddutyFeature(d, p.name)
					// EKS_RUNTIME_MONITORING is the older form of RUNTIME_MONITORING.
					if p.name == "RUNTIME_MONITORING" && (!ok || f.Status != "ENABLED") {
						if old, ok2 := guarddutyFeature(d, "EKS_RUNTIME_MONITORING"); ok2 && old.Status == "ENABLED" {
							f, ok = old, true
						}
					}
					switch {
					case !ok:
						absent = append(absent, p.what)
					case f.Status == "ENABLED":
						on = append(on, p.name)
					default:
						off = append(off, p.what)
					}
				}
				ev := Ev(d, "Features", featureSummary(d.Features))
				switch {
				case len(off) > 0:
					sev := c.check.Severity
					if slices.Contains(off, guarddutyPlans[0].what) {
						sev = finding.High // S3 exfiltration goes unseen
					}
					c.FailAt(sev, loc, "disabled: "+strings.Join(off, ", "), ev)
				case len(absent) > 0:
					c.Pass(loc, fmt.Sprintf("every protection plan offered here is enabled (%s not offered in %s)", strings.Join(absent, ", "), r.Name), ev)
				default:
					c.Pass(loc, "all protection plans are enabled: "+strings.Join(on, ", "), ev)
				}
			}
		}
	},
}

func guarddutyFeature(d *inventory.GuardDutyDetector, name string) (inventory.GuardDutyFeature, bool) {
	for _, f := range d.Features {
		if f.Name == name {
			return f, true
		}
	}
	return inventory.GuardDutyFeature{}, false
}

func featureSummary(fs []inventory.GuardDutyFeature) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + "=" + f.Status
	}
	return orNone(strings.Join(parts, ", "))
}

var guarddutyPublishingFrequency = &Check{
	ID:           "guardduty-finding-publishing-frequency",
	Service:      "guardduty",
	Title:        "GuardDuty publishes finding updates every 15 minutes",
	Severity:     finding.Low,
	ResourceType: detectorType,
	Rationale: "New GuardDuty findings reach EventBridge within about five minutes, but further occurrences of an " +
		"existing finding (the same stolen key used again, the miner still running) are published only at " +
		"the detector's finding publishing frequency, six hours by default. Alert routing, Security Hub and " +
		"automated response (isolating an instance, disabling a key) then see an ongoing attack hours late. " +
		"Fifteen minutes costs nothing extra.",
	Verify: "aws guardduty get-detector --detector-id DETECTOR_ID --query FindingPublishingFrequency",
	Remediation: Remediation{
		Summary: "Set the detector's finding publishing frequency to FIFTEEN_MINUTES.",
		Console: "GuardDuty > Settings > Findings export options > Frequency for updated findings: Update CWE and S3 every 15 minutes > Save.",
		CLI:     "aws guardduty update-detector --detector-id DETECTOR_ID --finding-publishing-frequency FIFTEEN_MINUTES",
		Terraform: "resource \"aws_guardduty_detector\" \"this\" {\n  enable                       = true\n" +
			"  finding_publishing_frequency = \"FIFTEEN_MINUTES\"\n}",
	},
	Seed: []string{"security-alerting", "incident-response", "guardduty-features"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.GuardDutyDetectors {
				if d.Status != "ENABLED" {
					continue
				}
				loc := At(a, r, d)
				ev := Ev(d, "FindingPublishingFrequency", d.FindingPublishingFrequency)
				switch d.FindingPublishingFrequency {
				case "":
					c.Unknown(loc, "the finding publishing frequency was not read", ev)
				case "FIFTEEN_MINUTES":
					c.Pass(loc, "updated findings are published every 15 minutes", ev)
				default:
					every := map[string]string{"ONE_HOUR": "hour", "SIX_HOURS": "six hours"}[d.FindingPublishingFrequency]
					if every == "" {
						every = d.FindingPublishingFrequency
					}
					c.Fail(loc, "updated findings are published only every "+every+": repeated activity of an ongoing attack reaches alerting late", ev)
				}
			}
		}
	},
}

// narrowingFields are finding fields that tie a suppression rule to a
// known resource, actor or source rather than to every finding of a kind.
var narrowingPrefixes = []string{"resource.", "service.action.", "accountId", "service.resourceRole"}

var guarddutySuppressionRuleScope = &Check{
	ID:           "guardduty-suppression-rule-scope",
	Service:      "guardduty",
	Title:        "GuardDuty suppression rules name a finding type and a specific resource or source",
	Severity:     finding.Medium,
	ResourceType: detectorType,
	Rationale: "Suppression rules are the right way to cut GuardDuty false positives (a vulnerability scanner " +
		"that triggers Recon:EC2/Portscan, a known partner IP): findings matching the rule are archived " +
		"on arrival and never alert. A rule that names no finding type, or matches on severity alone " +
		"(\"archive everything below 7\"), silently archives real attacks as well: the first signs of a " +
		"compromise are often medium-severity findings. A good rule names the finding type and the " +
		"resource, tag, IP or account it excuses.",
	Verify: "aws guardduty list-filters --detector-id DETECTOR_ID\n" +
		"aws guardduty get-filter --detector-id DETECTOR_ID --filter-name NAME --query '[Action,FindingCriteria]' — ARCHIVE filters should include type and a resource or IP criterion.",
	Remediation: Remediation{
		Summary: "Narrow each suppression rule to a finding type plus the specific resource, tag, IP or account it excuses; delete catch-all rules.",
		Console: "GuardDuty > Findings > Suppression rules (saved rules) > edit the rule: add Finding type and Instance ID / Resource tag / " +
			"Remote IP criteria > Save, or delete it.",
		CLI: "aws guardduty update-filter --detector-id DETECTOR_ID --filter-name archive-scanner-portscan --action ARCHIVE --finding-criteria " +
			"'{\"Criterion\":{\"type\":{\"Eq\":[\"Recon:EC2/Portscan\"]},\"resource.instanceDetails.instanceId\":{\"Eq\":[\"i-0123456789abcdef0\"]}}}'\n" +
			"aws guardduty delete-filter --detector-id DETECTOR_ID --filter-name archive-low-severity",
		Terraform: "resource \"aws_guardduty_filter\" \"scanner\" {\n  name        = \"archive-scanner-portscan\"\n  action      = \"ARCHIVE\"\n" +
			"  detector_id = aws_guardduty_detector.this.id\n  rank        = 1\n\n  finding_criteria {\n    criterion {\n      field  = \"type\"\n" +
			"      equals = [\"Recon:EC2/Portscan\"]\n    }\n    criterion {\n      field  = \"resource.instanceDetails.instanceId\"\n" +
			"      equals = [\"i-0123456789abcdef0\"]\n    }\n  }\n}",
	},
	Seed: []string{"guardduty-false-positives", "security-alerting"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.GuardDutyDetectors {
				loc := At(a, r, d)
				if d.Filters == nil {
					if d.Status == "ENABLED" {
						c.Unknown(loc, "the detector's filters were not read", Ev(d, "Filters", nil))
					}
					continue
				}
				var broad, narrow []string
				for _, f := range d.Filters {
					if f.Action != "ARCHIVE" {
						continue
					}
					if why := suppressionTooBroad(f); why != "" {
						broad = append(broad, fmt.Sprintf("%s %s", f.Name, why))
					} else {
						narrow = append(narrow, f.Name)
					}
				}
				switch {
				case len(broad) > 0:
					c.Fail(loc, "suppression rule "+strings.Join(broad, "; "), Ev(d, "Filters", filterNames(d.Filters)))
				case len(narrow) > 0:
					c.Pass(loc, "suppression rules are narrow: "+strings.Join(narrow, ", "), Ev(d, "Filters", filterNames(d.Filters)))
				}
			}
		}
	},
}

// suppressionTooBroad says what makes an archive rule too broad, or "".
func suppressionTooBroad(f inventory.GuardDutyFilter) string {
	hasType, narrowed := false, false
	var sevOnly []string
	for _, cr := range f.Criteria {
		switch {
		case cr.Field == "type":
			hasType = len(cr.Equals) > 0 && !slices.ContainsFunc(cr.Equals, func(s string) bool { return strings.Contains(s, "*") })
		case cr.Field == "severity":
			sevOnly = append(sevOnly, severityRange(cr))
		case slices.ContainsFunc(narrowingPrefixes, func(p string) bool { return strings.HasPrefix(cr.Field, p) }) && len(cr.Equals) > 0:
			narrowed = true
		}
	}
	switch {
	case !hasType && len(sevOnly) > 0 && !narrowed:
		return "archives every finding with " + strings.Join(sevOnly, " and ") + ", of any type"
	case !hasType:
		return "archives findings of any type"
	case !narrowed:
		return "archives every finding of its type, whatever the resource or source"
	}
	return ""
}

func severityRange(cr inventory.GuardDutyCriterion) string {
	var parts []string
	add := func(op string, v *int64) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("severity %s %d", op, *v))
		}
	}
	add("<", cr.LessThan)
	add("<=", cr.LessThanOrEqual)
	add(">", cr.GreaterThan)
	add(">=", cr.GreaterThanOrEqual)
	if len(cr.Equals) > 0 {
		parts = append(parts, "severity in "+strings.Join(cr.Equals, ","))
	}
	return orNone(strings.Join(parts, " and "))
}

func filterNames(fs []inventory.GuardDutyFilter) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + " (" + f.Action + ")"
	}
	return orNone(strings.Join(parts, ", "))
}
