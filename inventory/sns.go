package inventory

// SNSTopic is an AWS::SNS::Topic.
type SNSTopic struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SNS::Topic".
func (*SNSTopic) Type() string { return "AWS::SNS::Topic" }
