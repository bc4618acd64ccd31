package iamcmd

import (
	"os"
	"strings"
	"testing"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// runFiles is run with a Factory that reads files from disk.
func runFiles(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	cmd := NewCmdIAM(&cmdutil.Factory{IOStreams: ios, ReadFile: os.ReadFile})
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

const testEstate = "../../../iam/estate/testdata/estate.json"

func TestWhoCanCmd(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		contains []string
		absent   []string
	}{
		{[]string{"who-can", "s3:GetObject", "arn:aws:s3:::data/x", "--inventory", testEstate}, 0,
			[]string{"3 of 6 principals may s3:GetObject", "user/alice\n    identity policy alice-inline statement 0 (S3All)", "SCP (level 1) FullAWSAccess"},
			[]string{"user/bob", "user/dave"}},
		{[]string{"who-can", "s3:GetObject", "arn:aws:s3:::data/x", "--inventory", testEstate, "--format", "json"}, 0,
			[]string{`"principal": "arn:aws:iam::111111111111:user/eve"`, `"sid": "ReadData"`}, nil},
		{[]string{"who-can", "s3:DeleteBucket", "arn:aws:s3:::data", "--inventory", testEstate, "--format", "json"}, 0,
			[]string{"[]"}, nil},
		{[]string{"who-can", "GetObject", "*", "--demo"}, cmdutil.ExitUsage, nil, nil},
		{[]string{"who-can", "s3:GetObject"}, cmdutil.ExitUsage, nil, nil},
		{[]string{"escalation", "--inventory", testEstate}, 0,
			[]string{"3 escalation paths", "user/carol → passrole-ec2-run-instances → ", "user/eve → assume-role → administrator access through arn:aws:iam::111111111111:role/admin-role"},
			[]string{"user/dave"}},
		{[]string{"escalation", "--inventory", testEstate, "--format", "json"}, 0,
			[]string{`"method": "passrole-ec2-run-instances"`, `"category": "new-passrole"`}, nil},
		{[]string{"escalation", "--format", "yaml", "--demo"}, cmdutil.ExitUsage, nil, nil},
	}
	for _, tt := range tests {
		out, errOut, code := runFiles(t, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", tt.args, code, tt.code, errOut)
		}
		for _, s := range tt.contains {
			if !strings.Contains(out, s) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, s, out)
			}
		}
		for _, s := range tt.absent {
			if strings.Contains(out, s) {
				t.Errorf("%v: output has %q:\n%s", tt.args, s, out)
			}
		}
	}
}
