package checks

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func kmsChecks() []*Check {
	return []*Check{kmsKeyRotation, kmsKeyPolicyPublic, kmsKeyPendingDeletion}
}

// kmsCustomer reports whether a key is customer managed. Checks assess
// only those: AWS managed keys' policy and rotation belong to AWS.
func kmsCustomer(k *inventory.KMSKey) bool { return k.KeyManager == "CUSTOMER" }

var kmsKeyRotation = &Check{
	ID:           "kms-key-rotation",
	Service:      "kms",
	Title:        "Customer managed symmetric KMS keys rotate their key material automatically",
	Severity:     finding.Medium,
	ResourceType: "AWS::KMS::Key",
	Rationale: "A KMS key's material never leaves KMS, so rotation is not about a leaked key file: it bounds " +
		"how much data one piece of key material protects and for how long, which is what cryptographic " +
		"guidance (NIST SP 800-57) and most audits (PCI DSS, CIS) ask for. With automatic rotation KMS creates " +
		"new material on schedule (every 365 days by default, 90 to 2560 days configurable) and keeps the old " +
		"material to decrypt existing data, so the key id, policy and every application stay the same: there " +
		"is no reason to leave it off. Asymmetric, HMAC, imported-material and custom key store keys cannot " +
		"rotate automatically and are not assessed; rotate those by creating a new key and moving an alias.",
	Verify: "aws kms get-key-rotation-status --key-id KEY_ID — KeyRotationEnabled must be true " +
		"(RotationPeriodInDays shows the period); only for keys where describe-key shows KeyManager CUSTOMER " +
		"and KeySpec SYMMETRIC_DEFAULT.",
	Remediation: Remediation{
		Summary: "Enable automatic key rotation (365 days, or shorter if your policy requires).",
		Console: "KMS > Customer managed keys > KEY > Key rotation > Automatically rotate this KMS key > choose the period > Save.",
		CLI:     "aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365",
		Terraform: "resource \"aws_kms_key\" \"data\" {\n  description             = \"data at rest\"\n" +
			"  enable_key_rotation     = true\n  rotation_period_in_days = 365\n  deletion_window_in_days = 30\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.6"}, "5.0.0": {"3.6"}},
	Seed: []string{"kms-rotation", "data-at-rest"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, k := range r.Resources.KMSKeys {
				if !kmsCustomer(k) || k.KeySpec != "SYMMETRIC_DEFAULT" || (k.Origin != "" && k.Origin != "AWS_KMS") ||
					strings.HasPrefix(k.KeyState, "PendingDeletion") || k.KeyState == "PendingReplicaDeletion" {
					continue // rotation does not apply, or the key is on its way out
				}
				loc := At(a, r, k)
				ev := []finding.Evidence{Ev(k, "KeyRotationEnabled", k.KeyRotationEnabled), Ev(k, "RotationPeriodInDays", k.RotationPeriodInDays)}
				switch {
				case k.KeyRotationEnabled == nil:
					c.Unknown(loc, "the key's rotation status was not read", ev...)
				case *k.KeyRotationEnabled:
					msg := "automatic rotation is enabled"
					if k.RotationPeriodInDays != nil {
						msg += fmt.Sprintf(", every %d days", *k.RotationPeriodInDays)
					}
					if !k.NextRotationDate.IsZero() {
						msg += "; next on " + dpDate(k.NextRotationDate)
					}
					c.Pass(loc, msg, ev...)
				default:
					msg := "automatic rotation is off"
					if !k.CreationDate.IsZero() {
						msg += fmt.Sprintf(": the same key material has been in use since the key was created %d days ago", daysSince(c, k.CreationDate))
					}
					c.Fail(loc, msg, ev...)
				}
			}
		}
	},
}

var kmsKeyPolicyPublic = &Check{
	ID:           "kms-key-policy-public",
	Service:      "kms",
	Title:        "KMS key policies do not grant key use to everyone",
	Severity:     finding.Critical,
	ResourceType: "AWS::KMS::Key",
	Rationale: "The key policy is the root of a KMS key's access control: IAM policies only count when the key " +
		"policy lets the account delegate. A statement with \"Principal\": \"*\" and no condition such as " +
		"kms:CallerAccount, kms:ViaService or aws:PrincipalOrgID lets any AWS account in the world use the " +
		"key: kms:Decrypt turns every ciphertext an attacker can copy (an S3 object, an EBS snapshot shared by " +
		"mistake) into plaintext, kms:CreateGrant hands out lasting access, and kms:PutKeyPolicy or " +
		"kms:ScheduleKeyDeletion let a stranger lock you out of your own data.",
	Verify: "aws kms get-key-policy --key-id KEY_ID --policy-name default --output text — no Allow statement " +
		"may have Principal \"*\" (or {\"AWS\": \"*\"}) without a condition naming the account or organization.",
	Remediation: Remediation{
		Summary: "Replace the public principal with the account root or named roles, or add a kms:CallerAccount / aws:PrincipalOrgID condition.",
		Console: "KMS > Customer managed keys > KEY > Key policy > Edit: change Principal \"*\" to " +
			"{\"AWS\": \"arn:aws:iam::ACCOUNT:root\"} or add a Condition {\"StringEquals\": {\"kms:CallerAccount\": \"ACCOUNT\"}}.",
		CLI: "aws kms get-key-policy --key-id KEY_ID --policy-name default --output text > key-policy.json\n" +
			"# edit key-policy.json, then\naws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json",
		Terraform: "data \"aws_iam_policy_document\" \"key\" {\n  statement {\n    sid       = \"AccountAdmin\"\n" +
			"    actions   = [\"kms:*\"]\n    resources = [\"*\"]\n    principals {\n      type        = \"AWS\"\n" +
			"      identifiers = [\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root\"]\n    }\n  }\n}\n\n" +
			"resource \"aws_kms_key_policy\" \"data\" {\n  key_id = aws_kms_key.data.id\n  policy = data.aws_iam_policy_document.key.json\n}",
	},
	Seed: []string{"kms-s3-access", "data-at-rest", "cross-account-access"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, k := range r.Resources.KMSKeys {
				if !kmsCustomer(k) {
					continue
				}
				loc := At(a, r, k)
				doc, why := dpPolicy(c, k.Policy, dpUnread(k.Unread, "policy"))
				switch {
				case why != "":
					c.Unknown(loc, why)
				case doc == nil:
					c.Unknown(loc, "the key policy is empty: it was not read")
				default:
					pub := dpPublicAllows(doc)
					if len(pub) == 0 {
						c.Pass(loc, "no key policy statement grants key use to everyone", Ev(k, "Policy", k.Policy))
					} else {
						c.Fail(loc, "key policy grants any AWS principal "+dpDescribe(pub), Ev(k, "Policy", k.Policy))
					}
				}
			}
		}
	},
}

