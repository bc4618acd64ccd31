package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func ebsChecks() []*Check {
	return []*Check{ebsVolumeEncrypted, ebsEncryptionByDefault, ebsSnapshotPublic, ebsSnapshotEncrypted}
}

// ebsInstanceName returns the display name of an instance in the region, or
// its id when it is not in the inventory.
func ebsInstanceName(r *inventory.Region, id string) string {
	for _, in := range r.Resources.EC2Instances {
		if in.ID == id {
			if in.Name != "" {
				return in.Name + " (" + id + ")"
			}
			return id
		}
	}
	return id
}

var ebsVolumeEncrypted = &Check{
	ID:           "ebs-volume-encrypted",
	Service:      "ebs",
	Title:        "EBS volumes are encrypted",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::Volume",
	Rationale: "An unencrypted EBS volume, and every snapshot taken from it, holds its data in clear: a snapshot shared " +
		"by mistake (or made public), copied to another account by an insider or an attacker holding ec2:CreateSnapshot " +
		"and ec2:ModifySnapshotAttribute, or a volume attached to an attacker-controlled instance gives up the whole " +
		"disk — a WordPress root volume carries wp-config.php with the database password. With KMS encryption, reading " +
		"the data also requires kms:Decrypt on the key, which is separately granted, logged in CloudTrail and revocable, " +
		"and a customer managed key cannot be used by another account unless its key policy says so. Encryption cannot " +
		"be switched on for an existing volume: it must be copied through an encrypted snapshot.",
	Verify: "aws ec2 describe-volumes --filters Name=encrypted,Values=false --query 'Volumes[].[VolumeId,Size,State,Attachments[].InstanceId]' " +
		"in every region, or the AWS Config managed rule ENCRYPTED_VOLUMES (aws configservice get-compliance-details-by-config-rule --config-rule-name encrypted-volumes).",
	Remediation: Remediation{
		Summary: "Snapshot the volume, copy the snapshot with encryption (a KMS key), create a volume from it and swap it in; enable EBS encryption by default.",
		Console: "EC2 > Volumes > select the volume > Actions > Create snapshot; Snapshots > select it > Actions > Copy snapshot > Encrypt this snapshot (choose a KMS key); " +
			"create a volume from the encrypted copy in the same AZ, stop the instance, detach the old volume and attach the new one on the same device.",
		CLI: "aws ec2 create-snapshot --volume-id vol-0123456789abcdef0 --description pre-encryption\n" +
			"aws ec2 copy-snapshot --source-region us-east-1 --source-snapshot-id snap-0123456789abcdef0 --encrypted --kms-key-id alias/ebs\n" +
			"aws ec2 create-volume --snapshot-id snap-0fedcba9876543210 --availability-zone us-east-1a --volume-type gp3\n" +
			"aws ec2 stop-instances --instance-ids i-0123456789abcdef0\n" +
			"aws ec2 detach-volume --volume-id vol-0123456789abcdef0\n" +
			"aws ec2 attach-volume --volume-id vol-0fedcba9876543210 --instance-id i-0123456789abcdef0 --device /dev/xvda",
		Terraform: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"us-east-1a\"\n  size              = 50\n" +
			"  encrypted         = true\n  kms_key_id        = aws_kms_key.ebs.arn\n}\n" +
			"resource \"aws_instance\" \"web\" {\n  root_block_device {\n    encrypted  = true\n    kms_key_id = aws_kms_key.ebs.arn\n  }\n}",
	},
	Seed: []string{"unencrypted-ebs", "data-at-rest", "encryption-at-rest-default", "wordpress-posture"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, v := range r.Resources.Volumes {
				loc := At(a, r, v)
				var att []string
				for _, at := range v.Attachments {
					s := ebsInstanceName(r, at.InstanceID)
					if at.Device != "" {
						s += " as " + at.Device
					}
					att = append(att, s)
				}
				where := "not attached"
				if len(att) > 0 {
					where = "attached to " + strings.Join(att, ", ")
				}
				if v.Encrypted {
					c.Pass(loc, fmt.Sprintf("encrypted with %s; %s", orNone(v.KMSKeyID), where), Ev(v, "Encrypted", true), Ev(v, "KmsKeyId", orNone(v.KMSKeyID)))
					continue
				}
				c.Fail(loc, fmt.Sprintf("%d GiB %s volume is not encrypted; %s", v.Size, orNone(v.VolumeType), where),
					Ev(v, "Encrypted", false), Ev(v, "Attachments", att))
			}
		}
	},
}

