package router

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/store"
)

const cfgYAML = `route:
  receiver: mail
  group_by: [account, type]
  routes:
    - matchers: ['source = "aws.guardduty"', 'severity >= 7']
      receiver: slack
      continue: true
    - matchers: ['source = "aws.guardduty"']
      receiver: hook
receivers:
  - name: mail
    webhook: {url: "https://mail.example.com/hook"}
  - name: slack
    slack: {webhook_url: "https://hooks.slack.com/services/T/B/x", send_resolved: true}
  - name: hook
    webhook: {url: "https://hooks.example.com/x", send_resolved: false}
inhibit_rules:
  - source_matchers: ['severity_label = critical']
    target_matchers: ['severity_label = low']
    equal: [account]
`

func setup(t *testing.T, yaml string) (*Router, store.Store, string) {
	t.Helper()
	cfg, err := config.Parse("alerts.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(cfg, st), st, path
}

func gd(id string, score float64, count int) alert.Alert {
	return alert.Alert{Key: "aws.guardduty/" + id, Source: "aws.guardduty", ID: id, Type: "Recon:EC2/Portscan", Title: "probe " + id,
		Score: score, Account: "111122223333", Region: "us-east-1", Count: count, Status: alert.Firing}
}

// flushAll flushes and marks every notification sent, returning one
// line per notification.
func flushAll(t *testing.T, r *Router, now time.Time, force bool) []string {
	t.Helper()
	ns, err := r.Flush(context.Background(), now, force)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		var keys []string
		for _, a := range n.Firing {
			keys = append(keys, fmt.Sprintf("%s#%d", a.ID, a.Count))
		}
		for _, a := range n.Resolved {
			keys = append(keys, "resolved:"+a.ID)
		}
		out = append(out, fmt.Sprintf("%s/%s new=%d repeat=%v %v", n.Receiver.Name, n.Integration, n.New, n.Repeat, keys))
		if err := r.Done(context.Background(), n, nil); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

func TestDedupGroupingAndLog(t *testing.T) {
	r, _, path := setup(t, cfgYAML)
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	r.Ingest(gd("a", 8, 1), t0)
	r.Ingest(gd("b", 5, 1), t0)
	r.Ingest(gd("a", 8, 4), t0) // the same finding again: an update with its new count
	got := flushAll(t, r, t0, true)
	want := []string{
		"hook/webhook new=2 repeat=false [a#4 b#1]",
		"slack/slack new=1 repeat=false [a#4]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first flush (-want +got):\n%s", diff)
	}
	if s := r.Stats(); s.New != 2 || s.Updates != 1 || s.Notifications != 2 {
		t.Errorf("stats %+v", s)
	}
	// An update with nothing new is not sent again before repeat_interval.
	r.Ingest(gd("a", 8, 9), t0.Add(time.Minute))
	if got := flushAll(t, r, t0.Add(10*time.Minute), true); len(got) != 0 {
		t.Errorf("update re-sent: %v", got)
	}
	// A restart (a new router on the same state) does not send twice.
	st2, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	r2 := New(r.cfg, st2)
	r2.Ingest(gd("a", 8, 9), t0.Add(time.Hour))
	r2.Ingest(gd("b", 5, 1), t0.Add(time.Hour))
	if got := flushAll(t, r2, t0.Add(time.Hour), true); len(got) != 0 {
		t.Errorf("restart re-sent: %v", got)
	}
	// repeat_interval (4h) re-notifies when due.
	got = flushAll(t, r2, t0.Add(4*time.Hour), true)
	want = []string{
		"hook/webhook new=0 repeat=true [a#9 b#1]",
		"slack/slack new=0 repeat=true [a#9]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("repeat (-want +got):\n%s", diff)
	}
	// Resolution: Slack wants to hear it, the hook does not.
	res := gd("a", 8, 9)
	res.Status = alert.Resolved
	r2.Ingest(res, t0.Add(5*time.Hour))
	got = flushAll(t, r2, t0.Add(5*time.Hour), true)
	want = []string{"slack/slack new=0 repeat=false [resolved:a]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resolved (-want +got):\n%s", diff)
	}
	// Firing again after resolution is new.
	r2.Ingest(gd("a", 8, 10), t0.Add(6*time.Hour))
	got = flushAll(t, r2, t0.Add(6*time.Hour), true)
	want = []string{"hook/webhook new=1 repeat=false [a#10 b#1]", "slack/slack new=1 repeat=false [a#10]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refire (-want +got):\n%s", diff)
	}
}

func TestFailedNotificationIsRetriedNotLost(t *testing.T) {
	r, _, _ := setup(t, cfgYAML)
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	r.Ingest(gd("a", 5, 1), t0)
	ns, err := r.Flush(context.Background(), t0, true)
	if err != nil || len(ns) != 1 {
		t.Fatalf("%v %v", ns, err)
	}
	// While a notification is out, the group is not flushed again.
	if more, _ := r.Flush(context.Background(), t0, true); len(more) != 0 {
		t.Fatalf("in-flight group flushed again: %d", len(more))
	}
	r.Done(context.Background(), ns[0], fmt.Errorf("HTTP 503"))
	if got := flushAll(t, r, t0.Add(time.Minute), true); len(got) != 1 {
		t.Errorf("failed notification not retried: %v", got)
	}
}

