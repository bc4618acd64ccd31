package demo

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// KMS keys other demo files of this group refer to.
var (
	kmsProdOrdersKey   = arn("kms", East, ProdAccount, "key/0b7c4f2e-8d1a-4c3b-9e5f-6a7b8c9d0e1f")
	kmsProdLegacyKey   = arn("kms", East, ProdAccount, "key/3f9a1c2d-4b5e-4f70-8192-a3b4c5d6e7f8")
	kmsProdDRKey       = arn("kms", West, ProdAccount, "key/6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f")
	kmsMgmtTrailKey    = arn("kms", East, ManagementAccount, "key/9c0d1e2f-3a4b-4c5d-9e8f-9a0b1c2d3e4f")
	kmsMgmtBackupKey   = arn("kms", East, ManagementAccount, "key/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e")
	kmsDevReportingKey = arn("kms", East, DevAccount, "key/5e6f7a8b-9c0d-4e2f-8a4b-5c6d7e8f9a0b")
	kmsDevSharedKey    = arn("kms", West, DevAccount, "key/7a8b9c0d-1e2f-4a4b-9c6d-7e8f9a0b1c2d")
)

// kmsKeyPolicy is the default key policy: the account root may delegate
// through IAM, plus any extra statements.
func kmsKeyPolicy(account string, extra ...string) string {
	doc := `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}`
	for _, s := range extra {
		doc += "," + s
	}
	return doc + "]}"
}

// kmsKey is a customer managed symmetric key; callers change what their example needs.
func kmsKey(keyARN, account, alias, description string, created int) *inventory.KMSKey {
	id := keyARN[len(keyARN)-36:]
	return &inventory.KMSKey{
		Meta:       meta("kms:DescribeKey", id, keyARN, alias),
		KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", KeyState: "Enabled", Origin: "AWS_KMS",
		CreationDate: daysAgo(created), Description: description, Aliases: []string{alias},
		KeyRotationEnabled: inventory.Ptr(true), RotationPeriodInDays: inventory.Ptr(365), NextRotationDate: daysAgo(created%365).AddDate(1, 0, 0),
		Policy: kmsKeyPolicy(account),
	}
}

// awsManagedKey is an AWS managed key (aws/s3, aws/rds, ...): not assessed
// by the KMS checks, but S3 checks resolve aliases through it.
func awsManagedKey(region, account, id, alias string) *inventory.KMSKey {
	return &inventory.KMSKey{
		Meta:       meta("kms:DescribeKey", id, arn("kms", region, account, "key/"+id), alias),
		KeyManager: "AWS", KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", KeyState: "Enabled", Origin: "AWS_KMS",
		CreationDate: daysAgo(1200), Description: "Default key that protects my data when no other key is defined", Aliases: []string{alias},
		KeyRotationEnabled: inventory.Ptr(true), RotationPeriodInDays: inventory.Ptr(365),
	}
}

func addKMS(b *builder) {
	prodEast, prodWest := b.region(ProdAccount, East), b.region(ProdAccount, West)
	mgmtEast := b.region(ManagementAccount, East)
	devEast, devWest := b.region(DevAccount, East), b.region(DevAccount, West)

	// kms-key-rotation: the prod data key rotates yearly (pass); the legacy
	// application's key, created three years ago, never has (fail).
	orders := kmsKey(kmsProdOrdersKey, ProdAccount, "alias/orders-data", "orders-db, order archive and prod backups", 640)
	legacy := kmsKey(kmsProdLegacyKey, ProdAccount, "alias/legacy-app", "legacy-mysql application secrets", 1130)
	legacy.KeyRotationEnabled, legacy.RotationPeriodInDays, legacy.NextRotationDate = inventory.Ptr(false), nil, time.Time{}
	prodEast.Resources.KMSKeys = append(prodEast.Resources.KMSKeys, orders, legacy,
		awsManagedKey(East, ProdAccount, "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a", "alias/aws/s3"),
		awsManagedKey(East, ProdAccount, "e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b", "alias/aws/rds"))

	// The DR key in eu-west-1 rotates every 180 days (pass).
	dr := kmsKey(kmsProdDRKey, ProdAccount, "alias/prod-dr-backups", "prod backups copied to eu-west-1", 500)
	dr.RotationPeriodInDays = inventory.Ptr(180)
	prodWest.Resources.KMSKeys = append(prodWest.Resources.KMSKeys, dr)

	// Management keys: the organization trail's key lets CloudTrail encrypt
	// (a service principal with a source-ARN condition: not public); the
	// central backup key lets the member accounts' backups be copied in.
	trail := kmsKey(kmsMgmtTrailKey, ManagementAccount, "alias/org-cloudtrail", "organization trail log files", 900)
	trail.Policy = kmsKeyPolicy(ManagementAccount,
		`{"Sid":"Allow CloudTrail to encrypt logs","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"*",`+
			`"Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"},`+
			`"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}}`)
	central := kmsKey(kmsMgmtBackupKey, ManagementAccount, "alias/central-backup", "central backup vault", 700)
	central.Policy = kmsKeyPolicy(ManagementAccount,
		`{"Sid":"AllowOrgBackupCopies","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*",`+
			`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"`+OrgID+`","kms:ViaService":"backup.us-east-1.amazonaws.com"}}}`)
	mgmtEast.Resources.KMSKeys = append(mgmtEast.Resources.KMSKeys, trail, central)

	// kms-key-pending-deletion: a dev engineer scheduled the old reporting
	// key for deletion while a secret still uses it (fail, high).
	old := kmsKey(kmsDevReportingKey, DevAccount, "alias/old-reporting", "reporting pipeline (retired)", 820)
	old.KeyState, old.DeletionDate, old.PendingDeletionWindowInDays = "PendingDeletion", Now.AddDate(0, 0, 5), 7
	devEast.Resources.KMSKeys = append(devEast.Resources.KMSKeys, old,
		awsManagedKey(East, DevAccount, "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c", "alias/aws/s3"))

	// kms-key-policy-public: a dev key "shared" with a partner by opening
	// kms:Decrypt to "*" (fail, critical). It does rotate.
	shared := kmsKey(kmsDevSharedKey, DevAccount, "alias/dev-shared-data", "data shared with the analytics partner", 210)
	shared.Policy = kmsKeyPolicy(DevAccount,
		`{"Sid":"PartnerDecrypt","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}`)
	devWest.Resources.KMSKeys = append(devWest.Resources.KMSKeys, shared)
}
