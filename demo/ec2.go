package demo

import "github.com/awssec/awssec/inventory"

func addEC2(b *builder) {
	prod := b.region(ProdAccount, East)
	profile := "arn:aws:iam::" + ProdAccount + ":instance-profile/wordpress-web"
	prod.Resources.EC2Instances = append(prod.Resources.EC2Instances,
		&inventory.EC2Instance{
			Meta:  meta("ec2:DescribeInstances", "i-0a1b2c3d4e5f60001", arn("ec2", East, ProdAccount, "instance/i-0a1b2c3d4e5f60001"), "wordpress-web"),
			State: "running", ImageID: "ami-0abcdef1234567890", VPCID: "vpc-0prod00000000001", SubnetID: "subnet-0public0000000001",
			PrivateIP: "10.20.1.15", PublicIP: "203.0.113.10", SecurityGroups: []string{"sg-0default000000001"},
			InstanceProfile: profile,
			MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
		},
		&inventory.EC2Instance{
			Meta:  meta("ec2:DescribeInstances", "i-0a1b2c3d4e5f60002", arn("ec2", East, ProdAccount, "instance/i-0a1b2c3d4e5f60002"), "orders-app"),
			State: "running", ImageID: "ami-0abcdef1234567891", VPCID: "vpc-0prod00000000001", SubnetID: "subnet-0private000000001",
			PrivateIP: "10.20.2.20", SecurityGroups: []string{"sg-0app0000000000001"},
			MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
		},
	)
}
