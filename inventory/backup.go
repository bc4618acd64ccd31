package inventory

// BackupVault is an AWS::Backup::BackupVault.
type BackupVault struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Backup::BackupVault".
func (*BackupVault) Type() string { return "AWS::Backup::BackupVault" }

// BackupPlan is an AWS::Backup::BackupPlan.
type BackupPlan struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Backup::BackupPlan".
func (*BackupPlan) Type() string { return "AWS::Backup::BackupPlan" }

// BackupProtectedResource is an AWS::Backup::ProtectedResource.
type BackupProtectedResource struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Backup::ProtectedResource".
func (*BackupProtectedResource) Type() string { return "AWS::Backup::ProtectedResource" }
