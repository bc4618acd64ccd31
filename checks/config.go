package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func configChecks() []*Check {
	return []*Check{configRecorderAllRegions, configDeliveryChannel, configOrganizationAggregator, configRuleCompliance}
}

const (
	recorderType   = "AWS::Config::ConfigurationRecorder"
	channelType    = "AWS::Config::DeliveryChannel"
	configRuleType = "AWS::Config::ConfigRule"
	aggregatorType = "AWS::Config::ConfigurationAggregator"
)

var configRecorderAllRegions = &Check{
	ID:           "config-recorder-all-regions",
	Service:      "config",
	Title:        "AWS Config records all supported resource types, including global ones, in every region",
	Severity:     finding.Medium,
	ResourceType: recorderType,
	Rationale: "AWS Config keeps the configuration history of every resource: what a security group allowed last " +
		"Tuesday, when a bucket became public, which instance had which role. Incident responders and auditors " +
		"rely on it, and Config rules, conformance packs and Security Hub controls evaluate what it records. " +
		"A region where the recorder is off or records only some types is a region where changes leave no " +
		"history and no rule can flag them; global types (IAM users, roles, policies) must be recorded in at " +
		"least one region.",
	Verify: "aws configservice describe-configuration-recorders --region REGION --query 'ConfigurationRecorders[].recordingGroup'\n" +
		"aws configservice describe-configuration-recorder-status --region REGION --query 'ConfigurationRecordersStatus[].[recording,lastStatus]'",
	Remediation: Remediation{
		Summary: "Record all supported resource types in every region (global types in one), and start the recorder.",
		Console: "AWS Config > Settings > Edit: Recording strategy: All resource types with customizable overrides; " +
			"include globally recorded resource types in one region > Save; then Recording is on. Repeat per region, " +
			"or deploy with a CloudFormation StackSet / Control Tower.",
		CLI: "aws configservice put-configuration-recorder --region eu-west-1 --configuration-recorder " +
			"name=default,roleARN=arn:aws:iam::777788889999:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig " +
			"--recording-group allSupported=true,includeGlobalResourceTypes=false\n" +
			"aws configservice start-configuration-recorder --region eu-west-1 --configuration-recorder-name default",
		Terraform: "resource \"aws_config_configuration_recorder\" \"this\" {\n  name     = \"default\"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n" +
			"  recording_group {\n    all_supported                 = true\n    include_global_resource_types = var.region == \"us-east-1\"\n  }\n}\n\n" +
			"resource \"aws_config_configuration_recorder_status\" \"this\" {\n  name       = aws_config_configuration_recorder.this.name\n" +
			"  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.3"}, "5.0.0": {"3.3"}},
	Seed: []string{"compliance-best-practices", "regulatory-compliance", "unencrypted-ebs", "incident-response", "cspm-top3"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			recs := customerRecorders(r)
			if len(recs) == 0 {
				c.Fail(AtScope(a, r, recorderType), "no configuration recorder in "+r.Name+": resource changes here are not recorded")
				continue
			}
			for _, rec := range recs {
				loc := At(a, r, rec)
				if rec.Status == nil || rec.RecordingGroup == nil {
					c.Unknown(loc, "the recorder's status or recording group was not read",
						Ev(rec, "recordingGroup", rec.RecordingGroup), Ev(rec, "recording", rec.Status))
					continue
				}
				var bad []string
				st, g := rec.Status, rec.RecordingGroup
				if !st.Recording {
					msg := "the recorder is stopped"
					if !st.LastStopTime.IsZero() {
						msg += " (since " + showTime(st.LastStopTime) + ")"
					}
					bad = append(bad, msg)
				} else if st.LastStatus == "Failure" {
					bad = append(bad, "the last recording failed: "+orNone(st.LastErrorCode))
				}
				if !recordsAll(g) {
					bad = append(bad, "it records only "+recordedTypes(g))
				}
				globalUnknown := false
				if !g.IncludeGlobalResourceTypes {
					elsewhere, unknown := globalRecordedElsewhere(a, r)
					switch {
					case unknown && !elsewhere:
						globalUnknown = true
					case !elsewhere:
						bad = append(bad, "no region of the account records global resource types (IAM)")
					}
				}
				ev := []finding.Evidence{Ev(rec, "recording", st.Recording), Ev(rec, "recordingGroup.allSupported", g.AllSupported),
					Ev(rec, "recordingGroup.includeGlobalResourceTypes", g.IncludeGlobalResourceTypes)}
				switch {
				case len(bad) > 0:
					c.Fail(loc, strings.Join(bad, "; "), ev...)
				case globalUnknown:
					c.Unknown(loc, "records all regional types, but whether another region records global types is unknown", ev...)
				case g.IncludeGlobalResourceTypes:
					c.Pass(loc, "recording all supported resource types, including global types", ev...)
				default:
					c.Pass(loc, "recording all supported regional resource types (global types are recorded in another region)", ev...)
				}
			}
		}
	},
}

