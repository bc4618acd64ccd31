// Package config collects AWS Config: the configuration recorder
// (AWS::Config::ConfigurationRecorder) and delivery channel
// (AWS::Config::DeliveryChannel) with their status, the Config rules
// (AWS::Config::ConfigRule) with their compliance and the resources that
// break them, and the aggregators (AWS::Config::ConfigurationAggregator)
// with the rule compliance they gather from every account and region.
package config

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	recorderType   = "AWS::Config::ConfigurationRecorder"
	channelType    = "AWS::Config::DeliveryChannel"
	ruleType       = "AWS::Config::ConfigRule"
	aggregatorType = "AWS::Config::ConfigurationAggregator"
)

// createdByOrganization is the CreatedBy of the member-account rules an
// organization Config rule deploys.
const createdByOrganization = "config-multiaccountsetup.amazonaws.com"

// Service is the AWS Config collector.
var Service = collect.Service{
	Name:    "config",
	Types:   []string{recorderType, channelType, ruleType, aggregatorType},
	Collect: collectConfig,
	Operations: []string{
		"config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus",
		"config:DescribeDeliveryChannels", "config:DescribeDeliveryChannelStatus",
		"config:DescribeConfigRules", "config:DescribeComplianceByConfigRule", "config:GetComplianceDetailsByConfigRule",
		"config:DescribeConfigurationAggregators", "config:DescribeAggregateComplianceByConfigRules",
		"config:GetAggregateComplianceDetailsByConfigRule",
	},
}

func collectConfig(ctx context.Context, s *collect.Scope) {
	client := configservice.NewFromConfig(s.Config)
	collectRecorders(ctx, s, client)
	collectChannels(ctx, s, client)
	collectRules(ctx, s, client)
	collectAggregators(ctx, s, client)
}

// collectRecorders reads the customer managed recorder (what
// DescribeConfigurationRecorders returns without a filter) and its status.
func collectRecorders(ctx context.Context, s *collect.Scope, client *configservice.Client) {
	out, err := client.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		s.Gap(recorderType, "config:DescribeConfigurationRecorders", err)
		return
	}
	if len(out.ConfigurationRecorders) == 0 {
		return
	}
	// One status call for all recorders; a recorder it does not list (or a
	// failed call) leaves that status unknown.
	statuses := map[string]types.ConfigurationRecorderStatus{}
	if st, err := client.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{}); err == nil {
		for _, x := range st.ConfigurationRecordersStatus {
			statuses[aws.ToString(x.Name)] = x
		}
	}
	var recs []*inventory.ConfigRecorder
	for _, r := range out.ConfigurationRecorders {
		name := aws.ToString(r.Name)
		rec := &inventory.ConfigRecorder{
			Meta:             s.Meta("config:DescribeConfigurationRecorders", name, aws.ToString(r.Arn), name),
			RoleARN:          aws.ToString(r.RoleARN),
			ServicePrincipal: aws.ToString(r.ServicePrincipal),
		}
		if g := r.RecordingGroup; g != nil {
			rec.RecordingGroup = &inventory.ConfigRecordingGroup{
				AllSupported:               g.AllSupported,
				IncludeGlobalResourceTypes: g.IncludeGlobalResourceTypes,
				ResourceTypes:              resourceTypes(g.ResourceTypes),
			}
			if g.RecordingStrategy != nil {
				rec.RecordingGroup.RecordingStrategy = string(g.RecordingStrategy.UseOnly)
			}
			if g.ExclusionByResourceTypes != nil {
				rec.RecordingGroup.ExclusionResourceTypes = resourceTypes(g.ExclusionByResourceTypes.ResourceTypes)
			}
		}
		if st, ok := statuses[name]; ok {
			rec.Status = &inventory.ConfigRecorderStatus{
				Recording:            st.Recording,
				LastStatus:           string(st.LastStatus),
				LastErrorCode:        aws.ToString(st.LastErrorCode),
				LastErrorMessage:     aws.ToString(st.LastErrorMessage),
				LastStartTime:        aws.ToTime(st.LastStartTime),
				LastStopTime:         aws.ToTime(st.LastStopTime),
				LastStatusChangeTime: aws.ToTime(st.LastStatusChangeTime),
			}
		}
		recs = append(recs, rec)
	}
	s.Region.Resources.ConfigRecorders = recs
}

