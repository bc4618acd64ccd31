package sso_test

import (
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/sso"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func collectManagement(t *testing.T, srv *awstest.Server) *inventory.Account {
	t.Helper()
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{sso.Service}, live.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e.Account(demo.ManagementAccount)
}

func serve(t *testing.T) *awstest.Server {
	srv := awstest.Demo(t)
	srv.PageSize = 1
	return srv
}

// ListInstances denied in every region: the instance and its permission
// sets are unknown.
func TestListInstancesDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "sso", Op: "ListInstances", Err: awstest.AccessDenied(awstest.JSON)})
	a := collectManagement(t, srv)
	for _, typ := range []string{"AWS::SSO::Instance", "AWS::SSO::PermissionSet"} {
		if g, ok := inventory.GapFor(a.Gaps, typ); !ok || g.Code != "AccessDeniedException" {
			t.Errorf("%s: want an AccessDenied gap, got %+v", typ, a.Gaps)
		}
	}
	if a.Resources.SSOInstances != nil || a.Resources.SSOPermissionSets != nil {
		t.Errorf("resources collected despite the gap")
	}
}

// ListInstances denied in a region where the instance is not: the
// instance found in its home region is all there is.
func TestListInstancesDeniedElsewhere(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "sso", Op: "ListInstances", Region: demo.West, Err: awstest.AccessDenied(awstest.JSON)})
	a := collectManagement(t, srv)
	if len(a.Gaps) != 0 || len(a.Resources.SSOInstances) != 1 || len(a.Resources.SSOPermissionSets) != 2 {
		t.Errorf("want the instance and its 2 sets and no gap, got %+v, gaps %+v", a.Resources.SSOInstances, a.Gaps)
	}
}

// A permission set's inline policy and provisioned accounts denied: the
// sets are there, those parts unknown, the rest read.
func TestPermissionSetDetailDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "sso", Op: "GetInlinePolicyForPermissionSet", Err: awstest.AccessDenied(awstest.JSON)})
	srv.Inject(awstest.Fault{Service: "sso", Op: "ListAccountsForProvisionedPermissionSet", Err: awstest.AccessDenied(awstest.JSON)})
	a := collectManagement(t, srv)
	sets := a.Resources.SSOPermissionSets
	if len(sets) != 2 {
		t.Fatalf("want 2 permission sets, got %d", len(sets))
	}
	for _, ps := range sets {
		if ps.Known(inventory.ListInlinePolicy) || ps.Known(inventory.ListProvisionedAccounts) || ps.InlinePolicy != "" || ps.ProvisionedAccounts != nil {
			t.Errorf("%s: inline policy and accounts should be unknown, got %+v", ps.Name, ps)
		}
		if ps.SessionDuration == "" || len(ps.AWSManagedPolicies) != 1 || !ps.Known(inventory.ListPermissionsBoundary) {
			t.Errorf("%s: the rest should be read, got %+v", ps.Name, ps)
		}
	}
}

// A boundary denied is unknown; no boundary (ResourceNotFoundException) is none.
func TestBoundary(t *testing.T) {
	e := demo.Estate()
	sets := e.Account(demo.ManagementAccount).Resources.SSOPermissionSets
	sets[1].PermissionsBoundary = &inventory.SSOPermissionsBoundary{
		CustomerManagedPolicyReference: &inventory.CustomerManagedPolicyReference{Name: "DevBoundary", Path: "/boundaries/"}}
	srv := awstest.New(t)
	srv.Serve(e)
	got := collectManagement(t, srv).Resources.SSOPermissionSets
	if got[0].PermissionsBoundary != nil || !got[0].Known(inventory.ListPermissionsBoundary) {
		t.Errorf("admin set: want no boundary, got %+v", got[0])
	}
	if b := got[1].PermissionsBoundary; b == nil || b.CustomerManagedPolicyReference == nil || b.CustomerManagedPolicyReference.Name != "DevBoundary" {
		t.Errorf("read-only set: boundary %+v", b)
	}

	srv = serve(t)
	srv.Inject(awstest.Fault{Service: "sso", Op: "GetPermissionsBoundaryForPermissionSet", Err: awstest.AccessDenied(awstest.JSON)})
	for _, ps := range collectManagement(t, srv).Resources.SSOPermissionSets {
		if ps.Known(inventory.ListPermissionsBoundary) {
			t.Errorf("%s: boundary should be unknown", ps.Name)
		}
	}
}
