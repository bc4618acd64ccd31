package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

func s3Checks() []*Check {
	return []*Check{
		s3BucketPublicAccessBlock, s3AccountPublicAccessBlock, s3BucketPolicyPublic, s3BucketACLPublic,
		s3BucketSecureTransport, s3BucketCMKEncryption, s3BucketVersioning, s3BucketMFADelete, s3BucketAccessLogging,
	}
}

// bucketAt locates a result on a bucket, in its home region when known.
func bucketAt(a *inventory.Account, b *inventory.S3Bucket) Loc {
	loc := At(a, nil, b)
	if b.Region != "" {
		loc.Region = b.Region
	}
	return loc
}

// eachBucket calls fn for every bucket of every account the check can assess.
func eachBucket(c *Context, fn func(a *inventory.Account, b *inventory.S3Bucket, loc Loc)) {
	for a := range c.Accounts() {
		for _, b := range a.Resources.S3Buckets {
			fn(a, b, bucketAt(a, b))
		}
	}
}

// accountPAB is the account's Block Public Access, or nil when not read.
func accountPAB(a *inventory.Account) *inventory.S3PublicAccessBlock {
	if p := a.Resources.S3AccountPublicAccessBlock; p != nil {
		return &p.S3PublicAccessBlock
	}
	return nil
}

var s3BucketPublicAccessBlock = &Check{
	ID:           "s3-bucket-public-access-block",
	Service:      "s3",
	Title:        "S3 buckets block public access (all four Block Public Access settings, on the bucket or the account)",
	Severity:     finding.Medium,
	ResourceType: "AWS::S3::Bucket",
	Needs:        []string{"AWS::S3::AccountPublicAccessBlock"},
	Rationale: "Block Public Access is the guard rail that stops one careless change from publishing a bucket: " +
		"with BlockPublicPolicy and BlockPublicAcls on, S3 rejects a bucket policy or ACL that would grant " +
		"access to everyone; with IgnorePublicAcls and RestrictPublicBuckets on, existing public grants stop " +
		"working. Without it, a developer testing a static site, a Terraform module with a permissive default " +
		"or an attacker with s3:PutBucketPolicy can expose every object with a single API call, and the data is " +
		"then downloadable by anyone who guesses the bucket name (tools enumerate them at scale). The settings " +
		"apply per bucket and per account; either level with all four flags on protects the bucket.",
	Verify: "aws s3api get-public-access-block --bucket BUCKET (NoSuchPublicAccessBlockConfiguration means none) " +
		"and aws s3control get-public-access-block --account-id ACCOUNT — all four flags must be true on one of them.",
	Remediation: Remediation{
		Summary: "Turn on all four Block Public Access settings on the bucket (or for the whole account).",
		Console: "S3 > Buckets > BUCKET > Permissions > Block public access (bucket settings) > Edit > Block all public access > Save. " +
			"For every bucket at once: S3 > Block Public Access settings for this account > Edit.",
		CLI: "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration " +
			"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		Terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket                  = aws_s3_bucket.this.id\n" +
			"  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.1.4"}, "5.0.0": {"2.1.4"}},
	Seed: []string{"data-at-rest", "secure-configuration"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			pab, acct := b.PublicAccessBlock, accountPAB(a)
			ev := []finding.Evidence{Ev(b, "PublicAccessBlockConfiguration", s3PABString(pab)),
				s3AccountEv(a)}
			switch {
			case pab.All():
				c.Pass(loc, "all four Block Public Access settings are on for the bucket", ev...)
			case acct.All():
				c.Pass(loc, "the account's Block Public Access settings (all four on) cover the bucket", ev...)
			case pab == nil:
				c.Unknown(loc, "the bucket's Block Public Access configuration was not read", ev...)
			case acct == nil:
				c.Unknown(loc, "bucket Block Public Access is incomplete and the account-level settings were not read", ev...)
			default:
				c.Fail(loc, "Block Public Access is not fully on: bucket "+s3PABString(pab)+"; account "+s3PABString(acct), ev...)
			}
		})
	},
}

