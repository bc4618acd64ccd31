package ec2_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/collect/aws/ec2"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func gap(r *inventory.Region, resourceType string) *inventory.Gap {
	for i, g := range r.Gaps {
		if g.ResourceType == resourceType {
			return &r.Gaps[i]
		}
	}
	return nil
}

func TestDescribeInstancesDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "ec2", Op: "DescribeInstances", Err: awstest.AccessDenied(awstest.EC2Query)})
	r := srv.Collect(t, ec2.Service, demo.ProdAccount, demo.East).Regions[0]
	g := gap(r, "AWS::EC2::Instance")
	if g == nil || g.Call != "ec2:DescribeInstances" || g.Code != "UnauthorizedOperation" {
		t.Fatalf("want an UnauthorizedOperation gap for instances, got %+v", r.Gaps)
	}
	if r.Resources.EC2Instances != nil {
		t.Errorf("instances must stay unknown (nil), got %d", len(r.Resources.EC2Instances))
	}
	// The rest of the region is still collected.
	if len(r.Resources.SecurityGroups) != 3 || len(r.Resources.Volumes) != 3 {
		t.Errorf("other types were not collected: %d groups, %d volumes", len(r.Resources.SecurityGroups), len(r.Resources.Volumes))
	}
}

func TestDetailCallsDenied(t *testing.T) {
	srv := awstest.Demo(t)
	for _, op := range []string{"DescribeSnapshotAttribute", "DescribeFlowLogs", "GetEbsDefaultKmsKeyId"} {
		srv.Inject(awstest.Fault{Service: "ec2", Op: op, Err: awstest.AccessDenied(awstest.EC2Query)})
	}
	r := srv.Collect(t, ec2.Service, demo.ProdAccount, demo.East).Regions[0]
	if len(r.Gaps) != 0 {
		t.Errorf("detail failures are not gaps: %+v", r.Gaps)
	}
	if len(r.Resources.Snapshots) != 2 {
		t.Fatalf("want the 2 snapshots, got %d", len(r.Resources.Snapshots))
	}
	for _, sn := range r.Resources.Snapshots {
		if sn.CreateVolumePermissions != nil {
			t.Errorf("%s: createVolumePermission was not read, want nil, got %v", sn.ID, *sn.CreateVolumePermissions)
		}
	}
	if len(r.Resources.VPCs) != 1 || r.Resources.VPCs[0].FlowLogs != nil {
		t.Errorf("want the VPC with unknown (nil) flow logs, got %+v", r.Resources.VPCs)
	}
	ebs := r.Resources.EBSEncryptionByDefault
	if ebs == nil || ebs.Enabled || ebs.KMSKeyID != "" {
		t.Errorf("want the setting (off) with an unknown key, got %+v", ebs)
	}
}

func TestEBSEncryptionByDefaultDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "ec2", Op: "GetEbsEncryptionByDefault", Err: awstest.AccessDenied(awstest.EC2Query)})
	r := srv.Collect(t, ec2.Service, demo.DevAccount, demo.West).Regions[0]
	if r.Resources.EBSEncryptionByDefault != nil || gap(r, "AWS::EC2::EBSEncryptionByDefault") == nil {
		t.Errorf("want no setting and a gap, got %+v, gaps %+v", r.Resources.EBSEncryptionByDefault, r.Gaps)
	}
}

// TestShapes round-trips what the demo does not hold: IPv6 addresses,
// prefix lists, peered group references, ICMP rules, IPv6 blocks, and
// terminated instances and deleted gateways, which are left out.
func TestShapes(t *testing.T) {
	const account = "123456789012"
	meta := func(call, id, arn, name string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: arn, Name: name, Source: inventory.Source{Kind: "aws", Call: call}}
	}
	live4 := &inventory.EC2Instance{
		Meta:  meta("ec2:DescribeInstances", "i-1", "arn:aws:ec2:us-east-1:"+account+":instance/i-1", ""),
		State: "running", PublicIP: "198.51.100.7", IPv6Addresses: []string{"2600:1f18::1", "2600:1f18::2"},
		Platform: "windows", SecurityGroups: []string{"sg-1", "sg-2"},
	}
	sg := &inventory.SecurityGroup{
		Meta:      meta("ec2:DescribeSecurityGroups", "sg-1", "arn:aws:ec2:us-east-1:"+account+":security-group/sg-1", "web (tagged)"),
		GroupName: "web", OwnerID: account, VPCID: "vpc-1",
		IngressRules: []inventory.SecurityGroupRule{
			{IPProtocol: "icmp", FromPort: -1, ToPort: -1, IPv6Ranges: []inventory.IPRange{{CIDR: "::/0"}}},
			{IPProtocol: "tcp", FromPort: 443, ToPort: 443, PrefixListIDs: []inventory.PrefixListRef{{PrefixListID: "pl-1", Description: "cdn"}}},
			{IPProtocol: "-1", Groups: []inventory.GroupRef{{GroupID: "sg-9", UserID: "210987654321", VPCID: "vpc-9", PeeringStatus: "active"}}},
		},
	}
	vpc := &inventory.VPC{
		Meta:      meta("ec2:DescribeVpcs", "vpc-1", "arn:aws:ec2:us-east-1:"+account+":vpc/vpc-1", ""),
		CIDRBlock: "10.0.0.0/16", IPv6CIDRBlocks: []string{"2600:1f18::/56"}, State: "available", OwnerID: account,
		FlowLogs: &[]inventory.FlowLog{},
	}
	e := &inventory.Estate{Accounts: []*inventory.Account{{ID: account, Partition: "aws", Regions: []*inventory.Region{{Name: "us-east-1",
		Resources: inventory.RegionalResources{
			EC2Instances: []*inventory.EC2Instance{live4,
				{Meta: meta("ec2:DescribeInstances", "i-2", "", ""), State: "terminated"}},
			SecurityGroups: []*inventory.SecurityGroup{sg},
			VPCs:           []*inventory.VPC{vpc},
			EBSEncryptionByDefault: &inventory.EBSEncryptionByDefault{Meta: meta("ec2:GetEbsEncryptionByDefault", account+"/us-east-1", "", ""),
				Enabled: true, KMSKeyID: "alias/aws/ebs"},
			TransitGateways: []*inventory.TransitGateway{{Meta: meta("ec2:DescribeTransitGateways", "tgw-1", "arn:aws:ec2:us-east-1:"+account+":transit-gateway/tgw-1", ""),
				State: "deleted"}},
		}}}}}}
	srv := awstest.New(t)
	srv.Serve(e)
	r := srv.Collect(t, ec2.Service, account, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 {
		t.Errorf("unexpected gaps: %+v", r.Gaps)
	}
	if diff := cmp.Diff([]*inventory.EC2Instance{live4}, r.Resources.EC2Instances); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]*inventory.SecurityGroup{sg}, r.Resources.SecurityGroups); diff != "" {
		t.Errorf("security groups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]*inventory.VPC{vpc}, r.Resources.VPCs); diff != "" {
		t.Errorf("VPCs (-want +got):\n%s", diff)
	}
	if r.Resources.TransitGateways != nil {
		t.Errorf("deleted transit gateways must be left out, got %+v", r.Resources.TransitGateways)
	}
}
