package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TimeInterval is a named set of periods, as in Alertmanager's
// time_intervals: routes are muted during (mute_time_intervals) or only
// active during (active_time_intervals) them.
type TimeInterval struct {
	Name    string
	Periods []Period
}

// Contains reports whether t falls in any of the periods.
func (ti *TimeInterval) Contains(t time.Time) bool {
	for i := range ti.Periods {
		if ti.Periods[i].Contains(t) {
			return true
		}
	}
	return false
}

// Period is one entry of a time interval; every part set must match.
type Period struct {
	Times       []TimeRange // minutes of the day, [start, end)
	Weekdays    []Range     // 0 = Sunday
	DaysOfMonth []Range     // 1..31, or negative from the end (-1 = last day)
	Months      []Range     // 1..12
	Years       []Range
	Location    *time.Location
}

// TimeRange is [Start, End) in minutes since midnight.
type TimeRange struct{ Start, End int }

// Range is an inclusive range.
type Range struct{ Lo, Hi int }

func inRanges(rs []Range, v int) bool {
	if len(rs) == 0 {
		return true
	}
	for _, r := range rs {
		if v >= r.Lo && v <= r.Hi {
			return true
		}
	}
	return false
}

// Contains reports whether t is in the period.
func (p *Period) Contains(t time.Time) bool {
	if p.Location != nil {
		t = t.In(p.Location)
	}
	if len(p.Times) > 0 {
		m := t.Hour()*60 + t.Minute()
		ok := false
		for _, tr := range p.Times {
			if m >= tr.Start && m < tr.End {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if !inRanges(p.Weekdays, int(t.Weekday())) || !inRanges(p.Months, int(t.Month())) || !inRanges(p.Years, t.Year()) {
		return false
	}
	if len(p.DaysOfMonth) > 0 {
		last := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
		ok := false
		for _, r := range p.DaysOfMonth {
			lo, hi := r.Lo, r.Hi
			if lo < 0 {
				lo = last + lo + 1
			}
			if hi < 0 {
				hi = last + hi + 1
			}
			if t.Day() >= lo && t.Day() <= hi {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

var weekdayNames = map[string]int{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

var monthNames = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

// parseRange reads "monday:friday", "1:5", "-1", "2024" with the names
// given (nil for numbers), checking bounds.
func parseRange(s string, names map[string]int, lo, hi int, negative bool) (Range, error) {
	one := func(p string) (int, error) {
		p = strings.ToLower(strings.TrimSpace(p))
		if names != nil {
			if v, ok := names[p]; ok {
				return v, nil
			}
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return 0, fmt.Errorf("%q is not valid here", p)
		}
		if (v < lo || v > hi) && !(negative && v < 0 && v >= -hi) {
			return 0, fmt.Errorf("%d is out of range %d..%d", v, lo, hi)
		}
		return v, nil
	}
	a, b, found := strings.Cut(s, ":")
	l, err := one(a)
	if err != nil {
		return Range{}, err
	}
	h := l
	if found {
		if h, err = one(b); err != nil {
			return Range{}, err
		}
		if (l >= 0) == (h >= 0) && h < l {
			return Range{}, fmt.Errorf("range %q ends before it starts", s)
		}
	}
	return Range{l, h}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) || len(m) != 2 {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	return hh*60 + mm, nil
}