// s3AccountEv is the evidence of the account's Block Public Access.
func s3AccountEv(a *inventory.Account) finding.Evidence {
	p := a.Resources.S3AccountPublicAccessBlock
	if p == nil {
		return Ev(nil, "AccountPublicAccessBlock", "unknown")
	}
	return Ev(p, "AccountPublicAccessBlock", s3PABString(&p.S3PublicAccessBlock))
}

// s3PABString renders a Block Public Access configuration for messages.
func s3PABString(p *inventory.S3PublicAccessBlock) string {
	switch {
	case p == nil:
		return "unknown"
	case !p.Configured:
		return "none configured"
	case p.All():
		return "all four on"
	}
	return "off: " + strings.Join(p.Off(), ", ")
}

var s3AccountPublicAccessBlock = &Check{
	ID:           "s3-account-public-access-block",
	Service:      "s3",
	Title:        "The account blocks S3 public access for every bucket (account-level Block Public Access)",
	Severity:     finding.Medium,
	ResourceType: "AWS::S3::AccountPublicAccessBlock",
	Rationale: "The account-level Block Public Access settings override every bucket's own settings, policy " +
		"and ACLs, including buckets created tomorrow by a script that forgets the bucket-level block. It is " +
		"the one switch that makes \"no bucket in this account is public\" true by construction; accounts " +
		"that must serve public objects should do it through CloudFront with origin access control, which " +
		"works with the account block on.",
	Verify: "aws s3control get-public-access-block --account-id ACCOUNT — all four flags must be true " +
		"(NoSuchPublicAccessBlockConfiguration means none is set).",
	Remediation: Remediation{
		Summary: "Turn on all four Block Public Access settings for the account.",
		Console: "S3 > Block Public Access settings for this account > Edit > Block all public access > Save changes > type confirm.",
		CLI: "aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration " +
			"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		Terraform: "resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n" +
			"  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.1.4"}, "5.0.0": {"2.1.4"}},
	Seed: []string{"data-at-rest", "org-guidelines"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			p := a.Resources.S3AccountPublicAccessBlock
			if p == nil {
				c.Unknown(AtScope(a, nil, "AWS::S3::AccountPublicAccessBlock"), "the account's Block Public Access settings were not read")
				continue
			}
			loc := At(a, nil, p)
			ev := Ev(p, "PublicAccessBlockConfiguration", s3PABString(&p.S3PublicAccessBlock))
			if p.All() {
				c.Pass(loc, "all four account-level Block Public Access settings are on", ev)
			} else {
				state := "not configured at all"
				if p.Configured {
					state = "incomplete (" + s3PABString(&p.S3PublicAccessBlock) + ")"
				}
				c.Fail(loc, fmt.Sprintf("account-level Block Public Access is %s: the account's %d bucket(s) rely on their own settings",
					state, len(a.Resources.S3Buckets)), ev)
			}
		}
	},
}

// dpUnread reports whether a source failed to read the field with JSON key key.
func dpUnread(unread []string, key string) bool { return slices.Contains(unread, key) }

// dpActions renders a statement's actions for messages.
func dpActions(s policy.Statement) string {
	if len(s.NotAction) > 0 {
		return "every action except " + strings.Join(s.NotAction, ", ")
	}
	return strings.Join(s.Action, ", ")
}

// dpPublicAllows returns the Allow statements of a resource policy that
// grant anyone (principal "*" or a NotPrincipal) without a condition that
// narrows who or where.
func dpPublicAllows(doc *policy.Document) []policy.Statement {
	var out []policy.Statement
	for _, s := range doc.Statements {
		if s.Effect == "Allow" && s.PublicPrincipal() && !s.RestrictedByCondition() {
			out = append(out, s)
		}
	}
	return out
}

