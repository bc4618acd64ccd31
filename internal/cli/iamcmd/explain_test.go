package iamcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestExplainGoldens: the seed's two policies in both formats. The text
// goldens are what the README shows.
func TestExplainGoldens(t *testing.T) {
	for _, seed := range []string{"mfa", "payroll"} {
		for _, format := range []string{"text", "json"} {
			out, errOut, code := run(t, "explain", "--format", format, filepath.Join("testdata", "explain", seed+".json"))
			if code != 0 || errOut != "" {
				t.Fatalf("%s --format %s: exit %d, stderr %q", seed, format, code, errOut)
			}
			golden(t, filepath.Join("explain", seed+".out."+format), out)
		}
	}
}

func TestExplainJSONShape(t *testing.T) {
	path := filepath.Join("testdata", "explain", "payroll.json")
	out, _, code := run(t, "explain", "--format", "json", path)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Policy     string
		Statements []struct {
			Effect  string
			Actions struct{ Actions int }
		}
		Consequences []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &got, json.MatchCaseInsensitiveNames(true)); err != nil {
		t.Fatal(err)
	}
	if got.Policy != path || len(got.Statements) != 1 || got.Statements[0].Effect != "Deny" ||
		got.Statements[0].Actions.Actions != 180 || len(got.Consequences) == 0 || got.Consequences[0].ID != "grants-nothing" {
		t.Errorf("unexpected JSON: %+v", got)
	}
}

// TestExplainBadInput: one positioned line on stderr, exit 2, nothing on
// stdout.
func TestExplainBadInput(t *testing.T) {
	tests := []struct {
		name, doc string
		args      []string
		want      string
	}{
		{name: "not JSON", doc: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",,}\n  ]\n}",
			want: "policy.json:4:"},
		{name: "bad effect", doc: `{"Version": "2012-10-17", "Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}`,
			want: `policy.json:1:51: "Effect" must be "Allow" or "Deny"`},
		{name: "value the evaluator cannot read", doc: "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\",\n" +
			"  \"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": \"ten\"}}}}",
			want: "policy.json:2:"},
		{name: "no file", args: []string{"explain"}, want: "give one policy file"},
		{name: "bad format", args: []string{"explain", "--format", "yaml", "x.json"}, want: `unknown format "yaml"`},
		{name: "missing file", args: []string{"explain", "does-not-exist.json"}, want: "does-not-exist.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if args == nil {
				// Relative, so that the message says policy.json:line:col.
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "policy.json"), []byte(tt.doc), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Chdir(dir)
				args = []string{"explain", "policy.json"}
			}
			out, errOut, code := run(t, args...)
			if code != cmdutil.ExitUsage || out != "" || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", code, out, errOut, tt.want)
			}
		})
	}
}

// TestExplainStdin reads the policy from standard input.
func TestExplainStdin(t *testing.T) {
	out, errOut, code := runExplainStdin(t, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}`,
		"explain", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	first, _, _ := strings.Cut(out, "\n")
	if diff := cmp.Diff("<stdin>: 1 statement", first); diff != "" {
		t.Errorf("first line (-want +got):\n%s", diff)
	}
}

// runExplainStdin is run with standard input.
func runExplainStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	cmd := NewCmdIAM(&cmdutil.Factory{IOStreams: ios})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err != nil {
		errOut.WriteString("awssec: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), cmdutil.ExitCode(err)
}
