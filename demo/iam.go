package demo

import (
	"strings"
	"time"

	"github.com/awssec/awssec/inventory"
)

// AWS managed policies the demo attaches. Their documents are shortened to
// the statements that matter to the checks (the real ReadOnlyAccess lists
// hundreds of actions); their ids are the real policy ids.
const (
	arnAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"
	arnReadOnlyAccess      = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	arnSecurityAudit       = "arn:aws:iam::aws:policy/SecurityAudit"
	arnAWSSupportAccess    = "arn:aws:iam::aws:policy/AWSSupportAccess"
)

var awsManagedPolicies = map[string]struct{ id, version, doc string }{
	arnAdministratorAccess: {"ANPAIWMBCKSKIEE64ZLYK", "v1", iamDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)},
	arnReadOnlyAccess: {"ANPAILL3HVNFSB6DCOWYQ", "v118", iamDoc(`{"Sid":"ReadOnlyActions","Effect":"Allow","Action":["ec2:Describe*","s3:Get*","s3:List*",` +
		`"iam:Get*","iam:List*","rds:Describe*","cloudtrail:Describe*","cloudtrail:LookupEvents","logs:Describe*","logs:Get*"],"Resource":"*"}`)},
	arnSecurityAudit: {"ANPAIX2T3QCXHR2OGGCTO", "v53", iamDoc(`{"Effect":"Allow","Action":["access-analyzer:List*","cloudtrail:DescribeTrails",` +
		`"cloudtrail:GetEventSelectors","config:Describe*","ec2:Describe*","guardduty:Get*","guardduty:List*","iam:GenerateCredentialReport",` +
		`"iam:Get*","iam:List*","kms:Describe*","kms:List*","organizations:Describe*","organizations:List*","s3:GetBucket*","s3:ListAllMyBuckets"],"Resource":"*"}`)},
	arnAWSSupportAccess: {"ANPAJSNKQX2OW67GF4S7E", "v1", iamDoc(`{"Effect":"Allow","Action":["support:*"],"Resource":"*"}`)},
}

