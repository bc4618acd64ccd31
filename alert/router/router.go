// Package router is the heart of awssec alert: it de-duplicates alerts
// (a finding seen again is an update, not a new alert), routes them down
// the configured tree into groups, applies silences, inhibition rules and
// time intervals, and decides with the notification log which groups are
// due a notification — so that restarts and retries never send twice and
// repeat_interval re-notifies only when due. Every suppressed alert is
// counted.
package router

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/store"
)

// Notification is one message to one receiver about one group.
type Notification struct {
	Receiver *config.Receiver
	// Integration is the receiver's destination this notification is for:
	// slack, email, webhook or sns. Each keeps its own notification log,
	// so a Slack outage never makes the e-mail go out twice.
	Integration string
	Route       *config.Route
	GroupKey    string
	// GroupLabels are the group_by fields and values ("account=1111…").
	GroupLabels []string
	// Firing and Resolved are snapshots: the router never changes them.
	Firing   []*alert.Alert
	Resolved []*alert.Alert
	// New counts the firing alerts the receiver has not been told about.
	New int
	// Repeat is set when the notification is a repeat_interval reminder.
	Repeat bool
	At     time.Time

	logKey                   string
	firingKeys, resolvedKeys []uint64
	fresh                    map[string]bool
	// carries is the oldest ingest (Ingest's sequence number) whose alerts
	// this notification conveys and that no earlier one settled; 0 if none.
	carries uint64
}

// Fresh reports whether the notification is the first to carry the alert
// (to this integration, since it last fired).
func (n *Notification) Fresh(a *alert.Alert) bool { return n.fresh[a.Key] }

// Stats count what the router did.
type Stats struct {
	Events        int // alerts ingested
	New           int // first sighting of a key
	Updates       int // a known key seen again
	Notifications int // sent
	Failed        int // notifications that finally failed
	Suppressed    int // alerts held back by a silence, an inhibition or a time interval
}

type member struct {
	// a is never changed once shared: an update replaces it, so that
	// notifications can hold alerts while new events arrive.
	a       *alert.Alert
	hash    uint64   // store.KeyHash(a.Key)
	targets []string // inhibitor.targets(a)
	// muted is the reason last counted, so an alert is counted once per
	// reason, not once per flush.
	muted string
}

type group struct {
	route     *config.Route
	key       string
	labels    []string
	members   map[string]*member
	list      []*member // the members, in arrival order: cheaper to walk than the map
	nextFlush time.Time
	inflight  map[string]bool // integration → a notification is out
	// dirty is the oldest ingest that changed the group since its last
	// flush, 0 if none: until a flush conveys it, it is not settled.
	dirty uint64
}

// Router routes, groups and de-duplicates. It is safe for concurrent use.
type Router struct {
	cfg   *config.Config
	store store.Store
	// log caches the notification log: what each integration was last
	// told about each group, read from the store once.
	log map[string]*logState

	mu     sync.Mutex
	alerts map[string]*alert.Alert
	inhib  *inhibitor
	// scratch slices reused by every flushGroup.
	scratchF, scratchR []*member
	memberOf           map[string][]*group // alert key → the groups holding it
	groups             map[string]*group
	suppressed         map[[2]string]int // day, reason → count not yet stored
	stats              Stats
	// seq numbers the ingests; outstanding holds the notifications out
	// with what they carry (see Settled).
	seq         uint64
	outstanding map[*Notification]uint64
}

// New returns a router over a configuration and a store.
func New(cfg *config.Config, st store.Store) *Router {
	return &Router{cfg: cfg, store: st, log: map[string]*logState{}, alerts: map[string]*alert.Alert{}, memberOf: map[string][]*group{}, inhib: newInhibitor(cfg.InhibitRules), groups: map[string]*group{}, suppressed: map[[2]string]int{},
		outstanding: map[*Notification]uint64{}}
}

