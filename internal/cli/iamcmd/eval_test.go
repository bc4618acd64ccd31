package iamcmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// Policies of testdata/eval: the seed guide's two, copied verbatim, and
// the policies they are attached beside in practice.
const (
	evalMFA        = "testdata/eval/seed-mfa.json"
	evalPayroll    = "testdata/eval/seed-payroll.json"
	evalAdmin      = "testdata/eval/admin.json"
	evalS3Read     = "testdata/eval/s3-read.json"
	evalBucket     = "testdata/eval/bucket-policy.json"
	evalPayrollObj = "arn:aws:s3:::HRBucket/Payroll/jan.csv"
	evalAlice      = "arn:aws:iam::111122223333:user/alice"
	evalBob        = "arn:aws:iam::444455556666:user/bob"
)

// evalResult is what a test checks of one decision: its JSON form with
// the reason left out (the engine's tests own its wording).
type evalResult struct {
	Decision string
	Matched  []string // policy:line:col sid effect
}

func decodeDecision(t *testing.T, out string) (evalResult, decisionJSON) {
	t.Helper()
	var d decisionJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("output is not a decision: %v\n%s", err, out)
	}
	r := evalResult{Decision: d.Decision}
	for _, m := range d.Matched {
		r.Matched = append(r.Matched, strings.Join([]string{m.Policy, strconv.Itoa(m.Line) + ":" + strconv.Itoa(m.Column), m.Type, m.Sid, m.Effect}, " "))
	}
	return r, d
}

