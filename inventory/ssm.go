package inventory

// SSMManagedInstance is an AWS::SSM::ManagedInstance.
type SSMManagedInstance struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SSM::ManagedInstance".
func (*SSMManagedInstance) Type() string { return "AWS::SSM::ManagedInstance" }
