package iamcmd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run runs `iam args...` as the root would (errors silenced, returned) and
// returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	cmd := NewCmdIAM(f)
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

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli/iamcmd -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is right, run go test ./internal/cli/iamcmd -update:\n%s", path, diff)
	}
}

// goldenIDs covers each kind of explanation: a decodable key of each
// lifetime, a legacy key, the two principal ids and a role session on an
// instance, the root user, a federated user, and a non-principal.
var goldenIDs = []string{
	"AKIARZPUZDIKGB2VALC4", "ASIAY34FZKBOKMUTVV7A", "AKIAIOSFODNN7EXAMPLE", "ABIAQAAAAAAAGMKEM7X5",
	"AIDAJQABLZS4A3QDU576Q", "AROADBQP57FF2AEXAMPLE", "AROADBQP57FF2AEXAMPLE:i-0123456789abcdef0",
	"123456789012", "123456789012:Bob", "AGPAJ2UCCR6DPCEXAMPLE", "ACCAEXAMPLE123EXAMPLE",
}

func TestIDGoldens(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		out, errOut, code := run(t, append([]string{"id", "--format", format}, goldenIDs...)...)
		if code != 0 || errOut != "" {
			t.Fatalf("--format %s: exit %d, stderr %q", format, code, errOut)
		}
		golden(t, "id."+format, out)
	}
}

func TestIDJSONShape(t *testing.T) {
	out, _, code := run(t, "id", "--format", "json", "ASIAY34FZKBOKMUTVV7A", "AIDAJQABLZS4A3QDU576Q")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	pick := func(m map[string]any) map[string]any {
		return map[string]any{"id": m["id"], "type": m["type"], "credential": m["credential"],
			"principal": m["principal"], "account": m["account"]}
	}
	want := []map[string]any{
		{"id": "ASIAY34FZKBOKMUTVV7A", "type": "temporary-access-key", "credential": true, "principal": false, "account": "609629065308"},
		{"id": "AIDAJQABLZS4A3QDU576Q", "type": "user", "credential": false, "principal": true, "account": nil},
	}
	if diff := cmp.Diff(want, []map[string]any{pick(got[0]), pick(got[1])}); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// TestIDBadInput: one line on stderr, exit 2, nothing on stdout, even when
// other arguments were good.
func TestIDBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"id"}, "awssec: give one or more ids, for example: awssec iam id AKIAIOSFODNN7EXAMPLE\n"},
		{[]string{"id", "AKIA123"}, "awssec: \"AKIA123\": an access key id has 20 characters, this has 7\n"},
		{[]string{"id", "AIDAJQABLZS4A3QDU576Q", "XXXXJQABLZS4A3QDU576Q"},
			"awssec: \"XXXXJQABLZS4A3QDU576Q\": unknown prefix \"XXXX\" (AWS's unique ids begin with ABIA, ACCA, AGPA, AIDA, AIPA, AKIA, ANPA, ANVA, APKA, AROA, ASCA, ASIA, AAGA)\n"},
		{[]string{"id", "AIDAJQABLZS4A3QDU576Q", "akiaiosfodnn7example"},
			"awssec: argument 2: ids are upper-case letters and digits (this one is in lower case)\n"},
		{[]string{"id", "--format", "yaml", "AIDAJQABLZS4A3QDU576Q"}, "awssec: unknown format \"yaml\" (valid: text, json)\n"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, tt.args...)
		if code != cmdutil.ExitUsage || out != "" || errOut != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n got %q\nwant %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestIDRefusesSecrets passes AWS's example secret access key, alone and
// among ids: the run fails before printing anything, and the secret
// appears nowhere in the output.
func TestIDRefusesSecrets(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, args := range [][]string{
		{"id", secret},
		{"id", "AKIAIOSFODNN7EXAMPLE", secret},
		{"id", "--format", "json", "AKIAIOSFODNN7EXAMPLE:" + secret},
	} {
		out, errOut, code := run(t, args...)
		if code != cmdutil.ExitUsage || out != "" {
			t.Errorf("%d args: exit %d, stdout %q; want 2 and nothing", len(args), code, out)
		}
		if !strings.Contains(errOut, "looks like a secret access key") || !strings.Contains(errOut, "not repeated") ||
			strings.Count(errOut, "\n") != 1 {
			t.Errorf("%d args: stderr %q", len(args), errOut)
		}
		for _, part := range []string{secret, secret[:10], secret[20:], "bPxRfiCY"} {
			if strings.Contains(out+errOut, part) {
				t.Errorf("%d args: output contains %q of the secret:\n%s", len(args), part, errOut)
			}
		}
	}
}

// TestIDOptions checks the flags reach the options.
func TestIDOptions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *IDOptions
	cmd := NewCmdID(&cmdutil.Factory{IOStreams: ios}, func(o *IDOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-f", "json", "AKIAIOSFODNN7EXAMPLE", "AIDAJQABLZS4A3QDU576Q"})
	cmd.SetOut(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := &IDOptions{IO: ios, Format: "json", IDs: []string{"AKIAIOSFODNN7EXAMPLE", "AIDAJQABLZS4A3QDU576Q"}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b *iostreams.IOStreams) bool { return a == b })); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

// TestIAMGroup: the group lists its subcommands and refuses unknown ones.
func TestIAMGroup(t *testing.T) {
	var names []string
	for _, c := range NewCmdIAM(&cmdutil.Factory{}).Commands() {
		names = append(names, c.Name())
	}
	if diff := cmp.Diff([]string{"actions", "escalation", "eval", "explain", "id", "lint", "who-can"}, names); diff != "" {
		t.Errorf("subcommands (-want +got):\n%s", diff)
	}
	_, errOut, code := run(t, "nosuch")
	if code != cmdutil.ExitUsage || !strings.Contains(errOut, `unknown command "nosuch"`) {
		t.Errorf("iam nosuch: exit %d, stderr %q", code, errOut)
	}
}