// iamDoc wraps statements into a policy document.
func iamDoc(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// iamTrustDoc is a one-statement trust policy.
func iamTrustDoc(principal, action, condition string) string {
	s := `{"Effect":"Allow","Principal":` + principal + `,"Action":"` + action + `"`
	if condition != "" {
		s += `,"Condition":` + condition
	}
	return iamDoc(s + "}")
}

func attached(arns ...string) []inventory.AttachedPolicy {
	out := make([]inventory.AttachedPolicy, len(arns))
	for i, a := range arns {
		out[i] = inventory.AttachedPolicy{PolicyName: a[strings.LastIndex(a, "/")+1:], PolicyARN: a}
	}
	return out
}

func iamARN(account, resource string) string { return "arn:aws:iam::" + account + ":" + resource }

func iamUser(account, name, id string, created time.Time) *inventory.IAMUser {
	return &inventory.IAMUser{
		Meta: meta("iam:GetAccountAuthorizationDetails", id, iamARN(account, "user/"+name), name),
		Path: "/", UserID: id, CreateDate: created, PasswordEnabled: inventory.Ptr(false),
	}
}

func iamRole(account, name, id, trust string, created time.Time) *inventory.IAMRole {
	return &inventory.IAMRole{
		Meta: meta("iam:GetAccountAuthorizationDetails", id, iamARN(account, "role/"+name), name),
		Path: "/", RoleID: id, CreateDate: created, AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600,
		LastUsed: &inventory.RoleLastUsed{},
	}
}

func iamGroup(account, name, id string) *inventory.IAMGroup {
	return &inventory.IAMGroup{Meta: meta("iam:GetAccountAuthorizationDetails", id, iamARN(account, "group/"+name), name),
		Path: "/", GroupID: id, CreateDate: daysAgo(900)}
}

// awsPolicy is an AWS managed policy as listed in an account where it is
// attached to n principals.
func awsPolicy(arn string, n int) *inventory.IAMPolicy {
	p := awsManagedPolicies[arn]
	return &inventory.IAMPolicy{
		Meta: meta("iam:GetAccountAuthorizationDetails", p.id, arn, arn[strings.LastIndex(arn, "/")+1:]),
		Path: "/", AWSManaged: true, DefaultVersionID: p.version, Document: p.doc, AttachmentCount: n,
	}
}

func customerPolicy(account, name, id, doc string, n int) *inventory.IAMPolicy {
	return &inventory.IAMPolicy{
		Meta: meta("iam:GetAccountAuthorizationDetails", id, iamARN(account, "policy/"+name), name),
		Path: "/", DefaultVersionID: "v1", Document: doc, AttachmentCount: n, CreateDate: daysAgo(500), UpdateDate: daysAgo(120),
	}
}

func serviceLinkedRole(account, name, id, service string) *inventory.IAMRole {
	r := iamRole(account, name, id, iamTrustDoc(`{"Service":"`+service+`"}`, "sts:AssumeRole", ""), daysAgo(1000))
	r.Path, r.ServiceLinked = "/aws-service-role/"+service+"/", true
	r.ARN = iamARN(account, "role/aws-service-role/"+service+"/"+name)
	return r
}

func addIAM(b *builder) {
	addIAMManagement(b)
	addIAMProd(b)
	addIAMDev(b)
}

// The management account is the well-configured one: root locked away with
// a hardware key, a strict password policy, people with MFA, fresh keys, a
// support role and a service role pinned to its source account.
func addIAMManagement(b *builder) {
	a := b.account(ManagementAccount)
	res := &a.Resources

	// iam-root-*: hardware MFA, no access keys, last signed in 400 days ago.
	res.IAMRoot = &inventory.IAMRoot{
		Meta:            meta("iam:GetAccountSummary", ManagementAccount, iamARN(ManagementAccount, "root"), "<root_account>"),
		PasswordPresent: inventory.Ptr(true), MFAEnabled: inventory.Ptr(true), HardwareMFA: inventory.Ptr(true),
		AccessKeysPresent: inventory.Ptr(false), Activity: &inventory.RootActivity{PasswordLastUsed: daysAgo(400)},
	}
	// iam-password-policy-*: 16 characters, 24 remembered.
	res.IAMPasswordPolicy = &inventory.IAMPasswordPolicy{
		Meta:    meta("iam:GetAccountPasswordPolicy", ManagementAccount, "", "account-password-policy"),
		Present: true, MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true,
		RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true,
		ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24,
	}

	// Users that pass every user check: console with a security key and
	// permissions from a group; a service user with one 20-day-old key.
	auditor := iamUser(ManagementAccount, "security-auditor", "AIDAYMGMT7AUDITOR0001", daysAgo(620))
	auditor.PasswordEnabled, auditor.PasswordLastUsed, auditor.PasswordLastChanged = inventory.Ptr(true), daysAgo(2), daysAgo(60)
	auditor.MFADevices = []inventory.MFADevice{{SerialNumber: iamARN(ManagementAccount, "u2f/user/security-auditor/yubikey-5c-A1B2C3"), Type: "fido", EnableDate: daysAgo(600)}}
	auditor.Groups = []string{"SecurityAuditors"}
	backup := iamUser(ManagementAccount, "svc-backup-sync", "AIDAYMGMT7BACKUPSYNC1", daysAgo(300))
	backup.AccessKeys = []inventory.AccessKey{{AccessKeyID: "AKIAYMGMT7BKSYNC2Q4X", Status: "Active", CreateDate: daysAgo(20),
		LastUsedDate: daysAgo(0), LastUsedService: "s3", LastUsedRegion: West}}
	backup.Groups = []string{"BackupOperators"}
	res.IAMUsers = append(res.IAMUsers, auditor, backup)

	auditors := iamGroup(ManagementAccount, "SecurityAuditors", "AGPAYMGMT7SECAUDIT001")
	auditors.AttachedPolicies = attached(arnSecurityAudit)
	operators := iamGroup(ManagementAccount, "BackupOperators", "AGPAYMGMT7BACKUPOPS01")
	operators.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "backup-sync-s3", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::acme-mgmt-backup-sync","arn:aws:s3:::acme-mgmt-backup-sync/*"]}`)}}
	res.IAMGroups = append(res.IAMGroups, auditors, operators)

	// iam-support-role passes: AWSSupportRole, assumable with MFA only.
	support := iamRole(ManagementAccount, "AWSSupportRole", "AROAYMGMT7SUPPORT0001",
		iamTrustDoc(`{"AWS":"arn:aws:iam::`+ManagementAccount+`:root"}`, "sts:AssumeRole", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), daysAgo(700))
	support.AttachedPolicies = attached(arnAWSSupportAccess)
	// iam-role-service-trust-without-source-condition passes: the flow-logs
	// role pins aws:SourceAccount.
	flowLogs := iamRole(ManagementAccount, "vpc-flow-logs-role", "AROAYMGMT7FLOWLOGS001",
		iamTrustDoc(`{"Service":"vpc-flow-logs.amazonaws.com"}`, "sts:AssumeRole",
			`{"StringEquals":{"aws:SourceAccount":"`+ManagementAccount+`"},"ArnLike":{"aws:SourceArn":"arn:aws:ec2:*:`+ManagementAccount+`:vpc-flow-log/*"}}`), daysAgo(650))
	flowLogs.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "flow-logs-delivery", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"arn:aws:logs:*:` + ManagementAccount + `:log-group:/vpc/flow-logs:*"}`)}}
	flowLogs.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(0), Region: East}
	res.IAMRoles = append(res.IAMRoles, support, flowLogs,
		serviceLinkedRole(ManagementAccount, "AWSServiceRoleForSSO", "AROAYMGMT7SSOSLR00001", "sso.amazonaws.com"))

	// iam-policy-full-admin and iam-passrole-wildcard pass: a read-only
	// customer policy for the org auditors.
	res.IAMPolicies = append(res.IAMPolicies,
		awsPolicy(arnSecurityAudit, 1), awsPolicy(arnAWSSupportAccess, 1),
		customerPolicy(ManagementAccount, "OrgAuditReadOnly", "ANPAYMGMT7ORGAUDIT001", iamDoc(
			`{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*","sso:Describe*","sso:List*"],"Resource":"*"}`), 0),
	)
}

// prod holds the shared story's people and roles: alice (console without
// MFA, a 400-day-old key, admin attached directly), the WordPress instance
// role, the third-party auditor trusted without an external id, a weak
// password policy, a root with only virtual MFA, and an expired certificate.
func addIAMProd(b *builder) {
	a := b.account(ProdAccount)
	res := &a.Resources

	// iam-root-hardware-mfa fails (virtual MFA); the other root checks pass.
	res.IAMRoot = &inventory.IAMRoot{
		Meta:            meta("iam:GetAccountSummary", ProdAccount, iamARN(ProdAccount, "root"), "<root_account>"),
		PasswordPresent: inventory.Ptr(true), MFAEnabled: inventory.Ptr(true), HardwareMFA: inventory.Ptr(false),
		AccessKeysPresent: inventory.Ptr(false), Activity: &inventory.RootActivity{PasswordLastUsed: daysAgo(200)},
	}
	// iam-password-policy-length and -reuse fail: 8 characters, 3 remembered.
	res.IAMPasswordPolicy = &inventory.IAMPasswordPolicy{
		Meta:    meta("iam:GetAccountPasswordPolicy", ProdAccount, "", "account-password-policy"),
		Present: true, MinimumPasswordLength: 8, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
		AllowUsersToChangePassword: true, PasswordReusePrevention: 3,
	}

	// alice fails console MFA, key rotation and direct policies.
	alice := iamUser(ProdAccount, "alice", "AIDAYPROD7ALICE000001", daysAgo(800))
	alice.PasswordEnabled, alice.PasswordLastUsed, alice.PasswordLastChanged = inventory.Ptr(true), daysAgo(3), daysAgo(410)
	alice.AccessKeys = []inventory.AccessKey{{AccessKeyID: "AKIAYPROD7ALICEK3Y9Q", Status: "Active", CreateDate: daysAgo(400),
		LastUsedDate: daysAgo(1), LastUsedService: "ec2", LastUsedRegion: East}}
	alice.AttachedPolicies = attached(arnAdministratorAccess)
	// bob passes every user check: hardware MFA, group permissions, no keys.
	bob := iamUser(ProdAccount, "bob", "AIDAYPROD7BOB00000001", daysAgo(500))
	bob.PasswordEnabled, bob.PasswordLastUsed, bob.PasswordLastChanged = inventory.Ptr(true), daysAgo(10), daysAgo(80)
	bob.MFADevices = []inventory.MFADevice{{SerialNumber: "GAHT12345678", Type: "hardware", EnableDate: daysAgo(480)}}
	bob.Groups = []string{"Developers"}
	// svc-reporting fails multiple active keys, rotation and unused credentials:
	// the old key was never retired after the new one was made.
	reporting := iamUser(ProdAccount, "svc-reporting", "AIDAYPROD7REPORTING01", daysAgo(700))
	reporting.AccessKeys = []inventory.AccessKey{
		{AccessKeyID: "AKIAYPROD7REPRT0LD7M", Status: "Active", CreateDate: daysAgo(200), LastUsedDate: daysAgo(120), LastUsedService: "athena", LastUsedRegion: East},
		{AccessKeyID: "AKIAYPROD7REPRTN3W2K", Status: "Active", CreateDate: daysAgo(30), LastUsedDate: daysAgo(1), LastUsedService: "athena", LastUsedRegion: East},
	}
	reporting.Groups = []string{"ReportingJobs"}
	res.IAMUsers = append(res.IAMUsers, alice, bob, reporting)

	developers := iamGroup(ProdAccount, "Developers", "AGPAYPROD7DEVELOPERS1")
	developers.AttachedPolicies = attached(arnReadOnlyAccess)
	developers.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "developer-self-service", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser","iam:CreateVirtualMFADevice","iam:EnableMFADevice"],"Resource":"arn:aws:iam::` + ProdAccount + `:user/${aws:username}"}`)}}
	admins := iamGroup(ProdAccount, "Admins", "AGPAYPROD7ADMINS00001")
	admins.AttachedPolicies = attached(iamARN(ProdAccount, "policy/LegacyAdminPolicy"))
	jobs := iamGroup(ProdAccount, "ReportingJobs", "AGPAYPROD7REPORTJOBS1")
	jobs.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "athena-reports", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["athena:StartQueryExecution","athena:GetQueryResults","s3:GetObject"],"Resource":["arn:aws:athena:us-east-1:` + ProdAccount +
			`:workgroup/reports","arn:aws:s3:::acme-prod-reports/*"]}`)}}
	res.IAMGroups = append(res.IAMGroups, developers, admins, jobs)

	// The WordPress instance role: EC2 trust (exempt from the source-condition
	// check), an inline policy reading the customer-data bucket (passes the
	// inline-admin check: not admin, but the data an SSRF would reach).
	profileARN := iamARN(ProdAccount, "instance-profile/wordpress-web")
	web := iamRole(ProdAccount, "wordpress-web-role", "AROAYPROD7WORDPRESS01",
		iamTrustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", ""), daysAgo(540))
	web.Description = "WordPress web tier (i-0a1b2c3d4e5f60001)"
	web.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "wordpress-media-read", PolicyDocument: iamDoc(
		`{"Sid":"ReadCustomerData","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::acme-prod-customer-data","arn:aws:s3:::acme-prod-customer-data/*"]}`)}}
	web.InstanceProfiles = []string{profileARN}
	web.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(0), Region: East}
	res.IAMInstanceProfiles = append(res.IAMInstanceProfiles, &inventory.IAMInstanceProfile{
		Meta: meta("iam:ListInstanceProfiles", "AIPAYPROD7WORDPRESS01", profileARN, "wordpress-web"),
		Path: "/", CreateDate: daysAgo(540), Roles: []string{"wordpress-web-role"},
	})

	// iam-role-cross-account-without-external-id fails: the auditor's
	// account root is trusted with no sts:ExternalId (the confused deputy).
	auditor := iamRole(ProdAccount, "ThirdPartyAuditRole", "AROAYPROD7AUDIT000001",
		iamTrustDoc(`{"AWS":"arn:aws:iam::999988887777:root"}`, "sts:AssumeRole", ""), daysAgo(300))
	auditor.AttachedPolicies = attached(arnSecurityAudit)
	auditor.MaxSessionDuration = 43200
	auditor.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(6), Region: East}
	// ... and passes for the monitoring vendor, which uses an external id.
	datadog := iamRole(ProdAccount, "DatadogIntegrationRole", "AROAYPROD7DATADOG0001",
		iamTrustDoc(`{"AWS":"arn:aws:iam::464622532012:root"}`, "sts:AssumeRole", `{"StringEquals":{"sts:ExternalId":"4f0c7d2a9e1b46c3a8d5e6f7a0b1c2d3"}}`), daysAgo(420))
	datadog.AttachedPolicies = attached(arnSecurityAudit)
	datadog.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(0), Region: East}
	// Created by AWS Organizations: trusted by the management account (inside
	// the organization), holding AdministratorAccess (iam-policy-full-admin).
	orgAccess := iamRole(ProdAccount, "OrganizationAccountAccessRole", "AROAYPROD7ORGACCESS01",
		iamTrustDoc(`{"AWS":"arn:aws:iam::`+ManagementAccount+`:root"}`, "sts:AssumeRole", ""), daysAgo(900))
	orgAccess.AttachedPolicies = attached(arnAdministratorAccess)
	support := iamRole(ProdAccount, "AWSSupportRole", "AROAYPROD7SUPPORT0001",
		iamTrustDoc(`{"AWS":"arn:aws:iam::`+ProdAccount+`:root"}`, "sts:AssumeRole", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), daysAgo(700))
	support.AttachedPolicies = attached(arnAWSSupportAccess)
	// iam-passrole-wildcard passes: the launcher may pass only the WordPress role, only to EC2.
	launcher := iamRole(ProdAccount, "ec2-launcher-role", "AROAYPROD7LAUNCHER001",
		iamTrustDoc(`{"Service":"codebuild.amazonaws.com"}`, "sts:AssumeRole", `{"StringEquals":{"aws:SourceAccount":"`+ProdAccount+`"}}`), daysAgo(250))
	launcher.AttachedPolicies = attached(iamARN(ProdAccount, "policy/Ec2LauncherPolicy"))
	// An attack path: a deployment vendor's account is trusted with no
	// sts:ExternalId (iam-role-cross-account-without-external-id) into a role
	// holding AdministratorAccess, so anyone who can make the vendor assume
	// it (the confused deputy) administers prod.
	vendor := iamRole(ProdAccount, "VendorDeployRole", "AROAYPROD7VENDORDPL01",
		iamTrustDoc(`{"AWS":"arn:aws:iam::999988887777:root"}`, "sts:AssumeRole", ""), daysAgo(200))
	vendor.AttachedPolicies = attached(arnAdministratorAccess)
	vendor.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(9), Region: East}
	res.IAMRoles = append(res.IAMRoles, web, auditor, datadog, orgAccess, support, launcher, vendor,
		serviceLinkedRole(ProdAccount, "AWSServiceRoleForRDS", "AROAYPROD7RDSSLR00001", "rds.amazonaws.com"))

	res.IAMPolicies = append(res.IAMPolicies,
		// iam-policy-full-admin fails: AdministratorAccess held by alice, OrganizationAccountAccessRole and VendorDeployRole.
		awsPolicy(arnAdministratorAccess, 3),
		awsPolicy(arnReadOnlyAccess, 1), awsPolicy(arnSecurityAudit, 2), awsPolicy(arnAWSSupportAccess, 1),
		// iam-policy-full-admin fails: "everything but billing" still includes iam:*.
		customerPolicy(ProdAccount, "LegacyAdminPolicy", "ANPAYPROD7LEGACYADM01", iamDoc(
			`{"Effect":"Allow","NotAction":["aws-portal:*","account:*"],"Resource":"*"}`), 1),
		customerPolicy(ProdAccount, "Ec2LauncherPolicy", "ANPAYPROD7EC2LAUNCH01", iamDoc(
			`{"Effect":"Allow","Action":["ec2:RunInstances","ec2:CreateTags"],"Resource":"*"}`,
			`{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::`+ProdAccount+`:role/wordpress-web-role","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}`), 1),
	)

	// iam-server-certificate-expired: one expired 40 days ago, one valid.
	res.IAMServerCertificates = append(res.IAMServerCertificates,
		&inventory.IAMServerCertificate{
			Meta: meta("iam:ListServerCertificates", "ASCAYPROD7LEGACYPRT01", iamARN(ProdAccount, "server-certificate/legacy-portal-2025"), "legacy-portal-2025"),
			Path: "/", UploadDate: daysAgo(405), Expiration: daysAgo(40),
		},
		&inventory.IAMServerCertificate{
			Meta: meta("iam:ListServerCertificates", "ASCAYPROD7WWWACME001", iamARN(ProdAccount, "server-certificate/cloudfront/www-acme-example-com-2027"), "www-acme-example-com-2027"),
			Path: "/cloudfront/", UploadDate: daysAgo(145), Expiration: Now.AddDate(0, 0, 220),
		},
	)
}

// dev is where things slipped: root with an access key and no MFA, no
// password policy, the ci-deploy user with an inline admin policy and a
// 400-day-old key, a contractor who left, LegacyOpenRole trusting "*", a
// Config role without source conditions, a pipeline policy passing any role,
// and no support role.
func addIAMDev(b *builder) {
	a := b.account(DevAccount)
	res := &a.Resources

	// iam-root-access-keys, -mfa, -hardware-mfa and -recent-use all fail.
	res.IAMRoot = &inventory.IAMRoot{
		Meta:            meta("iam:GetAccountSummary", DevAccount, iamARN(DevAccount, "root"), "<root_account>"),
		PasswordPresent: inventory.Ptr(true), MFAEnabled: inventory.Ptr(false), HardwareMFA: inventory.Ptr(false),
		AccessKeysPresent: inventory.Ptr(true),
		Activity:          &inventory.RootActivity{PasswordLastUsed: daysAgo(95), AccessKeyLastUsed: daysAgo(12), AccessKey1Active: true},
	}
	// iam-password-policy-*: no policy at all.
	res.IAMPasswordPolicy = &inventory.IAMPasswordPolicy{Meta: meta("iam:GetAccountPasswordPolicy", DevAccount, "", "account-password-policy")}

	// ci-deploy: 400-day-old key still in daily use, inline "*:*" (critical).
	ci := iamUser(DevAccount, "ci-deploy", "AIDAYDEV07CIDEPLOY001", daysAgo(410))
	ci.AccessKeys = []inventory.AccessKey{{AccessKeyID: "AKIAYDEV07CIDEPL0Y4N", Status: "Active", CreateDate: daysAgo(400),
		LastUsedDate: daysAgo(2), LastUsedService: "cloudformation", LastUsedRegion: West}}
	ci.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "ci-deploy-inline", PolicyDocument: iamDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}}
	// old-contractor: console without MFA, last signed in 200 days ago.
	contractor := iamUser(DevAccount, "old-contractor", "AIDAYDEV07CONTRACT001", daysAgo(600))
	contractor.PasswordEnabled, contractor.PasswordLastUsed, contractor.PasswordLastChanged = inventory.Ptr(true), daysAgo(200), daysAgo(590)
	contractor.AccessKeys = []inventory.AccessKey{{AccessKeyID: "AKIAYDEV07CNTRCT7P1Z", Status: "Inactive", CreateDate: daysAgo(590),
		LastUsedDate: daysAgo(230), LastUsedService: "s3", LastUsedRegion: West}}
	contractor.Groups = []string{"Developers"}
	res.IAMUsers = append(res.IAMUsers, ci, contractor)
	developers := iamGroup(DevAccount, "Developers", "AGPAYDEV07DEVELOPERS1")
	developers.AttachedPolicies = attached(arnReadOnlyAccess)
	res.IAMGroups = append(res.IAMGroups, developers)

	// iam-role-trust-any-principal (critical) and the cross-account check
	// fail: any AWS account can assume LegacyOpenRole.
	open := iamRole(DevAccount, "LegacyOpenRole", "AROAYDEV07LEGACYOPEN1",
		iamTrustDoc(`{"AWS":"*"}`, "sts:AssumeRole", ""), daysAgo(1200))
	open.Description = "temporary cross-account access for the 2023 migration"
	open.AttachedPolicies = attached(arnReadOnlyAccess)
	open.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(3), Region: West}
	// "*" pinned to the organization passes both.
	shared := iamRole(DevAccount, "OrgSharedReadRole", "AROAYDEV07ORGSHARED01",
		iamTrustDoc(`{"AWS":"*"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"`+OrgID+`"}}`), daysAgo(300))
	shared.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "read-public-assets", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::acme-dev-public-assets","arn:aws:s3:::acme-dev-public-assets/*"]}`)}}
	// iam-role-service-trust-without-source-condition fails: Config may be
	// pointed at this role by any Config customer.
	config := iamRole(DevAccount, "aws-config-delivery", "AROAYDEV07CONFIGDLV01",
		iamTrustDoc(`{"Service":"config.amazonaws.com"}`, "sts:AssumeRole", ""), daysAgo(800))
	config.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "config-delivery", PolicyDocument: iamDoc(
		`{"Effect":"Allow","Action":["s3:PutObject","s3:GetBucketAcl"],"Resource":["arn:aws:s3:::acme-dev-config","arn:aws:s3:::acme-dev-config/AWSLogs/` + DevAccount + `/*"]}`)}}
	// GitHub Actions deploys through OIDC pinned to one repository and
	// branch (passes the trust checks), but its policy may pass any role.
	github := iamRole(DevAccount, "github-actions-deploy", "AROAYDEV07GITHUBDPL01",
		iamTrustDoc(`{"Federated":"arn:aws:iam::`+DevAccount+`:oidc-provider/token.actions.githubusercontent.com"}`, "sts:AssumeRoleWithWebIdentity",
			`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/orders:ref:refs/heads/main"}}`), daysAgo(150))
	github.AttachedPolicies = attached(iamARN(DevAccount, "policy/DeployPipelinePolicy"))
	github.MaxSessionDuration = 3600
	orgAccess := iamRole(DevAccount, "OrganizationAccountAccessRole", "AROAYDEV07ORGACCESS01",
		iamTrustDoc(`{"AWS":"arn:aws:iam::`+ManagementAccount+`:root"}`, "sts:AssumeRole", ""), daysAgo(900))
	orgAccess.AttachedPolicies = attached(arnAdministratorAccess)
	// An attack path: the execution role of dev-report-export (whose URL and
	// API route need no authentication) holds AdministratorAccess.
	export := iamRole(DevAccount, "dev-report-export-role", "AROAYDEV07REPORTEXP01",
		iamTrustDoc(`{"Service":"lambda.amazonaws.com"}`, "sts:AssumeRole", ""), daysAgo(800))
	export.AttachedPolicies = attached(arnAdministratorAccess)
	export.LastUsed = &inventory.RoleLastUsed{LastUsedDate: daysAgo(1), Region: West}
	// iam-support-role fails: no role in dev holds AWSSupportAccess.
	res.IAMRoles = append(res.IAMRoles, open, shared, config, github, orgAccess, export,
		serviceLinkedRole(DevAccount, "AWSServiceRoleForConfig", "AROAYDEV07CONFIGSLR01", "config.amazonaws.com"))

	res.IAMPolicies = append(res.IAMPolicies,
		awsPolicy(arnAdministratorAccess, 2), awsPolicy(arnReadOnlyAccess, 2),
		// iam-passrole-wildcard fails: iam:PassRole on "*".
		customerPolicy(DevAccount, "DeployPipelinePolicy", "ANPAYDEV07DEPLOYPIPE1", iamDoc(
			`{"Effect":"Allow","Action":["cloudformation:*","lambda:*","s3:*"],"Resource":"*"}`,
			`{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}`), 1),
	)
}
