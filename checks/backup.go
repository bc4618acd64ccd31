package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

func backupChecks() []*Check {
	return []*Check{backupVaultLock, backupVaultDenyDelete, backupPlanCrossCopy, backupResourceRecent}
}

var backupVaultLock = &Check{
	ID:           "backup-vault-lock",
	Service:      "backup",
	Title:        "AWS Backup vaults are protected by Vault Lock in compliance mode",
	Severity:     finding.Medium,
	ResourceType: "AWS::Backup::BackupVault",
	Rationale: "Ransomware crews and disgruntled insiders go for the backups first: with administrator " +
		"access in the account they can delete every recovery point, shorten retention, or delete the vault, " +
		"and only then encrypt or destroy production. AWS Backup Vault Lock in compliance mode makes the " +
		"vault write-once: once its grace time ends, no one, not the root user, not AWS, can delete recovery " +
		"points before their minimum retention, shorten it, or remove the lock. Governance mode stops " +
		"accidents but can be removed by anyone allowed backup:DeleteBackupVaultLockConfiguration, so it does " +
		"not stop an attacker who holds admin. Logically air-gapped vaults are always compliance-locked.",
	Verify: "aws backup describe-backup-vault --backup-vault-name VAULT --query '[Locked,MinRetentionDays,MaxRetentionDays,LockDate]' " +
		"— Locked true (compliance mode past its grace time).",
	Remediation: Remediation{
		Summary: "Put the vault under Vault Lock in compliance mode (after testing in governance mode), with a minimum retention that covers your RPO history.",
		Console: "AWS Backup > Backup vaults > VAULT > Vault lock > Create vault lock > Compliance mode > min/max retention > grace time (3+ days) > Create.",
		CLI:     "aws backup put-backup-vault-lock-configuration --backup-vault-name VAULT --min-retention-days 35 --max-retention-days 365 --changeable-for-days 3",
		Terraform: "resource \"aws_backup_vault_lock_configuration\" \"this\" {\n  backup_vault_name   = aws_backup_vault.this.name\n" +
			"  min_retention_days  = 35\n  max_retention_days  = 365\n  changeable_for_days = 3\n}",
	},
	Seed: []string{"backup-security", "rto-rpo", "incident-response"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, v := range r.Resources.BackupVaults {
				loc := At(a, r, v)
				l := v.Lock
				if v.VaultType == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT" {
					c.Pass(loc, "logically air-gapped vault: always locked in compliance mode", Ev(v, "VaultType", v.VaultType))
					continue
				}
				if l == nil {
					c.Unknown(loc, "the vault's lock configuration was not read")
					continue
				}
				ev := []finding.Evidence{Ev(v, "Locked", l.Locked), Ev(v, "VaultLockMode", l.Mode), Ev(v, "MinRetentionDays", l.MinRetentionDays),
					Ev(v, "MaxRetentionDays", l.MaxRetentionDays), Ev(v, "LockDate", dpDate(l.LockDate))}
				points := fmt.Sprintf("%d recovery point(s)", v.NumberOfRecoveryPoints)
				switch {
				case l.Mode == inventory.BackupLockCompliance && (l.Locked || (!l.LockDate.IsZero() && !l.LockDate.After(c.Estate.CollectedAt))):
					c.Pass(loc, fmt.Sprintf("locked in compliance mode since %s: %s kept %d to %d days, immutable",
						dpDate(l.LockDate), points, l.MinRetentionDays, l.MaxRetentionDays), ev...)
				case l.Mode == inventory.BackupLockCompliance:
					c.FailAt(finding.Low, loc, "compliance-mode lock is still in its grace time until "+dpDate(l.LockDate)+": it can be removed until then", ev...)
				case l.Mode == inventory.BackupLockGovernance:
					c.Fail(loc, "Vault Lock is in governance mode: anyone allowed backup:DeleteBackupVaultLockConfiguration can remove it and delete the "+points, ev...)
				case l.Mode == inventory.BackupLockNone || l.Mode == "":
					c.Fail(loc, "no Vault Lock: an administrator (or an attacker holding admin) can delete the vault's "+points, ev...)
				default:
					c.Unknown(loc, "unrecognised Vault Lock mode "+l.Mode, ev...)
				}
			}
		}
	},
}

// backupDestructive are the actions that destroy a vault's recovery points.
var backupDestructive = []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"}

var backupAccountInARN = regexp.MustCompile(`^(?:arn:[^:]+:[^:]*:[^:]*:)?(\d{12})(?::|$)`)

