// Package ec2 collects the EC2 family of a region: instances, security
// groups, network ACLs, VPCs (with their flow logs), subnets, route tables,
// EBS volumes, snapshots and encryption-by-default settings, the AMIs the
// account owns, and Transit Gateways with their attachments and route tables.
//
// What EC2 cannot tell is left unknown rather than guessed: the TCP ports an
// instance listens on (they come from the instance itself, through SSM
// Inventory or an agent) and how a Transit Gateway is shared (that is AWS
// RAM's to say).
package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awssec/awssec/collect"
)

// The resource types the collector fills.
const (
	instanceType      = "AWS::EC2::Instance"
	securityGroupType = "AWS::EC2::SecurityGroup"
	networkACLType    = "AWS::EC2::NetworkAcl"
	vpcType           = "AWS::EC2::VPC"
	subnetType        = "AWS::EC2::Subnet"
	routeTableType    = "AWS::EC2::RouteTable"
	volumeType        = "AWS::EC2::Volume"
	snapshotType      = "AWS::EC2::Snapshot"
	imageType         = "AWS::EC2::Image"
	tgwType           = "AWS::EC2::TransitGateway"
	tgwAttachmentType = "AWS::EC2::TransitGatewayAttachment"
	tgwRouteTableType = "AWS::EC2::TransitGatewayRouteTable"
	ebsDefaultType    = "AWS::EC2::EBSEncryptionByDefault"
)

// Service is the EC2 collector.
var Service = collect.Service{
	Name: "ec2",
	Types: []string{
		instanceType, securityGroupType, networkACLType, vpcType, subnetType, routeTableType,
		volumeType, snapshotType, imageType, tgwType, tgwAttachmentType, tgwRouteTableType, ebsDefaultType,
	},
	Collect: collectRegion,
	Operations: []string{
		"ec2:DescribeInstances", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls",
		"ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
		"ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute", "ec2:DescribeImages",
		"ec2:GetEbsEncryptionByDefault", "ec2:GetEbsDefaultKmsKeyId",
		"ec2:DescribeTransitGateways", "ec2:DescribeTransitGatewayAttachments", "ec2:DescribeTransitGatewayRouteTables",
	},
}

func collectRegion(ctx context.Context, s *collect.Scope) {
	c := ec2.NewFromConfig(s.Config)
	for _, collect := range []func(context.Context, *collect.Scope, *ec2.Client){
		collectInstances, collectSecurityGroups, collectNetworkACLs, collectVPCs, collectSubnets, collectRouteTables,
		collectVolumes, collectSnapshots, collectImages, collectEBSDefaults,
		collectTransitGateways, collectTGWAttachments, collectTGWRouteTables,
	} {
		if ctx.Err() != nil {
			return
		}
		collect(ctx, s, c)
	}
}

// pager is what every generated EC2 paginator offers.
type pager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ec2.Options)) (O, error)
}

// each hands every page of p to f, and stops at the first error.
func each[O any](ctx context.Context, p pager[O], f func(O)) error {
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		f(page)
	}
	return nil
}

// arn builds the ARN of a resource whose API shape carries none.
func arn(s *collect.Scope, account, resource string) string {
	partition := s.Account.Partition
	if partition == "" {
		partition = "aws"
	}
	return fmt.Sprintf("arn:%s:ec2:%s:%s:%s", partition, s.RegionName(), account, resource)
}

// name is the value of a resource's Name tag, how people know it in the
// console.
func name(tags []types.Tag) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == "Name" {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

func toInt(v *int32) int { return int(aws.ToInt32(v)) }
