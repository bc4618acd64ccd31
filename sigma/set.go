package sigma

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// Set is a group of rules indexed by the event names, or else the event
// sources, they can match, so an event is tested only against the rules
// that could match it.
type Set struct {
	Rules    []*Rule
	byName   map[string][]*Rule
	bySource map[string][]*Rule
	any      []*Rule
}

// NewSet indexes rules.
func NewSet(rules []*Rule) *Set {
	s := &Set{Rules: rules, byName: map[string][]*Rule{}, bySource: map[string][]*Rule{}}
	for _, r := range rules {
		switch {
		case r.names != nil:
			index(s.byName, r.names, r)
		case r.sources != nil:
			index(s.bySource, r.sources, r)
		default:
			s.any = append(s.any, r)
		}
	}
	return s
}

func index(m map[string][]*Rule, keys []string, r *Rule) {
	for i, k := range keys {
		if !slices.Contains(keys[:i], k) {
			m[k] = append(m[k], r)
		}
	}
}

// first returns the first value of a field when it is a string.
func first(e Event, field string) string {
	var v string
	e.Values(field, func(x any) bool { v, _ = x.(string); return false })
	return v
}

// Match calls fn with every rule the event satisfies.
func (s *Set) Match(e Event, fn func(*Rule)) {
	for _, r := range s.AppendMatches(nil, e) {
		fn(r)
	}
}

// AppendMatches appends the rules the event satisfies to dst: with a
// reused dst, matching allocates nothing.
func (s *Set) AppendMatches(dst []*Rule, e Event) []*Rule {
	for _, candidates := range [...][]*Rule{lookup(s.byName, e, "eventName"), lookup(s.bySource, e, "eventSource"), s.any} {
		for _, r := range candidates {
			if r.Match(e) {
				dst = append(dst, r)
			}
		}
	}
	return dst
}

// lookup returns the rules indexed under the event's value of field.
func lookup(m map[string][]*Rule, e Event, field string) []*Rule {
	if len(m) == 0 {
		return nil
	}
	v, known := "", false
	if sf, ok := e.(StringFields); ok {
		v, known = sf.StringField(field)
	}
	if !known {
		v = first(e, field)
	}
	// Lower-case ASCII in place, without allocating.
	var buf [128]byte
	if len(v) > len(buf) {
		return m[strings.ToLower(v)]
	}
	b := buf[:len(v)]
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= utf8.RuneSelf:
			return m[strings.ToLower(v)]
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return m[string(b)]
}

// LoadFiles reads rule files and directories (every .yml and .yaml file
// beneath), in lexical order. It returns every rule that failed, not only
// the first.
func LoadFiles(paths []string) ([]*Rule, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such rule file or directory", p)
			}
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yml" || ext == ".yaml") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(files)
	var rules []*Rule
	var errs []error
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, err := Parse(f, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rules = append(rules, r)
	}
	return rules, errors.Join(errs...)
}
