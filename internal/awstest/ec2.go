package awstest

import (
	"strconv"

	"github.com/awssec/awssec/inventory"
)

// registerEC2 serves the region's EC2 family (EC2 query protocol: lower-camel
// elements, <item> lists, nextToken paging): instances, security groups,
// network ACLs, VPCs and their flow logs, subnets, route tables, EBS volumes,
// snapshots and settings, AMIs and Transit Gateways. DescribeRegions is in
// identity.go.
func registerEC2(s *Server) {
	region := func(r *Request) *inventory.Region {
		_, reg := r.Scope(s)
		if reg == nil {
			return &inventory.Region{}
		}
		return reg
	}
	// paged registers a Describe call that pages a region's list with
	// NextToken/nextToken, as every EC2 Describe call does once MaxResults
	// or the server's own limit applies.
	paged := func(op, set, resourceType string, items func(r *Request) []any) {
		s.Handle("ec2", op, func(r *Request) (any, error) {
			if ec2Gap(region(r), resourceType, op) {
				return nil, AccessDenied(EC2Query)
			}
			page, next, err := Page(items(r), r.String("NextToken"), s.PageSize)
			if err != nil {
				return nil, err
			}
			return M{set: page, "nextToken": nilIfEmpty(next)}, nil
		})
	}

	paged("DescribeInstances", "reservationSet", "AWS::EC2::Instance", func(r *Request) []any {
		var out []any
		for i, in := range region(r).Resources.EC2Instances {
			out = append(out, M{"reservationId": "r-awstest" + strconv.Itoa(i), "ownerId": r.Account,
				"instancesSet": []any{ec2Instance(in)}})
		}
		return out
	})
	paged("DescribeSecurityGroups", "securityGroupInfo", "AWS::EC2::SecurityGroup", func(r *Request) []any {
		var out []any
		for _, sg := range region(r).Resources.SecurityGroups {
			m := M{"groupId": sg.ID, "securityGroupArn": nilIfEmpty(sg.ARN), "groupName": sg.GroupName,
				"groupDescription": sg.Description, "vpcId": nilIfEmpty(sg.VPCID), "ownerId": sg.OwnerID,
				"ipPermissions": ec2Permissions(sg.IngressRules), "ipPermissionsEgress": ec2Permissions(sg.EgressRules)}
			if sg.Name != sg.GroupName {
				m["tagSet"] = ec2NameTag(sg.Name)
			}
			out = append(out, m)
		}
		return out
	})
	paged("DescribeNetworkAcls", "networkAclSet", "AWS::EC2::NetworkAcl", func(r *Request) []any {
		var out []any
		for _, acl := range region(r).Resources.NetworkACLs {
			var entries, assocs []any
			for _, e := range acl.Entries {
				m := M{"ruleNumber": e.RuleNumber, "protocol": e.Protocol, "ruleAction": e.RuleAction, "egress": e.Egress,
					"cidrBlock": nilIfEmpty(e.CIDRBlock), "ipv6CidrBlock": nilIfEmpty(e.IPv6CIDRBlock)}
				if e.PortRange != nil {
					m["portRange"] = M{"from": e.PortRange.From, "to": e.PortRange.To}
				}
				entries = append(entries, m)
			}
			for i, sub := range acl.SubnetIDs {
				assocs = append(assocs, M{"networkAclAssociationId": "aclassoc-awstest" + strconv.Itoa(i), "networkAclId": acl.ID, "subnetId": sub})
			}
			out = append(out, M{"networkAclId": acl.ID, "vpcId": acl.VPCID, "default": acl.IsDefault, "ownerId": acl.OwnerID,
				"entrySet": entries, "associationSet": assocs, "tagSet": ec2NameTag(acl.Name)})
		}
		return out
	})
	paged("DescribeVpcs", "vpcSet", "AWS::EC2::VPC", func(r *Request) []any {
		var out []any
		for _, v := range region(r).Resources.VPCs {
			out = append(out, M{"vpcId": v.ID, "cidrBlock": v.CIDRBlock, "isDefault": v.IsDefault, "state": v.State,
				"ownerId": v.OwnerID, "ipv6CidrBlockAssociationSet": ec2IPv6Blocks(v.IPv6CIDRBlocks), "tagSet": ec2NameTag(v.Name)})
		}
		return out
	})
	s.Handle("ec2", "DescribeFlowLogs", func(r *Request) (any, error) {
		reg := region(r)
		var all []any
		for _, v := range reg.Resources.VPCs {
			if v.FlowLogs == nil {
				// The demo does not know this VPC's flow logs: the caller
				// may not read them.
				return nil, AccessDenied(EC2Query)
			}
			for _, fl := range *v.FlowLogs {
				all = append(all, M{"flowLogId": fl.ID, "resourceId": v.ID, "trafficType": fl.TrafficType,
					"logDestinationType": fl.LogDestinationType, "logDestination": nilIfEmpty(fl.LogDestination),
					"flowLogStatus": fl.FlowLogStatus, "deliverLogsStatus": fl.DeliverLogsStatus, "creationTime": fl.CreationTime})
			}
		}
		page, next, err := Page(all, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"flowLogSet": page, "nextToken": nilIfEmpty(next)}, nil
	})
	paged("DescribeSubnets", "subnetSet", "AWS::EC2::Subnet", func(r *Request) []any {
		var out []any
		for _, sn := range region(r).Resources.Subnets {
			out = append(out, M{"subnetId": sn.ID, "subnetArn": nilIfEmpty(sn.ARN), "vpcId": sn.VPCID, "cidrBlock": sn.CIDRBlock,
				"ipv6CidrBlockAssociationSet": ec2IPv6Blocks(sn.IPv6CIDRBlocks), "availabilityZone": sn.AvailabilityZone,
				"mapPublicIpOnLaunch": sn.MapPublicIPOnLaunch, "assignIpv6AddressOnCreation": sn.AssignIPv6AddressOnCreation,
				"defaultForAz": sn.DefaultForAZ, "ownerId": sn.OwnerID, "state": "available", "tagSet": ec2NameTag(sn.Name)})
		}
		return out
	})
	paged("DescribeRouteTables", "routeTableSet", "AWS::EC2::RouteTable", func(r *Request) []any {
		var out []any
		for _, rt := range region(r).Resources.RouteTables {
			var routes, assocs []any
			for _, rr := range rt.Routes {
				routes = append(routes, M{"destinationCidrBlock": nilIfEmpty(rr.DestinationCIDRBlock),
					"destinationIpv6CidrBlock": nilIfEmpty(rr.DestinationIPv6CIDRBlock), "destinationPrefixListId": nilIfEmpty(rr.DestinationPrefixListID),
					"gatewayId": nilIfEmpty(rr.GatewayID), "egressOnlyInternetGatewayId": nilIfEmpty(rr.EgressOnlyInternetGatewayID),
					"natGatewayId": nilIfEmpty(rr.NATGatewayID), "transitGatewayId": nilIfEmpty(rr.TransitGatewayID),
					"vpcPeeringConnectionId": nilIfEmpty(rr.VPCPeeringConnectionID), "networkInterfaceId": nilIfEmpty(rr.NetworkInterfaceID),
					"instanceId": nilIfEmpty(rr.InstanceID), "state": nilIfEmpty(rr.State)})
			}
			for _, as := range rt.Associations {
				assocs = append(assocs, M{"routeTableAssociationId": nilIfEmpty(as.ID), "routeTableId": rt.ID, "main": as.Main,
					"subnetId": nilIfEmpty(as.SubnetID), "gatewayId": nilIfEmpty(as.GatewayID), "associationState": M{"state": "associated"}})
			}
			out = append(out, M{"routeTableId": rt.ID, "vpcId": rt.VPCID, "ownerId": rt.OwnerID, "routeSet": routes,
				"associationSet": assocs, "tagSet": ec2NameTag(rt.Name)})
		}
		return out
	})
	paged("DescribeVolumes", "volumeSet", "AWS::EC2::Volume", func(r *Request) []any {
		var out []any
		for _, v := range region(r).Resources.Volumes {
			var atts []any
			for _, a := range v.Attachments {
				atts = append(atts, M{"volumeId": v.ID, "instanceId": a.InstanceID, "device": nilIfEmpty(a.Device),
					"status": nilIfEmpty(a.State), "deleteOnTermination": a.DeleteOnTermination})
			}
			out = append(out, M{"volumeId": v.ID, "volumeArn": nilIfEmpty(v.ARN), "encrypted": v.Encrypted, "kmsKeyId": nilIfEmpty(v.KMSKeyID),
				"size": v.Size, "volumeType": v.VolumeType, "status": v.State, "availabilityZone": v.AvailabilityZone,
				"snapshotId": v.SnapshotID, "createTime": v.CreateTime, "attachmentSet": atts, "tagSet": ec2NameTag(v.Name)})
		}
		return out
	})
	// owned filters snapshots and AMIs to the Owner.N values asked for:
	// "self" or account ids. Without a filter AWS would add every public
	// and shared one; the double serves only the caller's.
	owned := func(r *Request, owner string) bool {
		owners := r.Strings("Owner")
		if len(owners) == 0 {
			return true
		}
		for _, o := range owners {
			if o == owner || o == "self" && owner == r.Account {
				return true
			}
		}
		return false
	}
	paged("DescribeSnapshots", "snapshotSet", "AWS::EC2::Snapshot", func(r *Request) []any {
		var out []any
		for _, sn := range region(r).Resources.Snapshots {
			if !owned(r, sn.OwnerID) {
				continue
			}
			out = append(out, M{"snapshotId": sn.ID, "ownerId": sn.OwnerID, "encrypted": sn.Encrypted, "kmsKeyId": nilIfEmpty(sn.KMSKeyID),
				"volumeId": sn.VolumeID, "volumeSize": sn.VolumeSize, "status": sn.State, "startTime": sn.StartTime,
				"description": sn.Description, "progress": "100%", "tagSet": ec2NameTag(sn.Name)})
		}
		return out
	})
	s.Handle("ec2", "DescribeSnapshotAttribute", func(r *Request) (any, error) {
		if attr := r.String("Attribute"); attr != "createVolumePermission" {
			return nil, &Error{Status: 400, Code: "InvalidParameterValue", Message: "the double only serves createVolumePermission, not " + attr}
		}
		id := r.String("SnapshotId")
		for _, sn := range region(r).Resources.Snapshots {
			if sn.ID != id {
				continue
			}
			if sn.CreateVolumePermissions == nil {
				return nil, AccessDenied(EC2Query)
			}
			var perms []any
			for _, p := range *sn.CreateVolumePermissions {
				perms = append(perms, M{"userId": nilIfEmpty(p.UserID), "group": nilIfEmpty(p.Group)})
			}
			return M{"snapshotId": id, "createVolumePermission": perms}, nil
		}
		return nil, &Error{Status: 400, Code: "InvalidSnapshot.NotFound", Message: "The snapshot '" + id + "' does not exist."}
	})
	paged("DescribeImages", "imagesSet", "AWS::EC2::Image", func(r *Request) []any {
		var out []any
		for _, im := range region(r).Resources.Images {
			if !owned(r, im.OwnerID) {
				continue
			}
			var bdm []any
			for i, snap := range im.SnapshotIDs {
				bdm = append(bdm, M{"deviceName": "/dev/xvd" + string(rune('a'+i)), "ebs": M{"snapshotId": snap, "deleteOnTermination": true}})
			}
			m := M{"imageId": im.ID, "imageOwnerId": im.OwnerID, "isPublic": im.Public, "imageState": im.State,
				"description": nilIfEmpty(im.Description), "platformDetails": nilIfEmpty(im.PlatformDetails), "name": nilIfEmpty(im.Name),
				"imageType": "machine", "blockDeviceMapping": bdm}
			if !im.CreationDate.IsZero() {
				m["creationDate"] = im.CreationDate
			}
			out = append(out, m)
		}
		return out
	})
	paged("DescribeTransitGateways", "transitGatewaySet", "AWS::EC2::TransitGateway", func(r *Request) []any {
		var out []any
		for _, tgw := range region(r).Resources.TransitGateways {
			m := M{"transitGatewayId": tgw.ID, "transitGatewayArn": tgw.ARN, "ownerId": tgw.OwnerID, "state": tgw.State,
				"description": nilIfEmpty(tgw.Description), "tagSet": ec2NameTag(tgw.Name)}
			if o := tgw.Options; o != nil {
				m["options"] = M{"amazonSideAsn": o.AmazonSideASN, "autoAcceptSharedAttachments": nilIfEmpty(o.AutoAcceptSharedAttachments),
					"defaultRouteTableAssociation": nilIfEmpty(o.DefaultRouteTableAssociation), "defaultRouteTablePropagation": nilIfEmpty(o.DefaultRouteTablePropagation),
					"associationDefaultRouteTableId": nilIfEmpty(o.AssociationDefaultRouteTableID), "propagationDefaultRouteTableId": nilIfEmpty(o.PropagationDefaultRouteTableID),
					"dnsSupport": nilIfEmpty(o.DNSSupport), "vpnEcmpSupport": nilIfEmpty(o.VPNECMPSupport)}
			}
			out = append(out, m)
		}
		return out
	})
	paged("DescribeTransitGatewayAttachments", "transitGatewayAttachments", "AWS::EC2::TransitGatewayAttachment", func(r *Request) []any {
		var out []any
		for _, at := range region(r).Resources.TransitGatewayAttachments {
			m := M{"transitGatewayAttachmentId": at.ID, "transitGatewayId": at.TransitGatewayID, "transitGatewayOwnerId": nilIfEmpty(at.TransitGatewayOwnerID),
				"resourceType": nilIfEmpty(at.ResourceType), "resourceId": nilIfEmpty(at.ResourceID), "resourceOwnerId": nilIfEmpty(at.ResourceOwnerID),
				"state": at.State, "creationTime": at.CreationTime, "tagSet": ec2NameTag(at.Name)}
			if at.AssociatedRouteTableID != "" {
				m["association"] = M{"transitGatewayRouteTableId": at.AssociatedRouteTableID, "state": "associated"}
			}
			out = append(out, m)
		}
		return out
	})
	paged("DescribeTransitGatewayRouteTables", "transitGatewayRouteTables", "AWS::EC2::TransitGatewayRouteTable", func(r *Request) []any {
		var out []any
		for _, rt := range region(r).Resources.TransitGatewayRouteTables {
			out = append(out, M{"transitGatewayRouteTableId": rt.ID, "transitGatewayId": rt.TransitGatewayID, "state": rt.State,
				"defaultAssociationRouteTable": rt.DefaultAssociationRouteTable, "defaultPropagationRouteTable": rt.DefaultPropagationRouteTable,
				"tagSet": ec2NameTag(rt.Name)})
		}
		return out
	})
	s.Handle("ec2", "GetEbsEncryptionByDefault", func(r *Request) (any, error) {
		ebs := region(r).Resources.EBSEncryptionByDefault
		if ebs == nil || ec2Gap(region(r), ebs.Type(), "GetEbsEncryptionByDefault") {
			return nil, AccessDenied(EC2Query)
		}
		return M{"ebsEncryptionByDefault": ebs.Enabled, "sseType": "standard"}, nil
	})
	s.Handle("ec2", "GetEbsDefaultKmsKeyId", func(r *Request) (any, error) {
		ebs := region(r).Resources.EBSEncryptionByDefault
		if ebs == nil || ebs.KMSKeyID == "" {
			return nil, AccessDenied(EC2Query)
		}
		return M{"kmsKeyId": ebs.KMSKeyID}, nil
	})
}

