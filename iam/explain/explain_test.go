package explain

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/iam/policy"
)

func parse(t *testing.T, name, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func seed(t *testing.T, file string) *policy.Policy {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, file, string(data))
}

func ids(x Explanation) []string {
	var out []string
	for _, c := range x.Consequences {
		out = append(out, c.ID)
	}
	return out
}

func find(x Explanation, id string) (Consequence, bool) {
	for _, c := range x.Consequences {
		if c.ID == id {
			return c, true
		}
	}
	return Consequence{}, false
}

// mfaLike is the seed's MFA policy with its parts replaced.
func mfaLike(effect, actionElem, actions, operator, key, value string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "` + effect + `", "` + actionElem + `": ` + actions +
		`, "Resource": "*", "Condition": {"` + operator + `": {"` + key + `": "` + value + `"}}}]}`
}

// payrollLike is the seed's payroll policy with its parts replaced.
func payrollLike(effect, actions, resElem, resources string) string {
	return `{"Version": "2012-10-17", "Statement": {"Effect": "` + effect + `", "Action": ` + actions +
		`, "` + resElem + `": ` + resources + `}}`
}

// check is one expectation on an explanation: a finding present (or
// absent) whose text holds every fragment.
type check struct {
	id     string
	absent bool
	has    []string
}

func (c check) run(t *testing.T, x Explanation) {
	t.Helper()
	f, ok := find(x, c.id)
	if c.absent {
		if ok {
			t.Errorf("finding %s should not be there: %s", c.id, f.Text)
		}
		return
	}
	if !ok {
		t.Errorf("no finding %s; got %v", c.id, ids(x))
		return
	}
	for _, h := range c.has {
		if !strings.Contains(f.Text, h) {
			t.Errorf("finding %s lacks %q:\n%s", c.id, h, f.Text)
		}
	}
}

// TestSeedMFA: the conclusions an expert reaches on the seed's MFA policy.
func TestSeedMFA(t *testing.T) {
	x := Explain(seed(t, "mfa.json"))
	want := []string{"grants-nothing", "takes-away", "exempt-actions", "exempt-escalation", "condition-applies",
		"ifexists-catches-absent", "breaks", "satisfier-denied"}
	if diff := cmp.Diff(want, ids(x)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, c := range []check{
		{id: "exempt-actions", has: []string{"Every IAM action (190 of 190) stays allowed", "false", "absent (a long-term access key — including a leaked one)"}},
		{id: "exempt-escalation", has: []string{"iam:CreateAccessKey", "iam:AttachUserPolicy", "iam:CreateUser", "iam:EnableMFADevice",
			"detach, delete or rewrite this very policy", "blocked", "sts:AssumeRole denied"}},
		{id: "ifexists-catches-absent", has: []string{"BoolIfExists is what catches", "absent", "with Bool instead"}},
		{id: "breaks", has: []string{"every call outside IAM", "console before MFA", "long-term access keys", "service roles"}},
		{id: "satisfier-denied", has: []string{"sts:GetSessionToken is denied too", "false", "absent"}},
		{id: "takes-away", has: []string{"21,900 actions in 455 services", "nothing when aws:MultiFactorAuthPresent is true"}},
	} {
		c.run(t, x)
	}
	st := x.Statements[0]
	if st.Actions.Actions != 21901 || st.Actions.Services != 455 || !st.Actions.Except {
		t.Errorf("actions %+v", st.Actions)
	}
	if diff := cmp.Diff([]string{"when aws:MultiFactorAuthPresent is false, or absent (BoolIfExists)"}, st.Conditions); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
}

// TestSeedPayroll: the conclusions an expert reaches on the payroll policy.
func TestSeedPayroll(t *testing.T) {
	x := Explain(seed(t, "payroll.json"))
	want := []string{"grants-nothing", "takes-away", "only-left", "container-denied", "account-level-denied",
		"case-sensitive", "other-namespace", "s3-bucket-case", "sibling-services"}
	if diff := cmp.Diff(want, ids(x)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, c := range []check{
		{id: "grants-nothing", has: []string{"no Allow statement"}},
		{id: "only-left", has: []string{"object actions", "arn:aws:s3:::HRBucket/Payroll", "s3:GetObject"}},
		{id: "container-denied", has: []string{"arn:aws:s3:::HRBucket itself", "s3:ListBucket", `prefix "Payroll/"`}},
		{id: "account-level-denied", has: []string{"s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock", "15 of 15"}},
		{id: "case-sensitive", has: []string{"arn:aws:s3:::hrbucket/Payroll/x", "arn:aws:s3:::HRBucket/payroll/x", "are denied"}},
		{id: "other-namespace", has: []string{"accesspoint/example/object/Payroll", "accesspointobject", "denied"}},
		{id: "sibling-services", has: []string{"s3express", "s3-object-lambda", "none of their actions is denied"}},
	} {
		c.run(t, x)
	}
}

// TestVariants feeds rewritten seeds and checks that the conclusions
// follow the policy, not its name: they are read off simulated requests.
func TestVariants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		doc    string
		checks []check
	}{
		{"MFA policy sparing S3 instead of IAM",
			mfaLike("Deny", "NotAction", `"s3:*"`, "BoolIfExists", "aws:MultiFactorAuthPresent", "false"),
			[]check{
				{id: "exempt-actions", has: []string{"Every S3 action (180 of 180)"}},
				{id: "exempt-escalation", absent: true}, // IAM is denied: no key minting
				{id: "breaks", has: []string{"every call outside S3"}},
				{id: "satisfier-denied", has: []string{"sts:GetSessionToken"}},
			}},
		{"MFA policy with Bool: long-term keys pass",
			mfaLike("Deny", "NotAction", `"iam:*"`, "Bool", "aws:MultiFactorAuthPresent", "false"),
			[]check{
				{id: "absent-not-denied", has: []string{"aws:MultiFactorAuthPresent is absent (a long-term access key", "BoolIfExists would deny them"}},
				{id: "ifexists-catches-absent", absent: true},
				{id: "exempt-actions", has: []string{"Every IAM action", "is false"}},
				{id: "breaks", has: []string{"console before MFA"}},
			}},
		{"MFA policy sparing sts:GetSessionToken",
			mfaLike("Deny", "NotAction", `["iam:*", "sts:GetSessionToken"]`, "BoolIfExists", "aws:MultiFactorAuthPresent", "false"),
			[]check{
				{id: "satisfier-allowed", has: []string{"sts:GetSessionToken stays allowed"}},
				{id: "satisfier-denied", absent: true},
				{id: "exempt-actions", has: []string{"Every IAM action", "1 of the 16 Security Token Service actions (sts:GetSessionToken)"}},
			}},
		{"MFA policy sparing only the MFA self-service actions",
			mfaLike("Deny", "NotAction", `["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices"]`, "BoolIfExists", "aws:MultiFactorAuthPresent", "false"),
			[]check{
				{id: "exempt-actions", has: []string{"3 of the 190 IAM actions"}},
				{id: "exempt-escalation", absent: true}, // no chain is complete
			}},
		{"a condition on another key",
			mfaLike("Deny", "NotAction", `"iam:*"`, "Bool", "aws:SecureTransport", "false"),
			[]check{
				{id: "condition-applies", has: []string{"aws:SecureTransport is false (a request over plain HTTP)"}},
				{id: "satisfier-denied", absent: true},
				{id: "exempt-actions", has: []string{"Every IAM action"}},
			}},
		{"Allow instead of Deny",
			mfaLike("Allow", "Action", `"s3:GetObject"`, "BoolIfExists", "aws:MultiFactorAuthPresent", "true"),
			[]check{
				{id: "grants", has: []string{"allows 1 action in 1 service"}},
				{id: "grants-nothing", absent: true},
				{id: "ifexists-allows-absent", has: []string{"absent (a long-term access key"}},
				{id: "condition-applies", has: []string{"The allow applies when aws:MultiFactorAuthPresent is true"}},
				{id: "exempt-actions", absent: true},
			}},
		{"payroll policy on a lower-case bucket",
			payrollLike("Deny", `"s3:*"`, "NotResource", `["arn:aws:s3:::hrbucket/payroll", "arn:aws:s3:::hrbucket/payroll/*"]`),
			[]check{
				{id: "s3-bucket-case", absent: true},
				{id: "case-sensitive", has: []string{"arn:aws:s3:::Hrbucket/payroll/x", "denied"}},
				{id: "container-denied", has: []string{"arn:aws:s3:::hrbucket itself", `prefix "payroll/"`}},
				{id: "only-left", has: []string{"arn:aws:s3:::hrbucket/payroll"}},
			}},
		{"payroll policy naming the bucket too",
			payrollLike("Deny", `"s3:*"`, "NotResource", `["arn:aws:s3:::hrbucket", "arn:aws:s3:::hrbucket/payroll/*"]`),
			[]check{
				{id: "container-denied", absent: true},
				{id: "only-left", has: []string{"bucket action", "arn:aws:s3:::hrbucket"}},
			}},
		{"payroll policy with Resource instead of NotResource",
			payrollLike("Deny", `"s3:*"`, "Resource", `["arn:aws:s3:::hrbucket/payroll/*"]`),
			[]check{
				{id: "only-left", absent: true},
				{id: "container-not-covered", has: []string{"arn:aws:s3:::hrbucket itself", "s3:ListBucket", "allowed"}},
				{id: "account-level-denied", absent: true},
			}},
		{"payroll policy as an Allow",
			payrollLike("Allow", `"s3:*"`, "Resource", `["arn:aws:s3:::hrbucket/payroll/*"]`),
			[]check{
				{id: "grants", has: []string{"allows"}},
				{id: "grants-nothing", absent: true},
				{id: "container-not-allowed", has: []string{"arn:aws:s3:::hrbucket", "s3:ListBucket"}},
				{id: "account-level-not-allowed", has: []string{"s3:ListAllMyBuckets"}},
				{id: "sibling-services", has: []string{"none of their actions is allowed"}},
			}},
		{"payroll policy for another service",
			payrollLike("Deny", `"dynamodb:*"`, "NotResource", `["arn:aws:dynamodb:us-east-1:111122223333:table/Payroll"]`),
			[]check{
				{id: "only-left", has: []string{"arn:aws:dynamodb:us-east-1:111122223333:table/Payroll"}},
				{id: "account-level-denied", has: []string{"DynamoDB", "dynamodb:ListTables"}},
				{id: "sibling-services", absent: true},
				{id: "s3-bucket-case", absent: true},
				{id: "case-sensitive", has: []string{"table/payroll"}},
			}},
		{"a public bucket policy",
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}}`,
			[]check{
				{id: "public", has: []string{"anyone, including anonymous callers: s3:GetObject"}},
				{id: "grants", has: []string{"allows 1 action"}},
			}},
		{"a bucket policy for one other account",
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}}`,
			[]check{
				{id: "public", absent: true},
				{id: "cross-account", absent: true}, // 444455556666 is named; the probe's other account is not
			}},
		{"payroll policy without the wildcard key",
			payrollLike("Deny", `["s3:GetObject"]`, "NotResource", `["arn:aws:s3:::hrbucket/payroll/*"]`),
			[]check{
				{id: "takes-away", has: []string{"1 action in 1 service (S3)"}},
				{id: "sibling-services", absent: true}, // s3:GetObject names no wildcard
				{id: "container-denied", absent: true}, // GetObject does not act on buckets
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := Explain(parse(t, "variant.json", tc.doc))
			for _, c := range tc.checks {
				c.run(t, x)
			}
			if t.Failed() {
				var b strings.Builder
				x.WriteText(&b)
				t.Log(b.String())
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	p := parse(t, "d.json", `{"Version": "2012-10-17", "Statement": [
	  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Admin", "444455556666"], "Service": "lambda.amazonaws.com"},
	   "Action": ["s3:Get*", "s3:PutObject"], "Resource": "arn:aws:s3:::logs/*",
	   "Condition": {"StringNotEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
	                 "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TokenIssueTime": "true"}}},
	  {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:DeleteBucket", "Resource": "*"}]}`)
	x := Explain(p)
	got := []string{x.Statements[0].Principal, x.Statements[0].Actions.Text, x.Statements[0].Resources.Items[0]}
	got = append(got, x.Statements[0].Conditions...)
	got = append(got, x.Statements[1].Principal, x.Statements[1].Actions.Text)
	n, _ := expandActions(&policy.Values{Values: []policy.Value{{S: "s3:Get*"}, {S: "s3:PutObject"}}}).count(false)
	want := []string{
		"the role Admin in account 111122223333, account 444455556666 (any principal its own policies allow) and the service lambda.amazonaws.com",
		"s3:Get* (" + num(n-1) + " actions) and s3:PutObject: " + num(n) + " actions in 1 service",
		"arn:aws:s3:::logs/* — S3 object: bucket name logs, object name * (a pattern: * and ? match any characters, '/' included)",
		"when aws:SourceVpc is not any of vpc-1 or vpc-2 (none of them matches), or absent (a negated operator holds when the key is missing)",
		"when aws:SourceIp is an address in 10.0.0.0/8",
		"when every value of aws:TagKeys is team, or absent or empty (ForAllValues: holds for no values at all)",
		"when aws:TokenIssueTime is absent",
		"everyone except the user alice in account 111122223333 (NotPrincipal)",
		"s3:DeleteBucket",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("descriptions (-want +got):\n%s", diff)
	}
	if !slices.Contains(ids(x), "grants") {
		t.Errorf("a resource policy that allows its principal grants: %v", ids(x))
	}
}

func TestCompileError(t *testing.T) {
	x := Explain(parse(t, "bad.json", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
	  "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}}`))
	if x.Error == "" || len(x.Consequences) != 0 || len(x.Statements) != 1 {
		t.Errorf("error %q, %d consequences", x.Error, len(x.Consequences))
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 21901: "21,901", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}
