package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

func collectVolumes(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.Volume
	err := each(ctx, ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{}), func(p *ec2.DescribeVolumesOutput) {
		for _, v := range p.Volumes {
			id := aws.ToString(v.VolumeId)
			a := aws.ToString(v.VolumeArn)
			if a == "" {
				a = arn(s, s.AccountID(), "volume/"+id)
			}
			x := &inventory.Volume{
				Meta:             s.Meta("ec2:DescribeVolumes", id, a, name(v.Tags)),
				Encrypted:        aws.ToBool(v.Encrypted),
				KMSKeyID:         aws.ToString(v.KmsKeyId),
				Size:             toInt(v.Size),
				VolumeType:       string(v.VolumeType),
				State:            string(v.State),
				AvailabilityZone: aws.ToString(v.AvailabilityZone),
				SnapshotID:       aws.ToString(v.SnapshotId),
				CreateTime:       aws.ToTime(v.CreateTime),
			}
			for _, at := range v.Attachments {
				x.Attachments = append(x.Attachments, inventory.VolumeAttachment{
					InstanceID:          aws.ToString(at.InstanceId),
					Device:              aws.ToString(at.Device),
					State:               string(at.State),
					DeleteOnTermination: aws.ToBool(at.DeleteOnTermination),
				})
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(volumeType, "ec2:DescribeVolumes", err)
		return
	}
	s.Region.Resources.Volumes = out
}

// collectSnapshots reads the snapshots the account owns (without the owner
// filter EC2 would list every public snapshot of every account) and who else
// may create volumes from each.
func collectSnapshots(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.Snapshot
	in := &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}
	err := each(ctx, ec2.NewDescribeSnapshotsPaginator(c, in), func(p *ec2.DescribeSnapshotsOutput) {
		for _, sn := range p.Snapshots {
			id := aws.ToString(sn.SnapshotId)
			out = append(out, &inventory.Snapshot{
				// Snapshot ARNs carry no account.
				Meta:        s.Meta("ec2:DescribeSnapshots", id, arn(s, "", "snapshot/"+id), name(sn.Tags)),
				OwnerID:     aws.ToString(sn.OwnerId),
				Encrypted:   aws.ToBool(sn.Encrypted),
				KMSKeyID:    aws.ToString(sn.KmsKeyId),
				VolumeID:    aws.ToString(sn.VolumeId),
				VolumeSize:  toInt(sn.VolumeSize),
				State:       string(sn.State),
				StartTime:   aws.ToTime(sn.StartTime),
				Description: aws.ToString(sn.Description),
			})
		}
	})
	if err != nil {
		s.Gap(snapshotType, "ec2:DescribeSnapshots", err)
		return
	}
	for _, sn := range out {
		if ctx.Err() != nil {
			break
		}
		sn.CreateVolumePermissions = volumePermissions(ctx, c, sn.ID)
	}
	s.Region.Resources.Snapshots = out
}

// volumePermissions returns who may create volumes from a snapshot: a
// pointer to an empty list when it is private, nil when the attribute could
// not be read.
func volumePermissions(ctx context.Context, c *ec2.Client, id string) *[]inventory.CreateVolumePermission {
	out, err := c.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{
		SnapshotId: aws.String(id), Attribute: types.SnapshotAttributeNameCreateVolumePermission,
	})
	if err != nil {
		return nil
	}
	perms := []inventory.CreateVolumePermission{}
	for _, p := range out.CreateVolumePermissions {
		perms = append(perms, inventory.CreateVolumePermission{UserID: aws.ToString(p.UserId), Group: string(p.Group)})
	}
	return &perms
}

// collectEBSDefaults reads the region's EBS encryption-by-default setting and
// its default key. Without the setting the whole value stays nil (unknown);
// without the key only KMSKeyID stays empty.
func collectEBSDefaults(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	enc, err := c.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		s.Gap(ebsDefaultType, "ec2:GetEbsEncryptionByDefault", err)
		return
	}
	x := &inventory.EBSEncryptionByDefault{
		// The setting has no id of its own: it is the account's, per region.
		Meta:    s.Meta("ec2:GetEbsEncryptionByDefault", s.AccountID()+"/"+s.RegionName(), "", ""),
		Enabled: aws.ToBool(enc.EbsEncryptionByDefault),
	}
	if key, err := c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{}); err == nil {
		x.KMSKeyID = aws.ToString(key.KmsKeyId)
	}
	s.Region.Resources.EBSEncryptionByDefault = x
}
