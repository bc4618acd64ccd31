package orgreport

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/internal/mail/mailtest"
)

const planted = "pl4nted-smtp-passw0rd"

// run runs the command line against a factory whose AWS is srv (nil: no
// AWS at all) and returns stdout, stderr and the exit code.
func run(t *testing.T, srv *awstest.Server, env map[string]string, tweak func(*Options), args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &cmdutil.Factory{
		IOStreams: &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Now:       func() time.Time { return demo.Now },
		ReadFile:  os.ReadFile,
		AWSConfig: func(ctx context.Context, profile, endpoint string) (aws.Config, error) {
			if srv == nil {
				t.Fatal("the command loaded the AWS configuration")
			}
			return srv.Config(t, demo.ManagementAccount), nil
		},
	}
	cmd := NewCmdOrgReport(f, func(o *Options) error {
		o.Getenv = func(k string) string { return env[k] }
		if tweak != nil {
			tweak(o)
		}
		return Run(context.Background(), o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err != nil {
		errOut.WriteString("awssec: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), cmdutil.ExitCode(err)
}

// TestSMTPEndToEnd sends the demo report through a real SMTP server on
// loopback (STARTTLS, AUTH PLAIN with the password from the environment or
// a file) and reads it back: subject, both alternatives, the CSV attached.
func TestSMTPEndToEnd(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte(planted+"\n"), 0o600)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"password from the environment", map[string]string{PasswordEnv: planted}, nil},
		{"password from a file", nil, []string{"--smtp-password-file", pwFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, mailtest.Options{User: "reporter", Password: planted})
			args := append([]string{"--demo", "--via", "smtp", "--smtp-url", srv.URL(), "--to", "secops@example.com", "--cc", "audit@example.com",
				"--from", "config-report@example.com"}, tc.args...)
			stdout, stderr, code := run(t, nil, tc.env, func(o *Options) { o.SMTPTLS = srv.ClientTLS }, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != "" || !strings.Contains(stderr, "sent via SMTP 127.0.0.1:") {
				t.Errorf("stdout %q, stderr %q", stdout, stderr)
			}
			if strings.Contains(stdout+stderr, planted) {
				t.Error("the password reached the output")
			}
			got := srv.Received()
			if len(got) != 1 || !got[0].TLS || got[0].User != "reporter" {
				t.Fatalf("received %+v", got)
			}
			p, err := mailtest.Parse(got[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			if s := p.Subject; s != "AWS Config: 3 non-compliant rules, 3 resources in 2 accounts — 111122223333" {
				t.Errorf("subject %q", s)
			}
			if !p.Alternatives || !strings.Contains(p.Text, "Aggregator name = AggregatorTest") ||
				!strings.Contains(p.HTML, "Aggregator name = AggregatorTest</h2>") {
				t.Errorf("body: alternatives %v\ntext %.200q\nhtml %.200q", p.Alternatives, p.Text, p.HTML)
			}
			if len(p.Attachments) != 1 || p.Attachments[0].Name != "org-config-report-2026-11-01.csv" ||
				!strings.Contains(string(p.Attachments[0].Data), "AggregatorTest,vpc-flow-logs-enabled,true,OrgConfigRule-vpc-flow-logs-enabled-o30sfig,NON_COMPLIANT,777788889999,dev,vpc-0devdefault000001,AWS::EC2::VPC,eu-west-1,") {
				t.Errorf("attachments %+v", p.Attachments)
			}
		})
	}
}

// TestPartialExit3: an aggregator that cannot be read is listed, the
// report still goes out, and the exit code is 3.
func TestPartialExit3(t *testing.T) {
	e := demo.Estate()
	e.Account(demo.ManagementAccount).Region(demo.East).Resources.ConfigAggregators[1].RuleCompliance = nil
	srv := awstest.New(t)
	srv.Serve(e)
	stdout, stderr, code := run(t, srv, nil, nil, "--to", "secops@example.com", "--from", "config-report@example.com")
	if code != 3 {
		t.Fatalf("exit %d, want 3: %s", code, stderr)
	}
	if stdout != "" || !strings.Contains(stderr, "could not be assessed") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
	sent := srv.SES().Sent()
	if len(sent) != 1 {
		t.Fatalf("SES got %d messages", len(sent))
	}
	p, err := mailtest.Parse(sent[0].Raw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Subject, "(partial: 2 parts not assessed)") || !strings.Contains(p.Text, "Not assessed (2)") {
		t.Errorf("subject %q, text %q", p.Subject, p.Text)
	}
}

// TestSkipEmpty: nothing non-compliant sends a short all-compliant message,
// or nothing with --skip-empty.
func TestSkipEmpty(t *testing.T) {
	e := demo.Estate()
	for _, ag := range e.Account(demo.ManagementAccount).Region(demo.East).Resources.ConfigAggregators {
		ag.RuleCompliance = ag.RuleCompliance[:0]
	}
	srv := awstest.New(t)
	srv.Serve(e)
	_, stderr, code := run(t, srv, nil, nil, "--to", "secops@example.com", "--from", "config-report@example.com")
	if code != 0 || len(srv.SES().Sent()) != 1 {
		t.Fatalf("exit %d, %d sent: %s", code, len(srv.SES().Sent()), stderr)
	}
	p, _ := mailtest.Parse(srv.SES().Sent()[0].Raw)
	if s := p.Subject; s != "AWS Config: all organization rules compliant — 111122223333" {
		t.Errorf("subject %q", s)
	}
	_, stderr, code = run(t, srv, nil, nil, "--to", "secops@example.com", "--from", "config-report@example.com", "--skip-empty")
	if code != 0 || len(srv.SES().Sent()) != 1 || !strings.Contains(stderr, "nothing sent (--skip-empty)") {
		t.Errorf("exit %d, %d sent: %s", code, len(srv.SES().Sent()), stderr)
	}
}

// TestSendFailure: SES refuses the sender; the error names the identity,
// and the state file is not advanced.
func TestSendFailure(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.SES().Verify(true, "example.com")
	state := filepath.Join(t.TempDir(), "state.json")
	_, stderr, code := run(t, srv, nil, nil, "--to", "secops@example.com", "--from", "config-report@corp.example.net", "--since-last", state)
	if code != 2 || !strings.Contains(stderr, `identity not verified: "config-report@corp.example.net"`) || !strings.Contains(stderr, "sent 0 of 1 messages") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("state file written after a failed send: %v", err)
	}
}

// TestProgressOnTerminal: a terminal's stderr shows progress while the
// details are read; the report on stdout is the same.
func TestProgressOnTerminal(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	var out, errOut bytes.Buffer
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	ios.SetStderrTTY(true)
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return demo.Now }, ReadFile: os.ReadFile,
		AWSConfig: func(context.Context, string, string) (aws.Config, error) {
			return srv.Config(t, demo.ManagementAccount), nil
		}}
	opts := &Options{Factory: f, Getenv: func(string) string { return "" }, Format: "csv", Via: "ses", Concurrency: 1}
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "reading non-compliant resources") {
		t.Errorf("stderr %q has no progress", errOut.String())
	}
	if !strings.Contains(out.String(), "AggregatorTest,vpc-flow-logs-enabled,") || strings.Contains(out.String(), "reading") {
		t.Errorf("stdout %q", out.String())
	}
}
