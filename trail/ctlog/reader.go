package ctlog

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/klauspost/compress/gzip"

	"github.com/awssec/awssec/internal/jsonerr"
)

// MaxRecord bounds one record's size. CloudTrail caps an event at 256 KB;
// anything far past that is not a CloudTrail record, and reading it whole
// would let one line take all the memory.
const MaxRecord = 64 << 20

// Sentinel causes of a ReadError.
var (
	ErrNotObject = errors.New("record is not an object")
	ErrTooLarge  = fmt.Errorf("record larger than %d MiB", MaxRecord>>20)
	ErrFormat    = errors.New("not CloudTrail JSON")
)

// ReadError is input that is not CloudTrail JSON, with where it was found:
// the line and column when the input could be read again to count them,
// else the byte offset of the decompressed stream.
type ReadError struct {
	Source    string
	Offset    int64
	Line, Col int
	Err       error
	// Unreadable means the input could not be read at all (I/O, S3), as
	// opposed to read and found malformed.
	Unreadable bool
}

func (e *ReadError) Error() string {
	switch {
	case e.Unreadable:
		return fmt.Sprintf("%s: %v", e.Source, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.Source, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("%s: byte %d: %v", e.Source, e.Offset, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// guard counts the bytes a decoder has pulled since the last record ended
// and fails once a single record would exceed MaxRecord.
type guard struct {
	r    io.Reader
	n    int64
	mark int64
}

func (g *guard) Read(p []byte) (int, error) {
	if g.n-g.mark > MaxRecord {
		return 0, ErrTooLarge
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}

// decompress returns r, gunzipped when it starts with the gzip magic.
func decompress(r io.Reader) (io.Reader, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, func() { zr.Close() }, nil
	}
	return br, func() {}, nil
}

// Read decodes every record of one input (gzipped or not) and calls fn
// with each. A record that is not an object is reported after the rest has
// been read; malformed JSON stops the input. Errors from fn stop reading
// and are returned as they are.
func Read(r io.Reader, source string, fn func(*Event) error) (int, error) {
	plain, done, err := decompress(r)
	if err != nil {
		return 0, &ReadError{Source: source, Err: err}
	}
	defer done()
	g := &guard{r: plain}
	d := &decoder{dec: jsontext.NewDecoder(g, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)),
		g: g, source: source, fn: fn}
	err = d.run()
	var cb callbackError
	if errors.As(err, &cb) {
		return d.count, cb.err
	}
	if err == nil && d.deferred != nil {
		err = d.deferred
	}
	return d.count, err
}

type decoder struct {
	dec      *jsontext.Decoder
	g        *guard
	source   string
	fn       func(*Event) error
	ev       Event
	header   headerDecoder
	count    int
	deferred error // the first record that was not an object
}

// callbackError wraps an error from fn so it is not taken for bad input.
type callbackError struct{ err error }

func (c callbackError) Error() string { return c.err.Error() }

func (d *decoder) fail(err error) error {
	var cb callbackError
	if errors.As(err, &cb) {
		return cb.err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = errors.New("unexpected end of input (truncated file?)")
	} else if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		err = fmt.Errorf("gzip: %w", err)
	} else if errors.Is(err, ErrTooLarge) {
		err = ErrTooLarge
	} else {
		var serr *jsontext.SyntacticError
		if errors.As(err, &serr) {
			return &ReadError{Source: d.source, Offset: serr.ByteOffset, Err: errors.New(serr.Err.Error())}
		}
	}
	return &ReadError{Source: d.source, Offset: d.dec.InputOffset(), Err: err}
}

func (d *decoder) run() error {
	for {
		kind := d.dec.PeekKind()
		switch kind {
		case 0:
			_, err := d.dec.ReadToken()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return d.fail(err)
		case '[':
			if _, err := d.dec.ReadToken(); err != nil {
				return d.fail(err)
			}
			if err := d.records(); err != nil {
				return err
			}
		case '{':
			if err := d.object(); err != nil {
				return err
			}
		default:
			return d.fail(fmt.Errorf("%w: input starts with %s, want an object or array", ErrFormat, jsonerr.KindName(kind)))
		}
	}
}

// records reads array elements up to the closing bracket.
func (d *decoder) records() error {
	for d.dec.PeekKind() != ']' {
		if d.dec.PeekKind() == 0 {
			_, err := d.dec.ReadToken()
			return d.fail(err)
		}
		raw, err := d.dec.ReadValue()
		if err != nil {
			return d.fail(err)
		}
		if err := d.record(raw); err != nil {
			return err
		}
	}
	_, err := d.dec.ReadToken()
	if err != nil {
		return d.fail(err)
	}
	return nil
}

// object reads one top-level object: a delivered log file, Lake query
// results, or (JSON lines) a record.
func (d *decoder) object() error {
	start := d.dec.InputOffset()
	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(err)
	}
	if d.dec.PeekKind() == '}' {
		d.dec.ReadToken()
		return d.record(jsontext.Value("{}"))
	}
	name, err := d.dec.ReadToken()
	if err != nil {
		return d.fail(err)
	}
	// A record whose first member is already read: rebuild its text from
	// the members, so JSON lines need no second pass. A "Records" or
	// "QueryResultRows" array member makes it a container instead.
	buf := make([]byte, 0, 1024)
	buf = append(buf, '{')
	for first := true; ; first = false {
		n := name.String()
		if k := d.dec.PeekKind(); (n == "Records" || n == "QueryResultRows") && k == '[' {
			return d.container(n)
		}
		if !first {
			buf = append(buf, ',')
		}
		buf, _ = jsontext.AppendQuote(buf, n)
		buf = append(buf, ':')
		v, err := d.dec.ReadValue()
		if err != nil {
			return d.fail(err)
		}
		buf = append(buf, v...)
		if d.dec.InputOffset()-start > MaxRecord {
			return d.fail(ErrTooLarge)
		}
		if d.dec.PeekKind() == '}' {
			break
		}
		if name, err = d.dec.ReadToken(); err != nil {
			return d.fail(err)
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(err)
	}
	return d.record(append(buf, '}'))
}

// container reads the members of {"Records":[…]} or Lake results; name is
// the member already read.
func (d *decoder) container(name string) error {
	for {
		switch name {
		case "Records":
			if d.dec.PeekKind() == '[' {
				d.dec.ReadToken()
				if err := d.records(); err != nil {
					return err
				}
			} else if err := d.dec.SkipValue(); err != nil {
				return d.fail(err)
			}
		case "QueryResultRows":
			if err := d.lakeRows(); err != nil {
				return err
			}
		default:
			if err := d.dec.SkipValue(); err != nil {
				return d.fail(err)
			}
		}
		if d.dec.PeekKind() == '}' {
			_, err := d.dec.ReadToken()
			if err != nil {
				return d.fail(err)
			}
			return nil
		}
		tok, err := d.dec.ReadToken()
		if err != nil {
			return d.fail(err)
		}
		name = tok.String()
	}
}

// lakeRows reads CloudTrail Lake query results (GetQueryResults, or the
// file StartQuery delivers to S3): rows of single-column objects. A row
// with an eventJson column is that event; otherwise the row's columns are
// the record's fields.
func (d *decoder) lakeRows() error {
	if d.dec.PeekKind() != '[' {
		return d.fail(fmt.Errorf("%w: QueryResultRows is %s, want an array", ErrFormat, jsonerr.KindName(d.dec.PeekKind())))
	}
	d.dec.ReadToken()
	for d.dec.PeekKind() != ']' {
		raw, err := d.dec.ReadValue()
		if err != nil {
			return d.fail(err)
		}
		var cols []map[string]any
		if err := json.Unmarshal(raw, &cols); err != nil {
			d.defer1(fmt.Errorf("%w: Lake result row %d is not a list of columns", ErrNotObject, d.count))
			continue
		}
		rec := map[string]any{}
		var eventJSON string
		for _, c := range cols {
			for k, v := range c {
				if s, ok := v.(string); ok && k == "eventJson" {
					eventJSON = s
				}
				rec[k] = v
			}
		}
		if eventJSON != "" {
			if err := d.deliver(jsontext.Value(eventJSON), false); err != nil {
				return err
			}
			continue
		}
		b, _ := json.Marshal(rec, json.Deterministic(true))
		if err := d.deliver(b, false); err != nil {
			return err
		}
	}
	_, err := d.dec.ReadToken()
	if err != nil {
		return d.fail(err)
	}
	return nil
}

func (d *decoder) defer1(err error) {
	if d.deferred == nil {
		d.deferred = &ReadError{Source: d.source, Offset: d.dec.InputOffset(), Err: err}
	}
	d.count++
}

// record decodes one record the stream decoder has checked is valid JSON
// and hands it to fn.
func (d *decoder) record(raw jsontext.Value) error { return d.deliver(raw, true) }

// deliver decodes one record and hands it to fn; valid says the stream
// decoder has checked its syntax.
func (d *decoder) deliver(raw jsontext.Value, valid bool) error {
	d.g.mark = d.dec.InputOffset()
	if raw.Kind() != '{' {
		d.defer1(fmt.Errorf("%w: record %d is %s", ErrNotObject, d.count, jsonerr.KindName(raw.Kind())))
		return nil
	}
	if err := d.ev.reset(raw, d.source, d.count, &d.header, valid); err != nil {
		d.defer1(fmt.Errorf("record %d: %s", d.count, describe(err)))
		return nil
	}
	d.count++
	if err := d.fn(&d.ev); err != nil {
		return callbackError{err}
	}
	return nil
}

func describe(err error) string {
	var serr *json.SemanticError
	if errors.As(err, &serr) {
		p := string(serr.JSONPointer)
		if p != "" {
			return p + ": " + jsonerr.Describe(serr)
		}
		return jsonerr.Describe(serr)
	}
	return err.Error()
}
