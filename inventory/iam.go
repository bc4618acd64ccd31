package inventory

import (
	"time"
)

// IAM sub-lists that a source may fail to read for one principal while it
// read the principal itself. A source names them in the principal's Unread
// field; checks that need such a list report "not assessed" for it.
const (
	ListAccessKeys       = "accessKeys"
	ListMFADevices       = "mfaDevices"
	ListInlinePolicies   = "inlinePolicies"
	ListAttachedPolicies = "attachedPolicies"
	ListGroups           = "groups"
	ListInstanceProfiles = "instanceProfiles"
)

// InlinePolicy is a policy embedded in one user, group or role
// (GetUserPolicy / GetGroupPolicy / GetRolePolicy).
type InlinePolicy struct {
	PolicyName string `json:"policyName"`
	// PolicyDocument is the policy's JSON text, URL-decoded.
	PolicyDocument string `json:"policyDocument"`
}

// AttachedPolicy is a managed policy attached to a user, group or role
// (ListAttachedUserPolicies and friends).
type AttachedPolicy struct {
	PolicyName string `json:"policyName"`
	PolicyARN  string `json:"policyArn"`
}

// MFADevice is an MFA device assigned to an IAM user (ListMFADevices).
type MFADevice struct {
	// SerialNumber is the device's ARN for virtual and FIDO devices
	// ("arn:aws:iam::123456789012:mfa/alice") or the serial of a hardware token.
	SerialNumber string `json:"serialNumber"`
	// Type is "virtual", "hardware" (TOTP token) or "fido" (security key).
	Type       string    `json:"type"`
	EnableDate time.Time `json:"enableDate,omitzero"`
}

// AccessKey is an IAM user's access key (ListAccessKeys and
// GetAccessKeyLastUsed). Only the key id is ever stored: the secret access
// key is not returned by those APIs and never enters the inventory.
type AccessKey struct {
	AccessKeyID string    `json:"accessKeyId"` // "AKIAIOSFODNN7EXAMPLE"
	Status      string    `json:"status"`      // "Active" or "Inactive"
	CreateDate  time.Time `json:"createDate,omitzero"`
	// LastUsedDate is zero when the key was never used.
	LastUsedDate    time.Time `json:"lastUsedDate,omitzero"`
	LastUsedService string    `json:"lastUsedServiceName,omitzero"` // "s3"
	LastUsedRegion  string    `json:"lastUsedRegion,omitzero"`      // "us-east-1"
}

// Active reports whether the key can sign requests.
func (k AccessKey) Active() bool { return k.Status == "Active" }

// IAMUser is an AWS::IAM::User, with what ListUsers, the user's sub-resources
// and the credential report say about it.
type IAMUser struct {
	Meta       `json:",inline"`
	Path       string    `json:"path,omitzero"`
	UserID     string    `json:"userId,omitzero"` // "AIDA..."; the principal id CloudTrail records
	CreateDate time.Time `json:"createDate,omitzero"`
	// PasswordEnabled says whether the user has a console password (a login
	// profile). nil: not read.
	PasswordEnabled *bool `json:"passwordEnabled,omitzero"`
	// PasswordLastUsed is the last console sign-in; zero: never (or no
	// information, as the credential report puts it).
	PasswordLastUsed time.Time `json:"passwordLastUsed,omitzero"`
	// PasswordLastChanged is when the password was set or last changed.
	PasswordLastChanged time.Time      `json:"passwordLastChanged,omitzero"`
	MFADevices          []MFADevice    `json:"mfaDevices,omitzero"`
	AccessKeys          []AccessKey    `json:"accessKeys,omitzero"`
	InlinePolicies      []InlinePolicy `json:"inlinePolicies,omitzero"`
	// AttachedPolicies are the managed policies attached to the user directly.
	AttachedPolicies []AttachedPolicy `json:"attachedPolicies,omitzero"`
	// Groups are the names of the groups the user belongs to.
	Groups []string `json:"groups,omitzero"`
	// PermissionsBoundary is the ARN of the user's permissions boundary; empty: none.
	PermissionsBoundary string `json:"permissionsBoundaryArn,omitzero"`
}

// Type returns "AWS::IAM::User".
func (*IAMUser) Type() string { return "AWS::IAM::User" }

