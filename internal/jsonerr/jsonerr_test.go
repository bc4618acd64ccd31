package jsonerr

import (
	"errors"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

func TestLineCol(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  \"b\": x\n}")
	for _, tc := range []struct {
		offset    int64
		line, col int
	}{{0, 1, 1}, {2, 2, 1}, {4, 2, 3}, {19, 3, 8}, {-5, 1, 1}, {999, 4, 2}} {
		if l, c := LineCol(data, tc.offset); l != tc.line || c != tc.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tc.offset, l, c, tc.line, tc.col)
		}
	}
}

func TestDescribe(t *testing.T) {
	var v struct {
		N int    `json:"n"`
		S string `json:"s"`
	}
	for doc, want := range map[string]string{
		`{"n": "x"}`: "wrong type: got string, want number",
		`{"s": 1}`:   "wrong type: got number, want string",
		`{"z": 1}`:   `unknown field "z"`,
	} {
		err := json.Unmarshal([]byte(doc), &v, json.RejectUnknownMembers(true))
		var serr *json.SemanticError
		if !errors.As(err, &serr) {
			t.Fatalf("%s: %v is not a semantic error", doc, err)
		}
		if got := Describe(serr); got != want {
			t.Errorf("%s: Describe = %q, want %q", doc, got, want)
		}
	}
}

func TestEscapeAndKindName(t *testing.T) {
	if got := Escape("/a\n\"b\xff"); got != `/a\n\"b\xff` {
		t.Errorf("Escape = %q", got)
	}
	for k, want := range map[byte]string{'{': "object", '[': "array", '"': "string", '0': "number", 't': "boolean", 'n': "null", 0: "nothing"} {
		if got := KindName(jsontextKind(k)); got != want {
			t.Errorf("KindName(%q) = %s, want %s", k, got, want)
		}
	}
}

func jsontextKind(b byte) jsontext.Kind { return jsontext.Kind(b) }
