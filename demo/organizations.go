package demo

import "github.com/awssec/awssec/inventory"

const (
	orgRootID = "r-a1b2"
	ouProd    = "ou-a1b2-k8h3n5p1"
	ouDev     = "ou-a1b2-d3v4q9x2"
)

// The organization o-a1b2c3d4e5: the management account under the root,
// prod in the Prod OU and dev in the Dev OU. The only SCP beyond
// FullAWSAccess denies leaving the organization and tampering with
// CloudTrail and GuardDuty, and it is attached to Prod alone:
// organizations-scp-guardrails passes for prod and fails for dev.
func addOrganizations(b *builder) {
	o := b.e.Organization
	orgARN := "arn:aws:organizations::" + ManagementAccount + ":"
	o.ARN = orgARN + "organization/" + OrgID
	o.FeatureSet = "ALL"
	o.Root = &inventory.OrgRoot{
		Meta:        meta("organizations:ListRoots", orgRootID, orgARN+"root/"+OrgID+"/"+orgRootID, "Root"),
		PolicyTypes: []string{inventory.ServiceControlPolicy, inventory.TagPolicy, inventory.BackupPolicy},
	}
	o.OrganizationalUnits = []*inventory.OrganizationalUnit{
		{Meta: meta("organizations:ListOrganizationalUnitsForParent", ouProd, orgARN+"ou/"+OrgID+"/"+ouProd, "Prod"), ParentID: orgRootID},
		{Meta: meta("organizations:ListOrganizationalUnitsForParent", ouDev, orgARN+"ou/"+OrgID+"/"+ouDev, "Dev"), ParentID: orgRootID},
	}
	account := func(id, name, parent string, joined int) *inventory.OrgAccount {
		return &inventory.OrgAccount{
			Meta:        meta("organizations:ListAccounts", id, orgARN+"account/"+OrgID+"/"+id, name),
			EmailDomain: "acme.example", Status: "ACTIVE", JoinedMethod: "CREATED", JoinedTimestamp: daysAgo(joined), ParentID: parent,
		}
	}
	o.Accounts = []*inventory.OrgAccount{
		account(ManagementAccount, "management", orgRootID, 1100),
		account(ProdAccount, "prod", ouProd, 1000),
		account(DevAccount, "dev", ouDev, 950),
	}
	policy := func(id, name, typ, content string, awsManaged bool, targets ...inventory.PolicyTarget) *inventory.OrgPolicy {
		p := &inventory.OrgPolicy{
			Meta:       meta("organizations:DescribePolicy", id, orgARN+"policy/"+OrgID+"/"+policyARNType(typ)+"/"+id, name),
			PolicyType: typ, AWSManaged: awsManaged, Content: content, Targets: targets,
		}
		if awsManaged {
			p.ARN = "arn:aws:organizations::aws:policy/" + policyARNType(typ) + "/" + id
		}
		return p
	}
	root := inventory.PolicyTarget{TargetID: orgRootID, Type: "ROOT", Name: "Root"}
	prod := inventory.PolicyTarget{TargetID: ouProd, Type: "ORGANIZATIONAL_UNIT", Name: "Prod"}
	dev := inventory.PolicyTarget{TargetID: ouDev, Type: "ORGANIZATIONAL_UNIT", Name: "Dev"}
	accountTarget := func(id, name string) inventory.PolicyTarget {
		return inventory.PolicyTarget{TargetID: id, Type: "ACCOUNT", Name: name}
	}
	o.Policies = []*inventory.OrgPolicy{
		// Organizations attaches FullAWSAccess to the root, every OU and every
		// account when SCPs are enabled: every level must allow for anything
		// to be allowed, so a level with only Deny SCPs would deny everything.
		policy("p-FullAWSAccess", "FullAWSAccess", inventory.ServiceControlPolicy,
			iamDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`), true, root, prod, dev,
			accountTarget(ManagementAccount, "management"), accountTarget(ProdAccount, "prod"), accountTarget(DevAccount, "dev")),
		policy("p-7x8y9z0a1b", "DenyLeaveOrgAndSecurityTampering", inventory.ServiceControlPolicy, iamDoc(
			`{"Sid":"DenyLeaveOrganization","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}`,
			`{"Sid":"ProtectCloudTrail","Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail","cloudtrail:UpdateTrail","cloudtrail:PutEventSelectors"],"Resource":"*",`+
				`"Condition":{"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/OrganizationAccountAccessRole"}}}`,
			`{"Sid":"ProtectGuardDuty","Effect":"Deny","Action":["guardduty:DeleteDetector","guardduty:DisassociateFromAdministratorAccount","guardduty:UpdateDetector"],"Resource":"*"}`),
			false, prod),
		policy("p-95ouabcd12", "acme-cost-center-tags", inventory.TagPolicy,
			`{"tags":{"CostCenter":{"tag_key":{"@@assign":"CostCenter"},"enforced_for":{"@@assign":["ec2:instance","s3:bucket"]}}}}`, false, root),
		policy("p-b1a2c3d4e5", "prod-daily-backups", inventory.BackupPolicy,
			`{"plans":{"prod-daily":{"regions":{"@@assign":["us-east-1","eu-west-1"]},"rules":{"daily":{"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"},`+
				`"target_backup_vault_name":{"@@assign":"prod-vault"},"lifecycle":{"delete_after_days":{"@@assign":"35"}}}},`+
				`"selections":{"tags":{"backup":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/AWSBackupDefaultServiceRole"},"tag_key":{"@@assign":"backup"},"tag_value":{"@@assign":["daily"]}}}}}}}`,
			false, prod),
	}
}

// policyARNType is the policy type as it appears in policy ARNs.
func policyARNType(typ string) string {
	switch typ {
	case inventory.ServiceControlPolicy:
		return "service_control_policy"
	case inventory.TagPolicy:
		return "tag_policy"
	case inventory.BackupPolicy:
		return "backup_policy"
	case inventory.ResourceControlPolicy:
		return "resource_control_policy"
	}
	return "policy"
}
