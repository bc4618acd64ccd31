// Package digest reports how many alerts suppression held back (silences,
// inhibitions, muted time intervals), per day and reason, and delivers
// that report through a configured receiver at most once a day, recorded
// in the notification log, so that suppression never hides alerts
// silently.
package digest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/notify"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
)

// Row is one day's count for one reason, with what the reason is.
type Row struct {
	store.Suppressed
	// About describes a silence: its matchers, author and reason.
	About string
}

// Report is the digest of the days from Since to Day (UTC dates).
type Report struct {
	Since, Day string
	Rows       []Row
	Total      int
}

// Build reads the counts of the days since `days-1` days before now.
func Build(ctx context.Context, st store.Store, now time.Time, days int) (Report, error) {
	now = now.UTC()
	rep := Report{Since: now.AddDate(0, 0, -(days - 1)).Format(time.DateOnly), Day: now.Format(time.DateOnly)}
	counts, err := st.SuppressedSince(ctx, rep.Since)
	if err != nil {
		return rep, err
	}
	sil, err := st.Silences(ctx)
	if err != nil {
		return rep, err
	}
	about := map[string]string{}
	for _, s := range sil {
		about["silence "+s.ID] = fmt.Sprintf("{%s} by %s: %s", strings.Join(s.Matchers, ", "), s.CreatedBy, s.Comment)
	}
	for _, c := range counts {
		rep.Total += c.Count
		rep.Rows = append(rep.Rows, Row{Suppressed: c, About: about[c.Reason]})
	}
	return rep, nil
}

// GroupKey is the notification log key of the digest of a day: one entry
// per receiver integration and day.
func GroupKey(day string) string { return "digest/" + day }

// Alerts renders the report as alerts the receivers know how to show: one
// per day and reason, or a single "nothing suppressed" line, because a
// digest that says nothing was held back is worth receiving too.
func (r Report) Alerts() []*alert.Alert {
	base := alert.Alert{Source: "awssec", DetailType: "Suppression Digest", Type: "suppression digest", Status: alert.Firing}
	if len(r.Rows) == 0 {
		a := base
		a.Key, a.Count = GroupKey(r.Day), 1
		a.Title = fmt.Sprintf("No alerts suppressed since %s", r.Since)
		return []*alert.Alert{&a}
	}
	out := make([]*alert.Alert, 0, len(r.Rows))
	for _, row := range r.Rows {
		a := base
		a.Key, a.Count = GroupKey(row.Day)+"/"+row.Reason, row.Count
		a.Title = fmt.Sprintf("%s: %d alerts suppressed by %s", row.Day, row.Count, row.Reason)
		if row.About != "" {
			a.Title += " " + row.About
		}
		out = append(out, &a)
	}
	return out
}

// Result is what Deliver did with one integration of the receiver.
type Result struct {
	Integration string
	// Skipped is set when the day's digest had already gone out.
	Skipped bool
	Err     error
}

// Deliver sends the report to every integration of the receiver that has
// not had today's digest yet, and records each delivery in the
// notification log. opts configure the deliveries (its Done is replaced).
func Deliver(ctx context.Context, cfg *config.Config, st store.Store, receiver string, rep Report, now time.Time, opts notify.Options) ([]Result, error) {
	var rcv *config.Receiver
	for _, r := range cfg.Receivers {
		if r.Name == receiver {
			rcv = r
		}
	}
	if rcv == nil {
		names := make([]string, 0, len(cfg.Receivers))
		for _, r := range cfg.Receivers {
			names = append(names, r.Name)
		}
		return nil, fmt.Errorf("no receiver %q in %s (receivers: %s)", receiver, cfg.File, strings.Join(names, ", "))
	}
	key := GroupKey(rep.Day)
	var results []Result
	var due []string
	for _, kind := range integrations(rcv) {
		_, sent, err := st.LastNotification(ctx, rcv.Name+"/"+kind, key)
		if err != nil {
			return nil, err
		}
		if sent {
			results = append(results, Result{Integration: kind, Skipped: true})
			continue
		}
		due = append(due, kind)
	}
	if len(due) == 0 {
		return results, nil
	}
	var mu sync.Mutex
	outcome := map[string]error{}
	opts.Done = func(n *router.Notification, err error) {
		mu.Lock()
		defer mu.Unlock()
		outcome[n.Integration] = err
	}
	d, err := notify.NewDispatcher(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	alerts := rep.Alerts()
	for _, kind := range due {
		d.Submit(&router.Notification{Receiver: rcv, Integration: kind, Route: cfg.Route, GroupKey: key,
			GroupLabels: []string{"digest=" + rep.Day}, Firing: alerts, New: len(alerts), At: now})
	}
	d.Close()
	for _, kind := range due {
		err := outcome[kind]
		if err == nil {
			err = st.RecordNotification(ctx, store.Entry{Receiver: rcv.Name + "/" + kind, GroupKey: key, SentAt: now})
		}
		results = append(results, Result{Integration: kind, Err: err})
	}
	return results, nil
}

// integrations lists the destinations of a receiver, as the router names
// them.
func integrations(r *config.Receiver) []string {
	var out []string
	if r.Slack != nil {
		out = append(out, "slack")
	}
	if r.Email != nil {
		out = append(out, "email")
	}
	if r.Webhook != nil {
		out = append(out, "webhook")
	}
	if r.SNS != nil {
		out = append(out, "sns")
	}
	return out
}

// Daily delivers yesterday's digest (a whole UTC day) to the receiver the
// configuration names under digest, unless it already went out: the
// Lambda function and the queue consumer call it on every run, and the
// notification log makes that once a day. Nothing is sent without a
// digest receiver.
func Daily(ctx context.Context, cfg *config.Config, st store.Store, now time.Time, opts notify.Options) ([]Result, error) {
	if cfg.DigestReceiver == "" {
		return nil, nil
	}
	rep, err := Build(ctx, st, now.UTC().AddDate(0, 0, -1), 1)
	if err != nil {
		return nil, err
	}
	return Deliver(ctx, cfg, st, cfg.DigestReceiver, rep, now, opts)
}