// dpCoversAny reports whether any statement covers any of the actions.
func dpCoversAny(ss []policy.Statement, actions ...string) bool {
	for _, s := range ss {
		for _, a := range actions {
			if s.CoversAction(a) {
				return true
			}
		}
	}
	return false
}

// dpDescribe summarises statements for a message: "s3:GetObject (Sid PublicRead)".
func dpDescribe(ss []policy.Statement) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = dpActions(s)
		if s.Sid != "" {
			parts[i] += " (Sid " + s.Sid + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// dpPolicy parses a resource policy and reports, for the caller's switch,
// whether it is unknown (unread or unparsable) with a message saying why.
// An empty policy that was read is returned as nil, "" (no policy).
func dpPolicy(c *Context, doc string, unread bool) (*policy.Document, string) {
	if unread {
		return nil, "the resource policy was not read"
	}
	if strings.TrimSpace(doc) == "" {
		return nil, ""
	}
	d, err := c.Policy(doc)
	if err != nil {
		return nil, "the resource policy could not be parsed: " + err.Error()
	}
	return d, ""
}

var s3BucketPolicyPublic = &Check{
	ID:           "s3-bucket-policy-public",
	Service:      "s3",
	Title:        "S3 bucket policies do not grant access to everyone",
	Severity:     finding.High,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "A bucket policy statement with \"Principal\": \"*\" and no condition naming an account, " +
		"organization, VPC endpoint or IP range lets anyone on the internet (and any AWS account) perform its " +
		"actions: s3:GetObject publishes every object, s3:ListBucket publishes the key names, s3:PutObject lets " +
		"strangers host malware or fill the bucket at your cost, and s3:DeleteObject or s3:PutBucketPolicy hand " +
		"over the data itself. Public buckets are found by automated scanners within hours of becoming public. " +
		"RestrictPublicBuckets (bucket or account) neutralises such a statement; without it the grant is live.",
	Verify: "aws s3api get-bucket-policy-status --bucket BUCKET (IsPublic) and aws s3api get-bucket-policy --bucket BUCKET " +
		"— look for Allow statements with Principal \"*\" and no aws:SourceVpce, aws:PrincipalOrgID or aws:SourceIp condition.",
	Remediation: Remediation{
		Summary: "Remove or narrow the public statements; serve public content through CloudFront with origin access control.",
		Console: "S3 > Buckets > BUCKET > Permissions > Bucket policy > Edit: remove the statements with Principal \"*\" " +
			"or add a condition (aws:PrincipalOrgID, aws:SourceVpce); then turn on Block public access.",
		CLI: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json\n" +
			"# edit policy.json, then\naws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json\n" +
			"aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration " +
			"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		Terraform: "data \"aws_iam_policy_document\" \"bucket\" {\n  statement {\n    actions   = [\"s3:GetObject\"]\n" +
			"    resources = [\"${aws_s3_bucket.this.arn}/*\"]\n    principals {\n      type        = \"Service\"\n" +
			"      identifiers = [\"cloudfront.amazonaws.com\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n" +
			"      variable = \"AWS:SourceArn\"\n      values   = [aws_cloudfront_distribution.this.arn]\n    }\n  }\n}",
	},
	Seed: []string{"data-at-rest", "encryption-not-enough", "secure-configuration"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			doc, why := dpPolicy(c, b.Policy, dpUnread(b.Unread, "policy"))
			if why != "" {
				c.Unknown(loc, why)
				return
			}
			if doc == nil {
				c.Pass(loc, "the bucket has no bucket policy", Ev(b, "Policy", "none"))
				return
			}
			pub := dpPublicAllows(doc)
			ev := []finding.Evidence{Ev(b, "Policy", b.Policy), Ev(b, "PolicyStatus.IsPublic", b.PolicyIsPublic)}
			if len(pub) == 0 {
				c.Pass(loc, "no bucket policy statement grants access to everyone", ev...)
				return
			}
			msg := "bucket policy grants everyone " + dpDescribe(pub)
			if by := s3Restricting(b.PublicAccessBlock, accountPAB(a)); by != "" {
				c.FailAt(finding.Low, loc, msg+"; currently neutralised by RestrictPublicBuckets on the "+by+", so one setting change makes it live", ev...)
				return
			}
			sev := finding.High
			if dpCoversAny(pub, "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:PutBucketPolicy") {
				sev = finding.Critical
			}
			c.FailAt(sev, loc, msg, ev...)
		})
	},
}

