package iam_test

import (
	"testing"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/iam"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectAccount collects IAM in one demo account through the double.
func collectAccount(t *testing.T, srv *awstest.Server, account string) *inventory.Account {
	t.Helper()
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, account), []collect.Service{iam.Service},
		live.Options{Regions: []string{demo.East}})
	if err != nil {
		t.Fatal(err)
	}
	return e.Account(account)
}

func serve(t *testing.T) *awstest.Server {
	srv := awstest.New(t)
	srv.PageSize = 2
	srv.Serve(demo.Estate())
	return srv
}

// GetAccountAuthorizationDetails denied: users, groups, roles and policies
// are unknown (gaps), not empty; the rest is still collected.
func TestAuthorizationDetailsDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "iam", Op: "GetAccountAuthorizationDetails", Err: awstest.AccessDenied(awstest.Query)})
	a := collectAccount(t, srv, demo.ProdAccount)
	for _, typ := range []string{"AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::Policy"} {
		g, ok := inventory.GapFor(a.Gaps, typ)
		if !ok || g.Call != "iam:GetAccountAuthorizationDetails" || g.Code != "AccessDenied" {
			t.Errorf("%s: want an AccessDenied gap on GetAccountAuthorizationDetails, got %+v", typ, a.Gaps)
		}
	}
	res := a.Resources
	if res.IAMUsers != nil || res.IAMGroups != nil || res.IAMRoles != nil || res.IAMPolicies != nil {
		t.Errorf("principals collected despite the gap")
	}
	if res.IAMRoot == nil || res.IAMPasswordPolicy == nil || len(res.IAMServerCertificates) != 2 {
		t.Errorf("the account's other IAM resources were not collected: %+v", res)
	}
}

// A user's access keys denied: the user is there, its keys are unknown.
func TestAccessKeysDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "iam", Op: "ListAccessKeys", Err: awstest.AccessDenied(awstest.Query)})
	a := collectAccount(t, srv, demo.ProdAccount)
	if len(a.Resources.IAMUsers) != 3 {
		t.Fatalf("want prod's 3 users, got %d", len(a.Resources.IAMUsers))
	}
	for _, u := range a.Resources.IAMUsers {
		if u.Known(inventory.ListAccessKeys) || u.AccessKeys != nil {
			t.Errorf("%s: access keys should be unknown, got %+v (unread %v)", u.Name, u.AccessKeys, u.Unread)
		}
		if !u.Known(inventory.ListMFADevices) || u.PasswordEnabled == nil {
			t.Errorf("%s: the rest of the user should be read (unread %v)", u.Name, u.Unread)
		}
	}
}

// A key's last use denied: the key is kept, but the keys are marked unread
// so a zero last use is not taken for "never used".
func TestAccessKeyLastUsedDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "iam", Op: "GetAccessKeyLastUsed", Err: awstest.AccessDenied(awstest.Query)})
	a := collectAccount(t, srv, demo.DevAccount)
	ci := a.Resources.IAMUsers[0]
	if len(ci.AccessKeys) != 1 || ci.AccessKeys[0].AccessKeyID != "AKIAYDEV07CIDEPL0Y4N" || ci.Known(inventory.ListAccessKeys) {
		t.Errorf("want the key kept and the keys unread, got %+v (unread %v)", ci.AccessKeys, ci.Unread)
	}
}

// The credential report denied: root activity and password use are
// unknown; whether users have a password is still known (login profiles).
func TestCredentialReportDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "iam", Op: "GetCredentialReport", Err: awstest.AccessDenied(awstest.Query)})
	a := collectAccount(t, srv, demo.ProdAccount)
	root := a.Resources.IAMRoot
	if root == nil || root.Activity != nil || root.MFAEnabled == nil || !*root.MFAEnabled || root.HardwareMFA == nil || *root.HardwareMFA {
		t.Errorf("root: want summary and virtual MFA read, activity unknown, got %+v", root)
	}
	for _, u := range a.Resources.IAMUsers {
		if u.PasswordEnabled == nil {
			t.Fatalf("%s: password presence not read", u.Name)
		}
		if *u.PasswordEnabled == u.Known("passwordLastUsed") {
			t.Errorf("%s (password %v): password use should be unknown exactly when there is a password, unread %v", u.Name, *u.PasswordEnabled, u.Unread)
		}
	}
}

// No password policy (NoSuchEntity) is a known "none", not a gap.
func TestNoPasswordPolicy(t *testing.T) {
	a := collectAccount(t, serve(t), demo.DevAccount)
	p := a.Resources.IAMPasswordPolicy
	if p == nil || p.Present || len(a.Gaps) != 0 {
		t.Errorf("want a known absent policy and no gap, got %+v, gaps %+v", p, a.Gaps)
	}
}

// The password policy denied: unknown, with a gap.
func TestPasswordPolicyDenied(t *testing.T) {
	srv := serve(t)
	srv.Inject(awstest.Fault{Service: "iam", Op: "GetAccountPasswordPolicy", Err: awstest.AccessDenied(awstest.Query)})
	a := collectAccount(t, srv, demo.DevAccount)
	if _, ok := inventory.GapFor(a.Gaps, "AWS::IAM::PasswordPolicy"); !ok || a.Resources.IAMPasswordPolicy != nil {
		t.Errorf("want a gap and no policy, got %+v, gaps %+v", a.Resources.IAMPasswordPolicy, a.Gaps)
	}
}

// Policy documents come URL-encoded: "+" and "%" survive decoding.
func TestPolicyDocumentDecoding(t *testing.T) {
	e := demo.Estate()
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"a+b c%","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::x/a+b"}]}`
	e.Account(demo.DevAccount).Resources.IAMUsers[0].InlinePolicies[0].PolicyDocument = doc
	srv := awstest.New(t)
	srv.Serve(e)
	a := collectAccount(t, srv, demo.DevAccount)
	if got := a.Resources.IAMUsers[0].InlinePolicies[0].PolicyDocument; got != doc {
		t.Errorf("document decoded as\n%s\nwant\n%s", got, doc)
	}
}
