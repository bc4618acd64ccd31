package inventory

import "time"

// Organization is the AWS Organizations view of the estate
// (DescribeOrganization, ListRoots, ListAccounts, the OU tree and the
// policies with their targets), as the management account or a delegated
// administrator sees it.
type Organization struct {
	ID                string `json:"id"` // "o-a1b2c3d4e5"
	ManagementAccount string `json:"managementAccount"`
	ARN               string `json:"arn,omitzero"`
	// FeatureSet is "ALL" or "CONSOLIDATED_BILLING"; policies (SCPs, RCPs,
	// tag and backup policies) need "ALL". Empty: not read.
	FeatureSet string `json:"featureSet,omitzero"`
	// Root is the organization's root, the top of the OU tree.
	Root *OrgRoot `json:"root,omitzero"`
	// Accounts are the member accounts, the management account included.
	Accounts []*OrgAccount `json:"accounts,omitzero"`
	// OrganizationalUnits is the OU tree, flattened: each OU names its parent.
	OrganizationalUnits []*OrganizationalUnit `json:"organizationalUnits,omitzero"`
	// Policies are the organization's policies of every enabled type.
	Policies []*OrgPolicy `json:"policies,omitzero"`
	// Gaps lists the organization resource types that could not be read
	// ("AWS::Organizations::Policy" when ListPolicies was denied).
	Gaps []Gap `json:"gaps,omitzero"`
}

// OrgRoot is the root of an organization.
type OrgRoot struct {
	Meta `json:",inline"` // ID "r-a1b2"
	// PolicyTypes are the policy types enabled on the root
	// ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY").
	PolicyTypes []string `json:"policyTypes,omitzero"`
}

// Type returns "AWS::Organizations::Root".
func (*OrgRoot) Type() string { return "AWS::Organizations::Root" }

// OrgAccount is an AWS::Organizations::Account: one account of the organization.
type OrgAccount struct {
	Meta `json:",inline"` // ID is the account id, Name the account name
	// EmailDomain is the domain of the account's root e-mail address; the
	// address itself is not stored.
	EmailDomain     string    `json:"emailDomain,omitzero"`
	Status          string    `json:"status,omitzero"`       // "ACTIVE", "SUSPENDED", "PENDING_CLOSURE"
	JoinedMethod    string    `json:"joinedMethod,omitzero"` // "CREATED" or "INVITED"
	JoinedTimestamp time.Time `json:"joinedTimestamp,omitzero"`
	// ParentID is the id of the OU ("ou-...") or root ("r-...") that holds the account.
	ParentID string `json:"parentId,omitzero"`
}

// Type returns "AWS::Organizations::Account".
func (*OrgAccount) Type() string { return "AWS::Organizations::Account" }

// OrganizationalUnit is an AWS::Organizations::OrganizationalUnit.
type OrganizationalUnit struct {
	Meta `json:",inline"` // ID "ou-a1b2-...", Name "Prod"
	// ParentID is the id of the parent OU or of the root.
	ParentID string `json:"parentId"`
}

// Type returns "AWS::Organizations::OrganizationalUnit".
func (*OrganizationalUnit) Type() string { return "AWS::Organizations::OrganizationalUnit" }

// OrgPolicy is an AWS::Organizations::Policy: a service control policy,
// resource control policy, tag policy or backup policy, and where it is attached.
type OrgPolicy struct {
	Meta `json:",inline"` // ID "p-...", Name
	// PolicyType is "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY",
	// "TAG_POLICY", "BACKUP_POLICY" or "AISERVICES_OPT_OUT_POLICY".
	PolicyType  string `json:"type"`
	Description string `json:"description,omitzero"`
	// AWSManaged is true for policies AWS provides (FullAWSAccess, RCPFullAWSAccess).
	AWSManaged bool `json:"awsManaged,omitzero"`
	// Content is the policy document's JSON text; empty: not read.
	Content string `json:"content,omitzero"`
	// Targets are the roots, OUs and accounts the policy is attached to.
	Targets []PolicyTarget `json:"targets,omitzero"`
}

// Policy types of AWS Organizations.
const (
	ServiceControlPolicy  = "SERVICE_CONTROL_POLICY"
	ResourceControlPolicy = "RESOURCE_CONTROL_POLICY"
	TagPolicy             = "TAG_POLICY"
	BackupPolicy          = "BACKUP_POLICY"
)

// PolicyTarget is a root, OU or account a policy is attached to.
type PolicyTarget struct {
	TargetID string `json:"targetId"`      // "r-a1b2", "ou-a1b2-...", "123456789012"
	Type     string `json:"type"`          // "ROOT", "ORGANIZATIONAL_UNIT", "ACCOUNT"
	Name     string `json:"name,omitzero"` // the target's name
}

// Type returns "AWS::Organizations::Policy".
func (*OrgPolicy) Type() string { return "AWS::Organizations::Policy" }

// Account returns the organization's account with the given id, or nil.
func (o *Organization) Account(id string) *OrgAccount {
	for _, a := range o.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// OU returns the organizational unit with the given id, or nil.
func (o *Organization) OU(id string) *OrganizationalUnit {
	for _, ou := range o.OrganizationalUnits {
		if ou.ID == id {
			return ou
		}
	}
	return nil
}

// Ancestors returns the ids above an account or OU, nearest first, up to
// and including the root: the targets whose policies also apply to it.
func (o *Organization) Ancestors(parentID string) []string {
	var out []string
	for id := parentID; id != ""; {
		out = append(out, id)
		ou := o.OU(id)
		if ou == nil || len(out) > 64 { // the root, an unknown parent, or a cycle
			break
		}
		id = ou.ParentID
	}
	return out
}