// s3Restricting names the level ("bucket" or "account") whose
// RestrictPublicBuckets neutralises public policies, or "".
func s3Restricting(bucket, account *inventory.S3PublicAccessBlock) string {
	switch {
	case bucket != nil && bucket.RestrictPublicBuckets:
		return "bucket"
	case account != nil && account.RestrictPublicBuckets:
		return "account"
	}
	return ""
}

var s3BucketACLPublic = &Check{
	ID:           "s3-bucket-acl-public",
	Service:      "s3",
	Title:        "S3 bucket ACLs grant nothing to AllUsers or AuthenticatedUsers",
	Severity:     finding.High,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "The legacy ACL groups AllUsers (anyone, unauthenticated) and AuthenticatedUsers (anyone with " +
		"any AWS account, not just yours) are the classic cause of S3 leaks. READ lists every key, WRITE lets " +
		"anyone upload or overwrite objects, READ_ACP reveals the grants and WRITE_ACP or FULL_CONTROL hand over " +
		"the bucket's permissions. Since April 2023 new buckets disable ACLs (Object Ownership: bucket owner " +
		"enforced), so a public ACL today is either an old bucket or a deliberate change. IgnorePublicAcls " +
		"(bucket or account) makes S3 ignore these grants.",
	Verify: "aws s3api get-bucket-acl --bucket BUCKET — no grant may name the URI " +
		"http://acs.amazonaws.com/groups/global/AllUsers or .../AuthenticatedUsers.",
	Remediation: Remediation{
		Summary: "Remove the public grants and disable ACLs (Object Ownership: bucket owner enforced).",
		Console: "S3 > Buckets > BUCKET > Permissions > Object Ownership > Edit > ACLs disabled (Bucket owner enforced); " +
			"then Block public access > Edit > Block all public access.",
		CLI: "aws s3api put-bucket-acl --bucket BUCKET --acl private\n" +
			"aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
		Terraform: "resource \"aws_s3_bucket_ownership_controls\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n" +
			"  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
	},
	Seed: []string{"data-at-rest", "secure-configuration"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			if b.ACL == nil {
				c.Unknown(loc, "the bucket ACL was not read")
				return
			}
			var public []string
			sev := finding.High
			for _, g := range b.ACL.Grants {
				var who string
				switch g.URI {
				case inventory.S3AllUsersURI:
					who = "AllUsers"
				case inventory.S3AuthenticatedUsersURI:
					who = "AuthenticatedUsers"
				default:
					continue
				}
				public = append(public, who+" "+g.Permission)
				if g.Permission == "WRITE" || g.Permission == "WRITE_ACP" || g.Permission == "FULL_CONTROL" {
					sev = finding.Critical
				}
			}
			ev := Ev(b, "Grants", public)
			if len(public) == 0 {
				c.Pass(loc, fmt.Sprintf("no public grant among the ACL's %d grant(s)", len(b.ACL.Grants)), ev)
				return
			}
			msg := "bucket ACL grants " + strings.Join(public, ", ")
			acct := accountPAB(a)
			switch {
			case b.PublicAccessBlock != nil && b.PublicAccessBlock.IgnorePublicAcls:
				c.FailAt(finding.Low, loc, msg+"; ignored while the bucket's IgnorePublicAcls is on", ev)
			case acct != nil && acct.IgnorePublicAcls:
				c.FailAt(finding.Low, loc, msg+"; ignored while the account's IgnorePublicAcls is on", ev)
			default:
				c.FailAt(sev, loc, msg, ev)
			}
		})
	},
}

