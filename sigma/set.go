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
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// Set is a group of rules indexed by the event names they can match, so an
// event is tested only against the rules that could match it.
type Set struct {
	Rules  []*Rule
	byName map[string][]*Rule
	any    []*Rule
}

// NewSet indexes rules.
func NewSet(rules []*Rule) *Set {
	s := &Set{Rules: rules, byName: map[string][]*Rule{}}
	for _, r := range rules {
		if r.names == nil {
			s.any = append(s.any, r)
			continue
		}
		seen := map[string]bool{}
		for _, n := range r.names {
			if !seen[n] {
				seen[n] = true
				s.byName[n] = append(s.byName[n], r)
			}
		}
	}
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
	var name string
	if sf, ok := e.(StringFields); ok {
		name, _ = sf.StringField("eventName")
	} else {
		e.Values("eventName", func(v any) bool { name, _ = v.(string); return false })
	}
	var candidates []*Rule
	var buf [128]byte
	if len(name) <= len(buf) {
		b := buf[:len(name)]
		for i := 0; i < len(name); i++ {
			c := name[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		candidates = s.byName[string(b)]
	} else {
		candidates = s.byName[strings.ToLower(name)]
	}
	for _, r := range candidates {
		if r.Match(e) {
			dst = append(dst, r)
		}
	}
	for _, r := range s.any {
		if r.Match(e) {
			dst = append(dst, r)
		}
	}
	return dst
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
