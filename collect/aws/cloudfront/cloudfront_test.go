package cloudfront_test

import (
	"slices"
	"testing"

	"github.com/awssec/awssec/collect/aws/cloudfront"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

func TestListDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "cloudfront", Op: "ListDistributions", Err: awstest.AccessDenied(awstest.RESTXML)})
	a := srv.Collect(t, cloudfront.Service, demo.ProdAccount, "")
	if a.Resources.CloudFrontDistributions != nil {
		t.Errorf("distributions collected despite the denied list: %v", a.Resources.CloudFrontDistributions)
	}
	if len(a.Gaps) != 1 || a.Gaps[0].ResourceType != "AWS::CloudFront::Distribution" || a.Gaps[0].Code != "AccessDenied" {
		t.Errorf("want one AccessDenied gap on the account, got %+v", a.Gaps)
	}
}

// TestConfigDenied: a distribution whose configuration cannot be read is
// kept from its summary, with its logging (which only the configuration
// has) unknown.
func TestConfigDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "cloudfront", Op: "GetDistributionConfig", Err: awstest.AccessDenied(awstest.RESTXML), Times: 1})
	a := srv.Collect(t, cloudfront.Service, demo.ProdAccount, "")
	got := a.Resources.CloudFrontDistributions
	if len(got) != 2 || len(a.Gaps) != 0 {
		t.Fatalf("want the 2 distributions and no gap, got %d and %+v", len(got), a.Gaps)
	}
	shop := got[0]
	if shop.Known("logging") || shop.Logging != nil || shop.Source.Call != "cloudfront:ListDistributions" {
		t.Errorf("shop: logging %+v, unread %v, call %s: want logging unknown, from ListDistributions", shop.Logging, shop.Unread, shop.Source.Call)
	}
	if shop.WebACLID == "" || shop.ViewerCertificate == nil || len(shop.Origins) != 2 || shop.Name != "shop" {
		t.Errorf("shop: the summary's fields are missing: %+v", shop)
	}
	if blog := got[1]; !blog.Known("logging") || blog.Source.Call != "cloudfront:GetDistributionConfig" {
		t.Errorf("blog: unread %v, call %s: want it read from its configuration", blog.Unread, blog.Source.Call)
	}
	if !slices.Equal(shop.Aliases, []string{"www.acme-shop.example"}) {
		t.Errorf("shop: aliases %v", shop.Aliases)
	}
}
