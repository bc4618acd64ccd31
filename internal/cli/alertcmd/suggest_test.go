package alertcmd

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSuggestEgressIP: the suggested silence for the configuration's
// egress blocks, once added, suppresses GuardDuty's instance-credential
// finding from an address inside them (AWS's documented sample, from
// 198.51.100.77) and still delivers the same finding from elsewhere.
func TestSuggestEgressIP(t *testing.T) {
	var hooks atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hooks.Add(1) }))
	defer hook.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alerts.yaml")
	write(t, cfg, "route: {receiver: secops}\nreceivers: [{name: secops, webhook: {url: \""+hook.URL+"/h\"}}]\n"+
		"suppressions:\n  - kind: egress-ip\n    cidrs: [198.51.100.0/24, 192.0.2.10]\n")

	s := runAlert(t, "", "silence", "suggest", "--config", cfg)
	if s.code != 0 || !strings.Contains(s.stdout, "--reason 'instance credentials used from our own egress addresses (suggested from "+cfg+" line 4)'") {
		t.Fatalf("suggest: %d %s %s", s.code, s.stdout, s.stderr)
	}
	state := filepath.Join(dir, "s.db")
	args := []string{"silence", "add", "--state", state, "--for", "90d", "--reason", "egress", "--author", "alice"}
	for _, m := range regexp.MustCompile(`--match '((?:[^']|'\\'')*)'`).FindAllStringSubmatch(s.stdout, -1) {
		args = append(args, "--match", strings.ReplaceAll(m[1], `'\''`, "'"))
	}
	if len(args) != 10+2*3 {
		t.Fatalf("suggested matchers: %s", s.stdout)
	}
	if a := runAlert(t, "", args...); a.code != 0 {
		t.Fatalf("silence add: %d %s", a.code, a.stderr)
	}

	inside, err := os.ReadFile("../../../alert/event/testdata/guardduty_credential_exfiltration.json")
	if err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(string(inside)), " ")
	outside := strings.NewReplacer("198.51.100.77", "203.0.113.5", "a6c5b1e0f3e14e1d9b0c2d3e4f5a6b7c", "b7d6c2f1a4f25f2eac1d3e4f5a6b7c8d").Replace(compact)
	events := filepath.Join(dir, "events.jsonl")
	write(t, events, compact+"\n"+outside+"\n")
	r := runAlert(t, "", "send", "--config", cfg, "--state", state, events)
	if r.code != 0 || !strings.Contains(r.stderr, "2 alerts read (2 distinct, 0 updates), 1 notifications sent, 0 failed, 1 suppressed") {
		t.Fatalf("send: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if hooks.Load() != 1 {
		t.Errorf("%d webhook calls, want 1 (the finding from outside the egress blocks)", hooks.Load())
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
