package demo

import "github.com/awssec/awssec/inventory"

// sgARN is the ARN of a security group.
func sgARN(region, account, id string) string {
	return arn("ec2", region, account, "security-group/"+id)
}

// world4 and world6 are rules' sources for "the whole internet".
var (
	world4 = []inventory.IPRange{{CIDR: "0.0.0.0/0"}}
	world6 = []inventory.IPRange{{CIDR: "::/0"}}
)

// tcpRule is an inbound TCP rule on one port from the given ranges.
func tcpRule(port int, v4, v6 []inventory.IPRange) inventory.SecurityGroupRule {
	return inventory.SecurityGroupRule{IPProtocol: "tcp", FromPort: port, ToPort: port, IPv4Ranges: v4, IPv6Ranges: v6}
}

// allEgress is the outbound rule every new security group starts with.
var allEgress = []inventory.SecurityGroupRule{{IPProtocol: "-1", IPv4Ranges: world4}}

func addEC2(b *builder) {
	addProdEC2(b)
	addDevEC2(b)
	addManagementEC2(b)
}

func addProdEC2(b *builder) {
	prod := b.region(ProdAccount, East)
	profile := "arn:aws:iam::" + ProdAccount + ":instance-profile/wordpress-web"

	// The interview guide's default security group: TCP 22, 25, 53, 80, 443,
	// 3306, 3389, 3679, 9001 and UDP 53 open to 0.0.0.0/0 and ::/0, used by
	// wordpress-web. Fails ec2-sg-open-to-internet (high), both admin-port
	// checks and ec2-default-sg-restricts-all-traffic.
	def := &inventory.SecurityGroup{
		Meta:      meta("ec2:DescribeSecurityGroups", "sg-0default000000001", sgARN(East, ProdAccount, "sg-0default000000001"), "default"),
		GroupName: "default", Description: "default VPC security group", VPCID: "vpc-0prod00000000001", OwnerID: ProdAccount,
		EgressRules: allEgress,
	}
	for _, p := range []int{22, 25, 53, 80, 443, 3306, 3389, 3679, 9001} {
		def.IngressRules = append(def.IngressRules, tcpRule(p, world4, world6))
	}
	def.IngressRules = append(def.IngressRules, inventory.SecurityGroupRule{IPProtocol: "udp", FromPort: 53, ToPort: 53, IPv4Ranges: world4, IPv6Ranges: world6})

	prod.Resources.SecurityGroups = append(prod.Resources.SecurityGroups, def,
		// The orders ALB's group: HTTPS only from the world, what a public
		// load balancer needs (ec2-sg-open-to-internet at info; passes the
		// admin-port checks).
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0alb0000000000001", sgARN(East, ProdAccount, "sg-0alb0000000000001"), "orders-alb"),
			GroupName: "orders-alb", Description: "orders ALB: HTTPS from the internet", VPCID: "vpc-0prod00000000001", OwnerID: ProdAccount,
			IngressRules: []inventory.SecurityGroupRule{tcpRule(443, []inventory.IPRange{{CIDR: "0.0.0.0/0", Description: "HTTPS from anywhere"}}, world6)},
			EgressRules:  allEgress,
		},
		// The orders app accepts 8080 only from the ALB's group: passes
		// ec2-sg-open-to-internet and the admin-port checks.
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0app0000000000001", sgARN(East, ProdAccount, "sg-0app0000000000001"), "orders-app"),
			GroupName: "orders-app", Description: "orders app: 8080 from the ALB only", VPCID: "vpc-0prod00000000001", OwnerID: ProdAccount,
			IngressRules: []inventory.SecurityGroupRule{{IPProtocol: "tcp", FromPort: 8080, ToPort: 8080,
				Groups: []inventory.GroupRef{{GroupID: "sg-0alb0000000000001", UserID: ProdAccount, Description: "from orders-alb"}}}},
			EgressRules: allEgress,
		},
	)

	prod.Resources.EC2Instances = append(prod.Resources.EC2Instances,
		// WordPress on one public box: IMDSv1, in the default group, root
		// volume unencrypted, not managed by SSM. Fails ec2-imdsv1-allowed,
		// ec2-instance-in-public-subnet-with-admin-port and
		// ssm-instance-managed. Its group opens both 80 and 443, and which
		// ports it really listens on is not known (EC2 cannot tell), so
		// ec2-instance-public-http-without-tls passes with a reminder that 80
		// should only redirect.
		&inventory.EC2Instance{
			Meta:  meta("ec2:DescribeInstances", "i-0a1b2c3d4e5f60001", arn("ec2", East, ProdAccount, "instance/i-0a1b2c3d4e5f60001"), "wordpress-web"),
			State: "running", ImageID: "ami-0abcdef1234567890", VPCID: "vpc-0prod00000000001", SubnetID: "subnet-0public0000000001",
			PrivateIP: "10.20.1.15", PublicIP: "203.0.113.10", SecurityGroups: []string{"sg-0default000000001"},
			InstanceProfile: profile,
			MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
			InstanceType:    "t3.medium", PlatformDetails: "Linux/UNIX", LaunchTime: daysAgo(612), KeyName: "wordpress-admin",
		},
		// The well-configured peer: IMDSv2, private subnet, behind the ALB,
		// encrypted volumes, managed and patched by SSM.
		&inventory.EC2Instance{
			Meta:  meta("ec2:DescribeInstances", "i-0a1b2c3d4e5f60002", arn("ec2", East, ProdAccount, "instance/i-0a1b2c3d4e5f60002"), "orders-app"),
			State: "running", ImageID: "ami-0abcdef1234567891", VPCID: "vpc-0prod00000000001", SubnetID: "subnet-0private000000001",
			PrivateIP: "10.20.2.20", SecurityGroups: []string{"sg-0app0000000000001"},
			InstanceProfile: "arn:aws:iam::" + ProdAccount + ":instance-profile/orders-app",
			MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
			InstanceType:    "m6i.large", PlatformDetails: "Linux/UNIX", LaunchTime: daysAgo(21),
		},
	)

	// The orders golden image, private: passes ec2-ami-public.
	prod.Resources.Images = append(prod.Resources.Images, &inventory.Image{
		Meta:    meta("ec2:DescribeImages", "ami-0abcdef1234567891", "arn:aws:ec2:"+East+"::image/ami-0abcdef1234567891", "orders-app-golden-2026-10"),
		OwnerID: ProdAccount, CreationDate: daysAgo(23), State: "available", PlatformDetails: "Linux/UNIX",
		Description: "orders-app golden AMI (Amazon Linux 2023, CIS hardened)", SnapshotIDs: []string{"snap-0ordersami00000001"},
	})
}

