// Package configsnap reads AWS Config output into the inventory, so that
// every check runs on an estate that Config recorded instead of one that
// awssec collected live.
//
// Two forms are read. A configuration snapshot (or configuration history)
// file is what Config delivers to its S3 bucket:
//
//	{"fileVersion": "1.0", "configSnapshotId": "...", "configurationItems": [...]}
//
// gzipped (.json.gz, detected by its magic bytes) or not. Read takes files and
// directories (every .json and .json.gz below them) and merges them into one
// estate: accounts and regions come from the items, and the latest item of a
// resource wins. ReadQueryResults reads the output of an advanced query
// (select-resource-config or select-aggregate-resource-config): responses
// whose "Results" are configuration items serialized as JSON strings, or
// arrays of such strings or of the items themselves.
//
// Each configuration item's "configuration" mirrors the service's Describe
// API output with lower-camel keys; the resource types that the checks rely
// on most are mapped into their inventory structs (see Mapped). What Config
// does not record (an IAM user's access keys and MFA devices, a KMS key
// policy, a bucket's PolicyStatus, VPC flow logs, ...) stays unknown: nil
// pointers, or names in Meta.Unread. Every inventory resource type that is
// not mapped gets a Gap with Code "NotRecorded" in each region (global types
// on the account), so checks on it report "not assessed" instead of passing
// on an empty list.
//
// Decoding is streaming: a snapshot is read one configuration item at a
// time, and only the mapped resources are kept. Errors are one line, with the
// file and the line and column of the problem (inventory.ParseError).
package configsnap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
	"github.com/awssec/awssec/inventory"
)

// SourceKind is the Source.Kind of every resource read by this package, and
// the estate's Source.
const SourceKind = "config-snapshot"

// Gap calls: the Call of the gaps this package records.
const (
	CallSnapshot = "config:snapshot"
	CallQuery    = "config:SelectResourceConfig"
)

// Read reads configuration snapshot (and configuration history) files into
// one estate. Each path is a file, or a directory whose .json and .json.gz
// files, at any depth, are read in lexical order. Files may be gzipped
// whatever their name.
func Read(paths []string) (*inventory.Estate, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("configsnap: no .json or .json.gz file in %s", strings.Join(paths, ", "))
	}
	b := newBuilder(CallSnapshot)
	for _, f := range files {
		if err := readFile(b, f); err != nil {
			return nil, err
		}
	}
	return b.estate(), nil
}

// ReadQueryResults reads the results of an AWS Config advanced query
// (SelectResourceConfig or SelectAggregateResourceConfig) into an estate.
// name names the input in errors and in each resource's Source.File.
//
// The input is one or more JSON values: the API's response objects
// ({"Results": ["{...}", ...], "QueryInfo": ...}, as the AWS CLI prints
// them, possibly several pages one after another), arrays of result strings,
// or arrays or sequences of configuration item objects. It may be gzipped.
//
// A query that selects only part of an item's configuration leaves the rest
// unknown; an item that lacks a field a check cannot do without makes its
// resource type a Gap ("Incomplete") in its region. Select at least
// resourceId, resourceType, accountId, awsRegion, arn, resourceName, tags,
// configuration and supplementaryConfiguration.
func ReadQueryResults(r io.Reader, name string) (*inventory.Estate, error) {
	b := newBuilder(CallQuery)
	if err := readStream(b, r, name, readQuery); err != nil {
		return nil, err
	}
	return b.estate(), nil
}

// expand turns the paths into the list of files to read.
func expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("configsnap: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && isSnapshotName(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("configsnap: %w", err)
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, nil
}

func isSnapshotName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".json.gz")
}

// snapshotName matches the object key AWS Config gives a snapshot or
// history file: 123456789012_Config_us-east-2_ConfigSnapshot_20160927T183939Z_<id>.json.gz.
var snapshotName = regexp.MustCompile(`^(\d{12})_Config_([a-z0-9-]+)_Config(?:Snapshot|History)_`)

func readFile(b *builder, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("configsnap: %w", err)
	}
	defer f.Close()
	name := filepath.Base(path)
	if m := snapshotName.FindStringSubmatch(name); m != nil {
		// An empty snapshot still says that the region was recorded.
		b.region(b.account(m[1]), m[2])
	}
	return readStream(b, f, name, readSnapshot)
}

