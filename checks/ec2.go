package checks

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func ec2Checks() []*Check {
	return []*Check{
		ec2IMDSv1Allowed, ec2SGOpenToInternet, ec2SGAdminPortsIPv4, ec2SGAdminPortsIPv6,
		ec2DefaultSGRestrictsAllTraffic, ec2InstancePublicHTTPWithoutTLS, ec2InstancePublicSubnetAdminPort, ec2AMIPublic,
	}
}

var ec2IMDSv1Allowed = &Check{
	ID:           "ec2-imdsv1-allowed",
	Service:      "ec2",
	Title:        "EC2 instances require IMDSv2 (session tokens) for instance metadata",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::Instance",
	Rationale: "With IMDSv1 the instance metadata service answers any plain GET to " +
		"http://169.254.169.254/latest/meta-data/iam/security-credentials/ROLE. A server-side request " +
		"forgery (SSRF) bug, an open reverse proxy or a misconfigured WAF in an application on the " +
		"instance lets an outside attacker make that request and read the instance role's temporary " +
		"access key, secret key and session token, then use them from anywhere (the 2019 Capital One " +
		"breach). IMDSv2 requires a session token obtained by a PUT with a TTL header first; SSRF " +
		"primitives rarely control the method and headers, proxies do not forward the PUT, and the " +
		"token's hop limit of 1 stops it leaving the instance or a container on it.",
	Verify: "aws ec2 describe-instances --query " +
		"'Reservations[].Instances[].[InstanceId,MetadataOptions.HttpTokens,MetadataOptions.HttpEndpoint]'" +
		" — HttpTokens must be \"required\" wherever HttpEndpoint is \"enabled\".",
	Remediation: Remediation{
		Summary: "Set HttpTokens to required (IMDSv2 only) on the instance, its launch template and the account default.",
		Console: "EC2 > Instances > select the instance > Actions > Instance settings > Modify instance metadata options > IMDSv2: Required. " +
			"Set the account default under EC2 > Dashboard > Account attributes > Data protection and security > IMDS defaults.",
		CLI: "aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 --http-tokens required --http-endpoint enabled\n" +
			"aws ec2 modify-instance-metadata-defaults --region us-east-1 --http-tokens required",
		Terraform: "resource \"aws_instance\" \"web\" {\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n    http_put_response_hop_limit = 1\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.6"}, "5.0.0": {"5.7"}},
	Seed: []string{"imdsv1-ssrf"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, in := range r.Resources.EC2Instances {
				loc := At(a, r, in)
				mo := in.MetadataOptions
				switch {
				case mo == nil:
					c.Unknown(loc, "instance metadata options were not read", Ev(in, "MetadataOptions", mo))
				case mo.HTTPEndpoint == "disabled":
					c.Pass(loc, "instance metadata service is disabled", Ev(in, "MetadataOptions.HttpEndpoint", mo.HTTPEndpoint))
				case mo.HTTPTokens == "required":
					c.Pass(loc, "IMDSv2 is required", Ev(in, "MetadataOptions.HttpTokens", mo.HTTPTokens))
				default:
					c.Fail(loc, imdsMessage(in), Ev(in, "MetadataOptions.HttpTokens", mo.HTTPTokens),
						Ev(in, "IamInstanceProfile.Arn", orNone(in.InstanceProfile)), Ev(in, "PublicIpAddress", orNone(in.PublicIP)))
				}
			}
		}
	},
}

func imdsMessage(in *inventory.EC2Instance) string {
	msg := fmt.Sprintf("IMDSv1 is allowed (HttpTokens=%s)", in.MetadataOptions.HTTPTokens)
	if in.InstanceProfile != "" {
		msg += ": an SSRF bug can read the credentials of instance profile " + in.InstanceProfile
	}
	if in.PublicIP != "" {
		msg += "; the instance has public IP " + in.PublicIP
	}
	return msg
}

// ---- security groups: what the internet can reach ----

// sgExposure is a protocol and port range that a security group opens to
// the whole IPv4 internet (0.0.0.0/0), the whole IPv6 internet (::/0), or both.
type sgExposure struct {
	portExposure
	IPv4, IPv6 bool
}

// isWorldCIDR reports whether a CIDR is the whole address space (a /0).
func isWorldCIDR(cidr string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && p.Bits() == 0
}

