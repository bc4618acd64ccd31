package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func vpcChecks() []*Check {
	return []*Check{vpcNACLAdminPortsOpen, vpcFlowLogsEnabled, vpcSubnetAutoAssignPublicIP}
}

// subnetRouteTable returns the route table that serves a subnet: the one
// explicitly associated with it, else its VPC's main table; nil when
// neither is in the inventory.
func subnetRouteTable(r *inventory.Region, subnetID, vpcID string) *inventory.RouteTable {
	var main *inventory.RouteTable
	for _, rt := range r.Resources.RouteTables {
		for _, as := range rt.Associations {
			if subnetID != "" && as.SubnetID == subnetID {
				return rt
			}
		}
		if rt.VPCID == vpcID && rt.Main() {
			main = rt
		}
	}
	return main
}

// internetGatewayRoute returns the internet gateway that a route table sends
// 0.0.0.0/0 (or ::/0 when v6) to, if it does.
func internetGatewayRoute(rt *inventory.RouteTable, v6 bool) (string, bool) {
	for _, rr := range rt.Routes {
		dest := rr.DestinationCIDRBlock
		if v6 {
			dest = rr.DestinationIPv6CIDRBlock
		}
		if isWorldCIDR(dest) && strings.HasPrefix(rr.GatewayID, "igw-") && rr.State != "blackhole" {
			return rr.GatewayID, true
		}
	}
	return "", false
}

// naclOpen evaluates a network ACL's inbound rules in rule-number order, as
// AWS does, for traffic from anywhere (a /0 source) to port over TCP or UDP.
// It returns the rule that allows it, if one does before any rule denies it.
func naclOpen(acl *inventory.NetworkACL, port int, v6 bool) (inventory.NetworkACLEntry, bool) {
	entries := slices.Clone(acl.Entries)
	slices.SortStableFunc(entries, func(a, b inventory.NetworkACLEntry) int { return a.RuleNumber - b.RuleNumber })
	for _, e := range entries {
		if e.Egress {
			continue
		}
		cidr := e.CIDRBlock
		if v6 {
			cidr = e.IPv6CIDRBlock
		}
		if !isWorldCIDR(cidr) {
			continue
		}
		proto := normProtocol(e.Protocol)
		if proto != "all" && proto != "tcp" && proto != "udp" {
			continue
		}
		if proto != "all" && e.PortRange != nil && (port < e.PortRange.From || port > e.PortRange.To) {
			continue
		}
		return e, strings.EqualFold(e.RuleAction, "allow")
	}
	return inventory.NetworkACLEntry{}, false
}

// describeNACLEntry renders an entry: "rule 100 allow all traffic from 0.0.0.0/0".
func describeNACLEntry(e inventory.NetworkACLEntry) string {
	src := e.CIDRBlock
	if src == "" {
		src = e.IPv6CIDRBlock
	}
	what := "all traffic"
	if p := normProtocol(e.Protocol); p != "all" {
		what = strings.ToUpper(p)
		if e.PortRange != nil {
			if e.PortRange.From == e.PortRange.To {
				what += fmt.Sprintf(" %d", e.PortRange.From)
			} else {
				what += fmt.Sprintf(" %d-%d", e.PortRange.From, e.PortRange.To)
			}
		}
	}
	return fmt.Sprintf("rule %d %s %s from %s", e.RuleNumber, strings.ToLower(e.RuleAction), what, src)
}

