package eval

import (
	"fmt"
	"testing"
)

// stmtMatches reports whether a one-statement Allow policy with the given
// Action and Resource elements applies to the request.
func stmtMatches(t *testing.T, version, action, resource string, r *Request) bool {
	t.Helper()
	doc := fmt.Sprintf(`{"Version":%q,"Statement":{"Effect":"Allow",%s,%s}}`, version, action, resource)
	c := compile(t, "p.json", doc)
	st := newState(r)
	s := &c.stmts[0]
	return s.actionMatches(r.Action) && s.resourceMatches(&st)
}

// Actions. IAM User Guide, Action element: "The prefix and the action
// name are case insensitive"; "You can use wildcards (* or ?) in the
// action name".
func TestActionMatching(t *testing.T) {
	for _, tc := range []struct {
		action, req string
		want        bool
	}{
		{`"Action":"s3:GetObject"`, "s3:GetObject", true},
		{`"Action":"s3:GetObject"`, "S3:getobject", true},
		{`"Action":"s3:Get*"`, "s3:GetObjectAcl", true},
		{`"Action":"s3:Get*"`, "s3:PutObject", false},
		{`"Action":"s3:*Object"`, "s3:DeleteObject", true},
		{`"Action":"s3:Get?bject"`, "s3:GetObject", true},
		{`"Action":"s3:Get?bject"`, "s3:GetOObject", false},
		{`"Action":"*"`, "ec2:RunInstances", true},
		{`"Action":["ec2:*","s3:*"]`, "s3:ListBucket", true},
		{`"Action":"iam:*"`, "iampolicy:Foo", false},
		// "NotAction … matches everything except the specified list of
		// actions."
		{`"NotAction":"iam:*"`, "s3:GetObject", true},
		{`"NotAction":"iam:*"`, "IAM:CreateUser", false},
		{`"NotAction":["iam:*","sts:*"]`, "sts:GetCallerIdentity", false},
	} {
		r := &Request{Action: tc.req, Resource: "*"}
		if got := stmtMatches(t, "2012-10-17", tc.action, `"Resource":"*"`, r); got != tc.want {
			t.Errorf("%s vs %s = %v, want %v", tc.action, tc.req, got, tc.want)
		}
	}
}