func ec2Instance(in *inventory.EC2Instance) M {
	var groups []any
	for _, g := range in.SecurityGroups {
		groups = append(groups, M{"groupId": g})
	}
	m := M{"instanceId": in.ID, "instanceState": M{"name": in.State}, "imageId": nilIfEmpty(in.ImageID),
		"vpcId": nilIfEmpty(in.VPCID), "subnetId": nilIfEmpty(in.SubnetID), "privateIpAddress": nilIfEmpty(in.PrivateIP),
		"ipAddress": nilIfEmpty(in.PublicIP), "groupSet": groups, "instanceType": nilIfEmpty(in.InstanceType),
		"platform": nilIfEmpty(in.Platform), "platformDetails": nilIfEmpty(in.PlatformDetails), "keyName": nilIfEmpty(in.KeyName),
		"tagSet": ec2NameTag(in.Name)}
	if !in.LaunchTime.IsZero() {
		m["launchTime"] = in.LaunchTime
	}
	if in.InstanceProfile != "" {
		m["iamInstanceProfile"] = M{"arn": in.InstanceProfile, "id": "AIPAAWSTEST" + in.ID}
	}
	if o := in.MetadataOptions; o != nil {
		m["metadataOptions"] = M{"state": "applied", "httpTokens": o.HTTPTokens, "httpEndpoint": o.HTTPEndpoint,
			"httpPutResponseHopLimit": o.HTTPPutResponseHopLimit}
	}
	if len(in.IPv6Addresses) > 0 {
		// IPv6 addresses live on the instance's network interfaces.
		var addrs []any
		for _, a := range in.IPv6Addresses {
			addrs = append(addrs, M{"ipv6Address": a})
		}
		m["networkInterfaceSet"] = []any{M{"networkInterfaceId": "eni-awstest" + in.ID, "subnetId": nilIfEmpty(in.SubnetID),
			"vpcId": nilIfEmpty(in.VPCID), "ipv6AddressesSet": addrs}}
	}
	return m
}