// ruleExposure is the protocol and port range of a security group rule.
func ruleExposure(rule inventory.SecurityGroupRule) portExposure {
	e := portExposure{Proto: normProtocol(rule.IPProtocol), From: rule.FromPort, To: rule.ToPort}
	if (e.Proto == "tcp" || e.Proto == "udp") && (e.From < 0 || e.To < 0) {
		e.From, e.To = 0, 65535
	}
	if e.Proto == "tcp" || e.Proto == "udp" {
		if e.To < e.From {
			e.To = e.From
		}
	} else {
		e.From, e.To = 0, 0
	}
	return e
}

// internetIngress returns what a security group opens to 0.0.0.0/0 or ::/0,
// one entry per protocol and port range, sorted.
func internetIngress(sg *inventory.SecurityGroup) []sgExposure {
	var out []sgExposure
	for _, rule := range sg.IngressRules {
		v4 := slices.ContainsFunc(rule.IPv4Ranges, func(r inventory.IPRange) bool { return isWorldCIDR(r.CIDR) })
		v6 := slices.ContainsFunc(rule.IPv6Ranges, func(r inventory.IPRange) bool { return isWorldCIDR(r.CIDR) })
		if !v4 && !v6 {
			continue
		}
		e := ruleExposure(rule)
		i := slices.IndexFunc(out, func(x sgExposure) bool { return x.portExposure == e })
		if i < 0 {
			out = append(out, sgExposure{portExposure: e})
			i = len(out) - 1
		}
		out[i].IPv4 = out[i].IPv4 || v4
		out[i].IPv6 = out[i].IPv6 || v6
	}
	es := make([]portExposure, len(out))
	for i, x := range out {
		es[i] = x.portExposure
	}
	sortExposures(es)
	sorted := make([]sgExposure, 0, len(out))
	for _, e := range es {
		i := slices.IndexFunc(out, func(x sgExposure) bool { return x.portExposure == e })
		sorted = append(sorted, out[i])
	}
	return sorted
}

// describeExposures renders exposures grouped by address family:
// "TCP 22 (SSH), UDP 53 (DNS) open to 0.0.0.0/0 and ::/0; TCP 8080 (...) open to 0.0.0.0/0".
func describeExposures(xs []sgExposure) string {
	var parts []string
	for _, g := range []struct {
		v4, v6 bool
		to     string
	}{{true, true, "0.0.0.0/0 and ::/0"}, {true, false, "0.0.0.0/0"}, {false, true, "::/0"}} {
		var items []string
		for _, x := range xs {
			if x.IPv4 == g.v4 && x.IPv6 == g.v6 {
				items = append(items, x.String())
			}
		}
		if len(items) > 0 {
			parts = append(parts, strings.Join(items, ", ")+" open to "+g.to)
		}
	}
	return strings.Join(parts, "; ")
}

// sgUsers returns the display names of the resources in the region that
// use the security group: instances, load balancers, databases, functions
// and search domains.
func sgUsers(r *inventory.Region, sgID string) []string {
	var out []string
	res := &r.Resources
	for _, in := range res.EC2Instances {
		if slices.Contains(in.SecurityGroups, sgID) {
			out = append(out, in.DisplayName())
		}
	}
	for _, lb := range res.LoadBalancers {
		if slices.Contains(lb.SecurityGroups, sgID) {
			out = append(out, "load balancer "+lb.DisplayName())
		}
	}
	for _, db := range res.DBInstances {
		if slices.Contains(db.VPCSecurityGroups, sgID) {
			out = append(out, "RDS "+db.DisplayName())
		}
	}
	for _, f := range res.LambdaFunctions {
		if f.VPCConfig != nil && slices.Contains(f.VPCConfig.SecurityGroupIDs, sgID) {
			out = append(out, "Lambda "+f.DisplayName())
		}
	}
	for _, d := range res.OpenSearchDomains {
		if d.VPCOptions != nil && slices.Contains(d.VPCOptions.SecurityGroupIDs, sgID) {
			out = append(out, "OpenSearch "+d.DisplayName())
		}
	}
	return out
}

// sgOnlyLoadBalancers reports whether the security group is used, and used
// only, by load balancers.
func sgOnlyLoadBalancers(r *inventory.Region, sgID string) bool {
	lbs := 0
	for _, lb := range r.Resources.LoadBalancers {
		if slices.Contains(lb.SecurityGroups, sgID) {
			lbs++
		}
	}
	return lbs > 0 && lbs == len(sgUsers(r, sgID))
}

// webOnly reports whether every exposure is TCP 80 or 443.
func webOnly(xs []sgExposure) bool {
	for _, x := range xs {
		if x.Proto != "tcp" || x.From != x.To || (x.From != 80 && x.From != 443) {
			return false
		}
	}
	return true
}

// sgUsedBy renders the users of a security group for a message.
func sgUsedBy(users []string) string {
	if len(users) == 0 {
		return "not used by any resource"
	}
	return "used by " + strings.Join(users, ", ")
}

