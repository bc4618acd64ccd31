package inventory

// SQSQueue is an AWS::SQS::Queue.
type SQSQueue struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SQS::Queue".
func (*SQSQueue) Type() string { return "AWS::SQS::Queue" }
