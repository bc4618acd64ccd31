package configsnap_test

import (
	"slices"
	"testing"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/collect/configsnap"
	"github.com/awssec/awssec/finding"
)

// TestChecksRunOnSnapshot runs every check on an estate read from the
// snapshot fixtures.
func TestChecksRunOnSnapshot(t *testing.T) {
	e, err := configsnap.Read([]string{"testdata/estate"})
	if err != nil {
		t.Fatal(err)
	}
	all := checks.All()
	results := checks.Run(e, all)
	status := func(check, id string) finding.Status {
		t.Helper()
		for _, f := range results {
			if f.CheckID == check && f.ResourceID == id {
				return f.Status
			}
		}
		t.Errorf("%s: no result for %s", check, id)
		return ""
	}
	for _, tc := range []struct {
		check, id string
		want      finding.Status
	}{
		{"ec2-imdsv1-allowed", "i-0a1b2c3d4e5f00001", finding.Fail},
		{"ec2-imdsv1-allowed", "i-0f0e0d0c0b0a00001", finding.Pass},
		{"ec2-imdsv1-allowed", "i-0a1b2c3d4e5f00002", finding.Error}, // no metadataOptions in the item
		{"ebs-volume-encrypted", "vol-0a1b2c3d4e5f00001", finding.Fail},
		{"ebs-volume-encrypted", "vol-0f0e0d0c0b0a00001", finding.Pass},
		{"ec2-sg-admin-ports-ipv4", "sg-0a1b2c3d4e5f00001", finding.Fail},
		{"ec2-instance-in-public-subnet-with-admin-port", "i-0a1b2c3d4e5f00001", finding.Fail},
		{"vpc-nacl-admin-ports-open", "acl-0a1b2c3d4e5f00001", finding.Fail},
		{"vpc-subnet-auto-assign-public-ip", "subnet-0a1b2c3d4e5f00001", finding.Fail},
		{"vpc-flow-logs-enabled", "vpc-0a1b2c3d4e5f00001", finding.Error},
		{"s3-bucket-acl-public", "example-public-assets", finding.Fail},
		{"s3-bucket-policy-public", "example-public-assets", finding.Fail},
		{"s3-bucket-versioning", "example-logs-bucket", finding.Pass},
		{"s3-account-public-access-block", "444455556666", finding.Pass},
		{"rds-instance-public-access", "orders-db", finding.Fail},
		{"rds-instance-storage-encrypted", "orders-db", finding.Fail},
		{"rds-instance-deletion-protection", "reports-db", finding.Error},
		{"kms-key-pending-deletion", "0f0e0d0c-0b0a-0908-0706-050403020100", finding.Fail},
		{"kms-key-rotation", "1234abcd-12ab-34cd-56ef-1234567890ab", finding.Error},
		{"iam-user-console-without-mfa", "AIDAEXAMPLEALICE0001", finding.Error},
		{"iam-access-key-rotation", "AIDAEXAMPLEALICE0001", finding.Error},
		{"iam-inline-policy-admin", "AIDAEXAMPLEALICE0001", finding.Fail},
		{"iam-policy-full-admin", "ANPAEXAMPLEOPSALL001", finding.Fail},
		{"iam-role-cross-account-without-external-id", "AROAEXAMPLEPARTNER01", finding.Fail},
		{"cloudtrail-log-file-validation", "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events", finding.Fail},
		{"lambda-runtime-deprecated", "thumbnailer", finding.Fail},
		{"lambda-env-secrets", "thumbnailer", finding.Error},
		// Unmapped types: "not assessed", never a pass on an empty list.
		{"guardduty-enabled", "111122223333/us-east-1", finding.Error},
		{"sns-topic-public", "111122223333/us-east-1", finding.Error},
		{"iam-password-policy-length", "111122223333", finding.Error},
	} {
		if got := status(tc.check, tc.id); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.check, tc.id, got, tc.want)
		}
	}

	mapped := configsnap.Mapped()
	for _, c := range all {
		if slices.Contains(mapped, c.ResourceType) {
			continue
		}
		for _, f := range results {
			if f.CheckID == c.ID && f.Status == finding.Pass {
				t.Errorf("%s passes on %s, a type the snapshot does not record: %s", c.ID, c.ResourceType, f.Message)
			}
		}
	}
}
