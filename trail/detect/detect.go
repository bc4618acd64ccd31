// Package detect finds evidence of malicious activity in CloudTrail events:
// the built-in detections (Sigma rules embedded in the binary, and Go
// detections for what Sigma cannot say: state across events), user Sigma
// rules, and the engine that runs them over a stream of events in parallel.
package detect

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/sigma"
	"github.com/awssec/awssec/trail/ctlog"
)

//go:embed rules/*.yml
var ruleFS embed.FS

// Detection is one thing the hunt looks for.
type Detection struct {
	ID          string
	Title       string
	Description string
	Severity    finding.Severity
	// Techniques are MITRE ATT&CK technique ids (T1562.008); Tactics their
	// tactic names (defense-evasion).
	Techniques []string
	Tactics    []string
	// Kind is "sigma" for rules, "stateful" for Go detections that look
	// across events, "event" for Go detections that look at one event.
	Kind string
	// Needs names what the detection needs to run (a flag), if anything.
	Needs string
	// Source is the rule file for Sigma detections.
	Source string

	rule     *sigma.Rule
	newTrack func(o *Options) tracker
}

// Options tune the detections.
type Options struct {
	// Geo locates IP addresses for impossible travel; nil disables it.
	Geo *GeoDB
	// MaxEvents bounds the events kept as evidence per finding.
	MaxEvents int
}

// tracker is the per-worker state of a Go detection. Trackers of the same
// detection on different workers are merged before they report.
type tracker interface {
	observe(e *ctlog.Event)
	merge(other tracker)
	finish(d *Detection, o *Options) []*Hit
}

// EventRef is what a finding keeps of a matched event.
type EventRef struct {
	EventID     string `json:"eventId"`
	Time        string `json:"eventTime"`
	EventSource string `json:"eventSource"`
	EventName   string `json:"eventName"`
	SourceIP    string `json:"sourceIPAddress"`
	Principal   string `json:"principal"`
	AccessKeyID string `json:"accessKeyId,omitempty"`
	Account     string `json:"account"`
	Region      string `json:"region"`
	UserAgent   string `json:"userAgent,omitempty"`
	ErrorCode   string `json:"errorCode,omitempty"`
	File        string `json:"file"`
	Record      int    `json:"record"`
}

// Ref copies what a finding keeps of an event.
func Ref(e *ctlog.Event) EventRef {
	acct := e.RecipientAccountID
	if acct == "" {
		acct = e.UserIdentity.AccountID
	}
	return EventRef{EventID: e.EventID, Time: e.EventTime, EventSource: e.EventSource, EventName: e.EventName,
		SourceIP: e.SourceIPAddress, Principal: e.Principal(), AccessKeyID: e.UserIdentity.AccessKeyID, Account: acct,
		Region: e.AWSRegion, UserAgent: e.UserAgent, ErrorCode: e.ErrorCode, File: e.Source, Record: e.Index}
}

// Hit is one finding of a detection: a principal's matching events, and
// why they matched.
type Hit struct {
	Detection *Detection
	Principal string
	Account   string
	Region    string
	First     time.Time
	Last      time.Time
	Count     int
	Events    []EventRef
	Reason    string

	reasonOf EventRef // the event Reason explains: the earliest
}

// refLess orders events by time, then file and record, so that whatever
// order parallel workers see them in, the same ones are kept.
func refLess(a, b EventRef) bool { return before(a.Time, a.File, a.Record, b.Time, b.File, b.Record) }

// before orders events by time, then file and record. It compares no more
// than it must: it runs on every event a finding or window may keep, and
// file names are long and mostly the same.
func before(time1, file1 string, rec1 int, time2, file2 string, rec2 int) bool {
	if c := strings.Compare(time1, time2); c != 0 {
		return c < 0
	}
	if file1 != file2 { // most often the same string: no bytes compared
		return file1 < file2
	}
	return rec1 < rec2
}

// earlier says whether event e sorts before ref r (refLess without
// building e's EventRef).
func earlier(e *ctlog.Event, r EventRef) bool {
	return before(e.EventTime, e.Source, e.Index, r.Time, r.File, r.Record)
}

