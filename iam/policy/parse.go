package policy

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
)

// Limits on what Parse accepts. IAM's own limits are far lower (a managed
// policy holds 6,144 characters, a key policy 32 KiB); these keep a hostile
// document from costing more than a few megabytes or milliseconds.
const (
	MaxSize       = 1 << 20 // bytes in a document
	MaxDepth      = 32      // nesting of JSON arrays and objects
	MaxStatements = 10000   // statements in a policy
	// MaxValues bounds the strings of a policy: actions, resources,
	// principals, condition keys and condition values. Each costs some
	// fifty bytes of tree for as little as three of input, so this, not
	// MaxSize, is what bounds the memory a document costs.
	MaxValues = 10000
)

// Parse reads a policy document. name names it in errors and in the
// result ("policy.json", "bucket policy of hr-data"). Any document that is
// not a well-formed policy is an error, a *ParseError at the problem's line
// and column whose cause (errors.Is) is one of the Err variables.
//
// Parse checks the grammar every policy type shares; which elements a
// type requires or forbids (a Principal in a resource policy, none in an
// identity policy) is Check's job.
func Parse(name string, data []byte) (*Policy, error) {
	if len(data) > MaxSize {
		return nil, &ParseError{File: name, Err: because(ErrTooLarge,
			"policy is %d bytes, over the limit of %d", len(data), MaxSize)}
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		// Editors on Windows add one, and JSON (RFC 8259 §8.1) forbids
		// it. Say what it is rather than quote an invisible character.
		return nil, &ParseError{File: name, Line: 1, Column: 1, Err: because(ErrNotJSON,
			"not JSON: the document starts with a UTF-8 byte order mark; save it without one")}
	}
	p := &parser{
		file: name,
		data: data,
		// One copy of the document: every string of the tree without an
		// escape is a substring of it, so parsing allocates per value,
		// not per byte.
		src:  string(data),
		line: 1,
	}
	p.dec.Reset(bytes.NewBuffer(data))
	pol, err := p.policy()
	if err != nil {
		return nil, err
	}
	pol.Name = name
	return pol, nil
}

type parser struct {
	file string
	data []byte
	src  string
	dec  jsontext.Decoder

	// Line counting is incremental: positions are asked for in document
	// order, so each byte is looked at once.
	counted   int // offset up to which newlines were counted
	line      int
	lineStart int

	begun   bool // the document's first token has been read
	nvalues int
	scratch []Value
}

// pos converts an offset to a position.
func (p *parser) pos(off int) Pos {
	if off < p.counted { // never in document order; kept correct anyway
		line, col := jsonerr.LineCol(p.data, int64(off))
		return Pos{Line: line, Col: col, Offset: int64(off)}
	}
	for {
		i := bytes.IndexByte(p.data[p.counted:off], '\n')
		if i < 0 {
			break
		}
		p.counted += i + 1
		p.line++
		p.lineStart = p.counted
	}
	p.counted = off
	return Pos{Line: p.line, Col: off - p.lineStart + 1, Offset: int64(off)}
}

// errAt is a grammar error at an offset. A document that is not JSON, or
// nests too deeply, is reported as such even when a grammar error comes
// first: the cause of the trouble is then the JSON, not the policy.
func (p *parser) errAt(off int, err error) error {
	if jerr := p.drain(); jerr != nil {
		return jerr
	}
	line, col := jsonerr.LineCol(p.data, int64(off))
	return &ParseError{File: p.file, Line: line, Column: col, Err: err}
}

// drain reads the rest of the document, returning the first JSON-level
// error: a syntax error, nesting deeper than MaxDepth, data after the
// document.
func (p *parser) drain() error {
	// Before the document's first token is read, the document is all
	// that is left to read.
	for first := !p.begun; first || p.dec.StackDepth() > 0; first = false {
		if _, err := p.dec.ReadToken(); err != nil {
			return p.jsonErr(err)
		}
		if p.dec.StackDepth() > MaxDepth {
			return p.tooDeep()
		}
	}
	return p.end()
}

func (p *parser) tooDeep() error {
	off := p.dec.InputOffset() - 1
	line, col := jsonerr.LineCol(p.data, off)
	return &ParseError{File: p.file, Line: line, Column: col,
		Err: because(ErrTooDeep, "JSON nested deeper than %d levels", MaxDepth)}
}

