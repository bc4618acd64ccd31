package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The seed guide's two policies, as written there.
const (
	mfaPolicy = `{
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "DenyAllUsersNotUsingMFA",
        "Effect": "Deny",
        "NotAction": "iam:*",
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }]
}`
	payrollPolicy = `{
    "Version": "2012-10-17",
    "Statement": {
    "Effect": "Deny",
    "Action": "s3:*",
    "NotResource": [
      "arn:aws:s3:::HRBucket/Payroll",
      "arn:aws:s3:::HRBucket/Payroll/*"
    ]
    }
}`
)

func TestParseSeedPolicies(t *testing.T) {
	d, err := Parse(mfaPolicy)
	if err != nil {
		t.Fatal(err)
	}
	want := &Document{Version: "2012-10-17", Statements: []Statement{{
		Sid: "DenyAllUsersNotUsingMFA", Effect: "Deny", NotAction: []string{"iam:*"}, Resource: []string{"*"},
		Condition: map[string]map[string][]string{"BoolIfExists": {"aws:MultiFactorAuthPresent": {"false"}}},
	}}}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("MFA policy (-want +got):\n%s", diff)
	}
	s := d.Statements[0]
	if s.CoversAction("iam:CreateVirtualMFADevice") || !s.CoversAction("s3:GetObject") || !s.CoversAction("EC2:RunInstances") {
		t.Error("NotAction iam:* must cover every action but IAM's, case-insensitively")
	}

	d, err = Parse(payrollPolicy)
	if err != nil {
		t.Fatal(err)
	}
	s = d.Statements[0]
	if len(d.Statements) != 1 || s.Effect != "Deny" {
		t.Fatalf("payroll policy: statement object not read as one statement: %+v", d)
	}
	for arn, covered := range map[string]bool{
		"arn:aws:s3:::HRBucket/Payroll/2026.csv": false,
		"arn:aws:s3:::HRBucket/Payroll":          false,
		"arn:aws:s3:::hrbucket/Payroll/2026.csv": true, // ARNs are case-sensitive
		"arn:aws:s3:::HRBucket":                  true, // the bucket itself is not excluded
		"arn:aws:s3:::OtherBucket/x":             true,
	} {
		if got := s.CoversResource(arn); got != covered {
			t.Errorf("NotResource: CoversResource(%s) = %v, want %v", arn, got, covered)
		}
	}
}