var kmsKeyPendingDeletion = &Check{
	ID:           "kms-key-pending-deletion",
	Service:      "kms",
	Title:        "Customer managed KMS keys are not scheduled for deletion",
	Severity:     finding.Medium,
	ResourceType: "AWS::KMS::Key",
	Rationale: "Deleting a KMS key destroys its key material for good: every S3 object, EBS snapshot, RDS " +
		"snapshot, secret and backup encrypted under it becomes unrecoverable, and AWS cannot help. " +
		"Scheduling deletion (7 to 30 days ahead) is a known ransomware and sabotage move by an attacker with " +
		"kms:ScheduleKeyDeletion, and an easy mistake during clean-ups. While the key waits it is unusable, so " +
		"dependent workloads already fail. A pending deletion should be confirmed as intended, or cancelled, " +
		"before the date; an alarm on ScheduleKeyDeletion in CloudTrail catches it as it happens.",
	Verify: "aws kms describe-key --key-id KEY_ID --query 'KeyMetadata.[KeyState,DeletionDate]' — KeyState PendingDeletion shows the date.",
	Remediation: Remediation{
		Summary: "If the deletion is not intended, cancel it and re-enable the key; otherwise confirm nothing still uses it.",
		Console: "KMS > Customer managed keys > KEY > Key actions > Cancel key deletion; then Key actions > Enable.",
		CLI:     "aws kms cancel-key-deletion --key-id KEY_ID\naws kms enable-key --key-id KEY_ID",
		Terraform: "resource \"aws_kms_key\" \"data\" {\n  description             = \"data at rest\"\n  enable_key_rotation     = true\n" +
			"  deletion_window_in_days = 30\n  lifecycle {\n    prevent_destroy = true\n  }\n}",
	},
	Seed: []string{"kms-s3-access", "backup-security", "data-at-rest"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, k := range r.Resources.KMSKeys {
				if !kmsCustomer(k) {
					continue
				}
				loc := At(a, r, k)
				ev := []finding.Evidence{Ev(k, "KeyState", orNone(k.KeyState)), Ev(k, "DeletionDate", dpDate(k.DeletionDate))}
				switch {
				case k.KeyState == "":
					c.Unknown(loc, "the key's state was not read", ev...)
				case k.KeyState == "PendingDeletion" || k.KeyState == "PendingReplicaDeletion":
					msg := "key is scheduled for deletion"
					if !k.DeletionDate.IsZero() {
						msg += fmt.Sprintf(" on %s (in %d days)", dpDate(k.DeletionDate), -daysSince(c, k.DeletionDate))
					}
					if users := kmsKeyUsers(a, k); len(users) > 0 {
						msg += "; it still encrypts " + strings.Join(users, ", ")
						c.FailAt(finding.High, loc, msg, ev...)
						continue
					}
					c.Fail(loc, msg, ev...)
				default:
					c.Pass(loc, "key state is "+k.KeyState, ev...)
				}
			}
		}
	},
}

// kmsKeyUsers names the resources of the account whose encryption settings
// name the key, for messages.
func kmsKeyUsers(a *inventory.Account, k *inventory.KMSKey) []string {
	uses := func(ref string) bool {
		if ref == "" {
			return false
		}
		if ref == k.ID || ref == k.ARN {
			return true
		}
		for _, al := range k.Aliases {
			if strings.HasSuffix(ref, al) {
				return true
			}
		}
		return false
	}
	var out []string
	for _, b := range a.Resources.S3Buckets {
		if b.Encryption != nil && uses(b.Encryption.KMSMasterKeyID) {
			out = append(out, "bucket "+b.ID)
		}
	}
	for _, r := range a.Regions {
		for _, db := range r.Resources.DBInstances {
			if uses(db.KMSKeyID) {
				out = append(out, "DB instance "+db.DisplayName())
			}
		}
		for _, s := range r.Resources.Secrets {
			if uses(s.KMSKeyID) {
				out = append(out, "secret "+s.DisplayName())
			}
		}
		for _, v := range r.Resources.BackupVaults {
			if uses(v.EncryptionKeyARN) {
				out = append(out, fmt.Sprintf("backup vault %s (%d recovery points)", v.DisplayName(), v.NumberOfRecoveryPoints))
			}
		}
	}
	return out
}
