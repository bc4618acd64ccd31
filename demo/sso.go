package demo

import "github.com/awssec/awssec/inventory"

const (
	ssoInstanceID  = "ssoins-7223a1b2c3d4e5f6"
	ssoInstanceARN = "arn:aws:sso:::instance/" + ssoInstanceID
)

// IAM Identity Center lives in the management account. The
// AdministratorAccess permission set is provisioned to every account,
// management included, with 12-hour sessions: it fails
// sso-permission-set-admin (critical) and sso-permission-set-session-duration.
// ReadOnly (4-hour sessions, prod and dev only) passes both.
func addSSO(b *builder) {
	res := &b.account(ManagementAccount).Resources
	res.SSOInstances = append(res.SSOInstances, &inventory.SSOInstance{
		Meta:            meta("sso:ListInstances", ssoInstanceID, ssoInstanceARN, "acme"),
		IdentityStoreID: "d-9067a1b2c3", HomeRegion: East, Status: "ACTIVE", OwnerAccountID: ManagementAccount,
		CreatedDate: daysAgo(700),
	})
	ps := func(id, name, duration string) *inventory.SSOPermissionSet {
		return &inventory.SSOPermissionSet{
			Meta:        meta("sso:DescribePermissionSet", id, "arn:aws:sso:::permissionSet/"+ssoInstanceID+"/"+id, name),
			InstanceARN: ssoInstanceARN, SessionDuration: duration, CreatedDate: daysAgo(690),
		}
	}
	admin := ps("ps-a1b2c3d4e5f60001", "AdministratorAccess", "PT12H")
	admin.Description = "Full access for the platform team"
	admin.AWSManagedPolicies = []string{arnAdministratorAccess}
	admin.ProvisionedAccounts = []string{ManagementAccount, ProdAccount, DevAccount}
	readOnly := ps("ps-a1b2c3d4e5f60002", "ReadOnly", "PT4H")
	readOnly.Description = "Read-only access for developers and support"
	readOnly.AWSManagedPolicies = []string{arnReadOnlyAccess}
	readOnly.InlinePolicy = iamDoc(`{"Sid":"DenySecretValues","Effect":"Deny","Action":["secretsmanager:GetSecretValue","ssm:GetParameter*"],"Resource":"*"}`)
	readOnly.ProvisionedAccounts = []string{ProdAccount, DevAccount}
	res.SSOPermissionSets = append(res.SSOPermissionSets, admin, readOnly)
}
