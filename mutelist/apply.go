package mutelist

import (
	"fmt"
	"reflect"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// Tags returns the tags of the resource a finding is about, or nil when the
// resource has none or is not in the estate.
type Tags func(f *finding.Finding) map[string]string

// Warning is something about the mutelist a user should fix, at the entry
// it concerns.
type Warning struct {
	File         string
	Line, Column int
	Msg          string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: warning: %s", w.File, w.Line, w.Column, w.Msg)
}

// Result says what applying a mutelist did.
type Result struct {
	Muted    int // findings newly marked muted
	Warnings []Warning
}

// Apply marks the failing and not-assessed findings that an unexpired entry
// covers as muted, with the entry's reason. The first entry that matches
// wins. Passing findings have nothing to mute and are left alone. It warns
// about entries that have expired (they mute nothing), entries that match
// no finding, and entries that match only passing findings.
func (ml *Mutelist) Apply(fs []finding.Finding, tags Tags, now time.Time) Result {
	var res Result
	matched := make([]int, len(ml.Entries)) // findings matched, any status
	open := make([]int, len(ml.Entries))    // of them failing or not assessed
	live := make([]bool, len(ml.Entries))
	for i, e := range ml.Entries {
		live[i] = !e.Expired(now)
	}
	for i := range fs {
		f := &fs[i]
		var ftags map[string]string
		tagsRead := false
		for j, e := range ml.Entries {
			if !live[j] {
				continue
			}
			if e.tags != nil && !tagsRead {
				if tags != nil {
					ftags = tags(f)
				}
				tagsRead = true
			}
			if !e.matches(f, ftags) {
				continue
			}
			matched[j]++
			if f.Status == finding.Pass {
				break
			}
			open[j]++
			if !f.Muted {
				f.Muted, f.MuteReason = true, e.reason(ml.File)
				res.Muted++
			}
			break
		}
	}
	for i, e := range ml.Entries {
		w := Warning{File: ml.File, Line: e.Line, Column: e.Column}
		switch {
		case !live[i]:
			w.Msg = fmt.Sprintf("entry %s expired on %s%s: its findings are no longer muted", e.Label(), e.Expires.Format(time.DateOnly), e.ownedBy())
		case matched[i] == 0:
			w.Msg = fmt.Sprintf("entry %s matches no finding", e.Label())
		case open[i] == 0:
			w.Msg = fmt.Sprintf("entry %s matches only passing findings: the risk it accepts is gone", e.Label())
		default:
			continue
		}
		res.Warnings = append(res.Warnings, w)
	}
	return res
}

func (e *Entry) matches(f *finding.Finding, tags map[string]string) bool {
	if !e.check.Match(f.CheckID) ||
		(e.account != nil && !e.account.Match(f.Account)) ||
		(e.region != nil && !e.region.Match(f.Region)) {
		return false
	}
	if e.resource != nil && !e.resource.Match(f.ResourceARN) && !e.resource.Match(f.ResourceID) {
		return false
	}
	for k, g := range e.tags {
		v, ok := tags[k]
		if !ok || !g.Match(v) {
			return false
		}
	}
	return true
}

func (e *Entry) ownedBy() string {
	if e.Owner == "" {
		return ""
	}
	return " (owner " + e.Owner + ")"
}

// reason is the mute reason a finding carries: why, who, until when, and
// which entry.
func (e *Entry) reason(file string) string {
	s := e.Reason
	if e.Owner != "" {
		s += "; owner " + e.Owner
	}
	if !e.Expires.IsZero() {
		s += "; until " + e.Expires.Format(time.DateOnly)
	}
	return fmt.Sprintf("%s (%s:%d)", s, file, e.Line)
}

// HasTags reports whether any entry matches on tags, so callers build a tag
// index only when it is needed.
func (ml *Mutelist) HasTags() bool {
	for _, e := range ml.Entries {
		if e.tags != nil {
			return true
		}
	}
	return false
}

// EstateTags indexes the tags of every resource in the estate by account,
// resource type and id, the identity a finding carries.
func EstateTags(e *inventory.Estate) Tags {
	type key struct{ account, typ, id string }
	index := map[key]map[string]string{}
	add := func(account string, v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			var rs []reflect.Value
			switch f.Kind() {
			case reflect.Slice:
				for j := range f.Len() {
					rs = append(rs, f.Index(j))
				}
			case reflect.Pointer:
				rs = append(rs, f)
			}
			for _, rv := range rs {
				if rv.IsNil() {
					continue
				}
				r, ok := rv.Interface().(inventory.Resource)
				if !ok {
					continue
				}
				if m := r.Metadata(); len(m.Tags) > 0 {
					index[key{account, r.Type(), m.ID}] = m.Tags
				}
			}
		}
	}
	for _, a := range e.Accounts {
		add(a.ID, reflect.ValueOf(a.Resources))
		for _, r := range a.Regions {
			add(a.ID, reflect.ValueOf(r.Resources))
		}
	}
	return func(f *finding.Finding) map[string]string {
		return index[key{f.Account, f.ResourceType, f.ResourceID}]
	}
}
