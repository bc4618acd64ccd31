package inventory

// SSOInstance is an AWS::SSO::Instance.
type SSOInstance struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SSO::Instance".
func (*SSOInstance) Type() string { return "AWS::SSO::Instance" }

// SSOPermissionSet is an AWS::SSO::PermissionSet.
type SSOPermissionSet struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SSO::PermissionSet".
func (*SSOPermissionSet) Type() string { return "AWS::SSO::PermissionSet" }