var s3BucketSecureTransport = &Check{
	ID:           "s3-bucket-secure-transport",
	Service:      "s3",
	Title:        "S3 bucket policies deny requests that do not use TLS (aws:SecureTransport false)",
	Severity:     finding.Medium,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "S3 answers plain HTTP on its endpoints. An SDK pointed at an http:// endpoint, a legacy tool, or " +
		"an application behind a TLS-stripping proxy then sends object data and SigV4-signed requests in clear " +
		"text, where anyone on the path can read the data and replay or tamper with requests inside the " +
		"signature's validity window. Encryption at rest does not help: S3 decrypts before it sends. A Deny " +
		"statement for every principal with the condition aws:SecureTransport = false (or s3:TlsVersion < 1.2) " +
		"makes S3 refuse any request that is not on TLS, whatever the caller's IAM permissions say.",
	Verify: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text — there must be a Deny statement " +
		"for Principal \"*\" on s3:* (or the object actions) with Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}.",
	Remediation: Remediation{
		Summary: "Add a Deny statement for all principals when aws:SecureTransport is false.",
		Console: "S3 > Buckets > BUCKET > Permissions > Bucket policy > Edit: add {\"Sid\": \"DenyInsecureTransport\", " +
			"\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [\"arn:aws:s3:::BUCKET\", " +
			"\"arn:aws:s3:::BUCKET/*\"], \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}.",
		CLI: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json\n" +
			"# add the DenyInsecureTransport statement to policy.json, then\n" +
			"aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json",
		Terraform: "data \"aws_iam_policy_document\" \"tls_only\" {\n  statement {\n    sid     = \"DenyInsecureTransport\"\n" +
			"    effect  = \"Deny\"\n    actions = [\"s3:*\"]\n    resources = [aws_s3_bucket.this.arn, \"${aws_s3_bucket.this.arn}/*\"]\n" +
			"    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    condition {\n" +
			"      test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.1.1"}, "5.0.0": {"2.1.1"}},
	Seed: []string{"data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			doc, why := dpPolicy(c, b.Policy, dpUnread(b.Unread, "policy"))
			if why != "" {
				c.Unknown(loc, why)
				return
			}
			if doc == nil {
				c.Fail(loc, "the bucket has no bucket policy, so requests over plain HTTP are accepted", Ev(b, "Policy", "none"))
				return
			}
			objects := "arn:aws:s3:::" + b.ID + "/*"
			for _, s := range doc.Statements {
				if s.Effect != "Deny" || !s.PublicPrincipal() || !s.CoversAction("s3:GetObject") || !s.CoversResource(objects) {
					continue
				}
				if slices.ContainsFunc(s.ConditionValues("aws:SecureTransport"), func(v string) bool { return strings.EqualFold(v, "false") }) {
					c.Pass(loc, "bucket policy denies requests with aws:SecureTransport false"+dpSid(s), Ev(b, "Policy", b.Policy))
					return
				}
				if len(s.ConditionValues("s3:TlsVersion")) > 0 {
					c.Pass(loc, "bucket policy denies requests below TLS "+strings.Join(s.ConditionValues("s3:TlsVersion"), ", ")+dpSid(s), Ev(b, "Policy", b.Policy))
					return
				}
			}
			c.Fail(loc, "no bucket policy statement denies requests without TLS (aws:SecureTransport false)", Ev(b, "Policy", b.Policy))
		})
	},
}

func dpSid(s policy.Statement) string {
	if s.Sid == "" {
		return ""
	}
	return " (Sid " + s.Sid + ")"
}

// dpFindKey finds a KMS key of the account by id, key ARN, alias name or
// alias ARN, in the given region or, when region is empty, any region.
func dpFindKey(a *inventory.Account, region, ref string) *inventory.KMSKey {
	if ref == "" {
		return nil
	}
	alias := ""
	if i := strings.Index(ref, "alias/"); i >= 0 {
		alias = ref[i:]
	}
	for _, r := range a.Regions {
		if region != "" && r.Name != region {
			continue
		}
		for _, k := range r.Resources.KMSKeys {
			if k.ID == ref || k.ARN == ref || (alias != "" && slices.Contains(k.Aliases, alias)) {
				return k
			}
		}
	}
	return nil
}

