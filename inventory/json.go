package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
)

// ErrSchemaVersion is the cause when a file holds another schema version.
var ErrSchemaVersion = errors.New("unsupported schema version")

// ParseError is a problem at a position in an inventory file.
type ParseError struct {
	File   string
	Line   int // 1-based; 0 when the position is unknown
	Column int // 1-based, in bytes
	Err    error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

var decodeOptions = json.JoinOptions(
	json.RejectUnknownMembers(true),
	jsontext.AllowDuplicateNames(false),
	jsontext.AllowInvalidUTF8(false),
)

var encodeOptions = json.JoinOptions(
	json.Deterministic(true),
	jsontext.WithIndent("  "),
)

// Decode reads an estate in its JSON form. file names the input in errors,
// which carry the line and column of the problem.
func Decode(file string, data []byte) (*Estate, error) {
	var probe struct {
		SchemaVersion *int `json:"schemaVersion"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, positioned(file, data, err)
	}
	if probe.SchemaVersion == nil {
		return nil, &ParseError{File: file, Err: errors.New(`missing "schemaVersion": not an awssec inventory`)}
	}
	if *probe.SchemaVersion != SchemaVersion {
		line, col := jsonerr.LineCol(data, valueOffset(data, `"schemaVersion"`))
		return nil, &ParseError{File: file, Line: line, Column: col,
			Err: fmt.Errorf("%w %d (this awssec reads %d)", ErrSchemaVersion, *probe.SchemaVersion, SchemaVersion)}
	}
	var e Estate
	if err := json.Unmarshal(data, &e, decodeOptions); err != nil {
		return nil, positioned(file, data, err)
	}
	if len(e.Accounts) == 0 {
		return nil, &ParseError{File: file, Err: errors.New(`"accounts" is empty: the estate holds no account`)}
	}
	return &e, nil
}

// Encode writes the estate's JSON form: indented, with keys in a stable order.
func Encode(w io.Writer, e *Estate) error {
	if err := json.MarshalWrite(w, e, encodeOptions); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// positioned turns a decoding error into a ParseError at its line and column,
// with a message that names the JSON path and the problem in plain words.
func positioned(file string, data []byte, err error) error {
	var (
		offset  int64 = -1
		pointer jsontext.Pointer
		msg     string
	)
	var serr *json.SemanticError
	var synerr *jsontext.SyntacticError
	switch {
	case errors.As(err, &synerr):
		offset, pointer = synerr.ByteOffset, synerr.JSONPointer
		msg = describeSyntax(synerr.Err)
	case errors.As(err, &serr):
		offset, pointer = serr.ByteOffset, serr.JSONPointer
		msg = describeSemantic(serr)
	default:
		msg = err.Error()
	}
	if pointer != "" {
		msg = fmt.Sprintf("at %s: %s", jsonerr.Escape(string(pointer)), msg)
	}
	pe := &ParseError{File: file, Err: errors.New(msg)}
	if offset >= 0 {
		pe.Line, pe.Column = jsonerr.LineCol(data, offset)
	}
	return pe
}

func describeSyntax(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input: the file is truncated"
	}
	return strings.TrimPrefix(err.Error(), "jsontext: ")
}

func describeSemantic(serr *json.SemanticError) string {
	if errors.Is(serr.Err, json.ErrUnknownName) {
		if name := serr.JSONPointer.LastToken(); strings.HasPrefix(name, "AWS::") {
			return fmt.Sprintf("unknown resource type %q", name)
		}
	}
	return jsonerr.Describe(serr)
}

// valueOffset finds the offset of the value of the first member named key
// (a quoted JSON string), or 0.
func valueOffset(data []byte, key string) int64 {
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return 0
	}
	i += len(key)
	for i < len(data) && (data[i] == ':' || data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return int64(i)
}
