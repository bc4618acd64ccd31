package inventory

// ConfigRecorder is an AWS::Config::ConfigurationRecorder.
type ConfigRecorder struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Config::ConfigurationRecorder".
func (*ConfigRecorder) Type() string { return "AWS::Config::ConfigurationRecorder" }

// ConfigDeliveryChannel is an AWS::Config::DeliveryChannel.
type ConfigDeliveryChannel struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Config::DeliveryChannel".
func (*ConfigDeliveryChannel) Type() string { return "AWS::Config::DeliveryChannel" }

// ConfigRule is an AWS::Config::ConfigRule.
type ConfigRule struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Config::ConfigRule".
func (*ConfigRule) Type() string { return "AWS::Config::ConfigRule" }

// ConfigAggregator is an AWS::Config::ConfigurationAggregator.
type ConfigAggregator struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Config::ConfigurationAggregator".
func (*ConfigAggregator) Type() string { return "AWS::Config::ConfigurationAggregator" }
