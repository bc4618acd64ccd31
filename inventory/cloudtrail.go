package inventory

import "time"

// Trail is an AWS::CloudTrail::Trail, as cloudtrail:DescribeTrails,
// GetTrailStatus, GetEventSelectors and GetInsightSelectors return it.
//
// A trail is listed once, in its home region of the account that owns it
// (the account in its ARN). A multi-region trail is not repeated in its
// other regions. A source that scans a member account alone may also list an
// organization trail it sees there (its ARN names the management account):
// checks judge a trail's settings only in the account that owns it, and use
// such copies only to know that the account is covered.
type Trail struct {
	Meta `json:",inline"`
	// HomeRegion is the region the trail was created in.
	HomeRegion string `json:"homeRegion,omitzero"`
	// IsMultiRegionTrail is true when the trail records events of every region.
	IsMultiRegionTrail bool `json:"isMultiRegionTrail,omitzero"`
	// IsOrganizationTrail is true when the trail records the events of every
	// account of the organization (it is owned by the management account or a
	// delegated administrator).
	IsOrganizationTrail bool `json:"isOrganizationTrail,omitzero"`
	// IncludeGlobalServiceEvents is true when events of global services (IAM,
	// STS, CloudFront) are recorded.
	IncludeGlobalServiceEvents bool `json:"includeGlobalServiceEvents,omitzero"`
	// LogFileValidationEnabled is true when CloudTrail writes signed digest
	// files; nil: not read.
	LogFileValidationEnabled *bool `json:"logFileValidationEnabled,omitzero"`
	// KMSKeyID is the ARN of the KMS key that encrypts the log files (SSE-KMS);
	// empty: SSE-S3 only; nil: not read.
	KMSKeyID *string `json:"kmsKeyId,omitzero"`
	// S3BucketName is the bucket the log files are delivered to.
	S3BucketName string `json:"s3BucketName,omitzero"`
	// S3KeyPrefix is the key prefix of the log files in the bucket.
	S3KeyPrefix string `json:"s3KeyPrefix,omitzero"`
	// SNSTopicARN is the topic notified of each log file delivery.
	SNSTopicARN string `json:"snsTopicArn,omitzero"`
	// CloudWatchLogsLogGroupARN is the log group the trail also delivers to
	// ("arn:aws:logs:us-east-1:111122223333:log-group:NAME:*"); empty: none;
	// nil: not read.
	CloudWatchLogsLogGroupARN *string `json:"cloudWatchLogsLogGroupArn,omitzero"`
	// CloudWatchLogsRoleARN is the role CloudTrail assumes to write to the log group.
	CloudWatchLogsRoleARN string `json:"cloudWatchLogsRoleArn,omitzero"`
	// HasCustomEventSelectors is true when the trail has (basic or advanced)
	// event selectors other than the default.
	HasCustomEventSelectors bool `json:"hasCustomEventSelectors,omitzero"`
	// HasInsightSelectors is true when CloudTrail Insights is on.
	HasInsightSelectors bool `json:"hasInsightSelectors,omitzero"`
	// Status is the trail's delivery status (GetTrailStatus); nil: not read.
	Status *TrailStatus `json:"status,omitzero"`
	// Selectors are the trail's event selectors (GetEventSelectors); nil: not read.
	Selectors *TrailSelectors `json:"selectors,omitzero"`
	// InsightSelectors are the Insights event types recorded (GetInsightSelectors).
	InsightSelectors []TrailInsightSelector `json:"insightSelectors,omitzero"`
}

// Type returns "AWS::CloudTrail::Trail".
func (*Trail) Type() string { return "AWS::CloudTrail::Trail" }

// TrailStatus is what cloudtrail:GetTrailStatus returns.
type TrailStatus struct {
	// IsLogging is true while the trail records events.
	IsLogging                         bool      `json:"isLogging"`
	StartLoggingTime                  time.Time `json:"startLoggingTime,omitzero"`
	StopLoggingTime                   time.Time `json:"stopLoggingTime,omitzero"`
	LatestDeliveryTime                time.Time `json:"latestDeliveryTime,omitzero"`
	LatestDeliveryError               string    `json:"latestDeliveryError,omitzero"` // "AccessDenied", "NoSuchBucket", ...
	LatestDigestDeliveryTime          time.Time `json:"latestDigestDeliveryTime,omitzero"`
	LatestDigestDeliveryError         string    `json:"latestDigestDeliveryError,omitzero"`
	LatestCloudWatchLogsDeliveryTime  time.Time `json:"latestCloudWatchLogsDeliveryTime,omitzero"`
	LatestCloudWatchLogsDeliveryError string    `json:"latestCloudWatchLogsDeliveryError,omitzero"`
	LatestNotificationError           string    `json:"latestNotificationError,omitzero"`
}

// TrailSelectors are a trail's event selectors: either basic EventSelectors
// or AdvancedEventSelectors (a trail uses one kind or the other). Both empty
// means the default: all management events, read and write.
type TrailSelectors struct {
	EventSelectors         []EventSelector         `json:"eventSelectors,omitzero"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"advancedEventSelectors,omitzero"`
}

// EventSelector is one basic event selector of a trail.
type EventSelector struct {
	// ReadWriteType is "All", "ReadOnly" or "WriteOnly".
	ReadWriteType string `json:"readWriteType"`
	// IncludeManagementEvents is true when management events are recorded.
	IncludeManagementEvents bool `json:"includeManagementEvents"`
	// ExcludeManagementEventSources are event sources left out
	// ("kms.amazonaws.com", "rdsdata.amazonaws.com").
	ExcludeManagementEventSources []string `json:"excludeManagementEventSources,omitzero"`
	// DataResources are the data events recorded.
	DataResources []DataResource `json:"dataResources,omitzero"`
}

// DataResource selects data events of one resource type.
type DataResource struct {
	// Type is "AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table".
	Type string `json:"type"`
	// Values are ARN prefixes: "arn:aws:s3" (every bucket),
	// "arn:aws:s3:::bucket/" (one bucket), "arn:aws:s3:::bucket/prefix".
	Values []string `json:"values,omitzero"`
}

// AdvancedEventSelector is one advanced event selector: events match when
// every field selector matches.
type AdvancedEventSelector struct {
	Name           string                  `json:"name,omitzero"`
	FieldSelectors []AdvancedFieldSelector `json:"fieldSelectors"`
}

// AdvancedFieldSelector is a condition on one event field
// ("eventCategory", "resources.type", "readOnly", "eventName",
// "resources.ARN", "eventSource").
type AdvancedFieldSelector struct {
	Field         string   `json:"field"`
	Equals        []string `json:"equals,omitzero"`
	NotEquals     []string `json:"notEquals,omitzero"`
	StartsWith    []string `json:"startsWith,omitzero"`
	NotStartsWith []string `json:"notStartsWith,omitzero"`
	EndsWith      []string `json:"endsWith,omitzero"`
	NotEndsWith   []string `json:"notEndsWith,omitzero"`
}

// TrailInsightSelector is one CloudTrail Insights event type recorded.
type TrailInsightSelector struct {
	// InsightType is "ApiCallRateInsight" or "ApiErrorRateInsight".
	InsightType string `json:"insightType"`
}