// keepEvent is keepEarliest for an event, building its EventRef only when
// it is kept.
func keepEvent(refs []EventRef, e *ctlog.Event, n int) []EventRef {
	if len(refs) >= n && !earlier(e, refs[len(refs)-1]) {
		return refs
	}
	return keepEarliest(refs, Ref(e), n)
}

// keepEarliest inserts r into refs (sorted) and keeps the first n.
func keepEarliest(refs []EventRef, r EventRef, n int) []EventRef {
	if len(refs) > 0 && refLess(refs[len(refs)-1], r) {
		// Later than all kept: the common case, events read in order.
		if len(refs) >= n {
			return refs
		}
		return append(refs, r)
	}
	if len(refs) >= n && !refLess(r, refs[len(refs)-1]) {
		return refs
	}
	i, same := slices.BinarySearchFunc(refs, r, func(a, b EventRef) int {
		if refLess(a, b) {
			return -1
		}
		if refLess(b, a) {
			return 1
		}
		return 0
	})
	if same {
		return refs // the same event, seen through another window
	}
	refs = slices.Insert(refs, i, r)
	if len(refs) > n {
		refs = refs[:n]
	}
	return refs
}

// Builtins returns the built-in detections: the embedded Sigma rules and
// the Go detections, sorted by id.
func Builtins() []*Detection {
	var out []*Detection
	files, _ := fs.Glob(ruleFS, "rules/*.yml")
	for _, f := range files {
		data, _ := ruleFS.ReadFile(f)
		r, err := sigma.Parse(f, data)
		if err != nil {
			panic(fmt.Sprintf("built-in rule %v", err)) // caught by TestBuiltins
		}
		out = append(out, FromRule(r))
	}
	out = append(out, goDetections()...)
	slices.SortFunc(out, func(a, b *Detection) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// FromRule makes a detection of a Sigma rule: its id is the rule's name,
// else its id, else its file name; severity from level; ATT&CK ids from
// attack.* tags.
func FromRule(r *sigma.Rule) *Detection {
	id := cmp.Or(r.Name, r.ID, strings.TrimSuffix(strings.TrimSuffix(baseName(r.File), ".yml"), ".yaml"))
	d := &Detection{ID: id, Title: r.Title, Description: r.Description, Kind: "sigma", Source: r.File, rule: r}
	d.Severity = map[string]finding.Severity{"informational": finding.Info, "low": finding.Low, "medium": finding.Medium,
		"high": finding.High, "critical": finding.Critical}[r.Level]
	if d.Severity == 0 {
		d.Severity = finding.Medium
	}
	for _, t := range r.Tags {
		rest, ok := strings.CutPrefix(strings.ToLower(t), "attack.")
		if !ok {
			continue
		}
		if len(rest) > 1 && rest[0] == 't' && rest[1] >= '0' && rest[1] <= '9' {
			d.Techniques = append(d.Techniques, strings.ToUpper(rest))
		} else if !strings.HasPrefix(rest, "g") && !strings.HasPrefix(rest, "s0") {
			d.Tactics = append(d.Tactics, rest)
		}
	}
	return d
}

func baseName(p string) string { return p[strings.LastIndexAny(p, `/\`)+1:] }

// Engine runs detections over events from several workers at once.
type Engine struct {
	dets   []*Detection
	opts   Options
	set    *sigma.Set
	byRule map[*sigma.Rule]*Detection
	work   []*workerState
}

type groupKey struct {
	det       *Detection
	principal string
	account   string
}

type workerState struct {
	groups   map[groupKey]*Hit
	trackers []tracker
	matched  []*sigma.Rule // reused for each event
}

// NewEngine prepares detections for workers workers.
func NewEngine(dets []*Detection, opts Options, workers int) *Engine {
	if opts.MaxEvents <= 0 {
		opts.MaxEvents = 10
	}
	e := &Engine{dets: dets, opts: opts, byRule: map[*sigma.Rule]*Detection{}}
	var rules []*sigma.Rule
	for _, d := range dets {
		if d.rule != nil {
			rules = append(rules, d.rule)
			e.byRule[d.rule] = d
		}
	}
	e.set = sigma.NewSet(rules)
	// A tracker that is shared (safe for concurrent use, and needing all
	// events in one place) serves every worker; others are per worker.
	shared := make([]tracker, len(dets))
	for i, d := range dets {
		if d.newTrack != nil && d.newTrack(&e.opts) != nil {
			if t, ok := d.newTrack(&e.opts).(interface {
				tracker
				shared()
			}); ok {
				shared[i] = t
			}
		}
	}
	for range max(1, workers) {
		w := &workerState{groups: map[groupKey]*Hit{}}
		for i, d := range dets {
			switch {
			case shared[i] != nil:
				w.trackers = append(w.trackers, shared[i])
			case d.newTrack != nil && d.newTrack(&e.opts) != nil:
				w.trackers = append(w.trackers, d.newTrack(&e.opts))
			default:
				w.trackers = append(w.trackers, nil)
			}
		}
		e.work = append(e.work, w)
	}
	return e
}

// Observe runs every detection on one event read by the given worker.
func (e *Engine) Observe(worker int, ev *ctlog.Event) {
	w := e.work[worker]
	w.matched = e.set.AppendMatches(w.matched[:0], ev)
	for _, r := range w.matched {
		w.add(e.byRule[r], ev, e.opts.MaxEvents, r)
	}
	for _, t := range w.trackers {
		if t != nil {
			t.observe(ev)
		}
	}
}

// add groups a matched event into its principal's finding.
func (w *workerState) add(d *Detection, ev *ctlog.Event, maxEvents int, r *sigma.Rule) {
	k := groupKey{d, ev.Principal(), ev.RecipientAccountID}
	h := w.groups[k]
	t := ev.Time()
	if h == nil {
		h = &Hit{Detection: d, Principal: k.principal, Account: k.account, Region: ev.AWSRegion, First: t, Last: t,
			Reason: r.Explain(ev), reasonOf: Ref(ev)}
		w.groups[k] = h
	} else if earlier(ev, h.reasonOf) {
		h.Reason, h.reasonOf, h.Region = r.Explain(ev), Ref(ev), ev.AWSRegion
	}
	h.Count++
	if t.Before(h.First) {
		h.First = t
	}
	if t.After(h.Last) {
		h.Last = t
	}
	h.Events = keepEvent(h.Events, ev, maxEvents)
}

// Finish merges the workers' state and returns every hit, most severe
// first.
func (e *Engine) Finish() []*Hit {
	merged := map[groupKey]*Hit{}
	for _, w := range e.work {
		for k, h := range w.groups {
			m := merged[k]
			if m == nil {
				merged[k] = h
				continue
			}
			m.Count += h.Count
			if refLess(h.reasonOf, m.reasonOf) {
				m.Reason, m.reasonOf, m.Region = h.Reason, h.reasonOf, h.Region
			}
			if h.First.Before(m.First) {
				m.First = h.First
			}
			if h.Last.After(m.Last) {
				m.Last = h.Last
			}
			m.Events = append(m.Events, h.Events...)
		}
	}
	var hits []*Hit
	for _, h := range merged {
		sortEvents(h.Events)
		if len(h.Events) > e.opts.MaxEvents {
			h.Events = h.Events[:e.opts.MaxEvents]
		}
		hits = append(hits, h)
	}
	for i, d := range e.dets {
		first := e.work[0].trackers[i]
		if first == nil {
			continue
		}
		for _, w := range e.work[1:] {
			first.merge(w.trackers[i])
		}
		hits = append(hits, first.finish(d, &e.opts)...)
	}
	SortHits(hits)
	return hits
}

func sortEvents(evs []EventRef) {
	slices.SortFunc(evs, func(a, b EventRef) int {
		return cmp.Or(strings.Compare(a.Time, b.Time), strings.Compare(a.File, b.File), cmp.Compare(a.Record, b.Record))
	})
}

// SortHits orders hits by severity (highest first), then detection,
// first time and principal, so output is stable.
func SortHits(hits []*Hit) {
	slices.SortFunc(hits, func(a, b *Hit) int {
		return cmp.Or(cmp.Compare(b.Detection.Severity, a.Detection.Severity), strings.Compare(a.Detection.ID, b.Detection.ID),
			a.First.Compare(b.First), strings.Compare(a.Principal, b.Principal), strings.Compare(a.Account, b.Account))
	})
}