// Stats returns the counts so far.
func (r *Router) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Prepare fills what the configuration adds to an alert (account names)
// and its de-duplication key.
func (r *Router) Prepare(a *alert.Alert) {
	if a.AccountName == "" && r.cfg.Accounts != nil {
		a.AccountName = r.cfg.Accounts[a.Account]
	}
	if r.cfg.AggregateRegions && a.Source != "unknown" {
		// The same finding type on the same resource is one alert,
		// whichever regions report it.
		res := a.Resource.ID
		if res == "" {
			res = a.Resource.ARN
		}
		if res != "" {
			a.Key = a.Source + "/" + a.Account + "/" + a.Type + "/" + res
		}
	}
}

// Ingest takes one alert at time now and returns its sequence number, for
// Settled.
func (r *Router) Ingest(in alert.Alert, now time.Time) uint64 {
	r.Prepare(&in)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	r.stats.Events++
	a := r.alerts[in.Key]
	r.inhib.track(a, -1)
	if a == nil {
		r.stats.New++
		a = new(alert.Alert)
		*a = in
		r.alerts[in.Key] = a
	} else {
		r.stats.Updates++
		first, count := a.FirstSeen, a.Count
		regions := a.Labels["regions"]
		a = new(alert.Alert)
		*a = in
		r.alerts[in.Key] = a
		if !first.IsZero() && (a.FirstSeen.IsZero() || first.Before(a.FirstSeen)) {
			a.FirstSeen = first
		}
		// GuardDuty's count is cumulative; events without one add up.
		if in.Count <= 1 {
			a.Count = count + 1
		} else {
			a.Count = max(in.Count, count)
		}
		if r.cfg.AggregateRegions && regions != "" {
			a.Labels = maps.Clone(a.Labels)
			a.SetLabel("regions", mergeRegion(regions, in.Region))
		}
	}
	if r.cfg.AggregateRegions && a.Labels["regions"] == "" {
		a.SetLabel("regions", a.Region)
	}
	r.inhib.track(a, 1)
	targets := r.inhib.targets(a)
	// Groups that already hold the alert see its new version.
	for _, g := range r.memberOf[a.Key] {
		if m := g.members[a.Key]; m != nil {
			m.a, m.targets = a, targets
			g.touch(r.seq)
		}
	}
	for _, rt := range r.cfg.Route.Match(a) {
		key, labels := rt.GroupKey(a)
		g := r.groups[key]
		if g == nil {
			g = &group{route: rt, key: key, labels: labels, members: map[string]*member{}, nextFlush: now.Add(rt.GroupWait), inflight: map[string]bool{}}
			r.groups[key] = g
		}
		if g.members[a.Key] == nil {
			m := &member{a: a, hash: store.KeyHash(a.Key), targets: targets}
			g.members[a.Key] = m
			g.list = append(g.list, m)
			r.memberOf[a.Key] = append(r.memberOf[a.Key], g)
		}
		g.touch(r.seq)
	}
	return r.seq
}

// touch marks the group changed by ingest seq (none when 0).
func (g *group) touch(seq uint64) {
	if seq != 0 && (g.dirty == 0 || seq < g.dirty) {
		g.dirty = seq
	}
}

// Settled returns the sequence number up to which every ingest is
// settled: each group it changed has been flushed since, and every
// notification that flush produced was sent (or finally failed into the
// dead-letter file). Alerts a silence holds back settle at the flush; a
// group muted by a time interval, or whose notification failed, stays
// unsettled until a later flush conveys it. A consumer acknowledges its
// input up to Settled, and a crash before then loses nothing.
func (r *Router) Settled() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	oldest := r.seq + 1
	for _, g := range r.groups {
		if g.dirty != 0 {
			oldest = min(oldest, g.dirty)
		}
	}
	for _, seq := range r.outstanding {
		oldest = min(oldest, seq)
	}
	return oldest - 1
}