var s3BucketCMKEncryption = &Check{
	ID:           "s3-bucket-cmk-encryption",
	Service:      "s3",
	Title:        "S3 buckets encrypt by default with a customer managed KMS key (SSE-KMS), not only SSE-S3",
	Severity:     finding.Low,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "Since January 2023 S3 encrypts every new object with SSE-S3 (AES256), so \"is the bucket " +
		"encrypted\" is always yes and proves nothing: SSE-S3 only protects against someone walking out of an " +
		"AWS data centre with a disk. S3 decrypts transparently for any principal that has s3:GetObject, so a " +
		"leaked access key, an over-broad role or a public bucket policy yields plaintext. SSE-KMS with a " +
		"customer managed key adds a second, independent permission: the reader also needs kms:Decrypt in the " +
		"key policy (which is also why a download can succeed while the object cannot be read). It gives a " +
		"separate CloudTrail record of every decrypt, lets you cut off all access in one move by disabling the " +
		"key, and keeps cross-account readers out unless the key policy names them. The AWS managed key aws/s3 " +
		"gives the audit trail but not the control: its policy cannot be edited or shared. Reserve this for " +
		"buckets that hold sensitive data; for public assets SSE-S3 is enough. Buckets that receive server " +
		"access logs are not assessed: S3 can only deliver those logs to SSE-S3 buckets.",
	Verify: "aws s3api get-bucket-encryption --bucket BUCKET — SSEAlgorithm aws:kms with a KMSMasterKeyID that " +
		"aws kms describe-key reports as KeyManager CUSTOMER.",
	Remediation: Remediation{
		Summary: "Set the bucket's default encryption to SSE-KMS with a customer managed key and S3 Bucket Keys on.",
		Console: "S3 > Buckets > BUCKET > Properties > Default encryption > Edit > SSE-KMS > choose a customer managed key > Bucket Key: Enable > Save. " +
			"Existing objects keep their old encryption until copied (S3 Batch Operations copy).",
		CLI: "aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration " +
			"'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"arn:aws:kms:REGION:ACCOUNT:key/KEY_ID\"},\"BucketKeyEnabled\":true}]}'",
		Terraform: "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n" +
			"  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n" +
			"      kms_master_key_id = aws_kms_key.data.arn\n    }\n    bucket_key_enabled = true\n  }\n}",
	},
	Seed: []string{"encryption-not-enough", "encryption-at-rest-default", "kms-s3-access", "data-at-rest"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			if s3LogTargets(a)[b.ID] {
				return // server access log destinations support only SSE-S3: not assessed
			}
			e := b.Encryption
			if e == nil {
				c.Unknown(loc, "the bucket's default encryption was not read")
				return
			}
			ev := []finding.Evidence{Ev(b, "SSEAlgorithm", orNone(e.SSEAlgorithm)), Ev(b, "KMSMasterKeyID", orNone(e.KMSMasterKeyID))}
			switch {
			case e.SSEAlgorithm == "":
				c.FailAt(finding.Medium, loc, "the bucket has no default encryption configuration", ev...)
			case !strings.HasPrefix(e.SSEAlgorithm, "aws:kms"):
				c.Fail(loc, "default encryption is SSE-S3 ("+e.SSEAlgorithm+"): anyone with s3:GetObject reads plaintext; no key policy stands in the way", ev...)
			case e.KMSMasterKeyID == "" || strings.HasSuffix(e.KMSMasterKeyID, "alias/aws/s3"):
				c.Fail(loc, "default encryption uses the AWS managed key aws/s3, whose key policy cannot be restricted", ev...)
			default:
				k := dpFindKey(a, b.Region, e.KMSMasterKeyID)
				switch {
				case k == nil:
					c.Pass(loc, "default encryption is "+e.SSEAlgorithm+" with key "+e.KMSMasterKeyID+" (not in this account's inventory: another account's key)", ev...)
				case k.KeyManager == "AWS":
					c.Fail(loc, "default encryption uses AWS managed key "+e.KMSMasterKeyID+", whose key policy cannot be restricted", ev...)
				case k.KeyManager == "CUSTOMER":
					c.Pass(loc, "default encryption is "+e.SSEAlgorithm+" with customer managed key "+k.DisplayName(), ev...)
				default:
					c.Unknown(loc, "the manager of KMS key "+e.KMSMasterKeyID+" was not read", ev...)
				}
			}
		})
	},
}

