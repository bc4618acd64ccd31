package inventory

import "time"

// ECRRepository is an AWS::ECR::Repository (ecr:DescribeRepositories,
// ecr:GetRepositoryPolicy, ecr:GetRegistryScanningConfiguration).
type ECRRepository struct {
	Meta          `json:",inline"`
	RepositoryURI string    `json:"repositoryUri,omitzero"`
	CreatedAt     time.Time `json:"createdAt,omitzero"`
	// ImageTagMutability is "MUTABLE", "IMMUTABLE",
	// "MUTABLE_WITH_EXCLUSION" or "IMMUTABLE_WITH_EXCLUSION".
	ImageTagMutability string `json:"imageTagMutability,omitzero"`
	// ScanOnPush is the repository's basic scan-on-push setting; nil: not read.
	ScanOnPush *bool `json:"scanOnPush,omitzero"`
	// RegistryScanType is the registry scanning configuration that applies
	// to this repository: "ENHANCED" (Amazon Inspector scans every pushed
	// image and rescans continuously), "BASIC", or empty: not read.
	RegistryScanType string `json:"registryScanType,omitzero"`
	// EncryptionType is "AES256", "KMS" or "KMS_DSSE".
	EncryptionType string `json:"encryptionType,omitzero"`
	KMSKey         string `json:"kmsKey,omitzero"`
	// Policy is the repository policy (JSON text); empty: none, unless
	// "policy" is listed in Unread.
	Policy string `json:"policy,omitzero"`
}

// Type returns "AWS::ECR::Repository".
func (*ECRRepository) Type() string { return "AWS::ECR::Repository" }
