package inventory

import "time"

// ConfigRecorder is an AWS::Config::ConfigurationRecorder
// (config:DescribeConfigurationRecorders and
// DescribeConfigurationRecorderStatus). Its ID is the recorder name
// ("default"). A region with no recorder and no gap does not record.
type ConfigRecorder struct {
	Meta `json:",inline"`
	// RoleARN is the role AWS Config assumes to read resources.
	RoleARN string `json:"roleArn,omitzero"`
	// ServicePrincipal is set for a service-linked recorder owned by another
	// service ("securityhub.amazonaws.com").
	ServicePrincipal string `json:"servicePrincipal,omitzero"`
	// RecordingGroup is what the recorder records; nil: not read.
	RecordingGroup *ConfigRecordingGroup `json:"recordingGroup,omitzero"`
	// Status is the recorder's status; nil: not read.
	Status *ConfigRecorderStatus `json:"status,omitzero"`
}

// Type returns "AWS::Config::ConfigurationRecorder".
func (*ConfigRecorder) Type() string { return "AWS::Config::ConfigurationRecorder" }

// ConfigRecordingGroup is the set of resource types a recorder records.
type ConfigRecordingGroup struct {
	// AllSupported is true when every supported regional resource type is
	// recorded, including types added later.
	AllSupported bool `json:"allSupported"`
	// IncludeGlobalResourceTypes is true when global types (IAM users,
	// roles, groups, policies) are recorded in this region.
	IncludeGlobalResourceTypes bool `json:"includeGlobalResourceTypes"`
	// RecordingStrategy is "ALL_SUPPORTED_RESOURCE_TYPES",
	// "INCLUSION_BY_RESOURCE_TYPES" or "EXCLUSION_BY_RESOURCE_TYPES".
	RecordingStrategy string `json:"recordingStrategy,omitzero"`
	// ResourceTypes are the types recorded under INCLUSION_BY_RESOURCE_TYPES.
	ResourceTypes []string `json:"resourceTypes,omitzero"`
	// ExclusionResourceTypes are the types left out under
	// EXCLUSION_BY_RESOURCE_TYPES.
	ExclusionResourceTypes []string `json:"exclusionResourceTypes,omitzero"`
}

// ConfigRecorderStatus is what DescribeConfigurationRecorderStatus returns.
type ConfigRecorderStatus struct {
	// Recording is true while the recorder records.
	Recording bool `json:"recording"`
	// LastStatus is "Pending", "Success" or "Failure".
	LastStatus           string    `json:"lastStatus,omitzero"`
	LastErrorCode        string    `json:"lastErrorCode,omitzero"`
	LastErrorMessage     string    `json:"lastErrorMessage,omitzero"`
	LastStartTime        time.Time `json:"lastStartTime,omitzero"`
	LastStopTime         time.Time `json:"lastStopTime,omitzero"`
	LastStatusChangeTime time.Time `json:"lastStatusChangeTime,omitzero"`
}

// ConfigDeliveryChannel is an AWS::Config::DeliveryChannel
// (config:DescribeDeliveryChannels and DescribeDeliveryChannelStatus). Its
// ID is the channel name ("default").
type ConfigDeliveryChannel struct {
	Meta         `json:",inline"`
	S3BucketName string `json:"s3BucketName,omitzero"`
	S3KeyPrefix  string `json:"s3KeyPrefix,omitzero"`
	S3KMSKeyARN  string `json:"s3KmsKeyArn,omitzero"`
	// SNSTopicARN is the topic notified of configuration changes.
	SNSTopicARN string `json:"snsTopicArn,omitzero"`
	// DeliveryFrequency is how often configuration snapshots are delivered:
	// "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours",
	// "TwentyFour_Hours"; empty: no periodic snapshots.
	DeliveryFrequency string `json:"deliveryFrequency,omitzero"`
	// Status is the channel's delivery status; nil: not read.
	Status *ConfigDeliveryChannelStatus `json:"status,omitzero"`
}

// Type returns "AWS::Config::DeliveryChannel".
func (*ConfigDeliveryChannel) Type() string { return "AWS::Config::DeliveryChannel" }

// ConfigDeliveryChannelStatus is the last delivery of each kind.
type ConfigDeliveryChannelStatus struct {
	ConfigHistory  ConfigDeliveryInfo `json:"configHistoryDeliveryInfo,omitzero"`
	ConfigSnapshot ConfigDeliveryInfo `json:"configSnapshotDeliveryInfo,omitzero"`
	ConfigStream   ConfigDeliveryInfo `json:"configStreamDeliveryInfo,omitzero"`
}

// ConfigDeliveryInfo is the outcome of a delivery channel's last delivery.
type ConfigDeliveryInfo struct {
	// LastStatus is "Success", "Failure" or "Not_Applicable".
	LastStatus           string    `json:"lastStatus,omitzero"`
	LastErrorCode        string    `json:"lastErrorCode,omitzero"` // "NoSuchBucket", "AccessDenied"
	LastErrorMessage     string    `json:"lastErrorMessage,omitzero"`
	LastAttemptTime      time.Time `json:"lastAttemptTime,omitzero"`
	LastSuccessfulTime   time.Time `json:"lastSuccessfulTime,omitzero"`
	NextDeliveryTime     time.Time `json:"nextDeliveryTime,omitzero"`
	LastStatusChangeTime time.Time `json:"lastStatusChangeTime,omitzero"`
}