// customerRecorders returns the region's recorders that are not
// service-linked recorders of another service.
func customerRecorders(r *inventory.Region) []*inventory.ConfigRecorder {
	var out []*inventory.ConfigRecorder
	for _, rec := range r.Resources.ConfigRecorders {
		if rec.ServicePrincipal == "" {
			out = append(out, rec)
		}
	}
	return out
}

func recordsAll(g *inventory.ConfigRecordingGroup) bool {
	return g.AllSupported || g.RecordingStrategy == "ALL_SUPPORTED_RESOURCE_TYPES"
}

func recordedTypes(g *inventory.ConfigRecordingGroup) string {
	switch {
	case g.RecordingStrategy == "EXCLUSION_BY_RESOURCE_TYPES":
		return "some types (excluding " + orNone(strings.Join(g.ExclusionResourceTypes, ", ")) + ")"
	case len(g.ResourceTypes) > 0:
		return fmt.Sprintf("%d selected types (%s)", len(g.ResourceTypes), strings.Join(g.ResourceTypes, ", "))
	}
	return "selected types"
}

// globalRecordedElsewhere reports whether another region of a records
// global resource types with a running recorder.
func globalRecordedElsewhere(a *inventory.Account, here *inventory.Region) (found, unknown bool) {
	for _, r := range a.Regions {
		if r == here {
			continue
		}
		if _, gap := inventory.GapFor(r.Gaps, recorderType); gap {
			unknown = true
			continue
		}
		for _, rec := range customerRecorders(r) {
			switch {
			case rec.RecordingGroup == nil || rec.Status == nil:
				unknown = true
			case rec.RecordingGroup.IncludeGlobalResourceTypes && rec.Status.Recording:
				return true, false
			}
		}
	}
	return false, unknown
}

