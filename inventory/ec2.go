package inventory

import "time"

// EC2Instance is an AWS::EC2::Instance, as ec2:DescribeInstances returns it.
type EC2Instance struct {
	Meta            `json:",inline"`
	State           string           `json:"state,omitzero"` // "running", "stopped", ...
	ImageID         string           `json:"imageId,omitzero"`
	VPCID           string           `json:"vpcId,omitzero"`
	SubnetID        string           `json:"subnetId,omitzero"`
	PrivateIP       string           `json:"privateIp,omitzero"`
	PublicIP        string           `json:"publicIp,omitzero"` // empty: no public IPv4 address
	SecurityGroups  []string         `json:"securityGroups,omitzero"`
	InstanceProfile string           `json:"instanceProfileArn,omitzero"` // empty: no instance profile
	MetadataOptions *MetadataOptions `json:"metadataOptions,omitzero"`    // nil: not read
	// IPv6Addresses are the instance's IPv6 addresses (all of them are
	// globally routable when the subnet routes ::/0 to an internet gateway).
	IPv6Addresses []string `json:"ipv6Addresses,omitzero"`
	InstanceType  string   `json:"instanceType,omitzero"` // "t3.micro"
	// Platform is "windows" for Windows instances and empty for Linux/UNIX,
	// as the EC2 API reports it; PlatformDetails is the longer form
	// ("Linux/UNIX", "Windows", "Red Hat Enterprise Linux").
	Platform        string    `json:"platform,omitzero"`
	PlatformDetails string    `json:"platformDetails,omitzero"`
	LaunchTime      time.Time `json:"launchTime,omitzero"`
	KeyName         string    `json:"keyName,omitzero"` // the EC2 key pair, empty: none
	// ListeningTCPPorts are the TCP ports a process listens on, as the
	// instance itself reports them (SSM Inventory custom inventory from
	// `ss -ltn`, an EDR agent). nil means not known: the security groups
	// then stand in for what is served.
	ListeningTCPPorts *[]int `json:"listeningTcpPorts,omitzero"`
}

// MetadataOptions are an instance's instance metadata service (IMDS) settings.
type MetadataOptions struct {
	// HTTPTokens is "required" (IMDSv2 only) or "optional" (IMDSv1 allowed).
	HTTPTokens string `json:"httpTokens"`
	// HTTPEndpoint is "enabled" or "disabled".
	HTTPEndpoint string `json:"httpEndpoint"`
	// HTTPPutResponseHopLimit is the IMDSv2 token's hop limit.
	HTTPPutResponseHopLimit int `json:"httpPutResponseHopLimit,omitzero"`
}

// Type returns "AWS::EC2::Instance".
func (*EC2Instance) Type() string { return "AWS::EC2::Instance" }

// SecurityGroup is an AWS::EC2::SecurityGroup, as ec2:DescribeSecurityGroups
// returns it. Meta.ID is the group id ("sg-..."); Meta.Name is its Name tag or
// group name.
type SecurityGroup struct {
	Meta `json:",inline"`
	// GroupName is the group's name; every VPC has one group named "default".
	GroupName   string `json:"groupName,omitzero"`
	Description string `json:"description,omitzero"`
	VPCID       string `json:"vpcId,omitzero"`
	OwnerID     string `json:"ownerId,omitzero"`
	// IngressRules are the inbound rules (IpPermissions).
	IngressRules []SecurityGroupRule `json:"ipPermissions,omitzero"`
	// EgressRules are the outbound rules (IpPermissionsEgress).
	EgressRules []SecurityGroupRule `json:"ipPermissionsEgress,omitzero"`
}

// Type returns "AWS::EC2::SecurityGroup".
func (*SecurityGroup) Type() string { return "AWS::EC2::SecurityGroup" }

