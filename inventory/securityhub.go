package inventory

// SecurityHub is an AWS::SecurityHub::Hub.
type SecurityHub struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SecurityHub::Hub".
func (*SecurityHub) Type() string { return "AWS::SecurityHub::Hub" }