// coversAdmin returns the admin ports (see adminPorts) an exposure reaches
// over TCP or UDP.
func coversAdmin(e portExposure) []int {
	var out []int
	for _, p := range adminPorts {
		if e.covers("tcp", p) || e.covers("udp", p) {
			out = append(out, p)
		}
	}
	return out
}

var ec2SGOpenToInternet = &Check{
	ID:           "ec2-sg-open-to-internet",
	Service:      "ec2",
	Title:        "Security groups open no ports to the whole internet beyond what a public web tier needs",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::SecurityGroup",
	Needs:        []string{"AWS::EC2::Instance", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
	Rationale: "Every port a security group opens to 0.0.0.0/0 or ::/0 is found within minutes by internet-wide " +
		"scanners (Shodan, Censys, botnets) on any public address behind it. Remote administration (SSH 22, RDP " +
		"3389, Telnet, WinRM, VNC) invites credential stuffing and exploits of the service itself; databases " +
		"(MySQL 3306, PostgreSQL, SQL Server, MongoDB), caches (Redis, Memcached) and search engines " +
		"(Elasticsearch) are routinely ransomed or dumped when reachable, often without authentication; mail " +
		"(SMTP 25) turns into an open relay and DNS (53) and UDP services into DDoS amplifiers. A database " +
		"should be reachable only from the application tier's security group, never from the web. Ports with no " +
		"well-known service (3679, 9001) are still attack surface: something listens there, and 3679 is often a " +
		"mistyped Redis 6379. Only a load balancer or web tier should accept 80/443 from the world, and 80 only " +
		"to redirect to HTTPS. The severity follows the worst service exposed: all protocols is critical.",
	Verify: "aws ec2 describe-security-groups --query \"SecurityGroups[?IpPermissions[?IpRanges[?CidrIp=='0.0.0.0/0'] || " +
		"Ipv6Ranges[?CidrIpv6=='::/0']]].[GroupId,GroupName]\" — then, for each group, list its inbound rules with " +
		"aws ec2 describe-security-group-rules --filters Name=group-id,Values=sg-0123456789abcdef0 and find who uses it " +
		"with aws ec2 describe-network-interfaces --filters Name=group-id,Values=sg-0123456789abcdef0.",
	Remediation: Remediation{
		Summary: "Remove 0.0.0.0/0 and ::/0 from every inbound rule except 80/443 on a load balancer; reference security groups or VPN/bastion CIDRs instead.",
		Console: "EC2 > Security Groups > select the group > Inbound rules > Edit inbound rules: for each rule with source 0.0.0.0/0 or ::/0, " +
			"change the source to the security group of the tier that needs it (e.g. the ALB's group for the app port, the app's group for the database) " +
			"or to a trusted CIDR, or delete it. Use Systems Manager Session Manager instead of open SSH/RDP.",
		CLI: "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions " +
			"'IpProtocol=tcp,FromPort=3306,ToPort=3306,IpRanges=[{CidrIp=0.0.0.0/0}]' 'IpProtocol=tcp,FromPort=3306,ToPort=3306,Ipv6Ranges=[{CidrIpv6=::/0}]'\n" +
			"aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions " +
			"'IpProtocol=tcp,FromPort=3306,ToPort=3306,UserIdGroupPairs=[{GroupId=sg-0app0000000000001}]'",
		Terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"mysql_from_app\" {\n" +
			"  security_group_id            = aws_security_group.db.id\n" +
			"  ip_protocol                  = \"tcp\"\n  from_port                    = 3306\n  to_port                      = 3306\n" +
			"  referenced_security_group_id = aws_security_group.app.id # never cidr_ipv4 = \"0.0.0.0/0\"\n}",
	},
	Seed: []string{"default-sg-ports", "public-database", "wordpress-posture", "secure-configuration", "ddos"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, sg := range r.Resources.SecurityGroups {
				loc := At(a, r, sg)
				xs := internetIngress(sg)
				if len(xs) == 0 {
					c.Pass(loc, "no inbound rule is open to 0.0.0.0/0 or ::/0", Ev(sg, "IpPermissions", len(sg.IngressRules)))
					continue
				}
				sev := finding.Info
				httpsOnly := true
				for _, x := range xs {
					sev = max(sev, x.severity())
					if x.Proto != "tcp" || x.From != 443 || x.To != 443 {
						httpsOnly = false
					}
				}
				if httpsOnly {
					sev = finding.Info // HTTPS only: what a public load balancer or web tier needs
				}
				users := sgUsers(r, sg.ID)
				if webOnly(xs) && sgOnlyLoadBalancers(r, sg.ID) {
					c.Pass(loc, describeExposures(xs)+" on "+strings.Join(users, ", ")+": what an internet-facing load balancer needs",
						Ev(sg, "IpPermissions", describeExposures(xs)), Ev(sg, "UsedBy", users))
					continue
				}
				msg := describeExposures(xs) + "; " + sgUsedBy(users)
				c.FailAt(sev, loc, msg, Ev(sg, "IpPermissions", describeExposures(xs)), Ev(sg, "UsedBy", users))
			}
		}
	},
}