var configDeliveryChannel = &Check{
	ID:           "config-delivery-channel",
	Service:      "config",
	Title:        "AWS Config delivers configuration history and snapshots to S3 without errors",
	Severity:     finding.Medium,
	ResourceType: channelType,
	Needs:        []string{recorderType},
	Rationale: "The delivery channel is where AWS Config writes configuration history files and periodic snapshots " +
		"(and which SNS topic hears about changes). Without it the recorder cannot start; when its bucket is " +
		"deleted or its policy changed, history stops reaching S3 silently and the only copy is the " +
		"seven-year Config database the account itself can delete. Auditors and the Scenario 1 report depend " +
		"on that history being delivered.",
	Verify: "aws configservice describe-delivery-channels --region REGION\n" +
		"aws configservice describe-delivery-channel-status --region REGION --query 'DeliveryChannelsStatus[].configHistoryDeliveryInfo'",
	Remediation: Remediation{
		Summary: "Point the delivery channel at an existing bucket whose policy lets AWS Config write, with daily snapshots, and fix delivery errors.",
		Console: "AWS Config > Settings > Edit > Delivery method: choose (or create) the S3 bucket, optional SNS topic > Save; " +
			"check the bucket policy grants config.amazonaws.com s3:PutObject on AWSLogs/ACCOUNT_ID/Config/*.",
		CLI: "aws configservice put-delivery-channel --region eu-west-1 --delivery-channel " +
			"'{\"name\":\"default\",\"s3BucketName\":\"acme-org-config-history\",\"configSnapshotDeliveryProperties\":{\"deliveryFrequency\":\"TwentyFour_Hours\"}}'",
		Terraform: "resource \"aws_config_delivery_channel\" \"this\" {\n  name           = \"default\"\n  s3_bucket_name = \"acme-org-config-history\"\n" +
			"  sns_topic_arn  = aws_sns_topic.config.arn\n\n  snapshot_delivery_properties {\n    delivery_frequency = \"TwentyFour_Hours\"\n  }\n}",
	},
	Seed: []string{"compliance-best-practices", "log-storage-monitoring", "scenario1-config-ses"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			chans := r.Resources.ConfigDeliveryChannels
			if len(chans) == 0 {
				if len(customerRecorders(r)) > 0 {
					c.Fail(AtScope(a, r, channelType), "a configuration recorder exists in "+r.Name+" but no delivery channel: the recorder cannot record")
				}
				continue
			}
			for _, ch := range chans {
				loc := At(a, r, ch)
				switch {
				case ch.S3BucketName == "":
					c.Fail(loc, "the delivery channel names no S3 bucket", Ev(ch, "s3BucketName", "none"))
				case ch.Status == nil:
					c.Unknown(loc, "the delivery channel's status was not read", Ev(ch, "s3BucketName", ch.S3BucketName))
				case ch.Status.ConfigHistory.LastStatus == "Failure":
					h := ch.Status.ConfigHistory
					c.Fail(loc, fmt.Sprintf("delivery of configuration history to s3://%s fails: %s %s (last success %s)",
						path(ch.S3BucketName, ch.S3KeyPrefix), h.LastErrorCode, h.LastErrorMessage, showTime(h.LastSuccessfulTime)),
						Ev(ch, "configHistoryDeliveryInfo.lastErrorCode", h.LastErrorCode), Ev(ch, "s3BucketName", ch.S3BucketName))
				case ch.Status.ConfigSnapshot.LastStatus == "Failure":
					s := ch.Status.ConfigSnapshot
					c.Fail(loc, fmt.Sprintf("delivery of configuration snapshots to s3://%s fails: %s", ch.S3BucketName, s.LastErrorCode),
						Ev(ch, "configSnapshotDeliveryInfo.lastErrorCode", s.LastErrorCode))
				default:
					msg := "configuration history is delivered to s3://" + path(ch.S3BucketName, ch.S3KeyPrefix)
					if ch.DeliveryFrequency != "" {
						msg += ", snapshots " + strings.ReplaceAll(strings.ToLower(ch.DeliveryFrequency), "_", " ")
					}
					c.Pass(loc, msg, Ev(ch, "s3BucketName", ch.S3BucketName), Ev(ch, "deliveryFrequency", orNone(ch.DeliveryFrequency)))
				}
			}
		}
	},
}