// ConfigRule is an AWS::Config::ConfigRule (config:DescribeConfigRules and
// DescribeComplianceByConfigRule). Its ID is the rule name.
type ConfigRule struct {
	Meta `json:",inline"`
	// ConfigRuleID is "config-rule-a1b2c3".
	ConfigRuleID string `json:"configRuleId,omitzero"`
	// State is "ACTIVE", "DELETING", "DELETING_RESULTS", "EVALUATING".
	State string `json:"configRuleState,omitzero"`
	// RuleSource says who wrote the rule (AWS Config's "Source" member).
	RuleSource ConfigRuleSource `json:"ruleSource"`
	// InputParameters are the rule's parameters (JSON text).
	InputParameters string `json:"inputParameters,omitzero"`
	// ScopeResourceTypes are the resource types the rule evaluates; empty: all.
	ScopeResourceTypes []string `json:"scopeResourceTypes,omitzero"`
	// CreatedBy is the service that created the rule, for rules AWS services
	// deploy: "config-multiaccountsetup.amazonaws.com" (organization rules),
	// "securityhub.amazonaws.com", "config-conforms.amazonaws.com".
	CreatedBy string `json:"createdBy,omitzero"`
	// OrganizationRule is true when the rule is a member-account instance of
	// an organization Config rule (named "OrgConfigRule-NAME-SUFFIX"),
	// deployed from the management or delegated administrator account.
	OrganizationRule bool `json:"organizationRule,omitzero"`
	// Compliance is the rule's compliance summary; nil: not read.
	Compliance *ConfigCompliance `json:"compliance,omitzero"`
}

// Type returns "AWS::Config::ConfigRule".
func (*ConfigRule) Type() string { return "AWS::Config::ConfigRule" }

// ConfigRuleSource says who wrote a rule and which logic it runs.
type ConfigRuleSource struct {
	// Owner is "AWS" (a managed rule), "CUSTOM_LAMBDA" or "CUSTOM_POLICY".
	Owner string `json:"owner"`
	// SourceIdentifier is the managed rule identifier
	// ("VPC_FLOW_LOGS_ENABLED") or the custom rule's Lambda function ARN.
	SourceIdentifier string `json:"sourceIdentifier,omitzero"`
}

// ConfigCompliance is the compliance of a rule over the resources it
// evaluates, in one account and region. It is shared by account rules and
// aggregated rule results.
type ConfigCompliance struct {
	// ComplianceType is "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE" or
	// "INSUFFICIENT_DATA".
	ComplianceType string `json:"complianceType"`
	// NonCompliantResourceCount is how many resources are non-compliant;
	// CappedCount is true when the count stopped at the API's cap (100).
	NonCompliantResourceCount int  `json:"nonCompliantResourceCount,omitzero"`
	CappedCount               bool `json:"cappedCount,omitzero"`
	// Resources are per-resource evaluation results, when they were read
	// (GetComplianceDetailsByConfigRule,
	// GetAggregateComplianceDetailsByConfigRule); nil: not read.
	Resources []ConfigEvaluation `json:"resources,omitzero"`
}

// ConfigEvaluation is a rule's verdict on one resource.
type ConfigEvaluation struct {
	ResourceType   string `json:"resourceType"` // "AWS::EC2::VPC"
	ResourceID     string `json:"resourceId"`
	ComplianceType string `json:"complianceType"`
	// Annotation is the rule's explanation, when it gave one.
	Annotation string `json:"annotation,omitzero"`
	// ResultRecordedTime is when the verdict was recorded.
	ResultRecordedTime time.Time `json:"resultRecordedTime,omitzero"`
}

// ConfigAggregator is an AWS::Config::ConfigurationAggregator
// (config:DescribeConfigurationAggregators). Its ID is the aggregator name.
type ConfigAggregator struct {
	Meta `json:",inline"`
	// OrganizationSource, when set, aggregates every account of the
	// organization.
	OrganizationSource *ConfigOrganizationSource `json:"organizationAggregationSource,omitzero"`
	// AccountSources list accounts aggregated by id.
	AccountSources []ConfigAccountSource `json:"accountAggregationSources,omitzero"`
	CreationTime   time.Time             `json:"creationTime,omitzero"`
	// RuleCompliance is the compliance of each Config rule in each source
	// account and region, as the aggregator reports it
	// (DescribeAggregateComplianceByConfigRules); nil: not read.
	RuleCompliance []ConfigAggregateRuleCompliance `json:"ruleCompliance,omitzero"`
}

// Type returns "AWS::Config::ConfigurationAggregator".
func (*ConfigAggregator) Type() string { return "AWS::Config::ConfigurationAggregator" }

// ConfigOrganizationSource is an aggregator's organization source.
type ConfigOrganizationSource struct {
	// RoleARN is the role the aggregator uses to list the organization.
	RoleARN string `json:"roleArn,omitzero"`
	// AllAWSRegions is true when every current and future region is
	// aggregated; else AWSRegions lists them.
	AllAWSRegions bool     `json:"allAwsRegions,omitzero"`
	AWSRegions    []string `json:"awsRegions,omitzero"`
}

// ConfigAccountSource is one account source of an aggregator.
type ConfigAccountSource struct {
	AccountIDs    []string `json:"accountIds"`
	AllAWSRegions bool     `json:"allAwsRegions,omitzero"`
	AWSRegions    []string `json:"awsRegions,omitzero"`
}

// ConfigAggregateRuleCompliance is one rule's compliance in one account and
// region, seen through an aggregator.
type ConfigAggregateRuleCompliance struct {
	ConfigRuleName string           `json:"configRuleName"`
	AccountID      string           `json:"accountId"`
	Region         string           `json:"awsRegion"`
	Compliance     ConfigCompliance `json:"compliance"`
}