// IAMGroup is an AWS::IAM::Group.
type IAMGroup struct {
	Meta             `json:",inline"`
	Path             string           `json:"path,omitzero"`
	GroupID          string           `json:"groupId,omitzero"` // "AGPA..."
	CreateDate       time.Time        `json:"createDate,omitzero"`
	InlinePolicies   []InlinePolicy   `json:"inlinePolicies,omitzero"`
	AttachedPolicies []AttachedPolicy `json:"attachedPolicies,omitzero"`
}

// Type returns "AWS::IAM::Group".
func (*IAMGroup) Type() string { return "AWS::IAM::Group" }

// IAMRole is an AWS::IAM::Role.
type IAMRole struct {
	Meta        `json:",inline"`
	Path        string    `json:"path,omitzero"`   // "/aws-service-role/..." for service-linked roles
	RoleID      string    `json:"roleId,omitzero"` // "AROA..."
	CreateDate  time.Time `json:"createDate,omitzero"`
	Description string    `json:"description,omitzero"`
	// AssumeRolePolicyDocument is the trust policy's JSON text; empty: not read.
	AssumeRolePolicyDocument string `json:"assumeRolePolicyDocument,omitzero"`
	// MaxSessionDuration is the longest session, in seconds (3600 to 43200).
	MaxSessionDuration int `json:"maxSessionDuration,omitzero"`
	// PermissionsBoundary is the ARN of the role's permissions boundary; empty: none.
	PermissionsBoundary string           `json:"permissionsBoundaryArn,omitzero"`
	InlinePolicies      []InlinePolicy   `json:"inlinePolicies,omitzero"`
	AttachedPolicies    []AttachedPolicy `json:"attachedPolicies,omitzero"`
	// InstanceProfiles are the ARNs of the instance profiles holding the role.
	InstanceProfiles []string `json:"instanceProfileArns,omitzero"`
	// LastUsed is the role's RoleLastUsed; nil: not read.
	LastUsed *RoleLastUsed `json:"roleLastUsed,omitzero"`
	// ServiceLinked is true for roles that an AWS service created and owns
	// (path /aws-service-role/): their trust and permissions are AWS's.
	ServiceLinked bool `json:"serviceLinked,omitzero"`
}

// RoleLastUsed is when and where a role was last assumed.
type RoleLastUsed struct {
	LastUsedDate time.Time `json:"lastUsedDate,omitzero"` // zero: not used in the tracking period
	Region       string    `json:"region,omitzero"`
}

// Type returns "AWS::IAM::Role".
func (*IAMRole) Type() string { return "AWS::IAM::Role" }

// IAMPolicy is an AWS::IAM::Policy: a customer-managed policy, or an
// AWS-managed policy that is attached to something in the account.
type IAMPolicy struct {
	Meta             `json:",inline"` // ID is the PolicyId ("ANPA..."), ARN the policy ARN
	Path             string           `json:"path,omitzero"`
	AWSManaged       bool             `json:"awsManaged,omitzero"` // ARN in the "aws" account: arn:aws:iam::aws:policy/...
	DefaultVersionID string           `json:"defaultVersionId,omitzero"`
	// Document is the default version's JSON text; empty: not read.
	Document string `json:"document,omitzero"`
	// AttachmentCount is how many users, groups and roles it is attached to.
	AttachmentCount int       `json:"attachmentCount,omitzero"`
	CreateDate      time.Time `json:"createDate,omitzero"`
	UpdateDate      time.Time `json:"updateDate,omitzero"`
}

// Type returns "AWS::IAM::Policy".
func (*IAMPolicy) Type() string { return "AWS::IAM::Policy" }

// IAMInstanceProfile is an AWS::IAM::InstanceProfile: the container that
// hands a role's credentials to an EC2 instance.
type IAMInstanceProfile struct {
	Meta       `json:",inline"` // ID is the InstanceProfileId ("AIPA...")
	Path       string           `json:"path,omitzero"`
	CreateDate time.Time        `json:"createDate,omitzero"`
	// Roles are the names of the roles in the profile (at most one).
	Roles []string `json:"roles,omitzero"`
}

// Type returns "AWS::IAM::InstanceProfile".
func (*IAMInstanceProfile) Type() string { return "AWS::IAM::InstanceProfile" }

