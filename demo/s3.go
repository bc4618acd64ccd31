package demo

import "github.com/awssec/awssec/inventory"

// Canonical user ids of the demo accounts (S3 ACL owners).
var s3CanonicalID = map[string]string{
	ManagementAccount: "7c1a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
	ProdAccount:       "4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0",
	DevAccount:        "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
}

// s3Bucket is a bucket with the well-configured defaults of this estate:
// Block Public Access on, owner-only ACL, SSE-S3, versioning on, logging
// to logBucket. Callers change what their example needs.
func s3Bucket(account, region, name, logBucket string, created int) *inventory.S3Bucket {
	b := &inventory.S3Bucket{
		Meta:         meta("s3:ListBuckets", name, "arn:aws:s3:::"+name, name),
		Region:       region,
		CreationDate: daysAgo(created),
		Policy:       s3Policy(name),
		ACL: &inventory.S3ACL{Owner: s3CanonicalID[account], Grants: []inventory.S3Grant{
			{GranteeType: "CanonicalUser", ID: s3CanonicalID[account], Permission: "FULL_CONTROL"}}},
		PublicAccessBlock: s3AllBlocked(),
		PolicyIsPublic:    inventory.Ptr(false),
		Encryption:        &inventory.S3Encryption{SSEAlgorithm: "AES256"},
		Versioning:        &inventory.S3Versioning{Status: "Enabled", MFADelete: "Disabled"},
		Logging:           &inventory.S3Logging{},
		ObjectLock:        &inventory.S3ObjectLock{},
	}
	if logBucket != "" {
		b.Logging = &inventory.S3Logging{TargetBucket: logBucket, TargetPrefix: name + "/"}
	}
	return b
}

func s3AllBlocked() *inventory.S3PublicAccessBlock {
	return &inventory.S3PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

// s3Policy is a bucket policy that denies requests without TLS, plus any
// extra statements.
func s3Policy(bucket string, extra ...string) string {
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",` +
		`"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	for _, s := range extra {
		doc += "," + s
	}
	return doc + "]}"
}

// s3LogDeliveryStatement lets the S3 logging service write access logs for
// the account's buckets.
func s3LogDeliveryStatement(bucket, account string) string {
	return `{"Sid":"S3ServerAccessLogsPolicy","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject",` +
		`"Resource":"arn:aws:s3:::` + bucket + `/*","Condition":{"StringEquals":{"aws:SourceAccount":"` + account + `"}}}`
}

func s3AccountBlock(account string, p *inventory.S3PublicAccessBlock) *inventory.S3AccountPublicAccessBlock {
	return &inventory.S3AccountPublicAccessBlock{
		Meta:                meta("s3control:GetPublicAccessBlock", account, "arn:aws:s3:::"+account+"/public-access-block", ""),
		S3PublicAccessBlock: *p,
	}
}

func addS3(b *builder) {
	mgmt, prod, dev := b.account(ManagementAccount), b.account(ProdAccount), b.account(DevAccount)

	// s3-account-public-access-block: on in management and prod (pass),
	// never configured in dev (fail).
	mgmt.Resources.S3AccountPublicAccessBlock = s3AccountBlock(ManagementAccount, s3AllBlocked())
	prod.Resources.S3AccountPublicAccessBlock = s3AccountBlock(ProdAccount, s3AllBlocked())
	dev.Resources.S3AccountPublicAccessBlock = s3AccountBlock(DevAccount, &inventory.S3PublicAccessBlock{})

	// prod: acme-prod-customer-data is private (Block Public Access on, no
	// public grant) but only SSE-S3 encrypted, has no bucket policy at all
	// (so no TLS-only statement: s3-bucket-secure-transport fails) and no
	// MFA delete. The wordpress-web role reads it.
	customer := s3Bucket(ProdAccount, East, "acme-prod-customer-data", "acme-prod-access-logs", 1460)
	customer.Policy = ""

	// acme-prod-orders-archive is the well-configured peer: SSE-KMS with the
	// rotating customer managed key, bucket keys, versioning with MFA
	// delete, access logging, TLS-only policy and a compliance-mode object
	// lock: it passes every S3 check.
	archive := s3Bucket(ProdAccount, East, "acme-prod-orders-archive", "acme-prod-access-logs", 610)
	archive.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: kmsProdOrdersKey, BucketKeyEnabled: true}
	archive.Versioning.MFADelete = "Enabled"
	archive.ObjectLock = &inventory.S3ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}

	// acme-prod-access-logs receives the prod buckets' access logs: S3
	// allows only SSE-S3 there and it is not logged itself, so the
	// encryption and logging checks skip it.
	logs := s3Bucket(ProdAccount, East, "acme-prod-access-logs", "", 1460)
	logs.Policy = s3Policy("acme-prod-access-logs", s3LogDeliveryStatement("acme-prod-access-logs", ProdAccount))
	prod.Resources.S3Buckets = append(prod.Resources.S3Buckets, customer, archive, logs)

	// management: the organization trail's bucket, SSE-KMS with the trail
	// key, a policy that lets only CloudTrail write (with a source ARN
	// condition) and denies plain HTTP; passes every S3 check.
	trail := s3Bucket(ManagementAccount, East, "acme-org-cloudtrail-logs", "acme-org-s3-access-logs", 1500)
	trail.Policy = s3Policy("acme-org-cloudtrail-logs",
		`{"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl",`+
			`"Resource":"arn:aws:s3:::acme-org-cloudtrail-logs","Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"}}}`,
		`{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",`+
			`"Resource":"arn:aws:s3:::acme-org-cloudtrail-logs/AWSLogs/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control",`+
			`"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"}}}`)
	trail.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: kmsMgmtTrailKey, BucketKeyEnabled: true}
	trail.Versioning.MFADelete = "Enabled"
	mgmtLogs := s3Bucket(ManagementAccount, East, "acme-org-s3-access-logs", "", 1500)
	mgmtLogs.Policy = s3Policy("acme-org-s3-access-logs", s3LogDeliveryStatement("acme-org-s3-access-logs", ManagementAccount))
	mgmtLogs.Versioning.MFADelete = "Enabled"
	mgmt.Resources.S3Buckets = append(mgmt.Resources.S3Buckets, trail, mgmtLogs)

	// dev: acme-dev-public-assets has no Block Public Access (bucket or
	// account), a bucket policy and an ACL that both give everyone read,
	// no versioning, no logging and no TLS-only statement: it fails every
	// S3 check, the public-policy one at critical.
	public := s3Bucket(DevAccount, West, "acme-dev-public-assets", "", 980)
	public.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
	public.PolicyIsPublic = inventory.Ptr(true)
	public.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"PublicReadGetObject","Effect":"Allow","Principal":"*",` +
		`"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-dev-public-assets/*"}]}`
	public.ACL.Grants = append(public.ACL.Grants, inventory.S3Grant{GranteeType: "Group", URI: inventory.S3AllUsersURI, Permission: "READ"})
	public.Versioning = &inventory.S3Versioning{}

	// acme-dev-terraform-state is private and TLS-only, but encrypted with
	// the AWS managed key aws/s3 (s3-bucket-cmk-encryption fails: its key
	// policy cannot be restricted) and not logged.
	state := s3Bucket(DevAccount, East, "acme-dev-terraform-state", "", 700)
	state.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/aws/s3"}
	state.Versioning.MFADelete = ""
	dev.Resources.S3Buckets = append(dev.Resources.S3Buckets, public, state)
}
