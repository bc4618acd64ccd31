package inventory

import "time"

// S3Bucket is an AWS::S3::Bucket. Buckets are listed once per account
// (s3:ListBuckets is global); Region is the bucket's home region.
type S3Bucket struct {
	Meta `json:",inline"`
	// Region is the bucket's home region (s3:GetBucketLocation).
	Region       string    `json:"region,omitzero"`
	CreationDate time.Time `json:"creationDate,omitzero"`
	// Policy is the bucket policy document (JSON text); empty: the bucket
	// has no policy, unless "policy" is listed in Unread.
	Policy string `json:"policy,omitzero"`
	// PolicyIsPublic is S3's own verdict on the policy
	// (s3:GetBucketPolicyStatus PolicyStatus.IsPublic); nil: not read.
	PolicyIsPublic *bool `json:"policyIsPublic,omitzero"`
	// ACL is the bucket's access control list; nil: not read.
	ACL *S3ACL `json:"acl,omitzero"`
	// PublicAccessBlock is the bucket's own Block Public Access
	// configuration; nil: not read.
	PublicAccessBlock *S3PublicAccessBlock `json:"publicAccessBlock,omitzero"`
	// Encryption is the default encryption configuration; nil: not read.
	Encryption *S3Encryption `json:"encryption,omitzero"`
	// Versioning is the versioning configuration; nil: not read.
	Versioning *S3Versioning `json:"versioning,omitzero"`
	// Logging is the server access logging configuration; nil: not read.
	Logging *S3Logging `json:"logging,omitzero"`
	// ObjectLock is the object lock configuration; nil: not read.
	ObjectLock *S3ObjectLock `json:"objectLock,omitzero"`
}

// Type returns "AWS::S3::Bucket".
func (*S3Bucket) Type() string { return "AWS::S3::Bucket" }

// S3ACL is a bucket's access control list (s3:GetBucketAcl).
type S3ACL struct {
	// Owner is the canonical user id of the bucket owner.
	Owner  string    `json:"owner,omitzero"`
	Grants []S3Grant `json:"grants,omitzero"`
}

// S3 ACL group URIs that make a grant public.
const (
	S3AllUsersURI           = "http://acs.amazonaws.com/groups/global/AllUsers"
	S3AuthenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	S3LogDeliveryURI        = "http://acs.amazonaws.com/groups/s3/LogDelivery"
)

// S3Grant is one grant of an ACL.
type S3Grant struct {
	// GranteeType is "CanonicalUser", "Group" or "AmazonCustomerByEmail".
	GranteeType string `json:"granteeType"`
	// URI names the group of a Group grantee (S3AllUsersURI, ...).
	URI string `json:"uri,omitzero"`
	// ID is the canonical user id of a CanonicalUser grantee.
	ID           string `json:"id,omitzero"`
	DisplayName  string `json:"displayName,omitzero"`
	EmailAddress string `json:"emailAddress,omitzero"`
	// Permission is FULL_CONTROL, READ, WRITE, READ_ACP or WRITE_ACP.
	Permission string `json:"permission"`
}

// S3PublicAccessBlock is a Block Public Access configuration, of a bucket
// (s3:GetPublicAccessBlock) or of an account (s3control:GetPublicAccessBlock).
type S3PublicAccessBlock struct {
	// Configured is false when there is no configuration at all
	// (NoSuchPublicAccessBlockConfiguration): every flag is then off.
	Configured            bool `json:"configured"`
	BlockPublicAcls       bool `json:"blockPublicAcls,omitzero"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls,omitzero"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy,omitzero"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets,omitzero"`
}

// All reports whether all four flags are on.
func (p *S3PublicAccessBlock) All() bool {
	return p != nil && p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// Off lists the names of the flags that are off, in API order.
func (p *S3PublicAccessBlock) Off() []string {
	var off []string
	for _, f := range []struct {
		name string
		on   bool
	}{{"BlockPublicAcls", p.BlockPublicAcls}, {"IgnorePublicAcls", p.IgnorePublicAcls},
		{"BlockPublicPolicy", p.BlockPublicPolicy}, {"RestrictPublicBuckets", p.RestrictPublicBuckets}} {
		if !f.on {
			off = append(off, f.name)
		}
	}
	return off
}

// S3Encryption is a bucket's default encryption (s3:GetBucketEncryption).
type S3Encryption struct {
	// SSEAlgorithm is "AES256" (SSE-S3), "aws:kms" (SSE-KMS) or
	// "aws:kms:dsse" (DSSE-KMS). Since January 2023 every bucket has at
	// least AES256.
	SSEAlgorithm string `json:"sseAlgorithm,omitzero"`
	// KMSMasterKeyID is the KMS key (ARN, id or alias) for the aws:kms
	// algorithms; empty with aws:kms: the AWS managed key aws/s3.
	KMSMasterKeyID   string `json:"kmsMasterKeyId,omitzero"`
	BucketKeyEnabled bool   `json:"bucketKeyEnabled,omitzero"`
}

// S3Versioning is a bucket's versioning state (s3:GetBucketVersioning).
type S3Versioning struct {
	// Status is "Enabled", "Suspended", or empty: never enabled.
	Status string `json:"status,omitzero"`
	// MFADelete is "Enabled", "Disabled", or empty: never configured.
	MFADelete string `json:"mfaDelete,omitzero"`
}

// S3Logging is a bucket's server access logging (s3:GetBucketLogging).
type S3Logging struct {
	// TargetBucket receives the access logs; empty: logging is off.
	TargetBucket string `json:"targetBucket,omitzero"`
	TargetPrefix string `json:"targetPrefix,omitzero"`
}

// S3ObjectLock is a bucket's object lock configuration
// (s3:GetObjectLockConfiguration).
type S3ObjectLock struct {
	// Enabled is true when object lock is enabled on the bucket.
	Enabled bool `json:"enabled,omitzero"`
	// Mode is the default retention mode, "GOVERNANCE" or "COMPLIANCE";
	// empty: no default retention.
	Mode  string `json:"mode,omitzero"`
	Days  int    `json:"days,omitzero"`
	Years int    `json:"years,omitzero"`
}

// S3AccountPublicAccessBlock is an AWS::S3::AccountPublicAccessBlock: the
// account-wide Block Public Access settings, which apply to every bucket.
type S3AccountPublicAccessBlock struct {
	Meta                `json:",inline"`
	S3PublicAccessBlock `json:",inline"`
}

// Type returns "AWS::S3::AccountPublicAccessBlock".
func (*S3AccountPublicAccessBlock) Type() string { return "AWS::S3::AccountPublicAccessBlock" }
