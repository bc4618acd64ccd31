package demo

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// backupDenyDelete is the vault policy statement that denies destroying
// recovery points to everyone but a break-glass role.
func backupDenyDelete(account string) string {
	return `{"Sid":"DenyRecoveryPointDeletion","Effect":"Deny","Principal":"*",` +
		`"Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle","backup:DeleteBackupVault","backup:PutBackupVaultAccessPolicy"],` +
		`"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::` + account + `:role/BackupBreakGlass"}}}`
}

func backupVault(account, region, name, key string, points int64, created int) *inventory.BackupVault {
	return &inventory.BackupVault{
		Meta:      meta("backup:ListBackupVaults", name, arn("backup", region, account, "backup-vault:"+name), name),
		VaultType: "BACKUP_VAULT", EncryptionKeyARN: key, CreationDate: daysAgo(created), NumberOfRecoveryPoints: points,
		Lock: &inventory.BackupVaultLock{Mode: inventory.BackupLockNone},
	}
}

func backupPlan(account, region, id, name string, rules ...inventory.BackupRule) *inventory.BackupPlan {
	return &inventory.BackupPlan{
		Meta:      meta("backup:GetBackupPlan", id, arn("backup", region, account, "backup-plan:"+id), name),
		VersionID: "NjQ2ZjY1NjQtMzM0Zi00NzQ2LWE0YzQtM2U1ZGNkMTk5MGQ5", CreationDate: daysAgo(500), LastExecutionDate: Now.Add(-4 * time.Hour),
		Rules: rules,
	}
}

func backupProtected(resourceARN, typ, name, vaultARN string, last time.Time) *inventory.BackupProtectedResource {
	return &inventory.BackupProtectedResource{
		Meta:         meta("backup:ListProtectedResources", resourceARN, resourceARN, name),
		ResourceType: typ, ResourceName: name, LastBackupTime: last, LastBackupVaultARN: vaultARN,
		LastRecoveryPointARN: vaultARN + ":recovery-point:" + name + "-" + last.Format("20060102"),
	}
}

