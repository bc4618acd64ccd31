package interviewcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/bank"
)

// run runs `interview args...` as the root would and returns stdout,
// stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runAt(t, time.Now, "", args...)
}

// runAt is run with a clock and standard input.
func runAt(t *testing.T, now func() time.Time, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	cmd := NewCmdInterview(&cmdutil.Factory{IOStreams: ios, Now: now})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	err := cmd.Execute()
	if err != nil {
		errOut.WriteString("awssec: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), cmdutil.ExitCode(err)
}

func TestQuestionsList(t *testing.T) {
	out, errOut, code := run(t, "questions", "--category", "iam", "--search", "policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("want several IAM questions about policies, got:\n%s", out)
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) < 3 || f[1] != "iam" {
			t.Errorf("line not an iam question: %q", l)
		}
	}
	if !strings.Contains(errOut, "questions; show one with") {
		t.Errorf("stderr: %q", errOut)
	}
}

func TestQuestionShow(t *testing.T) {
	out, _, code := run(t, "questions", "mfa-policy")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Q: Explain this policy", "Key points:", "BoolIfExists", "Source: https://docs.aws.amazon.com/", "See it for real: awssec iam explain mfa.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestQuestionsJSON(t *testing.T) {
	out, _, code := run(t, "questions", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var qs []bank.Question
	if err := json.Unmarshal([]byte(out), &qs); err != nil {
		t.Fatal(err)
	}
	all, _ := bank.Embedded()
	if len(qs) != len(all) || qs[0].ID != all[0].ID || len(qs[0].KeyPoints) == 0 {
		t.Errorf("JSON holds %d questions, the bank %d", len(qs), len(all))
	}
}

func TestQuestionsUsage(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("- id: x\n  colour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"questions", "--category", "cats"}, "category"},
		{[]string{"questions", "--format", "xml"}, "format"},
		{[]string{"questions", "no-such-question"}, `no question "no-such-question"`},
		{[]string{"questions", "--bank", dir}, "bad.yaml:2:3:"},
		{[]string{"questions", "--bank", filepath.Join(dir, "missing")}, "--bank"},
	} {
		_, errOut, code := run(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestQuestionsUserBank(t *testing.T) {
	dir := t.TempDir()
	own := "- id: bgp-hijack\n  section: Mine\n  category: network\n  difficulty: hard\n  question: What is BGP hijacking?\n" +
		"  key_points:\n    - point: Announcing someone else's prefixes.\n      cite: https://docs.aws.amazon.com/\n  command: awssec scan --demo\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte(own), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "questions", "--bank", dir, "--search", "BGP")
	if code != 0 || !strings.Contains(out, "bgp-hijack") {
		t.Errorf("exit %d, out %q", code, out)
	}
}
