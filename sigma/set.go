package sigma

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// Set is a group of rules that tries on each event only the rules that
// could match it: those whose requirements on the event name and source
// hold. The candidates of each distinct (source, name) pair are worked out
// once and shared by every goroutine matching with the Set.
type Set struct {
	Rules []*Rule

	// candidates maps a (source, name) pair to its rules. Readers load it
	// without locking; a new pair copies it (rare once the names of a log
	// have been seen), under mu.
	candidates atomic.Pointer[map[pair][]*Rule]
	mu         sync.Mutex
}

type pair struct{ source, name string }

// maxPairs bounds the pairs remembered; past it, candidates are worked
// out per event.
const maxPairs = 1 << 12

// NewSet indexes rules.
func NewSet(rules []*Rule) *Set {
	s := &Set{Rules: rules}
	s.candidates.Store(&map[pair][]*Rule{})
	return s
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
	for _, r := range s.candidatesFor(e) {
		if r.Match(e) {
			dst = append(dst, r)
		}
	}
	return dst
}

// candidatesFor returns the rules that could match the event.
func (s *Set) candidatesFor(e Event) []*Rule {
	source, ok1 := stringField(e, "eventSource")
	name, ok2 := stringField(e, "eventName")
	if !ok1 || !ok2 {
		return s.Rules // a value that is not a string: try everything
	}
	k := pair{source, name}
	if c, ok := (*s.candidates.Load())[k]; ok {
		return c
	}
	var c []*Rule
	for _, r := range s.Rules {
		if (r.needSource == nil || r.needSource(source)) && (r.needName == nil || r.needName(name)) {
			c = append(c, r)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := *s.candidates.Load()
	if _, ok := old[k]; !ok && len(old) < maxPairs {
		m := make(map[pair][]*Rule, len(old)+1)
		maps.Copy(m, old)
		m[k] = c
		s.candidates.Store(&m)
	}
	return c
}

// stringField returns a field's value when it is a string or absent ("");
// ok is false for any other value.
func stringField(e Event, field string) (v string, ok bool) {
	if sf, isSF := e.(StringFields); isSF {
		if v, known := sf.StringField(field); known {
			return v, true
		}
	}
	return firstString(e, field)
}

// firstString is stringField for fields outside StringFields.
func firstString(e Event, field string) (v string, ok bool) {
	ok = true
	e.Values(field, func(x any) bool { v, ok = x.(string); return false })
	return v, ok
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
