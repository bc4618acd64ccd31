package inventory

// Trail is an AWS::CloudTrail::Trail.
type Trail struct {
	Meta `json:",inline"`
}

// Type returns "AWS::CloudTrail::Trail".
func (*Trail) Type() string { return "AWS::CloudTrail::Trail" }
