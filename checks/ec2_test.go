package checks

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestEC2IMDSv1Allowed(t *testing.T) {
	instance := func(id string, mo *inventory.MetadataOptions) *inventory.EC2Instance {
		return &inventory.EC2Instance{Meta: meta(id), State: "running", MetadataOptions: mo,
			InstanceProfile: "arn:aws:iam::123456789012:instance-profile/web"}
	}
	runCases(t, ec2IMDSv1Allowed, []checkCase{{
		name: "v1 allowed fails, v2 required and disabled pass",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{
				instance("i-v1", &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled"}),
				instance("i-v2", &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled"}),
				instance("i-off", &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "disabled"}),
			}
		},
		want:     map[string]finding.Status{"i-v1": finding.Fail, "i-v2": finding.Pass, "i-off": finding.Pass},
		contains: map[string]string{"i-v1": "instance-profile/web"},
	}, {
		name: "metadata options not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{instance("i-unknown", nil)}
		},
		want: map[string]finding.Status{"i-unknown": finding.Error},
	}})
}

// Builders for the network tests (security groups, instances, routes).

// netRule is an inbound rule on proto from-to open to the given CIDRs
// (IPv4 and IPv6 told apart by a colon).
func netRule(proto string, from, to int, cidrs ...string) inventory.SecurityGroupRule {
	r := inventory.SecurityGroupRule{IPProtocol: proto, FromPort: from, ToPort: to}
	for _, c := range cidrs {
		if strings.Contains(c, ":") {
			r.IPv6Ranges = append(r.IPv6Ranges, inventory.IPRange{CIDR: c})
		} else {
			r.IPv4Ranges = append(r.IPv4Ranges, inventory.IPRange{CIDR: c})
		}
	}
	return r
}

func netSG(id, name string, rules ...inventory.SecurityGroupRule) *inventory.SecurityGroup {
	return &inventory.SecurityGroup{Meta: meta(id), GroupName: name, VPCID: "vpc-1", IngressRules: rules}
}