// readStream decompresses r when it is gzipped and runs read over it,
// turning every failure into a one-line ParseError.
func readStream(b *builder, r io.Reader, name string, read func(*builder, *stream) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var in io.Reader = br
	var gz *gzipReader
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &inventory.ParseError{File: name, Err: fmt.Errorf("bad gzip header: %v", err)}
		}
		gz = &gzipReader{r: zr}
		in = gz
	}
	t := &tracker{r: in, line: 1}
	s := &stream{name: name, t: t, dec: jsontext.NewDecoder(t,
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(false))}
	err := read(b, s)
	if gz != nil && gz.err != nil {
		// The JSON error is a symptom: the compressed stream is what broke.
		return &inventory.ParseError{File: name, Err: describeGzip(gz.err, gz.n)}
	}
	if err != nil {
		return s.fail(err)
	}
	if gz != nil {
		if _, err := io.Copy(io.Discard, gz); err != nil && gz.err != nil {
			return &inventory.ParseError{File: name, Err: describeGzip(gz.err, gz.n)}
		}
	}
	return nil
}

// gzipReader remembers the first error of the decompressor other than EOF.
type gzipReader struct {
	r   *gzip.Reader
	n   int64
	err error
}

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if err != nil && err != io.EOF && g.err == nil {
		g.err = err
	}
	return n, err
}

func describeGzip(err error, n int64) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated gzip stream: the compressed data ends after %d bytes of JSON", n)
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("corrupt gzip stream: checksum mismatch")
	}
	return fmt.Errorf("corrupt gzip stream: %v", err)
}

// stream is one input being decoded.
type stream struct {
	name string
	t    *tracker
	dec  *jsontext.Decoder
}

// posError is a problem at a byte offset of the decompressed input.
type posError struct {
	offset int64 // -1: unknown
	msg    string
}

func (e *posError) Error() string { return e.msg }

func (s *stream) errAt(offset int64, format string, args ...any) error {
	return &posError{offset: offset, msg: fmt.Sprintf(format, args...)}
}

// fail turns err into a ParseError with the line and column of its offset.
func (s *stream) fail(err error) error {
	var pe *posError
	var se *jsontext.SyntacticError
	switch {
	case errors.As(err, &pe):
	case errors.As(err, &se):
		pe = &posError{offset: se.ByteOffset, msg: describeSyntax(se)}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		pe = &posError{offset: s.dec.InputOffset(), msg: "unexpected end of input: the file is truncated"}
	default:
		pe = &posError{offset: -1, msg: err.Error()}
	}
	out := &inventory.ParseError{File: s.name, Err: errors.New(oneLine(pe.msg))}
	if pe.offset >= 0 {
		out.Line, out.Column = s.t.position(pe.offset)
	}
	return out
}

func describeSyntax(se *jsontext.SyntacticError) string {
	msg := ""
	if errors.Is(se.Err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of input: the file is truncated"
	} else {
		msg = "not JSON: " + strings.TrimPrefix(se.Err.Error(), "jsontext: ")
	}
	if se.JSONPointer != "" {
		msg = "at " + escapePointer(se.JSONPointer) + ": " + msg
	}
	return msg
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(s)
}

// readSnapshot reads a snapshot or history file: one object whose
// "configurationItems" is an array of configuration items.
func readSnapshot(b *builder, s *stream) error {
	tok, err := s.dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return s.errAt(s.dec.InputOffset()-1, "not an AWS Config snapshot: the file is a JSON %s, not an object", jsonerr.KindName(tok.Kind()))
	}
	found := false
	for s.dec.PeekKind() != '}' {
		name, err := s.dec.ReadToken()
		if err != nil {
			return err
		}
		if name.String() != "configurationItems" {
			if err := s.dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		found = true
		if err := readItems(b, s); err != nil {
			return err
		}
	}
	if _, err := s.dec.ReadToken(); err != nil { // '}'
		return err
	}
	if _, err := s.dec.ReadToken(); err != io.EOF {
		if err != nil {
			return err
		}
		return s.errAt(s.dec.InputOffset()-1, "unexpected data after the snapshot object")
	}
	if !found {
		return &posError{offset: -1, msg: `not an AWS Config snapshot: no "configurationItems"`}
	}
	return nil
}