// adminPortsCheck builds the CIS check for admin ports open to the IPv4 or
// IPv6 internet.
func adminPortsCheck(v6 bool) func(*Context) {
	world := "0.0.0.0/0"
	if v6 {
		world = "::/0"
	}
	return func(c *Context) {
		for a, r := range c.Regions() {
			for _, sg := range r.Resources.SecurityGroups {
				loc := At(a, r, sg)
				var hits []string
				var ports []int
				for _, x := range internetIngress(sg) {
					if (v6 && !x.IPv6) || (!v6 && !x.IPv4) {
						continue
					}
					if ps := coversAdmin(x.portExposure); len(ps) > 0 {
						hits = append(hits, x.String())
						for _, p := range ps {
							if !slices.Contains(ports, p) {
								ports = append(ports, p)
							}
						}
					}
				}
				if len(hits) == 0 {
					c.Pass(loc, "no inbound rule opens an administration port (22, 23, 3389, 5900, 5985, 5986) to "+world,
						Ev(sg, "IpPermissions", len(sg.IngressRules)))
					continue
				}
				slices.Sort(ports)
				msg := fmt.Sprintf("%s open to %s (administration ports reached: %s); %s",
					strings.Join(hits, ", "), world, Show(ports), sgUsedBy(sgUsers(r, sg.ID)))
				c.Fail(loc, msg, Ev(sg, "IpPermissions", strings.Join(hits, ", ")))
			}
		}
	}
}

var adminPortsRationale = "SSH (22) and RDP (3389), and Telnet, VNC and WinRM, give a shell or a desktop on the machine. Open to " +
	"the whole internet they are brute-forced and credential-stuffed around the clock, and every pre-authentication " +
	"vulnerability in the daemon (regreSSHion CVE-2024-6387, BlueKeep CVE-2019-0708) becomes remotely exploitable. " +
	"Administrative access belongs behind Systems Manager Session Manager, a VPN, or a bastion reachable only from " +
	"known addresses. A rule on all protocols or a port range such as 0-65535 includes these ports."

var ec2SGAdminPortsIPv4 = &Check{
	ID:           "ec2-sg-admin-ports-ipv4",
	Service:      "ec2",
	Title:        "No security group allows ingress from 0.0.0.0/0 to remote server administration ports",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::SecurityGroup",
	Needs:        []string{"AWS::EC2::Instance"},
	Rationale:    adminPortsRationale,
	Verify: "aws ec2 describe-security-groups --filters Name=ip-permission.cidr,Values=0.0.0.0/0 " +
		"--query 'SecurityGroups[].[GroupId,IpPermissions[].[IpProtocol,FromPort,ToPort]]' — no rule with protocol tcp, udp or -1 " +
		"may have a port range that includes 22 or 3389 (or 23, 5900, 5985, 5986).",
	Remediation: Remediation{
		Summary: "Remove 0.0.0.0/0 from inbound rules that reach SSH, RDP or other administration ports; use Session Manager or a VPN/bastion CIDR.",
		Console: "EC2 > Security Groups > select the group > Inbound rules > Edit inbound rules: change the source of the SSH/RDP rule " +
			"from 0.0.0.0/0 to your VPN or bastion CIDR, or delete the rule and connect with Systems Manager > Session Manager.",
		CLI: "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0\n" +
			"aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3389 --cidr 0.0.0.0/0",
		Terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"ssh_from_vpn\" {\n" +
			"  security_group_id = aws_security_group.web.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n" +
			"  cidr_ipv4         = \"10.255.0.0/16\" # the VPN range, never 0.0.0.0/0\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.2"}, "5.0.0": {"5.3"}},
	Seed: []string{"default-sg-ports", "wordpress-posture", "secure-configuration"},
	Run:  adminPortsCheck(false),
}

