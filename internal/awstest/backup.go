package awstest

import (
	"fmt"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerBackup serves the region's AWS Backup vaults, plans and protected
// resources (REST-JSON, signing name "backup", nextToken paging).
func registerBackup(s *Server) {
	region := func(r *Request) *inventory.Region {
		if _, reg := r.Scope(s); reg != nil {
			return reg
		}
		return &inventory.Region{}
	}
	s.Route("backup", "GET", "/backup-vaults", "ListBackupVaults", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.BackupVaults, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, v := range page {
			m := M{"BackupVaultName": v.Name, "BackupVaultArn": v.ARN, "VaultType": v.VaultType, "VaultState": "AVAILABLE",
				"EncryptionKeyArn": backupStr(v.EncryptionKeyARN), "CreationDate": backupTime(v.CreationDate),
				"NumberOfRecoveryPoints": v.NumberOfRecoveryPoints, "Locked": false}
			// ListBackupVaults reports Vault Lock; the estate's vaults all
			// have it read, so an unread lock cannot be served.
			if l := v.Lock; l != nil && l.Mode != inventory.BackupLockNone {
				// Locked is AWS's "Vault Lock protects the recovery
				// points", true in both modes.
				m["Locked"] = true
				if l.MinRetentionDays != 0 {
					m["MinRetentionDays"] = l.MinRetentionDays
				}
				if l.MaxRetentionDays != 0 {
					m["MaxRetentionDays"] = l.MaxRetentionDays
				}
				m["LockDate"] = backupTime(l.LockDate)
			}
			items = append(items, m)
		}
		return M{"BackupVaultList": items, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Route("backup", "GET", "/backup-vaults/{BackupVaultName}/access-policy", "GetBackupVaultAccessPolicy", func(r *Request) (any, error) {
		name := r.String("BackupVaultName")
		for _, v := range region(r).Resources.BackupVaults {
			if v.Name != name {
				continue
			}
			if !v.Known("accessPolicy") {
				return nil, AccessDenied(RESTJSON)
			}
			if v.AccessPolicy == "" {
				return nil, &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Backup vault " + name + " does not have an access policy"}
			}
			return M{"BackupVaultName": v.Name, "BackupVaultArn": v.ARN, "Policy": v.AccessPolicy}, nil
		}
		return nil, &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Backup vault " + name + " does not exist"}
	})

	s.Route("backup", "GET", "/backup/plans", "ListBackupPlans", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.BackupPlans, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, p := range page {
			items = append(items, M{"BackupPlanId": p.ID, "BackupPlanArn": p.ARN, "BackupPlanName": p.Name, "VersionId": p.VersionID,
				"CreationDate": backupTime(p.CreationDate), "LastExecutionDate": backupTime(p.LastExecutionDate)})
		}
		return M{"BackupPlansList": items, "NextToken": nilIfEmpty(next)}, nil
	})
	findPlan := func(r *Request) (*inventory.BackupPlan, error) {
		id := r.String("BackupPlanId")
		for _, p := range region(r).Resources.BackupPlans {
			if p.ID == id {
				return p, nil
			}
		}
		return nil, &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Failed reading Backup plan with provided version"}
	}
	s.Route("backup", "GET", "/backup/plans/{BackupPlanId}", "GetBackupPlan", func(r *Request) (any, error) {
		p, err := findPlan(r)
		if err != nil {
			return nil, err
		}
		if !p.Known("rules") {
			return nil, AccessDenied(RESTJSON)
		}
		rules := []any{}
		for i, rule := range p.Rules {
			m := M{"RuleName": rule.RuleName, "TargetBackupVaultName": rule.TargetBackupVaultName, "RuleId": fmt.Sprintf("%s-rule-%d", p.ID[:8], i+1),
				"ScheduleExpression": backupStr(rule.ScheduleExpression), "ScheduleExpressionTimezone": "Etc/UTC",
				"EnableContinuousBackup": rule.EnableContinuousBackup, "Lifecycle": backupLifecycle(rule.Lifecycle)}
			if rule.StartWindowMinutes != 0 {
				m["StartWindowMinutes"] = rule.StartWindowMinutes
			}
			if rule.CompletionWindowMinutes != 0 {
				m["CompletionWindowMinutes"] = rule.CompletionWindowMinutes
			}
			copies := []any{}
			for _, c := range rule.CopyActions {
				copies = append(copies, M{"DestinationBackupVaultArn": c.DestinationBackupVaultARN, "Lifecycle": backupLifecycle(c.Lifecycle)})
			}
			m["CopyActions"] = copies
			rules = append(rules, m)
		}
		return M{"BackupPlanId": p.ID, "BackupPlanArn": p.ARN, "VersionId": p.VersionID,
			"CreationDate": backupTime(p.CreationDate), "LastExecutionDate": backupTime(p.LastExecutionDate),
			"BackupPlan": M{"BackupPlanName": p.Name, "Rules": rules}}, nil
	})
	// Selections have no id in the estate: the double numbers them.
	selectionID := func(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1) }
	s.Route("backup", "GET", "/backup/plans/{BackupPlanId}/selections", "ListBackupSelections", func(r *Request) (any, error) {
		p, err := findPlan(r)
		if err != nil {
			return nil, err
		}
		if !p.Known("selections") {
			return nil, AccessDenied(RESTJSON)
		}
		var all []any
		for i, sel := range p.Selections {
			all = append(all, M{"SelectionId": selectionID(i), "SelectionName": sel.SelectionName, "BackupPlanId": p.ID,
				"IamRoleArn": backupStr(sel.IAMRoleARN), "CreationDate": backupTime(p.CreationDate)})
		}
		page, next, err := Page(all, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		if page == nil {
			page = []any{}
		}
		return M{"BackupSelectionsList": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Route("backup", "GET", "/backup/plans/{BackupPlanId}/selections/{SelectionId}", "GetBackupSelection", func(r *Request) (any, error) {
		p, err := findPlan(r)
		if err != nil {
			return nil, err
		}
		for i, sel := range p.Selections {
			if selectionID(i) != r.String("SelectionId") {
				continue
			}
			// AWS answers every list of a selection, empty when unused.
			tags := []any{}
			for _, t := range sel.ListOfTags {
				tags = append(tags, M{"ConditionType": t.ConditionType, "ConditionKey": t.Key, "ConditionValue": t.Value})
			}
			empty := []any{}
			return M{"SelectionId": selectionID(i), "BackupPlanId": p.ID, "CreationDate": backupTime(p.CreationDate),
				"BackupSelection": M{"SelectionName": sel.SelectionName, "IamRoleArn": backupStr(sel.IAMRoleARN),
					"Resources": backupStrings(sel.Resources), "NotResources": backupStrings(sel.NotResources), "ListOfTags": tags,
					"Conditions": M{"StringEquals": empty, "StringNotEquals": empty, "StringLike": empty, "StringNotLike": empty}}}, nil
		}
		return nil, &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Failed reading Backup selection"}
	})

	s.Route("backup", "GET", "/resources", "ListProtectedResources", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.BackupProtectedResources, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, p := range page {
			items = append(items, M{"ResourceArn": p.ARN, "ResourceType": p.ResourceType, "ResourceName": backupStr(p.ResourceName),
				"LastBackupTime": backupTime(p.LastBackupTime), "LastBackupVaultArn": backupStr(p.LastBackupVaultARN),
				"LastRecoveryPointArn": backupStr(p.LastRecoveryPointARN)})
		}
		return M{"Results": items, "NextToken": nilIfEmpty(next)}, nil
	})
}

// backupLifecycle is a rule's or copy action's lifecycle; AWS leaves out
// the members that are not set.
func backupLifecycle(l inventory.BackupLifecycle) any {
	m := M{}
	if l.MoveToColdStorageAfterDays != 0 {
		m["MoveToColdStorageAfterDays"] = l.MoveToColdStorageAfterDays
	}
	if l.DeleteAfterDays != 0 {
		m["DeleteAfterDays"] = l.DeleteAfterDays
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func backupStrings(v []string) []any {
	out := []any{}
	for _, s := range v {
		out = append(out, s)
	}
	return out
}

func backupStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func backupTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