var s3BucketVersioning = &Check{
	ID:           "s3-bucket-versioning",
	Service:      "s3",
	Title:        "S3 buckets have versioning enabled",
	Severity:     finding.Medium,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "Without versioning an overwrite or a delete is final: a bug that writes empty files, an " +
		"operator's aws s3 rm --recursive, or ransomware that re-uploads every object encrypted with its own key " +
		"destroys the only copy. With versioning every change keeps the previous version and a delete only adds " +
		"a delete marker, so data can be restored; combined with MFA delete, object lock or AWS Backup it is the " +
		"basis of recovering S3 data (the RPO for S3 is otherwise \"whatever you copied elsewhere\").",
	Verify: "aws s3api get-bucket-versioning --bucket BUCKET — Status must be Enabled (Suspended or absent fails).",
	Remediation: Remediation{
		Summary: "Enable versioning and add a lifecycle rule that expires noncurrent versions after your retention period.",
		Console: "S3 > Buckets > BUCKET > Properties > Bucket Versioning > Edit > Enable > Save changes.",
		CLI:     "aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled",
		Terraform: "resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n" +
			"  versioning_configuration {\n    status = \"Enabled\"\n  }\n}",
	},
	Seed: []string{"backup-security", "data-at-rest", "rto-rpo"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			v := b.Versioning
			switch {
			case v == nil:
				c.Unknown(loc, "the bucket's versioning state was not read")
			case v.Status == "Enabled":
				c.Pass(loc, "versioning is enabled", Ev(b, "Versioning.Status", v.Status))
			case v.Status == "Suspended":
				c.Fail(loc, "versioning is suspended: new overwrites and deletes are final", Ev(b, "Versioning.Status", v.Status))
			default:
				c.Fail(loc, "versioning has never been enabled: overwrites and deletes are final", Ev(b, "Versioning.Status", "never enabled"))
			}
		})
	},
}

var s3BucketMFADelete = &Check{
	ID:           "s3-bucket-mfa-delete",
	Service:      "s3",
	Title:        "S3 buckets require MFA to delete object versions or change versioning (MFA delete)",
	Severity:     finding.Low,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "Versioning keeps old versions, but anyone allowed s3:DeleteObjectVersion and " +
		"s3:PutBucketVersioning, such as an attacker holding an administrator's access key, can suspend " +
		"versioning and delete every version. MFA delete makes both operations require the root user's MFA " +
		"code in the request, which stolen keys cannot supply. It can only be enabled by the root user through " +
		"the API, which is why it is often missing; S3 Object Lock or AWS Backup with a locked vault are the " +
		"alternatives for buckets where root-only operations are impractical.",
	Verify: "aws s3api get-bucket-versioning --bucket BUCKET — MFADelete must be Enabled (with Status Enabled).",
	Remediation: Remediation{
		Summary: "As the root user with its MFA device, enable versioning with MFA delete on the bucket.",
		Console: "Not available in the console: use the CLI with root credentials and the root MFA device.",
		CLI: "aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled " +
			"--mfa 'arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456'",
		Terraform: "resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n" +
			"  mfa    = \"arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456\"\n  versioning_configuration {\n" +
			"    status     = \"Enabled\"\n    mfa_delete = \"Enabled\"\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.1.2"}, "5.0.0": {"2.1.2"}},
	Seed: []string{"backup-security", "data-at-rest"},
	Run: func(c *Context) {
		eachBucket(c, func(a *inventory.Account, b *inventory.S3Bucket, loc Loc) {
			v := b.Versioning
			switch {
			case v == nil:
				c.Unknown(loc, "the bucket's versioning state was not read")
			case v.MFADelete == "Enabled":
				c.Pass(loc, "MFA delete is enabled", Ev(b, "Versioning.MFADelete", v.MFADelete))
			default:
				c.Fail(loc, fmt.Sprintf("MFA delete is %s (versioning %s): a stolen admin key can delete every object version",
					dpOrDefault(strings.ToLower(v.MFADelete), "not configured"), dpOrDefault(strings.ToLower(v.Status), "never enabled")),
					Ev(b, "Versioning.MFADelete", orNone(v.MFADelete)))
			}
		})
	},
}

