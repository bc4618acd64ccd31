package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func naclEntry(n int, proto string, ports *inventory.PortRange, cidr, action string) inventory.NetworkACLEntry {
	e := inventory.NetworkACLEntry{RuleNumber: n, Protocol: proto, PortRange: ports, RuleAction: action}
	if cidr == "::/0" {
		e.IPv6CIDRBlock = cidr
	} else {
		e.CIDRBlock = cidr
	}
	return e
}

func TestVPCNACLAdminPortsOpen(t *testing.T) {
	port := func(p int) *inventory.PortRange { return &inventory.PortRange{From: p, To: p} }
	runCases(t, vpcNACLAdminPortsOpen, []checkCase{{
		name: "default allow-all fails; denies first and web-only pass",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.NetworkACLs = []*inventory.NetworkACL{
				{Meta: meta("acl-default"), IsDefault: true, SubnetIDs: []string{"subnet-pub"}, Entries: []inventory.NetworkACLEntry{
					naclEntry(100, "-1", nil, "0.0.0.0/0", "allow"), naclEntry(101, "-1", nil, "::/0", "allow"),
					naclEntry(32767, "-1", nil, "0.0.0.0/0", "deny"), naclEntry(32768, "-1", nil, "::/0", "deny"),
					{RuleNumber: 100, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "allow", Egress: true},
				}},
				{Meta: meta("acl-deny-first"), Entries: []inventory.NetworkACLEntry{
					naclEntry(200, "-1", nil, "0.0.0.0/0", "allow"), naclEntry(201, "-1", nil, "::/0", "allow"),
					naclEntry(50, "6", port(22), "0.0.0.0/0", "deny"), naclEntry(51, "6", port(3389), "0.0.0.0/0", "deny"),
					naclEntry(52, "6", port(22), "::/0", "deny"), naclEntry(53, "6", port(3389), "::/0", "deny"),
				}},
				{Meta: meta("acl-web"), Entries: []inventory.NetworkACLEntry{
					naclEntry(100, "6", port(443), "0.0.0.0/0", "allow"),
					naclEntry(110, "6", &inventory.PortRange{From: 32768, To: 65535}, "0.0.0.0/0", "allow"),
					naclEntry(120, "6", port(22), "10.0.0.0/8", "allow"),
				}},
				{Meta: meta("acl-ephemeral"), Entries: []inventory.NetworkACLEntry{
					naclEntry(110, "6", &inventory.PortRange{From: 1024, To: 65535}, "0.0.0.0/0", "allow"),
				}},
				{Meta: meta("acl-range"), Entries: []inventory.NetworkACLEntry{
					naclEntry(100, "6", &inventory.PortRange{From: 0, To: 1023}, "0.0.0.0/0", "allow"),
				}},
				{Meta: meta("acl-v6rdp"), Entries: []inventory.NetworkACLEntry{
					naclEntry(100, "17", port(3389), "::/0", "allow"),
				}},
			}
		},
		want: map[string]finding.Status{"acl-default": finding.Fail, "acl-deny-first": finding.Pass, "acl-web": finding.Pass,
			"acl-ephemeral": finding.Fail, "acl-range": finding.Fail, "acl-v6rdp": finding.Fail},
		contains: map[string]string{
			"acl-default":   "default network ACL allows SSH 22 from 0.0.0.0/0, RDP 3389 from 0.0.0.0/0, SSH 22 from ::/0, RDP 3389 from ::/0 (rule 100 allow all traffic from 0.0.0.0/0; rule 101 allow all traffic from ::/0); applies to subnets subnet-pub",
			"acl-range":     "rule 100 allow TCP 0-1023 from 0.0.0.0/0",
			"acl-ephemeral": "allows RDP 3389 from 0.0.0.0/0 (rule 110 allow TCP 1024-65535 from 0.0.0.0/0)",
			"acl-v6rdp":     "RDP 3389 from ::/0 (rule 100 allow UDP 3389 from ::/0)",
		},
	}, {
		name: "ACLs not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::NetworkAcl")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestVPCFlowLogsEnabled(t *testing.T) {
	vpc := func(id string, logs *[]inventory.FlowLog) *inventory.VPC {
		return &inventory.VPC{Meta: meta(id), CIDRBlock: "10.0.0.0/16", FlowLogs: logs}
	}
	runCases(t, vpcFlowLogsEnabled, []checkCase{{
		name: "none, accept-only, failed and unread; active passes",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.VPCs = []*inventory.VPC{
				vpc("vpc-none", &[]inventory.FlowLog{}),
				vpc("vpc-all", &[]inventory.FlowLog{{ID: "fl-1", TrafficType: "ALL", LogDestinationType: "s3", FlowLogStatus: "ACTIVE", DeliverLogsStatus: "SUCCESS"}}),
				vpc("vpc-reject", &[]inventory.FlowLog{{ID: "fl-2", TrafficType: "REJECT", LogDestinationType: "cloud-watch-logs", FlowLogStatus: "ACTIVE"}}),
				vpc("vpc-accept", &[]inventory.FlowLog{{ID: "fl-3", TrafficType: "ACCEPT", FlowLogStatus: "ACTIVE"}}),
				vpc("vpc-broken", &[]inventory.FlowLog{{ID: "fl-4", TrafficType: "ALL", FlowLogStatus: "ACTIVE", DeliverLogsStatus: "FAILED"}}),
				vpc("vpc-unread", nil),
			}
		},
		want: map[string]finding.Status{"vpc-none": finding.Fail, "vpc-all": finding.Pass, "vpc-reject": finding.Pass,
			"vpc-accept": finding.Fail, "vpc-broken": finding.Fail, "vpc-unread": finding.Error},
		contains: map[string]string{
			"vpc-none":   "has no flow log",
			"vpc-accept": "captures accepted traffic only: fl-3",
			"vpc-broken": "fl-4 (delivery FAILED)",
			"vpc-all":    "fl-1 (ALL to s3)",
		},
	}})
}

func TestVPCSubnetAutoAssignPublicIP(t *testing.T) {
	subnet := func(id string, mapPublic bool) *inventory.Subnet {
		return &inventory.Subnet{Meta: meta(id), VPCID: "vpc-1", CIDRBlock: "10.0.1.0/24", MapPublicIPOnLaunch: mapPublic}
	}
	runCases(t, vpcSubnetAutoAssignPublicIP, []checkCase{{
		name: "auto-assign on fails, off passes",
		fill: func(a *inventory.Account, r *inventory.Region) {
			netRoutes(r)
			r.Resources.Subnets = []*inventory.Subnet{
				subnet("subnet-pub", true), subnet("subnet-priv", true), subnet("subnet-off", false), subnet("subnet-main", true),
			}
		},
		want: map[string]finding.Status{"subnet-pub": finding.Fail, "subnet-priv": finding.Fail, "subnet-off": finding.Pass, "subnet-main": finding.Fail},
		contains: map[string]string{
			"subnet-pub":  "routes 0.0.0.0/0 to igw-1",
			"subnet-priv": "route table rtb-priv has no internet gateway route",
		},
	}, {
		name: "route table not found",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Subnets = []*inventory.Subnet{subnet("subnet-x", true)}
		},
		want: map[string]finding.Status{"subnet-x": finding.Error},
	}})
	fs := runCheck(t, vpcSubnetAutoAssignPublicIP, testEstate(func(a *inventory.Account, r *inventory.Region) {
		netRoutes(r)
		r.Resources.Subnets = []*inventory.Subnet{subnet("subnet-pub", true), subnet("subnet-priv", true)}
	}))
	if got := netSeverities(fs); got["subnet-pub"] != finding.Medium || got["subnet-priv"] != finding.Low {
		t.Errorf("severities %v, want subnet-pub medium and subnet-priv low", got)
	}
}
