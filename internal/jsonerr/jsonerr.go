// Package jsonerr turns JSON decoding errors into the one-line, positioned
// messages every awssec parser prints: the kind of JSON value in plain
// words, what a type mismatch was, and the line and column of a byte offset.
package jsonerr

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// KindName names a JSON value kind: "object", "array", "string", "number",
// "boolean", "null"; "nothing" for the zero kind.
func KindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "nothing"
}

// goKindName names the JSON kind a Go type wants.
func goKindName(t reflect.Type) string {
	switch k := t.Kind(); {
	case k >= reflect.Int && k <= reflect.Float64:
		return "number"
	case k == reflect.Bool:
		return "boolean"
	case k == reflect.Slice || k == reflect.Array:
		return "array"
	case k == reflect.Struct || k == reflect.Map || k == reflect.Pointer:
		return "object"
	case k == reflect.String:
		return "string"
	}
	return t.Kind().String()
}

// Describe says what a semantic error is about, in plain words: an unknown
// member ("unknown field \"x\""), a type mismatch ("wrong type: got string,
// want boolean"), or the decoder's own message.
func Describe(serr *json.SemanticError) string {
	if errors.Is(serr.Err, json.ErrUnknownName) {
		return fmt.Sprintf("unknown field %q", serr.JSONPointer.LastToken())
	}
	if serr.GoType != nil && serr.JSONKind != 0 {
		if serr.Err != nil && !strings.HasPrefix(serr.Err.Error(), "json: ") && serr.GoType.Kind() == reflect.Struct {
			return strings.TrimPrefix(serr.Err.Error(), "json: ")
		}
		return fmt.Sprintf("wrong type: got %s, want %s", KindName(serr.JSONKind), goKindName(serr.GoType))
	}
	if serr.Err != nil {
		return strings.TrimPrefix(serr.Err.Error(), "json: ")
	}
	return strings.TrimPrefix(serr.Error(), "json: ")
}

// LineCol converts a byte offset into data to a 1-based line and column
// (in bytes).
func LineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	prefix := data[:offset]
	line = bytes.Count(prefix, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(prefix, '\n') + 1) + 1
	return line, col
}

// Escape makes s safe for a one-line message: control characters and
// invalid UTF-8 are written as Go escapes.
func Escape(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