func readItems(b *builder, s *stream) error {
	if k := s.dec.PeekKind(); k != '[' {
		if k == 0 {
			_, err := s.dec.ReadToken()
			return err
		}
		v, err := s.dec.ReadValue()
		if err != nil {
			return err
		}
		return s.errAt(s.dec.InputOffset()-int64(len(v)), `at /configurationItems: wrong type: got %s, want array`, jsonerr.KindName(v.Kind()))
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return err
	}
	for i := 0; s.dec.PeekKind() != ']'; i++ {
		v, err := s.dec.ReadValue()
		if err != nil {
			return err
		}
		start := s.dec.InputOffset() - int64(len(v))
		ptr := fmt.Sprintf("/configurationItems/%d", i)
		if v.Kind() != '{' {
			return s.errAt(start, "at %s: a configuration item is an object, got %s", ptr, jsonerr.KindName(v.Kind()))
		}
		if err := b.add(s.name, v, false); err != nil {
			return itemFailure(err, ptr, start, v)
		}
		s.t.commit(s.dec.InputOffset())
	}
	_, err := s.dec.ReadToken() // ']'
	return err
}

// readQuery reads advanced query results: a sequence of JSON values, each a
// response object with "Results", an array, or a configuration item.
func readQuery(b *builder, s *stream) error {
	n := 0
	for page := 0; ; page++ {
		if s.dec.PeekKind() == 0 {
			_, err := s.dec.ReadToken()
			if err == io.EOF {
				if n == 0 {
					return &posError{offset: -1, msg: "no query result in the input"}
				}
				return nil
			}
			return err
		}
		v, err := s.dec.ReadValue()
		if err != nil {
			return err
		}
		start := s.dec.InputOffset() - int64(len(v))
		prefix := ""
		if page > 0 {
			prefix = fmt.Sprintf("value %d ", page+1)
		}
		k, err := queryValue(b, s, v, start, prefix)
		if err != nil {
			return err
		}
		n += k
		s.t.commit(s.dec.InputOffset())
	}
}

// queryValue reads one top-level value of query results and returns how
// many results it held.
func queryValue(b *builder, s *stream, v jsontext.Value, start int64, prefix string) (int, error) {
	switch v.Kind() {
	case '[':
		return queryArray(b, s, v, start, prefix, "")
	case '{':
		results, off, ok, err := member(v, "Results")
		if err != nil {
			return 0, s.errAt(start, "%snot JSON: %v", prefix, err)
		}
		if !ok {
			// A bare configuration item, as `jq '.Results[] | fromjson'` prints them.
			if err := b.add(s.name, v, true); err != nil {
				return 0, itemFailure(err, prefix, start, v)
			}
			return 1, nil
		}
		if results.Kind() != '[' {
			return 0, s.errAt(start+off, "%sat /Results: wrong type: got %s, want array", prefix, jsonerr.KindName(results.Kind()))
		}
		return queryArray(b, s, results, start+off, prefix, "/Results")
	}
	return 0, s.errAt(start, "%snot AWS Config query results: got a JSON %s, want an object or array", prefix, jsonerr.KindName(v.Kind()))
}

func queryArray(b *builder, s *stream, arr jsontext.Value, start int64, prefix, ptr string) (int, error) {
	d := jsontext.NewDecoder(bytes.NewReader(arr), jsontext.AllowDuplicateNames(true))
	if _, err := d.ReadToken(); err != nil {
		return 0, err
	}
	n := 0
	for i := 0; d.PeekKind() != ']'; i++ {
		el, err := d.ReadValue()
		if err != nil {
			return 0, err
		}
		at := start + d.InputOffset() - int64(len(el))
		p := fmt.Sprintf("%s%s/%d", prefix, ptr, i)
		switch el.Kind() {
		case '"':
			// The API's form: each result is an item serialized as a string.
			// Positions inside it are reported at the string.
			var str string
			if err := jsonUnmarshal(el, &str); err != nil {
				return 0, s.errAt(at, "at %s: %v", p, err)
			}
			item := jsontext.Value(str)
			if err := jsonUnmarshal(item, new(jsontext.Value)); err != nil {
				msg := err.Error()
				var se *jsontext.SyntacticError
				if errors.As(err, &se) {
					msg = strings.TrimPrefix(se.Err.Error(), "jsontext: ")
				}
				return 0, s.errAt(at, "at %s: the result string is not JSON: %s", p, msg)
			}
			if item.Kind() != '{' {
				return 0, s.errAt(at, "at %s: a query result is an object, got %s", p, jsonerr.KindName(item.Kind()))
			}
			if err := b.add(s.name, item, true); err != nil {
				return 0, itemFailure(err, p, at, nil)
			}
		case '{':
			if err := b.add(s.name, el, true); err != nil {
				return 0, itemFailure(err, p, at, el)
			}
		default:
			return 0, s.errAt(at, "at %s: a query result is a JSON string or object, got %s", p, jsonerr.KindName(el.Kind()))
		}
		n++
	}
	return n, nil
}