func collectChannels(ctx context.Context, s *collect.Scope, client *configservice.Client) {
	out, err := client.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
	if err != nil {
		s.Gap(channelType, "config:DescribeDeliveryChannels", err)
		return
	}
	if len(out.DeliveryChannels) == 0 {
		return
	}
	statuses := map[string]types.DeliveryChannelStatus{}
	if st, err := client.DescribeDeliveryChannelStatus(ctx, &configservice.DescribeDeliveryChannelStatusInput{}); err == nil {
		for _, x := range st.DeliveryChannelsStatus {
			statuses[aws.ToString(x.Name)] = x
		}
	}
	var chans []*inventory.ConfigDeliveryChannel
	for _, c := range out.DeliveryChannels {
		name := aws.ToString(c.Name)
		ch := &inventory.ConfigDeliveryChannel{
			Meta:         s.Meta("config:DescribeDeliveryChannels", name, "", name),
			S3BucketName: aws.ToString(c.S3BucketName),
			S3KeyPrefix:  aws.ToString(c.S3KeyPrefix),
			S3KMSKeyARN:  aws.ToString(c.S3KmsKeyArn),
			SNSTopicARN:  aws.ToString(c.SnsTopicARN),
		}
		if p := c.ConfigSnapshotDeliveryProperties; p != nil {
			ch.DeliveryFrequency = string(p.DeliveryFrequency)
		}
		if st, ok := statuses[name]; ok {
			ch.Status = &inventory.ConfigDeliveryChannelStatus{
				ConfigHistory:  exportInfo(st.ConfigHistoryDeliveryInfo),
				ConfigSnapshot: exportInfo(st.ConfigSnapshotDeliveryInfo),
			}
			if i := st.ConfigStreamDeliveryInfo; i != nil {
				ch.Status.ConfigStream = inventory.ConfigDeliveryInfo{
					LastStatus:           string(i.LastStatus),
					LastErrorCode:        aws.ToString(i.LastErrorCode),
					LastErrorMessage:     aws.ToString(i.LastErrorMessage),
					LastStatusChangeTime: aws.ToTime(i.LastStatusChangeTime),
				}
			}
		}
		chans = append(chans, ch)
	}
	s.Region.Resources.ConfigDeliveryChannels = chans
}

func exportInfo(i *types.ConfigExportDeliveryInfo) inventory.ConfigDeliveryInfo {
	if i == nil {
		return inventory.ConfigDeliveryInfo{}
	}
	return inventory.ConfigDeliveryInfo{
		LastStatus:         string(i.LastStatus),
		LastErrorCode:      aws.ToString(i.LastErrorCode),
		LastErrorMessage:   aws.ToString(i.LastErrorMessage),
		LastAttemptTime:    aws.ToTime(i.LastAttemptTime),
		LastSuccessfulTime: aws.ToTime(i.LastSuccessfulTime),
		NextDeliveryTime:   aws.ToTime(i.NextDeliveryTime),
	}
}

// collectRules reads the rules, then their compliance in one listing, then
// the non-compliant resources of each non-compliant rule.
func collectRules(ctx context.Context, s *collect.Scope, client *configservice.Client) {
	var rules []*inventory.ConfigRule
	pages := configservice.NewDescribeConfigRulesPaginator(client, &configservice.DescribeConfigRulesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(ruleType, "config:DescribeConfigRules", err)
			return
		}
		for _, r := range page.ConfigRules {
			name := aws.ToString(r.ConfigRuleName)
			rule := &inventory.ConfigRule{
				Meta:             s.Meta("config:DescribeConfigRules", name, aws.ToString(r.ConfigRuleArn), name),
				ConfigRuleID:     aws.ToString(r.ConfigRuleId),
				State:            string(r.ConfigRuleState),
				InputParameters:  aws.ToString(r.InputParameters),
				CreatedBy:        aws.ToString(r.CreatedBy),
				OrganizationRule: aws.ToString(r.CreatedBy) == createdByOrganization,
			}
			if src := r.Source; src != nil {
				rule.RuleSource = inventory.ConfigRuleSource{Owner: string(src.Owner), SourceIdentifier: aws.ToString(src.SourceIdentifier)}
			}
			if r.Scope != nil {
				rule.ScopeResourceTypes = resourceTypes(r.Scope.ComplianceResourceTypes)
			}
			rules = append(rules, rule)
		}
	}
	if len(rules) == 0 {
		return
	}
	s.Region.Resources.ConfigRules = rules

	// A failed compliance listing leaves every rule's compliance unknown;
	// a rule it does not list keeps an unknown compliance too.
	compliance := map[string]*inventory.ConfigCompliance{}
	cpages := configservice.NewDescribeComplianceByConfigRulePaginator(client, &configservice.DescribeComplianceByConfigRuleInput{})
	for cpages.HasMorePages() {
		page, err := cpages.NextPage(ctx)
		if err != nil {
			return
		}
		for _, c := range page.ComplianceByConfigRules {
			if cp := convertCompliance(c.Compliance); cp != nil {
				compliance[aws.ToString(c.ConfigRuleName)] = cp
			}
		}
	}
	for _, rule := range rules {
		cp := compliance[rule.ID]
		if cp != nil && cp.ComplianceType == string(types.ComplianceTypeNonCompliant) {
			cp.Resources = nonCompliantResources(ctx, client, rule.ID)
		}
		rule.Compliance = cp
	}
}

