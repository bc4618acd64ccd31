package demo

import "github.com/awssec/awssec/inventory"

func addVPC(b *builder) {
	addProdVPC(b)
	addDevVPC(b)
	addManagementVPC(b)
}

// allowAllACL is the entries of a VPC's default network ACL as AWS creates
// it: allow everything in and out on IPv4 and IPv6, then the final denies.
func allowAllACL() []inventory.NetworkACLEntry {
	var es []inventory.NetworkACLEntry
	for _, egress := range []bool{false, true} {
		es = append(es,
			inventory.NetworkACLEntry{RuleNumber: 100, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "allow", Egress: egress},
			inventory.NetworkACLEntry{RuleNumber: 101, Protocol: "-1", IPv6CIDRBlock: "::/0", RuleAction: "allow", Egress: egress},
			inventory.NetworkACLEntry{RuleNumber: 32767, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "deny", Egress: egress},
			inventory.NetworkACLEntry{RuleNumber: 32768, Protocol: "-1", IPv6CIDRBlock: "::/0", RuleAction: "deny", Egress: egress},
		)
	}
	return es
}

func addProdVPC(b *builder) {
	r := b.region(ProdAccount, East)
	vpcID := "vpc-0prod00000000001"

	// The prod VPC logs all traffic to S3: passes vpc-flow-logs-enabled.
	r.Resources.VPCs = append(r.Resources.VPCs, &inventory.VPC{
		Meta:      meta("ec2:DescribeVpcs", vpcID, arn("ec2", East, ProdAccount, "vpc/"+vpcID), "prod"),
		CIDRBlock: "10.20.0.0/16", IPv6CIDRBlocks: []string{"2600:1f18:4a3:6e00::/56"}, State: "available", OwnerID: ProdAccount,
		FlowLogs: &[]inventory.FlowLog{{
			ID: "fl-0prod000000000001", TrafficType: "ALL", LogDestinationType: "s3",
			LogDestination: "arn:aws:s3:::acme-prod-vpc-flow-logs", FlowLogStatus: "ACTIVE", DeliverLogsStatus: "SUCCESS", CreationTime: daysAgo(700),
		}},
	})

	r.Resources.Subnets = append(r.Resources.Subnets,
		// The public subnet gives every instance a public IP and routes to
		// the internet gateway: fails vpc-subnet-auto-assign-public-ip.
		&inventory.Subnet{
			Meta:  meta("ec2:DescribeSubnets", "subnet-0public0000000001", arn("ec2", East, ProdAccount, "subnet/subnet-0public0000000001"), "prod-public-1a"),
			VPCID: vpcID, CIDRBlock: "10.20.1.0/24", AvailabilityZone: "us-east-1a", MapPublicIPOnLaunch: true, OwnerID: ProdAccount,
		},
		// The private subnet does not: passes.
		&inventory.Subnet{
			Meta:  meta("ec2:DescribeSubnets", "subnet-0private000000001", arn("ec2", East, ProdAccount, "subnet/subnet-0private000000001"), "prod-private-1a"),
			VPCID: vpcID, CIDRBlock: "10.20.2.0/24", AvailabilityZone: "us-east-1a", OwnerID: ProdAccount,
		},
	)

	local := inventory.Route{DestinationCIDRBlock: "10.20.0.0/16", GatewayID: "local", State: "active"}
	r.Resources.RouteTables = append(r.Resources.RouteTables,
		// Public: 0.0.0.0/0 and ::/0 to the internet gateway, which makes
		// wordpress-web reachable.
		&inventory.RouteTable{
			Meta:  meta("ec2:DescribeRouteTables", "rtb-0prodpublic000001", arn("ec2", East, ProdAccount, "route-table/rtb-0prodpublic000001"), "prod-public"),
			VPCID: vpcID, OwnerID: ProdAccount,
			Routes: []inventory.Route{local,
				{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-0prod000000000001", State: "active"},
				{DestinationIPv6CIDRBlock: "::/0", GatewayID: "igw-0prod000000000001", State: "active"}},
			Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0prodpublic00001", SubnetID: "subnet-0public0000000001"}},
		},
		// Private: out through the NAT gateway, to the other accounts through
		// the management account's Transit Gateway.
		&inventory.RouteTable{
			Meta:  meta("ec2:DescribeRouteTables", "rtb-0prodprivate00001", arn("ec2", East, ProdAccount, "route-table/rtb-0prodprivate00001"), "prod-private"),
			VPCID: vpcID, OwnerID: ProdAccount,
			Routes: []inventory.Route{local,
				{DestinationCIDRBlock: "0.0.0.0/0", NATGatewayID: "nat-0prod000000000001", State: "active"},
				{DestinationCIDRBlock: "10.0.0.0/8", TransitGatewayID: "tgw-0mgmt0000000000001", State: "active"}},
			Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0prodprivate0001", SubnetID: "subnet-0private000000001"}},
		},
		&inventory.RouteTable{
			Meta:  meta("ec2:DescribeRouteTables", "rtb-0prodmain00000001", arn("ec2", East, ProdAccount, "route-table/rtb-0prodmain00000001"), ""),
			VPCID: vpcID, OwnerID: ProdAccount, Routes: []inventory.Route{local},
			Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0prodmain000001", Main: true}},
		},
	)

	// The prod VPC's default network ACL, untouched (allow all): fails
	// vpc-nacl-admin-ports-open.
	r.Resources.NetworkACLs = append(r.Resources.NetworkACLs, &inventory.NetworkACL{
		Meta:  meta("ec2:DescribeNetworkAcls", "acl-0prod000000000001", arn("ec2", East, ProdAccount, "network-acl/acl-0prod000000000001"), ""),
		VPCID: vpcID, IsDefault: true, OwnerID: ProdAccount, Entries: allowAllACL(),
		SubnetIDs: []string{"subnet-0public0000000001", "subnet-0private000000001"},
	})
}

func addDevVPC(b *builder) {
	r := b.region(DevAccount, West)
	vpcID := "vpc-0devdefault000001"

	// dev eu-west-1 builds in the default VPC, with no flow log: fails
	// vpc-flow-logs-enabled.
	r.Resources.VPCs = append(r.Resources.VPCs, &inventory.VPC{
		Meta:      meta("ec2:DescribeVpcs", vpcID, arn("ec2", West, DevAccount, "vpc/"+vpcID), ""),
		CIDRBlock: "172.31.0.0/16", IsDefault: true, State: "available", OwnerID: DevAccount,
		FlowLogs: &[]inventory.FlowLog{},
	})
	// Its default subnet maps public IPs and routes (main table) to the
	// internet gateway: fails vpc-subnet-auto-assign-public-ip.
	r.Resources.Subnets = append(r.Resources.Subnets, &inventory.Subnet{
		Meta:  meta("ec2:DescribeSubnets", "subnet-0devdefault0001a", arn("ec2", West, DevAccount, "subnet/subnet-0devdefault0001a"), ""),
		VPCID: vpcID, CIDRBlock: "172.31.0.0/20", AvailabilityZone: "eu-west-1a", MapPublicIPOnLaunch: true, DefaultForAZ: true, OwnerID: DevAccount,
	})
	r.Resources.RouteTables = append(r.Resources.RouteTables, &inventory.RouteTable{
		Meta:  meta("ec2:DescribeRouteTables", "rtb-0devmain000000001", arn("ec2", West, DevAccount, "route-table/rtb-0devmain000000001"), ""),
		VPCID: vpcID, OwnerID: DevAccount,
		Routes: []inventory.Route{
			{DestinationCIDRBlock: "172.31.0.0/16", GatewayID: "local", State: "active"},
			{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-0dev0000000000001", State: "active"}},
		Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0devmain0000001", Main: true}},
	})
	// The default VPC's default ACL allows everything: fails
	// vpc-nacl-admin-ports-open.
	r.Resources.NetworkACLs = append(r.Resources.NetworkACLs, &inventory.NetworkACL{
		Meta:  meta("ec2:DescribeNetworkAcls", "acl-0devdefault000001", arn("ec2", West, DevAccount, "network-acl/acl-0devdefault000001"), ""),
		VPCID: vpcID, IsDefault: true, OwnerID: DevAccount, Entries: allowAllACL(), SubnetIDs: []string{"subnet-0devdefault0001a"},
	})
}

func addManagementVPC(b *builder) {
	r := b.region(ManagementAccount, East)
	vpcID := "vpc-0mgmt000000000001"

	// The network hub logs rejected traffic to CloudWatch Logs: passes
	// vpc-flow-logs-enabled.
	r.Resources.VPCs = append(r.Resources.VPCs, &inventory.VPC{
		Meta:      meta("ec2:DescribeVpcs", vpcID, arn("ec2", East, ManagementAccount, "vpc/"+vpcID), "network-hub"),
		CIDRBlock: "10.0.0.0/16", State: "available", OwnerID: ManagementAccount,
		FlowLogs: &[]inventory.FlowLog{{
			ID: "fl-0mgmt000000000001", TrafficType: "REJECT", LogDestinationType: "cloud-watch-logs",
			LogDestination: arn("logs", East, ManagementAccount, "log-group:/vpc/flow-logs/network-hub"),
			FlowLogStatus:  "ACTIVE", DeliverLogsStatus: "SUCCESS", CreationTime: daysAgo(900),
		}},
	})
	// Neither subnet auto-assigns public IPs (the bastion's address is an
	// Elastic IP): both pass vpc-subnet-auto-assign-public-ip.
	r.Resources.Subnets = append(r.Resources.Subnets,
		&inventory.Subnet{
			Meta:  meta("ec2:DescribeSubnets", "subnet-0mgmtpublic00001", arn("ec2", East, ManagementAccount, "subnet/subnet-0mgmtpublic00001"), "hub-public-1a"),
			VPCID: vpcID, CIDRBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a", OwnerID: ManagementAccount,
		},
		&inventory.Subnet{
			Meta:  meta("ec2:DescribeSubnets", "subnet-0mgmtprivate0001", arn("ec2", East, ManagementAccount, "subnet/subnet-0mgmtprivate0001"), "hub-tgw-1a"),
			VPCID: vpcID, CIDRBlock: "10.0.2.0/24", AvailabilityZone: "us-east-1a", OwnerID: ManagementAccount,
		},
	)
	local := inventory.Route{DestinationCIDRBlock: "10.0.0.0/16", GatewayID: "local", State: "active"}
	r.Resources.RouteTables = append(r.Resources.RouteTables,
		&inventory.RouteTable{
			Meta:  meta("ec2:DescribeRouteTables", "rtb-0mgmtpublic000001", arn("ec2", East, ManagementAccount, "route-table/rtb-0mgmtpublic000001"), "hub-public"),
			VPCID: vpcID, OwnerID: ManagementAccount,
			Routes: []inventory.Route{local,
				{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-0mgmt000000000001", State: "active"},
				{DestinationCIDRBlock: "10.0.0.0/8", TransitGatewayID: "tgw-0mgmt0000000000001", State: "active"}},
			Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0mgmtpublic00001", SubnetID: "subnet-0mgmtpublic00001"}},
		},
		&inventory.RouteTable{
			Meta:  meta("ec2:DescribeRouteTables", "rtb-0mgmtmain00000001", arn("ec2", East, ManagementAccount, "route-table/rtb-0mgmtmain00000001"), "hub-private"),
			VPCID: vpcID, OwnerID: ManagementAccount,
			Routes: []inventory.Route{local,
				{DestinationCIDRBlock: "10.0.0.0/8", TransitGatewayID: "tgw-0mgmt0000000000001", State: "active"}},
			Associations: []inventory.RouteTableAssociation{{ID: "rtbassoc-0mgmtmain000001", Main: true}},
		},
	)
	// The hub's default ACL was hardened: SSH from the office, then SSH and
	// RDP denied from anywhere before the allow-all rules. Passes
	// vpc-nacl-admin-ports-open.
	port := func(p int) *inventory.PortRange { return &inventory.PortRange{From: p, To: p} }
	entries := []inventory.NetworkACLEntry{
		{RuleNumber: 90, Protocol: "6", PortRange: port(22), CIDRBlock: "198.51.100.0/24", RuleAction: "allow"},
		{RuleNumber: 100, Protocol: "6", PortRange: port(22), CIDRBlock: "0.0.0.0/0", RuleAction: "deny"},
		{RuleNumber: 101, Protocol: "6", PortRange: port(3389), CIDRBlock: "0.0.0.0/0", RuleAction: "deny"},
		{RuleNumber: 102, Protocol: "6", PortRange: port(22), IPv6CIDRBlock: "::/0", RuleAction: "deny"},
		{RuleNumber: 103, Protocol: "6", PortRange: port(3389), IPv6CIDRBlock: "::/0", RuleAction: "deny"},
		{RuleNumber: 200, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "allow"},
		{RuleNumber: 201, Protocol: "-1", IPv6CIDRBlock: "::/0", RuleAction: "allow"},
		{RuleNumber: 32767, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "deny"},
		{RuleNumber: 100, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "allow", Egress: true},
		{RuleNumber: 32767, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "deny", Egress: true},
	}
	r.Resources.NetworkACLs = append(r.Resources.NetworkACLs, &inventory.NetworkACL{
		Meta:  meta("ec2:DescribeNetworkAcls", "acl-0mgmt000000000001", arn("ec2", East, ManagementAccount, "network-acl/acl-0mgmt000000000001"), "hub-acl"),
		VPCID: vpcID, IsDefault: true, OwnerID: ManagementAccount, Entries: entries,
		SubnetIDs: []string{"subnet-0mgmtpublic00001", "subnet-0mgmtprivate0001"},
	})
}
