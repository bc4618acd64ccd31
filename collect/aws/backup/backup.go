// Package backup collects AWS Backup vaults (AWS::Backup::BackupVault) with
// their Vault Lock and access policy, backup plans (AWS::Backup::BackupPlan)
// with their rules and selections, and the protected resources
// (AWS::Backup::ProtectedResource) with their latest recovery point.
package backup

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	vaultType     = "AWS::Backup::BackupVault"
	planType      = "AWS::Backup::BackupPlan"
	protectedType = "AWS::Backup::ProtectedResource"
)

// Service is the AWS Backup collector.
var Service = collect.Service{
	Name:    "backup",
	Types:   []string{vaultType, planType, protectedType},
	Collect: collectBackup,
	Operations: []string{
		"backup:ListBackupVaults", "backup:GetBackupVaultAccessPolicy",
		"backup:ListBackupPlans", "backup:GetBackupPlan", "backup:ListBackupSelections", "backup:GetBackupSelection",
		"backup:ListProtectedResources",
	},
}

func collectBackup(ctx context.Context, s *collect.Scope) {
	client := backup.NewFromConfig(s.Config)
	if vaults, err := listVaults(ctx, s, client); err != nil {
		s.Gap(vaultType, "backup:ListBackupVaults", err)
	} else {
		s.Region.Resources.BackupVaults = vaults
	}
	if plans, err := listPlans(ctx, s, client); err != nil {
		s.Gap(planType, "backup:ListBackupPlans", err)
	} else {
		s.Region.Resources.BackupPlans = plans
	}
	if resources, err := listProtected(ctx, s, client); err != nil {
		s.Gap(protectedType, "backup:ListProtectedResources", err)
	} else {
		s.Region.Resources.BackupProtectedResources = resources
	}
}

// listVaults reads the vaults from ListBackupVaults, which carries
// everything DescribeBackupVault would (Vault Lock included), and each
// vault's access policy.
func listVaults(ctx context.Context, s *collect.Scope, client *backup.Client) ([]*inventory.BackupVault, error) {
	now := s.Estate.CollectedAt
	if now.IsZero() {
		now = time.Now()
	}
	var out []*inventory.BackupVault
	pages := backup.NewListBackupVaultsPaginator(client, &backup.ListBackupVaultsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range page.BackupVaultList {
			name := aws.ToString(v.BackupVaultName)
			vault := &inventory.BackupVault{
				Meta:                   s.Meta("backup:ListBackupVaults", name, aws.ToString(v.BackupVaultArn), name),
				VaultType:              string(v.VaultType),
				EncryptionKeyARN:       aws.ToString(v.EncryptionKeyArn),
				CreationDate:           aws.ToTime(v.CreationDate),
				NumberOfRecoveryPoints: v.NumberOfRecoveryPoints,
				Lock:                   lock(v, now),
			}
			// ResourceNotFoundException is how AWS Backup says "no policy".
			pol, err := client.GetBackupVaultAccessPolicy(collect.Expect(ctx, "ResourceNotFoundException"),
				&backup.GetBackupVaultAccessPolicyInput{BackupVaultName: v.BackupVaultName})
			switch {
			case err == nil:
				vault.AccessPolicy = aws.ToString(pol.Policy)
			case collect.IsCode(err, "ResourceNotFoundException"):
				// The vault has no access policy.
			default:
				vault.Unread = append(vault.Unread, "accessPolicy")
			}
			out = append(out, vault)
		}
	}
	return out, nil
}

// lock works out the Vault Lock mode: a lock date is only set in compliance
// mode (it ends the grace time); a lock without one, reported as Locked or
// by its retention bounds, is in governance mode.
func lock(v types.BackupVaultListMember, now time.Time) *inventory.BackupVaultLock {
	l := &inventory.BackupVaultLock{Mode: inventory.BackupLockNone}
	switch {
	case v.LockDate != nil:
		l.Mode, l.LockDate = inventory.BackupLockCompliance, *v.LockDate
		l.Locked = !l.LockDate.After(now)
	case aws.ToBool(v.Locked) || v.MinRetentionDays != nil || v.MaxRetentionDays != nil:
		l.Mode = inventory.BackupLockGovernance
	default:
		return l
	}
	l.MinRetentionDays, l.MaxRetentionDays = int(aws.ToInt64(v.MinRetentionDays)), int(aws.ToInt64(v.MaxRetentionDays))
	return l
}

