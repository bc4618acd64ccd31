package cloudtrail_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/cloudtrail"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectEast collects the management account's us-east-1, where the
// organization trail lives, with the given faults injected.
func collectEast(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	return awstest.Demo(t, faults...).Collect(t, cloudtrail.Service, demo.ManagementAccount, "us-east-1").Regions[0]
}

func TestDescribeTrailsDenied(t *testing.T) {
	r := collectEast(t, awstest.Fault{Service: "cloudtrail", Op: "DescribeTrails", Err: awstest.AccessDenied(awstest.JSON)})
	if r.Resources.Trails != nil {
		t.Errorf("trails collected despite the denied listing: %v", r.Resources.Trails)
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::CloudTrail::Trail")
	if !ok || g.Call != "cloudtrail:DescribeTrails" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDeniedException gap on cloudtrail:DescribeTrails, got %+v", r.Gaps)
	}
}

// TestDetailCallsDenied: a trail whose status, selectors or Insights
// selectors cannot be read is kept, with those fields unknown.
func TestDetailCallsDenied(t *testing.T) {
	denied := awstest.AccessDenied(awstest.JSON)
	r := collectEast(t,
		awstest.Fault{Service: "cloudtrail", Op: "GetTrailStatus", Err: denied},
		awstest.Fault{Service: "cloudtrail", Op: "GetEventSelectors", Err: denied},
		awstest.Fault{Service: "cloudtrail", Op: "GetInsightSelectors", Err: denied})
	if len(r.Gaps) > 0 {
		t.Errorf("detail failures must not be gaps: %+v", r.Gaps)
	}
	if len(r.Resources.Trails) != 1 {
		t.Fatalf("want the organization trail, got %d trails", len(r.Resources.Trails))
	}
	tr := r.Resources.Trails[0]
	if tr.Name != "org-trail" || !tr.IsOrganizationTrail || tr.KMSKeyID == nil || *tr.KMSKeyID == "" {
		t.Errorf("the trail's own settings were not kept: %+v", tr)
	}
	if tr.Status != nil || tr.Selectors != nil || tr.InsightSelectors != nil {
		t.Errorf("unread details must stay unknown: status %+v, selectors %+v, insights %+v", tr.Status, tr.Selectors, tr.InsightSelectors)
	}
	if !slices.Contains(tr.Unread, "insightSelectors") {
		t.Errorf("insightSelectors should be marked unread, got %v", tr.Unread)
	}
}

// TestShadowTrailsLeftOut: the double shows the organization trail in
// member accounts and other regions as AWS does; the collector asks without
// shadow trails, so prod's only trail is its own.
func TestShadowTrailsLeftOut(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{cloudtrail.Service},
		live.Options{Org: true, RoleName: "OrganizationAccountAccessRole", Accounts: []string{demo.ProdAccount}})
	if err != nil {
		t.Fatal(err)
	}
	prod := e.Account(demo.ProdAccount)
	var names []string
	for _, r := range prod.Regions {
		for _, tr := range r.Resources.Trails {
			names = append(names, r.Name+"/"+tr.Name)
		}
	}
	if !slices.Equal(names, []string{"us-east-1/legacy-prod-trail"}) {
		t.Errorf("prod trails: got %v, want only its own legacy-prod-trail in its home region", names)
	}

	// Asked with shadow trails (the API's default), prod eu-west-1 sees its
	// multi-region trail and the organization trails that record there.
	cfg := srv.Config(t, demo.ProdAccount)
	cfg.Region = "eu-west-1"
	out, err := sdk.NewFromConfig(cfg).DescribeTrails(awstest.Context(t), &sdk.DescribeTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var shadows []string
	for _, tr := range out.TrailList {
		shadows = append(shadows, aws.ToString(tr.Name))
	}
	slices.Sort(shadows)
	if !slices.Equal(shadows, []string{"legacy-prod-trail", "org-trail", "org-trail-eu-pilot"}) {
		t.Errorf("shadow trails in prod eu-west-1: got %v", shadows)
	}
}