func netInstance(id, name, publicIP, subnet string, sgs ...string) *inventory.EC2Instance {
	m := meta(id)
	m.Name = name
	return &inventory.EC2Instance{Meta: m, State: "running", VPCID: "vpc-1", SubnetID: subnet, PublicIP: publicIP, SecurityGroups: sgs,
		MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled"}}
}

// seedDefaultSG is the interview guide's default security group: TCP 22,
// 25, 53, 80, 443, 3306, 3389, 3679, 9001 and UDP 53 open to the world on
// IPv4 and IPv6.
func seedDefaultSG(id string) *inventory.SecurityGroup {
	sg := netSG(id, "default")
	for _, p := range []int{22, 25, 53, 80, 443, 3306, 3389, 3679, 9001} {
		sg.IngressRules = append(sg.IngressRules, netRule("tcp", p, p, "0.0.0.0/0", "::/0"))
	}
	sg.IngressRules = append(sg.IngressRules, netRule("udp", 53, 53, "0.0.0.0/0", "::/0"))
	sg.EgressRules = []inventory.SecurityGroupRule{netRule("-1", 0, 0, "0.0.0.0/0")}
	return sg
}

func netGap(typ string) inventory.Gap {
	return inventory.Gap{ResourceType: typ, Call: "ec2:Describe", Code: "AccessDenied"}
}

func TestEC2SGOpenToInternet(t *testing.T) {
	runCases(t, ec2SGOpenToInternet, []checkCase{{
		name: "seed default group, web tier, private app group",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SecurityGroups = []*inventory.SecurityGroup{
				seedDefaultSG("sg-default"),
				netSG("sg-alb", "alb", netRule("tcp", 443, 443, "0.0.0.0/0", "::/0")),
				netSG("sg-web80", "web", netRule("tcp", 80, 80, "0.0.0.0/0"), netRule("tcp", 443, 443, "0.0.0.0/0")),
				{Meta: meta("sg-app"), GroupName: "app", IngressRules: []inventory.SecurityGroupRule{
					{IPProtocol: "tcp", FromPort: 8080, ToPort: 8080, Groups: []inventory.GroupRef{{GroupID: "sg-alb"}}}}},
				netSG("sg-vpn", "vpn", netRule("tcp", 22, 22, "10.0.0.0/8", "fd00::/8")),
				netSG("sg-all", "wide-open", netRule("-1", 0, 0, "0.0.0.0/0")),
				netSG("sg-range6", "range", netRule("tcp", 3300, 3400, "::/0"), netRule("tcp", 8080, 8080, "0.0.0.0/0")),
				netSG("sg-lb", "public-alb", netRule("tcp", 80, 80, "0.0.0.0/0", "::/0"), netRule("tcp", 443, 443, "0.0.0.0/0", "::/0")),
				netSG("sg-lb-ssh", "alb-and-ssh", netRule("tcp", 443, 443, "0.0.0.0/0"), netRule("tcp", 22, 22, "0.0.0.0/0")),
			}
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-pub", "sg-default")}
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{
				{Meta: meta("orders-alb"), SecurityGroups: []string{"sg-lb", "sg-lb-ssh"}},
			}
		},
		want: map[string]finding.Status{"sg-default": finding.Fail, "sg-alb": finding.Fail, "sg-web80": finding.Fail, "sg-app": finding.Pass,
			"sg-vpn": finding.Pass, "sg-all": finding.Fail, "sg-range6": finding.Fail, "sg-lb": finding.Pass, "sg-lb-ssh": finding.Fail},
		contains: map[string]string{
			"sg-default": "TCP 22 (SSH), TCP 25 (SMTP), TCP 53 (DNS), TCP 80 (HTTP), TCP 443 (HTTPS), TCP 3306 (MySQL), TCP 3389 (RDP), TCP 3679 (unassigned",
			"sg-all":     "all traffic (all protocols and ports) open to 0.0.0.0/0; not used by any resource",
			"sg-range6":  "TCP 3300-3400 (includes MySQL 3306, RDP 3389) open to ::/0",
			"sg-alb":     "TCP 443 (HTTPS) open to 0.0.0.0/0 and ::/0",
			"sg-lb":      "on load balancer orders-alb: what an internet-facing load balancer needs",
			"sg-lb-ssh":  "TCP 22 (SSH)",
		},
	}, {
		name: "instances not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SecurityGroups = []*inventory.SecurityGroup{seedDefaultSG("sg-default")}
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::Instance")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})

	// Severity follows the worst service exposed, and the message names
	// every exposure and the group's users.
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Resources.SecurityGroups = []*inventory.SecurityGroup{
			seedDefaultSG("sg-default"),
			netSG("sg-alb", "alb", netRule("tcp", 443, 443, "0.0.0.0/0", "::/0")),
			netSG("sg-web80", "web", netRule("tcp", 80, 80, "0.0.0.0/0"), netRule("tcp", 443, 443, "0.0.0.0/0")),
			netSG("sg-all", "wide-open", netRule("-1", 0, 0, "0.0.0.0/0")),
			netSG("sg-odd", "odd", netRule("tcp", 9001, 9001, "0.0.0.0/0")),
		}
		r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-pub", "sg-default")}
	})
	fs := runCheck(t, ec2SGOpenToInternet, e)
	want := map[string]finding.Severity{"sg-default": finding.High, "sg-alb": finding.Info, "sg-web80": finding.Low, "sg-all": finding.Critical, "sg-odd": finding.Medium}
	if diff := cmp.Diff(want, netSeverities(fs)); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
	for _, f := range fs {
		if f.ResourceID == "sg-default" {
			for _, sub := range []string{"UDP 53 (DNS) open to 0.0.0.0/0 and ::/0", "TCP 9001 (unassigned; Tor ORPort", "used by wordpress-web"} {
				if !strings.Contains(f.Message, sub) {
					t.Errorf("sg-default message %q lacks %q", f.Message, sub)
				}
			}
		}
	}
}

func TestEC2SGAdminPorts(t *testing.T) {
	fill := func(a *inventory.Account, r *inventory.Region) {
		r.Resources.SecurityGroups = []*inventory.SecurityGroup{
			netSG("sg-ssh4", "ssh4", netRule("tcp", 22, 22, "0.0.0.0/0")),
			netSG("sg-rdp6", "rdp6", netRule("tcp", 3389, 3389, "::/0")),
			netSG("sg-all", "all", netRule("-1", 0, 0, "0.0.0.0/0", "::/0")),
			netSG("sg-range", "range", netRule("tcp", 0, 1024, "0.0.0.0/0")),
			netSG("sg-udp", "udp", netRule("udp", 3389, 3389, "0.0.0.0/0")),
			netSG("sg-web", "web", netRule("tcp", 443, 443, "0.0.0.0/0", "::/0")),
			netSG("sg-corp", "corp", netRule("tcp", 22, 22, "198.51.100.0/24", "2001:db8::/32")),
		}
		r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-1", "bastion", "", "subnet-1", "sg-ssh4")}
	}
	gap := func(a *inventory.Account, r *inventory.Region) {
		r.Resources.SecurityGroups = []*inventory.SecurityGroup{netSG("sg-ssh4", "ssh4", netRule("tcp", 22, 22, "0.0.0.0/0"))}
		r.Gaps = []inventory.Gap{netGap("AWS::EC2::SecurityGroup")}
	}
	runCases(t, ec2SGAdminPortsIPv4, []checkCase{{
		name: "IPv4 world reaches admin ports",
		fill: fill,
		want: map[string]finding.Status{"sg-ssh4": finding.Fail, "sg-rdp6": finding.Pass, "sg-all": finding.Fail, "sg-range": finding.Fail,
			"sg-udp": finding.Fail, "sg-web": finding.Pass, "sg-corp": finding.Pass},
		contains: map[string]string{
			"sg-ssh4":  "TCP 22 (SSH) open to 0.0.0.0/0 (administration ports reached: 22); used by bastion",
			"sg-range": "administration ports reached: 22, 23",
			"sg-all":   "22, 23, 3389, 5900, 5985, 5986",
		},
	}, {name: "groups not read", fill: gap, want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error}}})
	runCases(t, ec2SGAdminPortsIPv6, []checkCase{{
		name: "IPv6 world reaches admin ports",
		fill: fill,
		want: map[string]finding.Status{"sg-ssh4": finding.Pass, "sg-rdp6": finding.Fail, "sg-all": finding.Fail, "sg-range": finding.Pass,
			"sg-udp": finding.Pass, "sg-web": finding.Pass, "sg-corp": finding.Pass},
		contains: map[string]string{"sg-rdp6": "TCP 3389 (RDP) open to ::/0"},
	}, {name: "groups not read", fill: gap, want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error}}})
}