// SecurityGroupRule is one IpPermission of a security group: a protocol and
// port range, and the sources (ingress) or destinations (egress) it allows.
type SecurityGroupRule struct {
	// IPProtocol is "tcp", "udp", "icmp", "icmpv6", "-1" (all protocols and
	// ports) or an IP protocol number ("6", "17", "50").
	IPProtocol string `json:"ipProtocol"`
	// FromPort and ToPort are the port range for TCP and UDP (both -1 or 0
	// for all protocols), or the ICMP type and code (-1: all).
	FromPort int `json:"fromPort,omitzero"`
	ToPort   int `json:"toPort,omitzero"`
	// IPv4Ranges (IpRanges) and IPv6Ranges (Ipv6Ranges) are the CIDR blocks.
	IPv4Ranges []IPRange `json:"ipRanges,omitzero"`
	IPv6Ranges []IPRange `json:"ipv6Ranges,omitzero"`
	// PrefixListIDs are managed prefix lists ("pl-...") the rule refers to.
	PrefixListIDs []PrefixListRef `json:"prefixListIds,omitzero"`
	// Groups are the security groups the rule refers to (UserIdGroupPairs).
	Groups []GroupRef `json:"userIdGroupPairs,omitzero"`
}

// IPRange is a CIDR block in a security group rule, with its description.
type IPRange struct {
	CIDR        string `json:"cidr"` // "0.0.0.0/0", "::/0", "10.0.0.0/16"
	Description string `json:"description,omitzero"`
}

// PrefixListRef is a managed prefix list named by a security group rule.
type PrefixListRef struct {
	PrefixListID string `json:"prefixListId"`
	Description  string `json:"description,omitzero"`
}

// GroupRef is a security group named by a rule, possibly in another account
// or a peered VPC.
type GroupRef struct {
	GroupID       string `json:"groupId"`
	UserID        string `json:"userId,omitzero"` // the group's account
	VPCID         string `json:"vpcId,omitzero"`
	PeeringStatus string `json:"peeringStatus,omitzero"`
	Description   string `json:"description,omitzero"`
}

// NetworkACL is an AWS::EC2::NetworkAcl, as ec2:DescribeNetworkAcls returns it.
type NetworkACL struct {
	Meta      `json:",inline"`
	VPCID     string `json:"vpcId,omitzero"`
	IsDefault bool   `json:"isDefault,omitzero"`
	OwnerID   string `json:"ownerId,omitzero"`
	// Entries are the ACL's rules, inbound and outbound, including the
	// final "*" (32767) deny rules.
	Entries []NetworkACLEntry `json:"entries,omitzero"`
	// SubnetIDs are the subnets associated with the ACL.
	SubnetIDs []string `json:"subnetIds,omitzero"`
}

// Type returns "AWS::EC2::NetworkAcl".
func (*NetworkACL) Type() string { return "AWS::EC2::NetworkAcl" }

// NetworkACLEntry is one numbered rule of a network ACL. Rules are evaluated
// in ascending rule number and the first match decides.
type NetworkACLEntry struct {
	RuleNumber int `json:"ruleNumber"`
	// Protocol is an IP protocol number as a string: "6" (TCP), "17" (UDP),
	// "1" (ICMP), "58" (ICMPv6), or "-1" (all).
	Protocol string `json:"protocol"`
	// PortRange is the TCP/UDP port range; nil means all ports (protocol -1
	// or ICMP).
	PortRange     *PortRange `json:"portRange,omitzero"`
	CIDRBlock     string     `json:"cidrBlock,omitzero"`     // IPv4 source/destination
	IPv6CIDRBlock string     `json:"ipv6CidrBlock,omitzero"` // IPv6 source/destination
	RuleAction    string     `json:"ruleAction"`             // "allow" or "deny"
	Egress        bool       `json:"egress,omitzero"`        // false: inbound rule
}

// PortRange is an inclusive range of ports.
type PortRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// VPC is an AWS::EC2::VPC, as ec2:DescribeVpcs returns it, with its flow logs
// (ec2:DescribeFlowLogs).
type VPC struct {
	Meta           `json:",inline"`
	CIDRBlock      string   `json:"cidrBlock,omitzero"`
	IPv6CIDRBlocks []string `json:"ipv6CidrBlocks,omitzero"`
	IsDefault      bool     `json:"isDefault,omitzero"`
	State          string   `json:"state,omitzero"` // "available"
	OwnerID        string   `json:"ownerId,omitzero"`
	// FlowLogs are the flow logs whose resource is this VPC. nil means they
	// were not read; a pointer to an empty list means the VPC has none.
	FlowLogs *[]FlowLog `json:"flowLogs,omitzero"`
}

// Type returns "AWS::EC2::VPC".
func (*VPC) Type() string { return "AWS::EC2::VPC" }

