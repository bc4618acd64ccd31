package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// bucket is a well-configured test bucket; tests change what they exercise.
func dpBucket(id string) *inventory.S3Bucket {
	return &inventory.S3Bucket{
		Meta: meta(id), Region: testRegion, CreationDate: testNow.AddDate(-1, 0, 0),
		Policy:            dpTLSOnlyPolicy(id),
		PolicyIsPublic:    inventory.Ptr(false),
		ACL:               &inventory.S3ACL{Owner: "owner", Grants: []inventory.S3Grant{{GranteeType: "CanonicalUser", ID: "owner", Permission: "FULL_CONTROL"}}},
		PublicAccessBlock: dpAllBlocked(),
		Encryption:        &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/cmk", BucketKeyEnabled: true},
		Versioning:        &inventory.S3Versioning{Status: "Enabled", MFADelete: "Enabled"},
		Logging:           &inventory.S3Logging{TargetBucket: "logs", TargetPrefix: id + "/"},
	}
}

func dpAllBlocked() *inventory.S3PublicAccessBlock {
	return &inventory.S3PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

func dpTLSOnlyPolicy(b string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",` +
		`"Resource":["arn:aws:s3:::` + b + `","arn:aws:s3:::` + b + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
}

func dpAccountPAB(p *inventory.S3PublicAccessBlock) *inventory.S3AccountPublicAccessBlock {
	return &inventory.S3AccountPublicAccessBlock{Meta: meta(testAccount), S3PublicAccessBlock: *p}
}

func TestS3BucketPublicAccessBlock(t *testing.T) {
	runCases(t, s3BucketPublicAccessBlock, []checkCase{{
		name: "bucket flags decide when the account block is off",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(&inventory.S3PublicAccessBlock{})
			none, partial, unread := dpBucket("none"), dpBucket("partial"), dpBucket("unread")
			none.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
			partial.PublicAccessBlock = &inventory.S3PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true}
			unread.PublicAccessBlock = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{dpBucket("ok"), none, partial, unread}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "none": finding.Fail, "partial": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"none": "bucket none configured", "partial": "BlockPublicPolicy, RestrictPublicBuckets"},
	}, {
		name: "account block covers buckets without their own",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(dpAllBlocked())
			b := dpBucket("covered")
			b.PublicAccessBlock = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{b}
		},
		want:     map[string]finding.Status{"covered": finding.Pass},
		contains: map[string]string{"covered": "account"},
	}, {
		name: "account block not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			b := dpBucket("partial")
			b.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
			a.Resources.S3Buckets = []*inventory.S3Bucket{b}
		},
		want: map[string]finding.Status{"partial": finding.Error},
	}})
}

