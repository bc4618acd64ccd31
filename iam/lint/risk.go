package lint

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/policy"
)

// riskRule is a risky grant: any of its actions allowed (on every
// resource, or for credential rules on any other principal) is a finding.
type riskRule struct {
	id, category string
	sev          finding.Severity
	title        string
	actions      []string
	// gives says what the grant lets the principal do, completing
	// "<actions> allowed on <scope>: …".
	gives string
	fix   string
	// scoped rules fire for grants on named resources too (an access key
	// for one other user is still someone else's credential); other rules
	// only for grants on every resource.
	scoped bool
}

// Risk categories.
const (
	catExfiltration   = "data exfiltration"
	catCredentials    = "credential exposure"
	catExposure       = "resource exposure"
	catInfrastructure = "infrastructure modification"
)

var riskRules = []riskRule{
	// Data exfiltration: reading data of every resource of a kind.
	{id: "iam-exfil-s3-objects", category: catExfiltration, sev: finding.High, title: "Read access to every S3 object",
		actions: []string{"s3:GetObject", "s3:GetObjectVersion"},
		gives:   "the principal can read every object of every bucket its account can reach",
		fix:     "name the buckets and prefixes: arn:aws:s3:::<bucket>/<prefix>/*"},
	{id: "iam-exfil-secrets", category: catExfiltration, sev: finding.High, title: "Read access to every Secrets Manager secret",
		actions: []string{"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"},
		gives:   "the principal can read every secret: database passwords, API keys, other systems' credentials",
		fix:     "name the secrets: arn:aws:secretsmanager:<region>:<account>:secret:<name>-*"},
	{id: "iam-exfil-ssm-parameters", category: catExfiltration, sev: finding.High, title: "Read access to every SSM parameter",
		actions: []string{"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"},
		gives:   "the principal can read every Parameter Store parameter, SecureString ones included where it can decrypt",
		fix:     "name the parameter paths: arn:aws:ssm:<region>:<account>:parameter/<app>/*"},
	{id: "iam-exfil-kms-decrypt", category: catExfiltration, sev: finding.High, title: "Decrypt with every KMS key",
		actions: []string{"kms:Decrypt", "kms:ReEncryptFrom"},
		gives:   "the principal can decrypt data under every key whose key policy delegates to IAM",
		fix:     `name the keys, or limit with "kms:ViaService"`},
	{id: "iam-exfil-dynamodb", category: catExfiltration, sev: finding.Medium, title: "Read access to every DynamoDB table",
		actions: []string{"dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:ExportTableToPointInTime"},
		gives:   "the principal can read every item of every table",
		fix:     "name the tables: arn:aws:dynamodb:<region>:<account>:table/<name>"},
	{id: "iam-exfil-lambda-code", category: catExfiltration, sev: finding.Medium, title: "Read every Lambda function's code and configuration",
		actions: []string{"lambda:GetFunction"},
		gives:   "the principal can download every function's code and read its environment variables, where secrets often are",
		fix:     "name the functions, or grant lambda:GetFunctionConfiguration only where needed"},
	{id: "iam-exfil-database-query", category: catExfiltration, sev: finding.High, title: "Run SQL on every database through the data APIs",
		actions: []string{"rds-data:ExecuteStatement", "rds-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"},
		gives:   "the principal can run queries on every Aurora and Redshift database reachable through the data APIs",
		fix:     "name the clusters"},
	{id: "iam-exfil-source-code", category: catExfiltration, sev: finding.Medium, title: "Read every CodeCommit repository",
		actions: []string{"codecommit:GitPull", "codecommit:GetFile", "codecommit:GetBlob"},
		gives:   "the principal can clone every repository, with whatever secrets are committed",
		fix:     "name the repositories"},
	{id: "iam-exfil-container-images", category: catExfiltration, sev: finding.Low, title: "Pull every ECR image",
		actions: []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
		gives:   "the principal can pull every private image, with the code and configuration baked into it",
		fix:     "name the repositories"},

	// Credential exposure: credentials of other principals.
	{id: "iam-cred-access-key", category: catCredentials, sev: finding.High, title: "Create or re-activate other users' access keys", scoped: true,
		actions: []string{"iam:CreateAccessKey", "iam:UpdateAccessKey"},
		gives:   "the principal can create long-term access keys for other users, and act as them",
		fix:     `limit it to the caller's own user: "Resource": "arn:aws:iam::<account>:user/${aws:username}"`},
	{id: "iam-cred-login-profile", category: catCredentials, sev: finding.High, title: "Set other users' console passwords", scoped: true,
		actions: []string{"iam:CreateLoginProfile", "iam:UpdateLoginProfile"},
		gives:   "the principal can set the console password of other users, and sign in as them",
		fix:     `limit it to the caller's own user: "Resource": "arn:aws:iam::<account>:user/${aws:username}"`},
	{id: "iam-cred-federation-token", category: catCredentials, sev: finding.Medium, title: "Issue federation tokens", scoped: true,
		actions: []string{"sts:GetFederationToken"},
		gives:   "the principal can mint temporary credentials with up to its own permissions, which survive the revocation of its access keys for up to 36 hours",
		fix:     "remove it unless a federation broker needs it"},
	{id: "iam-cred-service-credential", category: catCredentials, sev: finding.Medium, title: "Create other users' service-specific credentials and SSH keys", scoped: true,
		actions: []string{"iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UploadSSHPublicKey"},
		gives:   "the principal can create CodeCommit, Keyspaces or Bedrock credentials and SSH keys for other users",
		fix:     `limit it to the caller's own user: "Resource": "arn:aws:iam::<account>:user/${aws:username}"`},
	{id: "iam-cred-database-auth", category: catCredentials, sev: finding.High, title: "Obtain database credentials", scoped: true,
		actions: []string{"rds-db:connect", "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials"},
		gives:   "the principal can obtain credentials for database users",
		fix:     "name the database users: arn:aws:rds-db:<region>:<account>:dbuser:<resource-id>/<user>"},
	{id: "iam-cred-ec2-password", category: catCredentials, sev: finding.Medium, title: "Read Windows instances' administrator passwords", scoped: true,
		actions: []string{"ec2:GetPasswordData"},
		gives:   "the principal can retrieve the encrypted administrator password of Windows instances",
		fix:     "name the instances, or remove it"},
	{id: "iam-cred-lightsail", category: catCredentials, sev: finding.Medium, title: "Read Lightsail instance and database credentials", scoped: true,
		actions: []string{"lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword"},
		gives:   "the principal can obtain SSH keys and database master passwords of Lightsail resources",
		fix:     "name the resources, or remove it"},

	// Resource exposure: rewriting who may access a resource.
	{id: "iam-expose-s3-bucket-policy", category: catExposure, sev: finding.High, title: "Rewrite every bucket policy",
		actions: []string{"s3:PutBucketPolicy", "s3:PutAccessPointPolicy", "s3:PutMultiRegionAccessPointPolicy"},
		gives:   "the principal can open any bucket to another account or to the public",
		fix:     "name the buckets, or leave bucket policies to the pipeline that deploys them"},
	{id: "iam-expose-s3-public-access-block", category: catExposure, sev: finding.High, title: "Turn off S3 Block Public Access",
		actions: []string{"s3:PutBucketPublicAccessBlock", "s3:PutAccountPublicAccessBlock"},
		gives:   "the principal can remove the guard that keeps buckets from being made public",
		fix:     "remove it, and deny it in an SCP"},
	{id: "iam-expose-s3-acl", category: catExposure, sev: finding.High, title: "Rewrite every bucket and object ACL",
		actions: []string{"s3:PutBucketAcl", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"},
		gives:   "the principal can grant any bucket or object to everyone through ACLs",
		fix:     "name the buckets; prefer Object Ownership: BucketOwnerEnforced, which disables ACLs"},
	{id: "iam-expose-role-trust", category: catExposure, sev: finding.Critical, title: "Rewrite every role's trust policy",
		actions: []string{"iam:UpdateAssumeRolePolicy"},
		gives:   "the principal can let any principal, in any account, assume any role",
		fix:     "name the roles, or leave trust policies to the pipeline that deploys them"},
	{id: "iam-expose-kms-key-policy", category: catExposure, sev: finding.High, title: "Rewrite every KMS key policy or grant use of any key",
		actions: []string{"kms:PutKeyPolicy", "kms:CreateGrant"},
		gives:   "the principal can give anyone use of any key, and with it the data it protects",
		fix:     `name the keys; limit kms:CreateGrant with "kms:GrantIsForAWSResource": "true"`},
	{id: "iam-expose-lambda-permission", category: catExposure, sev: finding.Medium, title: "Open every Lambda function or layer to others",
		actions: []string{"lambda:AddPermission", "lambda:AddLayerVersionPermission", "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig"},
		gives:   "the principal can let other accounts, or anyone through a function URL, invoke any function",
		fix:     "name the functions"},
	{id: "iam-expose-ecr-policy", category: catExposure, sev: finding.Medium, title: "Rewrite every ECR repository policy",
		actions: []string{"ecr:SetRepositoryPolicy"},
		gives:   "the principal can let other accounts pull or push any image",
		fix:     "name the repositories"},
	{id: "iam-expose-secrets-policy", category: catExposure, sev: finding.High, title: "Rewrite every secret's resource policy",
		actions: []string{"secretsmanager:PutResourcePolicy"},
		gives:   "the principal can let other accounts read any secret",
		fix:     "name the secrets"},
	{id: "iam-expose-sns-sqs", category: catExposure, sev: finding.Medium, title: "Open every SNS topic or SQS queue to others",
		actions: []string{"sns:AddPermission", "sns:SetTopicAttributes", "sqs:AddPermission", "sqs:SetQueueAttributes"},
		gives:   "the principal can rewrite the access policy of any topic or queue",
		fix:     "name the topics and queues"},
	{id: "iam-expose-snapshots", category: catExposure, sev: finding.High, title: "Share every snapshot or image",
		actions: []string{"ec2:ModifySnapshotAttribute", "ec2:ModifyImageAttribute", "rds:ModifyDBSnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute"},
		gives:   "the principal can share any disk, image or database snapshot with another account or make it public",
		fix:     "name the snapshots, or deny sharing outside the organisation in an SCP"},
	{id: "iam-expose-logs-events-policy", category: catExposure, sev: finding.Medium, title: "Rewrite CloudWatch Logs and EventBridge resource policies",
		actions: []string{"logs:PutResourcePolicy", "events:PutPermission"},
		gives:   "the principal can let other accounts write to log groups or send events to event buses",
		fix:     "name the resources"},
	{id: "iam-expose-backup-vault", category: catExposure, sev: finding.Medium, title: "Rewrite backup vault access policies",
		actions: []string{"backup:PutBackupVaultAccessPolicy", "glacier:SetVaultAccessPolicy"},
		gives:   "the principal can let other accounts read or delete backups",
		fix:     "name the vaults"},
	{id: "iam-expose-ram-share", category: catExposure, sev: finding.Medium, title: "Share resources through AWS RAM",
		actions: []string{"ram:CreateResourceShare", "ram:AssociateResourceShare"},
		gives:   "the principal can share subnets, transit gateways, and other resources with other accounts",
		fix:     `limit it with "ram:RequestedAllowsExternalPrincipals": "false"`},

	// Infrastructure modification at scale.
	{id: "iam-infra-destroy-compute", category: catInfrastructure, sev: finding.Medium, title: "Delete every instance, function or cluster",
		actions: []string{"ec2:TerminateInstances", "lambda:DeleteFunction", "ecs:DeleteCluster", "eks:DeleteCluster", "autoscaling:DeleteAutoScalingGroup"},
		gives:   "the principal can destroy every workload of the account",
		fix:     "name the resources, or require a tag (aws:ResourceTag)"},
	{id: "iam-infra-destroy-data", category: catInfrastructure, sev: finding.High, title: "Delete every bucket, table or database",
		actions: []string{"s3:DeleteBucket", "s3:DeleteObject", "s3:DeleteObjectVersion", "dynamodb:DeleteTable", "rds:DeleteDBInstance", "rds:DeleteDBCluster"},
		gives:   "the principal can destroy the account's data stores",
		fix:     "name the resources; protect production with deletion protection and an SCP"},
	{id: "iam-infra-destroy-backups", category: catInfrastructure, sev: finding.High, title: "Delete every backup or snapshot",
		actions: []string{"ec2:DeleteSnapshot", "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot", "backup:DeleteRecoveryPoint", "backup:DeleteBackupVault", "s3:PutLifecycleConfiguration"},
		gives:   "the principal can destroy the backups a recovery would need (the ransomware pattern)",
		fix:     "remove it; lock backup vaults (Backup Vault Lock) and deny deletion in an SCP"},
	{id: "iam-infra-defense-evasion", category: catInfrastructure, sev: finding.High, title: "Turn off logging and threat detection",
		actions: []string{"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
			"guardduty:DeleteDetector", "guardduty:UpdateDetector", "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder",
			"securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer", "logs:DeleteLogGroup"},
		gives: "the principal can blind CloudTrail, GuardDuty, Config or Security Hub before acting",
		fix:   "remove it, and deny it in an SCP for everyone but the security team"},
	{id: "iam-infra-kms-destroy", category: catInfrastructure, sev: finding.High, title: "Disable or schedule the deletion of every KMS key",
		actions: []string{"kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial"},
		gives:   "the principal can make every encrypted resource unreadable",
		fix:     "name the keys, and keep key deletion for key administrators"},
	{id: "iam-infra-network-exposure", category: catInfrastructure, sev: finding.Medium, title: "Open the network of every VPC",
		actions: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:ModifySecurityGroupRules", "ec2:CreateNetworkAclEntry", "ec2:ReplaceNetworkAclEntry", "ec2:CreateRoute", "ec2:AttachInternetGateway"},
		gives:   "the principal can open any security group, network ACL or route to the internet",
		fix:     "name the security groups and VPCs, or require a tag"},
	{id: "iam-infra-organizations", category: catInfrastructure, sev: finding.Critical, title: "Remove the account from its organisation's controls",
		actions: []string{"organizations:LeaveOrganization", "organizations:DetachPolicy", "organizations:DeletePolicy", "organizations:DisablePolicyType", "organizations:UpdatePolicy"},
		gives:   "the principal can leave the organisation or detach the SCPs that bound every account",
		fix:     "remove it, and deny it in an SCP"},
	{id: "iam-infra-weaken-authentication", category: catInfrastructure, sev: finding.High, title: "Weaken sign-in security",
		actions: []string{"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice", "iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"},
		gives:   "the principal can remove other users' MFA or weaken the password policy",
		fix:     `limit MFA management to the caller's own user ("${aws:username}")`},
}

// riskChecks turns the risk rules into checks.
func riskChecks() []*Check {
	out := make([]*Check, 0, len(riskRules))
	for i := range riskRules {
		r := &riskRules[i]
		scope := `on every resource ("*")`
		if r.scoped {
			scope = "on principals other than the caller itself"
		}
		out = append(out, &Check{
			ID: r.id, Class: SecurityWarning, Severity: r.sev, Title: r.title,
			Explanation: fmt.Sprintf("A %s risk: %s allowed %s means %s.", r.category, strings.Join(r.actions, ", "), scope, r.gives),
			Kinds:       identityKinds,
			run:         func(l *linter, c *Check) { l.runRisk(c, r) },
		})
	}
	return out
}

func (l *linter) runRisk(c *Check, r *riskRule) {
	var names []string
	var first grant
	found, conditional, scoped := false, false, false
	for _, action := range r.actions {
		a := l.allows(action)
		g, ok := a.best(r.scoped)
		if !ok || !g.broad && !r.scoped {
			continue
		}
		names = append(names, action)
		conditional = conditional || a.conditional(g)
		scoped = scoped || !g.broad
		if !found || before(g.pos, first.pos) {
			first = g
		}
		found = true
	}
	if !found {
		return
	}
	sev := r.sev
	where := "on every resource"
	if scoped {
		where = "on other principals' resources"
		sev = lower(sev)
	}
	msg := fmt.Sprintf("%s %s allowed %s (statement %d): %s", strings.Join(names, ", "), isAre(len(names)), where, first.stmt.Index+1, r.gives)
	if conditional {
		sev = lower(sev)
		msg += "; the grant is conditional, so only when its conditions hold"
	}
	l.addSev(c, sev, first.stmt, first.pos, msg, r.fix)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func before(a, b policy.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}
