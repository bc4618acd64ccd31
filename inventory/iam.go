package inventory

// IAMUser is an AWS::IAM::User.
type IAMUser struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::User".
func (*IAMUser) Type() string { return "AWS::IAM::User" }

// IAMGroup is an AWS::IAM::Group.
type IAMGroup struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::Group".
func (*IAMGroup) Type() string { return "AWS::IAM::Group" }

// IAMRole is an AWS::IAM::Role.
type IAMRole struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::Role".
func (*IAMRole) Type() string { return "AWS::IAM::Role" }

// IAMPolicy is an AWS::IAM::Policy.
type IAMPolicy struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::Policy".
func (*IAMPolicy) Type() string { return "AWS::IAM::Policy" }

// IAMInstanceProfile is an AWS::IAM::InstanceProfile.
type IAMInstanceProfile struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::InstanceProfile".
func (*IAMInstanceProfile) Type() string { return "AWS::IAM::InstanceProfile" }

// IAMServerCertificate is an AWS::IAM::ServerCertificate.
type IAMServerCertificate struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::ServerCertificate".
func (*IAMServerCertificate) Type() string { return "AWS::IAM::ServerCertificate" }

// IAMPasswordPolicy is an AWS::IAM::PasswordPolicy.
type IAMPasswordPolicy struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::PasswordPolicy".
func (*IAMPasswordPolicy) Type() string { return "AWS::IAM::PasswordPolicy" }

// IAMRoot is an AWS::IAM::Root.
type IAMRoot struct {
	Meta `json:",inline"`
}

// Type returns "AWS::IAM::Root".
func (*IAMRoot) Type() string { return "AWS::IAM::Root" }