func mergeRegion(list, region string) string {
	parts := strings.Split(list, ",")
	if region == "" || slices.Contains(parts, region) {
		return list
	}
	parts = append(parts, region)
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// compiledSilence is a stored silence with its matchers parsed.
type compiledSilence struct {
	s  store.Silence
	ms config.Matchers
}

func (r *Router) silences(ctx context.Context, now time.Time) ([]compiledSilence, error) {
	all, err := r.store.Silences(ctx)
	if err != nil {
		return nil, err
	}
	var out []compiledSilence
	for _, s := range all {
		if !s.Active(now) {
			continue
		}
		var ms config.Matchers
		for _, m := range s.Matchers {
			pm, err := config.ParseMatcher(m)
			if err != nil {
				return nil, fmt.Errorf("silence %s: %w", s.ID, err)
			}
			ms = append(ms, pm)
		}
		out = append(out, compiledSilence{s: s, ms: ms})
	}
	return out, nil
}

// inhibitor knows, per inhibit rule, how many firing alerts match its
// source for each value of its equal fields. The router keeps it up to
// date as alerts arrive, change and go, so that a flush need not look at
// every alert again.
type inhibitor struct {
	rules   []*config.InhibitRule
	sources []map[string]int
}

func newInhibitor(rules []*config.InhibitRule) *inhibitor {
	in := &inhibitor{rules: rules}
	for range rules {
		in.sources = append(in.sources, map[string]int{})
	}
	return in
}

// track adds (d = 1) or removes (d = -1) a firing alert as a source.
func (in *inhibitor) track(a *alert.Alert, d int) {
	if a == nil || a.Status != alert.Firing {
		return
	}
	for i, rule := range in.rules {
		if rule.Source.Matches(a) {
			k := equalKey(a, rule.Equal)
			if in.sources[i][k] += d; in.sources[i][k] <= 0 {
				delete(in.sources[i], k)
			}
		}
	}
}

// targets computes, once per alert version, the equal-field key of each
// rule whose target the alert matches ("" when it does not match, or
// when it is a source of the rule itself, which never inhibits itself).
func (in *inhibitor) targets(a *alert.Alert) []string {
	if len(in.rules) == 0 {
		return nil
	}
	keys := make([]string, len(in.rules))
	for i, rule := range in.rules {
		if rule.Target.Matches(a) && !rule.Source.Matches(a) {
			keys[i] = "\x01" + equalKey(a, rule.Equal)
		}
	}
	return keys
}

func equalKey(a *alert.Alert, fields []string) string {
	var b strings.Builder
	for _, f := range fields {
		v, _ := a.Field(f)
		b.WriteString(v)
		b.WriteByte(0)
	}
	return b.String()
}

// inhibited returns the rule that inhibits an alert with these target
// keys, or -1.
func (in *inhibitor) inhibited(targets []string) int {
	for i, k := range targets {
		if k != "" && in.sources[i][k[1:]] > 0 {
			return i
		}
	}
	return -1
}

// muteReason says why an alert is held back, or "".
func muteReason(a *alert.Alert, targets []string, sil []compiledSilence, in *inhibitor) string {
	for _, s := range sil {
		if s.ms.Matches(a) {
			return "silence " + s.s.ID
		}
	}
	if i := in.inhibited(targets); i >= 0 {
		return fmt.Sprintf("inhibit_rules[%d]", i)
	}
	return ""
}

// Flush returns the notifications due at now. With force, groups are
// flushed without waiting for group_wait or group_interval (a one-shot
// batch); the notification log still decides what is new and what is
// due for repeat. Call Done for each notification once it was sent or
// finally failed.
func (r *Router) Flush(ctx context.Context, now time.Time, force bool) ([]*Notification, error) {
	sil, err := r.silences(ctx, now)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in := r.inhib
	keys := slices.Sorted(maps.Keys(r.groups))
	var out []*Notification
	for _, k := range keys {
		g := r.groups[k]
		if len(g.inflight) > 0 || (!force && now.Before(g.nextFlush)) {
			continue
		}
		g.nextFlush = now.Add(g.route.GroupInterval)
		carries := g.dirty
		g.dirty = 0
		ns, muted, err := r.flushGroup(ctx, g, now, sil, in)
		if err != nil || muted {
			g.touch(carries) // conveyed by a later flush
		}
		for _, n := range ns {
			g.inflight[n.Integration] = true
			if carries != 0 {
				n.carries = carries
				r.outstanding[n] = carries
			}
		}
		if err != nil {
			return out, err
		}
		out = append(out, ns...)
		if len(g.members) == 0 {
			delete(r.groups, k)
		}
	}
	// Resolved alerts that no group holds any more are forgotten.
	for k, a := range r.alerts {
		if a.Status == alert.Resolved && !r.held(k) {
			delete(r.alerts, k)
			delete(r.memberOf, k)
		}
	}
	if err := r.storeSuppressed(ctx); err != nil {
		return out, err
	}
	return out, nil
}

func (r *Router) held(key string) bool {
	for _, g := range r.memberOf[key] {
		if r.groups[g.key] == g && g.members[key] != nil {
			return true
		}
	}
	return false
}

func (r *Router) count(m *member, reason string, now time.Time) {
	if reason == "" || m.muted == reason {
		return
	}
	m.muted = reason
	r.stats.Suppressed++
	r.suppressed[[2]string{now.UTC().Format(time.DateOnly), reason}]++
}

func (r *Router) storeSuppressed(ctx context.Context) error {
	for k, n := range r.suppressed {
		if err := r.store.AddSuppressed(ctx, k[0], k[1], n); err != nil {
			return err
		}
		delete(r.suppressed, k)
	}
	return nil
}

// flushGroup returns the group's notifications, and whether a time
// interval mutes the group.
func (r *Router) flushGroup(ctx context.Context, g *group, now time.Time, sil []compiledSilence, in *inhibitor) ([]*Notification, bool, error) {
	rcv := r.cfg.Receiver(g.route.Receiver)
	muted, why := r.cfg.Muted(g.route, now)
	firing, resolved := r.scratchF[:0], r.scratchR[:0]
	defer func() { r.scratchF, r.scratchR = firing[:0], resolved[:0] }()
	for _, m := range g.list {
		switch {
		case m.a.Status == alert.Resolved:
			resolved = append(resolved, m)
		case muted:
			r.count(m, why, now)
		default:
			if reason := muteReason(m.a, m.targets, sil, in); reason != "" {
				r.count(m, reason, now)
				continue
			}
			m.muted = ""
			firing = append(firing, m)
		}
	}
	if muted {
		return nil, true, nil
	}
	// Resolved alerts leave the group whatever the integrations decide.
	if len(resolved) > 0 {
		for _, m := range resolved {
			delete(g.members, m.a.Key)
		}
		g.list = slices.DeleteFunc(g.list, func(m *member) bool { return g.members[m.a.Key] != m })
	}
	var out []*Notification
	for _, kind := range rcv.Kinds() {
		n, err := r.notification(ctx, g, rcv, kind, firing, resolved, now)
		if err != nil {
			return out, false, err
		}
		if n != nil {
			out = append(out, n)
		}
	}
	return out, false, nil
}

// logName is the notification log's name for one integration of a
// receiver.
func logName(rcv *config.Receiver, kind string) string { return rcv.Name + "/" + kind }

// logState is one notification log entry, in memory.
type logState struct {
	sentAt time.Time
	firing map[uint64]bool
}

func (r *Router) lastLog(ctx context.Context, name, groupKey string) (*logState, error) {
	k := name + "\x00" + groupKey
	if ls := r.log[k]; ls != nil {
		return ls, nil
	}
	e, ok, err := r.store.LastNotification(ctx, name, groupKey)
	if err != nil {
		return nil, err
	}
	ls := &logState{firing: map[uint64]bool{}}
	if ok {
		ls.sentAt = e.SentAt
		for _, h := range e.Firing {
			ls.firing[h] = true
		}
	}
	r.log[k] = ls
	return ls, nil
}

func hashes(ms []*member) []uint64 {
	hs := make([]uint64, len(ms))
	for i, m := range ms {
		hs[i] = m.hash
	}
	slices.Sort(hs)
	return hs
}

func (r *Router) notification(ctx context.Context, g *group, rcv *config.Receiver, kind string, firing, resolved []*member, now time.Time) (*Notification, error) {
	name := logName(rcv, kind)
	last, err := r.lastLog(ctx, name, g.key)
	if err != nil {
		return nil, err
	}
	ok := !last.sentAt.IsZero() || len(last.firing) > 0
	newCount := 0
	for _, m := range firing {
		if !last.firing[m.hash] {
			newCount++
		}
	}
	// Only resolved alerts the integration was told about are worth a
	// resolved notice.
	var told []*member
	for _, m := range resolved {
		if last.firing[m.hash] {
			told = append(told, m)
		}
	}
	repeat := false
	switch {
	case newCount > 0:
	case len(firing) > 0 && (!ok || now.Sub(last.sentAt) >= g.route.RepeatInterval):
		repeat = ok
	case len(told) > 0 && sendResolved(rcv, kind):
	case len(told) > 0 || len(last.firing) != len(firing):
		// Nobody wants to hear about it, but the log must forget the
		// resolved (or now silenced) alerts so that they count as new if
		// they fire again.
		fh := hashes(firing)
		r.setLog(name, g.key, fh, last.sentAt)
		return nil, r.store.RecordNotification(ctx, store.Entry{Receiver: name, GroupKey: g.key, Firing: fh, SentAt: last.sentAt})
	default:
		return nil, nil
	}
	n := &Notification{Receiver: rcv, Integration: kind, Route: g.route, GroupKey: g.key, GroupLabels: g.labels, At: now,
		New: newCount, Repeat: repeat, logKey: name, firingKeys: hashes(firing)}
	sortMembers(firing)
	n.Firing = make([]*alert.Alert, 0, len(firing))
	for _, m := range firing {
		n.Firing = append(n.Firing, m.a)
		if !last.firing[m.hash] {
			if n.fresh == nil {
				n.fresh = map[string]bool{}
			}
			n.fresh[m.a.Key] = true
		}
	}
	if sendResolved(rcv, kind) {
		sortMembers(told)
		for _, m := range told {
			n.Resolved = append(n.Resolved, m.a)
		}
		n.resolvedKeys = hashes(told)
	}
	return n, nil
}

func (r *Router) setLog(name, groupKey string, firing []uint64, sentAt time.Time) {
	ls := &logState{sentAt: sentAt, firing: make(map[uint64]bool, len(firing))}
	for _, h := range firing {
		ls.firing[h] = true
	}
	r.log[name+"\x00"+groupKey] = ls
}

func sendResolved(rcv *config.Receiver, kind string) bool {
	switch kind {
	case "slack":
		return rcv.Slack.SendResolved
	case "email":
		return rcv.Email.SendResolved
	case "webhook":
		return rcv.Webhook.SendResolved
	case "sns":
		return rcv.SNS.SendResolved
	}
	return false
}

// sortMembers orders alerts most severe first (unknown severity last),
// then by key.
func sortMembers(ms []*member) {
	slices.SortFunc(ms, func(x, y *member) int {
		a, b := x.a.Score, y.a.Score
		switch an, bn := a != a, b != b; {
		case an && !bn:
			return 1
		case bn && !an:
			return -1
		case !an && a > b:
			return -1
		case !an && a < b:
			return 1
		}
		return strings.Compare(x.a.Key, y.a.Key)
	})
}

// Done records the outcome of a notification: a sent one goes into the
// notification log; a failed one is tried again at the group's next flush.
func (r *Router) Done(ctx context.Context, n *Notification, sendErr error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.outstanding, n)
	g := r.groups[n.GroupKey]
	if g != nil {
		delete(g.inflight, n.Integration)
	}
	if sendErr != nil {
		r.stats.Failed++
		if g != nil && n.carries != 0 {
			g.touch(n.carries) // the next flush tries again
		}
		return nil
	}
	r.stats.Notifications++
	r.setLog(n.logKey, n.GroupKey, n.firingKeys, n.At)
	return r.store.RecordNotification(ctx, store.Entry{Receiver: n.logKey, GroupKey: n.GroupKey, Firing: n.firingKeys,
		Resolved: n.resolvedKeys, SentAt: n.At})
}

// Pending returns the number of groups and alerts held.
func (r *Router) Pending() (groups, alerts int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.groups), len(r.alerts)
}

// Silenced tells whether an alert would be held back now, and why: for
// dry runs.
func (r *Router) Silenced(ctx context.Context, a *alert.Alert, now time.Time) (string, error) {
	sil, err := r.silences(ctx, now)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return muteReason(a, r.inhib.targets(a), sil, r.inhib), nil
}
