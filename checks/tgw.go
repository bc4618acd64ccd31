package checks

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func tgwChecks() []*Check {
	return []*Check{tgwAutoAcceptSharedAttachments, tgwDefaultRouteTableAssociation}
}

// foreignAttachments returns the attachments to a transit gateway whose
// resource belongs to another account, rendered "vpc vpc-... (account ...)".
func foreignAttachments(r *inventory.Region, tgw *inventory.TransitGateway) []string {
	owner := tgw.OwnerID
	var out []string
	for _, at := range r.Resources.TransitGatewayAttachments {
		if at.TransitGatewayID != tgw.ID || at.ResourceOwnerID == "" || at.ResourceOwnerID == owner {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s (account %s, %s)", at.ResourceType, at.ResourceID, at.ResourceOwnerID, at.State))
	}
	return out
}

var tgwAutoAcceptSharedAttachments = &Check{
	ID:           "tgw-auto-accept-shared-attachments",
	Service:      "tgw",
	Title:        "Transit Gateways do not auto-accept attachments from the accounts they are shared with",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::TransitGateway",
	Needs:        []string{"AWS::EC2::TransitGatewayAttachment"},
	Rationale: "A Transit Gateway is the hub that joins VPCs, VPNs and Direct Connect across accounts; shared through AWS " +
		"RAM, any account it is shared with can request an attachment. With AutoAcceptSharedAttachments enabled the " +
		"request is accepted without review, so a compromised or careless member account — a sandbox, a newly acquired " +
		"business — can join its VPC to the corporate network and, with default route table association and propagation, " +
		"reach every other attached VPC and on-premises range. Keeping acceptance manual (or automated with checks) " +
		"makes every new network path a reviewed change.",
	Verify: "aws ec2 describe-transit-gateways --query 'TransitGateways[].[TransitGatewayId,OwnerId,Options.AutoAcceptSharedAttachments]'; " +
		"aws ram list-resources --resource-owner SELF --resource-type ec2:TransitGateway shows whether it is shared.",
	Remediation: Remediation{
		Summary: "Disable AutoAcceptSharedAttachments and accept attachment requests only after review.",
		Console: "VPC > Transit gateways > select the gateway > Actions > Modify transit gateway > clear \"Auto accept shared attachments\" > Modify. " +
			"Review requests under Transit gateway attachments (state pendingAcceptance) > Actions > Accept or Reject.",
		CLI: "aws ec2 modify-transit-gateway --transit-gateway-id tgw-0123456789abcdef0 --options AutoAcceptSharedAttachments=disable\n" +
			"aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0123456789abcdef0",
		Terraform: "resource \"aws_ec2_transit_gateway\" \"hub\" {\n  auto_accept_shared_attachments = \"disable\"\n}",
	},
	Seed: []string{"tgw-security", "cross-account-access"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, tgw := range r.Resources.TransitGateways {
				loc := At(a, r, tgw)
				if tgw.Options == nil {
					c.Unknown(loc, "the transit gateway's options were not read", Ev(tgw, "Options", nil))
					continue
				}
				v := tgw.Options.AutoAcceptSharedAttachments
				if v != "enable" {
					c.Pass(loc, "shared attachments need to be accepted (AutoAcceptSharedAttachments="+orNone(v)+")",
						Ev(tgw, "Options.AutoAcceptSharedAttachments", orNone(v)))
					continue
				}
				msg := "auto-accepts attachments from the accounts it is shared with"
				sev := finding.Medium
				switch {
				case tgw.SharedVia == nil:
					msg += "; whether it is shared through AWS RAM was not read"
				case len(*tgw.SharedVia) > 0:
					sev = finding.High
					msg += "; shared through AWS RAM"
					if len(tgw.SharedWith) > 0 {
						msg += " with " + strings.Join(tgw.SharedWith, ", ")
					}
				default:
					msg += "; not shared through AWS RAM today, so it takes effect on the next share"
				}
				if fa := foreignAttachments(r, tgw); len(fa) > 0 {
					sev = finding.High
					msg += "; attachments from other accounts: " + strings.Join(fa, ", ")
				}
				c.FailAt(sev, loc, msg, Ev(tgw, "Options.AutoAcceptSharedAttachments", v), Ev(tgw, "SharedWith", tgw.SharedWith))
			}
		}
	},
}