// Resources. IAM User Guide, Resource element: ARNs are case-sensitive
// ("arn:aws:s3:::HRBucket" is not "arn:aws:s3:::hrbucket"); wildcards can
// be used "within any ARN segment (the parts separated by colons)"; "If
// the * wildcard is the last character of a resource ARN segment, it can
// expand to match beyond the colon boundaries."
func TestResourceMatching(t *testing.T) {
	for _, tc := range []struct {
		resource, req string
		want          bool
	}{
		{`"Resource":"*"`, "arn:aws:s3:::b/k", true},
		{`"Resource":"*"`, "*", true},
		{`"Resource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::b/k", true},
		{`"Resource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::b/k/deeper:with:colons", true},
		{`"Resource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::b", false},
		{`"Resource":"arn:aws:s3:::b*"`, "arn:aws:s3:::b", true},
		{`"Resource":"arn:aws:s3:::B/*"`, "arn:aws:s3:::b/k", false},
		{`"Resource":"arn:aws:s3:::b/?"`, "arn:aws:s3:::b/k", true},
		{`"Resource":"arn:aws:s3:::b/?"`, "arn:aws:s3:::b/kk", false},
		{`"Resource":"arn:aws:ec2:*:111122223333:instance/*"`, "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{`"Resource":"arn:aws:ec2:us-*-1:111122223333:instance/*"`, "arn:aws:ec2:us-west-1:111122223333:instance/i-1", true},
		// A '?' in a field never matches the field separator.
		{`"Resource":"arn:aws:ec2:us?east-1:111122223333:instance/*"`, "arn:aws:ec2:us:east-1:111122223333:instance/i-1", false},
		{`"Resource":"arn:aws:ec2:us?east-1:111122223333:instance/*"`, "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		// A * that ends a field may span colons, as the User Guide says.
		{`"Resource":"arn:aws:ec2:*::instance/*"`, "arn:aws:ec2:us-east-1:111122223333::instance/i-1", true},
		// A * inside a field does not.
		{`"Resource":"arn:aws:ec2:us-*-1:111122223333:instance/*"`, "arn:aws:ec2:us-x:9:east-1:111122223333:instance/i-1", false},
		{`"Resource":"arn:aws:iam::111122223333:role/*"`, "arn:aws:iam::111122223333:role/path/admin", true},
		{`"Resource":"arn:aws:iam::111122223333:role/*"`, "arn:aws:iam::444455556666:role/admin", false},
		{`"Resource":"arn:aws:s3:::b/*"`, "*", false},
		// NotResource: everything but the list.
		{`"NotResource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::c/k", true},
		{`"NotResource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::b/k", false},
		// Policy variables in Resource.
		{`"Resource":"arn:aws:s3:::b/home/${aws:username}/*"`, "arn:aws:s3:::b/home/alice/x", true},
		{`"Resource":"arn:aws:s3:::b/home/${aws:username}/*"`, "arn:aws:s3:::b/home/bob/x", false},
		{`"Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*"`, "arn:aws:s3:::b/blue/x", false}, // tag absent: no match
		{`"NotResource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*"`, "arn:aws:s3:::c/x", false},   // nor does NotResource apply
		{`"Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"`, "arn:aws:s3:::b/shared/x", true},
		{`"Resource":["arn:aws:s3:::b/${aws:PrincipalTag/team}/*","arn:aws:s3:::c/*"]`, "arn:aws:s3:::c/x", true},
	} {
		r := &Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: tc.req}
		if got := stmtMatches(t, "2012-10-17", `"Action":"s3:GetObject"`, tc.resource, r); got != tc.want {
			t.Errorf("%s vs %s = %v, want %v", tc.resource, tc.req, got, tc.want)
		}
	}
	// Version 2008-10-17: the variable is literal text.
	r := &Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/home/${aws:username}/x"}
	if !stmtMatches(t, "2008-10-17", `"Action":"s3:GetObject"`, `"Resource":"arn:aws:s3:::b/home/${aws:username}/*"`, r) {
		t.Error("2008-10-17: ${aws:username} should be literal text")
	}
}

// ARN patterns the parser refuses (fewer than six parts) still match the
// way the User Guide describes, for callers that build patterns themselves.
func TestARNPattern(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{"arn:aws:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{"arn:aws:ec2:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{"arn:aws:e*2:*", "arn:aws:ec2:us-east-1:1:instance/i-1", true},
		{"arn:aws:e*2:*", "arn:aws:e:x:c2:us-east-1:1:instance/i-1", false},
		{"arn:*:s3:::b", "arn:aws:s3:::b", true},
		{"not-an-arn*", "not-an-arn:x", true},
		{"arn:aws:ec2:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
	} {
		p := compilePattern(tc.pat, patARN, false)
		if got, _ := p.match(tc.s, false, nil); got != tc.want {
			t.Errorf("%q vs %q = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{"", "", true},
		{"*", "", true},
		{"a*", "a", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"?", "", false},
	} {
		toks := appendText(nil, tc.pat, true)
		if got := glob(toks, tc.s, false, false); got != tc.want {
			t.Errorf("glob(%q, %q) = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
	// The NFA agrees with the backtracking matcher when all wildcards span.
	for _, tc := range []struct{ pat, s string }{{"a*b?c", "aXXbYc"}, {"*x*", "abc"}, {"a:b*", "a:bcd"}} {
		toks := appendText(nil, tc.pat, true)
		if g, n := glob(toks, tc.s, false, false), globNFA(toks, tc.s, false); g != n {
			t.Errorf("%q vs %q: glob %v, NFA %v", tc.pat, tc.s, g, n)
		}
	}
}

func TestPrincipalMatching(t *testing.T) {
	const (
		user    = "arn:aws:iam::111122223333:user/alice"
		session = "arn:aws:sts::111122223333:assumed-role/Admin/alice"
		role    = "arn:aws:iam::111122223333:role/ops/Admin"
	)
	for _, tc := range []struct {
		principal, caller string
		want              principalMatch
	}{
		{`"*"`, user, pmExact},
		{`{"AWS":"*"}`, "lambda.amazonaws.com", pmExact},
		{`{"AWS":"111122223333"}`, user, pmAccount},
		{`{"AWS":"arn:aws:iam::111122223333:root"}`, session, pmAccount},
		{`{"AWS":"arn:aws:iam::444455556666:root"}`, user, pmNone},
		{`{"AWS":"` + user + `"}`, user, pmExact},
		{`{"AWS":"arn:aws:iam::111122223333:user/bob"}`, user, pmNone},
		// A role ARN names every session of the role (the path is not in
		// the session ARN), but only as the role.
		{`{"AWS":"` + role + `"}`, session, pmRole},
		{`{"AWS":"` + role + `"}`, "arn:aws:sts::111122223333:assumed-role/Other/alice", pmNone},
		{`{"AWS":"` + session + `"}`, session, pmExact},
		{`{"AWS":"` + session + `"}`, "arn:aws:sts::111122223333:assumed-role/Admin/bob", pmNone},
		{`{"AWS":["` + role + `","111122223333"]}`, session, pmRole},
		{`{"Service":"lambda.amazonaws.com"}`, "lambda.amazonaws.com", pmExact},
		{`{"Service":"lambda.amazonaws.com"}`, user, pmNone},
		{`{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"}`, "arn:aws:iam::111122223333:saml-provider/Okta", pmExact},
		{`{"Federated":"accounts.google.com"}`, "accounts.google.com", pmExact},
		{`{"AWS":"arn:aws:sts::111122223333:federated-user/bob"}`, "arn:aws:sts::111122223333:federated-user/bob", pmExact},
		{`{"AWS":"111122223333"}`, "lambda.amazonaws.com", pmNone},
	} {
		doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":` + tc.principal + `,"Action":"*"}}`
		c := compile(t, "r.json", doc)
		cl := parseCaller(tc.caller)
		if got := c.stmts[0].principal.match(&cl); got != tc.want {
			t.Errorf("Principal %s vs %s = %d, want %d", tc.principal, tc.caller, got, tc.want)
		}
	}
}

// NotPrincipal. IAM User Guide: with Deny, to spare an assumed-role
// session the NotPrincipal must list the session, the role and the
// account; to spare a user, the user and the account.
func TestNotPrincipal(t *testing.T) {
	const (
		user    = "arn:aws:iam::111122223333:user/alice"
		session = "arn:aws:sts::111122223333:assumed-role/Admin/s1"
		role    = "arn:aws:iam::111122223333:role/Admin"
		root    = "arn:aws:iam::111122223333:root"
	)
	for _, tc := range []struct {
		list   []string
		caller string
		want   bool // excluded
	}{
		{[]string{user, root}, user, true},
		{[]string{user}, user, false},
		{[]string{session, role, root}, session, true},
		{[]string{role, root}, session, false},
		{[]string{session, root}, session, false},
		{[]string{root}, root, true},
		{[]string{user, root}, "arn:aws:iam::111122223333:user/bob", false},
	} {
		doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":[%s]},"Action":"*","Resource":"*"}}`, quoteList(tc.list))
		c := compile(t, "r.json", doc)
		cl := parseCaller(tc.caller)
		if got := c.stmts[0].principal.excludes(&cl); got != tc.want {
			t.Errorf("NotPrincipal %v vs %s excludes = %v, want %v", tc.list, tc.caller, got, tc.want)
		}
	}
}

func quoteList(l []string) string {
	s := ""
	for i, x := range l {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("%q", x)
	}
	return s
}
