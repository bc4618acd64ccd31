package inventory

import "time"

// KMSKey is an AWS::KMS::Key (kms:ListKeys, kms:DescribeKey,
// kms:GetKeyRotationStatus, kms:GetKeyPolicy).
type KMSKey struct {
	Meta `json:",inline"`
	// KeyManager is "AWS" (AWS managed key, aws/<service>) or "CUSTOMER".
	KeyManager string `json:"keyManager,omitzero"`
	// KeySpec is "SYMMETRIC_DEFAULT", "RSA_2048", "HMAC_256", ...
	KeySpec string `json:"keySpec,omitzero"`
	// KeyUsage is "ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", ...
	KeyUsage string `json:"keyUsage,omitzero"`
	// KeyState is "Enabled", "Disabled", "PendingDeletion",
	// "PendingImport", "PendingReplicaDeletion", "Unavailable", ...
	KeyState string `json:"keyState,omitzero"`
	// DeletionDate is when a key in PendingDeletion will be deleted.
	DeletionDate time.Time `json:"deletionDate,omitzero"`
	// PendingDeletionWindowInDays is the waiting period chosen (7-30).
	PendingDeletionWindowInDays int `json:"pendingDeletionWindowInDays,omitzero"`
	// Origin is "AWS_KMS", "EXTERNAL" (imported material), "AWS_CLOUDHSM"
	// or "EXTERNAL_KEY_STORE".
	Origin       string    `json:"origin,omitzero"`
	MultiRegion  bool      `json:"multiRegion,omitzero"`
	CreationDate time.Time `json:"creationDate,omitzero"`
	Description  string    `json:"description,omitzero"`
	// Aliases are the key's alias names ("alias/orders-db").
	Aliases []string `json:"aliases,omitzero"`
	// KeyRotationEnabled is automatic rotation of the key material; nil: not read.
	KeyRotationEnabled *bool `json:"keyRotationEnabled,omitzero"`
	// RotationPeriodInDays is the automatic rotation period (90-2560,
	// default 365); nil: not read or rotation off.
	RotationPeriodInDays *int `json:"rotationPeriodInDays,omitzero"`
	// NextRotationDate is when automatic rotation next happens.
	NextRotationDate time.Time `json:"nextRotationDate,omitzero"`
	// Policy is the key policy document (JSON text); unknown when "policy"
	// is listed in Unread.
	Policy string `json:"policy,omitzero"`
}

// Type returns "AWS::KMS::Key".
func (*KMSKey) Type() string { return "AWS::KMS::Key" }