var ec2SGAdminPortsIPv6 = &Check{
	ID:           "ec2-sg-admin-ports-ipv6",
	Service:      "ec2",
	Title:        "No security group allows ingress from ::/0 to remote server administration ports",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::SecurityGroup",
	Needs:        []string{"AWS::EC2::Instance"},
	Rationale: adminPortsRationale + " IPv6 rules are easy to overlook: a group that was locked down for 0.0.0.0/0 may " +
		"still allow ::/0, and every instance with an IPv6 address in a subnet routed to an internet gateway is directly reachable.",
	Verify: "aws ec2 describe-security-groups --filters Name=ip-permission.ipv6-cidr,Values=::/0 " +
		"--query 'SecurityGroups[].[GroupId,IpPermissions[].[IpProtocol,FromPort,ToPort]]' — no rule with protocol tcp, udp or -1 " +
		"may have a port range that includes 22 or 3389 (or 23, 5900, 5985, 5986).",
	Remediation: Remediation{
		Summary: "Remove ::/0 from inbound rules that reach SSH, RDP or other administration ports.",
		Console: "EC2 > Security Groups > select the group > Inbound rules > Edit inbound rules: delete the rules whose source is ::/0 " +
			"on SSH/RDP, or narrow them to your organization's IPv6 prefix.",
		CLI: "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 " +
			"--ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'",
		Terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"ssh_v6_from_corp\" {\n" +
			"  security_group_id = aws_security_group.web.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n" +
			"  cidr_ipv6         = \"2001:db8:1234::/48\" # the corporate prefix, never ::/0\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.3"}, "5.0.0": {"5.4"}},
	Seed: []string{"default-sg-ports", "secure-configuration"},
	Run:  adminPortsCheck(true),
}

var ec2DefaultSGRestrictsAllTraffic = &Check{
	ID:           "ec2-default-sg-restricts-all-traffic",
	Service:      "ec2",
	Title:        "The default security group of every VPC has no inbound or outbound rules",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::SecurityGroup",
	Needs:        []string{"AWS::EC2::Instance"},
	Rationale: "Every VPC has a security group named \"default\" that cannot be deleted, and anything launched without an " +
		"explicit group lands in it: an instance started from the console in a hurry, an RDS instance, a Lambda function " +
		"in the VPC. Out of the box it lets every member talk to every other member on every port and reach anywhere " +
		"outbound, so one compromised member can move laterally to all the others. Rules added to it later (\"just open " +
		"22, 80, 443, 3306 for now\") then apply to everything that falls into it. With no rules, the default group is a " +
		"safe trap: whatever lands in it is isolated and noticed, and least-privilege groups are built on purpose.",
	Verify: "aws ec2 describe-security-groups --filters Name=group-name,Values=default " +
		"--query 'SecurityGroups[].[GroupId,VpcId,length(IpPermissions),length(IpPermissionsEgress)]' — both counts must be 0 in every VPC and region; " +
		"aws ec2 describe-network-interfaces --filters Name=group-id,Values=sg-0123456789abcdef0 lists what still uses it.",
	Remediation: Remediation{
		Summary: "Move members to purpose-built security groups, then delete every inbound and outbound rule of the default group.",
		Console: "EC2 > Security Groups > filter Group name = default > for each: note its members (Network interfaces filtered by the group id), " +
			"move them to least-privilege groups, then Inbound rules > Edit > Delete all, and Outbound rules > Edit > Delete all.",
		CLI: "aws ec2 modify-instance-attribute --instance-id i-0123456789abcdef0 --groups sg-0app0000000000001\n" +
			"aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions \"$(aws ec2 describe-security-groups " +
			"--group-ids sg-0123456789abcdef0 --query 'SecurityGroups[0].IpPermissions')\"\n" +
			"aws ec2 revoke-security-group-egress --group-id sg-0123456789abcdef0 --ip-permissions \"$(aws ec2 describe-security-groups " +
			"--group-ids sg-0123456789abcdef0 --query 'SecurityGroups[0].IpPermissionsEgress')\"",
		Terraform: "# Adopting the default group with no ingress/egress blocks removes all its rules.\n" +
			"resource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.4"}, "5.0.0": {"5.5"}},
	Seed: []string{"default-sg-ports", "wordpress-posture", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, sg := range r.Resources.SecurityGroups {
				if sg.GroupName != "default" {
					continue
				}
				loc := At(a, r, sg)
				in, out := len(sg.IngressRules), len(sg.EgressRules)
				users := sgUsers(r, sg.ID)
				if in == 0 && out == 0 {
					c.Pass(loc, fmt.Sprintf("default security group of %s has no rules (%s)", sg.VPCID, sgUsedBy(users)),
						Ev(sg, "IpPermissions", in), Ev(sg, "IpPermissionsEgress", out))
					continue
				}
				msg := fmt.Sprintf("default security group of %s has %d inbound and %d outbound rules", sg.VPCID, in, out)
				sev := finding.Medium
				if xs := internetIngress(sg); len(xs) > 0 {
					msg += ": " + describeExposures(xs)
					sev = finding.High
				}
				msg += "; " + sgUsedBy(users)
				c.FailAt(sev, loc, msg, Ev(sg, "IpPermissions", in), Ev(sg, "IpPermissionsEgress", out), Ev(sg, "UsedBy", users))
			}
		}
	},
}

