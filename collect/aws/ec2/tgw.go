package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// collectTransitGateways reads the gateways and their options. SharedVia and
// SharedWith stay nil: how a gateway is shared is AWS RAM's to say, not EC2's.
func collectTransitGateways(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.TransitGateway
	err := each(ctx, ec2.NewDescribeTransitGatewaysPaginator(c, &ec2.DescribeTransitGatewaysInput{}), func(p *ec2.DescribeTransitGatewaysOutput) {
		for _, g := range p.TransitGateways {
			if g.State == types.TransitGatewayStateDeleted {
				continue // deleted gateways stay listed for a while
			}
			id, owner := aws.ToString(g.TransitGatewayId), aws.ToString(g.OwnerId)
			a := aws.ToString(g.TransitGatewayArn)
			if a == "" {
				a = arn(s, owner, "transit-gateway/"+id)
			}
			x := &inventory.TransitGateway{
				Meta:        s.Meta("ec2:DescribeTransitGateways", id, a, name(g.Tags)),
				OwnerID:     owner,
				State:       string(g.State),
				Description: aws.ToString(g.Description),
			}
			if o := g.Options; o != nil {
				x.Options = &inventory.TransitGatewayOptions{
					AmazonSideASN:                  aws.ToInt64(o.AmazonSideAsn),
					AutoAcceptSharedAttachments:    string(o.AutoAcceptSharedAttachments),
					DefaultRouteTableAssociation:   string(o.DefaultRouteTableAssociation),
					DefaultRouteTablePropagation:   string(o.DefaultRouteTablePropagation),
					AssociationDefaultRouteTableID: aws.ToString(o.AssociationDefaultRouteTableId),
					PropagationDefaultRouteTableID: aws.ToString(o.PropagationDefaultRouteTableId),
					DNSSupport:                     string(o.DnsSupport),
					VPNECMPSupport:                 string(o.VpnEcmpSupport),
				}
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(tgwType, "ec2:DescribeTransitGateways", err)
		return
	}
	s.Region.Resources.TransitGateways = out
}

func collectTGWAttachments(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.TransitGatewayAttachment
	err := each(ctx, ec2.NewDescribeTransitGatewayAttachmentsPaginator(c, &ec2.DescribeTransitGatewayAttachmentsInput{}), func(p *ec2.DescribeTransitGatewayAttachmentsOutput) {
		for _, at := range p.TransitGatewayAttachments {
			if at.State == types.TransitGatewayAttachmentStateDeleted {
				continue
			}
			id := aws.ToString(at.TransitGatewayAttachmentId)
			x := &inventory.TransitGatewayAttachment{
				// The attachment as the collected account sees it.
				Meta:                  s.Meta("ec2:DescribeTransitGatewayAttachments", id, arn(s, s.AccountID(), "transit-gateway-attachment/"+id), name(at.Tags)),
				TransitGatewayID:      aws.ToString(at.TransitGatewayId),
				TransitGatewayOwnerID: aws.ToString(at.TransitGatewayOwnerId),
				ResourceType:          string(at.ResourceType),
				ResourceID:            aws.ToString(at.ResourceId),
				ResourceOwnerID:       aws.ToString(at.ResourceOwnerId),
				State:                 string(at.State),
				CreationTime:          aws.ToTime(at.CreationTime),
			}
			if as := at.Association; as != nil && as.State != types.TransitGatewayAssociationStateDisassociated {
				x.AssociatedRouteTableID = aws.ToString(as.TransitGatewayRouteTableId)
			}
			out = append(out, x)
		}
	})
	if err != nil {
		s.Gap(tgwAttachmentType, "ec2:DescribeTransitGatewayAttachments", err)
		return
	}
	s.Region.Resources.TransitGatewayAttachments = out
}

func collectTGWRouteTables(ctx context.Context, s *collect.Scope, c *ec2.Client) {
	var out []*inventory.TransitGatewayRouteTable
	err := each(ctx, ec2.NewDescribeTransitGatewayRouteTablesPaginator(c, &ec2.DescribeTransitGatewayRouteTablesInput{}), func(p *ec2.DescribeTransitGatewayRouteTablesOutput) {
		for _, rt := range p.TransitGatewayRouteTables {
			if rt.State == types.TransitGatewayRouteTableStateDeleted {
				continue
			}
			id := aws.ToString(rt.TransitGatewayRouteTableId)
			out = append(out, &inventory.TransitGatewayRouteTable{
				Meta:                         s.Meta("ec2:DescribeTransitGatewayRouteTables", id, arn(s, s.AccountID(), "transit-gateway-route-table/"+id), name(rt.Tags)),
				TransitGatewayID:             aws.ToString(rt.TransitGatewayId),
				State:                        string(rt.State),
				DefaultAssociationRouteTable: aws.ToBool(rt.DefaultAssociationRouteTable),
				DefaultPropagationRouteTable: aws.ToBool(rt.DefaultPropagationRouteTable),
			})
		}
	})
	if err != nil {
		s.Gap(tgwRouteTableType, "ec2:DescribeTransitGatewayRouteTables", err)
		return
	}
	s.Region.Resources.TransitGatewayRouteTables = out
}