// nonCompliantResources lists the resources a rule finds non-compliant; nil
// when they could not be read.
func nonCompliantResources(ctx context.Context, client *configservice.Client, rule string) []inventory.ConfigEvaluation {
	out := []inventory.ConfigEvaluation{}
	pages := configservice.NewGetComplianceDetailsByConfigRulePaginator(client, &configservice.GetComplianceDetailsByConfigRuleInput{
		ConfigRuleName:  aws.String(rule),
		ComplianceTypes: []types.ComplianceType{types.ComplianceTypeNonCompliant},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, e := range page.EvaluationResults {
			out = append(out, evaluation(e.EvaluationResultIdentifier, e.ComplianceType, e.Annotation, e.ResultRecordedTime))
		}
	}
	return out
}

func collectAggregators(ctx context.Context, s *collect.Scope, client *configservice.Client) {
	var ags []*inventory.ConfigAggregator
	pages := configservice.NewDescribeConfigurationAggregatorsPaginator(client, &configservice.DescribeConfigurationAggregatorsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(aggregatorType, "config:DescribeConfigurationAggregators", err)
			return
		}
		for _, a := range page.ConfigurationAggregators {
			name := aws.ToString(a.ConfigurationAggregatorName)
			ag := &inventory.ConfigAggregator{
				Meta:         s.Meta("config:DescribeConfigurationAggregators", name, aws.ToString(a.ConfigurationAggregatorArn), name),
				CreationTime: aws.ToTime(a.CreationTime),
			}
			if src := a.OrganizationAggregationSource; src != nil {
				ag.OrganizationSource = &inventory.ConfigOrganizationSource{
					RoleARN: aws.ToString(src.RoleArn), AllAWSRegions: src.AllAwsRegions, AWSRegions: resourceTypes(src.AwsRegions),
				}
			}
			for _, src := range a.AccountAggregationSources {
				ag.AccountSources = append(ag.AccountSources, inventory.ConfigAccountSource{
					AccountIDs: src.AccountIds, AllAWSRegions: src.AllAwsRegions, AWSRegions: resourceTypes(src.AwsRegions),
				})
			}
			ags = append(ags, ag)
		}
	}
	for _, ag := range ags {
		ag.RuleCompliance = aggregateCompliance(ctx, client, ag.ID)
	}
	s.Region.Resources.ConfigAggregators = ags
}

// aggregateCompliance reads each rule's compliance in each account and
// region through the aggregator, with the non-compliant resources of the
// non-compliant ones. nil: not read.
func aggregateCompliance(ctx context.Context, client *configservice.Client, aggregator string) []inventory.ConfigAggregateRuleCompliance {
	out := []inventory.ConfigAggregateRuleCompliance{}
	pages := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(client, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String(aggregator),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, c := range page.AggregateComplianceByConfigRules {
			cp := convertCompliance(c.Compliance)
			if cp == nil {
				continue
			}
			entry := inventory.ConfigAggregateRuleCompliance{ConfigRuleName: aws.ToString(c.ConfigRuleName),
				AccountID: aws.ToString(c.AccountId), Region: aws.ToString(c.AwsRegion), Compliance: *cp}
			if cp.ComplianceType == string(types.ComplianceTypeNonCompliant) {
				entry.Compliance.Resources = aggregateNonCompliant(ctx, client, aggregator, entry)
			}
			out = append(out, entry)
		}
	}
	return out
}

func aggregateNonCompliant(ctx context.Context, client *configservice.Client, aggregator string, c inventory.ConfigAggregateRuleCompliance) []inventory.ConfigEvaluation {
	out := []inventory.ConfigEvaluation{}
	pages := configservice.NewGetAggregateComplianceDetailsByConfigRulePaginator(client, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String(aggregator),
		ConfigRuleName:              aws.String(c.ConfigRuleName),
		AccountId:                   aws.String(c.AccountID),
		AwsRegion:                   aws.String(c.Region),
		ComplianceType:              types.ComplianceTypeNonCompliant,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, e := range page.AggregateEvaluationResults {
			out = append(out, evaluation(e.EvaluationResultIdentifier, e.ComplianceType, e.Annotation, e.ResultRecordedTime))
		}
	}
	return out
}

func convertCompliance(c *types.Compliance) *inventory.ConfigCompliance {
	if c == nil {
		return nil
	}
	cp := &inventory.ConfigCompliance{ComplianceType: string(c.ComplianceType)}
	if n := c.ComplianceContributorCount; n != nil {
		cp.NonCompliantResourceCount = int(n.CappedCount)
		cp.CappedCount = n.CapExceeded
	}
	return cp
}

func evaluation(id *types.EvaluationResultIdentifier, ct types.ComplianceType, annotation *string, recorded *time.Time) inventory.ConfigEvaluation {
	e := inventory.ConfigEvaluation{ComplianceType: string(ct), Annotation: aws.ToString(annotation), ResultRecordedTime: aws.ToTime(recorded)}
	if id != nil && id.EvaluationResultQualifier != nil {
		e.ResourceType = aws.ToString(id.EvaluationResultQualifier.ResourceType)
		e.ResourceID = aws.ToString(id.EvaluationResultQualifier.ResourceId)
	}
	return e
}

// resourceTypes keeps the inventory's convention that an empty list is
// absent (the SDK decodes AWS's [] as an empty, non-nil slice).
func resourceTypes[T ~string](v []T) []string {
	var out []string
	for _, x := range v {
		out = append(out, string(x))
	}
	return out
}