// ---- instances: what reaches them ----

// instanceIngress returns what the instance's security groups open to the
// internet, and the ids of groups that are not in the inventory.
func instanceIngress(r *inventory.Region, in *inventory.EC2Instance) (xs []sgExposure, missing []string) {
	for _, id := range in.SecurityGroups {
		i := slices.IndexFunc(r.Resources.SecurityGroups, func(sg *inventory.SecurityGroup) bool { return sg.ID == id })
		if i < 0 {
			missing = append(missing, id)
			continue
		}
		for _, x := range internetIngress(r.Resources.SecurityGroups[i]) {
			j := slices.IndexFunc(xs, func(y sgExposure) bool { return y.portExposure == x.portExposure })
			if j < 0 {
				xs = append(xs, x)
				continue
			}
			xs[j].IPv4 = xs[j].IPv4 || x.IPv4
			xs[j].IPv6 = xs[j].IPv6 || x.IPv6
		}
	}
	return xs, missing
}

// sgReaches reports whether any exposure opens TCP port to a family the
// instance has a public address in.
func sgReaches(xs []sgExposure, port int, v4, v6 bool) bool {
	return slices.ContainsFunc(xs, func(x sgExposure) bool {
		return x.covers("tcp", port) && ((v4 && x.IPv4) || (v6 && x.IPv6))
	})
}

var ec2InstancePublicHTTPWithoutTLS = &Check{
	ID:           "ec2-instance-public-http-without-tls",
	Service:      "ec2",
	Title:        "Instances that serve HTTP to the internet also serve HTTPS",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::Instance",
	Needs:        []string{"AWS::EC2::SecurityGroup"},
	Rationale: "An instance with a public address whose security groups open port 80 but not 443 to the internet serves its " +
		"site in clear text: logins (a WordPress wp-login.php form), session cookies and admin pages cross the internet " +
		"readable and modifiable by anyone on the path (public Wi-Fi, a compromised router), and browsers mark the site " +
		"\"Not secure\". Terminate TLS on an Application Load Balancer or CloudFront with an ACM certificate (free, " +
		"auto-renewed), keep the instance private behind it, and let port 80 only redirect to HTTPS.",
	Verify: "aws ec2 describe-instances --query 'Reservations[].Instances[?PublicIpAddress].[InstanceId,PublicIpAddress,SecurityGroups[].GroupId]' " +
		"then aws ec2 describe-security-groups --group-ids <ids> and look for tcp 80 from 0.0.0.0/0 without tcp 443; " +
		"curl -sI http://<public-ip>/ shows whether it redirects.",
	Remediation: Remediation{
		Summary: "Put the site behind an ALB or CloudFront with an ACM certificate, redirect HTTP to HTTPS, and take the instance off the internet.",
		Console: "Certificate Manager > Request a public certificate; EC2 > Load Balancers > Create Application Load Balancer with an HTTPS:443 listener " +
			"(the certificate) forwarding to a target group holding the instance, and an HTTP:80 listener whose default action redirects to HTTPS; " +
			"then remove 0.0.0.0/0 from the instance's security group and allow the ALB's group only.",
		CLI: "aws elbv2 create-listener --load-balancer-arn <alb-arn> --protocol HTTPS --port 443 --certificates CertificateArn=<acm-arn> " +
			"--ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06 --default-actions Type=forward,TargetGroupArn=<tg-arn>\n" +
			"aws elbv2 create-listener --load-balancer-arn <alb-arn> --protocol HTTP --port 80 " +
			"--default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'\n" +
			"aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 80 --cidr 0.0.0.0/0",
		Terraform: "resource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n  protocol          = \"HTTP\"\n" +
			"  default_action {\n    type = \"redirect\"\n    redirect {\n      port        = \"443\"\n      protocol    = \"HTTPS\"\n      status_code = \"HTTP_301\"\n    }\n  }\n}\n" +
			"resource \"aws_lb_listener\" \"https\" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n  protocol          = \"HTTPS\"\n" +
			"  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n  certificate_arn   = aws_acm_certificate.site.arn\n" +
			"  default_action {\n    type             = \"forward\"\n    target_group_arn = aws_lb_target_group.web.arn\n  }\n}",
	},
	Seed: []string{"wordpress-posture", "data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, in := range r.Resources.EC2Instances {
				loc := At(a, r, in)
				v4, v6 := in.PublicIP != "", len(in.IPv6Addresses) > 0
				if !v4 && !v6 {
					c.Pass(loc, "instance has no public IPv4 or IPv6 address", Ev(in, "PublicIpAddress", orNone(in.PublicIP)))
					continue
				}
				xs, missing := instanceIngress(r, in)
				if len(missing) > 0 {
					c.Unknown(loc, "security groups "+strings.Join(missing, ", ")+" of the instance were not read", Ev(in, "SecurityGroups", in.SecurityGroups))
					continue
				}
				addr := in.PublicIP
				if !v4 {
					addr = in.IPv6Addresses[0]
				}
				http, https := sgReaches(xs, 80, v4, v6), sgReaches(xs, 443, v4, v6)
				listens := func(int) bool { return true } // not known: the security groups decide
				if in.ListeningTCPPorts != nil {
					listens = func(p int) bool { return slices.Contains(*in.ListeningTCPPorts, p) }
				}
				ev := []finding.Evidence{Ev(in, "PublicIpAddress", addr), Ev(in, "SecurityGroups", in.SecurityGroups), Ev(in, "ListeningTcpPorts", in.ListeningTCPPorts)}
				switch {
				case !http:
					c.Pass(loc, fmt.Sprintf("HTTP port 80 is not open to the internet at %s", addr), ev...)
				case !listens(80):
					c.Pass(loc, fmt.Sprintf("port 80 is open to the internet at %s but nothing listens on it", addr), ev...)
				case https && listens(443):
					c.Pass(loc, fmt.Sprintf("HTTPS (443) is served at %s alongside HTTP (80); make sure 80 only redirects", addr), ev...)
				case https:
					c.Fail(loc, fmt.Sprintf("the instance serves HTTP on port 80 at %s and nothing listens on 443, though its security groups open it: "+
						"traffic, logins and cookies travel in clear text", addr), ev...)
				default:
					c.Fail(loc, fmt.Sprintf("HTTP port 80 is open to the internet at %s with no HTTPS (443): traffic, logins and cookies travel in clear text", addr), ev...)
				}
			}
		}
	},
}

