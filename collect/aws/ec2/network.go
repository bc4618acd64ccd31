package ec2

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

func collectSecurityGroups(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.SecurityGroup
	err := each(ctx, ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{}), func(p *ec2.DescribeSecurityGroupsOutput) {
		for _, g := range p.SecurityGroups {
			id, owner := aws.ToString(g.GroupId), aws.ToString(g.OwnerId)
			a := aws.ToString(g.SecurityGroupArn)
			if a == "" {
				a = arn(s, owner, "security-group/"+id)
			}
			n := name(g.Tags)
			if n == "" {
				n = aws.ToString(g.GroupName)
			}
			out = append(out, &inventory.SecurityGroup{
				Meta:         s.Meta("ec2:DescribeSecurityGroups", id, a, n),
				GroupName:    aws.ToString(g.GroupName),
				Description:  aws.ToString(g.Description),
				VPCID:        aws.ToString(g.VpcId),
				OwnerID:      owner,
				IngressRules: rules(g.IpPermissions),
				EgressRules:  rules(g.IpPermissionsEgress),
			})
		}
	})
	if err != nil {
		s.Gap(securityGroupType, "ec2:DescribeSecurityGroups", err)
		return
	}
	s.Region.Resources.SecurityGroups = out
}

func rules(perms []types.IpPermission) []inventory.SecurityGroupRule {
	var out []inventory.SecurityGroupRule
	for _, p := range perms {
		r := inventory.SecurityGroupRule{
			IPProtocol: aws.ToString(p.IpProtocol),
			FromPort:   toInt(p.FromPort),
			ToPort:     toInt(p.ToPort),
		}
		for _, x := range p.IpRanges {
			r.IPv4Ranges = append(r.IPv4Ranges, inventory.IPRange{CIDR: aws.ToString(x.CidrIp), Description: aws.ToString(x.Description)})
		}
		for _, x := range p.Ipv6Ranges {
			r.IPv6Ranges = append(r.IPv6Ranges, inventory.IPRange{CIDR: aws.ToString(x.CidrIpv6), Description: aws.ToString(x.Description)})
		}
		for _, x := range p.PrefixListIds {
			r.PrefixListIDs = append(r.PrefixListIDs, inventory.PrefixListRef{PrefixListID: aws.ToString(x.PrefixListId), Description: aws.ToString(x.Description)})
		}
		for _, x := range p.UserIdGroupPairs {
			r.Groups = append(r.Groups, inventory.GroupRef{
				GroupID: aws.ToString(x.GroupId), UserID: aws.ToString(x.UserId), VPCID: aws.ToString(x.VpcId),
				PeeringStatus: aws.ToString(x.PeeringStatus), Description: aws.ToString(x.Description),
			})
		}
		out = append(out, r)
	}
	return out
}

