package demo

import "github.com/awssec/awssec/inventory"

// addSSM adds the managed instances. They have no name: SSM returns a name
// only for hybrid nodes, not an EC2 instance's Name tag.
func addSSM(b *builder) {
	// orders-app: online, patched yesterday. Passes ssm-instance-managed and
	// ssm-patch-compliance. (wordpress-web has no entry at all: it is not
	// managed, which fails ssm-instance-managed.)
	prod := b.region(ProdAccount, East)
	prod.Resources.SSMManagedInstances = append(prod.Resources.SSMManagedInstances, &inventory.SSMManagedInstance{
		Meta:       meta("ssm:DescribeInstanceInformation", "i-0a1b2c3d4e5f60002", arn("ec2", East, ProdAccount, "instance/i-0a1b2c3d4e5f60002"), ""),
		PingStatus: "Online", LastPingDateTime: Now.Add(-4 * 60e9), AgentVersion: "3.3.1142.0", IsLatestVersion: inventory.Ptr(true),
		PlatformType: "Linux", PlatformName: "Amazon Linux", PlatformVersion: "2023", ResourceType: "EC2Instance",
		ComputerName: "ip-10-20-2-20.ec2.internal", IPAddress: "10.20.2.20",
		PatchCompliance: &inventory.PatchCompliance{
			State: "COMPLIANT", BaselineID: "pb-0e392de35e7c563b7", PatchGroup: "prod-linux",
			InstalledCount: 412, Operation: "Install", OperationStartTime: daysAgo(1), OperationEndTime: daysAgo(1),
		},
	})

	// dev-jenkins: SSM lost contact 20 days ago, and its last scan found 17
	// missing patches, 4 of them critical. Fails both SSM checks.
	dev := b.region(DevAccount, West)
	dev.Resources.SSMManagedInstances = append(dev.Resources.SSMManagedInstances, &inventory.SSMManagedInstance{
		Meta:       meta("ssm:DescribeInstanceInformation", "i-0d1e2f3a4b5c60001", arn("ec2", West, DevAccount, "instance/i-0d1e2f3a4b5c60001"), ""),
		PingStatus: "ConnectionLost", LastPingDateTime: daysAgo(20), AgentVersion: "3.2.582.0", IsLatestVersion: inventory.Ptr(false),
		PlatformType: "Linux", PlatformName: "Ubuntu", PlatformVersion: "20.04", ResourceType: "EC2Instance",
		ComputerName: "ip-172-31-4-17", IPAddress: "172.31.4.17",
		PatchCompliance: &inventory.PatchCompliance{
			State: "NON_COMPLIANT", BaselineID: "pb-0c7e89f711c3095f4", PatchGroup: "dev",
			MissingCount: 17, FailedCount: 2, InstalledCount: 388, CriticalNonCompliantCount: 4, SecurityNonCompliantCount: 11,
			Operation: "Scan", OperationStartTime: daysAgo(24), OperationEndTime: daysAgo(24),
		},
	})

	// The management bastion: online and compliant. Passes both.
	mgmt := b.region(ManagementAccount, East)
	mgmt.Resources.SSMManagedInstances = append(mgmt.Resources.SSMManagedInstances, &inventory.SSMManagedInstance{
		Meta:       meta("ssm:DescribeInstanceInformation", "i-0c1d2e3f4a5b60001", arn("ec2", East, ManagementAccount, "instance/i-0c1d2e3f4a5b60001"), ""),
		PingStatus: "Online", LastPingDateTime: Now.Add(-2 * 60e9), AgentVersion: "3.3.1142.0", IsLatestVersion: inventory.Ptr(true),
		PlatformType: "Linux", PlatformName: "Amazon Linux", PlatformVersion: "2023", ResourceType: "EC2Instance",
		ComputerName: "ip-10-0-1-10.ec2.internal", IPAddress: "10.0.1.10",
		PatchCompliance: &inventory.PatchCompliance{
			State: "COMPLIANT", BaselineID: "pb-0e392de35e7c563b7", PatchGroup: "mgmt",
			InstalledCount: 398, Operation: "Scan", OperationStartTime: daysAgo(2), OperationEndTime: daysAgo(2),
		},
	})
}
