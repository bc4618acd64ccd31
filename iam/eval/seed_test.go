package eval

import (
	"os"
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// The two policies of the seed guide's IAM section, verbatim in testdata.

func seed(t *testing.T, file string) *policy.Policy {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The MFA policy denies everything but IAM when MFA is absent. IAM User
// Guide, condition operators: BoolIfExists — "If the key is not present,
// evaluate the condition element as true" — so a request without
// aws:MultiFactorAuthPresent at all (long-term access keys) is denied too;
// and "NotAction … matches everything except the specified list of
// actions", so every iam:* action stays available without MFA.
func TestSeedMFAPolicy(t *testing.T) {
	mfa := seed(t, "seed-mfa.json")
	admin := parse(t, "AdministratorAccess", stmt("Allow", "", "*", "*"))
	noMFA := map[string][]string{"aws:MultiFactorAuthPresent": {"false"}}
	withMFA := map[string][]string{"aws:MultiFactorAuthPresent": {"true"}}
	for _, tc := range []struct {
		name     string
		identity []*policy.Policy
		action   string
		context  map[string][]string
		want     Result
	}{
		{"IAM action without MFA is not denied by it", []*policy.Policy{mfa}, "iam:CreateVirtualMFADevice", noMFA, ImplicitDeny},
		{"IAM action without MFA, with an allow", []*policy.Policy{mfa, admin}, "iam:CreateVirtualMFADevice", noMFA, Allow},
		{"IAM action, key absent", []*policy.Policy{mfa, admin}, "iam:CreateAccessKey", nil, Allow},
		{"S3 without MFA is denied", []*policy.Policy{mfa}, "s3:GetObject", noMFA, ExplicitDeny},
		{"S3 without MFA, even with an allow", []*policy.Policy{mfa, admin}, "s3:GetObject", noMFA, ExplicitDeny},
		{"S3 with the key absent (access keys) is denied", []*policy.Policy{mfa, admin}, "s3:GetObject", nil, ExplicitDeny},
		{"S3 with MFA", []*policy.Policy{mfa, admin}, "s3:GetObject", withMFA, Allow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Evaluate(&Policies{Identity: tc.identity}, &Request{
				Principal: user, Action: tc.action, Resource: "*", Context: tc.context,
			})
			if err != nil {
				t.Fatal(err)
			}
			if d.Result != tc.want {
				t.Fatalf("got %v, want %v: %s", d.Result, tc.want, d.Reason())
			}
			if d.Result == ExplicitDeny {
				if len(d.Matched) != 1 || d.Matched[0].Sid != "DenyAllUsersNotUsingMFA" || d.Matched[0].Pos.Line != 3 {
					t.Errorf("trace %+v, want DenyAllUsersNotUsingMFA at line 3", d.Matched)
				}
			}
		})
	}
}

// The payroll policy denies s3:* on everything but two HRBucket ARNs. It
// allows nothing by itself; ARNs are case-sensitive, so the same bucket
// spelt in lower case is denied, and so is the bucket itself (only the
// Payroll prefix and the objects under it are excluded).
func TestSeedPayrollPolicy(t *testing.T) {
	payroll := seed(t, "seed-payroll.json")
	for _, tc := range []struct {
		name, action, resource string
		want                   Result
	}{
		{"payroll object: not denied, nothing allows", "s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/x", ImplicitDeny},
		{"payroll prefix object", "s3:GetObject", "arn:aws:s3:::HRBucket/Payroll", ImplicitDeny},
		{"lower-case bucket is another ARN", "s3:GetObject", "arn:aws:s3:::hrbucket/Payroll/x", ExplicitDeny},
		{"the bucket itself", "s3:ListBucket", "arn:aws:s3:::HRBucket", ExplicitDeny},
		{"another bucket", "s3:GetObject", "arn:aws:s3:::other/x", ExplicitDeny},
		{"account-level action", "s3:ListAllMyBuckets", "*", ExplicitDeny},
		{"other service", "ec2:DescribeInstances", "*", ImplicitDeny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Evaluate(&Policies{Identity: []*policy.Policy{payroll}}, &Request{
				Principal: user, Action: tc.action, Resource: tc.resource,
			})
			if err != nil {
				t.Fatal(err)
			}
			if d.Result != tc.want {
				t.Fatalf("got %v, want %v: %s", d.Result, tc.want, d.Reason())
			}
			if tc.want == ImplicitDeny && d.Step != StepIdentity {
				t.Errorf("step %v, want identity: %s", d.Step, d.Reason())
			}
		})
	}
}
