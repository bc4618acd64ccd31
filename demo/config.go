package demo

import (
	"fmt"

	"github.com/awssec/awssec/inventory"
)

// orgConfigRule is an organization Config rule deployed from the management
// account to every account and region, and where it finds violations.
type orgConfigRule struct {
	name       string // the member-account rule name AWS Config gives it
	identifier string // the AWS managed rule
	scope      []string
	// violations maps "account/region" to the non-compliant resources there;
	// notApplicable lists "account/region" scopes with nothing to evaluate.
	violations    map[string][]inventory.ConfigEvaluation
	notApplicable []string
}

// The organization rules of the demo. Their results follow the rest of the
// story: the dev eu-west-1 default VPC has no flow log, the WordPress root
// volume is unencrypted, the dev assets bucket is public.
var orgConfigRules = []orgConfigRule{
	{
		name: "OrgConfigRule-vpc-flow-logs-enabled-o30sfig", identifier: "VPC_FLOW_LOGS_ENABLED", scope: []string{"AWS::EC2::VPC"},
		violations: map[string][]inventory.ConfigEvaluation{
			DevAccount + "/" + West: {{ResourceType: "AWS::EC2::VPC", ResourceID: "vpc-0devdefault000001", ComplianceType: "NON_COMPLIANT",
				ResultRecordedTime: daysAgo(45)}},
		},
	},
	{
		name: "OrgConfigRule-encrypted-volumes-xk2mq9d", identifier: "ENCRYPTED_VOLUMES", scope: []string{"AWS::EC2::Volume"},
		violations: map[string][]inventory.ConfigEvaluation{
			ProdAccount + "/" + East: {{ResourceType: "AWS::EC2::Volume", ResourceID: "vol-0wordpress0000001", ComplianceType: "NON_COMPLIANT",
				Annotation: "The volume is not encrypted.", ResultRecordedTime: daysAgo(21)}},
		},
		notApplicable: []string{ManagementAccount + "/" + West, DevAccount + "/" + West},
	},
	{
		name: "OrgConfigRule-s3-bucket-public-read-prohibited-7hd3bnc", identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", scope: []string{"AWS::S3::Bucket"},
		violations: map[string][]inventory.ConfigEvaluation{
			DevAccount + "/" + West: {{ResourceType: "AWS::S3::Bucket", ResourceID: "acme-dev-public-assets", ComplianceType: "NON_COMPLIANT",
				ResultRecordedTime: daysAgo(50)}},
		},
		notApplicable: []string{ManagementAccount + "/" + West},
	},
	{
		name: "OrgConfigRule-multi-region-cloudtrail-enabled-q81vzpe", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED",
	},
}

// compliance is the rule's result in one account and region.
func (o orgConfigRule) compliance(account, region string) inventory.ConfigCompliance {
	key := account + "/" + region
	if bad := o.violations[key]; len(bad) > 0 {
		return inventory.ConfigCompliance{ComplianceType: "NON_COMPLIANT", NonCompliantResourceCount: len(bad), Resources: bad}
	}
	for _, na := range o.notApplicable {
		if na == key {
			return inventory.ConfigCompliance{ComplianceType: "NOT_APPLICABLE"}
		}
	}
	return inventory.ConfigCompliance{ComplianceType: "COMPLIANT"}
}

func configRecorder(account, region string, global bool) *inventory.ConfigRecorder {
	a := arn("config", region, account, "configuration-recorder/default/"+fmt.Sprintf("%s%s", account[:4], region[len(region)-1:]))
	return &inventory.ConfigRecorder{
		Meta:    meta("config:DescribeConfigurationRecorders", "default", a, "default"),
		RoleARN: "arn:aws:iam::" + account + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
		RecordingGroup: &inventory.ConfigRecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: global,
			RecordingStrategy: "ALL_SUPPORTED_RESOURCE_TYPES"},
		Status: &inventory.ConfigRecorderStatus{Recording: true, LastStatus: "Success", LastStartTime: daysAgo(700),
			LastStatusChangeTime: minutesAgo(12)},
	}
}