func TestEC2DefaultSGRestrictsAllTraffic(t *testing.T) {
	runCases(t, ec2DefaultSGRestrictsAllTraffic, []checkCase{{
		name: "seed default group fails high, out-of-the-box default fails, empty default passes, others ignored",
		fill: func(a *inventory.Account, r *inventory.Region) {
			selfRef := inventory.SecurityGroupRule{IPProtocol: "-1", Groups: []inventory.GroupRef{{GroupID: "sg-fresh"}}}
			fresh := netSG("sg-fresh", "default", selfRef)
			fresh.EgressRules = []inventory.SecurityGroupRule{netRule("-1", 0, 0, "0.0.0.0/0")}
			r.Resources.SecurityGroups = []*inventory.SecurityGroup{
				seedDefaultSG("sg-seed"), fresh, netSG("sg-clean", "default"),
				netSG("sg-web", "web", netRule("tcp", 443, 443, "0.0.0.0/0")),
			}
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-1", "sg-seed")}
		},
		want: map[string]finding.Status{"sg-seed": finding.Fail, "sg-fresh": finding.Fail, "sg-clean": finding.Pass},
		contains: map[string]string{
			"sg-seed":  "has 10 inbound and 1 outbound rules: TCP 22 (SSH)",
			"sg-fresh": "has 1 inbound and 1 outbound rules; not used by any resource",
		},
	}, {
		name: "groups not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::SecurityGroup")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
	fs := runCheck(t, ec2DefaultSGRestrictsAllTraffic, testEstate(func(a *inventory.Account, r *inventory.Region) {
		fresh := netSG("sg-fresh", "default")
		fresh.EgressRules = []inventory.SecurityGroupRule{netRule("-1", 0, 0, "0.0.0.0/0")}
		r.Resources.SecurityGroups = []*inventory.SecurityGroup{seedDefaultSG("sg-seed"), fresh}
	}))
	if diff := cmp.Diff(map[string]finding.Severity{"sg-seed": finding.High, "sg-fresh": finding.Medium}, netSeverities(fs)); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
}

func TestEC2InstancePublicHTTPWithoutTLS(t *testing.T) {
	runCases(t, ec2InstancePublicHTTPWithoutTLS, []checkCase{{
		name: "http only fails, http+https and private pass",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.SecurityGroups = []*inventory.SecurityGroup{
				seedDefaultSG("sg-seed"),
				netSG("sg-http", "http", netRule("tcp", 80, 80, "0.0.0.0/0")),
				netSG("sg-https", "https", netRule("tcp", 443, 443, "0.0.0.0/0")),
				netSG("sg-http6", "http6", netRule("tcp", 80, 80, "::/0")),
			}
			v6 := netInstance("i-v6", "v6-web", "", "subnet-1", "sg-http6")
			v6.IPv6Addresses = []string{"2001:db8::10"}
			wp := netInstance("i-wp", "wordpress-web", "203.0.113.20", "subnet-1", "sg-seed")
			wp.ListeningTCPPorts = &[]int{22, 80, 3306}
			tls := netInstance("i-tls", "shop-tls", "203.0.113.21", "subnet-1", "sg-seed")
			tls.ListeningTCPPorts = &[]int{80, 443}
			quiet := netInstance("i-quiet", "ssh-only", "203.0.113.22", "subnet-1", "sg-http")
			quiet.ListeningTCPPorts = &[]int{22}
			r.Resources.EC2Instances = []*inventory.EC2Instance{
				netInstance("i-http", "wordpress-web", "203.0.113.10", "subnet-1", "sg-http"),
				netInstance("i-both", "shop", "203.0.113.11", "subnet-1", "sg-http", "sg-https"),
				netInstance("i-seed", "seed", "203.0.113.12", "subnet-1", "sg-seed"),
				netInstance("i-private", "orders-app", "", "subnet-2", "sg-http"),
				netInstance("i-443", "api", "203.0.113.13", "subnet-1", "sg-https"),
				v6, wp, tls, quiet,
			}
		},
		want: map[string]finding.Status{"i-http": finding.Fail, "i-both": finding.Pass, "i-seed": finding.Pass, "i-private": finding.Pass,
			"i-443": finding.Pass, "i-v6": finding.Fail, "i-wp": finding.Fail, "i-tls": finding.Pass, "i-quiet": finding.Pass},
		contains: map[string]string{
			"i-http":  "HTTP port 80 is open to the internet at 203.0.113.10 with no HTTPS",
			"i-v6":    "2001:db8::10",
			"i-wp":    "serves HTTP on port 80 at 203.0.113.20 and nothing listens on 443",
			"i-quiet": "nothing listens on it",
		},
	}, {
		name: "security group missing",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-x", "x", "203.0.113.10", "subnet-1", "sg-gone")}
		},
		want: map[string]finding.Status{"i-x": finding.Error},
	}})
}