// TestEvalSeed decides requests against the seed guide's policies and
// variants of them, and checks the decision, the statements that decided
// and the exit code.
func TestEvalSeed(t *testing.T) {
	mfaDeny := evalMFA + " 3:19 identity DenyAllUsersNotUsingMFA Deny"
	payDeny := evalPayroll + " 3:18 identity  Deny"
	adminAllow := evalAdmin + " 3:17 identity AdministratorAccess Allow"
	tests := []struct {
		name string
		args []string
		want evalResult
	}{
		{"MFA policy alone grants nothing",
			[]string{"--policy", evalMFA, "--action", "iam:ListUsers", "--resource", "*"},
			evalResult{"implicit-deny", nil}},
		{"a long-term key (no MFA key) is denied outside IAM",
			[]string{"--policy", evalAdmin, "--policy", evalMFA, "--action", "s3:GetObject", "--resource", evalPayrollObj},
			evalResult{"explicit-deny", []string{mfaDeny}}},
		{"a long-term key keeps every IAM action",
			[]string{"--policy", evalAdmin, "--policy", evalMFA, "--action", "iam:CreateAccessKey", "--resource", "arn:aws:iam::111122223333:user/alice"},
			evalResult{"allow", []string{adminAllow}}},
		{"MFA present: allowed",
			[]string{"--policy", evalAdmin, "--policy", evalMFA, "--action", "s3:GetObject", "--resource", evalPayrollObj,
				"--context", "aws:MultiFactorAuthPresent=true"},
			evalResult{"allow", []string{adminAllow}}},
		{"MFA false: denied",
			[]string{"--policy", evalAdmin, "--policy", evalMFA, "--action", "ec2:RunInstances", "--resource", "*",
				"--context", "aws:MultiFactorAuthPresent=false"},
			evalResult{"explicit-deny", []string{mfaDeny}}},
		{"payroll policy alone grants nothing",
			[]string{"--policy", evalPayroll, "--action", "s3:GetObject", "--resource", evalPayrollObj},
			evalResult{"implicit-deny", nil}},
		{"payroll objects stay readable beside an allow",
			[]string{"--policy", evalAdmin, "--policy", evalPayroll, "--action", "s3:GetObject", "--resource", evalPayrollObj},
			evalResult{"allow", []string{adminAllow}}},
		{"the bucket itself is denied (ListBucket)",
			[]string{"--policy", evalAdmin, "--policy", evalPayroll, "--action", "s3:ListBucket", "--resource", "arn:aws:s3:::HRBucket"},
			evalResult{"explicit-deny", []string{payDeny}}},
		{"ARNs are case-sensitive: hrbucket is another bucket",
			[]string{"--policy", evalAdmin, "--policy", evalPayroll, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::hrbucket/Payroll/jan.csv"},
			evalResult{"explicit-deny", []string{payDeny}}},
		{"other services are untouched by the payroll policy",
			[]string{"--policy", evalAdmin, "--policy", evalPayroll, "--action", "dynamodb:GetItem", "--resource", "arn:aws:dynamodb:us-east-1:111122223333:table/t"},
			evalResult{"allow", []string{adminAllow}}},
		{"actions compare case-insensitively",
			[]string{"--policy", evalS3Read, "--action", "S3:getobject", "--resource", "arn:aws:s3:::HRBucket/a"},
			evalResult{"allow", []string{evalS3Read + " 4:5 identity ReadHR Allow"}}},
		{"both seed policies with MFA",
			[]string{"--policy", evalS3Read, "--policy", evalMFA, "--policy", evalPayroll, "--action", "s3:GetObject",
				"--resource", evalPayrollObj, "--context", "aws:MultiFactorAuthPresent=true", "--principal", evalAlice},
			evalResult{"allow", []string{evalS3Read + " 4:5 identity ReadHR Allow"}}},
		{"SCP levels: a file and a directory",
			[]string{"--policy", evalAdmin, "--scp", "testdata/eval/scp-root", "--scp", "testdata/eval/scp-ou/s3-only.json",
				"--action", "ec2:RunInstances", "--resource", "*"},
			evalResult{"implicit-deny", []string{adminAllow, "testdata/eval/scp-root/full-access.json 1:41 scp FullAWSAccess Allow"}}},
		{"SCP deny in a directory level",
			[]string{"--policy", evalAdmin, "--scp", "testdata/eval/scp-root", "--action", "organizations:LeaveOrganization", "--resource", "*"},
			evalResult{"explicit-deny", []string{"testdata/eval/scp-root/deny-leave.json 1:41 scp DenyLeaveOrg Deny"}}},
		{"boundary limits an allow",
			[]string{"--policy", evalAdmin, "--boundary", evalS3Read, "--action", "s3:PutObject", "--resource", "arn:aws:s3:::HRBucket/a"},
			evalResult{"implicit-deny", []string{adminAllow}}},
		{"cross-account: the bucket policy and the identity side",
			[]string{"--policy", evalS3Read, "--resource-policy", evalBucket, "--principal", evalBob, "--resource-account", "111122223333",
				"--action", "s3:GetObject", "--resource", "arn:aws:s3:::HRBucket/a", "--context", "aws:SourceIp=203.0.113.7"},
			evalResult{"allow", []string{evalS3Read + " 4:5 identity ReadHR Allow", evalBucket + " 4:5 resource PartnerRead Allow"}}},
		{"cross-account: outside the bucket policy's network",
			[]string{"--policy", evalS3Read, "--resource-policy", evalBucket, "--principal", evalBob, "--resource-account", "111122223333",
				"--action", "s3:GetObject", "--resource", "arn:aws:s3:::HRBucket/a", "--context", "aws:SourceIp=198.51.100.1"},
			evalResult{"implicit-deny", []string{evalS3Read + " 4:5 identity ReadHR Allow"}}},
		{"a custom key read by a numeric condition",
			[]string{"--policy", "testdata/eval/custom-key.json", "--action", "s3:GetObject", "--resource", "*", "--context", "acme:risk=3"},
			evalResult{"allow", []string{"testdata/eval/custom-key.json 3:17 identity  Allow"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, append([]string{"eval", "--format", "json"}, tt.args...)...)
			got, _ := decodeDecision(t, out)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
			wantCode := cmdutil.ExitThreshold
			if tt.want.Decision == "allow" {
				wantCode = cmdutil.ExitOK
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d; stderr %q", code, wantCode, errOut)
			}
			switch {
			case code == 0 && errOut != "":
				t.Errorf("allowed, but stderr %q", errOut)
			case code == 1 && (!strings.HasPrefix(errOut, "awssec: "+tt.want.Decision+": ") || strings.Count(errOut, "\n") != 1):
				t.Errorf("denied: stderr %q, want one line naming the decision", errOut)
			}
		})
	}
}

// TestEvalGoldens renders one decision of each kind in each format.
func TestEvalGoldens(t *testing.T) {
	requests := []struct {
		name string
		args []string
	}{
		{"allow", []string{"--policy", evalAdmin, "--policy", evalMFA, "--action", "s3:GetObject", "--resource", evalPayrollObj,
			"--principal", evalAlice, "--context", "aws:MultiFactorAuthPresent=true", "--context", "aws:SourceIp=203.0.113.7"}},
		{"explicit-deny", []string{"--policy", evalAdmin, "--policy", evalMFA, "--policy", evalPayroll, "--action", "s3:ListBucket",
			"--resource", "arn:aws:s3:::HRBucket"}},
		{"implicit-deny", []string{"--policy", evalAdmin, "--scp", "testdata/eval/scp-root", "--scp", "testdata/eval/scp-ou",
			"--action", "ec2:RunInstances", "--resource", "*", "--principal", evalAlice}},
	}
	for _, format := range []string{"text", "json"} {
		var all strings.Builder
		for _, r := range requests {
			out, _, _ := run(t, append([]string{"eval", "--format", format}, r.args...)...)
			all.WriteString("# " + r.name + "\n" + out)
		}
		golden(t, "eval."+format, all.String())
	}
}

// TestEvalRequests decides a JSON Lines file: one decision per request
// line, with its line number; a denial among them exits 1.
func TestEvalRequests(t *testing.T) {
	out, errOut, code := run(t, "eval", "--policy", evalAdmin, "--policy", evalMFA, "--policy", evalPayroll,
		"--requests", "testdata/eval/requests.jsonl")
	if code != cmdutil.ExitThreshold || errOut != "awssec: 2 of 4 requests denied\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	golden(t, "eval-requests.jsonl", out)
	var got []string
	for line := range strings.SplitSeq(strings.TrimSuffix(out, "\n"), "\n") {
		var d decisionJSON
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		got = append(got, strconv.Itoa(d.Line)+" "+d.Decision)
	}
	want := []string{"1 allow", "3 explicit-deny", "4 allow", "5 explicit-deny"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}

	// Every request allowed: exit 0. Requests also come from stdin.
	ios, in, stdout, stderr := iostreams.Test()
	in.WriteString(`{"action":"s3:GetObject","resource":"arn:aws:s3:::HRBucket/a","context":{"aws:MultiFactorAuthPresent":["true"]}}` + "\n")
	err := runEval(&EvalOptions{IO: ios, Policies: []string{evalS3Read, evalMFA}, Requests: "-", Format: "text"})
	if err != nil || stderr.Len() != 0 || !strings.HasPrefix(stdout.String(), `{"line":1,"decision":"allow",`) {
		t.Errorf("stdin: err %v, stdout %q, stderr %q", err, stdout, stderr)
	}
}

// TestEvalRequestsBadInput: a bad line is one positioned error, exit 2,
// and nothing is decided.
func TestEvalRequestsBadInput(t *testing.T) {
	const good = `{"action":"s3:GetObject","resource":"*"}`
	tests := []struct {
		line string
		want string
	}{
		{`{"action":"s3:GetObject"`, "2:25: unexpected end of line: a request is one JSON object on one line"},
		{`nope`, "2:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')"},
		{`[1]`, "2:1: a request is a JSON object, not array"},
		{`{"action":1,"resource":"*"}`, `2:11: "action" must be a string, not number`},
		{`{"action":"GetObject","resource":"*"}`, `2:11: action: "GetObject": an action is service:Name, like s3:GetObject`},
		{`{"action":"s3:GetObject","resource":"x"}`, `2:37: resource: "x": not an ARN (arn:partition:service:region:account:resource) nor '*'`},
		{`{"action":"s3:GetObject","resource":"*","principal":"bob"}`, `2:53: principal: "bob": give an ARN`},
		{`{"action":"s3:GetObject","resource":"*","zz":1}`, `2:41: unknown field "zz" (a request has action, resource, principal, resourceAccount, context)`},
		{`{"action":"s3:GetObject","resource":"*","action":"s3:PutObject"}`, `2:41: duplicate member "action"`},
		{`{"action":"s3:GetObject","resource":"*"} {}`, "2:41: more after the request's closing brace"},
		{`{"resource":"*"}`, `2:1: the request has no "action"`},
		{`{"action":"s3:GetObject"}`, `2:1: the request has no "resource"`},
		{`{"action":"s3:GetObject","resource":"*","context":[]}`, `2:51: "context" must be an object of keys and values, not array`},
		{`{"action":"s3:GetObject","resource":"*","context":{"k":null}}`, `2:56: context "k": a value is a string, number or boolean, not null`},
		{`{"action":"s3:GetObject","resource":"*","context":{"aws:MultiFactorAuthPresent":"maybe"}}`,
			`2:81: context "aws:MultiFactorAuthPresent": aws:MultiFactorAuthPresent is of type Bool and "maybe" is not true or false`},
		{`{"action":"s3:GetObject","resource":"*","context":{"aws:SourceIp":["203.0.113.7","x"]}}`,
			`2:82: context "aws:SourceIp": aws:SourceIp is of type IPAddress and "x" is not an IP address`},
		{`{"action":"s3:GetObject","resource":"*","context":{"aws:CurrentTime":"yesterday"}}`,
			`is of type Date and "yesterday" is not an ISO 8601 date or epoch time`},
		{`{"action":"s3:GetObject","resource":"*","context":{"acme:risk":"high"}}`,
			`2:64: context "acme:risk": the NumericLessThan condition at testdata/eval/custom-key.json:7:19 reads acme:risk as a number and "high" is not one`},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		path := filepath.Join(dir, "requests.jsonl")
		if err := os.WriteFile(path, []byte(good+"\n"+tt.line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := run(t, "eval", "--policy", "testdata/eval/custom-key.json", "--requests", path)
		prefix := "awssec: " + path + ":"
		if code != cmdutil.ExitUsage || out != "" || !strings.HasPrefix(errOut, prefix) ||
			!strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s:\nexit %d, stdout %q\nstderr %q\nwant   %q", tt.line, code, out, errOut, prefix+tt.want)
		}
	}
}

// TestEvalBadInput: bad policies, flags and context values are one line
// on stderr and exit 2, with nothing on stdout.
func TestEvalBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	notJSON := write("not-json.json", "nope")
	notPolicy := write("not-policy.json", `{"Foo": 1}`)
	badEffect := write("effect.json", `{"Statement":{"Effect":"Maybe","Action":"s3:*","Resource":"*"}}`)
	noPrefix := write("action.json", `{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}`)
	badARN := write("arn.json", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws"}}`)
	badOp := write("op.json", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}}`)
	badNum := write("num.json", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}}`)
	principal := write("principal.json", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`)
	os.Mkdir(filepath.Join(dir, "empty"), 0o755)

	req := []string{"--action", "s3:GetObject", "--resource", "*"}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--policy", notJSON}, notJSON + ":1:2: not JSON"},
		{[]string{"--policy", notPolicy}, notPolicy + ":1:"},
		{[]string{"--policy", badEffect}, badEffect + `:1:24: "Effect" must be "Allow" or "Deny"`},
		{[]string{"--policy", noPrefix}, noPrefix + ":1:"},
		{[]string{"--policy", badARN}, badARN + ":1:"},
		{[]string{"--policy", badOp}, badOp + ":1:"},
		{[]string{"--policy", badNum}, badNum + `:1:109: bad condition value: NumericLessThan: "ten" is not a number`},
		{[]string{"--policy", principal}, principal + `:1:32: an identity policy takes no "Principal"`},
		{[]string{"--resource-policy", evalAdmin}, evalAdmin + `:3:17: statement has neither "Principal" nor "NotPrincipal"`},
		{[]string{"--policy", filepath.Join(dir, "missing.json")}, "--policy: open "},
		{[]string{"--policy", evalAdmin, "--scp", filepath.Join(dir, "empty")}, "the directory holds no .json policy"},
		{[]string{"--policy", evalAdmin, "--context", "novalue"}, `--context "novalue": want key=value`},
		{[]string{"--policy", evalAdmin, "--context", "aws:MultiFactorAuthPresent=maybe"},
			`--context aws:MultiFactorAuthPresent=maybe: aws:MultiFactorAuthPresent is of type Bool and "maybe" is not true or false`},
		{[]string{"--policy", evalAdmin, "--context", "aws:MultiFactorAuthAge=old"}, `is of type Numeric and "old" is not a number`},
		{[]string{"--policy", evalAdmin, "--context", "aws:SourceArn=bucket"}, `is of type ARN and "bucket" is not an ARN`},
		{[]string{"--policy", "testdata/eval/custom-key.json", "--context", "acme:risk=high"},
			`--context acme:risk=high: the NumericLessThan condition at testdata/eval/custom-key.json:7:19 reads acme:risk as a number`},
		{[]string{"--policy", evalAdmin, "--principal", "alice"}, `--principal "alice": give an ARN`},
		{[]string{"--policy", evalAdmin, "--principal", "arn:aws"}, `--principal "arn:aws": malformed ARN`},
		{[]string{"--policy", evalAdmin, "--resource-account", "12"}, `--resource-account "12": an account id has 12 digits`},
		{[]string{"--policy", evalAdmin, "--format", "yaml"}, `unknown format "yaml" (valid: text, json)`},
		{[]string{"--policy", evalAdmin, "--requests", "x.jsonl"}, "--action and --requests do not go together"},
		{[]string{}, "give the policies to evaluate"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, append(append([]string{"eval"}, tt.args...), req...)...)
		if code != cmdutil.ExitUsage || out != "" || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v:\nexit %d, stdout %q\nstderr %q\nwant   %q", tt.args, code, out, errOut, tt.want)
		}
	}

	// The request flags.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--resource", "*"}, "give the request's action"},
		{[]string{"--action", "s3:GetObject"}, "give the request's resource"},
		{[]string{"--action", "GetObject", "--resource", "*"}, `--action "GetObject": an action is service:Name`},
		{[]string{"--action", "s3:Get*", "--resource", "*"}, "a request names one action, without wildcards"},
		{[]string{"--action", "s3:GetObject", "--resource", "bucket"}, `--resource "bucket": not an ARN`},
		{[]string{"--requests", "x.jsonl", "--format", "text"}, "--format text does not apply"},
		{[]string{"--requests", "x.jsonl", "--context", "a=b"}, "--context and --requests do not go together"},
		{[]string{"--requests", filepath.Join(dir, "none.jsonl")}, "--requests: open "},
		{[]string{"--requests", write("empty.jsonl", "\n\n")}, "empty.jsonl: no request"},
	} {
		out, errOut, code := run(t, append([]string{"eval", "--policy", evalAdmin}, tt.args...)...)
		if code != cmdutil.ExitUsage || out != "" || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v:\nexit %d, stdout %q\nstderr %q\nwant   %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestEvalUnknownAction: an action the catalogue does not know is decided
// (policies may name it) with a warning, since a typo would otherwise be a
// silent implicit deny.
func TestEvalUnknownAction(t *testing.T) {
	out, errOut, code := run(t, "eval", "--policy", evalS3Read, "--action", "s3:GetObjet", "--resource", "arn:aws:s3:::HRBucket/a")
	if code != cmdutil.ExitThreshold || !strings.HasPrefix(out, "decision: implicit-deny\n") ||
		!strings.HasPrefix(errOut, "awssec: warning: --action s3:GetObjet is not in the service catalogue") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestEvalDefaultPrincipal: without --principal the caller is a user of
// the resource's account, so a same-account request.
func TestEvalDefaultPrincipal(t *testing.T) {
	for _, tt := range []struct{ resource, account, want string }{
		{"arn:aws:s3:::b/k", "", "arn:aws:iam::111122223333:user/awssec-eval"},
		{"arn:aws:s3:::b/k", "444455556666", "arn:aws:iam::444455556666:user/awssec-eval"},
		{"arn:aws-cn:dynamodb:cn-north-1:444455556666:table/t", "", "arn:aws-cn:iam::444455556666:user/awssec-eval"},
		{"*", "", "arn:aws:iam::111122223333:user/awssec-eval"},
	} {
		if got := evalDefaultPrincipal(tt.resource, tt.account); got != tt.want {
			t.Errorf("evalDefaultPrincipal(%q, %q) = %q, want %q", tt.resource, tt.account, got, tt.want)
		}
	}
}

// TestEvalOptions checks the flags reach the options.
func TestEvalOptions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *EvalOptions
	cmd := NewCmdEval(&cmdutil.Factory{IOStreams: ios}, func(o *EvalOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--policy", "a.json", "--policy", "b.json", "--resource-policy", "r.json", "--scp", "root/",
		"--scp", "ou.json", "--rcp", "rcp.json", "--boundary", "pb.json", "--session-policy", "s.json",
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--principal", evalAlice, "--resource-account", "444455556666",
		"--context", "aws:SourceIp=203.0.113.7,198.51.100.1", "--context", "aws:SourceIp=192.0.2.1", "-f", "json"})
	cmd.SetOut(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := &EvalOptions{IO: ios, Policies: []string{"a.json", "b.json"}, ResourcePolicy: "r.json", SCPs: []string{"root/", "ou.json"},
		RCPs: []string{"rcp.json"}, Boundary: "pb.json", Sessions: []string{"s.json"}, Action: "s3:GetObject",
		Resource: "arn:aws:s3:::b/k", Principal: evalAlice, ResourceAccount: "444455556666",
		Context: []string{"aws:SourceIp=203.0.113.7,198.51.100.1", "aws:SourceIp=192.0.2.1"}, Format: "json", formatSet: true}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(EvalOptions{}), cmpopts.IgnoreFields(EvalOptions{}, "ReadFile"),
		cmp.Comparer(func(a, b *iostreams.IOStreams) bool { return a == b })); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

// TestEvalContextMultiValued: a key given twice has both values, so a
// ForAnyValue condition sees each.
func TestEvalContextMultiValued(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tags.json")
	os.WriteFile(path, []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*",
"Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}}}`), 0o644)
	for _, tt := range []struct {
		ctx  []string
		want string
	}{
		{[]string{"aws:TagKeys=env", "aws:TagKeys=team"}, "allow"},
		{[]string{"aws:TagKeys=env", "aws:TagKeys=owner"}, "implicit-deny"},
	} {
		args := []string{"eval", "-f", "json", "--policy", path, "--action", "ec2:CreateTags", "--resource", "*"}
		for _, c := range tt.ctx {
			args = append(args, "--context", c)
		}
		out, _, _ := run(t, args...)
		if got, _ := decodeDecision(t, out); got.Decision != tt.want {
			t.Errorf("%v: %s, want %s", tt.ctx, got.Decision, tt.want)
		}
	}
}