var ec2InstancePublicSubnetAdminPort = &Check{
	ID:           "ec2-instance-in-public-subnet-with-admin-port",
	Service:      "ec2",
	Title:        "No instance with a public address in a public subnet has an administration port open to the internet",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::Instance",
	Needs:        []string{"AWS::EC2::SecurityGroup", "AWS::EC2::RouteTable"},
	Rationale: "A security group rule alone does not make a port reachable: the instance also needs a public address and a " +
		"subnet whose route table sends 0.0.0.0/0 (or ::/0) to an internet gateway. When all three line up for SSH, RDP, " +
		"Telnet, VNC or WinRM, the machine's login prompt is on the internet right now, and this is the finding to fix " +
		"first among the admin-port results. Attackers who get a shell there also get the instance role's credentials " +
		"and a foothold inside the VPC.",
	Verify: "For the instance: aws ec2 describe-instances --instance-ids i-0123456789abcdef0 --query " +
		"'Reservations[].Instances[].[PublicIpAddress,SubnetId,SecurityGroups[].GroupId]'; aws ec2 describe-route-tables " +
		"--filters Name=association.subnet-id,Values=<subnet-id> (or the VPC's main table) shows a 0.0.0.0/0 route to igw-...; " +
		"aws ec2 describe-security-groups --group-ids <ids> shows 22/3389 from 0.0.0.0/0.",
	Remediation: Remediation{
		Summary: "Close the administration port to the internet and reach the instance through Session Manager; move it to a private subnet if it needs no inbound internet traffic.",
		Console: "EC2 > Security Groups > the instance's group > Edit inbound rules > delete the SSH/RDP rule from 0.0.0.0/0 or ::/0. " +
			"Attach an instance profile with AmazonSSMManagedInstanceCore and connect with Systems Manager > Session Manager > Start session.",
		CLI: "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0\n" +
			"aws ssm start-session --target i-0123456789abcdef0",
		Terraform: "resource \"aws_instance\" \"web\" {\n  subnet_id                   = aws_subnet.private.id\n" +
			"  associate_public_ip_address = false\n  iam_instance_profile        = aws_iam_instance_profile.ssm.name\n" +
			"  vpc_security_group_ids      = [aws_security_group.web_no_ssh.id]\n}",
	},
	Seed: []string{"wordpress-posture", "default-sg-ports", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, in := range r.Resources.EC2Instances {
				loc := At(a, r, in)
				hasV4, hasV6 := in.PublicIP != "", len(in.IPv6Addresses) > 0
				if !hasV4 && !hasV6 {
					c.Pass(loc, "instance has no public IPv4 or IPv6 address", Ev(in, "PublicIpAddress", orNone(in.PublicIP)))
					continue
				}
				rt := subnetRouteTable(r, in.SubnetID, in.VPCID)
				if rt == nil {
					c.Unknown(loc, "the route table of subnet "+in.SubnetID+" was not found", Ev(in, "SubnetId", in.SubnetID))
					continue
				}
				gw4, v4 := internetGatewayRoute(rt, false)
				gw6, v6 := internetGatewayRoute(rt, true)
				v4, v6 = v4 && hasV4, v6 && hasV6
				if !v4 && !v6 {
					c.Pass(loc, fmt.Sprintf("subnet %s (route table %s) has no route to an internet gateway for the instance's public address", in.SubnetID, rt.ID),
						Ev(rt, "Routes", len(rt.Routes)))
					continue
				}
				xs, missing := instanceIngress(r, in)
				if len(missing) > 0 {
					c.Unknown(loc, "security groups "+strings.Join(missing, ", ")+" of the instance were not read", Ev(in, "SecurityGroups", in.SecurityGroups))
					continue
				}
				var open []string
				for _, p := range adminPorts {
					if sgReaches(xs, p, v4, v6) {
						svc, _ := lookupPort("tcp", p)
						open = append(open, fmt.Sprintf("%s %d", svc.Name, p))
					}
				}
				route := gw4
				addr := in.PublicIP
				if !v4 {
					route, addr = gw6, in.IPv6Addresses[0]
				}
				if len(open) == 0 {
					c.Pass(loc, fmt.Sprintf("public at %s but no administration port is open to the internet", addr), Ev(in, "PublicIpAddress", addr))
					continue
				}
				c.Fail(loc, fmt.Sprintf("%s reachable from the internet at %s: subnet %s routes to %s and its security groups allow it",
					strings.Join(open, ", "), addr, in.SubnetID, route),
					Ev(in, "PublicIpAddress", addr), Ev(rt, "Routes", route), Ev(in, "SecurityGroups", in.SecurityGroups))
			}
		}
	},
}