// end checks that nothing follows the document.
func (p *parser) end() error {
	if p.dec.PeekKind() == 0 {
		_, err := p.dec.ReadToken()
		if err == io.EOF {
			return nil
		}
		return p.jsonErr(err)
	}
	off := p.offset()
	line, col := jsonerr.LineCol(p.data, int64(off))
	return &ParseError{File: p.file, Line: line, Column: col,
		Err: because(ErrNotJSON, "unexpected data after the policy document")}
}

// offset is where the next token starts; call it after PeekKind, which
// has checked what lies between.
func (p *parser) offset() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

// jsonErr turns an error of the JSON decoder into a ParseError.
func (p *parser) jsonErr(err error) error {
	var serr *jsontext.SyntacticError
	if !errors.As(err, &serr) {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return p.truncated()
		}
		return &ParseError{File: p.file, Err: because(ErrNotJSON, "%v", err)}
	}
	line, col := jsonerr.LineCol(p.data, serr.ByteOffset)
	pe := &ParseError{File: p.file, Line: line, Column: col}
	switch {
	case errors.Is(serr.Err, io.ErrUnexpectedEOF):
		return p.truncated()
	case errors.Is(serr.Err, jsontext.ErrDuplicateName):
		pe.Err = because(ErrDuplicate, "duplicate %s", quote(serr.JSONPointer.LastToken()))
	default:
		pe.Err = because(ErrNotJSON, "not JSON: %s", strings.TrimPrefix(serr.Err.Error(), "jsontext: "))
	}
	return pe
}

func (p *parser) truncated() error {
	if len(bytes.TrimSpace(p.data)) == 0 {
		return &ParseError{File: p.file, Line: 1, Column: 1,
			Err: because(ErrNotJSON, "empty document: a policy is a JSON object")}
	}
	line, col := jsonerr.LineCol(p.data, int64(len(p.data)))
	return &ParseError{File: p.file, Line: line, Column: col,
		Err: because(ErrNotJSON, "unexpected end of input: the document is truncated")}
}

// peek returns the kind of the next token and where it starts.
func (p *parser) peek() (jsontext.Kind, int, error) {
	k := p.dec.PeekKind()
	if k == 0 {
		_, err := p.dec.ReadToken()
		return 0, 0, p.jsonErr(err)
	}
	return k, p.offset(), nil
}

// delim reads the delimiter peek has seen.
func (p *parser) delim() error {
	if _, err := p.dec.ReadToken(); err != nil {
		return p.jsonErr(err)
	}
	p.begun = true
	if p.dec.StackDepth() > MaxDepth {
		return p.tooDeep()
	}
	return nil
}

// scalar reads a string, number or literal and returns its text (strings
// unquoted) and where it starts.
func (p *parser) scalar() (string, int, error) {
	v, err := p.dec.ReadValue()
	if err != nil {
		return "", 0, p.jsonErr(err)
	}
	end := int(p.dec.InputOffset())
	start := end - len(v)
	if v[0] != '"' {
		return p.src[start:end], start, nil
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return p.src[start+1 : end-1], start, nil
	}
	b, err := jsontext.AppendUnquote(nil, v)
	if err != nil { // the decoder has validated the string
		return "", 0, p.jsonErr(err)
	}
	return string(b), start, nil
}

// member reads the next member name of an object, or reports the end of
// the object (ok false), which it consumes.
func (p *parser) member() (name string, off int, ok bool, err error) {
	k, _, err := p.peek()
	if err != nil {
		return "", 0, false, err
	}
	if k == '}' {
		return "", 0, false, p.delim()
	}
	name, off, err = p.scalar()
	return name, off, err == nil, err
}

// str reads a string value of the element named what.
func (p *parser) str(what string) (string, Pos, error) {
	k, off, err := p.peek()
	if err != nil {
		return "", Pos{}, err
	}
	if k != '"' {
		return "", Pos{}, p.errAt(off, because(ErrWrongType, "%s must be a string, not %s", what, kindName(k)))
	}
	s, off, err := p.scalar()
	return s, p.pos(off), err
}

func kindName(k jsontext.Kind) string {
	switch n := jsonerr.KindName(k); n {
	case "object", "array":
		return "an " + n
	case "null":
		return n
	default:
		return "a " + n
	}
}

// count counts a value against MaxValues.
func (p *parser) count(off int) error {
	if p.nvalues++; p.nvalues > MaxValues {
		return p.errAt(off, because(ErrTooMany, "more than %d values in one policy", MaxValues))
	}
	return nil
}

