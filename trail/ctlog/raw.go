package ctlog

import (
	"bytes"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// rawDecoder is a pooled decoder for looking paths up in a record's text.
type rawDecoder struct {
	r   bytes.Reader
	dec *jsontext.Decoder
}

var rawPool = sync.Pool{New: func() any {
	d := &rawDecoder{}
	d.dec = jsontext.NewDecoder(&d.r)
	return d
}}

// rawWalk looks a dotted path up in JSON text without decoding what is
// off the path, flattening arrays, and yields the values found: scalars as
// string, float64, bool or nil; containers decoded. It reports whether the
// path exists.
func rawWalk(raw jsontext.Value, path string, yield func(any) bool) bool {
	d := rawPool.Get().(*rawDecoder)
	defer rawPool.Put(d)
	d.r.Reset(raw)
	d.dec.Reset(&d.r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	w := rawWalker{dec: d.dec, yield: yield}
	w.value(path)
	return w.found
}

type rawWalker struct {
	dec     *jsontext.Decoder
	yield   func(any) bool
	found   bool
	stopped bool
}

// value consumes one value, following path into it.
func (w *rawWalker) value(path string) bool {
	kind := w.dec.PeekKind()
	if path == "" {
		w.found = true
		if kind == '[' {
			w.dec.ReadToken()
			for w.dec.PeekKind() != ']' && w.dec.PeekKind() != 0 {
				if !w.emit() {
					return false
				}
			}
			_, err := w.dec.ReadToken()
			return err == nil
		}
		return w.emit()
	}
	switch kind {
	case '{':
		seg, rest, _ := strings.Cut(path, ".")
		if _, err := w.dec.ReadToken(); err != nil {
			return false
		}
		for w.dec.PeekKind() != '}' {
			name, err := w.dec.ReadToken()
			if err != nil {
				return false
			}
			if !w.stopped && name.String() == seg {
				if !w.value(rest) {
					return false
				}
				continue
			}
			if w.dec.SkipValue() != nil {
				return false
			}
		}
		_, err := w.dec.ReadToken()
		return err == nil
	case '[':
		w.dec.ReadToken()
		for w.dec.PeekKind() != ']' {
			if w.dec.PeekKind() == 0 {
				return false
			}
			if w.stopped {
				if w.dec.SkipValue() != nil {
					return false
				}
				continue
			}
			if !w.value(path) {
				return false
			}
		}
		_, err := w.dec.ReadToken()
		return err == nil
	}
	return w.dec.SkipValue() == nil
}

// emit yields the next value.
func (w *rawWalker) emit() bool {
	if w.stopped {
		return w.dec.SkipValue() == nil
	}
	var v any
	switch w.dec.PeekKind() {
	case '{', '[':
		raw, err := w.dec.ReadValue()
		if err != nil || json.Unmarshal(raw, &v) != nil {
			return false
		}
	default:
		tok, err := w.dec.ReadToken()
		if err != nil {
			return false
		}
		switch tok.Kind() {
		case '"':
			v = tok.String()
		case '0':
			v, _ = tok.Float()
		case 't':
			v = true
		case 'f':
			v = false
		}
	}
	if !w.yield(v) {
		w.stopped = true
	}
	return true
}
