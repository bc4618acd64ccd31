package router

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/store"
)

const timingYAML = `route:
  receiver: hook
  group_by: [account]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: hook
    webhook: {url: "https://hooks.example.com/x"}
`

// TestTiming checks group_wait, group_interval, repeat_interval and
// silence expiry in (fake) real time.
func TestTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, st, _ := setup(t, timingYAML)
		ctx, cancel := context.WithCancel(context.Background())
		in := make(chan alert.Alert)
		var mu sync.Mutex
		var sent []string
		start := time.Now()
		done := make(chan error)
		go func() {
			done <- r.Run(ctx, in, time.Second, func(n *Notification) {
				mu.Lock()
				var ids []string
				for _, a := range n.Firing {
					ids = append(ids, a.ID)
				}
				sent = append(sent, fmt.Sprintf("%s %v", time.Since(start).Round(time.Second), ids))
				mu.Unlock()
				r.Done(ctx, n, nil)
			})
		}()
		at := func(d time.Duration) { time.Sleep(d - time.Since(start)); synctest.Wait() }
		st.AddSilence(ctx, store.Silence{ID: "s", Matchers: []string{`id = "quiet"`}, StartsAt: start, EndsAt: start.Add(20 * time.Minute), CreatedBy: "t", Comment: "t"})

		in <- gd("a", 5, 1)
		at(29 * time.Second)
		mu.Lock()
		early := len(sent)
		mu.Unlock()
		if early != 0 {
			t.Fatal("sent before group_wait")
		}
		at(31 * time.Second)
		in <- gd("b", 5, 1)     // joins the group: waits for group_interval
		in <- gd("quiet", 5, 1) // silenced for 20 minutes
		at(5 * time.Minute)
		at(5*time.Minute + 31*time.Second)
		at(21 * time.Minute)
		at(4*time.Hour + 5*time.Minute)
		at(4*time.Hour + 31*time.Minute)
		cancel()
		<-done
		want := []string{
			"30s [a]",              // group_wait
			"5m30s [a b]",          // group_interval after the first flush
			"20m30s [a b quiet]",   // the silence ended at 20m; next group_interval tick
			"4h20m30s [a b quiet]", // repeat_interval after the last notification
		}
		mu.Lock()
		defer mu.Unlock()
		if fmt.Sprint(sent) != fmt.Sprint(want) {
			t.Errorf("sent %q\nwant %q", sent, want)
		}
	})
}

// TestSoak pushes 100,000 events (duplicates, updates, bursts, resolved
// findings, silenced resources) through the router with its notification
// log in SQLite, and checks that every alert was delivered exactly once
// (it never changes enough to be due again) or suppressed and counted.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	r, st, _ := setup(t, timingYAML)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	st.AddSilence(ctx, store.Silence{ID: "scanners", Matchers: []string{`resource.tag.role = "scanner"`}, StartsAt: t0, EndsAt: t0.Add(48 * time.Hour), CreatedBy: "t", Comment: "t"})
	rng := rand.New(rand.NewPCG(1, 2))
	const events, keys = 100_000, 20_000
	delivered := map[string]int{}
	resolved := map[string]bool{}
	silenced := map[string]bool{}
	seen := map[string]bool{}
	now := t0
	flush := func() {
		ns, err := r.Flush(ctx, now, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			// A few deliveries fail and must come back.
			if rng.IntN(50) == 0 {
				r.Done(ctx, n, fmt.Errorf("HTTP 503"))
				continue
			}
			for _, a := range n.Firing {
				if n.Fresh(a) {
					delivered[a.Key]++
				}
			}
			r.Done(ctx, n, nil)
		}
	}
	for i := 0; i < events; i++ {
		k := rng.IntN(keys)
		if i%1000 < 50 {
			k = i % 100 // bursts of one hot finding set
		}
		id := fmt.Sprintf("f%05d", k)
		a := gd(id, float64(1+k%9), 1+i/keys)
		a.Account = fmt.Sprintf("1111222233%02d", k%40)
		if k%20 == 0 {
			a.Resource.Tags = map[string]string{"role": "scanner"}
			silenced[a.Key] = true
		}
		if k%97 == 0 && k%20 != 0 && i > events/2 {
			a.Status = alert.Resolved
			resolved[a.Key] = true
		}
		seen[a.Key] = true
		r.Ingest(a, now)
		if i%5000 == 4999 {
			now = now.Add(time.Minute)
			flush()
		}
	}
	for range 3 {
		now = now.Add(time.Minute)
		flush()
	}
	s := r.Stats()
	if s.Events != events {
		t.Errorf("ingested %d events, want %d", s.Events, events)
	}
	// Resolved alerts are forgotten once flushed, so their next sighting
	// is new again.
	if s.New+s.Updates != events || s.New < len(seen) {
		t.Errorf("new %d + updates %d, %d distinct keys", s.New, s.Updates, len(seen))
	}
	var lost, doubled int
	for k := range seen {
		switch n := delivered[k]; {
		case silenced[k] && n != 0:
			t.Errorf("%s silenced but delivered %d times", k, n)
		case silenced[k]:
		case resolved[k]:
			// Resolved, forgotten, and new again when seen again: it may
			// be delivered once per time it fired.
		case n == 0:
			lost++
		case n > 1:
			doubled++
		}
	}
	if lost > 0 || doubled > 0 {
		t.Errorf("%d alerts lost, %d delivered more than once", lost, doubled)
	}
	if s.Suppressed != len(silenced) {
		t.Errorf("suppressed %d, want %d (one per silenced alert)", s.Suppressed, len(silenced))
	}
	counts, _ := st.SuppressedSince(ctx, "2026-11-25")
	total := 0
	for _, c := range counts {
		total += c.Count
	}
	if total != len(silenced) {
		t.Errorf("stored suppressed count %d, want %d", total, len(silenced))
	}
}