// FlowLog is a VPC flow log.
type FlowLog struct {
	ID string `json:"flowLogId"`
	// TrafficType is "ACCEPT", "REJECT" or "ALL".
	TrafficType string `json:"trafficType,omitzero"`
	// LogDestinationType is "cloud-watch-logs", "s3" or "kinesis-data-firehose".
	LogDestinationType string `json:"logDestinationType,omitzero"`
	// LogDestination is the ARN of the log group, bucket or delivery stream.
	LogDestination string `json:"logDestination,omitzero"`
	// FlowLogStatus is "ACTIVE" when the flow log is working.
	FlowLogStatus string `json:"flowLogStatus,omitzero"`
	// DeliverLogsStatus is "SUCCESS" or "FAILED".
	DeliverLogsStatus string    `json:"deliverLogsStatus,omitzero"`
	CreationTime      time.Time `json:"creationTime,omitzero"`
}

// Subnet is an AWS::EC2::Subnet, as ec2:DescribeSubnets returns it.
type Subnet struct {
	Meta             `json:",inline"`
	VPCID            string   `json:"vpcId,omitzero"`
	CIDRBlock        string   `json:"cidrBlock,omitzero"`
	IPv6CIDRBlocks   []string `json:"ipv6CidrBlocks,omitzero"`
	AvailabilityZone string   `json:"availabilityZone,omitzero"`
	// MapPublicIPOnLaunch makes every instance launched here get a public
	// IPv4 address unless the launch says otherwise.
	MapPublicIPOnLaunch bool `json:"mapPublicIpOnLaunch,omitzero"`
	// AssignIPv6AddressOnCreation gives every new network interface an IPv6
	// address.
	AssignIPv6AddressOnCreation bool `json:"assignIpv6AddressOnCreation,omitzero"`
	// DefaultForAZ marks the default subnets of the default VPC.
	DefaultForAZ bool   `json:"defaultForAz,omitzero"`
	OwnerID      string `json:"ownerId,omitzero"`
}

// Type returns "AWS::EC2::Subnet".
func (*Subnet) Type() string { return "AWS::EC2::Subnet" }

// RouteTable is an AWS::EC2::RouteTable, as ec2:DescribeRouteTables returns it.
type RouteTable struct {
	Meta         `json:",inline"`
	VPCID        string                  `json:"vpcId,omitzero"`
	OwnerID      string                  `json:"ownerId,omitzero"`
	Routes       []Route                 `json:"routes,omitzero"`
	Associations []RouteTableAssociation `json:"associations,omitzero"`
}

// Type returns "AWS::EC2::RouteTable".
func (*RouteTable) Type() string { return "AWS::EC2::RouteTable" }

// Main reports whether the table is its VPC's main route table, which
// serves every subnet without an explicit association.
func (rt *RouteTable) Main() bool {
	for _, as := range rt.Associations {
		if as.Main {
			return true
		}
	}
	return false
}

// Route is one route of a route table: a destination and the target that
// traffic to it goes to. Exactly one destination and one target are set.
type Route struct {
	DestinationCIDRBlock     string `json:"destinationCidrBlock,omitzero"`
	DestinationIPv6CIDRBlock string `json:"destinationIpv6CidrBlock,omitzero"`
	DestinationPrefixListID  string `json:"destinationPrefixListId,omitzero"`
	// GatewayID is an internet gateway ("igw-..."), virtual private
	// gateway ("vgw-...") or "local".
	GatewayID                   string `json:"gatewayId,omitzero"`
	EgressOnlyInternetGatewayID string `json:"egressOnlyInternetGatewayId,omitzero"`
	NATGatewayID                string `json:"natGatewayId,omitzero"`
	TransitGatewayID            string `json:"transitGatewayId,omitzero"`
	VPCPeeringConnectionID      string `json:"vpcPeeringConnectionId,omitzero"`
	NetworkInterfaceID          string `json:"networkInterfaceId,omitzero"`
	InstanceID                  string `json:"instanceId,omitzero"`
	// State is "active" or "blackhole" (the target is gone).
	State string `json:"state,omitzero"`
}

// RouteTableAssociation ties a route table to a subnet or a gateway, or marks
// it as the VPC's main table.
type RouteTableAssociation struct {
	ID        string `json:"routeTableAssociationId,omitzero"`
	Main      bool   `json:"main,omitzero"`
	SubnetID  string `json:"subnetId,omitzero"`
	GatewayID string `json:"gatewayId,omitzero"`
}

