package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

const dpDefaultKeyPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",` +
	`"Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`

// cmk is a well-configured customer managed test key.
func dpCMK(id string) *inventory.KMSKey {
	return &inventory.KMSKey{Meta: inventory.Meta{ID: id, ARN: "arn:aws:kms:us-east-1:123456789012:key/" + id, Source: inventory.Source{Kind: "test"}},
		KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", KeyState: "Enabled", Origin: "AWS_KMS",
		CreationDate: testNow.AddDate(0, 0, -400), KeyRotationEnabled: inventory.Ptr(true), RotationPeriodInDays: inventory.Ptr(365),
		Policy: dpDefaultKeyPolicy}
}

func TestKMSKeyRotation(t *testing.T) {
	runCases(t, kmsKeyRotation, []checkCase{{
		name: "on, off, unread; asymmetric, imported, AWS managed and pending deletion not assessed",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, unread, rsa, imported, awsKey, pending := dpCMK("off"), dpCMK("unread"), dpCMK("rsa"), dpCMK("imported"), dpCMK("aws"), dpCMK("pending")
			off.KeyRotationEnabled, off.RotationPeriodInDays = inventory.Ptr(false), nil
			unread.KeyRotationEnabled = nil
			rsa.KeySpec, rsa.KeyRotationEnabled = "RSA_2048", inventory.Ptr(false)
			imported.Origin, imported.KeyRotationEnabled = "EXTERNAL", inventory.Ptr(false)
			awsKey.KeyManager, awsKey.KeyRotationEnabled = "AWS", inventory.Ptr(false)
			pending.KeyState, pending.KeyRotationEnabled = "PendingDeletion", inventory.Ptr(false)
			r.Resources.KMSKeys = []*inventory.KMSKey{dpCMK("on"), off, unread, rsa, imported, awsKey, pending}
		},
		want:     map[string]finding.Status{"on": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"on": "every 365 days", "off": "created 400 days ago"},
	}})
}

func TestKMSKeyPolicyPublic(t *testing.T) {
	public := `{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}`
	viaService := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*",` +
		`"Condition":{"StringEquals":{"kms:CallerAccount":"123456789012","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`
	runCases(t, kmsKeyPolicyPublic, []checkCase{{
		name: "public fails, account and via-service pass, unread and empty are unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			pub, via, unread, empty, awsKey := dpCMK("public"), dpCMK("via"), dpCMK("unread"), dpCMK("empty"), dpCMK("aws")
			pub.Policy, via.Policy, awsKey.Policy = public, viaService, public
			unread.Policy, unread.Unread = "", []string{"policy"}
			empty.Policy = ""
			awsKey.KeyManager = "AWS"
			r.Resources.KMSKeys = []*inventory.KMSKey{dpCMK("ok"), pub, via, unread, empty, awsKey}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "public": finding.Fail, "via": finding.Pass, "unread": finding.Error, "empty": finding.Error},
		contains: map[string]string{"public": "kms:Decrypt, kms:DescribeKey (Sid Open)"},
	}})
}

func TestKMSKeyPendingDeletion(t *testing.T) {
	runCases(t, kmsKeyPendingDeletion, []checkCase{{
		name: "pending deletion fails and names users; enabled and disabled pass; unknown state",
		fill: func(a *inventory.Account, r *inventory.Region) {
			pending, used, disabled, unknown := dpCMK("pending"), dpCMK("used"), dpCMK("disabled"), dpCMK("unknown")
			pending.KeyState, pending.DeletionDate = "PendingDeletion", testNow.AddDate(0, 0, 9)
			used.KeyState, used.Aliases = "PendingDeletion", []string{"alias/data"}
			disabled.KeyState = "Disabled"
			unknown.KeyState = ""
			r.Resources.KMSKeys = []*inventory.KMSKey{dpCMK("ok"), pending, used, disabled, unknown}
			b := dpBucket("data-bucket")
			b.Encryption = &inventory.S3Encryption{SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/data"}
			a.Resources.S3Buckets = []*inventory.S3Bucket{b}
			r.Resources.DBInstances = []*inventory.DBInstance{{Meta: meta("db1"), KMSKeyID: used.ARN}}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "pending": finding.Fail, "used": finding.Fail, "disabled": finding.Pass, "unknown": finding.Error},
		contains: map[string]string{"pending": "on 2026-11-10 (in 9 days)", "used": "bucket data-bucket, DB instance db1"},
	}})
}
