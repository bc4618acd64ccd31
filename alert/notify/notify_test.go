package notify

import (
	"bytes"
	"context"
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
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/mail/mailtest"
)

// slackDouble is a Slack incoming webhook and chat.postMessage on
// loopback that records what it receives and can answer 429 or 5xx.
type slackDouble struct {
	*httptest.Server
	handler  http.Handler
	mu       sync.Mutex
	bodies   [][]byte
	times    []time.Time
	status   []int // answers to give first, then 200
	retryHdr string
}

func newSlackDouble(t *testing.T, inBubble bool) *slackDouble {
	d := &slackDouble{}
	d.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		d.mu.Lock()
		defer d.mu.Unlock()
		if len(d.status) > 0 {
			code := d.status[0]
			d.status = d.status[1:]
			if code == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", d.retryHdr)
			}
			w.WriteHeader(code)
			return
		}
		d.bodies = append(d.bodies, body)
		d.times = append(d.times, time.Now())
		if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ParseForm()
			if r.Header.Get("Authorization") != "Bearer xoxb-test-token" && r.PostForm.Get("token") != "xoxb-test-token" {
				w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true,"channel":"C123","ts":"1700000000.000100"}`))
			return
		}
		w.Write([]byte("ok"))
	})
	if !inBubble {
		d.Server = httptest.NewServer(d.handler)
		t.Cleanup(d.Close)
	} else {
		d.Server = &httptest.Server{URL: "http://127.0.0.1:9"}
	}
	return d
}

// inProcess is a client that hands requests straight to a handler: inside
// a synctest bubble, sockets would keep the fake clock from advancing.
func inProcess(h http.Handler) *http.Client {
	return &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Result(), nil
	})}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (d *slackDouble) received() [][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([][]byte(nil), d.bodies...)
}

func notification(rcv *config.Receiver, kind string, n int) *router.Notification {
	nt := &router.Notification{Receiver: rcv, Integration: kind, GroupKey: "route{account=111122223333}", GroupLabels: []string{"account=111122223333"},
		New: n, At: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	for i := range n {
		nt.Firing = append(nt.Firing, &alert.Alert{Key: fmt.Sprintf("k%d", i), Source: "aws.guardduty", Type: "Recon:EC2/Portscan",
			Title: fmt.Sprintf("finding %d <b>&", i), Score: 8, Account: "111122223333", AccountName: "prod", Region: "us-east-1",
			Resource: alert.Resource{Type: "Instance", ID: "i-0123"}, Count: 2, Status: alert.Firing, Link: "https://us-east-1.console.aws.amazon.com/guardduty/home"})
	}
	return nt
}

func parse(t *testing.T, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("alerts.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

type outcome struct {
	mu   sync.Mutex
	errs map[string]error
	logs bytes.Buffer
}

func (o *outcome) opts(extra Options) Options {
	o.errs = map[string]error{}
	extra.Done = func(n *router.Notification, err error) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.errs[n.Receiver.Name+"/"+n.Integration] = err
	}
	extra.Logf = func(f string, a ...any) {
		o.mu.Lock()
		defer o.mu.Unlock()
		fmt.Fprintf(&o.logs, f+"\n", a...)
	}
	return extra
}

func TestSlackWebhookBlockKit(t *testing.T) {
	d := newSlackDouble(t, false)
	cfg := parse(t, fmt.Sprintf("route: {receiver: s}\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", d.URL+"/services/T0/B0/SECRETPART"))
	var o outcome
	disp, err := NewDispatcher(context.Background(), cfg, o.opts(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	disp.Submit(notification(cfg.Receivers[0], "slack", 60))
	disp.Close()
	if err := o.errs["s/slack"]; err != nil {
		t.Fatal(err)
	}
	bodies := d.received()
	if len(bodies) != 1 {
		t.Fatalf("%d messages", len(bodies))
	}
	var msg struct {
		Text        string `json:"text"`
		Attachments []struct {
			Color  string           `json:"color"`
			Blocks []map[string]any `json:"blocks"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(bodies[0], &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(msg.Text, "[FIRING:60] high finding 0 <b>& and 59 more") {
		t.Errorf("text %q", msg.Text)
	}
	blocks := msg.Attachments[0].Blocks
	if len(blocks) != 50 {
		t.Errorf("%d blocks, want Slack's limit of 50", len(blocks))
	}
	if msg.Attachments[0].Color != "#d00000" {
		t.Errorf("colour %q", msg.Attachments[0].Color)
	}
	sec, _ := json.Marshal(blocks[1])
	for _, want := range []string{`finding 0 \u0026lt;b\u0026gt;\u0026amp;`, "111122223333 (prod)", "us-east-1", "Instance i-0123", "guardduty/home|"} {
		if !strings.Contains(string(sec), want) {
			t.Errorf("first alert block lacks %q: %s", want, sec)
		}
	}
	last, _ := json.Marshal(blocks[49])
	if !strings.Contains(string(last), "and 12 more alerts") {
		t.Errorf("last block %s", last)
	}
}

func TestSlackWebAPIRateLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newSlackDouble(t, true)
		d.status = []int{http.StatusTooManyRequests}
		d.retryHdr = "7"
		cfg := parse(t, fmt.Sprintf("route: {receiver: s}\nreceivers: [{name: s, slack: {token: xoxb-test-token, channel: '#secops', api_url: %q}}]\n", d.URL+"/api"))
		var o outcome
		disp, err := NewDispatcher(context.Background(), cfg, o.opts(Options{HTTPClient: inProcess(d.handler)}))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for range 3 {
			disp.Submit(notification(cfg.Receivers[0], "slack", 1))
		}
		disp.Close()
		if err := o.errs["s/slack"]; err != nil {
			t.Fatal(err)
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if len(d.times) != 3 {
			t.Fatalf("%d messages", len(d.times))
		}
		// The 429 asked for 7 s; then one message a second.
		got := []time.Duration{d.times[0].Sub(start), d.times[1].Sub(d.times[0]), d.times[2].Sub(d.times[1])}
		if got[0] < 7*time.Second || got[1] < time.Second || got[2] < time.Second {
			t.Errorf("gaps %v: want ≥7s after the 429, then ≥1s", got)
		}
		var form = string(d.bodies[0])
		if !strings.Contains(form, "channel=%23secops") || !strings.Contains(form, "attachments=") {
			t.Errorf("postMessage body %s", form)
		}
	})
}

func TestWebhookHMACRetriesAndDeadLetter(t *testing.T) {
	var mu sync.Mutex
	var calls int
	var sig string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		sig = r.Header.Get(SignatureHeader)
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "hmac")
	os.WriteFile(secretFile, []byte("hmac-secret\n"), 0o600)
	dead := filepath.Join(dir, "dead.jsonl")
	cfg := parse(t, fmt.Sprintf(`route: {receiver: ok}
receivers:
  - {name: ok, webhook: {url: %q, hmac_secret_file: %q}}
  - {name: down, webhook: {url: "http://127.0.0.1:1/hook/SECRETPATH"}}
`, srv.URL+"/hook", secretFile))
	var o outcome
	disp, err := NewDispatcher(context.Background(), cfg, o.opts(Options{Backoff: time.Millisecond, MaxAttempts: 3, DeadLetter: dead}))
	if err != nil {
		t.Fatal(err)
	}
	disp.Submit(notification(cfg.Receiver("down"), "webhook", 1))
	disp.Submit(notification(cfg.Receiver("ok"), "webhook", 2))
	disp.Close()
	if err := o.errs["ok/webhook"]; err != nil {
		t.Errorf("ok: %v", err)
	}
	if calls != 3 {
		t.Errorf("%d calls, want 2 failures and a success", calls)
	}
	if want := Sign([]byte("hmac-secret"), body); sig != want {
		t.Errorf("signature %q, want %q", sig, want)
	}
	var p Payload
	if err := json.Unmarshal(body, &p); err != nil || len(p.Alerts) != 2 || p.Alerts[0].SeverityLabel != "high" || *p.Alerts[0].Severity != 8 {
		t.Errorf("payload %s (%v)", body, err)
	}
	if o.errs["down/webhook"] == nil {
		t.Error("the down receiver did not fail")
	}
	dl, err := os.ReadFile(dead)
	if err != nil {
		t.Fatal(err)
	}
	var entry DeadLetter
	if err := json.Unmarshal(bytes.TrimSpace(dl), &entry); err != nil || entry.Receiver != "down" || len(entry.Payload.Alerts) != 1 {
		t.Errorf("dead letter %s (%v)", dl, err)
	}
	for what, text := range map[string]string{"logs": o.logs.String(), "dead letter": string(dl), "error": o.errs["down/webhook"].Error()} {
		if strings.Contains(text, "SECRETPATH") || strings.Contains(text, "hmac-secret") {
			t.Errorf("%s show a secret: %s", what, text)
		}
	}
}

func TestDownReceiverDoesNotBlockOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := newSlackDouble(t, true)
		slow.status = []int{500, 500, 500, 500}
		fast := newSlackDouble(t, true)
		cfg := parse(t, "route: {receiver: a}\nreceivers:\n  - {name: a, slack: {webhook_url: 'http://127.0.0.1:9/a'}}\n  - {name: b, slack: {webhook_url: 'http://127.0.0.1:9/b'}}\n")
		var o outcome
		mux := http.NewServeMux()
		mux.Handle("/a", slow.handler)
		mux.Handle("/b", fast.handler)
		disp, _ := NewDispatcher(context.Background(), cfg, o.opts(Options{Backoff: 10 * time.Second, HTTPClient: inProcess(mux)}))
		start := time.Now()
		disp.Submit(notification(cfg.Receiver("a"), "slack", 1))
		disp.Submit(notification(cfg.Receiver("b"), "slack", 1))
		disp.Close()
		if len(fast.times) != 1 || fast.times[0].Sub(start) > time.Second {
			t.Errorf("b waited for a: %v", fast.times)
		}
		// a: 500 ×4 with backoff 10+20+40+60 s (the 1 min cap), then delivered.
		if len(slow.times) != 1 || slow.times[0].Sub(start) != 130*time.Second {
			t.Errorf("a delivered at %v", slow.times)
		}
	})
}

func TestEmailThroughSMTP(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{NoTLS: true})
	cfg := parse(t, fmt.Sprintf("route: {receiver: m}\nreceivers: [{name: m, email: {to: [secops@example.com], from: alerts@example.com, transport: %q}}]\n", srv.URL()))
	var o outcome
	disp, err := NewDispatcher(context.Background(), cfg, o.opts(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	disp.Submit(notification(cfg.Receivers[0], "email", 2))
	disp.Close()
	if err := o.errs["m/email"]; err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 || got[0].To[0] != "secops@example.com" {
		t.Fatalf("received %+v", got)
	}
	p, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "finding 1") || !strings.Contains(p.HTML, "<table") || !strings.Contains(p.Subject, "[FIRING:2]") {
		t.Errorf("message: subject %q text %q", p.Subject, p.Text)
	}
}

func TestSNSPublish(t *testing.T) {
	srv := awstest.New(t)
	var mu sync.Mutex
	var published []string
	srv.Handle("sns", "Publish", func(r *awstest.Request) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		published = append(published, r.String("TopicArn")+"|"+r.String("Subject")+"|"+r.String("Message"))
		return awstest.M{"MessageId": "0b9c6c6a-0000-4c3d-8e9f-abcdefabcdef"}, nil
	})
	awsCfg := srv.Config(t, "111122223333")
	cfg := parse(t, "route: {receiver: t}\nreceivers: [{name: t, sns: {topic_arn: 'arn:aws:sns:us-east-1:111122223333:alerts'}}]\n")
	var o outcome
	disp, err := NewDispatcher(context.Background(), cfg, o.opts(Options{AWSConfig: func(context.Context) (aws.Config, error) { return awsCfg, nil }}))
	if err != nil {
		t.Fatal(err)
	}
	disp.Submit(notification(cfg.Receivers[0], "sns", 1))
	disp.Close()
	if err := o.errs["t/sns"]; err != nil {
		t.Fatal(err)
	}
	if len(published) != 1 || !strings.HasPrefix(published[0], "arn:aws:sns:us-east-1:111122223333:alerts|[FIRING:1] high finding 0 <b>&") ||
		!strings.Contains(published[0], "console:  https://") {
		t.Errorf("published %q", published)
	}
}

// The whole path: router → dispatcher → Slack double, with the log in
// SQLite, twice: the second run sends nothing.
func TestRouterToSlack(t *testing.T) {
	d := newSlackDouble(t, false)
	cfg := parse(t, fmt.Sprintf("route: {receiver: s, group_by: [account]}\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", d.URL+"/hook"))
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for run := range 2 {
		r := router.New(cfg, st)
		disp, _ := NewDispatcher(context.Background(), cfg, Options{Done: func(n *router.Notification, err error) { r.Done(context.Background(), n, err) }})
		for _, a := range notification(cfg.Receivers[0], "slack", 3).Firing {
			r.Ingest(*a, time.Now())
		}
		ns, _ := r.Flush(context.Background(), time.Now(), true)
		for _, n := range ns {
			disp.Submit(n)
		}
		disp.Close()
		if got := len(d.received()); got != 1 {
			t.Errorf("run %d: %d messages in all, want 1", run+1, got)
		}
	}
}
