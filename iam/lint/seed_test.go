package lint

import (
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/iam/policy"
)

// The seed guide's two policies, verbatim, and what an expert says of them.
func TestSeedPolicies(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"seed-mfa.json", []string{
			"1:1 iam-deny-only-policy",
			// NotAction "iam:*" leaves every IAM action available without
			// MFA, iam:CreateAccessKey included.
			"6:9 iam-deny-notaction-exempts",
		}},
		{"seed-payroll.json", []string{
			"1:1 iam-deny-only-policy",
			// Everything else is denied, s3:ListAllMyBuckets included.
			"6:5 iam-deny-notresource",
			// The bucket itself stays denied: the payroll objects cannot
			// be listed.
			"6:5 iam-notresource-bucket-objects",
			// HRBucket is no bucket name: the exception excludes nothing.
			"7:7 iam-s3-bucket-name-case",
			"8:7 iam-s3-bucket-name-case",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := policy.Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range Lint(p, policy.IdentityPolicy) {
				got = append(got, fmt.Sprintf("%d:%d %s", f.Pos.Line, f.Pos.Col, f.ID))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGuessKind(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want policy.Kind
	}{
		{pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`), policy.IdentityPolicy},
		{pol(res(`"*"`, "")), policy.ResourcePolicy},
		{pol(trust(`{"Service": "lambda.amazonaws.com"}`, `["sts:AssumeRole", "sts:TagSession"]`, "")), policy.TrustPolicy},
	} {
		p, _ := parseMarked(t, tc.src)
		if got := GuessKind(p); got != tc.want {
			t.Errorf("GuessKind = %v, want %v\n%s", got, tc.want, tc.src)
		}
	}
}

// TestSorted: findings come by position, then id.
func TestSorted(t *testing.T) {
	p, _ := parseMarked(t, pol(
		`{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}`,
		`{"Sid": "x y", "Effect": "Allow", "Action": ["iam:PassRole", "s3:getobject", "s3:GetObject"], "Resource": "*"}`,
	))
	fs := Lint(p, policy.IdentityPolicy)
	if len(fs) < 5 {
		t.Fatalf("too few findings to test the order:%s", dump(fs))
	}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Pos.Line > b.Pos.Line || a.Pos.Line == b.Pos.Line && (a.Pos.Col > b.Pos.Col || a.Pos.Col == b.Pos.Col && a.ID > b.ID) {
			t.Errorf("out of order: %v before %v", a, b)
		}
	}
}
