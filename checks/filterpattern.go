package checks

// A parser and evaluator for CloudWatch Logs filter patterns, so that the
// metric filter checks decide whether a filter really matches the CloudTrail
// events a CIS control targets, instead of comparing pattern text.
//
// Supported forms:
//
//   - the empty pattern, which matches every event;
//   - JSON patterns: { SELECTOR OP VALUE } combined with && and ||, and
//     parentheses. && binds tighter than ||. Selectors are $.a.b, $.a[0].b.
//     OP is = or != (strings, with * wildcards anywhere, or %regex%), or
//     =, !=, <, <=, >, >= against a number. Also SELECTOR IS TRUE, IS FALSE,
//     IS NULL, NOT EXISTS. Values may be quoted or bare. A comparison with a
//     field the event lacks is false (for != too): only NOT EXISTS matches
//     an absent field.
//   - term patterns: space-separated terms (quoted phrases allowed) that
//     must all appear in the raw event text; ?term makes a term optional
//     (at least one optional term must appear) and -term excludes it.
//
// Space-delimited patterns ([ip, user, ...]) are reported as unsupported.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Sentinel causes of a FilterPatternError.
var (
	ErrPatternSyntax      = errors.New("syntax error")
	ErrPatternUnsupported = errors.New("unsupported pattern form")
)

// FilterPatternError is a filter pattern that could not be read, with the
// 1-based column (in bytes) where reading stopped.
type FilterPatternError struct {
	Column int
	Msg    string
	Err    error // ErrPatternSyntax or ErrPatternUnsupported
}

func (e *FilterPatternError) Error() string {
	return fmt.Sprintf("filter pattern:%d: %s", e.Column, e.Msg)
}

// Unwrap returns the sentinel cause.
func (e *FilterPatternError) Unwrap() error { return e.Err }

// FilterPattern is a parsed CloudWatch Logs filter pattern.
type FilterPattern struct {
	text  string
	expr  fpExpr   // JSON pattern; nil otherwise
	terms []fpTerm // term pattern; nil otherwise
	all   bool     // empty pattern
}

// String returns the pattern as written.
func (p *FilterPattern) String() string { return p.text }

// ParseFilterPattern reads a metric or subscription filter pattern.
func ParseFilterPattern(s string) (*FilterPattern, error) {
	p := &FilterPattern{text: s}
	t := strings.TrimSpace(s)
	lead := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	switch {
	case t == "":
		p.all = true
		return p, nil
	case t[0] == '{':
		ps := &fpParser{src: s, pos: lead + 1}
		e, err := ps.parseOr()
		if err != nil {
			return nil, err
		}
		ps.skipSpace()
		if !ps.eat("}") {
			return nil, ps.errorf("expected && or || or }")
		}
		ps.skipSpace()
		if ps.pos < len(ps.src) {
			return nil, ps.errorf("unexpected text after }")
		}
		p.expr = e
		return p, nil
	case t[0] == '[':
		return nil, &FilterPatternError{Column: lead + 1, Msg: "space-delimited patterns are not supported", Err: ErrPatternUnsupported}
	default:
		terms, err := parseTerms(s)
		if err != nil {
			return nil, err
		}
		p.terms = terms
		return p, nil
	}
}

// Match reports whether the pattern matches one log event, given as its
// raw text (a CloudTrail record is one JSON object). A JSON pattern never
// matches an event that is not a JSON object.
func (p *FilterPattern) Match(raw []byte) bool {
	var doc any
	if p.expr != nil {
		if err := json.Unmarshal(raw, &doc); err != nil {
			return false
		}
	}
	return p.match(raw, doc)
}

func (p *FilterPattern) match(raw []byte, doc any) bool {
	switch {
	case p.all:
		return true
	case p.expr != nil:
		if _, ok := doc.(map[string]any); !ok {
			return false
		}
		return p.expr.eval(doc)
	default:
		return matchTerms(p.terms, raw)
	}
}

// --- JSON patterns ---

type fpExpr interface{ eval(doc any) bool }

type fpAnd struct{ l, r fpExpr }
type fpOr struct{ l, r fpExpr }

func (e fpAnd) eval(d any) bool { return e.l.eval(d) && e.r.eval(d) }
func (e fpOr) eval(d any) bool  { return e.l.eval(d) || e.r.eval(d) }

// fpStep is one step of a selector: a member name or an array index.
type fpStep struct {
	name  string
	index int // -1 for a member
}

type fpCompare struct {
	path []fpStep
	op   string // "=", "!=", "<", "<=", ">", ">=", "IS TRUE", "IS FALSE", "IS NULL", "NOT EXISTS"
	// value, for = and !=:
	str    string         // glob text (with * wildcards)
	re     *regexp.Regexp // %regex%
	num    float64
	isNum  bool // the value is a bare number
	quoted bool
}