var vpcNACLAdminPortsOpen = &Check{
	ID:           "vpc-nacl-admin-ports-open",
	Service:      "vpc",
	Title:        "No network ACL allows ingress from 0.0.0.0/0 or ::/0 to remote server administration ports",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::NetworkAcl",
	Rationale: "Network ACLs are the stateless subnet-level layer under security groups. When they allow SSH (22), RDP " +
		"(3389) and other administration ports from anywhere, a single mistaken security group rule is all that stands " +
		"between the internet and a login prompt; denying these ports at the ACL keeps one error from becoming an " +
		"portExposure. Default ACLs allow all traffic (rule 100), so every subnet left on its VPC's default ACL fails. Rules " +
		"are evaluated lowest number first and the first match decides, so a lower-numbered deny for 0.0.0.0/0 on the " +
		"port makes a later allow-all harmless.",
	Verify: "aws ec2 describe-network-acls --query 'NetworkAcls[].[NetworkAclId,Entries[?Egress==`false`]." +
		"[RuleNumber,Protocol,PortRange,CidrBlock,Ipv6CidrBlock,RuleAction]]' — for 0.0.0.0/0 and ::/0, the first matching " +
		"inbound rule for ports 22 and 3389 (tcp 6, udp 17 or all -1) must be a deny.",
	Remediation: Remediation{
		Summary: "Add low-numbered deny rules for 22, 3389 (and other admin ports) from 0.0.0.0/0 and ::/0, or replace allow-all with the ports each subnet needs.",
		Console: "VPC > Network ACLs > select the ACL > Inbound rules > Edit inbound rules > Add rule: rule number 50, type SSH (22), " +
			"source 0.0.0.0/0, Deny; again for RDP (3389) and for ::/0. Save changes.",
		CLI: "aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --ingress --rule-number 50 --protocol tcp " +
			"--port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny\n" +
			"aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --ingress --rule-number 51 --protocol tcp " +
			"--port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny\n" +
			"aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --ingress --rule-number 52 --protocol tcp " +
			"--port-range From=22,To=22 --ipv6-cidr-block ::/0 --rule-action deny",
		Terraform: "resource \"aws_network_acl_rule\" \"deny_ssh\" {\n  network_acl_id = aws_network_acl.public.id\n  rule_number    = 50\n" +
			"  egress         = false\n  protocol       = \"tcp\"\n  rule_action    = \"deny\"\n  cidr_block     = \"0.0.0.0/0\"\n" +
			"  from_port      = 22\n  to_port        = 22\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.1"}, "5.0.0": {"5.2"}},
	Seed: []string{"secure-configuration", "default-sg-ports"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, acl := range r.Resources.NetworkACLs {
				loc := At(a, r, acl)
				var open []string
				var rules []string
				for _, v6 := range []bool{false, true} {
					for _, p := range naclAdminPorts {
						e, ok := naclOpen(acl, p, v6)
						if !ok {
							continue
						}
						world := "0.0.0.0/0"
						if v6 {
							world = "::/0"
						}
						svc, _ := lookupPort("tcp", p)
						open = append(open, fmt.Sprintf("%s %d from %s", svc.Name, p, world))
						if d := describeNACLEntry(e); !slices.Contains(rules, d) {
							rules = append(rules, d)
						}
					}
				}
				subnets := "no subnets"
				if len(acl.SubnetIDs) > 0 {
					subnets = "subnets " + strings.Join(acl.SubnetIDs, ", ")
				}
				if len(open) == 0 {
					c.Pass(loc, "no inbound rule lets 0.0.0.0/0 or ::/0 reach SSH 22 or RDP 3389 (applies to "+subnets+")",
						Ev(acl, "Entries", len(acl.Entries)))
					continue
				}
				kind := "network ACL"
				if acl.IsDefault {
					kind = "default network ACL"
				}
				c.Fail(loc, fmt.Sprintf("%s allows %s (%s); applies to %s", kind, strings.Join(open, ", "), strings.Join(rules, "; "), subnets),
					Ev(acl, "Entries", strings.Join(rules, "; ")), Ev(acl, "Associations", acl.SubnetIDs))
			}
		}
	},
}

var vpcFlowLogsEnabled = &Check{
	ID:           "vpc-flow-logs-enabled",
	Service:      "vpc",
	Title:        "Every VPC has an active flow log that captures rejected (or all) traffic",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::VPC",
	Rationale: "VPC flow logs are the only record of who talked to what inside the network: the source of a port scan, " +
		"the instance that started beaconing to a command-and-control address, the volume of data leaving during an " +
		"exfiltration, the connections a compromised host made before anyone noticed. GuardDuty reads flow data on its " +
		"own, but incident responders need the logs themselves, kept for months. Without them an investigation cannot " +
		"say what a breached instance reached, and least-privilege security groups cannot be designed from observed " +
		"traffic. A flow log that captures only ACCEPT misses the probes that were blocked.",
	Verify: "aws ec2 describe-vpcs --query 'Vpcs[].VpcId'; for each: aws ec2 describe-flow-logs --filter Name=resource-id,Values=vpc-0123456789abcdef0 " +
		"— there must be one with FlowLogStatus ACTIVE and TrafficType REJECT or ALL.",
	Remediation: Remediation{
		Summary: "Create a flow log for every VPC (traffic type ALL or REJECT) to CloudWatch Logs or S3, with a retention of at least a year.",
		Console: "VPC > Your VPCs > select the VPC > Flow logs tab > Create flow log: Filter All (or Reject), destination CloudWatch Logs " +
			"(a log group and an IAM role) or an S3 bucket > Create flow log.",
		CLI: "aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-0123456789abcdef0 --traffic-type ALL " +
			"--log-destination-type s3 --log-destination arn:aws:s3:::acme-vpc-flow-logs",
		Terraform: "resource \"aws_flow_log\" \"main\" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = \"ALL\"\n" +
			"  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.7"}, "5.0.0": {"3.7"}},
	Seed: []string{"log-storage-monitoring", "malicious-activity", "incident-response"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, vpc := range r.Resources.VPCs {
				loc := At(a, r, vpc)
				if vpc.FlowLogs == nil {
					c.Unknown(loc, "the VPC's flow logs were not read", Ev(vpc, "FlowLogs", nil))
					continue
				}
				logs := *vpc.FlowLogs
				if len(logs) == 0 {
					c.Fail(loc, fmt.Sprintf("VPC %s (%s) has no flow log", vpc.DisplayName(), vpc.CIDRBlock), Ev(vpc, "FlowLogs", "none"))
					continue
				}
				var good, acceptOnly, inactive []string
				for _, fl := range logs {
					switch {
					case fl.FlowLogStatus != "" && !strings.EqualFold(fl.FlowLogStatus, "ACTIVE"):
						inactive = append(inactive, fl.ID+" ("+fl.FlowLogStatus+")")
					case strings.EqualFold(fl.DeliverLogsStatus, "FAILED"):
						inactive = append(inactive, fl.ID+" (delivery FAILED)")
					case strings.EqualFold(fl.TrafficType, "ACCEPT"):
						acceptOnly = append(acceptOnly, fl.ID)
					default:
						good = append(good, fmt.Sprintf("%s (%s to %s)", fl.ID, fl.TrafficType, fl.LogDestinationType))
					}
				}
				if len(good) > 0 {
					c.Pass(loc, "active flow log: "+strings.Join(good, ", "), Ev(vpc, "FlowLogs", good))
					continue
				}
				var why []string
				if len(acceptOnly) > 0 {
					why = append(why, "captures accepted traffic only: "+strings.Join(acceptOnly, ", "))
				}
				if len(inactive) > 0 {
					why = append(why, "not delivering: "+strings.Join(inactive, ", "))
				}
				c.Fail(loc, "no flow log records rejected traffic: "+strings.Join(why, "; "), Ev(vpc, "FlowLogs", why))
			}
		}
	},
}

