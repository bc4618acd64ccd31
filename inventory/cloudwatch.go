package inventory

// LogGroup is an AWS::Logs::LogGroup.
type LogGroup struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Logs::LogGroup".
func (*LogGroup) Type() string { return "AWS::Logs::LogGroup" }

// MetricFilter is an AWS::Logs::MetricFilter.
type MetricFilter struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Logs::MetricFilter".
func (*MetricFilter) Type() string { return "AWS::Logs::MetricFilter" }

// Alarm is an AWS::CloudWatch::Alarm.
type Alarm struct {
	Meta `json:",inline"`
}

// Type returns "AWS::CloudWatch::Alarm".
func (*Alarm) Type() string { return "AWS::CloudWatch::Alarm" }