func (c *fpCompare) eval(doc any) bool {
	v, ok := lookup(doc, c.path)
	switch c.op {
	case "NOT EXISTS":
		return !ok
	case "IS NULL":
		return ok && v == nil
	case "IS TRUE", "IS FALSE":
		b, isBool := v.(bool)
		return ok && isBool && b == (c.op == "IS TRUE")
	}
	if !ok || v == nil {
		return false
	}
	switch c.op {
	case "=":
		return c.equal(v)
	case "!=":
		return !c.equal(v)
	}
	f, isNum := v.(float64)
	if !isNum || !c.isNum {
		return false
	}
	switch c.op {
	case "<":
		return f < c.num
	case "<=":
		return f <= c.num
	case ">":
		return f > c.num
	default: // ">="
		return f >= c.num
	}
}

func (c *fpCompare) equal(v any) bool {
	switch x := v.(type) {
	case float64:
		if c.isNum {
			return x == c.num
		}
		return c.matchString(strconv.FormatFloat(x, 'f', -1, 64))
	case string:
		return c.matchString(x)
	case bool:
		return c.matchString(strconv.FormatBool(x))
	default: // objects and arrays equal no value
		return false
	}
}

func (c *fpCompare) matchString(s string) bool {
	if c.re != nil {
		return c.re.MatchString(s)
	}
	return globMatch(c.str, s)
}

// lookup walks a selector through a decoded JSON document.
func lookup(doc any, path []fpStep) (any, bool) {
	v := doc
	for _, st := range path {
		if st.index >= 0 {
			a, ok := v.([]any)
			if !ok || st.index >= len(a) {
				return nil, false
			}
			v = a[st.index]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[st.name]; !ok {
			return nil, false
		}
	}
	return v, true
}

// globMatch matches s against a pattern in which * stands for any run of
// characters (including none). Everything else is literal.
func globMatch(pat, s string) bool {
	parts := strings.Split(pat, "*")
	if len(parts) == 1 {
		return pat == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

type fpParser struct {
	src string
	pos int
}

func (p *fpParser) errorf(format string, args ...any) error {
	return &FilterPatternError{Column: p.pos + 1, Msg: fmt.Sprintf(format, args...), Err: ErrPatternSyntax}
}

func (p *fpParser) skipSpace() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *fpParser) eat(tok string) bool {
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

// eatWord consumes a keyword (case-insensitive) followed by a word boundary.
func (p *fpParser) eatWord(w string) bool {
	rest := p.src[p.pos:]
	if len(rest) < len(w) || !strings.EqualFold(rest[:len(w)], w) {
		return false
	}
	if len(rest) > len(w) && isWordByte(rest[len(w)]) {
		return false
	}
	p.pos += len(w)
	return true
}

func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// maxDepth bounds nesting, so hostile patterns cannot exhaust the stack.
const maxDepth = 100

func (p *fpParser) parseOr() (fpExpr, error) { return p.parseOrDepth(0) }

func (p *fpParser) parseOrDepth(depth int) (fpExpr, error) {
	if depth > maxDepth {
		return nil, p.errorf("too many nested parentheses")
	}
	l, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("||") {
			return l, nil
		}
		r, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		l = fpOr{l, r}
	}
}

func (p *fpParser) parseAnd(depth int) (fpExpr, error) {
	l, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("&&") {
			return l, nil
		}
		r, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		l = fpAnd{l, r}
	}
}

func (p *fpParser) parseUnary(depth int) (fpExpr, error) {
	p.skipSpace()
	if p.eat("(") {
		e, err := p.parseOrDepth(depth + 1)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.eat(")") {
			return nil, p.errorf("expected )")
		}
		return e, nil
	}
	return p.parseComparison()
}

func (p *fpParser) parseComparison() (fpExpr, error) {
	path, err := p.parseSelector()
	if err != nil {
		return nil, err
	}
	c := &fpCompare{path: path}
	p.skipSpace()
	switch {
	case p.eatWord("IS"):
		p.skipSpace()
		switch {
		case p.eatWord("TRUE"):
			c.op = "IS TRUE"
		case p.eatWord("FALSE"):
			c.op = "IS FALSE"
		case p.eatWord("NULL"):
			c.op = "IS NULL"
		default:
			return nil, p.errorf("expected TRUE, FALSE or NULL after IS")
		}
		return c, nil
	case p.eatWord("NOT"):
		p.skipSpace()
		if !p.eatWord("EXISTS") {
			return nil, p.errorf("expected EXISTS after NOT")
		}
		c.op = "NOT EXISTS"
		return c, nil
	}
	for _, op := range []string{"!=", "<=", ">=", "=", "<", ">"} {
		if p.eat(op) {
			c.op = op
			break
		}
	}
	if c.op == "" {
		return nil, p.errorf("expected =, !=, <, <=, >, >=, IS or NOT EXISTS")
	}
	p.skipSpace()
	if err := p.parseValue(c); err != nil {
		return nil, err
	}
	if c.op != "=" && c.op != "!=" && !c.isNum {
		return nil, p.errorf("%s needs a number", c.op)
	}
	return c, nil
}

func (p *fpParser) parseSelector() ([]fpStep, error) {
	if !p.eat("$") {
		return nil, p.errorf("expected a selector starting with $.")
	}
	var path []fpStep
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '.':
			p.pos++
			start := p.pos
			for p.pos < len(p.src) && (isWordByte(p.src[p.pos]) || p.src[p.pos] == '@' || p.src[p.pos] == ':') {
				p.pos++
			}
			if p.pos == start {
				return nil, p.errorf("expected a field name after .")
			}
			path = append(path, fpStep{name: p.src[start:p.pos], index: -1})
		case '[':
			p.pos++
			start := p.pos
			for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				p.pos++
			}
			n, err := strconv.Atoi(p.src[start:p.pos])
			if err != nil || n > 1<<20 {
				return nil, p.errorf("expected an array index")
			}
			if !p.eat("]") {
				return nil, p.errorf("expected ]")
			}
			path = append(path, fpStep{index: n})
		default:
			if len(path) == 0 {
				return nil, p.errorf("expected a selector starting with $.")
			}
			return path, nil
		}
	}
	if len(path) == 0 {
		return nil, p.errorf("expected a selector starting with $.")
	}
	return path, nil
}

