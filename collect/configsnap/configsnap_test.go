package configsnap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/inventory"
)

const (
	eastFile = "111122223333_Config_us-east-1_ConfigSnapshot_20250301T120000Z_6f0b8a3e-2c1d-4e5f-9a7b-0c1d2e3f4a5b.json"
	westFile = "444455556666_Config_eu-west-1_ConfigSnapshot_20250301T120100Z_0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a.json.gz"
	eastPath = "testdata/estate/AWSLogs/111122223333/Config/us-east-1/2025/3/1/ConfigSnapshot/" + eastFile
	westPath = "testdata/estate/AWSLogs/444455556666/Config/eu-west-1/2025/3/1/ConfigSnapshot/" + westFile
)

func readEstate(t *testing.T) *inventory.Estate {
	t.Helper()
	e, err := Read([]string{"testdata/estate"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func region(t *testing.T, e *inventory.Estate, account, name string) (*inventory.Account, *inventory.Region) {
	t.Helper()
	a := e.Account(account)
	if a == nil {
		t.Fatalf("no account %s", account)
	}
	r := a.Region(name)
	if r == nil {
		t.Fatalf("no region %s in %s", name, account)
	}
	return a, r
}

func find[T inventory.Resource](t *testing.T, list []T, id string) T {
	t.Helper()
	for _, x := range list {
		if x.Metadata().ID == id {
			return x
		}
	}
	t.Fatalf("no %s", id)
	var zero T
	return zero
}

func TestReadDirectoryMergesAccountsAndRegions(t *testing.T) {
	e := readEstate(t)
	if e.SchemaVersion != inventory.SchemaVersion || e.Source != SourceKind {
		t.Errorf("schemaVersion %d source %q", e.SchemaVersion, e.Source)
	}
	// The latest capture time of any item is the estate's reference time.
	if want := time.Date(2025, 3, 1, 12, 1, 4, 0, time.UTC); !e.CollectedAt.Equal(want) {
		t.Errorf("CollectedAt = %v, want %v", e.CollectedAt, want)
	}
	var got []string
	for a, r := range e.Regions() {
		got = append(got, a.ID+"/"+r.Name)
	}
	if want := []string{"111122223333/us-east-1", "444455556666/eu-west-1"}; !slices.Equal(got, want) {
		t.Errorf("regions = %v, want %v", got, want)
	}
	if n := inventory.Count(e); n != 24 {
		t.Errorf("Count = %d, want 24", n)
	}
}

func TestEC2(t *testing.T) {
	e := readEstate(t)
	_, r := region(t, e, "111122223333", "us-east-1")

	web := find(t, r.Resources.EC2Instances, "i-0a1b2c3d4e5f00001")
	want := &inventory.EC2Instance{
		Meta: inventory.Meta{ID: "i-0a1b2c3d4e5f00001", ARN: "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f00001",
			Name: "web-1", Tags: map[string]string{"Name": "web-1"},
			Source: inventory.Source{Kind: "config-snapshot", Call: "config:AWS::EC2::Instance", File: eastFile}},
		State: "running", ImageID: "ami-0abcdef1234567890", VPCID: "vpc-0a1b2c3d4e5f00001", SubnetID: "subnet-0a1b2c3d4e5f00001",
		PrivateIP: "10.0.1.25", PublicIP: "203.0.113.25", SecurityGroups: []string{"sg-0a1b2c3d4e5f00001"},
		InstanceProfile: "arn:aws:iam::111122223333:instance-profile/web-server",
		MetadataOptions: &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1},
		InstanceType:    "t3.micro", PlatformDetails: "Linux/UNIX", LaunchTime: time.Date(2024, 11, 2, 9, 15, 30, 0, time.UTC), KeyName: "ops-2023",
	}
	if d := cmp.Diff(want, web); d != "" {
		t.Errorf("instance (-want +got):\n%s", d)
	}
	// An item recorded before IMDS options existed: unknown, not "optional".
	old := find(t, r.Resources.EC2Instances, "i-0a1b2c3d4e5f00002")
	if old.MetadataOptions != nil || old.PublicIP != "" || old.ListeningTCPPorts != nil {
		t.Errorf("old instance: metadata %v, public IP %q", old.MetadataOptions, old.PublicIP)
	}

	sg := find(t, r.Resources.SecurityGroups, "sg-0a1b2c3d4e5f00001")
	wantIn := []inventory.SecurityGroupRule{
		{IPProtocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []inventory.IPRange{{CIDR: "0.0.0.0/0", Description: "admin"}}},
		{IPProtocol: "tcp", FromPort: 443, ToPort: 443, IPv6Ranges: []inventory.IPRange{{CIDR: "::/0"}},
			Groups: []inventory.GroupRef{{GroupID: "sg-0a1b2c3d4e5f00002", UserID: "111122223333"}}},
	}
	if d := cmp.Diff(wantIn, sg.IngressRules); d != "" {
		t.Errorf("ingress (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]inventory.SecurityGroupRule{{IPProtocol: "-1", IPv4Ranges: []inventory.IPRange{{CIDR: "0.0.0.0/0"}}}}, sg.EgressRules); d != "" {
		t.Errorf("egress (-want +got):\n%s", d)
	}
	if sg.Name != "web-ssh" || sg.GroupName != "web-ssh" || sg.VPCID != "vpc-0a1b2c3d4e5f00001" || sg.OwnerID != "111122223333" {
		t.Errorf("security group: %+v", sg)
	}

	vol := find(t, r.Resources.Volumes, "vol-0a1b2c3d4e5f00001")
	if vol.Encrypted || vol.KMSKeyID != "" || vol.Size != 8 || vol.VolumeType != "gp2" ||
		!slices.Equal(vol.Attachments, []inventory.VolumeAttachment{{InstanceID: "i-0a1b2c3d4e5f00001", Device: "/dev/xvda", State: "attached", DeleteOnTermination: true}}) {
		t.Errorf("volume: %+v", vol)
	}

	vpc := find(t, r.Resources.VPCs, "vpc-0a1b2c3d4e5f00001")
	if vpc.CIDRBlock != "10.0.0.0/16" || !slices.Equal(vpc.IPv6CIDRBlocks, []string{"2600:1f18:1234:5600::/56"}) || vpc.Name != "main" {
		t.Errorf("vpc: %+v", vpc)
	}
	if vpc.FlowLogs != nil || vpc.Known("flowLogs") {
		t.Errorf("flow logs are not in a VPC's item: want unknown, got %v", vpc.FlowLogs)
	}

	sub := find(t, r.Resources.Subnets, "subnet-0a1b2c3d4e5f00001")
	if !sub.MapPublicIPOnLaunch || sub.CIDRBlock != "10.0.1.0/24" || sub.AvailabilityZone != "us-east-1a" || sub.Name != "public-a" {
		t.Errorf("subnet: %+v", sub)
	}

	rt := find(t, r.Resources.RouteTables, "rtb-0a1b2c3d4e5f00001")
	if !rt.Main() || len(rt.Routes) != 3 || rt.Routes[1] != (inventory.Route{DestinationCIDRBlock: "0.0.0.0/0", GatewayID: "igw-0a1b2c3d4e5f00001", State: "active"}) ||
		rt.Routes[2].EgressOnlyInternetGatewayID != "eigw-0a1b2c3d4e5f00001" {
		t.Errorf("route table: %+v", rt)
	}

	acl := find(t, r.Resources.NetworkACLs, "acl-0a1b2c3d4e5f00001")
	wantEntries := []inventory.NetworkACLEntry{
		{RuleNumber: 100, Protocol: "6", PortRange: &inventory.PortRange{From: 22, To: 22}, CIDRBlock: "0.0.0.0/0", RuleAction: "allow"},
		{RuleNumber: 32767, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "deny"},
		{RuleNumber: 100, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "allow", Egress: true},
		{RuleNumber: 32767, Protocol: "-1", CIDRBlock: "0.0.0.0/0", RuleAction: "deny", Egress: true},
	}
	if d := cmp.Diff(wantEntries, acl.Entries); d != "" || !acl.IsDefault || !slices.Equal(acl.SubnetIDs, []string{"subnet-0a1b2c3d4e5f00001"}) {
		t.Errorf("network ACL %+v (-want +got):\n%s", acl, d)
	}

	// The gzipped file of the other account.
	_, w := region(t, e, "444455556666", "eu-west-1")
	app := find(t, w.Resources.EC2Instances, "i-0f0e0d0c0b0a00001")
	if app.MetadataOptions == nil || app.MetadataOptions.HTTPTokens != "required" || !slices.Equal(app.IPv6Addresses, []string{"2a05:d018:1:2::10"}) ||
		app.Source.File != westFile {
		t.Errorf("eu-west-1 instance: %+v", app)
	}
	// vol-...0002 was deleted after it was recorded: gone.
	if len(w.Resources.Volumes) != 1 || !w.Resources.Volumes[0].Encrypted {
		t.Errorf("eu-west-1 volumes: %+v", w.Resources.Volumes)
	}
}

func TestS3(t *testing.T) {
	e := readEstate(t)
	a := e.Account("111122223333")
	pub := find(t, a.Resources.S3Buckets, "example-public-assets")
	want := &inventory.S3Bucket{
		Meta: inventory.Meta{ID: "example-public-assets", ARN: "arn:aws:s3:::example-public-assets", Name: "example-public-assets",
			Tags: map[string]string{"team": "web"}, Source: inventory.Source{Kind: "config-snapshot", Call: "config:AWS::S3::Bucket", File: eastFile}},
		Region: "us-east-1", CreationDate: time.Date(2023, 4, 18, 14, 2, 11, 0, time.UTC),
		Policy: `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-public-assets/*"}]}`,
		ACL: &inventory.S3ACL{Owner: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", Grants: []inventory.S3Grant{
			{GranteeType: "CanonicalUser", ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", Permission: "FULL_CONTROL"},
			{GranteeType: "Group", URI: inventory.S3AllUsersURI, Permission: "READ"},
		}},
		PublicAccessBlock: &inventory.S3PublicAccessBlock{Configured: true},
		Encryption:        &inventory.S3Encryption{SSEAlgorithm: "AES256"},
		Versioning:        &inventory.S3Versioning{},
		Logging:           &inventory.S3Logging{},
	}
	if d := cmp.Diff(want, pub); d != "" {
		t.Errorf("bucket (-want +got):\n%s", d)
	}
	// Config does not record PolicyStatus nor (here) object lock: unknown.
	if pub.PolicyIsPublic != nil || pub.ObjectLock != nil {
		t.Errorf("want unknown PolicyIsPublic and ObjectLock")
	}

	logs := find(t, a.Resources.S3Buckets, "example-logs-bucket")
	if logs.Policy != "" || !logs.Known("policy") {
		t.Errorf("policyText null is no policy, and known: %q %v", logs.Policy, logs.Unread)
	}
	if !logs.PublicAccessBlock.All() || *logs.Versioning != (inventory.S3Versioning{Status: "Enabled", MFADelete: "Disabled"}) ||
		*logs.Logging != (inventory.S3Logging{TargetBucket: "example-access-logs", TargetPrefix: "logs/"}) ||
		logs.Encryption.SSEAlgorithm != "aws:kms" || !logs.Encryption.BucketKeyEnabled ||
		logs.Encryption.KMSMasterKeyID != "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("logs bucket: %+v", logs)
	}

	pab := e.Account("444455556666").Resources.S3AccountPublicAccessBlock
	if pab == nil || !pab.All() || pab.ID != "444455556666" {
		t.Errorf("account public access block: %+v", pab)
	}
	if e.Account("111122223333").Resources.S3AccountPublicAccessBlock != nil {
		t.Errorf("no item, no account public access block")
	}
}

func TestRDSKMSTrailLambda(t *testing.T) {
	e := readEstate(t)
	_, r := region(t, e, "111122223333", "us-east-1")

	db := find(t, r.Resources.DBInstances, "orders-db")
	want := &inventory.DBInstance{
		Meta: inventory.Meta{ID: "orders-db", ARN: "arn:aws:rds:us-east-1:111122223333:db:orders-db", Name: "orders-db",
			Source: inventory.Source{Kind: "config-snapshot", Call: "config:AWS::RDS::DBInstance", File: eastFile}},
		Engine: "postgres", EngineVersion: "14.10", DBInstanceClass: "db.t3.medium", DBInstanceStatus: "available",
		PubliclyAccessible: inventory.Ptr(true), StorageEncrypted: inventory.Ptr(false), BackupRetentionPeriod: inventory.Ptr(0),
		DeletionProtection: inventory.Ptr(false), IAMDatabaseAuthenticationEnabled: inventory.Ptr(false), MultiAZ: inventory.Ptr(false),
		AutoMinorVersionUpgrade: inventory.Ptr(true), VPCSecurityGroups: []string{"sg-0a1b2c3d4e5f00003"}, DBSubnetGroupName: "default",
		VPCID: "vpc-0a1b2c3d4e5f00001", SubnetIDs: []string{"subnet-0a1b2c3d4e5f00001", "subnet-0a1b2c3d4e5f00002"},
		CACertificateIdentifier: "rds-ca-rsa2048-g1", EndpointAddress: "orders-db.abcdefghijkl.us-east-1.rds.amazonaws.com", EndpointPort: 5432,
		InstanceCreateTime: time.Date(2022, 8, 15, 12, 0, 0, 0, time.UTC),
	}
	if d := cmp.Diff(want, db); d != "" {
		t.Errorf("DB instance (-want +got):\n%s", d)
	}
	// Fields absent from an item are unknown, never false.
	rep := find(t, r.Resources.DBInstances, "reports-db")
	if rep.DeletionProtection != nil || rep.IAMDatabaseAuthenticationEnabled != nil || rep.MultiAZ != nil ||
		*rep.StorageEncrypted != true || *rep.BackupRetentionPeriod != 7 {
		t.Errorf("reports-db: %+v", rep)
	}

	key := find(t, r.Resources.KMSKeys, "1234abcd-12ab-34cd-56ef-1234567890ab")
	if key.KeyManager != "CUSTOMER" || key.KeyState != "Enabled" || key.KeySpec != "SYMMETRIC_DEFAULT" || key.Description != "orders data key" {
		t.Errorf("key: %+v", key)
	}
	if key.KeyRotationEnabled != nil || key.Known("policy") {
		t.Errorf("rotation and policy are not in the item: want unknown, got %v %v", key.KeyRotationEnabled, key.Unread)
	}
	_, w := region(t, e, "444455556666", "eu-west-1")
	retired := w.Resources.KMSKeys[0]
	if retired.KeyState != "PendingDeletion" || retired.PendingDeletionWindowInDays != 7 || !retired.DeletionDate.Equal(time.Date(2025, 3, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("retired key: %+v", retired)
	}

	trail := find(t, r.Resources.Trails, "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events")
	if trail.Name != "management-events" || !trail.IsMultiRegionTrail || trail.HomeRegion != "us-east-1" || trail.S3BucketName != "example-trail-logs" {
		t.Errorf("trail: %+v", trail)
	}
	// null in the item means none; the delivery status is not recorded.
	if trail.LogFileValidationEnabled == nil || *trail.LogFileValidationEnabled || trail.KMSKeyID == nil || *trail.KMSKeyID != "" ||
		trail.CloudWatchLogsLogGroupARN == nil || *trail.CloudWatchLogsLogGroupARN != "" || trail.Status != nil || trail.Selectors != nil {
		t.Errorf("trail settings: %+v", trail)
	}

	fn := find(t, r.Resources.LambdaFunctions, "thumbnailer")
	if fn.Runtime != "python3.7" || fn.Role != "arn:aws:iam::111122223333:role/thumbnailer-exec" || fn.Timeout != 30 || fn.MemorySize != 256 ||
		fn.TracingMode != "PassThrough" || !fn.LastModified.Equal(time.Date(2023, 2, 20, 10, 11, 12, 0, time.UTC)) {
		t.Errorf("function: %+v", fn)
	}
	if fn.Policy == nil || !strings.Contains(*fn.Policy, `"Service":"s3.amazonaws.com"`) {
		t.Errorf("function policy: %v", fn.Policy)
	}
	if fn.Environment != nil || fn.FunctionURLs != nil {
		t.Errorf("environment and URLs absent from the item: want unknown")
	}
}

func TestIAM(t *testing.T) {
	e := readEstate(t)
	a := e.Account("111122223333")
	alice := find(t, a.Resources.IAMUsers, "AIDAEXAMPLEALICE0001")
	want := &inventory.IAMUser{
		Meta: inventory.Meta{ID: "AIDAEXAMPLEALICE0001", ARN: "arn:aws:iam::111122223333:user/alice", Name: "alice",
			Source: inventory.Source{Kind: "config-snapshot", Call: "config:AWS::IAM::User", File: eastFile},
			Unread: []string{"accessKeys", "mfaDevices"}},
		Path: "/", UserID: "AIDAEXAMPLEALICE0001", CreateDate: time.Date(2020, 2, 14, 9, 0, 0, 0, time.UTC),
		InlinePolicies:   []inventory.InlinePolicy{{PolicyName: "alice-admin", PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}},
		AttachedPolicies: []inventory.AttachedPolicy{{PolicyName: "ReadOnlyAccess", PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		Groups:           []string{"developers"},
	}
	if d := cmp.Diff(want, alice); d != "" {
		t.Errorf("user (-want +got):\n%s", d)
	}
	if alice.PasswordEnabled != nil {
		t.Errorf("Config does not record login profiles: PasswordEnabled must be unknown")
	}

	role := find(t, a.Resources.IAMRoles, "AROAEXAMPLEPARTNER01")
	if role.AssumeRolePolicyDocument != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}` ||
		role.LastUsed != nil || role.ServiceLinked || len(role.AttachedPolicies) != 1 || !role.Known(inventory.ListInlinePolicies) {
		t.Errorf("role: %+v", role)
	}
	slr := e.Account("444455556666").Resources.IAMRoles[0]
	if !slr.ServiceLinked || slr.Name != "AWSServiceRoleForConfig" {
		t.Errorf("service-linked role: %+v", slr)
	}

	g := find(t, a.Resources.IAMGroups, "AGPAEXAMPLEDEVS00001")
	if g.Name != "developers" || len(g.AttachedPolicies) != 1 || g.AttachedPolicies[0].PolicyName != "PowerUserAccess" {
		t.Errorf("group: %+v", g)
	}
	p := find(t, a.Resources.IAMPolicies, "ANPAEXAMPLEOPSALL001")
	if p.Document != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}` || p.DefaultVersionID != "v2" ||
		p.AWSManaged || p.AttachmentCount != 1 || p.ARN != "arn:aws:iam::111122223333:policy/ops-everything" {
		t.Errorf("policy: %+v", p)
	}
}

func TestGapsForUnmappedTypes(t *testing.T) {
	e := readEstate(t)
	mapped := Mapped()
	for _, a := range e.Accounts {
		for _, typ := range globalTypes {
			g, gapped := inventory.GapFor(a.Gaps, typ)
			if slices.Contains(mapped, typ) == gapped {
				t.Errorf("%s %s: mapped %v, gap %+v", a.ID, typ, slices.Contains(mapped, typ), g)
			}
			if gapped && (g.Code != "NotRecorded" || g.Call != CallSnapshot || g.Message == "") {
				t.Errorf("%s %s: gap %+v", a.ID, typ, g)
			}
		}
		for _, r := range a.Regions {
			for _, typ := range regionalTypes {
				_, gapped := inventory.GapFor(r.Gaps, typ)
				if slices.Contains(mapped, typ) == gapped {
					t.Errorf("%s/%s %s: mapped %v, gapped %v", a.ID, r.Name, typ, slices.Contains(mapped, typ), gapped)
				}
			}
		}
	}
	// An SNS topic item is in the file, but SNS is not mapped: still a gap.
	_, r := region(t, e, "111122223333", "us-east-1")
	if _, ok := inventory.GapFor(r.Gaps, "AWS::SNS::Topic"); !ok {
		t.Error("AWS::SNS::Topic: want a gap")
	}
}

func TestIAMNotRecorded(t *testing.T) {
	dir := t.TempDir()
	// A snapshot of a region whose recorder leaves global types out.
	snap := `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[
 {"awsAccountId":"123456789012","awsRegion":"us-east-2","resourceType":"AWS::EC2::VPC","resourceId":"vpc-1",
  "configurationItemCaptureTime":"2025-01-01T00:00:00.000Z","configuration":{"vpcId":"vpc-1","cidrBlock":"10.1.0.0/16"}}]}`
	if err := os.WriteFile(filepath.Join(dir, "s.json"), []byte(snap), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Read([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::Policy"} {
		if g, ok := inventory.GapFor(e.Accounts[0].Gaps, typ); !ok || g.Code != "NotRecorded" {
			t.Errorf("%s: want a NotRecorded gap, got %+v", typ, g)
		}
	}
}

func TestDocumentationExample(t *testing.T) {
	// The example snapshot of the AWS Config Developer Guide, in its early
	// form: accountId, arn, configurationStateID and "availibilityZone".
	e, err := Read([]string{"testdata/doc/example-s3-snapshot.json"})
	if err != nil {
		t.Fatal(err)
	}
	a, r := region(t, e, "12345678910", "us-west-2")
	_ = a
	// That item has no "encrypted": the volume cannot be judged, and the
	// type is a gap rather than an unencrypted (or encrypted) volume.
	if len(r.Resources.Volumes) != 0 {
		t.Errorf("volumes: %+v", r.Resources.Volumes)
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::EC2::Volume")
	if !ok || g.Code != "Incomplete" || !strings.Contains(g.Message, "configuration.encrypted") {
		t.Errorf("gap: %+v", g)
	}
	if want := time.Date(2014, 3, 7, 23, 47, 8, 918e6, time.UTC); !e.CollectedAt.Equal(want) {
		t.Errorf("CollectedAt = %v", e.CollectedAt)
	}
}

func TestGzipIsDetectedByContent(t *testing.T) {
	dir := t.TempDir()
	gz, err := os.ReadFile(westPath)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile(eastPath)
	if err != nil {
		t.Fatal(err)
	}
	// Misnamed both ways; the .txt file is not read.
	os.WriteFile(filepath.Join(dir, "a.json"), gz, 0o644)
	os.WriteFile(filepath.Join(dir, "b.json.gz"), plain, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not read"), 0o644)
	e, err := Read([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Accounts) != 2 || inventory.Count(e) != 24 {
		t.Errorf("accounts %d, resources %d", len(e.Accounts), inventory.Count(e))
	}
	// A single file, by path.
	e, err = Read([]string{westPath})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Accounts) != 1 || e.Accounts[0].ID != "444455556666" {
		t.Errorf("accounts: %+v", e.Accounts)
	}
}

func TestLatestItemWins(t *testing.T) {
	item := func(at string, encrypted bool) string {
		enc := "false"
		if encrypted {
			enc = "true"
		}
		return `{"fileVersion":"1.0","configurationItems":[{"awsAccountId":"123456789012","awsRegion":"us-east-2",
 "resourceType":"AWS::EC2::Volume","resourceId":"vol-1","configurationItemCaptureTime":"` + at + `",
 "configuration":{"volumeId":"vol-1","encrypted":` + enc + `}}]}`
	}
	for _, order := range [][2]string{{"a.json", "b.json"}, {"b.json", "a.json"}} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, order[0]), []byte(item("2025-01-01T00:00:00Z", false)), 0o644)
		os.WriteFile(filepath.Join(dir, order[1]), []byte(item("2025-02-01T00:00:00Z", true)), 0o644)
		e, err := Read([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		vols := e.Accounts[0].Regions[0].Resources.Volumes
		if len(vols) != 1 || !vols[0].Encrypted || vols[0].Source.File != order[1] {
			t.Errorf("order %v: %+v", order, vols)
		}
	}
}

func TestBadInputs(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"not-json.json", `not-json.json:4:42: at /configurationItems/0: not JSON: invalid character 'o' at start of string (expecting '"')`},
		{"item-not-object.json", "item-not-object.json:5:5: at /configurationItems/1: a configuration item is an object, got string"},
		{"wrong-type.json", "wrong-type.json:11:22: at /configurationItems/0/configuration/encrypted: wrong type: got string, want boolean"},
		{"wrong-header.json", "wrong-header.json:2:20: at /configurationItems/0/awsAccountId: wrong type: got number, want string"},
		{"not-snapshot.json", "not-snapshot.json:1:1: not an AWS Config snapshot: the file is a JSON array, not an object"},
		{"truncated.json.gz", "truncated.json.gz: truncated gzip stream: the compressed data ends after 3448 bytes of JSON"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Read([]string{"testdata/bad/" + tc.file})
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			var pe *inventory.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%T is not a ParseError", err)
			}
		})
	}

	for name, tc := range map[string]struct{ in, want string }{
		"truncated JSON":  {`{"configurationItems": [{"awsAccountId": "1`, "x.json:1:44: at /configurationItems/0/awsAccountId: unexpected end of input: the file is truncated"},
		"no items":        {`{"fileVersion": "1.0"}`, `x.json: not an AWS Config snapshot: no "configurationItems"`},
		"items not array": {`{"configurationItems": {}}`, "x.json:1:24: at /configurationItems: wrong type: got object, want array"},
		"trailing data":   {`{"configurationItems": []} {}`, "x.json:1:28: unexpected data after the snapshot object"},
		"no account":      {`{"configurationItems": [{"resourceType": "AWS::EC2::VPC", "awsRegion": "us-east-1"}]}`, "x.json:1:25: at /configurationItems/0: the configuration item has no awsAccountId (nor an ARN that names the account)"},
		"no region":       {`{"configurationItems": [{"resourceType": "AWS::EC2::VPC", "awsAccountId": "111122223333"}]}`, "x.json:1:25: at /configurationItems/0: the AWS::EC2::VPC configuration item has no awsRegion"},
		"bad time":        {"{\"configurationItems\": [\n {\"awsAccountId\": \"111122223333\", \"awsRegion\": \"us-east-1\", \"resourceType\": \"AWS::EC2::VPC\", \"configurationItemCaptureTime\": \"yesterday\"}]}", `x.json:2:126: at /configurationItems/0/configurationItemCaptureTime: not a time: "yesterday"`},
		"bad supplement":  {`{"configurationItems": [{"awsAccountId": "111122223333", "awsRegion": "us-east-1", "resourceType": "AWS::S3::Bucket", "resourceId": "b", "configuration": {}, "supplementaryConfiguration": {"BucketVersioningConfiguration": {"status": 1}}}]}`, "x.json:1:234: at /configurationItems/0/supplementaryConfiguration/BucketVersioningConfiguration/status: wrong type: got number, want string"},
		"bad ACL string":  {`{"configurationItems": [{"awsAccountId": "111122223333", "awsRegion": "us-east-1", "resourceType": "AWS::S3::Bucket", "resourceId": "b", "configuration": {}, "supplementaryConfiguration": {"AccessControlList": "{\"grantList\": 7}"}}]}`, "x.json:1:211: at /configurationItems/0/supplementaryConfiguration/AccessControlList/grantList: wrong type: got number, want array"},
		"control in name": {"{\"configurationItems\": [{\"awsAccountId\": \"1\", \"awsRegion\": \"r\", \"resourceType\": \"AWS::EC2::VPC\", \"configuration\": {\"vpcId\": \"v\", \"a\\nb\": {\"x\": 1}, \"cidrBlock\": 5}}]}", "x.json:1:161: at /configurationItems/0/configuration/cidrBlock: wrong type: got number, want string"},
	} {
		t.Run(name, func(t *testing.T) {
			b := newBuilder(CallSnapshot)
			err := readStream(b, strings.NewReader(tc.in), "x.json", readSnapshot)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}

	if _, err := Read([]string{"testdata/no-such-dir"}); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing path: %v", err)
	}
	if _, err := Read([]string{t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no .json or .json.gz file") {
		t.Errorf("empty directory: %v", err)
	}
}

func TestQueryResults(t *testing.T) {
	f, err := os.Open("testdata/query/select-page1.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ReadQueryResults(f, "select-page1.json")
	if err != nil {
		t.Fatal(err)
	}
	a, r := region(t, e, "777788889999", "ap-southeast-2")
	in := find(t, r.Resources.EC2Instances, "i-0123456789abcdef0")
	if in.Name != "bastion" || in.Tags["env"] != "prod" || in.PublicIP != "198.51.100.7" || in.MetadataOptions.HTTPTokens != "optional" ||
		in.Source != (inventory.Source{Kind: "config-snapshot", Call: "config:AWS::EC2::Instance", File: "select-page1.json"}) {
		t.Errorf("instance: %+v", in)
	}
	sg := find(t, r.Resources.SecurityGroups, "sg-0123456789abcdef0") // from the second page
	if len(sg.IngressRules) != 1 || sg.IngressRules[0].IPv4Ranges[0].CIDR != "0.0.0.0/0" {
		t.Errorf("security group: %+v", sg)
	}
	// Types the query did not return are not known to be absent.
	for _, typ := range []string{"AWS::EC2::VPC", "AWS::KMS::Key"} {
		if g, ok := inventory.GapFor(r.Gaps, typ); !ok || g.Call != CallQuery || g.Code != "NotRecorded" {
			t.Errorf("%s: gap %+v", typ, g)
		}
	}
	if _, ok := inventory.GapFor(a.Gaps, "AWS::IAM::User"); !ok {
		t.Error("AWS::IAM::User: want a gap")
	}
	if _, ok := inventory.GapFor(r.Gaps, "AWS::EC2::Instance"); ok {
		t.Error("AWS::EC2::Instance: no gap wanted")
	}

	// A query that selected only part of the configuration.
	f2, err := os.Open("testdata/query/partial.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	e, err = ReadQueryResults(f2, "partial.json")
	if err != nil {
		t.Fatal(err)
	}
	_, r = region(t, e, "777788889999", "ap-southeast-2")
	if g, ok := inventory.GapFor(r.Gaps, "AWS::EC2::SecurityGroup"); !ok || g.Code != "Incomplete" || !strings.Contains(g.Message, "configuration.ipPermissions") {
		t.Errorf("partial security group: gap %+v", g)
	}
	if len(r.Resources.EC2Instances) != 1 || r.Resources.EC2Instances[0].MetadataOptions != nil {
		t.Errorf("partial instance: %+v", r.Resources.EC2Instances)
	}

	// Items as objects, in an array or one after another, and gzipped.
	objs := `[{"accountId":"777788889999","awsRegion":"us-west-1","resourceId":"vol-9","resourceType":"AWS::EC2::Volume","configuration":{"volumeId":"vol-9","encrypted":true}}]
{"accountId":"777788889999","awsRegion":"us-west-1","resourceId":"vpc-9","resourceType":"AWS::EC2::VPC","configuration":{"vpcId":"vpc-9"}}`
	e, err = ReadQueryResults(strings.NewReader(objs), "objects.json")
	if err != nil {
		t.Fatal(err)
	}
	_, r = region(t, e, "777788889999", "us-west-1")
	if len(r.Resources.Volumes) != 1 || len(r.Resources.VPCs) != 1 {
		t.Errorf("objects: %+v", r.Resources)
	}

	for name, tc := range map[string]struct{ in, want string }{
		"empty":           {"", "q.json: no query result in the input"},
		"number":          {"42", "q.json:1:1: not AWS Config query results: got a JSON number, want an object or array"},
		"result not json": {"{\"Results\": [\n  \"{oops\"]}", `q.json:2:3: at /Results/0: the result string is not JSON: invalid character 'o' at start of string (expecting '"')`},
		"result number":   {`{"Results": [1]}`, "q.json:1:14: at /Results/0: a query result is a JSON string or object, got number"},
		"results object":  {`{"Results": {}}`, "q.json:1:13: at /Results: wrong type: got object, want array"},
		"second page":     {"[]\n{\"Results\": [\"{\\\"resourceType\\\": 3}\"]}", `q.json:2:14: at value 2 /Results/0/resourceType: wrong type: got number, want string`},
		"truncated":       {`{"Results": ["{}"`, "q.json:1:18: at /Results: unexpected end of input: the file is truncated"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadQueryResults(strings.NewReader(tc.in), "q.json")
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestTrackerAcrossCommits(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("{\"configurationItems\": [\n")
	for i := range 200 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`  {"awsAccountId": "111122223333", "awsRegion": "us-east-1", "resourceType": "AWS::EC2::VPC", "resourceId": "vpc-1", "configuration": {"vpcId": "vpc-1"}}`)
	}
	sb.WriteString(",\n  {\"awsAccountId\": \"111122223333\", \"awsRegion\": \"us-east-1\", \"resourceType\": \"AWS::EC2::VPC\",\n   \"configuration\": {\"vpcId\": true}}\n]}")
	_, err := readSnapshotBytes([]byte(sb.String()))
	if want := "big.json:203:31: at /configurationItems/200/configuration/vpcId: wrong type: got boolean, want string"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func readSnapshotBytes(data []byte) (*inventory.Estate, error) {
	b := newBuilder(CallSnapshot)
	if err := readStream(b, bytes.NewReader(data), "big.json", readSnapshot); err != nil {
		return nil, err
	}
	return b.estate(), nil
}