// dpPrincipalAccounts returns the account ids named by a statement's AWS
// principals ("111122223333", "arn:aws:iam::111122223333:root", role ARNs).
func dpPrincipalAccounts(s policy.Statement) []string {
	var out []string
	for _, p := range s.Principal["AWS"] {
		if m := backupAccountInARN.FindStringSubmatch(p); m != nil && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// backupDeleteGrants describes the Allow statements of a vault policy that
// let principals outside the vault's account destroy recovery points, and
// the highest severity among them.
func backupDeleteGrants(doc *policy.Document, account string) ([]string, finding.Severity) {
	var out []string
	var sev finding.Severity
	for _, s := range doc.Statements {
		if s.Effect != "Allow" || !dpCoversAny([]policy.Statement{s}, backupDestructive...) {
			continue
		}
		what := dpActions(s) + dpSid(s)
		switch {
		case s.PublicPrincipal() && !s.RestrictedByCondition():
			out = append(out, "everyone: "+what)
			sev = max(sev, finding.Critical)
		case s.PublicPrincipal():
			if orgs := append(s.ConditionValues("aws:PrincipalOrgID"), s.ConditionValues("aws:PrincipalOrgPaths")...); len(orgs) > 0 {
				out = append(out, "every principal in organization "+strings.Join(orgs, ", ")+": "+what)
				sev = max(sev, finding.High)
			}
		default:
			for _, id := range dpPrincipalAccounts(s) {
				if id != account {
					out = append(out, "account "+id+": "+what)
					sev = max(sev, finding.High)
				}
			}
		}
	}
	return out, sev
}

var backupVaultDenyDelete = &Check{
	ID:           "backup-vault-deny-delete",
	Service:      "backup",
	Title:        "Backup vault access policies deny deleting recovery points and let no one outside the account do it",
	Severity:     finding.High,
	ResourceType: "AWS::Backup::BackupVault",
	Rationale: "A vault's access policy is the last word on who may destroy its backups. An Allow for " +
		"backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle or backup:DeleteBackupVault to " +
		"\"*\", to a whole organization or to another account means a compromise anywhere in that group " +
		"reaches your last line of recovery. Without any policy, every IAM principal of the account whose " +
		"identity policy allows those actions (every administrator, and whoever steals their keys) can wipe " +
		"the vault. A Deny statement for \"*\" on those actions, with at most a break-glass role exempted by " +
		"an aws:PrincipalArn condition, turns deletion into a deliberate, audited policy change; Vault Lock " +
		"in compliance mode then makes even that impossible.",
	Verify: "aws backup get-backup-vault-access-policy --backup-vault-name VAULT --query Policy --output text — a Deny for Principal \"*\" " +
		"covering backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle and backup:DeleteBackupVault, and no Allow of them to \"*\" or other accounts.",
	Remediation: Remediation{
		Summary: "Remove Allow statements for recovery point deletion to outsiders and add a Deny for everyone (except a break-glass role).",
		Console: "AWS Backup > Backup vaults > VAULT > Access policy > Edit: add {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": " +
			"[\"backup:DeleteRecoveryPoint\", \"backup:UpdateRecoveryPointLifecycle\", \"backup:DeleteBackupVault\"], \"Resource\": \"*\"}.",
		CLI: "aws backup put-backup-vault-access-policy --backup-vault-name VAULT --policy '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyDelete\",\"Effect\":\"Deny\"," +
			"\"Principal\":\"*\",\"Action\":[\"backup:DeleteRecoveryPoint\",\"backup:UpdateRecoveryPointLifecycle\",\"backup:DeleteBackupVault\"],\"Resource\":\"*\"," +
			"\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::ACCOUNT:role/BackupBreakGlass\"}}}]}'",
		Terraform: "resource \"aws_backup_vault_policy\" \"this\" {\n  backup_vault_name = aws_backup_vault.this.name\n  policy = jsonencode({\n" +
			"    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"DenyDelete\"\n      Effect    = \"Deny\"\n      Principal = \"*\"\n" +
			"      Action    = [\"backup:DeleteRecoveryPoint\", \"backup:UpdateRecoveryPointLifecycle\", \"backup:DeleteBackupVault\"]\n" +
			"      Resource  = \"*\"\n    }]\n  })\n}",
	},
	Seed: []string{"backup-security", "cross-account-access", "incident-response"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, v := range r.Resources.BackupVaults {
				loc := At(a, r, v)
				doc, why := dpPolicy(c, v.AccessPolicy, dpUnread(v.Unread, "accessPolicy"))
				if why != "" {
					c.Unknown(loc, why)
					continue
				}
				if doc == nil {
					c.FailAt(finding.Medium, loc, fmt.Sprintf("no access policy: nothing denies deleting the %d recovery point(s); any account principal allowed backup:DeleteRecoveryPoint can",
						v.NumberOfRecoveryPoints), Ev(v, "AccessPolicy", "none"))
					continue
				}
				ev := Ev(v, "AccessPolicy", v.AccessPolicy)
				if grants, sev := backupDeleteGrants(doc, a.ID); len(grants) > 0 {
					c.FailAt(sev, loc, "access policy lets "+strings.Join(grants, "; ")+" delete recovery points", ev)
					continue
				}
				var missing []string
				for _, act := range backupDestructive {
					if !slices.ContainsFunc(doc.Statements, func(s policy.Statement) bool {
						return s.Effect == "Deny" && s.PublicPrincipal() && s.CoversAction(act)
					}) {
						missing = append(missing, act)
					}
				}
				if len(missing) > 0 {
					c.FailAt(finding.Medium, loc, "access policy does not deny "+strings.Join(missing, ", ")+" to everyone", ev)
					continue
				}
				c.Pass(loc, "access policy denies deleting recovery points and the vault to everyone, and allows it to no outsider", ev)
			}
		}
	},
}

var backupVaultARN = regexp.MustCompile(`^arn:[^:]+:backup:([^:]+):(\d{12}):backup-vault:(.+)$`)

var backupPlanCrossCopy = &Check{
	ID:           "backup-plan-cross-copy",
	Service:      "backup",
	Title:        "Backup plans copy recovery points to a vault in another account (or at least another region)",
	Severity:     finding.Medium,
	ResourceType: "AWS::Backup::BackupPlan",
	Rationale: "Backups that live in the same account and region as the data share its fate: an attacker " +
		"with administrator access deletes both (the pattern of most cloud ransomware cases), a compromised " +
		"KMS key policy locks both, and a regional outage takes both offline, so the RTO becomes \"when the " +
		"region returns\". A copy action to a vault in a separate backup account (ideally locked, in another " +
		"region) keeps a copy outside the blast radius; a cross-region copy in the same account covers " +
		"regional disasters but not a compromised account, and is reported at low severity.",
	Verify: "aws backup get-backup-plan --backup-plan-id PLAN_ID --query 'BackupPlan.Rules[].CopyActions[].DestinationBackupVaultArn' " +
		"— at least one ARN in another account (and region).",
	Remediation: Remediation{
		Summary: "Add a copy action to a vault in a dedicated backup account, in another region, with its own lifecycle.",
		Console: "AWS Backup > Backup plans > PLAN > the rule > Edit > Generate copy - optional > Destination region and Copy to another account's vault > vault ARN > Save.",
		CLI:     "aws backup update-backup-plan --backup-plan-id PLAN_ID --backup-plan file://plan-with-copy-actions.json",
		Terraform: "resource \"aws_backup_plan\" \"this\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n" +
			"    target_vault_name = aws_backup_vault.local.name\n    schedule          = \"cron(0 5 ? * * *)\"\n" +
			"    lifecycle {\n      delete_after = 35\n    }\n    copy_action {\n" +
			"      destination_vault_arn = \"arn:aws:backup:eu-west-1:111122223333:backup-vault:central-locked\"\n" +
			"      lifecycle {\n        delete_after = 90\n      }\n    }\n  }\n}",
	},
	Seed: []string{"backup-security", "rto-rpo"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, p := range r.Resources.BackupPlans {
				loc := At(a, r, p)
				if dpUnread(p.Unread, "rules") {
					c.Unknown(loc, "the plan's rules were not read")
					continue
				}
				var otherAccount, otherRegion []string
				for _, rule := range p.Rules {
					for _, ca := range rule.CopyActions {
						m := backupVaultARN.FindStringSubmatch(ca.DestinationBackupVaultARN)
						switch {
						case m == nil:
						case m[2] != a.ID:
							otherAccount = append(otherAccount, ca.DestinationBackupVaultARN)
						case m[1] != r.Name:
							otherRegion = append(otherRegion, ca.DestinationBackupVaultARN)
						}
					}
				}
				ev := Ev(p, "CopyActions.DestinationBackupVaultArn", append(otherAccount, otherRegion...))
				switch {
				case len(p.Rules) == 0:
					c.Fail(loc, "the plan has no rules: it backs nothing up", ev)
				case len(otherAccount) > 0:
					c.Pass(loc, "copies recovery points to another account: "+strings.Join(otherAccount, ", "), ev)
				case len(otherRegion) > 0:
					c.FailAt(finding.Low, loc, "copies only to another region of the same account ("+strings.Join(otherRegion, ", ")+
						"): an attacker with admin in "+a.ID+" can delete both copies", ev)
				default:
					c.Fail(loc, fmt.Sprintf("no rule copies recovery points out of %s %s (rules: %s): one compromised account or regional outage loses data and backups together",
						a.ID, r.Name, backupRuleNames(p)), ev)
				}
			}
		}
	},
}

