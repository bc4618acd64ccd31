package policy

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheck(t *testing.T) {
	const (
		identity = `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`
		// Statement members start at column 16.
		bucket = `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}`
		trust  = `{"Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}`
		rcp    = `{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}}`
	)
	for _, tc := range []struct {
		name string
		doc  string
		kind Kind
		want []string
	}{
		{"identity", identity, IdentityPolicy, nil},
		{"identity as boundary", identity, BoundaryPolicy, nil},
		{"identity as session", identity, SessionPolicy, nil},
		{"identity as scp", identity, SCP, nil},
		{"identity as resource", identity, ResourcePolicy, []string{
			`p.json:1:15: statement has neither "Principal" nor "NotPrincipal": a resource policy names who it applies to`}},
		{"identity as trust", identity, TrustPolicy, []string{
			`p.json:1:15: statement has no "Principal": a trust policy names who may assume the role`,
			`p.json:1:61: a trust policy takes no "Resource": the resource is the role`}},
		{"identity as rcp", identity, RCP, []string{
			`p.json:1:15: statement has no "Principal": an RCP takes "Principal": "*"`}},
		{"bucket", bucket, ResourcePolicy, nil},
		{"bucket as identity", bucket, IdentityPolicy, []string{
			`p.json:1:35: an identity policy takes no "Principal": it applies to the principal it is attached to`}},
		{"bucket as session", bucket, SessionPolicy, []string{
			`p.json:1:35: a session policy takes no "Principal": it applies to the session it is passed for`}},
		{"bucket as scp", bucket, SCP, []string{
			`p.json:1:35: an SCP takes no "Principal": it applies to the principals of the accounts it is attached to`}},
		{"bucket as rcp", bucket, RCP, []string{
			`p.json:1:48: an RCP takes only "Principal": "*"; narrow it with conditions`}},
		{"trust", trust, TrustPolicy, nil},
		{"trust as resource", trust, ResourcePolicy, nil},
		{"trust as identity", trust, IdentityPolicy, []string{
			`p.json:1:35: an identity policy takes no "Principal": it applies to the principal it is attached to`,
			`p.json:1:15: statement has neither "Resource" nor "NotResource"`}},
		{"trust as boundary", trust, BoundaryPolicy, []string{
			`p.json:1:35: a permissions boundary takes no "Principal": it applies to the principal it is attached to`,
			`p.json:1:15: statement has neither "Resource" nor "NotResource"`}},
		{"trust with NotResource", `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "NotResource": "*"}}`, TrustPolicy, []string{
			`p.json:1:81: a trust policy takes no "NotResource": the resource is the role`}},
		{"trust with NotPrincipal", `{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}}`, TrustPolicy, []string{
			`p.json:1:15: statement has no "Principal": a trust policy names who may assume the role`,
			`p.json:1:34: a trust policy takes no "NotPrincipal": name the principals in "Principal"`}},
		{"rcp", rcp, RCP, nil},
		{"rcp with NotPrincipal", `{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "1"}, "Action": "s3:*", "Resource": "*"}}`, RCP, []string{
			`p.json:1:15: statement has no "Principal": an RCP takes "Principal": "*"`,
			`p.json:1:34: an RCP takes no "NotPrincipal": use "Principal": "*" with conditions`}},
		{"rcp without resource", `{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*"}}`, RCP, []string{
			`p.json:1:15: statement has neither "Resource" nor "NotResource"`}},
		{"NotPrincipal with Allow", `{"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "1"}, "Action": "s3:*", "Resource": "*"}}`, ResourcePolicy, []string{
			`p.json:1:35: "NotPrincipal" works only with "Effect": "Deny"`}},
		{"no statements", `{"Statement": []}`, IdentityPolicy, []string{
			`p.json:1:1: "Statement" holds no statement`}},
		{"several statements", `{"Statement": [` + identity[14:len(identity)-1] + `, {"Effect": "Deny", "Principal": "*", "NotAction": "s3:*"}]}`, IdentityPolicy, []string{
			`p.json:1:99: an identity policy takes no "Principal": it applies to the principal it is attached to`,
			`p.json:1:80: statement has neither "Resource" nor "NotResource"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("p.json", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, err := range p.Check(tc.kind) {
				got = append(got, err.Error())
				var perr *ParseError
				if !errors.As(err, &perr) || perr.Line == 0 {
					t.Errorf("%v is not a positioned *ParseError", err)
				}
				if !errors.Is(err, ErrMissing) && !errors.Is(err, ErrNotAllowed) {
					t.Errorf("%v is neither ErrMissing nor ErrNotAllowed", err)
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Check(%v) (-want +got):\n%s", tc.kind, d)
			}
		})
	}
}

func TestKind(t *testing.T) {
	for _, k := range Kinds() {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", k.String(), got, err, k)
		}
	}
	if k, err := ParseKind("SCP"); k != SCP || err != nil {
		t.Errorf("ParseKind(SCP) = %v, %v", k, err)
	}
	if _, err := ParseKind("bucket"); err == nil || err.Error() != `unknown policy type "bucket" (want one of identity, resource, trust, scp, rcp, boundary, session)` {
		t.Errorf("ParseKind(bucket) = %v", err)
	}
	if s := Kind(0).String(); s != "Kind(0)" {
		t.Errorf("Kind(0) = %s", s)
	}
}

func TestParseErrorForms(t *testing.T) {
	cause := errors.New("m")
	for _, tc := range []struct {
		e    ParseError
		want string
	}{
		{ParseError{File: "f", Line: 1, Column: 2, Err: cause}, "f:1:2: m"},
		{ParseError{File: "f", Err: cause}, "f: m"},
		{ParseError{Line: 3, Column: 4, Err: cause}, "3:4: m"},
		{ParseError{Err: cause}, "m"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
		if !errors.Is(&tc.e, cause) {
			t.Errorf("%+v does not unwrap to its cause", tc.e)
		}
	}
}