func addDevEC2(b *builder) {
	devWest := b.region(DevAccount, West)

	// The dev team's default group, emptied of rules: passes
	// ec2-default-sg-restricts-all-traffic.
	devWest.Resources.SecurityGroups = append(devWest.Resources.SecurityGroups,
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0devdefault000001", sgARN(West, DevAccount, "sg-0devdefault000001"), "default"),
			GroupName: "default", Description: "default VPC security group", VPCID: "vpc-0devdefault000001", OwnerID: DevAccount,
		},
		// Jenkins UI open to the world on 8080 and, through an nginx proxy,
		// on plain HTTP 80; SSH from the office only: fails
		// ec2-sg-open-to-internet at medium, passes the admin-port checks.
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0jenkins000000001", sgARN(West, DevAccount, "sg-0jenkins000000001"), "dev-jenkins"),
			GroupName: "dev-jenkins", Description: "Jenkins controller", VPCID: "vpc-0devdefault000001", OwnerID: DevAccount,
			IngressRules: []inventory.SecurityGroupRule{
				tcpRule(8080, []inventory.IPRange{{CIDR: "0.0.0.0/0", Description: "Jenkins UI, temporary"}}, nil),
				tcpRule(80, []inventory.IPRange{{CIDR: "0.0.0.0/0", Description: "Jenkins UI via nginx"}}, nil),
				tcpRule(22, []inventory.IPRange{{CIDR: "198.51.100.0/24", Description: "office"}}, nil),
			},
			EgressRules: allEgress,
		},
	)

	// A Jenkins controller in the default VPC: IMDSv2 and no admin port
	// open, but its UI is served over plain HTTP on port 80 with nothing on
	// 443 (fails ec2-instance-public-http-without-tls), SSM lost contact 20
	// days ago and it misses critical patches (fails ssm-instance-managed and
	// ssm-patch-compliance); its volume is unencrypted because encryption by
	// default is off in dev eu-west-1.
	devWest.Resources.EC2Instances = append(devWest.Resources.EC2Instances, &inventory.EC2Instance{
		Meta:  meta("ec2:DescribeInstances", "i-0d1e2f3a4b5c60001", arn("ec2", West, DevAccount, "instance/i-0d1e2f3a4b5c60001"), "dev-jenkins"),
		State: "running", ImageID: "ami-0devubuntu00000001", VPCID: "vpc-0devdefault000001", SubnetID: "subnet-0devdefault0001a",
		PrivateIP: "172.31.4.17", PublicIP: "203.0.113.50", SecurityGroups: []string{"sg-0jenkins000000001"},
		InstanceProfile: "arn:aws:iam::" + DevAccount + ":instance-profile/dev-jenkins",
		MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 2},
		InstanceType:    "t3.large", PlatformDetails: "Linux/UNIX", LaunchTime: daysAgo(290), KeyName: "dev-team",
	})

	// A dev base image someone made public to share with a contractor:
	// fails ec2-ami-public.
	devEast := b.region(DevAccount, East)
	devEast.Resources.Images = append(devEast.Resources.Images, &inventory.Image{
		Meta:    meta("ec2:DescribeImages", "ami-0devpublic00000001", "arn:aws:ec2:"+East+"::image/ami-0devpublic00000001", "dev-base-ubuntu-2026-09"),
		OwnerID: DevAccount, Public: true, CreationDate: daysAgo(58), State: "available", PlatformDetails: "Linux/UNIX",
		Description: "dev base image with build tools", SnapshotIDs: []string{"snap-0devami0000000001"},
	})
}