func backupRuleNames(p *inventory.BackupPlan) string {
	names := make([]string, len(p.Rules))
	for i, r := range p.Rules {
		names[i] = fmt.Sprintf("%s %s keep %s", r.RuleName, orNone(r.ScheduleExpression), backupKeep(r.Lifecycle))
	}
	return strings.Join(names, ", ")
}

func backupKeep(l inventory.BackupLifecycle) string {
	if l.DeleteAfterDays == 0 {
		return "forever"
	}
	return fmt.Sprintf("%dd", l.DeleteAfterDays)
}

// backupMaxAgeDays is the oldest last backup that passes.
const backupMaxAgeDays = 7

var backupResourceRecent = &Check{
	ID:           "backup-resource-recent",
	Service:      "backup",
	Title:        "Resources protected by AWS Backup have a recovery point from the last 7 days",
	Severity:     finding.Medium,
	ResourceType: "AWS::Backup::ProtectedResource",
	Rationale: "A backup plan on paper is not a backup: jobs fail on permissions, KMS key policies, " +
		"resources that moved out of a tag-based selection, or plans that were deleted. The age of a " +
		"resource's newest recovery point is its actual recovery point objective (RPO): if the last backup " +
		"is three weeks old, a failure today loses three weeks of data, whatever the plan says. Resources " +
		"that AWS Backup once protected but no longer backs up show up here as stale.",
	Verify: "aws backup list-protected-resources --query 'Results[].[ResourceArn,ResourceType,LastBackupTime]' — every LastBackupTime within 7 days; " +
		"aws backup list-backup-jobs --by-state FAILED shows why.",
	Remediation: Remediation{
		Summary: "Find why backups stopped (failed jobs, selection no longer matching, plan deleted) and fix it; alarm on failed backup jobs.",
		Console: "AWS Backup > Jobs > Backup jobs > filter Failed / Expired; AWS Backup > Protected resources > RESOURCE > check its plan and selection.",
		CLI: "aws backup list-backup-jobs --by-resource-arn RESOURCE_ARN --max-results 5\n" +
			"aws backup start-backup-job --backup-vault-name VAULT --resource-arn RESOURCE_ARN --iam-role-arn arn:aws:iam::ACCOUNT:role/service-role/AWSBackupDefaultServiceRole",
		Terraform: "resource \"aws_backup_selection\" \"this\" {\n  name         = \"tagged\"\n  plan_id      = aws_backup_plan.this.id\n" +
			"  iam_role_arn = aws_iam_role.backup.arn\n  selection_tag {\n    type  = \"STRINGEQUALS\"\n    key   = \"backup\"\n    value = \"daily\"\n  }\n}",
	},
	Seed: []string{"rto-rpo", "backup-security"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, pr := range r.Resources.BackupProtectedResources {
				loc := At(a, r, pr)
				ev := Ev(pr, "LastBackupTime", dpDate(pr.LastBackupTime))
				if pr.LastBackupTime.IsZero() {
					c.Unknown(loc, "the resource's last backup time was not read", ev)
					continue
				}
				age := daysSince(c, pr.LastBackupTime)
				what := dpOrDefault(pr.ResourceType, "resource") + " " + dpOrDefault(pr.ResourceName, pr.ID)
				if age > backupMaxAgeDays {
					c.Fail(loc, fmt.Sprintf("%s was last backed up %d days ago (%s): its effective RPO is at least %d days",
						what, age, dpDate(pr.LastBackupTime), age), ev)
				} else {
					ago := fmt.Sprintf("%d day(s) ago", age)
					if age == 0 {
						ago = fmt.Sprintf("%d hour(s) ago", int(c.Estate.CollectedAt.Sub(pr.LastBackupTime).Hours()))
					}
					c.Pass(loc, fmt.Sprintf("%s was last backed up %s (%s)", what, pr.LastBackupTime.Format("2006-01-02 15:04 MST"), ago), ev)
				}
			}
		}
	},
}