func TestParseForms(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		check     func(*testing.T, *Document)
	}{{
		name: "principal star is AWS star",
		doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
		check: func(t *testing.T, d *Document) {
			if !d.Statements[0].PublicPrincipal() {
				t.Error("Principal \"*\" is public")
			}
		},
	}, {
		name: "url-encoded document",
		doc:  `%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D`,
		check: func(t *testing.T, d *Document) {
			if !d.Statements[0].GrantsFullAdmin() {
				t.Error("decoded Allow * on * grants full admin")
			}
		},
	}, {
		name: "numbers and booleans in conditions keep their text",
		doc:  `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:TlsVersion":1.2}}}]}`,
		check: func(t *testing.T, d *Document) {
			if got := d.Statements[0].ConditionValues("AWS:SecureTransport"); !cmp.Equal(got, []string{"false"}) {
				t.Errorf("ConditionValues = %v", got)
			}
			if got := d.Statements[0].ConditionValues("s3:TlsVersion"); !cmp.Equal(got, []string{"1.2"}) {
				t.Errorf("ConditionValues = %v", got)
			}
		},
	}, {
		name: "service principal list",
		doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","edgelambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`,
		check: func(t *testing.T, d *Document) {
			s := d.Statements[0]
			if s.PublicPrincipal() || len(s.Principal["Service"]) != 2 {
				t.Errorf("service principals: %+v", s.Principal)
			}
			if !s.CoversResource("arn:aws:iam::1:role/x") {
				t.Error("a statement without Resource applies to the resource it is attached to")
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, d)
		})
	}
}

func TestParseErrors(t *testing.T) {
	// Errors are iam/policy's, positioned in the document.
	for doc, want := range map[string]string{
		``:                         "empty policy document",
		`not json`:                 "policy:1:2: not JSON",
		`{"Version":"2012-10-17"}`: `missing "Statement"`,
		`{"Statement":[{"Effect":"Maybe","Action":"*"}]}`:                          `"Effect" must be "Allow" or "Deny"`,
		`{"Statement":[{"Effect":"Allow","Action":{"a":1}}]}`:                      `"Action" must be a string or a list of strings`,
		`{"Statement":[{"Effect":"Allow","Principal":"me","Action":"*"}]}`:         `"Principal" must be "*" or an object`,
		`{"Statement":[{"Effect":"Deny","Action":"*","Condition":{"A":{"b":1}}}]}`: `unknown condition operator "A"`,
		`{"Statement":{"Effect":"Allow","Principal":"*"}}`:                         `neither "Action" nor "NotAction"`,
	} {
		_, err := Parse(doc)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", doc, err, want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, value string
		fold, want     bool
	}{
		{"s3:Get*", "s3:GetObject", true, true},
		{"s3:get*", "S3:GETOBJECT", true, true},
		{"s3:Get*", "s3:PutObject", true, false},
		{"*", "anything", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/k/x", false, true},
		{"arn:aws:s3:::B/*", "arn:aws:s3:::b/k", false, false},
		{"s3:?etObject", "s3:GetObject", true, true},
		{"a*b*c", "aXXbYYc", false, true},
		{"a*b*c", "aXXbYY", false, false},
		{"", "", false, true},
		{"", "x", false, false},
	} {
		if got := Match(tc.pattern, tc.value, tc.fold); got != tc.want {
			t.Errorf("Match(%q, %q, %v) = %v, want %v", tc.pattern, tc.value, tc.fold, got, tc.want)
		}
	}
}

func TestRestrictedByCondition(t *testing.T) {
	for cond, want := range map[string]bool{
		`{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`:    true,
		`{"StringEquals":{"aws:SourceAccount":"111122223333"}}`:     true,
		`{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`:           true,
		`{"StringLike":{"aws:PrincipalOrgID":"*"}}`:                 false, // a wildcard restricts nothing
		`{"StringEquals":{"sts:ExternalId":"abc"}}`:                 false, // the caller chooses it
		`{"Null":{"aws:SourceArn":"false"}}`:                        false,
		`{"Bool":{"aws:SecureTransport":"true"}}`:                   false,
		`{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`: false, // everyone outside the org
		`{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`:            false,
		`{"IpAddress":{"aws:SourceIp":["0.0.0.0/0","::/0"]}}`:       false, // the whole internet
		`{"StringEqualsIfExists":{"aws:SourceAccount":"1"}}`:        false, // requests without the key pass
		`{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::b"}}`:            true,
	} {
		d, err := Parse(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Condition":` + cond + `}]}`)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Statements[0].RestrictedByCondition(); got != want {
			t.Errorf("RestrictedByCondition(%s) = %v, want %v", cond, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{mfaPolicy, payrollPolicy, `{"Statement":{"Effect":"Allow","Principal":"*"}}`, `%7B`, `{"Statement":[{"Effect":"Deny","Condition":{"A":{"b":[1,true,"x"]}}}]}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		d, err := Parse(doc)
		if err != nil {
			if d != nil {
				t.Fatal("document returned with an error")
			}
			return
		}
		for i := range d.Statements {
			s := &d.Statements[i]
			if s.Effect != "Allow" && s.Effect != "Deny" {
				t.Fatalf("accepted effect %q", s.Effect)
			}
			s.CoversAction("s3:GetObject")
			s.CoversResource("arn:aws:s3:::b/k")
			s.PublicPrincipal()
			s.RestrictedByCondition()
		}
	})
}

func TestGuardsByCondition(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`:        true,
		`{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`: true,
		`{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`:    false,
		`{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`:       false,
		`{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}`:             false,
	} {
		d, err := Parse(`{"Statement":[` + doc + `]}`)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Statements[0].GuardsByCondition(); got != want {
			t.Errorf("GuardsByCondition(%s) = %v, want %v", doc, got, want)
		}
	}
}