var ebsEncryptionByDefault = &Check{
	ID:           "ebs-encryption-by-default",
	Service:      "ebs",
	Title:        "EBS encryption by default is enabled in every region",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::EBSEncryptionByDefault",
	Rationale: "EBS encryption by default is a per-region account setting that makes every new volume, and every volume " +
		"created from an unencrypted snapshot, encrypted with the chosen KMS key, whoever launches it and however (console, " +
		"CLI, an old CloudFormation template, an AMI with unencrypted snapshots). Without it, encryption at rest depends on " +
		"every engineer remembering a flag, and the unencrypted volumes that result can only be fixed later by copying " +
		"them. It costs nothing and has no performance impact; it must be turned on in each region, including regions " +
		"not in use today, where an attacker or a mistake may launch resources.",
	Verify: "for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do " +
		"echo $r $(aws ec2 get-ebs-encryption-by-default --region $r --query EbsEncryptionByDefault) " +
		"$(aws ec2 get-ebs-default-kms-key-id --region $r --query KmsKeyId); done",
	Remediation: Remediation{
		Summary: "Enable EBS encryption by default in every region, with a customer managed KMS key where cross-account control matters.",
		Console: "EC2 > Dashboard > Account attributes > Data protection and security > EBS encryption > Manage > Enable; " +
			"optionally choose a customer managed default key > Update EBS encryption. Repeat in each region.",
		CLI: "aws ec2 enable-ebs-encryption-by-default --region eu-west-1\n" +
			"aws ec2 modify-ebs-default-kms-key-id --region eu-west-1 --kms-key-id alias/ebs-default",
		Terraform: "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}\n" +
			"resource \"aws_ebs_default_kms_key\" \"this\" {\n  key_arn = aws_kms_key.ebs.arn\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.2.1"}, "5.0.0": {"5.1.1"}},
	Seed: []string{"encryption-at-rest-default", "unencrypted-ebs", "data-at-rest"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			loc := AtScope(a, r, "AWS::EC2::EBSEncryptionByDefault")
			d := r.Resources.EBSEncryptionByDefault
			switch {
			case d == nil:
				c.Unknown(loc, "EBS encryption by default was not read in "+r.Name, Ev(nil, "EbsEncryptionByDefault", nil))
			case d.Enabled:
				c.Pass(loc, fmt.Sprintf("EBS encryption by default is enabled in %s (default key %s)", r.Name, orNone(d.KMSKeyID)),
					Ev(d, "EbsEncryptionByDefault", true), Ev(d, "KmsKeyId", orNone(d.KMSKeyID)))
			default:
				c.Fail(loc, "EBS encryption by default is disabled in "+r.Name+": new volumes are unencrypted unless each launch asks for encryption",
					Ev(d, "EbsEncryptionByDefault", false))
			}
		}
	},
}

// ebsEstateAccounts returns the ids of the accounts the estate knows: its
// accounts and the organization's management account.
func ebsEstateAccounts(e *inventory.Estate) []string {
	var ids []string
	for _, a := range e.Accounts {
		ids = append(ids, a.ID)
	}
	if e.Organization != nil && e.Organization.ManagementAccount != "" && !slices.Contains(ids, e.Organization.ManagementAccount) {
		ids = append(ids, e.Organization.ManagementAccount)
	}
	return ids
}