// Volume is an AWS::EC2::Volume (an EBS volume), as ec2:DescribeVolumes
// returns it.
type Volume struct {
	Meta      `json:",inline"`
	Encrypted bool   `json:"encrypted,omitzero"`
	KMSKeyID  string `json:"kmsKeyId,omitzero"` // the key ARN when encrypted
	// Size is the volume's size in GiB.
	Size             int                `json:"size,omitzero"`
	VolumeType       string             `json:"volumeType,omitzero"` // "gp3", "io2", ...
	State            string             `json:"state,omitzero"`      // "in-use", "available", ...
	AvailabilityZone string             `json:"availabilityZone,omitzero"`
	SnapshotID       string             `json:"snapshotId,omitzero"` // the snapshot it was created from
	CreateTime       time.Time          `json:"createTime,omitzero"`
	Attachments      []VolumeAttachment `json:"attachments,omitzero"`
}

// Type returns "AWS::EC2::Volume".
func (*Volume) Type() string { return "AWS::EC2::Volume" }

// VolumeAttachment is a volume's attachment to an instance.
type VolumeAttachment struct {
	InstanceID          string `json:"instanceId"`
	Device              string `json:"device,omitzero"` // "/dev/xvda"
	State               string `json:"state,omitzero"`  // "attached"
	DeleteOnTermination bool   `json:"deleteOnTermination,omitzero"`
}

// Snapshot is an AWS::EC2::Snapshot (an EBS snapshot the account owns), as
// ec2:DescribeSnapshots returns it, with its createVolumePermission attribute
// (ec2:DescribeSnapshotAttribute).
type Snapshot struct {
	Meta        `json:",inline"`
	OwnerID     string    `json:"ownerId,omitzero"`
	Encrypted   bool      `json:"encrypted,omitzero"`
	KMSKeyID    string    `json:"kmsKeyId,omitzero"`
	VolumeID    string    `json:"volumeId,omitzero"` // the source volume
	VolumeSize  int       `json:"volumeSize,omitzero"`
	State       string    `json:"state,omitzero"` // "completed"
	StartTime   time.Time `json:"startTime,omitzero"`
	Description string    `json:"description,omitzero"`
	// CreateVolumePermissions say who besides the owner may create volumes
	// from the snapshot (and so read it). nil means not read; a pointer to
	// an empty list means private.
	CreateVolumePermissions *[]CreateVolumePermission `json:"createVolumePermissions,omitzero"`
}

// Type returns "AWS::EC2::Snapshot".
func (*Snapshot) Type() string { return "AWS::EC2::Snapshot" }

// CreateVolumePermission grants one account, or everyone (Group "all"), the
// right to create volumes from a snapshot.
type CreateVolumePermission struct {
	UserID string `json:"userId,omitzero"`
	Group  string `json:"group,omitzero"` // "all": public
}

// Image is an AWS::EC2::Image (an AMI the account owns), as ec2:DescribeImages
// returns it.
type Image struct {
	Meta    `json:",inline"`
	OwnerID string `json:"ownerId,omitzero"`
	// Public is true when anyone may launch the image (launch permission
	// group "all").
	Public          bool      `json:"public,omitzero"`
	CreationDate    time.Time `json:"creationDate,omitzero"`
	State           string    `json:"state,omitzero"` // "available"
	Description     string    `json:"description,omitzero"`
	PlatformDetails string    `json:"platformDetails,omitzero"`
	// SnapshotIDs are the EBS snapshots behind the image's block devices.
	SnapshotIDs []string `json:"snapshotIds,omitzero"`
}

// Type returns "AWS::EC2::Image".
func (*Image) Type() string { return "AWS::EC2::Image" }

// TransitGateway is an AWS::EC2::TransitGateway, as
// ec2:DescribeTransitGateways returns it, with what AWS RAM says of its
// sharing.
type TransitGateway struct {
	Meta        `json:",inline"`
	OwnerID     string `json:"ownerId,omitzero"`
	State       string `json:"state,omitzero"` // "available"
	Description string `json:"description,omitzero"`
	// Options are the gateway's settings; nil means not read.
	Options *TransitGatewayOptions `json:"options,omitzero"`
	// SharedVia lists the AWS RAM resource shares the gateway is in, and
	// SharedWith the principals (account ids, organization or OU ARNs) they
	// share it with. nil means RAM was not read.
	SharedVia  *[]string `json:"sharedVia,omitzero"`
	SharedWith []string  `json:"sharedWith,omitzero"`
}