var s3BucketAccessLogging = &Check{
	ID:           "s3-bucket-access-logging",
	Service:      "s3",
	Title:        "S3 buckets log requests with server access logging",
	Severity:     finding.Low,
	ResourceType: "AWS::S3::Bucket",
	Rationale: "CloudTrail records bucket-level API calls but object reads and writes only if data events are " +
		"paid for. Server access logs record every request (requester, source IP, key, operation, status, bytes) " +
		"at no charge beyond storage, so after a leaked key or a public-bucket incident they answer which " +
		"objects were read, by whom and from where. Without them the scope of a breach is unknowable. Buckets " +
		"that are themselves access-log targets are not assessed: logging them into themselves would loop.",
	Verify: "aws s3api get-bucket-logging --bucket BUCKET — LoggingEnabled.TargetBucket must be set (empty output means off).",
	Remediation: Remediation{
		Summary: "Enable server access logging to a dedicated log bucket in the same region.",
		Console: "S3 > Buckets > BUCKET > Properties > Server access logging > Edit > Enable > choose the log bucket and a prefix > Save.",
		CLI: "aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status " +
			"'{\"LoggingEnabled\":{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"BUCKET/\"}}'",
		Terraform: "resource \"aws_s3_bucket_logging\" \"this\" {\n  bucket        = aws_s3_bucket.this.id\n" +
			"  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"${aws_s3_bucket.this.id}/\"\n}",
	},
	Seed: []string{"log-storage-monitoring", "incident-response"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			targets := s3LogTargets(a)
			for _, b := range a.Resources.S3Buckets {
				loc := bucketAt(a, b)
				switch {
				case targets[b.ID]:
					continue // a log destination: not assessed
				case b.Logging == nil:
					c.Unknown(loc, "the bucket's logging configuration was not read")
				case b.Logging.TargetBucket != "":
					c.Pass(loc, "server access logs go to s3://"+b.Logging.TargetBucket+"/"+b.Logging.TargetPrefix, Ev(b, "LoggingEnabled.TargetBucket", b.Logging.TargetBucket))
				default:
					c.Fail(loc, fmt.Sprintf("server access logging is off (bucket created %s): reads of its objects leave no record", dpDate(b.CreationDate)),
						Ev(b, "LoggingEnabled", "none"))
				}
			}
		}
	},
}

// s3LogTargets is the set of the account's buckets that receive another
// bucket's server access logs.
func s3LogTargets(a *inventory.Account) map[string]bool {
	targets := map[string]bool{}
	for _, b := range a.Resources.S3Buckets {
		if b.Logging != nil && b.Logging.TargetBucket != "" && b.Logging.TargetBucket != b.ID {
			targets[b.Logging.TargetBucket] = true
		}
	}
	return targets
}

// dpDate renders a date for messages, or "on an unknown date".
func dpDate(t time.Time) string {
	if t.IsZero() {
		return "on an unknown date"
	}
	return t.Format("2006-01-02")
}