var ebsSnapshotPublic = &Check{
	ID:           "ebs-snapshot-public",
	Service:      "ebs",
	Title:        "EBS snapshots are neither public nor shared with accounts outside the estate",
	Severity:     finding.Critical,
	ResourceType: "AWS::EC2::Snapshot",
	Rationale: "A snapshot whose createVolumePermission includes the group \"all\" can be turned into a volume by any AWS " +
		"account in the region, which can then mount it and read every file: source code, database files, SSH keys, " +
		"credentials in configuration. Public snapshots are searched for continuously (tools such as DufflebagSecurity " +
		"scan them for secrets at scale). Sharing with a specific account outside the organization is a smaller but " +
		"similar risk: that account owns a copy forever once it creates a volume. Unencrypted snapshots are the only " +
		"ones that can be made public, which is one more reason to encrypt.",
	Verify: "aws ec2 describe-snapshots --owner-ids self --restorable-by-user-ids all --query 'Snapshots[].SnapshotId' lists public ones; " +
		"aws ec2 describe-snapshot-attribute --snapshot-id snap-0123456789abcdef0 --attribute createVolumePermission shows who else may use one; " +
		"aws ec2 get-snapshot-block-public-access-state shows the regional block.",
	Remediation: Remediation{
		Summary: "Remove the \"all\" group and unknown accounts from the snapshot's createVolumePermission and block public snapshot sharing.",
		Console: "EC2 > Snapshots > select the snapshot > Actions > Snapshot settings > Modify permissions > Private (remove external accounts) > Save. " +
			"EC2 > Dashboard > Account attributes > Data protection and security > Block public access for EBS snapshots > Block all public sharing.",
		CLI: "aws ec2 modify-snapshot-attribute --snapshot-id snap-0123456789abcdef0 --attribute createVolumePermission --operation-type remove --group-names all\n" +
			"aws ec2 modify-snapshot-attribute --snapshot-id snap-0123456789abcdef0 --attribute createVolumePermission --operation-type remove --user-ids 999988887777\n" +
			"aws ec2 enable-snapshot-block-public-access --state block-all-sharing",
		Terraform: "resource \"aws_ebs_snapshot_block_public_access\" \"this\" {\n  state = \"block-all-sharing\"\n}\n" +
			"# and remove any aws_snapshot_create_volume_permission for accounts outside the organization",
	},
	Seed: []string{"data-at-rest", "backup-security", "unencrypted-ebs"},
	Run: func(c *Context) {
		known := ebsEstateAccounts(c.Estate)
		for a, r := range c.Regions() {
			for _, s := range r.Resources.Snapshots {
				loc := At(a, r, s)
				if s.CreateVolumePermissions == nil {
					c.Unknown(loc, "the snapshot's createVolumePermission attribute was not read", Ev(s, "CreateVolumePermissions", nil))
					continue
				}
				var public bool
				var inside, outside []string
				for _, p := range *s.CreateVolumePermissions {
					switch {
					case p.Group == "all":
						public = true
					case p.UserID == "":
					case slices.Contains(known, p.UserID):
						inside = append(inside, p.UserID)
					default:
						outside = append(outside, p.UserID)
					}
				}
				ev := Ev(s, "CreateVolumePermissions", append(append([]string{}, inside...), outside...))
				switch {
				case public:
					c.Fail(loc, fmt.Sprintf("snapshot of %s (%d GiB, encrypted=%t) is public: any AWS account can create a volume from it", orNone(s.VolumeID), s.VolumeSize, s.Encrypted),
						Ev(s, "CreateVolumePermissions", "Group=all"))
				case len(outside) > 0:
					c.FailAt(finding.Medium, loc, "snapshot is shared with accounts outside the estate: "+strings.Join(outside, ", "), ev)
				case len(inside) > 0:
					c.Pass(loc, "snapshot is shared only with estate accounts: "+strings.Join(inside, ", "), ev)
				default:
					c.Pass(loc, "snapshot is private", ev)
				}
			}
		}
	},
}

var ebsSnapshotEncrypted = &Check{
	ID:           "ebs-snapshot-encrypted",
	Service:      "ebs",
	Title:        "EBS snapshots are encrypted",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::Snapshot",
	Rationale: "Snapshots outlive the volumes they were taken from and are the easiest way to move a disk out of an " +
		"account: a single ModifySnapshotAttribute call shares an unencrypted snapshot with any account, or with everyone. " +
		"An encrypted snapshot cannot be made public at all, and sharing it is useless unless the KMS key policy also " +
		"grants the other account kms:Decrypt and kms:CreateGrant. Backups taken from unencrypted volumes also keep the " +
		"problem alive after the volume itself is fixed.",
	Verify: "aws ec2 describe-snapshots --owner-ids self --filters Name=encrypted,Values=false --query 'Snapshots[].[SnapshotId,VolumeId,StartTime]'",
	Remediation: Remediation{
		Summary: "Copy the snapshot with encryption enabled, switch backups and AMIs to the encrypted copy, then delete the unencrypted one.",
		Console: "EC2 > Snapshots > select the snapshot > Actions > Copy snapshot > Encrypt this snapshot, choose the KMS key > Copy snapshot; " +
			"after checking the copy, select the original > Actions > Delete snapshot.",
		CLI: "aws ec2 copy-snapshot --source-region us-east-1 --source-snapshot-id snap-0123456789abcdef0 --encrypted --kms-key-id alias/ebs " +
			"--description \"encrypted copy of snap-0123456789abcdef0\"\n" +
			"aws ec2 delete-snapshot --snapshot-id snap-0123456789abcdef0",
		Terraform: "resource \"aws_ebs_snapshot_copy\" \"encrypted\" {\n  source_snapshot_id = \"snap-0123456789abcdef0\"\n" +
			"  source_region      = \"us-east-1\"\n  encrypted          = true\n  kms_key_id         = aws_kms_key.ebs.arn\n}",
	},
	Seed: []string{"data-at-rest", "unencrypted-ebs", "backup-security"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, s := range r.Resources.Snapshots {
				loc := At(a, r, s)
				if s.Encrypted {
					c.Pass(loc, "snapshot is encrypted with "+orNone(s.KMSKeyID), Ev(s, "Encrypted", true), Ev(s, "KmsKeyId", orNone(s.KMSKeyID)))
					continue
				}
				c.Fail(loc, fmt.Sprintf("snapshot of %s (%d GiB, taken %s) is not encrypted", orNone(s.VolumeID), s.VolumeSize, s.StartTime.Format("2006-01-02")),
					Ev(s, "Encrypted", false))
			}
		}
	},
}