func addManagementEC2(b *builder) {
	mgmt := b.region(ManagementAccount, East)

	mgmt.Resources.SecurityGroups = append(mgmt.Resources.SecurityGroups,
		// The network hub's default group has no rules: passes
		// ec2-default-sg-restricts-all-traffic.
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0mgmtdefault00001", sgARN(East, ManagementAccount, "sg-0mgmtdefault00001"), "default"),
			GroupName: "default", Description: "default VPC security group", VPCID: "vpc-0mgmt000000000001", OwnerID: ManagementAccount,
		},
		// SSH from the office range only: passes ec2-sg-open-to-internet and
		// the admin-port checks.
		&inventory.SecurityGroup{
			Meta:      meta("ec2:DescribeSecurityGroups", "sg-0bastion000000001", sgARN(East, ManagementAccount, "sg-0bastion000000001"), "bastion-ssh"),
			GroupName: "bastion-ssh", Description: "SSH from the office", VPCID: "vpc-0mgmt000000000001", OwnerID: ManagementAccount,
			IngressRules: []inventory.SecurityGroupRule{
				tcpRule(22, []inventory.IPRange{{CIDR: "198.51.100.0/24", Description: "office"}}, []inventory.IPRange{{CIDR: "2001:db8:5100::/48", Description: "office"}}),
			},
			EgressRules: allEgress,
		},
	)

	// A bastion with a public address in a public subnet, but SSH only from
	// the office and patched through SSM: passes
	// ec2-instance-in-public-subnet-with-admin-port, ssm-instance-managed
	// and ssm-patch-compliance.
	mgmt.Resources.EC2Instances = append(mgmt.Resources.EC2Instances, &inventory.EC2Instance{
		Meta:  meta("ec2:DescribeInstances", "i-0c1d2e3f4a5b60001", arn("ec2", East, ManagementAccount, "instance/i-0c1d2e3f4a5b60001"), "bastion"),
		State: "running", ImageID: "ami-0mgmtal2023000001", VPCID: "vpc-0mgmt000000000001", SubnetID: "subnet-0mgmtpublic00001",
		PrivateIP: "10.0.1.10", PublicIP: "203.0.113.20", SecurityGroups: []string{"sg-0bastion000000001"},
		InstanceProfile: "arn:aws:iam::" + ManagementAccount + ":instance-profile/bastion-ssm",
		MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
		InstanceType:    "t4g.small", PlatformDetails: "Linux/UNIX", LaunchTime: daysAgo(40),
	})
}