func ec2Permissions(rules []inventory.SecurityGroupRule) []any {
	var out []any
	for _, p := range rules {
		var v4, v6, pls, groups []any
		for _, x := range p.IPv4Ranges {
			v4 = append(v4, M{"cidrIp": x.CIDR, "description": nilIfEmpty(x.Description)})
		}
		for _, x := range p.IPv6Ranges {
			v6 = append(v6, M{"cidrIpv6": x.CIDR, "description": nilIfEmpty(x.Description)})
		}
		for _, x := range p.PrefixListIDs {
			pls = append(pls, M{"prefixListId": x.PrefixListID, "description": nilIfEmpty(x.Description)})
		}
		for _, g := range p.Groups {
			groups = append(groups, M{"groupId": g.GroupID, "userId": nilIfEmpty(g.UserID), "vpcId": nilIfEmpty(g.VPCID),
				"peeringStatus": nilIfEmpty(g.PeeringStatus), "description": nilIfEmpty(g.Description)})
		}
		m := M{"ipProtocol": p.IPProtocol, "ipRanges": v4, "ipv6Ranges": v6, "prefixListIds": pls, "groups": groups}
		if p.IPProtocol != "-1" { // AWS leaves the ports out of all-traffic rules
			m["fromPort"], m["toPort"] = p.FromPort, p.ToPort
		}
		out = append(out, m)
	}
	return out
}

// ec2IPv6Blocks are a VPC's or subnet's associated IPv6 CIDR blocks.
func ec2IPv6Blocks(cidrs []string) []any {
	var out []any
	for i, c := range cidrs {
		out = append(out, M{"associationId": "assoc-awstest" + strconv.Itoa(i), "ipv6CidrBlock": c, "ipv6CidrBlockState": M{"state": "associated"}})
	}
	return out
}

// ec2NameTag is the tagSet that carries a resource's name.
func ec2NameTag(name string) any {
	if name == "" {
		return nil
	}
	return []any{M{"key": "Name", "value": name}}
}

// ec2Gap reports whether the served region records that resourceType could
// not be read with op: the caller is then denied it.
func ec2Gap(reg *inventory.Region, resourceType, op string) bool {
	for _, g := range reg.Gaps {
		if g.ResourceType == resourceType && g.Call == "ec2:"+op {
			return true
		}
	}
	return false
}