func addBackup(b *builder) {
	prodEast, prodWest := b.region(ProdAccount, East), b.region(ProdAccount, West)
	mgmtEast, devWest := b.region(ManagementAccount, East), b.region(DevAccount, West)
	central := arn("backup", East, ManagementAccount, "backup-vault:central-backup-vault")

	// management: the central vault is locked in compliance mode and its
	// policy lets the organization copy in but denies deletion to everyone
	// but a break-glass role: passes backup-vault-lock and
	// backup-vault-deny-delete.
	cv := backupVault(ManagementAccount, East, "central-backup-vault", kmsMgmtBackupKey, 1840, 700)
	cv.Lock = &inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, Locked: true, MinRetentionDays: 35, MaxRetentionDays: 400, LockDate: daysAgo(680)}
	cv.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"AllowOrgCopyIn","Effect":"Allow","Principal":"*","Action":"backup:CopyIntoBackupVault",` +
		`"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"` + OrgID + `"}}},` + backupDenyDelete(ManagementAccount) + `]}`
	mgmtEast.Resources.BackupVaults = append(mgmtEast.Resources.BackupVaults, cv)

	// prod us-east-1: the daily vault has no Vault Lock, and its policy lets
	// every principal in the organization delete recovery points and change
	// their lifecycle ("so the platform team can clean up"): fails both
	// vault checks.
	daily := backupVault(ProdAccount, East, "prod-daily-vault", kmsProdOrdersKey, 412, 640)
	daily.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"OrgCleanup","Effect":"Allow","Principal":"*",` +
		`"Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle"],"Resource":"*",` +
		`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"` + OrgID + `"}}}]}`
	prodEast.Resources.BackupVaults = append(prodEast.Resources.BackupVaults, daily)

	// prod eu-west-1: the DR vault is only in governance mode and has no
	// access policy: fails both, at medium.
	dr := backupVault(ProdAccount, West, "prod-dr-vault", kmsProdDRKey, 96, 500)
	dr.Lock = &inventory.BackupVaultLock{Mode: inventory.BackupLockGovernance, MinRetentionDays: 7, MaxRetentionDays: 120}
	prodWest.Resources.BackupVaults = append(prodWest.Resources.BackupVaults, dr)

	// dev: a scratch vault whose policy lets "*" delete recovery points
	// (critical).
	scratch := backupVault(DevAccount, West, "dev-scratch-vault", arn("kms", West, DevAccount, "key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"), 14, 200)
	scratch.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"AnyoneCanTidy","Effect":"Allow","Principal":{"AWS":"*"},` +
		`"Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}`
	devWest.Resources.BackupVaults = append(devWest.Resources.BackupVaults, scratch)

	// backup-plan-cross-copy: prod-daily copies every recovery point to the
	// locked central vault in the management account (pass); prod-weekly-ebs
	// copies only to the DR vault in eu-west-1 of the same account (low);
	// dev-weekly keeps everything in place (fail).
	prodDaily := backupPlan(ProdAccount, East, "8d1f5c2a-3b4e-4f6a-9c7d-0e1f2a3b4c5d", "prod-daily", inventory.BackupRule{
		RuleName: "daily-35d", TargetBackupVaultName: "prod-daily-vault", ScheduleExpression: "cron(0 5 ? * * *)",
		StartWindowMinutes: 60, CompletionWindowMinutes: 360, Lifecycle: inventory.BackupLifecycle{DeleteAfterDays: 35}, EnableContinuousBackup: true,
		CopyActions: []inventory.BackupCopyAction{{DestinationBackupVaultARN: central, Lifecycle: inventory.BackupLifecycle{DeleteAfterDays: 90}}},
	})
	prodDaily.Selections = []inventory.BackupSelection{{SelectionName: "tagged-daily", IAMRoleARN: "arn:aws:iam::444455556666:role/service-role/AWSBackupDefaultServiceRole",
		ListOfTags: []inventory.BackupTagCondition{{ConditionType: "STRINGEQUALS", Key: "backup", Value: "daily"}}}}
	prodWeekly := backupPlan(ProdAccount, East, "2e4f6a8c-0b1d-4e3f-8a5b-7c9d1e2f3a4b", "prod-weekly-ebs", inventory.BackupRule{
		RuleName: "weekly-ebs", TargetBackupVaultName: "prod-daily-vault", ScheduleExpression: "cron(0 3 ? * SUN *)",
		Lifecycle:   inventory.BackupLifecycle{MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120},
		CopyActions: []inventory.BackupCopyAction{{DestinationBackupVaultARN: dr.ARN, Lifecycle: inventory.BackupLifecycle{DeleteAfterDays: 120}}},
	})
	prodWeekly.Selections = []inventory.BackupSelection{{SelectionName: "ebs-volumes", IAMRoleARN: "arn:aws:iam::444455556666:role/service-role/AWSBackupDefaultServiceRole",
		Resources: []string{"arn:aws:ec2:*:*:volume/*"}}}
	prodEast.Resources.BackupPlans = append(prodEast.Resources.BackupPlans, prodDaily, prodWeekly)
	devWeekly := backupPlan(DevAccount, West, "5a7c9e1b-3d5f-4a7b-9c1d-3e5f7a9b1c3d", "dev-weekly", inventory.BackupRule{
		RuleName: "weekly-14d", TargetBackupVaultName: "dev-scratch-vault", ScheduleExpression: "cron(0 2 ? * SAT *)",
		Lifecycle: inventory.BackupLifecycle{DeleteAfterDays: 14},
	})
	devWeekly.Selections = []inventory.BackupSelection{{SelectionName: "all-rds", IAMRoleARN: "arn:aws:iam::777788889999:role/service-role/AWSBackupDefaultServiceRole",
		Resources: []string{"arn:aws:rds:eu-west-1:777788889999:db:*"}}}
	devWest.Resources.BackupPlans = append(devWest.Resources.BackupPlans, devWeekly)

	// backup-resource-recent: orders-db and analytics-aurora were backed up
	// this morning (pass); the WordPress root volume lost its backup tag and
	// its newest recovery point is 23 days old (fail); dev-reporting-pg's
	// weekly backup is 3 days old (pass).
	prodEast.Resources.BackupProtectedResources = append(prodEast.Resources.BackupProtectedResources,
		backupProtected(arn("rds", East, ProdAccount, "db:orders-db"), "RDS", "orders-db", daily.ARN, Now.Add(-4*time.Hour)),
		backupProtected(arn("rds", East, ProdAccount, "cluster:analytics-aurora"), "Aurora", "analytics-aurora", daily.ARN, Now.Add(-4*time.Hour)),
		backupProtected(arn("ec2", East, ProdAccount, "volume/vol-0wordpress0000001"), "EBS", "vol-0wordpress0000001", daily.ARN, daysAgo(23)))
	devWest.Resources.BackupProtectedResources = append(devWest.Resources.BackupProtectedResources,
		backupProtected(arn("rds", West, DevAccount, "db:dev-reporting-pg"), "RDS", "dev-reporting-pg", scratch.ARN, daysAgo(3)))
}