func TestS3AccountPublicAccessBlock(t *testing.T) {
	runCases(t, s3AccountPublicAccessBlock, []checkCase{{
		name: "all on",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(dpAllBlocked())
		},
		want: map[string]finding.Status{testAccount: finding.Pass},
	}, {
		name: "none configured",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(&inventory.S3PublicAccessBlock{})
		},
		want:     map[string]finding.Status{testAccount: finding.Fail},
		contains: map[string]string{testAccount: "not configured at all"},
	}, {
		name: "one flag off",
		fill: func(a *inventory.Account, r *inventory.Region) {
			p := dpAllBlocked()
			p.RestrictPublicBuckets = false
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(p)
		},
		want:     map[string]finding.Status{testAccount: finding.Fail},
		contains: map[string]string{testAccount: "RestrictPublicBuckets"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {},
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestS3BucketPolicyPublic(t *testing.T) {
	public := `{"Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::pub/*"}]}`
	orgOnly := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::org/*",` +
		`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`
	listOnly := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::list"}]}`
	notPrincipal := `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"NotAction":"s3:DeleteBucket","Resource":"*"}]}`
	runCases(t, s3BucketPolicyPublic, []checkCase{{
		name: "public, restricted, none, unread, broken",
		fill: func(a *inventory.Account, r *inventory.Region) {
			pub, org, none, unread, broken, list, np := dpBucket("pub"), dpBucket("org"), dpBucket("none"), dpBucket("unread"), dpBucket("broken"), dpBucket("list"), dpBucket("np")
			for _, b := range []*inventory.S3Bucket{pub, list, np} {
				b.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
			}
			pub.Policy, org.Policy, none.Policy, list.Policy, np.Policy = public, orgOnly, "", listOnly, notPrincipal
			unread.Policy, unread.Unread = "", []string{"policy"}
			broken.Policy = `{"Statement": 3}`
			a.Resources.S3Buckets = []*inventory.S3Bucket{pub, org, none, unread, broken, list, np}
		},
		want: map[string]finding.Status{"pub": finding.Fail, "org": finding.Pass, "none": finding.Pass, "unread": finding.Error,
			"broken": finding.Error, "list": finding.Fail, "np": finding.Fail},
		contains: map[string]string{"pub": "s3:GetObject (Sid PublicRead)", "unread": "not read", "broken": "parsed", "np": "every action except"},
	}, {
		name: "RestrictPublicBuckets on the account neutralises it",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.S3AccountPublicAccessBlock = dpAccountPAB(dpAllBlocked())
			b := dpBucket("pub")
			b.PublicAccessBlock, b.Policy = &inventory.S3PublicAccessBlock{}, public
			a.Resources.S3Buckets = []*inventory.S3Bucket{b}
		},
		want:     map[string]finding.Status{"pub": finding.Fail},
		contains: map[string]string{"pub": "neutralised by RestrictPublicBuckets on the account"},
	}})
	// Severity follows what the statement exposes.
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		pub, list := dpBucket("pub"), dpBucket("list")
		pub.PublicAccessBlock, list.PublicAccessBlock = &inventory.S3PublicAccessBlock{}, &inventory.S3PublicAccessBlock{}
		pub.Policy, list.Policy = public, listOnly
		a.Resources.S3Buckets = []*inventory.S3Bucket{pub, list}
	})
	for _, f := range runCheck(t, s3BucketPolicyPublic, e) {
		want := map[string]finding.Severity{"pub": finding.Critical, "list": finding.High}[f.ResourceID]
		if f.Severity != want {
			t.Errorf("%s: severity %v, want %v", f.ResourceID, f.Severity, want)
		}
	}
}

func TestS3BucketACLPublic(t *testing.T) {
	grant := func(uri, perm string) inventory.S3Grant {
		return inventory.S3Grant{GranteeType: "Group", URI: uri, Permission: perm}
	}
	runCases(t, s3BucketACLPublic, []checkCase{{
		name: "AllUsers, AuthenticatedUsers, log delivery, ignored, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			all, auth, logs, ignored, unread := dpBucket("all"), dpBucket("auth"), dpBucket("logs"), dpBucket("ignored"), dpBucket("unread")
			all.PublicAccessBlock, auth.PublicAccessBlock = &inventory.S3PublicAccessBlock{}, &inventory.S3PublicAccessBlock{}
			all.ACL.Grants = append(all.ACL.Grants, grant(inventory.S3AllUsersURI, "READ"))
			auth.ACL.Grants = append(auth.ACL.Grants, grant(inventory.S3AuthenticatedUsersURI, "WRITE"))
			logs.ACL.Grants = append(logs.ACL.Grants, grant(inventory.S3LogDeliveryURI, "WRITE"))
			ignored.ACL.Grants = append(ignored.ACL.Grants, grant(inventory.S3AllUsersURI, "READ"))
			unread.ACL = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{all, auth, logs, ignored, unread}
		},
		want:     map[string]finding.Status{"all": finding.Fail, "auth": finding.Fail, "logs": finding.Pass, "ignored": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"all": "AllUsers READ", "auth": "AuthenticatedUsers WRITE", "ignored": "IgnorePublicAcls"},
	}})
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		b := dpBucket("auth")
		b.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
		b.ACL.Grants = append(b.ACL.Grants, grant(inventory.S3AuthenticatedUsersURI, "WRITE"))
		a.Resources.S3Buckets = []*inventory.S3Bucket{b}
	})
	if fs := runCheck(t, s3BucketACLPublic, e); len(fs) != 1 || fs[0].Severity != finding.Critical {
		t.Errorf("public WRITE grant: got %+v, want one critical failure", fs)
	}
}

func TestS3BucketSecureTransport(t *testing.T) {
	tls12 := `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"arn:aws:s3:::tls12/*",` +
		`"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}]}`
	allowTrue := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::allow/*",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`
	bucketOnly := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bucketonly",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	putOnly := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::putonly/*",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	runCases(t, s3BucketSecureTransport, []checkCase{{
		name: "deny false and TLS version pass; allow true, no policy, partial denies fail",
		fill: func(a *inventory.Account, r *inventory.Region) {
			ok, v12, allow, none, bo, po, unread := dpBucket("ok"), dpBucket("tls12"), dpBucket("allow"), dpBucket("none"), dpBucket("bucketonly"), dpBucket("putonly"), dpBucket("unread")
			v12.Policy, allow.Policy, none.Policy, bo.Policy, po.Policy = tls12, allowTrue, "", bucketOnly, putOnly
			unread.Policy, unread.Unread = "", []string{"policy"}
			a.Resources.S3Buckets = []*inventory.S3Bucket{ok, v12, allow, none, bo, po, unread}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "tls12": finding.Pass, "allow": finding.Fail, "none": finding.Fail,
			"bucketonly": finding.Fail, "putonly": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"ok": "DenyInsecureTransport", "tls12": "1.2", "none": "no bucket policy"},
	}})
}

func TestS3BucketCMKEncryption(t *testing.T) {
	runCases(t, s3BucketCMKEncryption, []checkCase{{
		name: "customer key passes; SSE-S3, aws/s3 and AWS managed keys fail",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.KMSKeys = []*inventory.KMSKey{
				{Meta: inventory.Meta{ID: "cmk", ARN: "arn:aws:kms:us-east-1:123456789012:key/cmk"}, KeyManager: "CUSTOMER"},
				{Meta: inventory.Meta{ID: "awskey", ARN: "arn:aws:kms:us-east-1:123456789012:key/awskey"}, KeyManager: "AWS", Aliases: []string{"alias/aws/s3"}},
				{Meta: inventory.Meta{ID: "nomgr", ARN: "arn:aws:kms:us-east-1:123456789012:key/nomgr"}, Aliases: []string{"alias/nomgr"}},
			}
			sses3, defkey, awsarn, none, foreign, unread, alias := dpBucket("sses3"), dpBucket("defkey"), dpBucket("awsarn"), dpBucket("none"), dpBucket("foreign"), dpBucket("unread"), dpBucket("alias")
			sses3.Encryption = &inventory.S3Encryption{SSEAlgorithm: "AES256"}
			defkey.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms"}
			awsarn.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/awskey"}
			none.Encryption = &inventory.S3Encryption{}
			foreign.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "arn:aws:kms:us-east-1:999988887777:key/other"}
			alias.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/nomgr"}
			unread.Encryption = nil
			logs := dpBucket("logs") // the other buckets' access log target: SSE-S3 is all S3 allows there
			logs.Encryption = &inventory.S3Encryption{SSEAlgorithm: "AES256"}
			a.Resources.S3Buckets = []*inventory.S3Bucket{dpBucket("ok"), sses3, defkey, awsarn, none, foreign, unread, alias, logs}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "sses3": finding.Fail, "defkey": finding.Fail, "awsarn": finding.Fail,
			"none": finding.Fail, "foreign": finding.Pass, "unread": finding.Error, "alias": finding.Error},
		contains: map[string]string{"sses3": "SSE-S3", "defkey": "aws/s3", "awsarn": "AWS managed", "foreign": "another account"},
	}})
}

func TestS3BucketVersioning(t *testing.T) {
	runCases(t, s3BucketVersioning, []checkCase{{
		name: "enabled, suspended, never, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			sus, never, unread := dpBucket("suspended"), dpBucket("never"), dpBucket("unread")
			sus.Versioning = &inventory.S3Versioning{Status: "Suspended"}
			never.Versioning = &inventory.S3Versioning{}
			unread.Versioning = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{dpBucket("ok"), sus, never, unread}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "suspended": finding.Fail, "never": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"suspended": "suspended", "never": "never"},
	}})
}

func TestS3BucketMFADelete(t *testing.T) {
	runCases(t, s3BucketMFADelete, []checkCase{{
		name: "enabled, disabled, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, unread := dpBucket("off"), dpBucket("unread")
			off.Versioning = &inventory.S3Versioning{Status: "Enabled", MFADelete: "Disabled"}
			unread.Versioning = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{dpBucket("ok"), off, unread}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"off": "MFA delete is disabled (versioning enabled)"},
	}})
}

func TestS3BucketAccessLogging(t *testing.T) {
	runCases(t, s3BucketAccessLogging, []checkCase{{
		name: "logged, off, log target skipped, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, logs, unread := dpBucket("off"), dpBucket("logs"), dpBucket("unread")
			off.Logging = &inventory.S3Logging{}
			logs.Logging = &inventory.S3Logging{}
			unread.Logging = nil
			a.Resources.S3Buckets = []*inventory.S3Bucket{dpBucket("ok"), off, logs, unread}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"ok": "s3://logs/ok/", "off": "created 2025-11-01"},
	}, {
		name: "gap in buckets",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Gaps = []inventory.Gap{{ResourceType: "AWS::S3::Bucket", Call: "s3:ListBuckets", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}