// IAMServerCertificate is an AWS::IAM::ServerCertificate: a TLS certificate
// uploaded to IAM for ELB or CloudFront.
type IAMServerCertificate struct {
	Meta       `json:",inline"` // ID is the ServerCertificateId, Name the certificate name
	Path       string           `json:"path,omitzero"`
	UploadDate time.Time        `json:"uploadDate,omitzero"`
	// Expiration is the certificate's notAfter; zero: not read.
	Expiration time.Time `json:"expiration,omitzero"`
}

// Type returns "AWS::IAM::ServerCertificate".
func (*IAMServerCertificate) Type() string { return "AWS::IAM::ServerCertificate" }

// IAMPasswordPolicy is an AWS::IAM::PasswordPolicy, the account's password
// policy for IAM users (GetAccountPasswordPolicy). When Present is false the
// account has no policy (NoSuchEntity) and IAM's defaults apply: the other
// fields are then zero.
type IAMPasswordPolicy struct {
	Meta                       `json:",inline"`
	Present                    bool `json:"present"`
	MinimumPasswordLength      int  `json:"minimumPasswordLength,omitzero"`
	RequireSymbols             bool `json:"requireSymbols,omitzero"`
	RequireNumbers             bool `json:"requireNumbers,omitzero"`
	RequireUppercaseCharacters bool `json:"requireUppercaseCharacters,omitzero"`
	RequireLowercaseCharacters bool `json:"requireLowercaseCharacters,omitzero"`
	AllowUsersToChangePassword bool `json:"allowUsersToChangePassword,omitzero"`
	ExpirePasswords            bool `json:"expirePasswords,omitzero"`
	// MaxPasswordAge is in days; 0: passwords never expire.
	MaxPasswordAge int `json:"maxPasswordAge,omitzero"`
	// PasswordReusePrevention is how many previous passwords cannot be reused; 0: reuse allowed.
	PasswordReusePrevention int `json:"passwordReusePrevention,omitzero"`
	// HardExpiry stops users from choosing a new password once theirs expired.
	HardExpiry bool `json:"hardExpiry,omitzero"`
}

// Type returns "AWS::IAM::PasswordPolicy".
func (*IAMPasswordPolicy) Type() string { return "AWS::IAM::PasswordPolicy" }

// IAMRoot is an AWS::IAM::Root: the account's root user, as GetAccountSummary,
// ListVirtualMFADevices and the credential report's <root_account> row see it.
type IAMRoot struct {
	Meta `json:",inline"` // ID is the account id, ARN "arn:aws:iam::123456789012:root"
	// PasswordPresent is AccountPasswordPresent: false when the root password
	// was removed (centralised root access in AWS Organizations). nil: not read.
	PasswordPresent *bool `json:"passwordPresent,omitzero"`
	// MFAEnabled is AccountMFAEnabled. nil: not read.
	MFAEnabled *bool `json:"mfaEnabled,omitzero"`
	// HardwareMFA is true when root's MFA is a hardware or FIDO device, i.e.
	// no virtual device "arn:aws:iam::<account>:mfa/root-account-mfa-device"
	// exists. nil: not read.
	HardwareMFA *bool `json:"hardwareMfa,omitzero"`
	// AccessKeysPresent is AccountAccessKeysPresent. nil: not read.
	AccessKeysPresent *bool `json:"accessKeysPresent,omitzero"`
	// Activity is the credential report's root row; nil: not read.
	Activity *RootActivity `json:"activity,omitzero"`
}

// RootActivity is the root user's credential report row.
type RootActivity struct {
	// PasswordLastUsed is the last console sign-in as root; zero: never.
	PasswordLastUsed time.Time `json:"passwordLastUsed,omitzero"`
	// AccessKeyLastUsed is the latest use of either root access key; zero: never.
	AccessKeyLastUsed time.Time `json:"accessKeyLastUsed,omitzero"`
	AccessKey1Active  bool      `json:"accessKey1Active,omitzero"`
	AccessKey2Active  bool      `json:"accessKey2Active,omitzero"`
}

// Type returns "AWS::IAM::Root".
func (*IAMRoot) Type() string { return "AWS::IAM::Root" }