var configOrganizationAggregator = &Check{
	ID:           "config-organization-aggregator",
	Service:      "config",
	Title:        "The management account has an AWS Config aggregator over the whole organization and every region",
	Severity:     finding.Medium,
	ResourceType: aggregatorType,
	Rationale: "Config rules report compliance per account and per region. An aggregator with an organization " +
		"source gathers every account's configuration and rule compliance, including accounts that join " +
		"later, into one view: the only practical way to answer \"which resources break our rules, anywhere " +
		"in the organization?\" (Scenario 1: non-compliant organization rules per aggregator, e-mailed with " +
		"SES). An aggregator limited to some regions or a hand-kept account list misses the rest.",
	Verify: "aws configservice describe-configuration-aggregators --query " +
		"'ConfigurationAggregators[].[ConfigurationAggregatorName,OrganizationAggregationSource.AllAwsRegions,OrganizationAggregationSource.AwsRegions]'",
	Remediation: Remediation{
		Summary: "In the management (or delegated administrator) account create an aggregator with an organization source and all regions.",
		Console: "AWS Config > Aggregators > Create aggregator > Add my organization (choose or create the IAM role) > Regions: " +
			"Include future AWS regions > Create aggregator.",
		CLI: "aws configservice put-configuration-aggregator --configuration-aggregator-name AggregatorTest " +
			"--organization-aggregation-source RoleArn=arn:aws:iam::111122223333:role/ConfigAggregatorRole,AllAwsRegions=true",
		Terraform: "resource \"aws_config_configuration_aggregator\" \"org\" {\n  name = \"AggregatorTest\"\n\n" +
			"  organization_aggregation_source {\n    all_regions = true\n    role_arn    = aws_iam_role.config_aggregator.arn\n  }\n}",
	},
	Seed: []string{"scenario1-config-ses", "org-guidelines", "compliance-best-practices", "regulatory-compliance"},
	Run: func(c *Context) {
		org := c.Estate.Organization
		for a := range c.Accounts() {
			if org == nil || a.ID != org.ManagementAccount {
				continue
			}
			good := 0
			for _, r := range a.Regions {
				for _, ag := range r.Resources.ConfigAggregators {
					loc := At(a, r, ag)
					src := ag.OrganizationSource
					switch {
					case src == nil:
						c.Fail(loc, fmt.Sprintf("aggregator has no organization source: it aggregates only %s", accountSources(ag.AccountSources)),
							Ev(ag, "AccountAggregationSources", accountSources(ag.AccountSources)))
					case !src.AllAWSRegions:
						missing := estateRegionsNotIn(c.Estate, src.AWSRegions)
						if len(missing) > 0 {
							c.Fail(loc, "organization aggregator covers only "+orNone(strings.Join(src.AWSRegions, ", "))+"; the organization also uses "+strings.Join(missing, ", "),
								Ev(ag, "OrganizationAggregationSource.AwsRegions", src.AWSRegions))
						} else {
							good++
							c.Pass(loc, "organization aggregator covers every region in use ("+strings.Join(src.AWSRegions, ", ")+"), but not future regions",
								Ev(ag, "OrganizationAggregationSource.AwsRegions", src.AWSRegions))
						}
					default:
						good++
						c.Pass(loc, "aggregates every account of "+org.ID+" in all regions", Ev(ag, "OrganizationAggregationSource.AllAwsRegions", true))
					}
				}
			}
			if good == 0 {
				c.Fail(AtScope(a, nil, aggregatorType), "the management account of "+org.ID+" has no Config aggregator over the whole organization")
			}
		}
	},
}

func accountSources(srcs []inventory.ConfigAccountSource) string {
	var ids []string
	for _, s := range srcs {
		ids = append(ids, s.AccountIDs...)
	}
	if len(ids) == 0 {
		return "no account"
	}
	return "accounts " + strings.Join(ids, ", ")
}

// estateRegionsNotIn lists the regions of the estate not in regions.
func estateRegionsNotIn(e *inventory.Estate, regions []string) []string {
	var out []string
	for _, r := range e.Regions() {
		if !slices.Contains(regions, r.Name) && !slices.Contains(out, r.Name) {
			out = append(out, r.Name)
		}
	}
	return out
}

