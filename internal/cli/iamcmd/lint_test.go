package iamcmd

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/awssec/awssec/iam/lint"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// lintJSON runs `iam lint --format json` and decodes the findings.
func lintJSON(t *testing.T, args ...string) ([]lintFinding, string, int) {
	t.Helper()
	out, errOut, code := run(t, append([]string{"lint", "--format", "json"}, args...)...)
	var fs []lintFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("%v: output is not a findings array: %v\n%s", args, err, out)
	}
	return fs, errOut, code
}

// wantExit is the exit status the findings call for: 1 when one is of
// class error or security-warning.
func lintWantExit(fs []lintFinding) int {
	for _, f := range fs {
		if f.Class == lint.Error || f.Class == lint.SecurityWarning {
			return cmdutil.ExitThreshold
		}
	}
	return cmdutil.ExitOK
}

// TestLintPolicies lints the seed guide's two policies and variants of
// them: each must report the checks named (others may come with new
// checks), exit 1 exactly when a finding is an error or a security
// warning, and every finding must carry a position, id, message and fix.
func TestLintPolicies(t *testing.T) {
	tests := []struct {
		file, typ string
		want      []string // ids that must be among the findings
		exit      int      // -1: whatever the findings call for
	}{
		{"seed-mfa.json", "", []string{"iam-deny-notaction-exempts"}, cmdutil.ExitThreshold},
		{"seed-mfa.json", "boundary", nil, -1},
		{"seed-payroll.json", "", []string{"iam-notresource-bucket-objects", "iam-s3-bucket-name-case"}, -1},
		{"seed-payroll.json", "scp", nil, -1},
		{"mfa-bool.json", "", []string{"iam-bool-mfa-deny"}, cmdutil.ExitThreshold},
		{"payroll-allow.json", "", []string{"iam-allow-notaction", "iam-allow-notresource"}, cmdutil.ExitThreshold},
		{"principal-in-identity.json", "identity", []string{"iam-element-not-allowed"}, cmdutil.ExitThreshold},
		{"principal-in-identity.json", "", nil, -1}, // guessed: a resource policy
		{"seed-mfa.json", "resource", []string{"iam-element-missing"}, cmdutil.ExitThreshold},
		{"trust-anyone.json", "trust", []string{"iam-trust-wildcard-principal"}, cmdutil.ExitThreshold},
		{"trust-anyone.json", "identity", []string{"iam-element-not-allowed", "iam-element-missing"}, cmdutil.ExitThreshold},
		{"unknown-action.json", "", []string{"iam-unknown-action"}, cmdutil.ExitThreshold},
		{"no-version.json", "", []string{"iam-missing-version"}, -1},
	}
	for _, tt := range tests {
		args := []string{"testdata/lint/" + tt.file}
		if tt.typ != "" {
			args = append(args, "--type", tt.typ)
		}
		fs, errOut, code := lintJSON(t, args...)
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.ID)
			if f.File != args[0] || f.Line < 1 || f.Column < 1 || f.ID == "" || f.Message == "" || f.Fix == "" ||
				f.Class == "" || f.Severity == 0 || f.Statement < -1 {
				t.Errorf("%v: incomplete finding %+v", args, f)
			}
		}
		for _, id := range tt.want {
			if !slices.Contains(ids, id) {
				t.Errorf("%v: no %s among %v", args, id, ids)
			}
		}
		want := tt.exit
		if want < 0 {
			want = lintWantExit(fs)
		} else if w := lintWantExit(fs); w != want {
			t.Errorf("%v: findings %v call for exit %d, the test for %d", args, ids, w, want)
		}
		if code != want {
			t.Errorf("%v: exit %d, want %d; stderr %q", args, code, want, errOut)
		}
		if code == cmdutil.ExitThreshold && (!strings.HasSuffix(errOut, " of class error or security-warning\n") || strings.Count(errOut, "\n") != 1) {
			t.Errorf("%v: stderr %q", args, errOut)
		}
		if code == 0 && errOut != "" {
			t.Errorf("%v: exit 0 with stderr %q", args, errOut)
		}
		// Text says the same, line by line.
		out, _, tcode := run(t, append([]string{"lint"}, args...)...)
		if tcode != code || strings.Count(out, ": "+string(lint.Error)+" ")+strings.Count(out, ": "+string(lint.SecurityWarning)+" ") !=
			countClass(fs, lint.Error)+countClass(fs, lint.SecurityWarning) {
			t.Errorf("%v: text exit %d (json %d), output:\n%s", args, tcode, code, out)
		}
	}
}

func countClass(fs []lintFinding, c lint.Class) int {
	n := 0
	for _, f := range fs {
		if f.Class == c {
			n++
		}
	}
	return n
}

// TestLintGoldens renders the seed policies and a variant in text and
// JSON. The findings come from iam/lint: when its checks change, review
// the diff and run with -update.
func TestLintGoldens(t *testing.T) {
	files := []string{"testdata/lint/seed-mfa.json", "testdata/lint/seed-payroll.json", "testdata/lint/principal-in-identity.json"}
	for _, format := range []string{"text", "json"} {
		out, _, _ := run(t, append([]string{"lint", "--format", format, "--type", "identity"}, files...)...)
		golden(t, "lint."+format, out)
	}
}