// netRoutes puts a VPC with a public subnet (explicit association, route to
// an internet gateway), a private subnet (explicit, route to NAT) and a main
// table routing to an internet gateway into r.
func netRoutes(r *inventory.Region) {
	r.Resources.RouteTables = []*inventory.RouteTable{
		{Meta: meta("rtb-pub"), VPCID: "vpc-1", Routes: []inventory.Route{
			{DestinationCIDRBlock: "10.0.0.0/16", GatewayID: "local"},
			{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-1", State: "active"},
		}, Associations: []inventory.RouteTableAssociation{{SubnetID: "subnet-pub"}}},
		{Meta: meta("rtb-priv"), VPCID: "vpc-1", Routes: []inventory.Route{
			{DestinationCIDRBlock: "0.0.0.0/0", NATGatewayID: "nat-1"},
		}, Associations: []inventory.RouteTableAssociation{{SubnetID: "subnet-priv"}}},
		{Meta: meta("rtb-main"), VPCID: "vpc-1", Routes: []inventory.Route{
			{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-1"},
		}, Associations: []inventory.RouteTableAssociation{{Main: true}}},
	}
}

func TestEC2InstancePublicSubnetAdminPort(t *testing.T) {
	runCases(t, ec2InstancePublicSubnetAdminPort, []checkCase{{
		name: "public subnet + public IP + SSH from the world",
		fill: func(a *inventory.Account, r *inventory.Region) {
			netRoutes(r)
			r.Resources.SecurityGroups = []*inventory.SecurityGroup{
				seedDefaultSG("sg-seed"),
				netSG("sg-ssh6", "ssh6", netRule("tcp", 22, 22, "::/0")),
				netSG("sg-web", "web", netRule("tcp", 443, 443, "0.0.0.0/0")),
			}
			r.Resources.EC2Instances = []*inventory.EC2Instance{
				netInstance("i-wp", "wordpress-web", "203.0.113.10", "subnet-pub", "sg-seed"),
				netInstance("i-main", "legacy", "203.0.113.11", "subnet-other", "sg-seed"),
				netInstance("i-nat", "worker", "203.0.113.12", "subnet-priv", "sg-seed"),
				netInstance("i-noip", "orders-app", "", "subnet-pub", "sg-seed"),
				netInstance("i-v6rule", "v4only", "203.0.113.13", "subnet-pub", "sg-ssh6"),
				netInstance("i-web", "web", "203.0.113.14", "subnet-pub", "sg-web"),
			}
		},
		want: map[string]finding.Status{"i-wp": finding.Fail, "i-main": finding.Fail, "i-nat": finding.Pass, "i-noip": finding.Pass,
			"i-v6rule": finding.Pass, "i-web": finding.Pass},
		contains: map[string]string{
			"i-wp":   "SSH 22, RDP 3389 reachable from the internet at 203.0.113.10: subnet subnet-pub routes to igw-1",
			"i-main": "subnet-other routes to igw-1",
			"i-nat":  "no route to an internet gateway",
		},
	}, {
		name: "route table not found, and a gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{netInstance("i-x", "x", "203.0.113.10", "subnet-x", "sg-x")}
		},
		want: map[string]finding.Status{"i-x": finding.Error},
	}, {
		name: "route tables not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::RouteTable")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestEC2AMIPublic(t *testing.T) {
	runCases(t, ec2AMIPublic, []checkCase{{
		name: "public fails, private passes",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Images = []*inventory.Image{
				{Meta: meta("ami-pub"), Public: true, CreationDate: testNow.AddDate(0, -2, 0)},
				{Meta: meta("ami-priv")},
			}
		},
		want:     map[string]finding.Status{"ami-pub": finding.Fail, "ami-priv": finding.Pass},
		contains: map[string]string{"ami-pub": "is public"},
	}, {
		name: "images not read",
		fill: func(a *inventory.Account, r *inventory.Region) { r.Gaps = []inventory.Gap{netGap("AWS::EC2::Image")} },
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}
