package alertcmd

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/internal/mail/mailtest"
)

type run struct {
	code           int
	stdout, stderr string
}

func runAlert(t *testing.T, stdin string, args ...string) run {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC) }, ReadFile: os.ReadFile}
	cmd := NewCmdAlert(f)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintf(errOut, "awssec: %v\n", err)
	}
	return run{cmdutil.ExitCode(err), out.String(), errOut.String()}
}

type slackInbox struct {
	mu   sync.Mutex
	msgs []map[string]any
}

// TestGuardDutyAndAlarmToSlackAndMail is the README's walk-through: a
// GuardDuty finding and an API 5xx alarm, routed to a Slack double and an
// SMTP inbox; the second run sends nothing; the webhook URL is never shown.
func TestGuardDutyAndAlarmToSlackAndMail(t *testing.T) {
	var inbox slackInbox
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &m)
		inbox.mu.Lock()
		inbox.msgs = append(inbox.msgs, m)
		inbox.mu.Unlock()
	}))
	defer slack.Close()
	smtp := mailtest.Start(t, mailtest.Options{NoTLS: true})
	dir := t.TempDir()
	secretURL := slack.URL + "/services/T0001/B0001/PLANTEDSECRETxyz"
	os.WriteFile(filepath.Join(dir, "slack-url"), []byte(secretURL), 0o600)
	cfgPath := filepath.Join(dir, "alerts.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`route:
  receiver: secops-mail
  group_by: [account, type]
  routes:
    - matchers: ['source = "aws.guardduty"', 'severity >= 7']
      receiver: secops-slack
    - matchers: ['source = "aws.cloudwatch"', 'alarm =~ ".*-5xx"']
      receiver: oncall-slack
      continue: true
    - matchers: ['source = "aws.cloudwatch"']
      receiver: secops-mail
receivers:
  - name: secops-mail
    email: {to: [secops@example.com], from: alerts@example.com, transport: %q}
  - name: secops-slack
    slack: {webhook_url_file: %q}
  - name: oncall-slack
    slack: {webhook_url_file: %q}
`, smtp.URL(), filepath.Join(dir, "slack-url"), filepath.Join(dir, "slack-url"))), 0o600)
	state := filepath.Join(dir, "state.db")
	args := []string{"send", "--config", cfgPath, "--state", state, "testdata/guardduty_high.json", "testdata/alarm_5xx.json"}
	r := runAlert(t, "", args...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("deliveries:\n%s", r.stdout)
	}
	if len(inbox.msgs) != 2 {
		t.Errorf("slack got %d messages", len(inbox.msgs))
	}
	texts := fmt.Sprint(inbox.msgs[0]["text"], "|", inbox.msgs[1]["text"])
	for _, want := range []string{"[FIRING:1] high EC2 instance i-99999999 is querying", "[FIRING:1] high orders-prod-5xx is ALARM"} {
		if !strings.Contains(texts, want) {
			t.Errorf("slack texts %q lack %q", texts, want)
		}
	}
	mails := smtp.Received()
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	p, _ := mailtest.Parse(mails[0].Data)
	if !strings.Contains(p.Subject, "orders-prod-5xx is ALARM") || !strings.Contains(p.Text, "AWS/ApiGateway") && !strings.Contains(p.Text, "orders-prod-5xx") {
		t.Errorf("mail subject %q", p.Subject)
	}
	// Again: the notification log says everything was sent.
	r2 := runAlert(t, "", args...)
	if r2.code != 0 || r2.stdout != "" || len(inbox.msgs) != 2 || len(smtp.Received()) != 1 {
		t.Errorf("second run: exit %d, stdout %q, %d slack, %d mail", r2.code, r2.stdout, len(inbox.msgs), len(smtp.Received()))
	}
	for _, out := range []string{r.stdout, r.stderr, r2.stdout, r2.stderr} {
		if strings.Contains(out, "PLANTEDSECRET") {
			t.Errorf("output shows the webhook URL: %s", out)
		}
	}
}

func TestBadEventsKeepGoing(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "a.yaml")
	os.WriteFile(cfg, []byte("route: {receiver: h}\nreceivers: [{name: h, webhook: {url: 'http://127.0.0.1:1/x'}}]\n"), 0o600)
	alarm, _ := os.ReadFile("testdata/alarm_5xx.json")
	stdin := "{\"broken\": \n" + strings.Join(strings.Fields(string(alarm)), " ") + "\n"
	r := runAlert(t, stdin, "send", "-c", cfg, "--state", filepath.Join(dir, "s.db"), "--attempts", "1", "--dead-letter", filepath.Join(dir, "dl"), "-")
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "stdin:1:1: event 1: malformed JSON: not closed before the next event") || !strings.Contains(r.stdout, "failed\th/webhook") {
		t.Errorf("stdout %q\nstderr %q", r.stdout, r.stderr)
	}
}

func TestSilenceLifecycle(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.db")
	r := runAlert(t, "", "silence", "add", "--state", state, "--match", "type=Recon:EC2/Portscan", "--match", "resource.tag.role=scanner",
		"--for", "30d", "--reason", "scanners scan", "--author", "alice")
	if r.code != 0 {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	list := runAlert(t, "", "silence", "list", "--state", state)
	if !strings.Contains(list.stdout, id+"  active") || !strings.Contains(list.stdout, `type = "Recon:EC2/Portscan", resource.tag.role = "scanner"`) {
		t.Errorf("list:\n%s", list.stdout)
	}
	if r := runAlert(t, "", "silence", "expire", "--state", state, id); r.code != 0 {
		t.Fatalf("expire: %s", r.stderr)
	}
	if list := runAlert(t, "", "silence", "list", "--state", state); strings.Contains(list.stdout, id) {
		t.Errorf("expired silence listed: %s", list.stdout)
	}
	if list := runAlert(t, "", "silence", "list", "--all", "--state", state); !strings.Contains(list.stdout, id+"  expired") {
		t.Errorf("audit trail lost the silence: %s", list.stdout)
	}
	if r := runAlert(t, "", "silence", "expire", "--state", state, "nope"); r.code != 2 {
		t.Errorf("unknown id: exit %d", r.code)
	}
	if r := runAlert(t, "", "silence", "add", "--state", state, "--match", "type=~(", "--for", "1h", "--reason", "x"); r.code != 2 || !strings.Contains(r.stderr, "invalid regular expression") {
		t.Errorf("bad matcher: %d %s", r.code, r.stderr)
	}
}
