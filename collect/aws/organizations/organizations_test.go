package organizations_test

import (
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/organizations"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func serve(t *testing.T) *awstest.Server {
	srv := awstest.Demo(t)
	srv.PageSize = 2
	return srv
}

func collectFrom(t *testing.T, srv *awstest.Server, account string, opts live.Options) *inventory.Estate {
	t.Helper()
	opts.Regions = []string{demo.East}
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, account), []collect.Service{organizations.Service}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// ListPolicies denied: the policies are unknown (a gap on the
// organization), the rest of the organization is read.
func TestListPoliciesDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "organizations", Op: "ListPolicies", Err: awstest.AccessDenied(awstest.JSON)})
	o := collectFrom(t, srv, demo.ManagementAccount, live.Options{}).Organization
	if o == nil {
		t.Fatal("no organization collected")
	}
	g, ok := inventory.GapFor(o.Gaps, "AWS::Organizations::Policy")
	if !ok || g.Call != "organizations:ListPolicies" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDenied gap on ListPolicies, got %+v", o.Gaps)
	}
	if o.Policies != nil {
		t.Errorf("policies collected despite the gap: %d", len(o.Policies))
	}
	if len(o.Accounts) != 3 || len(o.OrganizationalUnits) != 2 || o.Root == nil || o.Account(demo.ProdAccount).ParentID == "" {
		t.Errorf("the rest of the organization was not read: %+v", o)
	}
}

// DescribePolicy denied: each policy is kept with its content unknown.
func TestDescribePolicyDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "organizations", Op: "DescribePolicy", Err: awstest.AccessDenied(awstest.JSON)})
	o := collectFrom(t, srv, demo.ManagementAccount, live.Options{}).Organization
	if len(o.Policies) != 4 {
		t.Fatalf("want the 4 demo policies, got %d", len(o.Policies))
	}
	for _, p := range o.Policies {
		if p.Known("content") || p.Content != "" || len(p.Targets) == 0 {
			t.Errorf("%s: want content unknown and targets read, got %+v", p.Name, p)
		}
	}
}

// The OU tree denied: OUs and where accounts sit are unknown.
func TestTreeDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "organizations", Op: "ListOrganizationalUnitsForParent", Err: awstest.AccessDenied(awstest.JSON)})
	o := collectFrom(t, srv, demo.ManagementAccount, live.Options{}).Organization
	if _, ok := inventory.GapFor(o.Gaps, "AWS::Organizations::OrganizationalUnit"); !ok || o.OrganizationalUnits != nil {
		t.Errorf("want an OU gap and no OUs, got %+v, gaps %+v", o.OrganizationalUnits, o.Gaps)
	}
	for _, a := range o.Accounts {
		if a.ParentID != "" {
			t.Errorf("%s: parent %s claimed without the tree", a.ID, a.ParentID)
		}
	}
}

// A member account collected alone may describe the organization but not
// list it: the organization stays uncollected, with no gap claimed for it.
func TestMemberAccountAlone(t *testing.T) {
	srv := serve(t)
	e := collectFrom(t, srv, demo.ManagementAccount, live.Options{RoleARNs: []string{"arn:aws:iam::" + demo.ProdAccount + ":role/Audit"}})
	if e.Organization != nil {
		t.Errorf("a member account collected an organization: %+v", e.Organization)
	}
	if gaps := e.Account(demo.ProdAccount).Gaps; len(gaps) != 0 {
		t.Errorf("want no gaps, got %+v", gaps)
	}
}

// An account outside any organization: nothing to collect, no gap.
func TestNoOrganization(t *testing.T) {
	e := demo.Estate()
	e.Organization = nil
	srv := awstest.New(t)
	srv.Serve(e)
	got := collectFrom(t, srv, demo.ManagementAccount, live.Options{})
	if got.Organization != nil || len(got.Accounts[0].Gaps) != 0 {
		t.Errorf("want no organization and no gap, got %+v, gaps %+v", got.Organization, got.Accounts[0].Gaps)
	}
}

// DescribeOrganization denied: whether there is an organization is unknown.
func TestDescribeOrganizationDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "organizations", Op: "DescribeOrganization", Err: awstest.AccessDenied(awstest.JSON)})
	e := collectFrom(t, srv, demo.ManagementAccount, live.Options{})
	if e.Organization != nil {
		t.Errorf("organization collected without DescribeOrganization")
	}
	if _, ok := inventory.GapFor(e.Accounts[0].Gaps, "AWS::Organizations::Account"); !ok {
		t.Errorf("want a gap, got %+v", e.Accounts[0].Gaps)
	}
}
