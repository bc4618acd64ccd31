package demo

import "github.com/awssec/awssec/inventory"

func addTGW(b *builder) {
	east := b.region(ManagementAccount, East)

	// The organization's network hub in us-east-1, auto-accepting
	// attachments (prod's VPC among them) and putting every one in the
	// default route table: fails tgw-auto-accept-shared-attachments (high,
	// for the other account's attachment) and
	// tgw-default-route-table-association. How the hubs are shared is AWS
	// RAM's to say, which EC2 does not tell: SharedVia stays nil (not read).
	east.Resources.TransitGateways = append(east.Resources.TransitGateways, &inventory.TransitGateway{
		Meta:    meta("ec2:DescribeTransitGateways", "tgw-0mgmt0000000000001", arn("ec2", East, ManagementAccount, "transit-gateway/tgw-0mgmt0000000000001"), "org-network-hub"),
		OwnerID: ManagementAccount, State: "available", Description: "organization network hub",
		Options: &inventory.TransitGatewayOptions{
			AmazonSideASN: 64512, AutoAcceptSharedAttachments: "enable",
			DefaultRouteTableAssociation: "enable", DefaultRouteTablePropagation: "enable",
			AssociationDefaultRouteTableID: "tgw-rtb-0mgmthub00000001", PropagationDefaultRouteTableID: "tgw-rtb-0mgmthub00000001",
			DNSSupport: "enable", VPNECMPSupport: "enable",
		},
	})
	east.Resources.TransitGatewayAttachments = append(east.Resources.TransitGatewayAttachments,
		&inventory.TransitGatewayAttachment{
			Meta:             meta("ec2:DescribeTransitGatewayAttachments", "tgw-attach-0mgmthub0000001", arn("ec2", East, ManagementAccount, "transit-gateway-attachment/tgw-attach-0mgmthub0000001"), "network-hub"),
			TransitGatewayID: "tgw-0mgmt0000000000001", TransitGatewayOwnerID: ManagementAccount,
			ResourceType: "vpc", ResourceID: "vpc-0mgmt000000000001", ResourceOwnerID: ManagementAccount, State: "available",
			AssociatedRouteTableID: "tgw-rtb-0mgmthub00000001", CreationTime: daysAgo(900),
		},
		// prod's VPC joined the hub without review (auto-accepted).
		&inventory.TransitGatewayAttachment{
			Meta:             meta("ec2:DescribeTransitGatewayAttachments", "tgw-attach-0prodvpc0000001", arn("ec2", East, ManagementAccount, "transit-gateway-attachment/tgw-attach-0prodvpc0000001"), "prod"),
			TransitGatewayID: "tgw-0mgmt0000000000001", TransitGatewayOwnerID: ManagementAccount,
			ResourceType: "vpc", ResourceID: "vpc-0prod00000000001", ResourceOwnerID: ProdAccount, State: "available",
			AssociatedRouteTableID: "tgw-rtb-0mgmthub00000001", CreationTime: daysAgo(650),
		},
	)
	east.Resources.TransitGatewayRouteTables = append(east.Resources.TransitGatewayRouteTables, &inventory.TransitGatewayRouteTable{
		Meta:             meta("ec2:DescribeTransitGatewayRouteTables", "tgw-rtb-0mgmthub00000001", arn("ec2", East, ManagementAccount, "transit-gateway-route-table/tgw-rtb-0mgmthub00000001"), "default"),
		TransitGatewayID: "tgw-0mgmt0000000000001", State: "available",
		DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true,
	})

	// The eu-west-1 hub, built later and segmented: shared with the
	// organization but attachments need acceptance and are placed in the
	// route table of their environment. Passes both TGW checks.
	west := b.region(ManagementAccount, West)
	west.Resources.TransitGateways = append(west.Resources.TransitGateways, &inventory.TransitGateway{
		Meta:    meta("ec2:DescribeTransitGateways", "tgw-0mgmt0000000000002", arn("ec2", West, ManagementAccount, "transit-gateway/tgw-0mgmt0000000000002"), "eu-network-hub"),
		OwnerID: ManagementAccount, State: "available", Description: "EU network hub, segmented per environment",
		Options: &inventory.TransitGatewayOptions{
			AmazonSideASN: 64513, AutoAcceptSharedAttachments: "disable",
			DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable",
			DNSSupport: "enable", VPNECMPSupport: "enable",
		},
	})
	for _, rt := range []struct{ id, name string }{
		{"tgw-rtb-0euprodseg0000001", "prod-segment"}, {"tgw-rtb-0eudevseg00000001", "dev-segment"},
	} {
		west.Resources.TransitGatewayRouteTables = append(west.Resources.TransitGatewayRouteTables, &inventory.TransitGatewayRouteTable{
			Meta:             meta("ec2:DescribeTransitGatewayRouteTables", rt.id, arn("ec2", West, ManagementAccount, "transit-gateway-route-table/"+rt.id), rt.name),
			TransitGatewayID: "tgw-0mgmt0000000000002", State: "available",
		})
	}
}
