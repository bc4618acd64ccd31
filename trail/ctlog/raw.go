package ctlog

import (
	"errors"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// rawWalk looks a dotted path up in JSON text without decoding what is
// off the path, flattening arrays, and yields the values found: scalars as
// string, float64, bool or nil; containers decoded. It reports whether the
// path exists. A name given twice yields both values: a detection sees
// whatever any reader of the record could. raw is a record's member as the
// decoders checked it, so it is valid JSON; text that is not ends the walk
// without a panic.
func rawWalk(raw jsontext.Value, path string, yield func(any) bool) bool {
	// yield travels as an argument, not in rawWalker: stored in a struct it
	// would escape, and every caller's closure with it.
	w := rawWalker{s: scanner{b: raw}}
	w.value(path, yield)
	return w.found
}

type rawWalker struct {
	s       scanner
	found   bool
	stopped bool
}

// value consumes one value, following path into it.
func (w *rawWalker) value(path string, yield func(any) bool) bool {
	s := &w.s
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch {
	case path == "":
		w.found = true
		if !s.enter('[') {
			return w.emit(yield)
		}
		for s.more(']') {
			if !w.emit(yield) {
				return false
			}
		}
	case s.enter('{'):
		seg, rest, _ := strings.Cut(path, ".")
		for s.more('}') {
			name, ok := s.name()
			if !ok {
				return false
			}
			if !w.stopped && string(name) == seg {
				ok = w.value(rest, yield)
			} else {
				ok = s.skip()
			}
			if !ok {
				return false
			}
		}
	case s.enter('['):
		for s.more(']') {
			ok := false
			if w.stopped {
				ok = s.skip()
			} else {
				ok = w.value(path, yield)
			}
			if !ok {
				return false
			}
		}
	default:
		return s.skip()
	}
	return !s.bad
}

// emit yields the next value.
func (w *rawWalker) emit(yield func(any) bool) bool {
	s := &w.s
	if w.stopped {
		return s.skip()
	}
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '"' {
		str, ok := s.str()
		if !ok {
			return false
		}
		return w.give(string(str), yield)
	}
	start := s.i
	if !s.skip() {
		return false
	}
	text := s.b[start:s.i]
	var v any
	switch text[0] {
	case 't':
		v = true
	case 'f':
		v = false
	case 'n':
	case '{', '[':
		var tree any
		if json.Unmarshal(text, &tree, headerOptions...) != nil {
			return false
		}
		v = tree
	default:
		// A number past float64's range reads as ±Inf, still comparable.
		f, err := strconv.ParseFloat(string(text), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return false
		}
		v = f
	}
	return w.give(v, yield)
}

// give yields v, remembering whether the caller wants more.
func (w *rawWalker) give(v any, yield func(any) bool) bool {
	if !yield(v) {
		w.stopped = true
	}
	return true
}
