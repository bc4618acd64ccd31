package inventory

import (
	"time"
)

// SSOInstance is an AWS::SSO::Instance: an IAM Identity Center instance. It
// lives in the account that owns it (the management account, or a delegated
// administrator) and serves every account of the organization.
type SSOInstance struct {
	Meta            `json:",inline"` // ID "ssoins-...", ARN "arn:aws:sso:::instance/ssoins-..."
	IdentityStoreID string           `json:"identityStoreId,omitzero"` // "d-906700aaaa"
	HomeRegion      string           `json:"homeRegion,omitzero"`      // the region the instance was enabled in
	Status          string           `json:"status,omitzero"`          // "ACTIVE", ...
	OwnerAccountID  string           `json:"ownerAccountId,omitzero"`
	CreatedDate     time.Time        `json:"createdDate,omitzero"`
}

// Type returns "AWS::SSO::Instance".
func (*SSOInstance) Type() string { return "AWS::SSO::Instance" }

// Permission set sub-lists a source may fail to read; named in Unread.
const (
	ListManagedPolicies         = "awsManagedPolicies"
	ListCustomerManagedPolicies = "customerManagedPolicies"
	ListInlinePolicy            = "inlinePolicy"
	ListPermissionsBoundary     = "permissionsBoundary"
	ListProvisionedAccounts     = "provisionedAccounts"
)

// SSOPermissionSet is an AWS::SSO::PermissionSet: a template of IAM
// permissions that Identity Center provisions as a role
// (AWSReservedSSO_<name>_<hash>) into each account it is assigned to.
type SSOPermissionSet struct {
	Meta        `json:",inline"` // ID "ps-...", ARN, Name
	InstanceARN string           `json:"instanceArn,omitzero"`
	Description string           `json:"description,omitzero"`
	// SessionDuration is an ISO 8601 duration ("PT1H", "PT12H"); empty: not read.
	SessionDuration string    `json:"sessionDuration,omitzero"`
	RelayState      string    `json:"relayState,omitzero"`
	CreatedDate     time.Time `json:"createdDate,omitzero"`
	// AWSManagedPolicies are the ARNs of the AWS managed policies attached.
	AWSManagedPolicies []string `json:"awsManagedPolicyArns,omitzero"`
	// CustomerManagedPolicies reference policies by name and path; each
	// account the set is provisioned to must hold a policy of that name.
	CustomerManagedPolicies []CustomerManagedPolicyReference `json:"customerManagedPolicyReferences,omitzero"`
	// InlinePolicy is the inline policy's JSON text; empty: none.
	InlinePolicy string `json:"inlinePolicy,omitzero"`
	// PermissionsBoundary is nil when the set has none.
	PermissionsBoundary *SSOPermissionsBoundary `json:"permissionsBoundary,omitzero"`
	// ProvisionedAccounts are the ids of the accounts the set is provisioned to.
	ProvisionedAccounts []string `json:"provisionedAccounts,omitzero"`
}

// CustomerManagedPolicyReference names a customer managed policy that a
// permission set attaches in every account it is provisioned to.
type CustomerManagedPolicyReference struct {
	Name string `json:"name"`
	Path string `json:"path,omitzero"` // "/" when empty
}

// SSOPermissionsBoundary is a permission set's permissions boundary: an AWS
// managed policy ARN or a customer managed policy reference.
type SSOPermissionsBoundary struct {
	ManagedPolicyARN               string                          `json:"managedPolicyArn,omitzero"`
	CustomerManagedPolicyReference *CustomerManagedPolicyReference `json:"customerManagedPolicyReference,omitzero"`
}

// Type returns "AWS::SSO::PermissionSet".
func (*SSOPermissionSet) Type() string { return "AWS::SSO::PermissionSet" }
