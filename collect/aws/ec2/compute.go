package ec2

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

func collectInstances(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.EC2Instance
	err := each(ctx, ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{}), func(p *ec2.DescribeInstancesOutput) {
		for _, res := range p.Reservations {
			for _, in := range res.Instances {
				if in.State != nil && in.State.Name == types.InstanceStateNameTerminated {
					continue // gone; AWS lists terminated instances for about an hour
				}
				out = append(out, instance(s, aws.ToString(res.OwnerId), in))
			}
		}
	})
	if err != nil {
		s.Gap(instanceType, "ec2:DescribeInstances", err)
		return
	}
	s.Region.Resources.EC2Instances = out
}

// instance converts one instance. ListeningTCPPorts stays nil: EC2 cannot
// see inside the instance, so the checks fall back on its security groups.
func instance(s *collect.Scope, owner string, in types.Instance) *inventory.EC2Instance {
	id := aws.ToString(in.InstanceId)
	x := &inventory.EC2Instance{
		Meta:            s.Meta("ec2:DescribeInstances", id, arn(s, owner, "instance/"+id), name(in.Tags)),
		ImageID:         aws.ToString(in.ImageId),
		VPCID:           aws.ToString(in.VpcId),
		SubnetID:        aws.ToString(in.SubnetId),
		PrivateIP:       aws.ToString(in.PrivateIpAddress),
		PublicIP:        aws.ToString(in.PublicIpAddress),
		InstanceType:    string(in.InstanceType),
		Platform:        string(in.Platform),
		PlatformDetails: aws.ToString(in.PlatformDetails),
		LaunchTime:      aws.ToTime(in.LaunchTime),
		KeyName:         aws.ToString(in.KeyName),
	}
	if in.State != nil {
		x.State = string(in.State.Name)
	}
	for _, g := range in.SecurityGroups {
		x.SecurityGroups = append(x.SecurityGroups, aws.ToString(g.GroupId))
	}
	if in.IamInstanceProfile != nil {
		x.InstanceProfile = aws.ToString(in.IamInstanceProfile.Arn)
	}
	if o := in.MetadataOptions; o != nil {
		x.MetadataOptions = &inventory.MetadataOptions{
			HTTPTokens:              string(o.HttpTokens),
			HTTPEndpoint:            string(o.HttpEndpoint),
			HTTPPutResponseHopLimit: toInt(o.HttpPutResponseHopLimit),
		}
	}
	// Every IPv6 address of every interface: all of them are globally
	// routable, not only the primary one.
	for _, ni := range in.NetworkInterfaces {
		for _, a := range ni.Ipv6Addresses {
			x.IPv6Addresses = append(x.IPv6Addresses, aws.ToString(a.Ipv6Address))
		}
	}
	return x
}

// collectImages reads the AMIs the account owns; public and shared images of
// others are not the account's to secure.
func collectImages(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.Image
	in := &ec2.DescribeImagesInput{Owners: []string{"self"}}
	err := each(ctx, ec2.NewDescribeImagesPaginator(c, in), func(p *ec2.DescribeImagesOutput) {
		for _, im := range p.Images {
			id := aws.ToString(im.ImageId)
			n := name(im.Tags)
			if n == "" {
				n = aws.ToString(im.Name)
			}
			x := &inventory.Image{
				// AMI ARNs carry no account.
				Meta:            s.Meta("ec2:DescribeImages", id, arn(s, "", "image/"+id), n),
				OwnerID:         aws.ToString(im.OwnerId),
				Public:          aws.ToBool(im.Public),
				State:           string(im.State),
				Description:     aws.ToString(im.Description),
				PlatformDetails: aws.ToString(im.PlatformDetails),
			}
			if t, err := time.Parse(time.RFC3339, aws.ToString(im.CreationDate)); err == nil {
				x.CreationDate = t
			}
			for _, bd := range im.BlockDeviceMappings {
				if bd.Ebs != nil && bd.Ebs.SnapshotId != nil {
					x.SnapshotIDs = append(x.SnapshotIDs, *bd.Ebs.SnapshotId)
				}
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(imageType, "ec2:DescribeImages", err)
		return
	}
	s.Region.Resources.Images = out
}