// Type returns "AWS::EC2::TransitGateway".
func (*TransitGateway) Type() string { return "AWS::EC2::TransitGateway" }

// TransitGatewayOptions are a transit gateway's settings. The string settings
// are "enable" or "disable", as the API spells them.
type TransitGatewayOptions struct {
	AmazonSideASN int64 `json:"amazonSideAsn,omitzero"`
	// AutoAcceptSharedAttachments accepts attachment requests from the
	// accounts the gateway is shared with, without review.
	AutoAcceptSharedAttachments string `json:"autoAcceptSharedAttachments,omitzero"`
	// DefaultRouteTableAssociation associates every new attachment with the
	// default route table.
	DefaultRouteTableAssociation string `json:"defaultRouteTableAssociation,omitzero"`
	// DefaultRouteTablePropagation propagates every new attachment's routes
	// into the default route table.
	DefaultRouteTablePropagation   string `json:"defaultRouteTablePropagation,omitzero"`
	AssociationDefaultRouteTableID string `json:"associationDefaultRouteTableId,omitzero"`
	PropagationDefaultRouteTableID string `json:"propagationDefaultRouteTableId,omitzero"`
	DNSSupport                     string `json:"dnsSupport,omitzero"`
	VPNECMPSupport                 string `json:"vpnEcmpSupport,omitzero"`
}

// TransitGatewayAttachment is an AWS::EC2::TransitGatewayAttachment, as
// ec2:DescribeTransitGatewayAttachments returns it.
type TransitGatewayAttachment struct {
	Meta                  `json:",inline"`
	TransitGatewayID      string `json:"transitGatewayId"`
	TransitGatewayOwnerID string `json:"transitGatewayOwnerId,omitzero"`
	// ResourceType is "vpc", "vpn", "direct-connect-gateway", "connect",
	// "peering" or "tgw-peering".
	ResourceType    string `json:"resourceType,omitzero"`
	ResourceID      string `json:"resourceId,omitzero"`
	ResourceOwnerID string `json:"resourceOwnerId,omitzero"` // the attaching account
	// State is "available", "pendingAcceptance", "rejected", ...
	State string `json:"state,omitzero"`
	// AssociatedRouteTableID is the transit gateway route table the
	// attachment is associated with; empty: none.
	AssociatedRouteTableID string    `json:"associatedRouteTableId,omitzero"`
	CreationTime           time.Time `json:"creationTime,omitzero"`
}

// Type returns "AWS::EC2::TransitGatewayAttachment".
func (*TransitGatewayAttachment) Type() string { return "AWS::EC2::TransitGatewayAttachment" }

// TransitGatewayRouteTable is an AWS::EC2::TransitGatewayRouteTable, as
// ec2:DescribeTransitGatewayRouteTables returns it.
type TransitGatewayRouteTable struct {
	Meta             `json:",inline"`
	TransitGatewayID string `json:"transitGatewayId"`
	State            string `json:"state,omitzero"`
	// DefaultAssociationRouteTable and DefaultPropagationRouteTable mark the
	// gateway's default tables.
	DefaultAssociationRouteTable bool `json:"defaultAssociationRouteTable,omitzero"`
	DefaultPropagationRouteTable bool `json:"defaultPropagationRouteTable,omitzero"`
}

// Type returns "AWS::EC2::TransitGatewayRouteTable".
func (*TransitGatewayRouteTable) Type() string { return "AWS::EC2::TransitGatewayRouteTable" }

// EBSEncryptionByDefault is an AWS::EC2::EBSEncryptionByDefault: a region's
// account-level EBS encryption settings (ec2:GetEbsEncryptionByDefault and
// ec2:GetEbsDefaultKmsKeyId). The whole value is nil in its region when it
// was not read.
type EBSEncryptionByDefault struct {
	Meta `json:",inline"`
	// Enabled makes every new EBS volume and snapshot copy in the region
	// encrypted.
	Enabled bool `json:"enabled,omitzero"`
	// KMSKeyID is the default key for EBS encryption ("alias/aws/ebs" or a
	// key ARN); empty when it was not read.
	KMSKeyID string `json:"kmsKeyId,omitzero"`
}

// Type returns "AWS::EC2::EBSEncryptionByDefault".
func (*EBSEncryptionByDefault) Type() string { return "AWS::EC2::EBSEncryptionByDefault" }