var ec2AMIPublic = &Check{
	ID:           "ec2-ami-public",
	Service:      "ec2",
	Title:        "AMIs the account owns are not public",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::Image",
	Rationale: "A public AMI can be launched by any AWS account, which then owns a full copy of its disks: application " +
		"code, configuration files, SSH host keys, .env files, database dumps and credentials baked in during the build. " +
		"Researchers and attackers scan public AMIs continuously for secrets. Share images with specific accounts or the " +
		"organization instead, and turn on the account-level block for public AMI sharing.",
	Verify: "aws ec2 describe-images --owners self --query 'Images[?Public==`true`].[ImageId,Name]' (per region); " +
		"aws ec2 get-image-block-public-access-state shows whether new public sharing is blocked.",
	Remediation: Remediation{
		Summary: "Remove the public launch permission and enable image block public access in every region.",
		Console: "EC2 > AMIs > select the image > Actions > Edit AMI permissions > Private (add specific accounts or the organization if needed) > Save. " +
			"EC2 > Dashboard > Account attributes > Data protection and security > Block public access for AMIs > Manage > Block new public sharing.",
		CLI: "aws ec2 modify-image-attribute --image-id ami-0123456789abcdef0 --launch-permission \"Remove=[{Group=all}]\"\n" +
			"aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing",
		Terraform: "resource \"aws_ec2_image_block_public_access\" \"this\" {\n  state = \"block-new-sharing\"\n}\n" +
			"resource \"aws_ami_launch_permission\" \"org\" {\n  image_id         = aws_ami.app.id\n" +
			"  organization_arn = \"arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5\"\n}",
	},
	Seed: []string{"data-at-rest", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, im := range r.Resources.Images {
				loc := At(a, r, im)
				if im.Public {
					c.Fail(loc, fmt.Sprintf("AMI %s (%s) is public: any AWS account can launch it and read its disks", im.ID, im.DisplayName()),
						Ev(im, "Public", im.Public), Ev(im, "CreationDate", im.CreationDate.Format("2006-01-02")))
					continue
				}
				c.Pass(loc, "AMI is private", Ev(im, "Public", im.Public))
			}
		}
	},
}