func (p *parser) policy() (*Policy, error) {
	k, off, err := p.peek()
	if err != nil {
		return nil, err
	}
	if k != '{' {
		return nil, p.errAt(off, because(ErrNotPolicy, "a policy is a JSON object, not %s", kindName(k)))
	}
	pol := &Policy{Pos: p.pos(off)}
	if err := p.delim(); err != nil {
		return nil, err
	}
	var haveStatement bool
	for {
		name, off, ok, err := p.member()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch name {
		case "Version":
			v, pos, err := p.str(`"Version"`)
			if err != nil {
				return nil, err
			}
			if v != Version2012 && v != Version2008 {
				return nil, p.errAt(int(pos.Offset), because(ErrBadVersion,
					`"Version" must be %q or %q, not %s`, Version2012, Version2008, quote(v)))
			}
			pol.Version, pol.VersionPos = v, pos
		case "Id":
			if pol.ID, pol.IDPos, err = p.str(`"Id"`); err != nil {
				return nil, err
			}
		case "Statement":
			haveStatement = true
			if pol.Statements, err = p.statements(); err != nil {
				return nil, err
			}
		default:
			return nil, p.errAt(off, unknownElement(name, topElements, statementElements))
		}
	}
	if !haveStatement {
		return nil, p.errAt(int(pol.Pos.Offset), because(ErrNotPolicy, `missing "Statement": not an IAM policy`))
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	return pol, nil
}

var (
	topElements       = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalKinds    = []string{"AWS", "Service", "Federated", "CanonicalUser"}
)

// unknownElement says that name is not one of known, suggesting the
// element meant when only the case differs, or where an element of the
// other level belongs.
func unknownElement(name string, known, other []string) error {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return because(ErrUnknownElement, "unknown element %s (did you mean %q? names are case-sensitive)", quote(name), k)
		}
	}
	for _, k := range other {
		if strings.EqualFold(name, k) {
			where := "inside a statement"
			if other[0] == "Version" {
				where = "at the top level of the policy"
			}
			return because(ErrUnknownElement, "unknown element %s here: %q belongs %s", quote(name), k, where)
		}
	}
	return because(ErrUnknownElement, "unknown element %s (want one of %s)", quote(name), strings.Join(known, ", "))
}

