package chaingen

import (
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// Estate is the AWS side of the fixture: the bucket, the account's
// multi-region trail and the organization trail (both homed in
// us-east-1), and the organization, for DescribeTrails,
// GetBucketLocation and DescribeOrganization.
func Estate() *inventory.Estate {
	yes := true
	trail := func(name string, org bool) *inventory.Trail {
		arn := "arn:aws:cloudtrail:us-east-1:" + Account + ":trail/" + name
		return &inventory.Trail{Meta: inventory.Meta{ID: arn, ARN: arn, Name: name}, HomeRegion: "us-east-1",
			IsMultiRegionTrail: true, IsOrganizationTrail: org, IncludeGlobalServiceEvents: true,
			LogFileValidationEnabled: &yes, S3BucketName: Bucket}
	}
	mgmt := &inventory.Account{ID: Account, Partition: "aws", Regions: []*inventory.Region{
		{Name: "us-east-1", Resources: inventory.RegionalResources{Trails: []*inventory.Trail{trail(Trail, false), trail(OrgTrail, true)}}},
		{Name: "eu-west-1"},
	}}
	mgmt.Resources.S3Buckets = []*inventory.S3Bucket{{Meta: inventory.Meta{ID: Bucket, Name: Bucket, ARN: "arn:aws:s3:::" + Bucket}, Region: "us-east-1"}}
	member := &inventory.Account{ID: MemberAccount, Partition: "aws", Regions: []*inventory.Region{{Name: "us-east-1"}}}
	return &inventory.Estate{Accounts: []*inventory.Account{mgmt, member}, Organization: &inventory.Organization{
		ID: OrgID, ManagementAccount: Account, ARN: "arn:aws:organizations::" + Account + ":organization/" + OrgID, FeatureSet: "ALL",
		Accounts: []*inventory.OrgAccount{{Meta: inventory.Meta{ID: Account}, Status: "ACTIVE"}, {Meta: inventory.Meta{ID: MemberAccount}, Status: "ACTIVE"}}}}
}

// Serve puts the fixture on a double: the estate, every object (earlier
// versions first), and the published public keys.
func Serve(srv *awstest.Server, f *Fixture) {
	srv.Serve(Estate())
	for key, older := range f.Older {
		for _, o := range older {
			srv.PutObject(o.Bucket, key, o.Data, o.Metadata)
		}
		if f.Deleted[key] {
			srv.DeleteObject(Bucket, key)
		}
	}
	for _, o := range f.Sorted() {
		srv.PutObject(o.Bucket, o.Key, o.Data, o.Metadata)
	}
	keys := map[string][]awstest.PublicKey{}
	for region, ss := range f.Keys {
		for _, s := range ss {
			keys[region] = append(keys[region], awstest.PublicKey{DER: s.DER(), Start: s.Start, End: s.End})
		}
	}
	srv.ServePublicKeys(keys)
}
