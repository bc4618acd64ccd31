package inventory

import "time"

// LogGroup is an AWS::Logs::LogGroup (logs:DescribeLogGroups). Its ID is the
// log group name.
type LogGroup struct {
	Meta `json:",inline"`
	// RetentionInDays is how long events are kept; 0 means never expire (the
	// API leaves the field out); nil: not read.
	RetentionInDays *int `json:"retentionInDays,omitzero"`
	// KMSKeyID is the ARN of the KMS key that encrypts the log group; empty:
	// encrypted with a CloudWatch Logs owned key only; nil: not read.
	KMSKeyID *string `json:"kmsKeyId,omitzero"`
	// LogGroupClass is "STANDARD" or "INFREQUENT_ACCESS".
	LogGroupClass string    `json:"logGroupClass,omitzero"`
	StoredBytes   int64     `json:"storedBytes,omitzero"`
	CreationTime  time.Time `json:"creationTime,omitzero"`
	// DataProtectionStatus is "ACTIVATED" when a data protection policy masks
	// sensitive data.
	DataProtectionStatus string `json:"dataProtectionStatus,omitzero"`
}

// Type returns "AWS::Logs::LogGroup".
func (*LogGroup) Type() string { return "AWS::Logs::LogGroup" }

// MetricFilter is an AWS::Logs::MetricFilter (logs:DescribeMetricFilters).
// Its ID is "LOG_GROUP_NAME:FILTER_NAME": filter names are unique per log
// group only.
type MetricFilter struct {
	Meta `json:",inline"`
	// FilterName is the filter's name.
	FilterName string `json:"filterName"`
	// LogGroupName is the log group the filter reads.
	LogGroupName string `json:"logGroupName"`
	// FilterPattern is the pattern text, as written:
	// `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`.
	FilterPattern string `json:"filterPattern"`
	// MetricTransformations are the metrics the filter publishes.
	MetricTransformations []MetricTransformation `json:"metricTransformations,omitzero"`
	CreationTime          time.Time              `json:"creationTime,omitzero"`
}

// Type returns "AWS::Logs::MetricFilter".
func (*MetricFilter) Type() string { return "AWS::Logs::MetricFilter" }

// MetricTransformation is one metric a metric filter publishes.
type MetricTransformation struct {
	MetricNamespace string `json:"metricNamespace"`
	MetricName      string `json:"metricName"`
	// MetricValue is what each matching event adds: "1", or a selector
	// such as "$.latency".
	MetricValue  string   `json:"metricValue,omitzero"`
	DefaultValue *float64 `json:"defaultValue,omitzero"`
	Unit         string   `json:"unit,omitzero"`
}

// Alarm is an AWS::CloudWatch::Alarm (cloudwatch:DescribeAlarms, metric
// alarms). Its ID is the alarm name.
type Alarm struct {
	Meta `json:",inline"`
	// Namespace and MetricName name the metric of a single-metric alarm;
	// both empty for a metric math alarm (see Metrics).
	Namespace  string           `json:"namespace,omitzero"`
	MetricName string           `json:"metricName,omitzero"`
	Dimensions []AlarmDimension `json:"dimensions,omitzero"`
	// Statistic is "Sum", "Average", "SampleCount", "Minimum" or "Maximum";
	// ExtendedStatistic is a percentile ("p99") instead.
	Statistic          string  `json:"statistic,omitzero"`
	ExtendedStatistic  string  `json:"extendedStatistic,omitzero"`
	Period             int     `json:"period,omitzero"` // seconds
	EvaluationPeriods  int     `json:"evaluationPeriods,omitzero"`
	DatapointsToAlarm  int     `json:"datapointsToAlarm,omitzero"`
	Threshold          float64 `json:"threshold"`
	ComparisonOperator string  `json:"comparisonOperator"` // "GreaterThanOrEqualToThreshold", ...
	TreatMissingData   string  `json:"treatMissingData,omitzero"`
	// ActionsEnabled is false when the alarm's actions are switched off: it
	// changes state but notifies no one.
	ActionsEnabled bool `json:"actionsEnabled"`
	// AlarmActions are the ARNs notified on entering ALARM (SNS topics,
	// Auto Scaling policies, EC2 actions, Systems Manager OpsItems).
	AlarmActions            []string `json:"alarmActions,omitzero"`
	OKActions               []string `json:"okActions,omitzero"`
	InsufficientDataActions []string `json:"insufficientDataActions,omitzero"`
	// StateValue is "OK", "ALARM" or "INSUFFICIENT_DATA".
	StateValue            string    `json:"stateValue,omitzero"`
	StateUpdatedTimestamp time.Time `json:"stateUpdatedTimestamp,omitzero"`
	// Metrics are the queries of a metric math alarm.
	Metrics []AlarmMetricQuery `json:"metrics,omitzero"`
}

// Type returns "AWS::CloudWatch::Alarm".
func (*Alarm) Type() string { return "AWS::CloudWatch::Alarm" }

// AlarmDimension is one dimension of an alarm's metric.
type AlarmDimension struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// AlarmMetricQuery is one query of a metric math alarm: a metric, or an
// expression over other queries.
type AlarmMetricQuery struct {
	ID         string `json:"id"`
	Expression string `json:"expression,omitzero"`
	// MetricStat is the metric read; nil for an expression.
	MetricStat *AlarmMetricStat `json:"metricStat,omitzero"`
	ReturnData bool             `json:"returnData,omitzero"`
}

// AlarmMetricStat is a metric and the statistic read from it.
type AlarmMetricStat struct {
	Namespace  string           `json:"namespace"`
	MetricName string           `json:"metricName"`
	Dimensions []AlarmDimension `json:"dimensions,omitzero"`
	Stat       string           `json:"stat"`
	Period     int              `json:"period,omitzero"`
}
