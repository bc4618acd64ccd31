package inventory

// SNSTopic is an AWS::SNS::Topic.
type SNSTopic struct {
	Meta `json:",inline"`
	// Policy is the topic's access policy document (JSON text).
	Policy string `json:"policy,omitzero"`
	// KMSMasterKeyID is the KMS key that encrypts messages at rest; empty: not encrypted.
	KMSMasterKeyID *string `json:"kmsMasterKeyId,omitzero"`
	// Subscriptions are the topic's subscriptions; nil: not read.
	Subscriptions []SNSSubscription `json:"subscriptions,omitzero"`
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
