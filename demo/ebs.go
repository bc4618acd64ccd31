package demo

import "github.com/awssec/awssec/inventory"

// snapshotARN is the ARN of an EBS snapshot (snapshot ARNs carry no account).
func snapshotARN(region, id string) string { return "arn:aws:ec2:" + region + "::snapshot/" + id }

// ebsKey is the customer managed KMS key prod encrypts EBS with.
var ebsKey = arn("kms", East, ProdAccount, "key/1a2b3c4d-5e6f-4a5b-8c7d-9e0f1a2b3c4d")

func addEBS(b *builder) {
	prod := b.region(ProdAccount, East)
	prod.Resources.Volumes = append(prod.Resources.Volumes,
		// The WordPress root volume, unencrypted: fails ebs-volume-encrypted.
		&inventory.Volume{
			Meta: meta("ec2:DescribeVolumes", "vol-0wordpress0000001", arn("ec2", East, ProdAccount, "volume/vol-0wordpress0000001"), "wordpress-web-root"),
			Size: 30, VolumeType: "gp2", State: "in-use", AvailabilityZone: "us-east-1a", CreateTime: daysAgo(612),
			Attachments: []inventory.VolumeAttachment{{InstanceID: "i-0a1b2c3d4e5f60001", Device: "/dev/xvda", State: "attached", DeleteOnTermination: true}},
		},
		// orders-app's root and data volumes, encrypted with the prod EBS
		// key: pass.
		&inventory.Volume{
			Meta:      meta("ec2:DescribeVolumes", "vol-0orders0000000001", arn("ec2", East, ProdAccount, "volume/vol-0orders0000000001"), "orders-app-root"),
			Encrypted: true, KMSKeyID: ebsKey, Size: 20, VolumeType: "gp3", State: "in-use", AvailabilityZone: "us-east-1a", CreateTime: daysAgo(21),
			Attachments: []inventory.VolumeAttachment{{InstanceID: "i-0a1b2c3d4e5f60002", Device: "/dev/xvda", State: "attached", DeleteOnTermination: true}},
		},
		&inventory.Volume{
			Meta:      meta("ec2:DescribeVolumes", "vol-0orders0000000002", arn("ec2", East, ProdAccount, "volume/vol-0orders0000000002"), "orders-app-data"),
			Encrypted: true, KMSKeyID: ebsKey, Size: 100, VolumeType: "gp3", State: "in-use", AvailabilityZone: "us-east-1a", CreateTime: daysAgo(21),
			Attachments: []inventory.VolumeAttachment{{InstanceID: "i-0a1b2c3d4e5f60002", Device: "/dev/sdf", State: "attached"}},
		},
	)
	prod.Resources.Snapshots = append(prod.Resources.Snapshots,
		// A nightly backup of the WordPress root volume: private, but
		// unencrypted like its volume (fails ebs-snapshot-encrypted, passes
		// ebs-snapshot-public).
		&inventory.Snapshot{
			Meta:    meta("ec2:DescribeSnapshots", "snap-0wordpress000001", snapshotARN(East, "snap-0wordpress000001"), "wordpress-web-nightly"),
			OwnerID: ProdAccount, VolumeID: "vol-0wordpress0000001", VolumeSize: 30, State: "completed", StartTime: daysAgo(1),
			Description: "nightly backup of wordpress-web", CreateVolumePermissions: &[]inventory.CreateVolumePermission{},
		},
		// orders data, encrypted and shared with the management account for
		// cross-account backup: passes both snapshot checks.
		&inventory.Snapshot{
			Meta:    meta("ec2:DescribeSnapshots", "snap-0orders0000000001", snapshotARN(East, "snap-0orders0000000001"), "orders-data-weekly"),
			OwnerID: ProdAccount, Encrypted: true, KMSKeyID: ebsKey, VolumeID: "vol-0orders0000000002", VolumeSize: 100, State: "completed",
			StartTime: daysAgo(3), Description: "weekly backup of orders data",
			CreateVolumePermissions: &[]inventory.CreateVolumePermission{{UserID: ManagementAccount}},
		},
	)

	// EBS encryption by default: off in prod us-east-1 (which is how the
	// WordPress volume came to be unencrypted) and dev eu-west-1, on with a
	// customer managed or the AWS managed key elsewhere. Fails and passes
	// ebs-encryption-by-default.
	for _, s := range []struct {
		account, region string
		enabled         bool
		key             string
	}{
		{ProdAccount, East, false, "alias/aws/ebs"},
		{ProdAccount, West, true, arn("kms", West, ProdAccount, "key/7f8e9d0c-1b2a-4c3d-9e8f-0a1b2c3d4e5f")},
		{DevAccount, East, true, "alias/aws/ebs"},
		{DevAccount, West, false, "alias/aws/ebs"},
		{ManagementAccount, East, true, "alias/aws/ebs"},
		{ManagementAccount, West, true, "alias/aws/ebs"},
	} {
		b.region(s.account, s.region).Resources.EBSEncryptionByDefault = &inventory.EBSEncryptionByDefault{
			Meta:    meta("ec2:GetEbsEncryptionByDefault", s.account+"/"+s.region, "", ""),
			Enabled: s.enabled, KMSKeyID: s.key,
		}
	}

	dev := b.region(DevAccount, West)
	// The Jenkins volume, unencrypted since default encryption is off here.
	dev.Resources.Volumes = append(dev.Resources.Volumes, &inventory.Volume{
		Meta: meta("ec2:DescribeVolumes", "vol-0devjenkins000001", arn("ec2", West, DevAccount, "volume/vol-0devjenkins000001"), "dev-jenkins-home"),
		Size: 200, VolumeType: "gp3", State: "in-use", AvailabilityZone: "eu-west-1a", CreateTime: daysAgo(290),
		Attachments: []inventory.VolumeAttachment{{InstanceID: "i-0d1e2f3a4b5c60001", Device: "/dev/xvda", State: "attached", DeleteOnTermination: true}},
	})
	// A snapshot of the Jenkins home (credentials.xml, build secrets) made
	// public "to share with a contractor": fails ebs-snapshot-public
	// (critical) and ebs-snapshot-encrypted.
	dev.Resources.Snapshots = append(dev.Resources.Snapshots, &inventory.Snapshot{
		Meta:    meta("ec2:DescribeSnapshots", "snap-0devpublic0000001", snapshotARN(West, "snap-0devpublic0000001"), "jenkins-home-export"),
		OwnerID: DevAccount, VolumeID: "vol-0devjenkins000001", VolumeSize: 200, State: "completed", StartTime: daysAgo(34),
		Description:             "jenkins home for contractor",
		CreateVolumePermissions: &[]inventory.CreateVolumePermission{{Group: "all"}},
	})
}