func collectNetworkACLs(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.NetworkACL
	err := each(ctx, ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{}), func(p *ec2.DescribeNetworkAclsOutput) {
		for _, acl := range p.NetworkAcls {
			id, owner := aws.ToString(acl.NetworkAclId), aws.ToString(acl.OwnerId)
			x := &inventory.NetworkACL{
				Meta:      s.Meta("ec2:DescribeNetworkAcls", id, arn(s, owner, "network-acl/"+id), name(acl.Tags)),
				VPCID:     aws.ToString(acl.VpcId),
				IsDefault: aws.ToBool(acl.IsDefault),
				OwnerID:   owner,
			}
			for _, e := range acl.Entries {
				entry := inventory.NetworkACLEntry{
					RuleNumber:    toInt(e.RuleNumber),
					Protocol:      aws.ToString(e.Protocol),
					CIDRBlock:     aws.ToString(e.CidrBlock),
					IPv6CIDRBlock: aws.ToString(e.Ipv6CidrBlock),
					RuleAction:    string(e.RuleAction),
					Egress:        aws.ToBool(e.Egress),
				}
				if e.PortRange != nil {
					entry.PortRange = &inventory.PortRange{From: toInt(e.PortRange.From), To: toInt(e.PortRange.To)}
				}
				x.Entries = append(x.Entries, entry)
			}
			for _, as := range acl.Associations {
				x.SubnetIDs = append(x.SubnetIDs, aws.ToString(as.SubnetId))
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(networkACLType, "ec2:DescribeNetworkAcls", err)
		return
	}
	s.Region.Resources.NetworkACLs = out
}

func collectVPCs(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.VPC
	err := each(ctx, ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{}), func(p *ec2.DescribeVpcsOutput) {
		for _, v := range p.Vpcs {
			id, owner := aws.ToString(v.VpcId), aws.ToString(v.OwnerId)
			x := &inventory.VPC{
				Meta:      s.Meta("ec2:DescribeVpcs", id, arn(s, owner, "vpc/"+id), name(v.Tags)),
				CIDRBlock: aws.ToString(v.CidrBlock),
				IsDefault: aws.ToBool(v.IsDefault),
				State:     string(v.State),
				OwnerID:   owner,
			}
			for _, b := range v.Ipv6CidrBlockAssociationSet {
				// Disassociated blocks linger in the set for a while.
				if b.Ipv6CidrBlockState == nil || b.Ipv6CidrBlockState.State == types.VpcCidrBlockStateCodeAssociated {
					x.IPv6CIDRBlocks = append(x.IPv6CIDRBlocks, aws.ToString(b.Ipv6CidrBlock))
				}
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(vpcType, "ec2:DescribeVpcs", err)
		return
	}
	// Flow logs are read once for the region. When they cannot be read, every
	// VPC's FlowLogs stays nil (unknown) and the VPCs themselves are kept.
	if logs, err := flowLogs(ctx, c); err == nil {
		for _, v := range out {
			fl := logs[v.ID]
			if fl == nil {
				fl = []inventory.FlowLog{} // read, and none
			}
			v.FlowLogs = &fl
		}
	}
	s.Region.Resources.VPCs = out
}

// flowLogs maps resource ids to their flow logs.
func flowLogs(ctx context.Context, c *ec2.Client) (map[string][]inventory.FlowLog, error) {
	out := map[string][]inventory.FlowLog{}
	err := each(ctx, ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{}), func(p *ec2.DescribeFlowLogsOutput) {
		for _, fl := range p.FlowLogs {
			res := aws.ToString(fl.ResourceId)
			if !strings.HasPrefix(res, "vpc-") {
				continue // subnet and network interface flow logs do not cover the whole VPC
			}
			out[res] = append(out[res], inventory.FlowLog{
				ID:                 aws.ToString(fl.FlowLogId),
				TrafficType:        string(fl.TrafficType),
				LogDestinationType: string(fl.LogDestinationType),
				LogDestination:     aws.ToString(fl.LogDestination),
				FlowLogStatus:      aws.ToString(fl.FlowLogStatus),
				DeliverLogsStatus:  aws.ToString(fl.DeliverLogsStatus),
				CreationTime:       aws.ToTime(fl.CreationTime),
			})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func collectSubnets(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.Subnet
	err := each(ctx, ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{}), func(p *ec2.DescribeSubnetsOutput) {
		for _, sn := range p.Subnets {
			id, owner := aws.ToString(sn.SubnetId), aws.ToString(sn.OwnerId)
			a := aws.ToString(sn.SubnetArn)
			if a == "" {
				a = arn(s, owner, "subnet/"+id)
			}
			x := &inventory.Subnet{
				Meta:                        s.Meta("ec2:DescribeSubnets", id, a, name(sn.Tags)),
				VPCID:                       aws.ToString(sn.VpcId),
				CIDRBlock:                   aws.ToString(sn.CidrBlock),
				AvailabilityZone:            aws.ToString(sn.AvailabilityZone),
				MapPublicIPOnLaunch:         aws.ToBool(sn.MapPublicIpOnLaunch),
				AssignIPv6AddressOnCreation: aws.ToBool(sn.AssignIpv6AddressOnCreation),
				DefaultForAZ:                aws.ToBool(sn.DefaultForAz),
				OwnerID:                     owner,
			}
			for _, b := range sn.Ipv6CidrBlockAssociationSet {
				if b.Ipv6CidrBlockState == nil || b.Ipv6CidrBlockState.State == types.SubnetCidrBlockStateCodeAssociated {
					x.IPv6CIDRBlocks = append(x.IPv6CIDRBlocks, aws.ToString(b.Ipv6CidrBlock))
				}
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(subnetType, "ec2:DescribeSubnets", err)
		return
	}
	s.Region.Resources.Subnets = out
}

func collectRouteTables(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.RouteTable
	err := each(ctx, ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{}), func(p *ec2.DescribeRouteTablesOutput) {
		for _, rt := range p.RouteTables {
			id, owner := aws.ToString(rt.RouteTableId), aws.ToString(rt.OwnerId)
			x := &inventory.RouteTable{
				Meta:    s.Meta("ec2:DescribeRouteTables", id, arn(s, owner, "route-table/"+id), name(rt.Tags)),
				VPCID:   aws.ToString(rt.VpcId),
				OwnerID: owner,
			}
			for _, r := range rt.Routes {
				x.Routes = append(x.Routes, inventory.Route{
					DestinationCIDRBlock:        aws.ToString(r.DestinationCidrBlock),
					DestinationIPv6CIDRBlock:    aws.ToString(r.DestinationIpv6CidrBlock),
					DestinationPrefixListID:     aws.ToString(r.DestinationPrefixListId),
					GatewayID:                   aws.ToString(r.GatewayId),
					EgressOnlyInternetGatewayID: aws.ToString(r.EgressOnlyInternetGatewayId),
					NATGatewayID:                aws.ToString(r.NatGatewayId),
					TransitGatewayID:            aws.ToString(r.TransitGatewayId),
					VPCPeeringConnectionID:      aws.ToString(r.VpcPeeringConnectionId),
					NetworkInterfaceID:          aws.ToString(r.NetworkInterfaceId),
					InstanceID:                  aws.ToString(r.InstanceId),
					State:                       string(r.State),
				})
			}
			for _, as := range rt.Associations {
				x.Associations = append(x.Associations, inventory.RouteTableAssociation{
					ID:        aws.ToString(as.RouteTableAssociationId),
					Main:      aws.ToBool(as.Main),
					SubnetID:  aws.ToString(as.SubnetId),
					GatewayID: aws.ToString(as.GatewayId),
				})
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(routeTableType, "ec2:DescribeRouteTables", err)
		return
	}
	s.Region.Resources.RouteTables = out
}