// itemFailure positions an error found in the item at start: raw is the
// item's text, or nil when it came from inside a string (the error is then
// reported at the string).
func itemFailure(err error, ptr string, start int64, raw jsontext.Value) error {
	var ie *itemError
	if !errors.As(err, &ie) {
		return &posError{offset: start, msg: fmt.Sprintf("at %s: %v", ptr, err)}
	}
	off := start
	if raw != nil {
		if rel, ok := offsetOf(raw, ie.base); ok {
			off = start + rel
			if ie.inner >= 0 {
				off += ie.inner
			}
		}
	}
	return &posError{offset: off, msg: fmt.Sprintf("at %s: %s", escapePointer(jsontext.Pointer(ptr+string(ie.base)+string(ie.ptr))), ie.msg)}
}

// member returns the value of the named member of object v and its offset
// in v.
func member(v jsontext.Value, name string) (jsontext.Value, int64, bool, error) {
	d := jsontext.NewDecoder(bytes.NewReader(v), jsontext.AllowDuplicateNames(true))
	if _, err := d.ReadToken(); err != nil {
		return nil, 0, false, err
	}
	for d.PeekKind() != '}' {
		n, err := d.ReadToken()
		if err != nil {
			return nil, 0, false, err
		}
		if n.String() != name {
			if err := d.SkipValue(); err != nil {
				return nil, 0, false, err
			}
			continue
		}
		val, err := d.ReadValue()
		if err != nil {
			return nil, 0, false, err
		}
		return val, d.InputOffset() - int64(len(val)), true, nil
	}
	return nil, 0, false, nil
}

// offsetOf returns the offset in v of the value at the JSON pointer ptr.
func offsetOf(v jsontext.Value, ptr jsontext.Pointer) (int64, bool) {
	if ptr == "" {
		return 0, true
	}
	d := jsontext.NewDecoder(bytes.NewReader(v), jsontext.AllowDuplicateNames(true))
	for {
		before := d.InputOffset()
		k := d.PeekKind()
		if k == 0 {
			return 0, false
		}
		var err error
		if k == '{' || k == '[' || k == '}' || k == ']' {
			_, err = d.ReadToken()
		} else {
			_, err = d.ReadValue()
		}
		if err != nil {
			return 0, false
		}
		if kind, n := d.StackIndex(d.StackDepth()); k == '}' || k == ']' || (kind == '{' && n%2 == 1) {
			continue // a closing token or an object member's name, not a value
		}
		if d.StackPointer() == ptr {
			// Skip the separators between the previous token and this value.
			i := before
			for i < int64(len(v)) && strings.IndexByte(" \t\r\n:,", v[i]) >= 0 {
				i++
			}
			return i, true
		}
	}
}

// escapePointer makes a JSON pointer safe for a one-line message.
func escapePointer(p jsontext.Pointer) string {
	var sb strings.Builder
	for _, r := range string(p) {
		if r < 0x20 || r == 0x7f {
			fmt.Fprintf(&sb, `\x%02x`, r)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// tracker counts lines in the decompressed input as the decoder reads it,
// so that an error offset becomes a line and column. It keeps only the
// bytes after the last committed offset: those of the item being decoded
// and the decoder's read-ahead.
type tracker struct {
	r         io.Reader
	buf       []byte // input from base on
	base      int64
	line      int   // the line at base
	lineStart int64 // offset of the first byte of that line
}

func (t *tracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// commit forgets the input before offset, counting its lines.
func (t *tracker) commit(offset int64) {
	n := offset - t.base
	if n <= 0 || n > int64(len(t.buf)) {
		return
	}
	done := t.buf[:n]
	if c := bytes.Count(done, []byte{'\n'}); c > 0 {
		t.line += c
		t.lineStart = t.base + int64(bytes.LastIndexByte(done, '\n')) + 1
	}
	t.base = offset
	t.buf = append(t.buf[:0], t.buf[n:]...)
}

// position returns the 1-based line and byte column of offset.
func (t *tracker) position(offset int64) (line, col int) {
	n := min(max(offset-t.base, 0), int64(len(t.buf)))
	seen := t.buf[:n]
	line, start := t.line, t.lineStart
	if c := bytes.Count(seen, []byte{'\n'}); c > 0 {
		line += c
		start = t.base + int64(bytes.LastIndexByte(seen, '\n')) + 1
	}
	return line, int(t.base+n-start) + 1
}
