// Package scandiff compares two scans of one estate finding by finding,
// by a stable identity (check id, account, region, resource ARN or id):
// what is new, fixed, still failing, muted, and newly not assessed.
package scandiff

import (
	"cmp"
	"slices"

	"github.com/awssec/awssec/finding"
)

// Key is a finding's stable identity across scans: the same check on the
// same resource. Resource is the ARN when there is one, else the id.
type Key struct {
	CheckID, Account, Region, Resource string
}

// KeyOf returns the identity of f.
func KeyOf(f *finding.Finding) Key {
	r := f.ResourceARN
	if r == "" {
		r = f.ResourceID
	}
	return Key{f.CheckID, f.Account, f.Region, r}
}

// Change is how a finding moved between two scans.
type Change string

// Changes, in the order reports list them.
const (
	New              Change = "new"                // failing, unmuted, and was not
	NewlyNotAssessed Change = "newly-not-assessed" // not assessed, and was assessed or absent
	StillFailing     Change = "still-failing"      // failing and unmuted in both
	Muted            Change = "muted"              // failing and muted now
	Fixed            Change = "fixed"              // was failing and unmuted; passes now or is gone
)

// Changes lists every change in report order.
var Changes = []Change{New, NewlyNotAssessed, StillFailing, Muted, Fixed}

// Entry is one finding that changed, or stayed failing.
type Entry struct {
	Change Change
	// Finding is the finding in the later scan, or in the earlier one
	// when it is gone from the later. It points into the compared slices.
	Finding *finding.Finding
	// Before and After are its statuses in the two scans; empty when it is
	// absent from that scan.
	Before, After finding.Status
	// WasMuted says the finding was muted in the earlier scan.
	WasMuted bool
}

// Result is the comparison of two scans.
type Result struct {
	Entries []Entry        // by change, then severity (highest first), then in scan order
	Counts  map[Change]int // every change, zero included
}

// open reports whether f is a failure someone must act on.
func open(f *finding.Finding) bool { return f.Status == finding.Fail && !f.Muted }

// Compare classifies the findings of scan b against those of the earlier
// scan a. A finding whose mute expired counts as new: it is back on the list
// of things to act on. Passing findings that were not failing, and
// not-assessed findings that were already not assessed, are left out.
func Compare(a, b []finding.Finding) Result {
	match := pair(a, b)
	matched := make([]bool, len(a))
	res := Result{Counts: map[Change]int{}}
	for _, c := range Changes {
		res.Counts[c] = 0
	}
	add := func(c Change, f, p *finding.Finding, now finding.Status) {
		e := Entry{Change: c, Finding: f, After: now}
		if p != nil {
			e.Before, e.WasMuted = p.Status, p.Muted
		}
		res.Entries = append(res.Entries, e)
		res.Counts[c]++
	}
	for i := range b {
		f := &b[i]
		var p *finding.Finding
		if j := match[i]; j >= 0 {
			p, matched[j] = &a[j], true
		}
		switch {
		case f.Status == finding.Fail && f.Muted:
			add(Muted, f, p, f.Status)
		case f.Status == finding.Fail && p != nil && open(p):
			add(StillFailing, f, p, f.Status)
		case f.Status == finding.Fail:
			add(New, f, p, f.Status)
		case f.Status == finding.Error && (p == nil || p.Status != finding.Error):
			add(NewlyNotAssessed, f, p, f.Status)
		case f.Status == finding.Pass && p != nil && open(p):
			add(Fixed, f, p, f.Status)
		}
	}
	for j := range a {
		if !matched[j] && open(&a[j]) {
			add(Fixed, &a[j], &a[j], "")
		}
	}
	slices.SortStableFunc(res.Entries, compareEntries)
	return res
}

// window is how far ahead in the earlier scan pairing looks for the next
// finding of the later one, stepping over findings that are gone.
const window = 8

// pair returns, for each finding of b, the index of the finding of a with
// the same identity, or -1. Findings that share an identity within a scan
// pair in their order. Two scans of one estate list their findings in
// nearly the same order, so pairing walks both in step and builds a map
// only of what the walk leaves unpaired.
func pair(a, b []finding.Finding) []int {
	match := make([]int, len(b))
	used := make([]bool, len(a))
	var rest []int // findings of b the walk did not pair
	j := 0
	for i := range b {
		match[i] = -1
		k := KeyOf(&b[i])
		for d := 0; d < window && j+d < len(a); d++ {
			if !used[j+d] && KeyOf(&a[j+d]) == k {
				match[i], used[j+d], j = j+d, true, j+d+1
				break
			}
		}
		if match[i] < 0 {
			rest = append(rest, i)
		}
	}
	if len(rest) == 0 {
		return match
	}
	first := map[Key]int{}
	var extra map[Key][]int // later findings of a with an identity already in first
	for j := range a {
		if used[j] {
			continue
		}
		k := KeyOf(&a[j])
		if _, dup := first[k]; !dup {
			first[k] = j
			continue
		}
		if extra == nil {
			extra = map[Key][]int{}
		}
		extra[k] = append(extra[k], j)
	}
	for _, i := range rest {
		k := KeyOf(&b[i])
		if j, ok := first[k]; ok {
			match[i] = j
			delete(first, k)
		} else if q := extra[k]; len(q) > 0 {
			match[i], extra[k] = q[0], q[1:]
		}
	}
	return match
}

// rank orders changes as Changes lists them.
func rank(c Change) int {
	switch c {
	case New:
		return 0
	case NewlyNotAssessed:
		return 1
	case StillFailing:
		return 2
	case Muted:
		return 3
	}
	return 4
}

// compareEntries orders entries by change, then severity, highest first.
// Sorted stably, entries of one change and severity keep the order the
// scan reported them in (check by check), and sorting stays cheap on a
// large scan.
func compareEntries(x, y Entry) int {
	if c := rank(x.Change) - rank(y.Change); c != 0 {
		return c
	}
	return cmp.Compare(y.Finding.Severity, x.Finding.Severity)
}

// NewAtOrAbove counts the new findings at or above sev, for a CI gate.
func (r Result) NewAtOrAbove(sev finding.Severity) int {
	n := 0
	for _, e := range r.Entries {
		if e.Change == New && e.Finding.Severity >= sev {
			n++
		}
	}
	return n
}
