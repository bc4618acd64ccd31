package inventory

// EC2Instance is an AWS::EC2::Instance.
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

// SecurityGroup is an AWS::EC2::SecurityGroup.
type SecurityGroup struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::SecurityGroup".
func (*SecurityGroup) Type() string { return "AWS::EC2::SecurityGroup" }

// NetworkACL is an AWS::EC2::NetworkAcl.
type NetworkACL struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::NetworkAcl".
func (*NetworkACL) Type() string { return "AWS::EC2::NetworkAcl" }

// VPC is an AWS::EC2::VPC.
type VPC struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::VPC".
func (*VPC) Type() string { return "AWS::EC2::VPC" }

// Subnet is an AWS::EC2::Subnet.
type Subnet struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::Subnet".
func (*Subnet) Type() string { return "AWS::EC2::Subnet" }

// RouteTable is an AWS::EC2::RouteTable.
type RouteTable struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::RouteTable".
func (*RouteTable) Type() string { return "AWS::EC2::RouteTable" }

// Volume is an AWS::EC2::Volume.
type Volume struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::Volume".
func (*Volume) Type() string { return "AWS::EC2::Volume" }

// Snapshot is an AWS::EC2::Snapshot.
type Snapshot struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::Snapshot".
func (*Snapshot) Type() string { return "AWS::EC2::Snapshot" }

// Image is an AWS::EC2::Image.
type Image struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::Image".
func (*Image) Type() string { return "AWS::EC2::Image" }

// TransitGateway is an AWS::EC2::TransitGateway.
type TransitGateway struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::TransitGateway".
func (*TransitGateway) Type() string { return "AWS::EC2::TransitGateway" }

// TransitGatewayAttachment is an AWS::EC2::TransitGatewayAttachment.
type TransitGatewayAttachment struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::TransitGatewayAttachment".
func (*TransitGatewayAttachment) Type() string { return "AWS::EC2::TransitGatewayAttachment" }

// TransitGatewayRouteTable is an AWS::EC2::TransitGatewayRouteTable.
type TransitGatewayRouteTable struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::TransitGatewayRouteTable".
func (*TransitGatewayRouteTable) Type() string { return "AWS::EC2::TransitGatewayRouteTable" }

// EBSEncryptionByDefault is an AWS::EC2::EBSEncryptionByDefault.
type EBSEncryptionByDefault struct {
	Meta `json:",inline"`
}

// Type returns "AWS::EC2::EBSEncryptionByDefault".
func (*EBSEncryptionByDefault) Type() string { return "AWS::EC2::EBSEncryptionByDefault" }
