package inventory

// SNSTopic is an AWS::SNS::Topic (sns:ListTopics, sns:GetTopicAttributes,
// sns:ListSubscriptionsByTopic).
type SNSTopic struct {
	Meta `json:",inline"`
	// Policy is the topic's access policy document (JSON text); unknown
	// when "policy" is listed in Unread.
	Policy string `json:"policy,omitzero"`
	// KMSMasterKeyID is the KMS key that encrypts messages at rest; empty: not encrypted; nil: not read.
	KMSMasterKeyID *string `json:"kmsMasterKeyId,omitzero"`
	// Subscriptions are the topic's subscriptions; nil: not read.
	Subscriptions []SNSSubscription `json:"subscriptions,omitzero"`
	// FIFO is true for a FIFO topic (name ends in .fifo).
	FIFO bool `json:"fifo,omitzero"`
}

// SNSSubscription is one subscription of a topic. Endpoints of protocol
// email are kept; http(s) endpoints keep scheme and host only.
type SNSSubscription struct {
	ARN      string `json:"arn,omitzero"` // "PendingConfirmation" until confirmed
	Protocol string `json:"protocol"`     // "email", "sqs", "lambda", "https", ...
	Endpoint string `json:"endpoint,omitzero"`
	// Pending is true while the subscription awaits confirmation.
	Pending bool `json:"pending,omitzero"`
}

// Type returns "AWS::SNS::Topic".
func (*SNSTopic) Type() string { return "AWS::SNS::Topic" }
