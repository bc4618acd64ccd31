package inventory

// SQSQueue is an AWS::SQS::Queue (sqs:ListQueues, sqs:GetQueueAttributes).
type SQSQueue struct {
	Meta `json:",inline"`
	URL  string `json:"url,omitzero"`
	// Policy is the queue's access policy (JSON text); empty: none, unless
	// "policy" is listed in Unread.
	Policy string `json:"policy,omitzero"`
	// SQSManagedSSEEnabled is SSE with SQS-owned keys (SSE-SQS); nil: the
	// attributes were not read.
	SQSManagedSSEEnabled *bool `json:"sqsManagedSseEnabled,omitzero"`
	// KMSMasterKeyID is the KMS key of SSE-KMS; empty: no SSE-KMS.
	KMSMasterKeyID string `json:"kmsMasterKeyId,omitzero"`
	// RedrivePolicy names the dead-letter queue; nil: none.
	RedrivePolicy *SQSRedrivePolicy `json:"redrivePolicy,omitzero"`
	FIFO          bool              `json:"fifo,omitzero"`
	// MessageRetentionPeriod is in seconds.
	MessageRetentionPeriod int `json:"messageRetentionPeriod,omitzero"`
}

// SQSRedrivePolicy sends messages that fail MaxReceiveCount times to a
// dead-letter queue.
type SQSRedrivePolicy struct {
	DeadLetterTargetARN string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount,omitzero"`
}

// Type returns "AWS::SQS::Queue".
func (*SQSQueue) Type() string { return "AWS::SQS::Queue" }