var vpcSubnetAutoAssignPublicIP = &Check{
	ID:           "vpc-subnet-auto-assign-public-ip",
	Service:      "vpc",
	Title:        "Subnets do not give instances a public IPv4 address automatically",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::Subnet",
	Needs:        []string{"AWS::EC2::RouteTable"},
	Rationale: "With MapPublicIpOnLaunch on, every instance, container task or ENI launched in the subnet gets a public " +
		"address unless the launch explicitly says otherwise, so a database or internal service started there is one " +
		"loose security group rule away from the internet. Public addresses should be a deliberate choice made per " +
		"resource (a load balancer, a NAT gateway, a bastion), not a subnet default. The risk is real when the subnet " +
		"also routes 0.0.0.0/0 to an internet gateway; default subnets of the default VPC have both.",
	Verify: "aws ec2 describe-subnets --query 'Subnets[?MapPublicIpOnLaunch==`true`].[SubnetId,VpcId,CidrBlock,DefaultForAz]'",
	Remediation: Remediation{
		Summary: "Turn off auto-assign public IPv4 on the subnet and assign public addresses only to the resources that need them.",
		Console: "VPC > Subnets > select the subnet > Actions > Edit subnet settings > clear \"Enable auto-assign public IPv4 address\" > Save.",
		CLI:     "aws ec2 modify-subnet-attribute --subnet-id subnet-0123456789abcdef0 --no-map-public-ip-on-launch",
		Terraform: "resource \"aws_subnet\" \"public\" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = \"10.20.1.0/24\"\n" +
			"  map_public_ip_on_launch = false\n}",
	},
	Seed: []string{"secure-configuration", "public-database"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, sn := range r.Resources.Subnets {
				loc := At(a, r, sn)
				if !sn.MapPublicIPOnLaunch {
					c.Pass(loc, "auto-assign public IPv4 is off", Ev(sn, "MapPublicIpOnLaunch", sn.MapPublicIPOnLaunch))
					continue
				}
				rt := subnetRouteTable(r, sn.ID, sn.VPCID)
				if rt == nil {
					c.Unknown(loc, "auto-assign public IPv4 is on, but the subnet's route table was not found", Ev(sn, "MapPublicIpOnLaunch", true))
					continue
				}
				if gw, ok := internetGatewayRoute(rt, false); ok {
					c.Fail(loc, fmt.Sprintf("every instance launched in %s (%s) gets a public IPv4 address, and the subnet routes 0.0.0.0/0 to %s", sn.DisplayName(), sn.CIDRBlock, gw),
						Ev(sn, "MapPublicIpOnLaunch", true), Ev(rt, "Routes", "0.0.0.0/0 -> "+gw))
					continue
				}
				c.FailAt(finding.Low, loc, fmt.Sprintf("every instance launched in %s (%s) gets a public IPv4 address (route table %s has no internet gateway route today)", sn.DisplayName(), sn.CIDRBlock, rt.ID),
					Ev(sn, "MapPublicIpOnLaunch", true), Ev(rt, "Routes", len(rt.Routes)))
			}
		}
	},
}