func TestSilencesInhibitionAndCounting(t *testing.T) {
	r, st, _ := setup(t, cfgYAML)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if err := st.AddSilence(ctx, store.Silence{ID: "s1", Matchers: []string{`resource.tag.role = "scanner"`}, StartsAt: t0, EndsAt: t0.Add(time.Hour),
		CreatedBy: "alice", Comment: "scanner"}); err != nil {
		t.Fatal(err)
	}
	scan := gd("scan", 5, 1)
	scan.Resource.Tags = map[string]string{"role": "scanner"}
	r.Ingest(scan, t0)
	low := gd("low", 2, 1)
	low.Type = "Recon:EC2/PortProbeUnprotectedPort"
	r.Ingest(low, t0)
	crit := alert.Alert{Key: "cloudtrail/root", Source: "aws.signin", Type: "signin:ConsoleLogin", Score: 9, Account: "111122223333", Status: alert.Firing, Count: 1}
	r.Ingest(crit, t0)
	got := flushAll(t, r, t0, true)
	want := []string{"mail/webhook new=1 repeat=false [#1]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Counted once, however often flushed.
	flushAll(t, r, t0.Add(time.Minute), true)
	counts, _ := st.SuppressedSince(ctx, "2026-11-25")
	wantCounts := []store.Suppressed{{Day: "2026-11-25", Reason: "inhibit_rules[0]", Count: 1}, {Day: "2026-11-25", Reason: "silence s1", Count: 1}}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("suppressed (-want +got):\n%s", diff)
	}
	// When the silence ends, the alert goes out.
	got = flushAll(t, r, t0.Add(61*time.Minute), true)
	want = []string{"hook/webhook new=1 repeat=false [scan#1]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after expiry (-want +got):\n%s", diff)
	}
}

func TestAggregateRegions(t *testing.T) {
	r, _, _ := setup(t, cfgYAML+"dedup: {aggregate_regions: true}\n")
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, region := range []string{"us-east-1", "eu-west-1", "us-east-1"} {
		a := gd("id-"+region, 5, 1)
		a.Region = region
		a.Resource.ID = "AKIAEXAMPLE"
		r.Ingest(a, t0)
	}
	ns, _ := r.Flush(context.Background(), t0, true)
	if len(ns) != 1 || len(ns[0].Firing) != 1 {
		t.Fatalf("want one alert, got %d notifications", len(ns))
	}
	a := ns[0].Firing[0]
	if a.Labels["regions"] != "eu-west-1,us-east-1" || a.Count != 3 {
		t.Errorf("regions %q count %d", a.Labels["regions"], a.Count)
	}
}

// TestSettled follows the watermark a queue consumer acknowledges up to:
// an ingest settles once a flush has conveyed it and the notifications
// are out; a failed notification or a muted group keeps it unsettled.
func TestSettled(t *testing.T) {
	r, _, _ := setup(t, cfgYAML)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) // a Wednesday
	check := func(step string, want uint64) {
		t.Helper()
		if got := r.Settled(); got != want {
			t.Errorf("%s: Settled() = %d, want %d", step, got, want)
		}
	}
	check("nothing ingested", 0)
	if s := r.Ingest(gd("a", 5, 1), t0); s != 1 {
		t.Errorf("first sequence number %d", s)
	}
	r.Ingest(gd("b", 5, 1), t0)
	check("grouped, not flushed", 0)
	ns, err := r.Flush(ctx, t0, true)
	if err != nil || len(ns) != 1 {
		t.Fatalf("%v %v", ns, err)
	}
	check("notification out", 0)
	r.Ingest(gd("c", 5, 1), t0) // joins the group while its notification is out
	r.Done(ctx, ns[0], nil)
	check("sent, c not flushed", 2)
	ns, _ = r.Flush(ctx, t0.Add(time.Minute), true)
	r.Done(ctx, ns[0], fmt.Errorf("HTTP 503"))
	check("c's notification failed", 2)
	flushAll(t, r, t0.Add(2*time.Minute), true)
	check("c sent on the retry", 3)
	r.Ingest(gd("a", 5, 7), t0.Add(3*time.Minute)) // an update: nothing to send
	flushAll(t, r, t0.Add(3*time.Minute), true)
	check("update with nothing new", 4)

	muted, _, _ := setup(t, `route:
  receiver: hook
  mute_time_intervals: [weekend]
receivers:
  - name: hook
    webhook: {url: "https://hooks.example.com/x"}
time_intervals:
  - name: weekend
    time_intervals:
      - weekdays: ['saturday', 'sunday']
`)
	sat := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	muted.Ingest(gd("a", 5, 1), sat)
	if got := flushAll(t, muted, sat, true); len(got) != 0 {
		t.Fatalf("muted group sent %v", got)
	}
	if got := muted.Settled(); got != 0 {
		t.Errorf("muted: Settled() = %d, want 0", got)
	}
	if got := flushAll(t, muted, sat.Add(48*time.Hour), true); len(got) != 1 {
		t.Fatalf("after the weekend: %v", got)
	}
	if got := muted.Settled(); got != 1 {
		t.Errorf("sent after the weekend: Settled() = %d, want 1", got)
	}
}
