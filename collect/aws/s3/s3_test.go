package s3_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/s3"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func bucket(a *inventory.Account, name string) *inventory.S3Bucket {
	for _, b := range a.Resources.S3Buckets {
		if b.Name == name {
			return b
		}
	}
	return nil
}

func TestListBucketsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "s3", Op: "ListAllMyBuckets", Err: awstest.AccessDenied(awstest.RESTXML)})
	a := srv.Collect(t, s3.Service, demo.ProdAccount, "")
	if a.Resources.S3Buckets != nil {
		t.Errorf("buckets = %v, want none (unknown)", a.Resources.S3Buckets)
	}
	g, ok := inventory.GapFor(a.Gaps, "AWS::S3::Bucket")
	if !ok || g.Call != "s3:ListBuckets" || g.Code != "AccessDenied" {
		t.Errorf("gaps = %+v, want an AccessDenied gap for s3:ListBuckets", a.Gaps)
	}
	// The account's own Block Public Access settings are a separate call.
	if a.Resources.S3AccountPublicAccessBlock == nil {
		t.Error("account public access block not collected")
	}
}

func TestAccountPublicAccessBlock(t *testing.T) {
	srv := awstest.Demo(t)
	// dev has no configuration at all: a known "every flag off".
	dev := srv.Collect(t, s3.Service, demo.DevAccount, "")
	if p := dev.Resources.S3AccountPublicAccessBlock; p == nil || p.Configured || p.ID != demo.DevAccount {
		t.Errorf("dev account block = %+v, want present and not configured", p)
	}
	srv.Inject(awstest.Fault{Service: "s3", Op: "GetAccountPublicAccessBlock", Err: awstest.AccessDenied(awstest.RESTXML)})
	prod := srv.Collect(t, s3.Service, demo.ProdAccount, "")
	if prod.Resources.S3AccountPublicAccessBlock != nil {
		t.Error("a refused GetPublicAccessBlock must leave the account block unknown (nil)")
	}
	if g, ok := inventory.GapFor(prod.Gaps, "AWS::S3::AccountPublicAccessBlock"); !ok || g.Code != "AccessDenied" {
		t.Errorf("gaps = %+v, want an AccessDenied gap for the account block", prod.Gaps)
	}
}

func TestBucketSettingsDenied(t *testing.T) {
	srv := awstest.Demo(t)
	for _, op := range []string{"GetBucketPolicy", "GetBucketAcl", "GetBucketVersioning", "GetBucketLocation"} {
		srv.Inject(awstest.Fault{Service: "s3", Op: op, Err: awstest.AccessDenied(awstest.RESTXML)})
	}
	a := srv.Collect(t, s3.Service, demo.DevAccount, "")
	if len(a.Gaps) != 0 {
		t.Errorf("gaps = %+v, want none: a bucket's settings are not the bucket list", a.Gaps)
	}
	b := bucket(a, "acme-dev-public-assets")
	if b == nil {
		t.Fatal("acme-dev-public-assets not collected")
	}
	if b.Known("policy") || b.Policy != "" {
		t.Errorf("policy: unread %v, %q; want unread and empty", b.Unread, b.Policy)
	}
	if b.ACL != nil || b.Versioning != nil {
		t.Errorf("ACL %+v, versioning %+v: want unknown (nil)", b.ACL, b.Versioning)
	}
	// Without GetBucketLocation, ListBuckets' BucketRegion still places the
	// bucket, and the settings that were allowed are read there.
	if b.Region != "eu-west-1" || b.Encryption == nil || b.PublicAccessBlock == nil || b.PolicyIsPublic == nil || !*b.PolicyIsPublic {
		t.Errorf("bucket = %+v, want region eu-west-1 and the other settings read", b)
	}
}

func TestBucketSettings(t *testing.T) {
	a := awstest.Demo(t).Collect(t, s3.Service, demo.ProdAccount, "")
	customer := bucket(a, "acme-prod-customer-data")
	if customer == nil || customer.Policy != "" || !customer.Known("policy") || customer.PolicyIsPublic == nil || *customer.PolicyIsPublic {
		t.Errorf("customer-data = %+v, want a known absent policy that is not public", customer)
	}
	archive := bucket(a, "acme-prod-orders-archive")
	if archive == nil || archive.ObjectLock == nil || archive.ObjectLock.Mode != "COMPLIANCE" || archive.ObjectLock.Years != 7 ||
		archive.Versioning.MFADelete != "Enabled" || archive.Encryption.SSEAlgorithm != "aws:kms" || !archive.Encryption.BucketKeyEnabled {
		t.Errorf("orders-archive = %+v", archive)
	}
}

// TestRegionalClients: the eu-west-1 bucket's settings are read with a
// client in eu-west-1 (the double redirects any other region, as S3 does).
func TestRegionalClients(t *testing.T) {
	srv := awstest.Demo(t)
	srv.Collect(t, s3.Service, demo.DevAccount, "")
	west := 0
	for _, c := range srv.Calls() {
		if c.Outcome == "PermanentRedirect" {
			t.Errorf("%s sent to the wrong region %s", c.Op, c.Region)
		}
		if c.Region == "eu-west-1" {
			west++
		}
	}
	if west == 0 {
		t.Error("no call went to eu-west-1, the home of acme-dev-public-assets")
	}
}