// TestLintSARIF checks the SARIF log's shape: one run, every check a rule,
// each result with its rule, level and location.
func TestLintSARIF(t *testing.T) {
	out, _, code := run(t, "lint", "--format", "sarif", "--type", "identity", "testdata/lint/principal-in-identity.json", "testdata/lint/bad-effect.json")
	if code != cmdutil.ExitUsage {
		t.Errorf("exit %d, want 2 (a policy does not parse)", code)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log, json.RejectUnknownMembers(true)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run0 := log.Runs[0]
	var ruleIDs []string
	for _, r := range run0.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, r.ID)
		if r.ShortDescription.Text == "" || r.DefaultConfiguration.Level == "" {
			t.Errorf("rule %s incomplete: %+v", r.ID, r)
		}
	}
	wantRules := []string{parseErrorID}
	for _, c := range lint.Checks() {
		wantRules = append(wantRules, c.ID)
	}
	if diff := cmp.Diff(wantRules, ruleIDs); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	var got []string
	for _, r := range run0.Results {
		if run0.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has ruleIndex %d (%s)", r.RuleID, r.RuleIndex, run0.Tool.Driver.Rules[r.RuleIndex].ID)
		}
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.Region == nil || r.Message.Text == "" {
			t.Errorf("result %s: %+v", r.RuleID, r)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		got = append(got, strings.Join([]string{loc.ArtifactLocation.URI, fmt.Sprintf("%d:%d", loc.Region.StartLine, loc.Region.StartColumn), r.RuleID, r.Level}, " "))
	}
	for _, want := range []string{
		"testdata/lint/principal-in-identity.json 5:9 iam-element-not-allowed error",
		`testdata/lint/bad-effect.json 4:19 iam-parse-error error`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no result %q among:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// TestLintParseError: text reports a policy that does not parse as the one
// positioned line it is; JSON and SARIF also as a finding; exit 2 always.
func TestLintParseError(t *testing.T) {
	out, errOut, code := run(t, "lint", "testdata/lint/bad-effect.json")
	if code != cmdutil.ExitUsage || out != "" ||
		errOut != "awssec: testdata/lint/bad-effect.json:4:19: \"Effect\" must be \"Allow\" or \"Deny\", not \"Permit\"\n" {
		t.Errorf("text: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	fs, errOut, code := lintJSON(t, "testdata/lint/seed-mfa.json", "testdata/lint/bad-effect.json")
	if code != cmdutil.ExitUsage || !strings.HasPrefix(errOut, "awssec: testdata/lint/bad-effect.json:4:19: ") {
		t.Errorf("json: exit %d, stderr %q", code, errOut)
	}
	want := lintFinding{File: "testdata/lint/bad-effect.json", Line: 4, Column: 19, Statement: -1, ID: parseErrorID, Class: lint.Error,
		Severity: 4, Message: `"Effect" must be "Allow" or "Deny", not "Permit"`}
	var got *lintFinding
	for i := range fs {
		if fs[i].ID == parseErrorID {
			got = &fs[i]
		}
	}
	if got == nil {
		t.Fatalf("no parse-error finding among %+v", fs)
	}
	if diff := cmp.Diff(want, *got, cmpopts.IgnoreFields(lintFinding{}, "Fix", "Severity")); diff != "" {
		t.Errorf("finding (-want +got):\n%s", diff)
	}
}

// TestLintBadInput: bad flags and unreadable files are one line, exit 2.
func TestLintBadInput(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint"}, "awssec: give one or more policy files, for example: awssec iam lint policy.json\n"},
		{[]string{"lint", "--type", "bucket", "testdata/lint/seed-mfa.json"},
			"awssec: --type: unknown policy type \"bucket\" (want one of identity, resource, trust, scp, rcp, boundary, session)\n"},
		{[]string{"lint", "--format", "yaml", "testdata/lint/seed-mfa.json"}, "awssec: unknown format \"yaml\" (valid: text, json, sarif)\n"},
		{[]string{"lint", "testdata/lint/missing.json"}, "awssec: open testdata/lint/missing.json: no such file or directory\n"},
	} {
		out, errOut, code := run(t, tt.args...)
		if code != cmdutil.ExitUsage || out != "" || errOut != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n got %q\nwant %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestLintOptions checks the flags reach the options.
func TestLintOptions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *LintOptions
	cmd := NewCmdLint(&cmdutil.Factory{IOStreams: ios}, func(o *LintOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-t", "trust", "-f", "sarif", "a.json", "b.json"})
	cmd.SetOut(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := &LintOptions{IO: ios, Type: "trust", Format: "sarif", Files: []string{"a.json", "b.json"}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(LintOptions{}, "ReadFile"),
		cmp.Comparer(func(a, b *iostreams.IOStreams) bool { return a == b })); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"policy.json":        "policy.json",
		"dir/my policy.json": "dir/my%20policy.json",
		"/abs/p.json":        "file:///abs/p.json",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}