var configRuleCompliance = &Check{
	ID:           "config-rule-compliance",
	Service:      "config",
	Title:        "AWS Config rules report no non-compliant resources",
	Severity:     finding.Medium,
	ResourceType: configRuleType,
	Rationale: "Each Config rule encodes a guideline the organization chose (encrypted EBS volumes, VPC flow logs " +
		"on, no public buckets); a NON_COMPLIANT result is a resource that breaks it right now. Organization " +
		"rules are deployed centrally to every account, so their failures are the organization's baseline " +
		"being broken. Left unreviewed, non-compliant results become noise that hides the next real one.",
	Verify: "aws configservice describe-compliance-by-config-rule --compliance-types NON_COMPLIANT\n" +
		"aws configservice get-compliance-details-by-config-rule --config-rule-name RULE --compliance-types NON_COMPLIANT\n" +
		"Organization-wide: aws configservice describe-aggregate-compliance-by-config-rules --configuration-aggregator-name AggregatorTest " +
		"--filters ComplianceType=NON_COMPLIANT",
	Remediation: Remediation{
		Summary: "Fix the non-compliant resources (or attach an SSM automation remediation to the rule), and review exceptions.",
		Console: "AWS Config > Rules > select the rule > Resources in scope: Noncompliant > fix each resource, or Actions > Manage remediation " +
			"> choose an AWS-provided SSM document (AWS-EnableVPCFlowLogs, AWS-EnableEbsEncryptionByDefault).",
		CLI: "aws configservice put-remediation-configurations --remediation-configurations " +
			"'[{\"ConfigRuleName\":\"vpc-flow-logs-enabled\",\"TargetType\":\"SSM_DOCUMENT\",\"TargetId\":\"AWS-EnableVPCFlowLogs\",\"Automatic\":false}]'\n" +
			"aws configservice start-config-rules-evaluation --config-rule-names vpc-flow-logs-enabled",
		Terraform: "resource \"aws_config_remediation_configuration\" \"flow_logs\" {\n  config_rule_name = aws_config_config_rule.flow_logs.name\n" +
			"  target_type      = \"SSM_DOCUMENT\"\n  target_id        = \"AWS-EnableVPCFlowLogs\"\n  automatic        = false\n}",
	},
	Seed: []string{"scenario1-config-ses", "compliance-best-practices", "regulatory-compliance", "unencrypted-ebs", "org-guidelines"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, rule := range r.Resources.ConfigRules {
				loc := At(a, r, rule)
				cp := rule.Compliance
				desc := ruleDescription(rule)
				if cp == nil {
					c.Unknown(loc, "compliance of "+desc+" was not read")
					continue
				}
				ev := Ev(rule, "ComplianceType", cp.ComplianceType)
				switch cp.ComplianceType {
				case "NON_COMPLIANT":
					c.Fail(loc, desc+" is NON_COMPLIANT: "+nonCompliantSummary(cp), ev,
						Ev(rule, "NonCompliantResourceCount", cp.NonCompliantResourceCount))
				case "COMPLIANT":
					c.Pass(loc, desc+" is COMPLIANT", ev)
				case "NOT_APPLICABLE":
					c.Pass(loc, desc+" has no resources in scope (NOT_APPLICABLE)", ev)
				default:
					c.Unknown(loc, desc+" has not evaluated its resources yet ("+orNone(cp.ComplianceType)+")", ev)
				}
			}
		}
	},
}

// ruleDescription names a rule, its kind and its logic.
func ruleDescription(rule *inventory.ConfigRule) string {
	kind := "rule"
	if rule.OrganizationRule {
		kind = "organization rule"
	}
	src := rule.RuleSource.SourceIdentifier
	switch rule.RuleSource.Owner {
	case "AWS":
		src = "AWS managed " + src
	case "CUSTOM_LAMBDA":
		src = "custom Lambda " + src
	case "CUSTOM_POLICY":
		src = "custom Guard policy"
	}
	return fmt.Sprintf("%s %s (%s)", kind, rule.ID, src)
}

func nonCompliantSummary(cp *inventory.ConfigCompliance) string {
	n := cp.NonCompliantResourceCount
	var ids []string
	for _, res := range cp.Resources {
		if res.ComplianceType == "NON_COMPLIANT" {
			ids = append(ids, res.ResourceID)
		}
	}
	if n == 0 {
		n = len(ids)
	}
	msg := fmt.Sprintf("%d resource%s", n, plural(n))
	if cp.CappedCount {
		msg = "more than " + msg
	}
	if n == 0 {
		msg = "resources"
	}
	if len(ids) > 0 {
		msg += " (" + strings.Join(ids, ", ") + ")"
	}
	return msg
}