func (p *fpParser) parseValue(c *fpCompare) error {
	if p.pos >= len(p.src) {
		return p.errorf("expected a value")
	}
	switch p.src[p.pos] {
	case '"':
		s, err := p.parseQuoted()
		if err != nil {
			return err
		}
		c.str, c.quoted = s, true
		return nil
	case '%':
		start := p.pos
		end := strings.IndexByte(p.src[p.pos+1:], '%')
		if end < 0 {
			return p.errorf("unterminated %%regex%%")
		}
		expr := p.src[p.pos+1 : p.pos+1+end]
		re, err := regexp.Compile(expr)
		if err != nil {
			p.pos = start
			return p.errorf("bad regular expression %q", expr)
		}
		c.re = re
		p.pos += end + 2
		return nil
	}
	start := p.pos
	for p.pos < len(p.src) {
		b := p.src[p.pos]
		if strings.IndexByte(" \t\r\n()}", b) >= 0 || strings.HasPrefix(p.src[p.pos:], "&&") || strings.HasPrefix(p.src[p.pos:], "||") {
			break
		}
		p.pos++
	}
	if p.pos == start {
		return p.errorf("expected a value")
	}
	c.str = p.src[start:p.pos]
	if f, err := strconv.ParseFloat(c.str, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		c.num, c.isNum = f, true
	}
	return nil
}

// parseQuoted reads a double-quoted string; \" and \\ are escapes.
func (p *fpParser) parseQuoted() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		ch := p.src[p.pos]
		switch {
		case ch == '\\' && p.pos+1 < len(p.src):
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case ch == '"':
			p.pos++
			return b.String(), nil
		default:
			b.WriteByte(ch)
			p.pos++
		}
	}
	p.pos = start
	return "", p.errorf("unterminated quoted string")
}

// --- term patterns ---

type fpTerm struct {
	text string
	kind byte // 0 required, '?' optional, '-' excluded
}

func parseTerms(s string) ([]fpTerm, error) {
	var terms []fpTerm
	p := &fpParser{src: s}
	for {
		p.skipSpace()
		if p.pos >= len(s) {
			return terms, nil
		}
		var t fpTerm
		if b := s[p.pos]; b == '?' || b == '-' {
			t.kind = b
			p.pos++
		}
		if p.pos < len(s) && s[p.pos] == '"' {
			q, err := p.parseQuoted()
			if err != nil {
				return nil, err
			}
			t.text = q
		} else {
			start := p.pos
			for p.pos < len(s) && strings.IndexByte(" \t\r\n", s[p.pos]) < 0 {
				p.pos++
			}
			t.text = s[start:p.pos]
		}
		if t.text == "" {
			return nil, p.errorf("empty term")
		}
		terms = append(terms, t)
	}
}

func matchTerms(terms []fpTerm, raw []byte) bool {
	optional, anyOptional := false, false
	for _, t := range terms {
		in := bytes.Contains(raw, []byte(t.text))
		switch t.kind {
		case '?':
			anyOptional = true
			optional = optional || in
		case '-':
			if in {
				return false
			}
		default:
			if !in {
				return false
			}
		}
	}
	return !anyOptional || optional
}
