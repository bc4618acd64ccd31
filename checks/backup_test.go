package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestBackupVaultLock(t *testing.T) {
	vault := func(id string, l *inventory.BackupVaultLock) *inventory.BackupVault {
		return &inventory.BackupVault{Meta: meta(id), VaultType: "BACKUP_VAULT", NumberOfRecoveryPoints: 42, Lock: l}
	}
	runCases(t, backupVaultLock, []checkCase{{
		name: "compliance locked passes; grace, governance, none fail; air-gapped passes; unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			airGapped := vault("airgapped", nil)
			airGapped.VaultType = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
			r.Resources.BackupVaults = []*inventory.BackupVault{
				vault("locked", &inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, Locked: true, MinRetentionDays: 35, MaxRetentionDays: 365, LockDate: testNow.AddDate(0, -6, 0)}),
				vault("lockdate-passed", &inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, LockDate: testNow.AddDate(0, 0, -1)}),
				vault("grace", &inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, LockDate: testNow.AddDate(0, 0, 2)}),
				vault("governance", &inventory.BackupVaultLock{Mode: inventory.BackupLockGovernance, MinRetentionDays: 7}),
				vault("none", &inventory.BackupVaultLock{Mode: inventory.BackupLockNone}),
				airGapped,
				vault("unread", nil),
			}
		},
		want: map[string]finding.Status{"locked": finding.Pass, "lockdate-passed": finding.Pass, "grace": finding.Fail, "governance": finding.Fail,
			"none": finding.Fail, "airgapped": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"locked": "42 recovery point(s) kept 35 to 365 days", "grace": "until 2026-11-03", "governance": "governance mode",
			"none": "no Vault Lock"},
	}})
}

func TestBackupVaultDenyDelete(t *testing.T) {
	const deny = `{"Effect":"Deny","Principal":"*","Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle","backup:DeleteBackupVault"],"Resource":"*",` +
		`"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/BreakGlass"}}}`
	policies := map[string]string{
		"denied":     `{"Statement":[` + deny + `]}`,
		"wildcard":   `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"backup:*","Resource":"*"}]}`,
		"everyone":   `{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"},` + deny + `]}`,
		"org":        `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`,
		"other":      `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"backup:UpdateRecoveryPointLifecycle","Resource":"*"}]}`,
		"own":        `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"backup:CopyIntoBackupVault","Resource":"*"},` + deny + `]}`,
		"partial":    `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}`,
		"copy-in":    `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:CopyIntoBackupVault","Resource":"*"},` + deny + `]}`,
		"not-action": `{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"backup:PutBackupVaultAccessPolicy","Resource":"*"}]}`,
	}
	runCases(t, backupVaultDenyDelete, []checkCase{{
		name: "policies",
		fill: func(a *inventory.Account, r *inventory.Region) {
			for _, id := range []string{"denied", "wildcard", "everyone", "org", "other", "own", "partial", "copy-in", "not-action"} {
				r.Resources.BackupVaults = append(r.Resources.BackupVaults, &inventory.BackupVault{Meta: meta(id), AccessPolicy: policies[id]})
			}
			r.Resources.BackupVaults = append(r.Resources.BackupVaults,
				&inventory.BackupVault{Meta: meta("none"), NumberOfRecoveryPoints: 12},
				&inventory.BackupVault{Meta: unreadMeta("unread", "accessPolicy")})
		},
		want: map[string]finding.Status{"denied": finding.Pass, "wildcard": finding.Pass, "everyone": finding.Fail, "org": finding.Fail,
			"other": finding.Fail, "own": finding.Pass, "partial": finding.Fail, "copy-in": finding.Pass, "not-action": finding.Fail,
			"none": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"everyone": "everyone: backup:DeleteRecoveryPoint (Sid Open)", "org": "organization o-a1b2c3d4e5",
			"other": "account 999988887777", "partial": "does not deny backup:UpdateRecoveryPointLifecycle, backup:DeleteBackupVault",
			"none": "12 recovery point(s)", "not-action": "every action except"},
	}})
	sev := map[string]finding.Severity{}
	for _, f := range runCheck(t, backupVaultDenyDelete, testEstate(func(a *inventory.Account, r *inventory.Region) {
		for _, id := range []string{"everyone", "org", "partial"} {
			r.Resources.BackupVaults = append(r.Resources.BackupVaults, &inventory.BackupVault{Meta: meta(id), AccessPolicy: policies[id]})
		}
	})) {
		sev[f.ResourceID] = f.Severity
	}
	if sev["everyone"] != finding.Critical || sev["org"] != finding.High || sev["partial"] != finding.Medium {
		t.Errorf("severities %v: want everyone critical, org high, partial medium", sev)
	}
}

func TestBackupPlanCrossCopy(t *testing.T) {
	plan := func(id string, dests ...string) *inventory.BackupPlan {
		rule := inventory.BackupRule{RuleName: "daily", TargetBackupVaultName: "local", ScheduleExpression: "cron(0 5 ? * * *)",
			Lifecycle: inventory.BackupLifecycle{DeleteAfterDays: 35}}
		for _, d := range dests {
			rule.CopyActions = append(rule.CopyActions, inventory.BackupCopyAction{DestinationBackupVaultARN: d})
		}
		return &inventory.BackupPlan{Meta: meta(id), Rules: []inventory.BackupRule{rule}}
	}
	runCases(t, backupPlanCrossCopy, []checkCase{{
		name: "cross-account passes, cross-region low, none fails, no rules, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			empty := plan("empty")
			empty.Rules = nil
			unread := plan("unread")
			unread.Rules, unread.Unread = nil, []string{"rules"}
			r.Resources.BackupPlans = []*inventory.BackupPlan{
				plan("account", "arn:aws:backup:us-east-1:999988887777:backup-vault:central"),
				plan("region", "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr"),
				plan("local", "arn:aws:backup:us-east-1:123456789012:backup-vault:other-local"),
				empty, unread,
			}
		},
		want:     map[string]finding.Status{"account": finding.Pass, "region": finding.Fail, "local": finding.Fail, "empty": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"account": "999988887777", "region": "same account", "local": "daily cron(0 5 ? * * *) keep 35d", "empty": "no rules"},
	}})
}

func TestBackupResourceRecent(t *testing.T) {
	res := func(id string, daysAgo int) *inventory.BackupProtectedResource {
		pr := &inventory.BackupProtectedResource{Meta: meta(id), ResourceType: "RDS", ResourceName: id}
		if daysAgo >= 0 {
			pr.LastBackupTime = testNow.AddDate(0, 0, -daysAgo)
		}
		return pr
	}
	runCases(t, backupResourceRecent, []checkCase{{
		name: "recent, stale, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.BackupProtectedResources = []*inventory.BackupProtectedResource{res("fresh", 1), res("edge", 7), res("stale", 23), res("unknown", -1)}
		},
		want:     map[string]finding.Status{"fresh": finding.Pass, "edge": finding.Pass, "stale": finding.Fail, "unknown": finding.Error},
		contains: map[string]string{"stale": "RDS stale was last backed up 23 days ago"},
	}})
}
