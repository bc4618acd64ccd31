package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestEBSVolumeEncrypted(t *testing.T) {
	runCases(t, ebsVolumeEncrypted, []checkCase{{
		name: "unencrypted root volume of wordpress fails",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-1")}
			r.Resources.Volumes = []*inventory.Volume{
				{Meta: meta("vol-wp"), Size: 30, VolumeType: "gp2", Attachments: []inventory.VolumeAttachment{{InstanceID: "i-wp", Device: "/dev/xvda"}}},
				{Meta: meta("vol-enc"), Encrypted: true, KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k", Size: 100},
			}
		},
		want:     map[string]finding.Status{"vol-wp": finding.Fail, "vol-enc": finding.Pass},
		contains: map[string]string{"vol-wp": "30 GiB gp2 volume is not encrypted; attached to wordpress-web (i-wp) as /dev/xvda"},
	}, {
		name: "volumes not read",
		fill: func(a *inventory.Account, r *inventory.Region) { r.Gaps = []inventory.Gap{netGap("AWS::EC2::Volume")} },
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestEBSEncryptionByDefault(t *testing.T) {
	scope := testAccount + "/" + testRegion
	runCases(t, ebsEncryptionByDefault, []checkCase{{
		name: "disabled",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EBSEncryptionByDefault = &inventory.EBSEncryptionByDefault{Meta: meta("ebs-default"), KMSKeyID: "alias/aws/ebs"}
		},
		want:     map[string]finding.Status{scope: finding.Fail},
		contains: map[string]string{scope: "disabled in us-east-1"},
	}, {
		name: "enabled",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EBSEncryptionByDefault = &inventory.EBSEncryptionByDefault{Meta: meta("ebs-default"), Enabled: true, KMSKeyID: "alias/ebs"}
		},
		want:     map[string]finding.Status{scope: finding.Pass},
		contains: map[string]string{scope: "default key alias/ebs"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {},
		want: map[string]finding.Status{scope: finding.Error},
	}})
}

func TestEBSSnapshotPublic(t *testing.T) {
	perms := func(ps ...inventory.CreateVolumePermission) *[]inventory.CreateVolumePermission { return &ps }
	fill := func(a *inventory.Account, r *inventory.Region) {
		r.Resources.Snapshots = []*inventory.Snapshot{
			{Meta: meta("snap-public"), VolumeID: "vol-1", VolumeSize: 8, CreateVolumePermissions: perms(inventory.CreateVolumePermission{Group: "all"})},
			{Meta: meta("snap-external"), CreateVolumePermissions: perms(inventory.CreateVolumePermission{UserID: "999988887777"})},
			{Meta: meta("snap-internal"), Encrypted: true, CreateVolumePermissions: perms(inventory.CreateVolumePermission{UserID: testAccount})},
			{Meta: meta("snap-private"), Encrypted: true, CreateVolumePermissions: perms()},
			{Meta: meta("snap-unread")},
		}
	}
	runCases(t, ebsSnapshotPublic, []checkCase{{
		name: "public, external, internal, private, unread",
		fill: fill,
		want: map[string]finding.Status{"snap-public": finding.Fail, "snap-external": finding.Fail, "snap-internal": finding.Pass,
			"snap-private": finding.Pass, "snap-unread": finding.Error},
		contains: map[string]string{
			"snap-public":   "is public: any AWS account can create a volume from it",
			"snap-external": "outside the estate: 999988887777",
		},
	}})
	fs := runCheck(t, ebsSnapshotPublic, testEstate(fill))
	if diff := cmp.Diff(map[string]finding.Severity{"snap-public": finding.Critical, "snap-external": finding.Medium}, netSeverities(fs)); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
}

func TestEBSSnapshotEncrypted(t *testing.T) {
	runCases(t, ebsSnapshotEncrypted, []checkCase{{
		name: "unencrypted fails",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Snapshots = []*inventory.Snapshot{
				{Meta: meta("snap-plain"), VolumeID: "vol-1", VolumeSize: 8, StartTime: testNow.AddDate(0, 0, -3)},
				{Meta: meta("snap-enc"), Encrypted: true, KMSKeyID: "alias/ebs"},
			}
		},
		want:     map[string]finding.Status{"snap-plain": finding.Fail, "snap-enc": finding.Pass},
		contains: map[string]string{"snap-plain": "snapshot of vol-1 (8 GiB, taken 2026-10-29) is not encrypted"},
	}, {
		name: "snapshots not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::Snapshot")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}
