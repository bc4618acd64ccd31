package alertcmd

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestDigestSend delivers the suppression digest to the Slack double once
// a day: the second run the same day sends nothing; a receiver that is
// down is reported (exit 3) and not recorded, so the next run retries.
func TestDigestSend(t *testing.T) {
	var mu sync.Mutex
	var texts []string
	var down atomic.Bool
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		texts = append(texts, string(body))
	}))
	defer slack.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alerts.yaml")
	write(t, cfg, "route: {receiver: secops}\nreceivers: [{name: secops, slack: {webhook_url: \""+slack.URL+"/hook\"}}]\n")
	state := filepath.Join(dir, "s.db")
	s := runAlert(t, "", "silence", "add", "--state", state, "--match", "type=Recon:EC2/Portscan", "--for", "30d",
		"--reason", "scanners scan", "--author", "alice")
	id := strings.TrimSpace(s.stdout)
	ev, err := os.ReadFile("../../../alert/event/testdata/guardduty.json")
	if err != nil {
		t.Fatal(err)
	}
	events := filepath.Join(dir, "e.json")
	write(t, events, string(ev))
	if r := runAlert(t, "", "send", "--config", cfg, "--state", state, events); r.code != 0 || !strings.Contains(r.stderr, "1 suppressed") {
		t.Fatalf("send: %d %s", r.code, r.stderr)
	}

	down.Store(true)
	r := runAlert(t, "", "digest", "--config", cfg, "--state", state, "--send", "secops", "--attempts", "1", "--dead-letter", filepath.Join(dir, "dead.jsonl"))
	if r.code != 3 || !strings.Contains(r.stderr, "digest of 2026-11-25 to secops/slack failed") || strings.Contains(r.stderr, slack.URL) {
		t.Fatalf("receiver down: %d %s", r.code, r.stderr)
	}
	down.Store(false)
	for run := 1; run <= 2; run++ {
		r := runAlert(t, "", "digest", "--config", cfg, "--state", state, "--send", "secops")
		want := "digest of 2026-11-25 sent to secops/slack"
		if run == 2 {
			want = "digest of 2026-11-25 already sent to secops/slack"
		}
		if r.code != 0 || !strings.Contains(r.stdout, "2026-11-25  1           silence "+id) || !strings.Contains(r.stderr, want) {
			t.Errorf("run %d: %d\n%s%s", run, r.code, r.stdout, r.stderr)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(texts) != 1 {
		t.Fatalf("%d Slack messages, want 1", len(texts))
	}
	var msg struct{ Text string }
	json.Unmarshal([]byte(texts[0]), &msg)
	if !strings.Contains(msg.Text, "2026-11-25: 1 alerts suppressed by silence "+id) || !strings.Contains(texts[0], "by alice: scanners scan") {
		t.Errorf("slack message %s", texts[0])
	}

	if r := runAlert(t, "", "digest", "--state", state, "--send", "secops"); r.code != 2 || !strings.Contains(r.stderr, "--send needs --config") {
		t.Errorf("no config: %d %s", r.code, r.stderr)
	}
	if r := runAlert(t, "", "digest", "--config", cfg, "--state", state, "--send", "nobody"); r.code != 2 || !strings.Contains(r.stderr, `no receiver "nobody" in `+cfg+" (receivers: secops)") {
		t.Errorf("unknown receiver: %d %s", r.code, r.stderr)
	}
}
