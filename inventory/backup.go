package inventory

import "time"

// BackupVault is an AWS::Backup::BackupVault (backup:ListBackupVaults,
// backup:DescribeBackupVault, backup:GetBackupVaultAccessPolicy).
type BackupVault struct {
	Meta `json:",inline"`
	// VaultType is "BACKUP_VAULT" or "LOGICALLY_AIR_GAPPED_BACKUP_VAULT".
	VaultType        string    `json:"vaultType,omitzero"`
	EncryptionKeyARN string    `json:"encryptionKeyArn,omitzero"`
	CreationDate     time.Time `json:"creationDate,omitzero"`
	// NumberOfRecoveryPoints is how many recovery points the vault holds.
	NumberOfRecoveryPoints int64 `json:"numberOfRecoveryPoints,omitzero"`
	// Lock is the vault's Vault Lock state; nil: not read.
	Lock *BackupVaultLock `json:"lock,omitzero"`
	// AccessPolicy is the vault's access policy (JSON text); empty: none,
	// unless "accessPolicy" is listed in Unread.
	AccessPolicy string `json:"accessPolicy,omitzero"`
}

// Vault Lock modes.
const (
	BackupLockNone       = "none"
	BackupLockGovernance = "governance"
	BackupLockCompliance = "compliance"
)

// BackupVaultLock is a vault's AWS Backup Vault Lock.
type BackupVaultLock struct {
	// Mode is BackupLockNone, BackupLockGovernance (removable by anyone
	// allowed backup:DeleteBackupVaultLockConfiguration) or
	// BackupLockCompliance (a LockDate was set: immutable once it passes).
	Mode string `json:"mode"`
	// Locked is true once a compliance-mode lock's grace time is over:
	// nobody, not the root user nor AWS, can change or remove it.
	Locked           bool `json:"locked,omitzero"`
	MinRetentionDays int  `json:"minRetentionDays,omitzero"`
	MaxRetentionDays int  `json:"maxRetentionDays,omitzero"`
	// LockDate is the end of a compliance-mode lock's grace time.
	LockDate time.Time `json:"lockDate,omitzero"`
}

// Type returns "AWS::Backup::BackupVault".
func (*BackupVault) Type() string { return "AWS::Backup::BackupVault" }

// BackupPlan is an AWS::Backup::BackupPlan (backup:ListBackupPlans,
// backup:GetBackupPlan, backup:ListBackupSelections, backup:GetBackupSelection).
type BackupPlan struct {
	Meta              `json:",inline"`
	VersionID         string    `json:"versionId,omitzero"`
	CreationDate      time.Time `json:"creationDate,omitzero"`
	LastExecutionDate time.Time `json:"lastExecutionDate,omitzero"`
	// Rules are the plan's rules; unknown when "rules" is listed in Unread.
	Rules []BackupRule `json:"rules,omitzero"`
	// Selections assign resources to the plan.
	Selections []BackupSelection `json:"selections,omitzero"`
}

// BackupRule is one rule of a backup plan.
type BackupRule struct {
	RuleName              string `json:"ruleName"`
	TargetBackupVaultName string `json:"targetBackupVaultName"`
	// ScheduleExpression is a cron() expression ("cron(0 5 ? * * *)").
	ScheduleExpression string `json:"scheduleExpression,omitzero"`
	StartWindowMinutes int    `json:"startWindowMinutes,omitzero"`
	// CompletionWindowMinutes bounds how long a backup job may run.
	CompletionWindowMinutes int             `json:"completionWindowMinutes,omitzero"`
	Lifecycle               BackupLifecycle `json:"lifecycle,omitzero"`
	// EnableContinuousBackup turns on point-in-time restore where supported.
	EnableContinuousBackup bool               `json:"enableContinuousBackup,omitzero"`
	CopyActions            []BackupCopyAction `json:"copyActions,omitzero"`
}

// BackupLifecycle is how long recovery points are kept. Zero: forever.
type BackupLifecycle struct {
	MoveToColdStorageAfterDays int `json:"moveToColdStorageAfterDays,omitzero"`
	DeleteAfterDays            int `json:"deleteAfterDays,omitzero"`
}

// BackupCopyAction copies each recovery point to another vault, which may
// be in another region or account.
type BackupCopyAction struct {
	DestinationBackupVaultARN string          `json:"destinationBackupVaultArn"`
	Lifecycle                 BackupLifecycle `json:"lifecycle,omitzero"`
}

// BackupSelection is a backup selection: the resources a plan backs up.
type BackupSelection struct {
	SelectionName string `json:"selectionName"`
	IAMRoleARN    string `json:"iamRoleArn,omitzero"`
	// Resources are ARNs or ARN patterns ("arn:aws:rds:*:*:db:*", "*").
	Resources    []string             `json:"resources,omitzero"`
	NotResources []string             `json:"notResources,omitzero"`
	ListOfTags   []BackupTagCondition `json:"listOfTags,omitzero"`
}

// BackupTagCondition selects resources by tag.
type BackupTagCondition struct {
	// ConditionType is "STRINGEQUALS".
	ConditionType string `json:"conditionType"`
	Key           string `json:"key"`
	Value         string `json:"value"`
}

// Type returns "AWS::Backup::BackupPlan".
func (*BackupPlan) Type() string { return "AWS::Backup::BackupPlan" }

// BackupProtectedResource is an AWS::Backup::ProtectedResource: a resource
// with at least one recovery point (backup:ListProtectedResources). Its
// Meta ID and ARN are the resource's ARN.
type BackupProtectedResource struct {
	Meta `json:",inline"`
	// ResourceType is AWS Backup's name for it: "RDS", "EBS", "EC2",
	// "DynamoDB", "EFS", "S3", "Aurora", ...
	ResourceType         string    `json:"resourceType,omitzero"`
	ResourceName         string    `json:"resourceName,omitzero"`
	LastBackupTime       time.Time `json:"lastBackupTime,omitzero"`
	LastBackupVaultARN   string    `json:"lastBackupVaultArn,omitzero"`
	LastRecoveryPointARN string    `json:"lastRecoveryPointArn,omitzero"`
}

// Type returns "AWS::Backup::ProtectedResource".
func (*BackupProtectedResource) Type() string { return "AWS::Backup::ProtectedResource" }