func (p *parser) statements() ([]*Statement, error) {
	k, off, err := p.peek()
	if err != nil {
		return nil, err
	}
	switch k {
	case '{':
		s, err := p.statement(0)
		if err != nil {
			return nil, err
		}
		return []*Statement{s}, nil
	case '[':
	default:
		return nil, p.errAt(off, because(ErrWrongType, `"Statement" must be an object or a list of objects, not %s`, kindName(k)))
	}
	if err := p.delim(); err != nil {
		return nil, err
	}
	var list []*Statement
	for {
		k, off, err := p.peek()
		if err != nil {
			return nil, err
		}
		if k == ']' {
			return list, p.delim()
		}
		if k != '{' {
			return nil, p.errAt(off, because(ErrWrongType, `a statement must be an object, not %s`, kindName(k)))
		}
		if len(list) == MaxStatements {
			return nil, p.errAt(off, because(ErrTooMany, "more than %d statements in one policy", MaxStatements))
		}
		s, err := p.statement(len(list))
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
}

func (p *parser) statement(index int) (*Statement, error) {
	off := p.offset()
	s := &Statement{Index: index, Pos: p.pos(off)}
	if err := p.delim(); err != nil {
		return nil, err
	}
	for {
		name, keyOff, ok, err := p.member()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		keyPos := p.pos(keyOff)
		conflict := func(other string, present bool) error {
			if present {
				return p.errAt(keyOff, because(ErrConflict, "%q and %q in one statement: use one or the other", other, name))
			}
			return nil
		}
		switch name {
		case "Sid":
			s.Sid, s.SidPos, err = p.str(`"Sid"`)
		case "Effect":
			var e string
			if e, s.EffectPos, err = p.str(`"Effect"`); err == nil {
				switch e {
				case "Allow":
					s.Effect = Allow
				case "Deny":
					s.Effect = Deny
				default:
					err = p.errAt(int(s.EffectPos.Offset), because(ErrBadEffect, `"Effect" must be "Allow" or "Deny", not %s`, quote(e)))
				}
			}
		case "Principal":
			if err = conflict("NotPrincipal", s.NotPrincipal != nil); err == nil {
				s.Principal, err = p.principal("Principal", keyPos)
			}
		case "NotPrincipal":
			if err = conflict("Principal", s.Principal != nil); err == nil {
				s.NotPrincipal, err = p.principal("NotPrincipal", keyPos)
			}
		case "Action":
			if err = conflict("NotAction", s.NotAction != nil); err == nil {
				s.Action, err = p.values(label{name: "Action"}, keyPos, valAction)
			}
		case "NotAction":
			if err = conflict("Action", s.Action != nil); err == nil {
				s.NotAction, err = p.values(label{name: "NotAction"}, keyPos, valAction)
			}
		case "Resource":
			if err = conflict("NotResource", s.NotResource != nil); err == nil {
				s.Resource, err = p.values(label{name: "Resource"}, keyPos, valResource)
			}
		case "NotResource":
			if err = conflict("Resource", s.Resource != nil); err == nil {
				s.NotResource, err = p.values(label{name: "NotResource"}, keyPos, valResource)
			}
		case "Condition":
			s.ConditionPos = keyPos
			s.Condition, err = p.condition()
		default:
			err = p.errAt(keyOff, unknownElement(name, statementElements, topElements))
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case s.Effect == 0:
		return nil, p.errAt(int(s.Pos.Offset), because(ErrMissing, `statement has no "Effect" ("Allow" or "Deny")`))
	case s.Action == nil && s.NotAction == nil:
		return nil, p.errAt(int(s.Pos.Offset), because(ErrMissing, `statement has neither "Action" nor "NotAction"`))
	}
	return s, nil
}

// label names an element in messages; it is a pair of strings, not a
// formatted one, so that naming costs nothing until there is an error.
type label struct {
	name string
	// kind goes after the quoted name (" principals") or, when it ends
	// in a space, before it ("condition key ").
	kind string
}

func (l label) String() string {
	if strings.HasSuffix(l.kind, " ") {
		return l.kind + quote(l.name)
	}
	return quote(l.name) + l.kind
}

// What a string of a list is, for its checks and messages.
type valueKind int

const (
	valAction valueKind = iota
	valResource
	valPrincipal
	valCondition // strings, numbers and booleans; may be an empty list
)

// values reads a string-or-list element.
func (p *parser) values(what label, keyPos Pos, kind valueKind) (*Values, error) {
	k, off, err := p.peek()
	if err != nil {
		return nil, err
	}
	if k != '[' {
		if !p.scalarKind(k, kind) {
			return nil, p.errAt(off, p.typeErr(what, k, kind, false))
		}
		x, err := p.value(what, kind)
		if err != nil {
			return nil, err
		}
		// The element and its value in one allocation.
		single := &struct {
			v   Values
			one [1]Value
		}{v: Values{Single: true, Pos: x.Pos, KeyPos: keyPos}, one: [1]Value{x}}
		single.v.Values = single.one[:]
		return &single.v, nil
	}
	v := &Values{Pos: p.pos(off), KeyPos: keyPos}
	if err := p.delim(); err != nil {
		return nil, err
	}
	// Values gather in a buffer shared by all lists, then move to a slice
	// of the right size: one allocation a list.
	start := len(p.scratch)
	defer func() { p.scratch = p.scratch[:start] }()
	for {
		k, off, err := p.peek()
		if err != nil {
			return nil, err
		}
		if k == ']' {
			break
		}
		if !p.scalarKind(k, kind) {
			return nil, p.errAt(off, p.typeErr(what, k, kind, true))
		}
		x, err := p.value(what, kind)
		if err != nil {
			return nil, err
		}
		p.scratch = append(p.scratch, x)
	}
	if n := len(p.scratch) - start; n > 0 {
		v.Values = make([]Value, n)
		copy(v.Values, p.scratch[start:])
	} else if kind != valCondition {
		return nil, p.errAt(off, because(ErrEmpty, "%s is an empty list", what))
	}
	return v, p.delim()
}

func (p *parser) scalarKind(k jsontext.Kind, kind valueKind) bool {
	switch k {
	case '"':
		return true
	case '0', 't', 'f':
		return kind == valCondition
	}
	return false
}

func (p *parser) typeErr(what label, k jsontext.Kind, kind valueKind, inList bool) error {
	want := "a string or a list of strings"
	if inList {
		want = "strings"
	}
	if kind == valCondition {
		want = "a string, number or boolean, or a list of them"
		if inList {
			want = "strings, numbers or booleans"
		}
	}
	if inList {
		return because(ErrWrongType, "values of %s must be %s, not %s", what, want, kindName(k))
	}
	return because(ErrWrongType, "%s must be %s, not %s", what, want, kindName(k))
}

// value reads and checks one string of a list.
func (p *parser) value(what label, kind valueKind) (Value, error) {
	s, off, err := p.scalar()
	if err != nil {
		return Value{}, err
	}
	if err := p.count(off); err != nil {
		return Value{}, err
	}
	switch kind {
	case valAction:
		err = checkAction(s)
	case valResource:
		err = checkResource(s)
	}
	if err != nil {
		return Value{}, p.errAt(off, err)
	}
	return Value{S: s, Pos: p.pos(off)}, nil
}

func (p *parser) principal(what string, keyPos Pos) (*Principal, error) {
	k, off, err := p.peek()
	if err != nil {
		return nil, err
	}
	pr := &Principal{Pos: p.pos(off), KeyPos: keyPos}
	switch k {
	case '"':
		s, _, err := p.scalar()
		if err != nil {
			return nil, err
		}
		if s != "*" {
			return nil, p.errAt(off, because(ErrBadPrincipal, `%q must be "*" or an object like {"AWS": "arn:aws:iam::111122223333:root"}, not %s`, what, quote(s)))
		}
		pr.Wildcard = true
		return pr, nil
	case '{':
	default:
		return nil, p.errAt(off, because(ErrWrongType, `%q must be "*" or an object, not %s`, what, kindName(k)))
	}
	if err := p.delim(); err != nil {
		return nil, err
	}
	for {
		name, keyOff, ok, err := p.member()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch name {
		case "AWS", "Service", "Federated", "CanonicalUser":
		default:
			return nil, p.errAt(keyOff, unknownPrincipal(name))
		}
		v, err := p.values(label{name, " principals"}, p.pos(keyOff), valPrincipal)
		if err != nil {
			return nil, err
		}
		// The kind names are constants: keep them, not substrings of the
		// document.
		for _, k := range principalKinds {
			if k == name {
				name = k
			}
		}
		pr.Kinds = append(pr.Kinds, PrincipalKind{Kind: name, Values: v})
	}
	if len(pr.Kinds) == 0 {
		return nil, p.errAt(off, because(ErrEmpty, "%q names no principal", what))
	}
	return pr, nil
}

func unknownPrincipal(name string) error {
	for _, k := range principalKinds {
		if strings.EqualFold(name, k) {
			return because(ErrUnknownElement, "unknown principal type %s (did you mean %q? names are case-sensitive)", quote(name), k)
		}
	}
	return because(ErrUnknownElement, "unknown principal type %s (want one of %s)", quote(name), strings.Join(principalKinds, ", "))
}

func (p *parser) condition() ([]*Condition, error) {
	k, off, err := p.peek()
	if err != nil {
		return nil, err
	}
	if k != '{' {
		return nil, p.errAt(off, because(ErrWrongType, `"Condition" must be an object like {"StringEquals": {"aws:username": "alice"}}, not %s`, kindName(k)))
	}
	if err := p.delim(); err != nil {
		return nil, err
	}
	var list []*Condition
	for {
		op, opOff, ok, err := p.member()
		if err != nil {
			return nil, err
		}
		if !ok {
			return list, nil
		}
		base, ifExists, set, err := ParseOperator(op)
		if err != nil {
			return nil, p.errAt(opOff, err)
		}
		opPos := p.pos(opOff)
		k, off, err := p.peek()
		if err != nil {
			return nil, err
		}
		if k != '{' {
			return nil, p.errAt(off, because(ErrWrongType, `condition operator %s must hold an object of condition keys like {"aws:username": "alice"}, not %s`, quote(op), kindName(k)))
		}
		if err := p.delim(); err != nil {
			return nil, err
		}
		n := len(list)
		for {
			key, keyOff, ok, err := p.member()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			if err := p.count(keyOff); err != nil {
				return nil, err
			}
			keyPos := p.pos(keyOff)
			v, err := p.values(label{key, "condition key "}, keyPos, valCondition)
			if err != nil {
				return nil, err
			}
			list = append(list, &Condition{Operator: op, Base: base, IfExists: ifExists, Set: set,
				Key: key, Values: v, Pos: opPos, KeyPos: keyPos})
		}
		if len(list) == n {
			return nil, p.errAt(opOff, because(ErrEmpty, "condition operator %s has no condition keys", quote(op)))
		}
	}
}