var tgwDefaultRouteTableAssociation = &Check{
	ID:           "tgw-default-route-table-association",
	Service:      "tgw",
	Title:        "Transit Gateways do not associate and propagate every attachment into the default route table",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::TransitGateway",
	Rationale: "With DefaultRouteTableAssociation and DefaultRouteTablePropagation enabled (the defaults), every new " +
		"attachment is associated with the default route table and advertises its routes into it: each attached VPC, " +
		"VPN and Direct Connect gateway can reach every other one. That is a flat network — production next to " +
		"development, a partner's VPC next to the payment system — where one compromised workload can scan and reach " +
		"everything. Segment instead with separate route tables per environment or trust zone (and an inspection VPC " +
		"where traffic must cross zones), associating and propagating each attachment deliberately. CIS asks the same " +
		"of VPC peering routes (least access).",
	Verify: "aws ec2 describe-transit-gateways --query 'TransitGateways[].[TransitGatewayId,Options.DefaultRouteTableAssociation,Options.DefaultRouteTablePropagation]' " +
		"— both should be \"disable\"; aws ec2 get-transit-gateway-route-table-associations and -propagations show the current segmentation.",
	Remediation: Remediation{
		Summary: "Disable default route table association and propagation; associate and propagate each attachment into the route table of its segment.",
		Console: "VPC > Transit gateways > select the gateway > Actions > Modify transit gateway > clear \"Default route table association\" and " +
			"\"Default route table propagation\" > Modify. Create route tables per segment under Transit gateway route tables and add associations/propagations.",
		CLI: "aws ec2 modify-transit-gateway --transit-gateway-id tgw-0123456789abcdef0 " +
			"--options DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable\n" +
			"aws ec2 create-transit-gateway-route-table --transit-gateway-id tgw-0123456789abcdef0\n" +
			"aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-0123456789abcdef0 --transit-gateway-attachment-id tgw-attach-0123456789abcdef0",
		Terraform: "resource \"aws_ec2_transit_gateway\" \"hub\" {\n  default_route_table_association = \"disable\"\n" +
			"  default_route_table_propagation = \"disable\"\n}\n" +
			"resource \"aws_ec2_transit_gateway_route_table_association\" \"prod\" {\n" +
			"  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.prod.id\n" +
			"  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.prod.id\n}",
	},
	Seed: []string{"tgw-security", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, tgw := range r.Resources.TransitGateways {
				loc := At(a, r, tgw)
				o := tgw.Options
				if o == nil {
					c.Unknown(loc, "the transit gateway's options were not read", Ev(tgw, "Options", nil))
					continue
				}
				ev := []finding.Evidence{
					Ev(tgw, "Options.DefaultRouteTableAssociation", orNone(o.DefaultRouteTableAssociation)),
					Ev(tgw, "Options.DefaultRouteTablePropagation", orNone(o.DefaultRouteTablePropagation)),
				}
				var on []string
				if o.DefaultRouteTableAssociation == "enable" {
					on = append(on, "associated with")
				}
				if o.DefaultRouteTablePropagation == "enable" {
					on = append(on, "propagated into")
				}
				if len(on) == 0 {
					c.Pass(loc, "attachments are associated and propagated explicitly (default route table association and propagation disabled)", ev...)
					continue
				}
				rt := o.AssociationDefaultRouteTableID
				if rt == "" {
					rt = o.PropagationDefaultRouteTableID
				}
				msg := fmt.Sprintf("every new attachment is %s the default route table %s", strings.Join(on, " and "), orNone(rt))
				if len(on) == 2 {
					msg += ": all attachments can reach each other"
				}
				c.Fail(loc, msg, ev...)
			}
		}
	},
}
