package configsnap

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/inventory"
)

// mapper turns the configuration item of one resource type into an
// inventory resource.
type mapper struct {
	global bool
	// essential are configuration keys without which the resource would
	// look safer than it is (a security group without ipPermissions); an
	// item that lacks one, as a query that did not select it returns,
	// makes the type a Gap in its scope instead.
	essential []string
	fn        func(*mctx) (inventory.Resource, error)
}

// mappers are the resource types read from configuration items.
var mappers = map[string]mapper{
	"AWS::EC2::Instance":                {fn: mapInstance, essential: []string{"instanceId", "securityGroups"}},
	"AWS::EC2::SecurityGroup":           {fn: mapSecurityGroup, essential: []string{"groupId", "ipPermissions", "ipPermissionsEgress"}},
	"AWS::EC2::Volume":                  {fn: mapVolume, essential: []string{"volumeId", "encrypted"}},
	"AWS::EC2::VPC":                     {fn: mapVPC, essential: []string{"vpcId"}},
	"AWS::EC2::Subnet":                  {fn: mapSubnet, essential: []string{"subnetId", "mapPublicIpOnLaunch"}},
	"AWS::EC2::RouteTable":              {fn: mapRouteTable, essential: []string{"routeTableId", "routes", "associations"}},
	"AWS::EC2::NetworkAcl":              {fn: mapNetworkACL, essential: []string{"networkAclId", "entries"}},
	"AWS::S3::Bucket":                   {global: true, fn: mapBucket},
	"AWS::S3::AccountPublicAccessBlock": {global: true, fn: mapAccountPAB, essential: []string{"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"}},
	"AWS::RDS::DBInstance":              {fn: mapDBInstance},
	"AWS::KMS::Key":                     {fn: mapKMSKey, essential: []string{"keyManager", "keyState"}},
	"AWS::IAM::User":                    {global: true, fn: mapIAMUser},
	"AWS::IAM::Role":                    {global: true, fn: mapIAMRole},
	"AWS::IAM::Group":                   {global: true, fn: mapIAMGroup},
	"AWS::IAM::Policy":                  {global: true, fn: mapIAMPolicy},
	"AWS::CloudTrail::Trail":            {fn: mapTrail},
	"AWS::Lambda::Function":             {fn: mapLambda, essential: []string{"runtime"}},
}

// Mapped returns the resource types that are read from configuration items,
// sorted. Every other inventory type is a Gap in an estate this package reads.
func Mapped() []string {
	return slices.Sorted(maps.Keys(mappers))
}

// mctx is one configuration item being mapped.
type mctx struct {
	it        *item
	file      string
	region    string
	partition string
	keys      map[string]bool // lower-cased keys of the configuration
	supp      jsontext.Value  // supplementaryConfiguration as an object
	suppRead  bool
}

func (m *mctx) meta(id, name string) inventory.Meta {
	var tags map[string]string
	if len(m.it.Tags) > 0 {
		tags = maps.Clone(map[string]string(m.it.Tags))
	}
	return inventory.Meta{ID: id, ARN: m.it.ARN, Name: name, Tags: tags,
		Source: inventory.Source{Kind: SourceKind, Call: "config:" + m.it.ResourceType, File: m.file}}
}

// config decodes the item's configuration into out.
func (m *mctx) config(out any) error {
	c := m.it.Configuration
	if len(c) == 0 || c.Kind() == 'n' {
		return nil
	}
	return decodeAt("/configuration", c, out)
}

// has reports whether the configuration has the key (even as null).
func (m *mctx) has(key string) bool { return m.keys[strings.ToLower(key)] }

// supplementary decodes supplementaryConfiguration's member key into out
// and reports whether it was there (and not null). The member may be a
// JSON string that holds JSON, as AccessControlList always is.
func (m *mctx) supplementary(key string, out any) (bool, error) {
	if !m.suppRead {
		m.suppRead = true
		s := m.it.Supplementary
		if s.Kind() == '"' {
			var str string
			if json.Unmarshal(s, &str) == nil {
				s = jsontext.Value(str)
			}
		}
		if s.Kind() == '{' {
			m.supp = s
		}
	}
	if m.supp == nil {
		return false, nil
	}
	v, _, ok, err := member(m.supp, key)
	if err != nil || !ok || v.Kind() == 'n' {
		return false, nil
	}
	return true, decodeAt(jsontext.Pointer("/supplementaryConfiguration/"+key), v, out)
}

func (m *mctx) nameTag(fallback ciTags) string {
	if n := m.it.Tags["Name"]; n != "" {
		return n
	}
	return fallback["Name"]
}

// tagsOr fills the resource's tags from the configuration's when the item
// carried none.
func tagsOr(meta *inventory.Meta, t ciTags) {
	if len(meta.Tags) == 0 && len(t) > 0 {
		meta.Tags = maps.Clone(map[string]string(t))
	}
}

// unread adds key to the names of the fields that were not read.
func unread(meta *inventory.Meta, keys ...string) {
	for _, k := range keys {
		if !slices.Contains(meta.Unread, k) {
			meta.Unread = append(meta.Unread, k)
		}
	}
}

// flexString is a string that Config may also write as a number
// (a network ACL entry's protocol).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	v := jsontext.Value(b)
	switch v.Kind() {
	case 'n':
		*f = ""
	case '0':
		*f = flexString(string(b))
	default:
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	}
	return nil
}

// ---------------------------------------------------------------------------
// EC2