func configChannel(account, region string) *inventory.ConfigDeliveryChannel {
	ok := inventory.ConfigDeliveryInfo{LastStatus: "Success", LastAttemptTime: minutesAgo(50), LastSuccessfulTime: minutesAgo(50)}
	return &inventory.ConfigDeliveryChannel{
		Meta:              meta("config:DescribeDeliveryChannels", "default", "", "default"),
		S3BucketName:      "acme-org-config-history",
		S3KeyPrefix:       OrgID,
		S3KMSKeyARN:       kmsMgmtTrailKey,
		DeliveryFrequency: "TwentyFour_Hours",
		Status:            &inventory.ConfigDeliveryChannelStatus{ConfigHistory: ok, ConfigSnapshot: ok},
	}
}

func addConfig(b *builder) {
	// Recorders and delivery channels: every region records all supported
	// types, global types in us-east-1 only, and delivers to the central
	// history bucket (pass config-recorder-all-regions and
	// config-delivery-channel)...
	for _, acct := range []string{ManagementAccount, ProdAccount, DevAccount} {
		for _, region := range []string{East, West} {
			r := b.region(acct, region)
			rec, ch := configRecorder(acct, region, region == East), configChannel(acct, region)
			if acct == DevAccount && region == West {
				// ...except dev eu-west-1: its channel pointed at a regional
				// bucket deleted in a clean-up 41 days ago, and the recorder
				// was stopped the same day. Both checks fail there.
				rec.Status = &inventory.ConfigRecorderStatus{Recording: false, LastStatus: "Success", LastStartTime: daysAgo(600),
					LastStopTime: daysAgo(41), LastStatusChangeTime: daysAgo(41)}
				ch.S3BucketName, ch.S3KeyPrefix, ch.S3KMSKeyARN = "acme-dev-config-eu-west-1", "", ""
				failed := inventory.ConfigDeliveryInfo{LastStatus: "Failure", LastErrorCode: "NoSuchBucket",
					LastErrorMessage: "The specified bucket does not exist", LastAttemptTime: daysAgo(41), LastSuccessfulTime: daysAgo(42)}
				ch.Status = &inventory.ConfigDeliveryChannelStatus{ConfigHistory: failed, ConfigSnapshot: failed}
			}
			r.Resources.ConfigRecorders = append(r.Resources.ConfigRecorders, rec)
			r.Resources.ConfigDeliveryChannels = append(r.Resources.ConfigDeliveryChannels, ch)
		}
	}

	// Organization Config rules, deployed to every account and region
	// (config-rule-compliance: the flow log, EBS and public bucket rules fail
	// where the story's resources break them; the rest pass). The aggregator
	// AggregatorTest sees the same results.
	var aggregate []inventory.ConfigAggregateRuleCompliance
	n := 0
	for _, acct := range []string{ManagementAccount, ProdAccount, DevAccount} {
		for _, region := range []string{East, West} {
			r := b.region(acct, region)
			for _, o := range orgConfigRules {
				n++
				id := fmt.Sprintf("config-rule-%06x", 0x3a1f00+n)
				cp := o.compliance(acct, region)
				r.Resources.ConfigRules = append(r.Resources.ConfigRules, &inventory.ConfigRule{
					Meta:               meta("config:DescribeConfigRules", o.name, arn("config", region, acct, "config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/"+id), o.name),
					ConfigRuleID:       id,
					State:              "ACTIVE",
					RuleSource:         inventory.ConfigRuleSource{Owner: "AWS", SourceIdentifier: o.identifier},
					ScopeResourceTypes: o.scope,
					CreatedBy:          "config-multiaccountsetup.amazonaws.com",
					OrganizationRule:   true,
					Compliance:         &cp,
				})
				aggregate = append(aggregate, inventory.ConfigAggregateRuleCompliance{ConfigRuleName: o.name, AccountID: acct, Region: region, Compliance: cp})
			}
		}
	}

	// An account rule of prod's own: a custom Lambda rule for required tags,
	// non-compliant on two resources: the WordPress box and the legacy trail
	// bucket predate the tagging policy.
	prodEast := b.region(ProdAccount, East)
	requiredTags := &inventory.ConfigRule{
		Meta:               meta("config:DescribeConfigRules", "prod-required-tags", arn("config", East, ProdAccount, "config-rule/config-rule-8c2e41"), "prod-required-tags"),
		ConfigRuleID:       "config-rule-8c2e41",
		State:              "ACTIVE",
		RuleSource:         inventory.ConfigRuleSource{Owner: "CUSTOM_LAMBDA", SourceIdentifier: arn("lambda", East, ProdAccount, "function:config-required-tags")},
		InputParameters:    `{"tag1Key":"CostCenter","tag2Key":"DataClassification"}`,
		ScopeResourceTypes: []string{"AWS::EC2::Instance", "AWS::RDS::DBInstance", "AWS::S3::Bucket"},
		Compliance: &inventory.ConfigCompliance{ComplianceType: "NON_COMPLIANT", NonCompliantResourceCount: 2,
			Resources: []inventory.ConfigEvaluation{
				{ResourceType: "AWS::EC2::Instance", ResourceID: "i-0a1b2c3d4e5f60001", ComplianceType: "NON_COMPLIANT",
					Annotation: "Missing required tags: CostCenter, DataClassification.", ResultRecordedTime: daysAgo(9)},
				{ResourceType: "AWS::S3::Bucket", ResourceID: "acme-prod-cloudtrail-legacy", ComplianceType: "NON_COMPLIANT",
					Annotation: "Missing required tag: DataClassification.", ResultRecordedTime: daysAgo(9)},
			}},
	}
	prodEast.Resources.ConfigRules = append(prodEast.Resources.ConfigRules, requiredTags)
	// The aggregators see account rules too (awssec org-report --all-rules).
	aggregate = append(aggregate, inventory.ConfigAggregateRuleCompliance{ConfigRuleName: requiredTags.ID, AccountID: ProdAccount,
		Region: East, Compliance: *requiredTags.Compliance})

	// Aggregators in management us-east-1: AggregatorTest covers the whole
	// organization in all regions (passes config-organization-aggregator; it
	// is the one the Scenario 1 report reads); an older aggregator from the
	// first rollout covers only us-east-1 (fails) and so reports only the
	// us-east-1 results.
	mgmtEast := b.region(ManagementAccount, East)
	role := "arn:aws:iam::" + ManagementAccount + ":role/service-role/AWSConfigRoleForOrganizations"
	var eastOnly []inventory.ConfigAggregateRuleCompliance
	for _, c := range aggregate {
		if c.Region == East {
			eastOnly = append(eastOnly, c)
		}
	}
	mgmtEast.Resources.ConfigAggregators = append(mgmtEast.Resources.ConfigAggregators,
		&inventory.ConfigAggregator{
			Meta:               meta("config:DescribeConfigurationAggregators", "AggregatorTest", arn("config", East, ManagementAccount, "config-aggregator/config-aggregator-o30sfig1"), "AggregatorTest"),
			OrganizationSource: &inventory.ConfigOrganizationSource{RoleARN: role, AllAWSRegions: true},
			CreationTime:       daysAgo(500),
			RuleCompliance:     aggregate,
		},
		&inventory.ConfigAggregator{
			Meta:               meta("config:DescribeConfigurationAggregators", "org-us-east-1", arn("config", East, ManagementAccount, "config-aggregator/config-aggregator-2b7ycq0e"), "org-us-east-1"),
			OrganizationSource: &inventory.ConfigOrganizationSource{RoleARN: role, AWSRegions: []string{East}},
			CreationTime:       daysAgo(900),
			RuleCompliance:     eastOnly,
		},
	)
}