// listPlans reads each plan's rules (GetBackupPlan) and selections. A failed
// detail call leaves the plan with "rules" or "selections" unread.
func listPlans(ctx context.Context, s *collect.Scope, client *backup.Client) ([]*inventory.BackupPlan, error) {
	var out []*inventory.BackupPlan
	pages := backup.NewListBackupPlansPaginator(client, &backup.ListBackupPlansInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range page.BackupPlansList {
			plan := &inventory.BackupPlan{
				Meta:              s.Meta("backup:GetBackupPlan", aws.ToString(p.BackupPlanId), aws.ToString(p.BackupPlanArn), aws.ToString(p.BackupPlanName)),
				VersionID:         aws.ToString(p.VersionId),
				CreationDate:      aws.ToTime(p.CreationDate),
				LastExecutionDate: aws.ToTime(p.LastExecutionDate),
			}
			got, err := client.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: p.BackupPlanId, VersionId: p.VersionId})
			if err != nil || got.BackupPlan == nil {
				plan.Source.Call = "backup:ListBackupPlans"
				plan.Unread = append(plan.Unread, "rules")
			} else {
				for _, r := range got.BackupPlan.Rules {
					plan.Rules = append(plan.Rules, rule(r))
				}
			}
			if plan.Selections, err = selections(ctx, client, p.BackupPlanId); err != nil {
				plan.Unread = append(plan.Unread, "selections")
			}
			out = append(out, plan)
		}
	}
	return out, nil
}

func rule(r types.BackupRule) inventory.BackupRule {
	out := inventory.BackupRule{
		RuleName:                aws.ToString(r.RuleName),
		TargetBackupVaultName:   aws.ToString(r.TargetBackupVaultName),
		ScheduleExpression:      aws.ToString(r.ScheduleExpression),
		StartWindowMinutes:      int(aws.ToInt64(r.StartWindowMinutes)),
		CompletionWindowMinutes: int(aws.ToInt64(r.CompletionWindowMinutes)),
		Lifecycle:               lifecycle(r.Lifecycle),
		EnableContinuousBackup:  aws.ToBool(r.EnableContinuousBackup),
	}
	for _, c := range r.CopyActions {
		out.CopyActions = append(out.CopyActions, inventory.BackupCopyAction{
			DestinationBackupVaultARN: aws.ToString(c.DestinationBackupVaultArn), Lifecycle: lifecycle(c.Lifecycle)})
	}
	return out
}

func lifecycle(l *types.Lifecycle) inventory.BackupLifecycle {
	if l == nil {
		return inventory.BackupLifecycle{}
	}
	return inventory.BackupLifecycle{MoveToColdStorageAfterDays: int(aws.ToInt64(l.MoveToColdStorageAfterDays)), DeleteAfterDays: int(aws.ToInt64(l.DeleteAfterDays))}
}

// selections reads a plan's selections; any failure makes them all unknown.
func selections(ctx context.Context, client *backup.Client, planID *string) ([]inventory.BackupSelection, error) {
	var out []inventory.BackupSelection
	pages := backup.NewListBackupSelectionsPaginator(client, &backup.ListBackupSelectionsInput{BackupPlanId: planID})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, entry := range page.BackupSelectionsList {
			got, err := client.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: planID, SelectionId: entry.SelectionId})
			if err != nil {
				return nil, err
			}
			sel := inventory.BackupSelection{SelectionName: aws.ToString(entry.SelectionName), IAMRoleARN: aws.ToString(entry.IamRoleArn)}
			if b := got.BackupSelection; b != nil {
				sel.SelectionName, sel.IAMRoleARN = aws.ToString(b.SelectionName), aws.ToString(b.IamRoleArn)
				// AWS answers empty lists for what a selection does not use:
				// keep them nil.
				sel.Resources = append(sel.Resources, b.Resources...)
				sel.NotResources = append(sel.NotResources, b.NotResources...)
				for _, c := range b.ListOfTags {
					sel.ListOfTags = append(sel.ListOfTags, inventory.BackupTagCondition{
						ConditionType: string(c.ConditionType), Key: aws.ToString(c.ConditionKey), Value: aws.ToString(c.ConditionValue)})
				}
			}
			out = append(out, sel)
		}
	}
	return out, nil
}

func listProtected(ctx context.Context, s *collect.Scope, client *backup.Client) ([]*inventory.BackupProtectedResource, error) {
	var out []*inventory.BackupProtectedResource
	pages := backup.NewListProtectedResourcesPaginator(client, &backup.ListProtectedResourcesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Results {
			arn := aws.ToString(r.ResourceArn)
			out = append(out, &inventory.BackupProtectedResource{
				Meta:                 s.Meta("backup:ListProtectedResources", arn, arn, aws.ToString(r.ResourceName)),
				ResourceType:         aws.ToString(r.ResourceType),
				ResourceName:         aws.ToString(r.ResourceName),
				LastBackupTime:       aws.ToTime(r.LastBackupTime),
				LastBackupVaultARN:   aws.ToString(r.LastBackupVaultArn),
				LastRecoveryPointARN: aws.ToString(r.LastRecoveryPointArn),
			})
		}
	}
	return out, nil
}