func mapInstance(m *mctx) (inventory.Resource, error) {
	var c struct {
		InstanceID         string
		ImageID            string
		InstanceType       string
		State              *struct{ Name string }
		VpcID              string
		SubnetID           string
		PrivateIPAddress   string
		PublicIPAddress    string
		SecurityGroups     []struct{ GroupID string }
		IamInstanceProfile *struct{ Arn string }
		MetadataOptions    *struct {
			HttpTokens              string
			HttpEndpoint            string
			HttpPutResponseHopLimit int
		}
		NetworkInterfaces []struct {
			Ipv6Addresses []struct{ Ipv6Address string }
		}
		Platform        string
		PlatformDetails string
		LaunchTime      ciTime
		KeyName         string
		Tags            ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	id := cmpOr(c.InstanceID, m.it.ResourceID)
	in := &inventory.EC2Instance{Meta: m.meta(id, m.nameTag(c.Tags)),
		ImageID: c.ImageID, InstanceType: c.InstanceType, VPCID: c.VpcID, SubnetID: c.SubnetID,
		PrivateIP: c.PrivateIPAddress, PublicIP: c.PublicIPAddress, Platform: c.Platform, PlatformDetails: c.PlatformDetails,
		LaunchTime: c.LaunchTime.Time, KeyName: c.KeyName}
	tagsOr(&in.Meta, c.Tags)
	if c.State != nil {
		in.State = c.State.Name
	}
	for _, g := range c.SecurityGroups {
		in.SecurityGroups = append(in.SecurityGroups, g.GroupID)
	}
	if c.IamInstanceProfile != nil {
		in.InstanceProfile = c.IamInstanceProfile.Arn
	}
	if mo := c.MetadataOptions; mo != nil {
		in.MetadataOptions = &inventory.MetadataOptions{HTTPTokens: mo.HttpTokens, HTTPEndpoint: mo.HttpEndpoint,
			HTTPPutResponseHopLimit: mo.HttpPutResponseHopLimit}
	}
	for _, ni := range c.NetworkInterfaces {
		for _, a := range ni.Ipv6Addresses {
			in.IPv6Addresses = append(in.IPv6Addresses, a.Ipv6Address)
		}
	}
	return in, nil
}

type sgRuleCfg struct {
	IpProtocol flexString
	FromPort   *int
	ToPort     *int
	// Ipv4Ranges are objects; IpRanges is the older list of CIDR strings
	// that Config also writes (or, in some items, objects).
	Ipv4Ranges []struct {
		CidrIp      string
		Description string
	}
	IpRanges   jsontext.Value
	Ipv6Ranges []struct {
		CidrIpv6    string
		Description string
	}
	PrefixListIds []struct {
		PrefixListId string
		Description  string
	}
	UserIdGroupPairs []struct {
		GroupID       string
		UserID        string
		VpcID         string
		PeeringStatus string
		Description   string
	}
}

func (r sgRuleCfg) rule() inventory.SecurityGroupRule {
	out := inventory.SecurityGroupRule{IPProtocol: string(r.IpProtocol)}
	if r.FromPort != nil {
		out.FromPort = *r.FromPort
	}
	if r.ToPort != nil {
		out.ToPort = *r.ToPort
	}
	for _, x := range r.Ipv4Ranges {
		out.IPv4Ranges = append(out.IPv4Ranges, inventory.IPRange{CIDR: x.CidrIp, Description: x.Description})
	}
	if len(out.IPv4Ranges) == 0 && r.IpRanges.Kind() == '[' {
		var strs []string
		var objs []struct {
			CidrIp      string
			Description string
		}
		if json.Unmarshal(r.IpRanges, &strs) == nil {
			for _, s := range strs {
				out.IPv4Ranges = append(out.IPv4Ranges, inventory.IPRange{CIDR: s})
			}
		} else if json.Unmarshal(r.IpRanges, &objs, json.MatchCaseInsensitiveNames(true)) == nil {
			for _, o := range objs {
				out.IPv4Ranges = append(out.IPv4Ranges, inventory.IPRange{CIDR: o.CidrIp, Description: o.Description})
			}
		}
	}
	for _, x := range r.Ipv6Ranges {
		out.IPv6Ranges = append(out.IPv6Ranges, inventory.IPRange{CIDR: x.CidrIpv6, Description: x.Description})
	}
	for _, x := range r.PrefixListIds {
		out.PrefixListIDs = append(out.PrefixListIDs, inventory.PrefixListRef{PrefixListID: x.PrefixListId, Description: x.Description})
	}
	for _, x := range r.UserIdGroupPairs {
		out.Groups = append(out.Groups, inventory.GroupRef{GroupID: x.GroupID, UserID: x.UserID, VPCID: x.VpcID,
			PeeringStatus: x.PeeringStatus, Description: x.Description})
	}
	return out
}

func mapSecurityGroup(m *mctx) (inventory.Resource, error) {
	var c struct {
		GroupID             string
		GroupName           string
		Description         string
		VpcID               string
		OwnerID             string
		IpPermissions       []sgRuleCfg
		IpPermissionsEgress []sgRuleCfg
		Tags                ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	sg := &inventory.SecurityGroup{Meta: m.meta(cmpOr(c.GroupID, m.it.ResourceID), cmpOr(m.nameTag(c.Tags), c.GroupName, m.it.ResourceName)),
		GroupName: c.GroupName, Description: c.Description, VPCID: c.VpcID, OwnerID: c.OwnerID}
	tagsOr(&sg.Meta, c.Tags)
	for _, r := range c.IpPermissions {
		sg.IngressRules = append(sg.IngressRules, r.rule())
	}
	for _, r := range c.IpPermissionsEgress {
		sg.EgressRules = append(sg.EgressRules, r.rule())
	}
	return sg, nil
}

func mapVolume(m *mctx) (inventory.Resource, error) {
	var c struct {
		VolumeID         string
		Encrypted        bool
		KmsKeyID         string
		Size             int
		VolumeType       string
		State            string
		AvailabilityZone string
		SnapshotID       string
		CreateTime       ciTime
		Attachments      []struct {
			InstanceID          string
			Device              string
			State               string
			DeleteOnTermination bool
		}
		Tags ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	v := &inventory.Volume{Meta: m.meta(cmpOr(c.VolumeID, m.it.ResourceID), m.nameTag(c.Tags)),
		Encrypted: c.Encrypted, KMSKeyID: c.KmsKeyID, Size: c.Size, VolumeType: c.VolumeType, State: c.State,
		AvailabilityZone: c.AvailabilityZone, SnapshotID: c.SnapshotID, CreateTime: c.CreateTime.Time}
	tagsOr(&v.Meta, c.Tags)
	for _, a := range c.Attachments {
		v.Attachments = append(v.Attachments, inventory.VolumeAttachment{InstanceID: a.InstanceID, Device: a.Device,
			State: a.State, DeleteOnTermination: a.DeleteOnTermination})
	}
	return v, nil
}

type ipv6Assoc []struct {
	Ipv6CidrBlock string
}

func (a ipv6Assoc) cidrs() []string {
	var out []string
	for _, x := range a {
		if x.Ipv6CidrBlock != "" {
			out = append(out, x.Ipv6CidrBlock)
		}
	}
	return out
}

func mapVPC(m *mctx) (inventory.Resource, error) {
	var c struct {
		VpcID                       string
		CidrBlock                   string
		Ipv6CidrBlockAssociationSet ipv6Assoc
		IsDefault                   bool
		State                       string
		OwnerID                     string
		Tags                        ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	v := &inventory.VPC{Meta: m.meta(cmpOr(c.VpcID, m.it.ResourceID), m.nameTag(c.Tags)),
		CIDRBlock: c.CidrBlock, IPv6CIDRBlocks: c.Ipv6CidrBlockAssociationSet.cidrs(), IsDefault: c.IsDefault,
		State: c.State, OwnerID: c.OwnerID}
	tagsOr(&v.Meta, c.Tags)
	// Flow logs are not part of a VPC's configuration item: FlowLogs stays nil.
	unread(&v.Meta, "flowLogs")
	return v, nil
}

func mapSubnet(m *mctx) (inventory.Resource, error) {
	var c struct {
		SubnetID                    string
		VpcID                       string
		CidrBlock                   string
		Ipv6CidrBlockAssociationSet ipv6Assoc
		AvailabilityZone            string
		MapPublicIpOnLaunch         bool
		AssignIpv6AddressOnCreation bool
		DefaultForAz                bool
		OwnerID                     string
		Tags                        ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	s := &inventory.Subnet{Meta: m.meta(cmpOr(c.SubnetID, m.it.ResourceID), m.nameTag(c.Tags)),
		VPCID: c.VpcID, CIDRBlock: c.CidrBlock, IPv6CIDRBlocks: c.Ipv6CidrBlockAssociationSet.cidrs(),
		AvailabilityZone: c.AvailabilityZone, MapPublicIPOnLaunch: c.MapPublicIpOnLaunch,
		AssignIPv6AddressOnCreation: c.AssignIpv6AddressOnCreation, DefaultForAZ: c.DefaultForAz, OwnerID: c.OwnerID}
	tagsOr(&s.Meta, c.Tags)
	return s, nil
}

func mapRouteTable(m *mctx) (inventory.Resource, error) {
	var c struct {
		RouteTableID string
		VpcID        string
		OwnerID      string
		Routes       []struct {
			DestinationCidrBlock        string
			DestinationIpv6CidrBlock    string
			DestinationPrefixListID     string
			GatewayID                   string
			EgressOnlyInternetGatewayID string
			NatGatewayID                string
			TransitGatewayID            string
			VpcPeeringConnectionID      string
			NetworkInterfaceID          string
			InstanceID                  string
			State                       string
		}
		Associations []struct {
			RouteTableAssociationID string
			Main                    bool
			SubnetID                string
			GatewayID               string
		}
		Tags ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	rt := &inventory.RouteTable{Meta: m.meta(cmpOr(c.RouteTableID, m.it.ResourceID), m.nameTag(c.Tags)),
		VPCID: c.VpcID, OwnerID: c.OwnerID}
	tagsOr(&rt.Meta, c.Tags)
	for _, r := range c.Routes {
		rt.Routes = append(rt.Routes, inventory.Route{DestinationCIDRBlock: r.DestinationCidrBlock,
			DestinationIPv6CIDRBlock: r.DestinationIpv6CidrBlock, DestinationPrefixListID: r.DestinationPrefixListID,
			GatewayID: r.GatewayID, EgressOnlyInternetGatewayID: r.EgressOnlyInternetGatewayID, NATGatewayID: r.NatGatewayID,
			TransitGatewayID: r.TransitGatewayID, VPCPeeringConnectionID: r.VpcPeeringConnectionID,
			NetworkInterfaceID: r.NetworkInterfaceID, InstanceID: r.InstanceID, State: r.State})
	}
	for _, a := range c.Associations {
		rt.Associations = append(rt.Associations, inventory.RouteTableAssociation{ID: a.RouteTableAssociationID,
			Main: a.Main, SubnetID: a.SubnetID, GatewayID: a.GatewayID})
	}
	return rt, nil
}

func mapNetworkACL(m *mctx) (inventory.Resource, error) {
	var c struct {
		NetworkAclID string
		VpcID        string
		IsDefault    bool
		OwnerID      string
		Entries      []struct {
			RuleNumber    int
			Protocol      flexString
			PortRange     *struct{ From, To int }
			CidrBlock     string
			Ipv6CidrBlock string
			RuleAction    string
			Egress        bool
		}
		Associations []struct{ SubnetID string }
		Tags         ciTags
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	acl := &inventory.NetworkACL{Meta: m.meta(cmpOr(c.NetworkAclID, m.it.ResourceID), m.nameTag(c.Tags)),
		VPCID: c.VpcID, IsDefault: c.IsDefault, OwnerID: c.OwnerID}
	tagsOr(&acl.Meta, c.Tags)
	for _, e := range c.Entries {
		out := inventory.NetworkACLEntry{RuleNumber: e.RuleNumber, Protocol: string(e.Protocol), CIDRBlock: e.CidrBlock,
			IPv6CIDRBlock: e.Ipv6CidrBlock, RuleAction: strings.ToLower(e.RuleAction), Egress: e.Egress}
		if e.PortRange != nil {
			out.PortRange = &inventory.PortRange{From: e.PortRange.From, To: e.PortRange.To}
		}
		acl.Entries = append(acl.Entries, out)
	}
	for _, a := range c.Associations {
		if a.SubnetID != "" {
			acl.SubnetIDs = append(acl.SubnetIDs, a.SubnetID)
		}
	}
	return acl, nil
}

// ---------------------------------------------------------------------------
// S3

type pabCfg struct {
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

func (p pabCfg) block() inventory.S3PublicAccessBlock {
	return inventory.S3PublicAccessBlock{Configured: true, BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
		BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets}
}

func mapBucket(m *mctx) (inventory.Resource, error) {
	var c struct {
		Name         string
		CreationDate ciTime
		Region       string
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	name := cmpOr(c.Name, m.it.ResourceName, m.it.ResourceID)
	b := &inventory.S3Bucket{Meta: m.meta(name, name), Region: cmpOr(c.Region, m.region), CreationDate: c.CreationDate.Time}
	if b.ARN == "" {
		b.ARN = "arn:" + m.partition + ":s3:::" + name
	}

	var policy struct{ PolicyText *string }
	if ok, err := m.supplementary("BucketPolicy", &policy); err != nil {
		return nil, err
	} else if ok {
		if policy.PolicyText != nil {
			b.Policy = *policy.PolicyText
		}
	} else {
		unread(&b.Meta, "policy")
	}

	var pab pabCfg
	if ok, err := m.supplementary("PublicAccessBlockConfiguration", &pab); err != nil {
		return nil, err
	} else if ok {
		b.PublicAccessBlock = inventory.Ptr(pab.block())
	}

	var sse struct {
		Rules []struct {
			ApplyServerSideEncryptionByDefault *struct {
				SseAlgorithm   string
				KmsMasterKeyID string
			}
			BucketKeyEnabled bool
		}
	}
	if ok, err := m.supplementary("ServerSideEncryptionConfiguration", &sse); err != nil {
		return nil, err
	} else if ok {
		b.Encryption = &inventory.S3Encryption{}
		for _, r := range sse.Rules {
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				*b.Encryption = inventory.S3Encryption{SSEAlgorithm: d.SseAlgorithm, KMSMasterKeyID: d.KmsMasterKeyID, BucketKeyEnabled: r.BucketKeyEnabled}
				break
			}
		}
	}

	var ver struct {
		Status             string
		IsMfaDeleteEnabled *bool
	}
	if ok, err := m.supplementary("BucketVersioningConfiguration", &ver); err != nil {
		return nil, err
	} else if ok {
		b.Versioning = &inventory.S3Versioning{}
		if ver.Status != "Off" { // the SDK's name for "never enabled"
			b.Versioning.Status = ver.Status
		}
		if ver.IsMfaDeleteEnabled != nil {
			b.Versioning.MFADelete = map[bool]string{true: "Enabled", false: "Disabled"}[*ver.IsMfaDeleteEnabled]
		}
	}

	var logging struct {
		DestinationBucketName string
		LogFilePrefix         string
	}
	if ok, err := m.supplementary("BucketLoggingConfiguration", &logging); err != nil {
		return nil, err
	} else if ok {
		b.Logging = &inventory.S3Logging{TargetBucket: logging.DestinationBucketName, TargetPrefix: logging.LogFilePrefix}
	}

	var acl struct {
		GrantList []struct {
			Grantee    jsontext.Value
			Permission string
		}
		Owner *struct{ ID string }
	}
	if ok, err := m.supplementary("AccessControlList", &acl); err != nil {
		return nil, err
	} else if ok {
		b.ACL = &inventory.S3ACL{}
		if acl.Owner != nil {
			b.ACL.Owner = acl.Owner.ID
		}
		for _, g := range acl.GrantList {
			b.ACL.Grants = append(b.ACL.Grants, s3Grant(g.Grantee, g.Permission))
		}
	}

	var lock struct {
		ObjectLockEnabled string
		Rule              *struct {
			DefaultRetention *struct {
				Mode  string
				Days  int
				Years int
			}
		}
	}
	if ok, err := m.supplementary("BucketObjectLockConfiguration", &lock); err != nil {
		return nil, err
	} else if ok {
		b.ObjectLock = &inventory.S3ObjectLock{Enabled: strings.EqualFold(lock.ObjectLockEnabled, "Enabled")}
		if lock.Rule != nil && lock.Rule.DefaultRetention != nil {
			r := lock.Rule.DefaultRetention
			b.ObjectLock.Mode, b.ObjectLock.Days, b.ObjectLock.Years = r.Mode, r.Days, r.Years
		}
	}
	return b, nil
}

// s3Grant converts a grant of Config's AccessControlList, where a group
// grantee is a name ("AllUsers") and a user one an object ({"id": ...}),
// and permissions are "FullControl", "ReadAcp", ...
func s3Grant(grantee jsontext.Value, permission string) inventory.S3Grant {
	g := inventory.S3Grant{Permission: s3Permission(permission)}
	switch grantee.Kind() {
	case '"':
		var name string
		_ = json.Unmarshal(grantee, &name)
		g.GranteeType = "Group"
		switch name {
		case "AllUsers":
			g.URI = inventory.S3AllUsersURI
		case "AuthenticatedUsers":
			g.URI = inventory.S3AuthenticatedUsersURI
		case "LogDelivery":
			g.URI = inventory.S3LogDeliveryURI
		default:
			g.URI = name
		}
	case '{':
		var o struct {
			ID             string
			DisplayName    string
			Identifier     string
			TypeIdentifier string
			EmailAddress   string
			URI            string
		}
		_ = json.Unmarshal(grantee, &o, json.MatchCaseInsensitiveNames(true))
		switch {
		case o.URI != "":
			g.GranteeType, g.URI = "Group", o.URI
		case o.EmailAddress != "" || o.TypeIdentifier == "emailAddress":
			g.GranteeType, g.EmailAddress = "AmazonCustomerByEmail", cmpOr(o.EmailAddress, o.Identifier)
		default:
			g.GranteeType, g.ID, g.DisplayName = "CanonicalUser", cmpOr(o.ID, o.Identifier), o.DisplayName
		}
	}
	return g
}

func s3Permission(p string) string {
	switch p {
	case "FullControl":
		return "FULL_CONTROL"
	case "Read":
		return "READ"
	case "Write":
		return "WRITE"
	case "ReadAcp":
		return "READ_ACP"
	case "WriteAcp":
		return "WRITE_ACP"
	}
	return p
}

func mapAccountPAB(m *mctx) (inventory.Resource, error) {
	var c pabCfg
	if err := m.config(&c); err != nil {
		return nil, err
	}
	_, _, account := arnParts(m.it.ARN)
	id := cmpOr(m.it.AWSAccountID, m.it.AccountID, account, m.it.ResourceID)
	p := &inventory.S3AccountPublicAccessBlock{Meta: m.meta(id, ""), S3PublicAccessBlock: c.block()}
	return p, nil
}

// ---------------------------------------------------------------------------
// RDS, KMS

func mapDBInstance(m *mctx) (inventory.Resource, error) {
	var c struct {
		DBInstanceIdentifier                  string
		Engine                                string
		EngineVersion                         string
		DBInstanceClass                       string
		DBInstanceStatus                      string
		DBClusterIdentifier                   string
		ReadReplicaSourceDBInstanceIdentifier string
		PubliclyAccessible                    *bool
		StorageEncrypted                      *bool
		KmsKeyID                              string
		BackupRetentionPeriod                 *int
		DeletionProtection                    *bool
		IAMDatabaseAuthenticationEnabled      *bool
		MultiAZ                               *bool
		AutoMinorVersionUpgrade               *bool
		VpcSecurityGroups                     []struct{ VpcSecurityGroupID string }
		DBSubnetGroup                         *struct {
			DBSubnetGroupName string
			VpcID             string
			Subnets           []struct{ SubnetIdentifier string }
		}
		CACertificateIdentifier string
		Endpoint                *struct {
			Address string
			Port    int
		}
		InstanceCreateTime ciTime
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	// Config's resourceId is the DbiResourceId ("db-..."); the inventory
	// names an instance by its identifier, as RDS's own API does.
	id := cmpOr(c.DBInstanceIdentifier, m.it.ResourceName, m.it.ResourceID)
	db := &inventory.DBInstance{Meta: m.meta(id, id),
		Engine: c.Engine, EngineVersion: c.EngineVersion, DBInstanceClass: c.DBInstanceClass, DBInstanceStatus: c.DBInstanceStatus,
		DBClusterIdentifier: c.DBClusterIdentifier, ReadReplicaSourceDBInstanceIdentifier: c.ReadReplicaSourceDBInstanceIdentifier,
		PubliclyAccessible: c.PubliclyAccessible, StorageEncrypted: c.StorageEncrypted, KMSKeyID: c.KmsKeyID,
		BackupRetentionPeriod: c.BackupRetentionPeriod, DeletionProtection: c.DeletionProtection,
		IAMDatabaseAuthenticationEnabled: c.IAMDatabaseAuthenticationEnabled, MultiAZ: c.MultiAZ,
		AutoMinorVersionUpgrade: c.AutoMinorVersionUpgrade, CACertificateIdentifier: c.CACertificateIdentifier,
		InstanceCreateTime: c.InstanceCreateTime.Time}
	for _, g := range c.VpcSecurityGroups {
		db.VPCSecurityGroups = append(db.VPCSecurityGroups, g.VpcSecurityGroupID)
	}
	if g := c.DBSubnetGroup; g != nil {
		db.DBSubnetGroupName, db.VPCID = g.DBSubnetGroupName, g.VpcID
		for _, s := range g.Subnets {
			db.SubnetIDs = append(db.SubnetIDs, s.SubnetIdentifier)
		}
	}
	if c.Endpoint != nil {
		db.EndpointAddress, db.EndpointPort = c.Endpoint.Address, c.Endpoint.Port
	}
	return db, nil
}

func mapKMSKey(m *mctx) (inventory.Resource, error) {
	var c struct {
		KeyID                       string
		KeyManager                  string
		KeySpec                     string
		CustomerMasterKeySpec       string
		KeyUsage                    string
		KeyState                    string
		Origin                      string
		MultiRegion                 bool
		CreationDate                ciTime
		DeletionDate                ciTime
		PendingDeletionWindowInDays int
		Description                 string
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	k := &inventory.KMSKey{Meta: m.meta(cmpOr(c.KeyID, m.it.ResourceID), ""),
		KeyManager: c.KeyManager, KeySpec: cmpOr(c.KeySpec, c.CustomerMasterKeySpec), KeyUsage: c.KeyUsage, KeyState: c.KeyState,
		Origin: c.Origin, MultiRegion: c.MultiRegion, CreationDate: c.CreationDate.Time, DeletionDate: c.DeletionDate.Time,
		PendingDeletionWindowInDays: c.PendingDeletionWindowInDays, Description: c.Description}
	// The key policy is not in the configuration item.
	unread(&k.Meta, "policy")
	// Rotation, when the item carries it as supplementary configuration;
	// otherwise it stays unknown.
	var rot jsontext.Value
	if ok, err := m.supplementary("KeyRotationStatus", &rot); err != nil {
		return nil, err
	} else if ok {
		k.KeyRotationEnabled = boolish(rot)
	}
	return k, nil
}

// boolish reads true, "true", or {"keyRotationEnabled": true}; nil when it
// is none of these.
func boolish(v jsontext.Value) *bool {
	switch v.Kind() {
	case 't', 'f':
		return inventory.Ptr(v.Kind() == 't')
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			if b, err := strconv.ParseBool(s); err == nil {
				return &b
			}
		}
	case '{':
		var o struct{ KeyRotationEnabled *bool }
		if json.Unmarshal(v, &o, json.MatchCaseInsensitiveNames(true)) == nil {
			return o.KeyRotationEnabled
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// IAM

type inlinePolicyCfg struct {
	PolicyName     string
	PolicyDocument string
}

type attachedPolicyCfg struct {
	PolicyName string
	PolicyArn  string
}

type boundaryCfg struct{ PermissionsBoundaryArn string }

func inlinePolicies(ps []inlinePolicyCfg) []inventory.InlinePolicy {
	var out []inventory.InlinePolicy
	for _, p := range ps {
		out = append(out, inventory.InlinePolicy{PolicyName: p.PolicyName, PolicyDocument: policyText(p.PolicyDocument)})
	}
	return out
}

func attachedPolicies(ps []attachedPolicyCfg) []inventory.AttachedPolicy {
	var out []inventory.AttachedPolicy
	for _, p := range ps {
		out = append(out, inventory.AttachedPolicy{PolicyName: p.PolicyName, PolicyARN: p.PolicyArn})
	}
	return out
}

// policyText URL-decodes a policy document, as IAM (and so Config) hands
// them out: "%7B%22Version%22...".
func policyText(doc string) string {
	t := strings.TrimSpace(doc)
	if t == "" || strings.HasPrefix(t, "{") {
		return doc
	}
	if d, err := url.PathUnescape(t); err == nil {
		return d
	}
	return doc
}

func mapIAMUser(m *mctx) (inventory.Resource, error) {
	var c struct {
		UserName                string
		UserID                  string
		Path                    string
		CreateDate              ciTime
		UserPolicyList          []inlinePolicyCfg
		GroupList               []string
		AttachedManagedPolicies []attachedPolicyCfg
		PermissionsBoundary     *boundaryCfg
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	u := &inventory.IAMUser{Meta: m.meta(cmpOr(c.UserID, m.it.ResourceID), cmpOr(c.UserName, m.it.ResourceName)),
		Path: c.Path, UserID: cmpOr(c.UserID, m.it.ResourceID), CreateDate: c.CreateDate.Time,
		InlinePolicies: inlinePolicies(c.UserPolicyList), AttachedPolicies: attachedPolicies(c.AttachedManagedPolicies),
		Groups: c.GroupList}
	if c.PermissionsBoundary != nil {
		u.PermissionsBoundary = c.PermissionsBoundary.PermissionsBoundaryArn
	}
	// Config records neither credentials nor their use: the login profile
	// (PasswordEnabled stays nil), access keys and MFA devices are unknown.
	unread(&u.Meta, inventory.ListAccessKeys, inventory.ListMFADevices)
	if !m.has("userPolicyList") {
		unread(&u.Meta, inventory.ListInlinePolicies)
	}
	if !m.has("attachedManagedPolicies") {
		unread(&u.Meta, inventory.ListAttachedPolicies)
	}
	if !m.has("groupList") {
		unread(&u.Meta, inventory.ListGroups)
	}
	return u, nil
}

func mapIAMRole(m *mctx) (inventory.Resource, error) {
	var c struct {
		RoleName                 string
		RoleID                   string
		Path                     string
		CreateDate               ciTime
		Description              string
		AssumeRolePolicyDocument string
		MaxSessionDuration       int
		PermissionsBoundary      *boundaryCfg
		RolePolicyList           []inlinePolicyCfg
		AttachedManagedPolicies  []attachedPolicyCfg
		InstanceProfileList      []struct{ Arn string }
		RoleLastUsed             *struct {
			LastUsedDate ciTime
			Region       string
		}
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	r := &inventory.IAMRole{Meta: m.meta(cmpOr(c.RoleID, m.it.ResourceID), cmpOr(c.RoleName, m.it.ResourceName)),
		Path: c.Path, RoleID: cmpOr(c.RoleID, m.it.ResourceID), CreateDate: c.CreateDate.Time, Description: c.Description,
		AssumeRolePolicyDocument: policyText(c.AssumeRolePolicyDocument), MaxSessionDuration: c.MaxSessionDuration,
		InlinePolicies: inlinePolicies(c.RolePolicyList), AttachedPolicies: attachedPolicies(c.AttachedManagedPolicies),
		ServiceLinked: strings.HasPrefix(c.Path, "/aws-service-role/")}
	if c.PermissionsBoundary != nil {
		r.PermissionsBoundary = c.PermissionsBoundary.PermissionsBoundaryArn
	}
	for _, p := range c.InstanceProfileList {
		r.InstanceProfiles = append(r.InstanceProfiles, p.Arn)
	}
	if c.RoleLastUsed != nil {
		r.LastUsed = &inventory.RoleLastUsed{LastUsedDate: c.RoleLastUsed.LastUsedDate.Time, Region: c.RoleLastUsed.Region}
	}
	if !m.has("rolePolicyList") {
		unread(&r.Meta, inventory.ListInlinePolicies)
	}
	if !m.has("attachedManagedPolicies") {
		unread(&r.Meta, inventory.ListAttachedPolicies)
	}
	if !m.has("instanceProfileList") {
		unread(&r.Meta, inventory.ListInstanceProfiles)
	}
	return r, nil
}

func mapIAMGroup(m *mctx) (inventory.Resource, error) {
	var c struct {
		GroupName               string
		GroupID                 string
		Path                    string
		CreateDate              ciTime
		GroupPolicyList         []inlinePolicyCfg
		AttachedManagedPolicies []attachedPolicyCfg
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	g := &inventory.IAMGroup{Meta: m.meta(cmpOr(c.GroupID, m.it.ResourceID), cmpOr(c.GroupName, m.it.ResourceName)),
		Path: c.Path, GroupID: cmpOr(c.GroupID, m.it.ResourceID), CreateDate: c.CreateDate.Time,
		InlinePolicies: inlinePolicies(c.GroupPolicyList), AttachedPolicies: attachedPolicies(c.AttachedManagedPolicies)}
	if !m.has("groupPolicyList") {
		unread(&g.Meta, inventory.ListInlinePolicies)
	}
	if !m.has("attachedManagedPolicies") {
		unread(&g.Meta, inventory.ListAttachedPolicies)
	}
	return g, nil
}

func mapIAMPolicy(m *mctx) (inventory.Resource, error) {
	var c struct {
		PolicyName        string
		PolicyID          string
		Arn               string
		Path              string
		DefaultVersionID  string
		AttachmentCount   int
		CreateDate        ciTime
		UpdateDate        ciTime
		PolicyVersionList []struct {
			Document         string
			VersionID        string
			IsDefaultVersion bool
		}
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	p := &inventory.IAMPolicy{Meta: m.meta(cmpOr(c.PolicyID, m.it.ResourceID), cmpOr(c.PolicyName, m.it.ResourceName)),
		Path: c.Path, DefaultVersionID: c.DefaultVersionID, AttachmentCount: c.AttachmentCount,
		CreateDate: c.CreateDate.Time, UpdateDate: c.UpdateDate.Time}
	if p.ARN == "" {
		p.ARN = c.Arn
	}
	p.AWSManaged = strings.Contains(p.ARN, ":iam::aws:policy/")
	for _, v := range c.PolicyVersionList {
		if v.IsDefaultVersion || (v.VersionID != "" && v.VersionID == c.DefaultVersionID) {
			p.Document = policyText(v.Document)
			break
		}
	}
	return p, nil
}

// ---------------------------------------------------------------------------
// CloudTrail, Lambda

func mapTrail(m *mctx) (inventory.Resource, error) {
	var c struct {
		Name                       string
		TrailARN                   string
		HomeRegion                 string
		IsMultiRegionTrail         bool
		IsOrganizationTrail        bool
		IncludeGlobalServiceEvents bool
		LogFileValidationEnabled   *bool
		KmsKeyID                   *string
		S3BucketName               string
		S3KeyPrefix                string
		SnsTopicARN                string
		CloudWatchLogsLogGroupArn  *string
		CloudWatchLogsRoleArn      string
		HasCustomEventSelectors    bool
		HasInsightSelectors        bool
		IsLogging                  *bool
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	if c.HomeRegion != "" && c.HomeRegion != m.region {
		// A multi-region trail's copy in another region: the inventory
		// lists a trail once, in its home region.
		return nil, nil
	}
	arn := cmpOr(c.TrailARN, m.it.ARN)
	t := &inventory.Trail{Meta: m.meta(cmpOr(arn, m.it.ResourceID), cmpOr(c.Name, m.it.ResourceName)),
		HomeRegion: cmpOr(c.HomeRegion, m.region), IsMultiRegionTrail: c.IsMultiRegionTrail, IsOrganizationTrail: c.IsOrganizationTrail,
		IncludeGlobalServiceEvents: c.IncludeGlobalServiceEvents, S3BucketName: c.S3BucketName, S3KeyPrefix: c.S3KeyPrefix,
		SNSTopicARN: c.SnsTopicARN, CloudWatchLogsRoleARN: c.CloudWatchLogsRoleArn,
		HasCustomEventSelectors: c.HasCustomEventSelectors, HasInsightSelectors: c.HasInsightSelectors}
	t.ARN = arn
	// A key that is there as null means "none"; a key that is missing was
	// not recorded (or not selected) and stays unknown.
	if m.has("logFileValidationEnabled") {
		t.LogFileValidationEnabled = inventory.Ptr(c.LogFileValidationEnabled != nil && *c.LogFileValidationEnabled)
	}
	if m.has("kmsKeyId") {
		t.KMSKeyID = inventory.Ptr(derefString(c.KmsKeyID))
	}
	if m.has("cloudWatchLogsLogGroupArn") {
		t.CloudWatchLogsLogGroupARN = inventory.Ptr(derefString(c.CloudWatchLogsLogGroupArn))
	}
	if c.IsLogging != nil {
		t.Status = &inventory.TrailStatus{IsLogging: *c.IsLogging}
	}
	return t, nil
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func mapLambda(m *mctx) (inventory.Resource, error) {
	var c struct {
		FunctionName  string
		FunctionArn   string
		Runtime       string
		PackageType   string
		Handler       string
		Role          string
		Architectures []string
		MemorySize    int
		Timeout       int
		Environment   *struct {
			Variables map[string]string
		}
		KmsKeyArn string
		VpcConfig *struct {
			VpcID            string
			SubnetIds        []string
			SecurityGroupIds []string
		}
		LastModified     ciTime
		TracingConfig    *struct{ Mode string }
		DeadLetterConfig *struct{ TargetArn string }
	}
	if err := m.config(&c); err != nil {
		return nil, err
	}
	name := cmpOr(c.FunctionName, m.it.ResourceName, m.it.ResourceID)
	f := &inventory.LambdaFunction{Meta: m.meta(name, name),
		Runtime: c.Runtime, PackageType: c.PackageType, Handler: c.Handler, Role: c.Role, Architectures: c.Architectures,
		MemorySize: c.MemorySize, Timeout: c.Timeout, KMSKeyARN: c.KmsKeyArn, LastModified: c.LastModified.Time}
	if f.ARN == "" {
		f.ARN = c.FunctionArn
	}
	if m.has("environment") {
		// Values are classified and dropped, as every source does.
		env := []inventory.LambdaEnvVar{}
		if c.Environment != nil {
			for _, k := range slices.Sorted(maps.Keys(c.Environment.Variables)) {
				env = append(env, inventory.LambdaEnvVar{Name: k, Kind: inventory.ClassifyEnvVar(k, c.Environment.Variables[k])})
			}
		}
		f.Environment = &env
	}
	if v := c.VpcConfig; v != nil && len(v.SubnetIds) > 0 {
		f.VPCConfig = &inventory.LambdaVPCConfig{VPCID: v.VpcID, SubnetIDs: v.SubnetIds, SecurityGroupIDs: v.SecurityGroupIds}
	}
	if c.TracingConfig != nil {
		f.TracingMode = c.TracingConfig.Mode
	}
	if c.DeadLetterConfig != nil {
		f.DeadLetterTargetARN = c.DeadLetterConfig.TargetArn
	}
	var policy jsontext.Value
	if ok, err := m.supplementary("Policy", &policy); err != nil {
		return nil, err
	} else if ok {
		switch policy.Kind() {
		case '"':
			var s string
			_ = json.Unmarshal(policy, &s)
			f.Policy = &s
		case '{':
			f.Policy = inventory.Ptr(string(policy))
		}
	}
	// Function URLs are not part of the configuration item: FunctionURLs
	// stays nil (unknown).
	unread(&f.Meta, "functionUrls")
	return f, nil
}

// ---------------------------------------------------------------------------

// place adds an entry's resource to its account.
func place(a *acct, en *entry) {
	g := &a.a.Resources
	var r *inventory.RegionalResources
	if !mappers[en.typeKey].global {
		reg, ok := a.regions[en.region]
		if !ok {
			reg = &inventory.Region{Name: en.region}
			a.regions[en.region] = reg
		}
		r = &reg.Resources
	}
	switch x := en.res.(type) {
	case *inventory.IAMUser:
		g.IAMUsers = append(g.IAMUsers, x)
	case *inventory.IAMRole:
		g.IAMRoles = append(g.IAMRoles, x)
	case *inventory.IAMGroup:
		g.IAMGroups = append(g.IAMGroups, x)
	case *inventory.IAMPolicy:
		g.IAMPolicies = append(g.IAMPolicies, x)
	case *inventory.S3Bucket:
		g.S3Buckets = append(g.S3Buckets, x)
	case *inventory.S3AccountPublicAccessBlock:
		g.S3AccountPublicAccessBlock = x
	case *inventory.EC2Instance:
		r.EC2Instances = append(r.EC2Instances, x)
	case *inventory.SecurityGroup:
		r.SecurityGroups = append(r.SecurityGroups, x)
	case *inventory.Volume:
		r.Volumes = append(r.Volumes, x)
	case *inventory.VPC:
		r.VPCs = append(r.VPCs, x)
	case *inventory.Subnet:
		r.Subnets = append(r.Subnets, x)
	case *inventory.RouteTable:
		r.RouteTables = append(r.RouteTables, x)
	case *inventory.NetworkACL:
		r.NetworkACLs = append(r.NetworkACLs, x)
	case *inventory.DBInstance:
		r.DBInstances = append(r.DBInstances, x)
	case *inventory.KMSKey:
		r.KMSKeys = append(r.KMSKeys, x)
	case *inventory.Trail:
		r.Trails = append(r.Trails, x)
	case *inventory.LambdaFunction:
		r.LambdaFunctions = append(r.LambdaFunctions, x)
	}
}
