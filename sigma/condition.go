package sigma

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Limits on a condition, so a hostile rule cannot make parsing or matching
// expensive.
const (
	maxConditionLen   = 4096
	maxConditionDepth = 64
)

// expr is a node of a parsed condition.
type expr interface{ eval(e Event) bool }

type (
	andExpr struct{ l, r expr }
	orExpr  struct{ l, r expr }
	notExpr struct{ x expr }
	// selExpr refers to one search identifier.
	selExpr struct{ sel *selection }
	// ofExpr is "N of pattern" or "all of pattern"; all is n == 0.
	ofExpr struct {
		n    int
		sels []*selection
	}
)

func (x andExpr) eval(e Event) bool { return x.l.eval(e) && x.r.eval(e) }
func (x orExpr) eval(e Event) bool  { return x.l.eval(e) || x.r.eval(e) }
func (x notExpr) eval(e Event) bool { return !x.x.eval(e) }
func (x selExpr) eval(e Event) bool { return x.sel.match(e) }
func (x ofExpr) eval(e Event) bool {
	if x.n == 0 {
		for _, s := range x.sels {
			if !s.match(e) {
				return false
			}
		}
		return true
	}
	hits := 0
	for _, s := range x.sels {
		if s.match(e) {
			if hits++; hits >= x.n {
				return true
			}
		}
	}
	return false
}

// token is one lexical element of a condition and its byte offset.
type token struct {
	text string
	pos  int
}

// CondError is a condition that does not parse; Pos is the byte offset in
// the condition text.
type CondError struct {
	Pos         int
	Msg         string
	Unsupported bool
}

func (e *CondError) Error() string { return e.Msg }

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, token{s[i : i+1], i})
			i++
		case c == '|':
			return nil, &CondError{i, "aggregations (| count() …), use a built-in stateful detection", true}
		case isIdentByte(c):
			j := i
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			toks = append(toks, token{s[i:j], i})
			i = j
		default:
			return nil, &CondError{Pos: i, Msg: fmt.Sprintf("unexpected character %q in condition", c)}
		}
	}
	return toks, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c == '*' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// condParser is a recursive-descent parser for Sigma conditions:
//
//	or   = and { "or" and }
//	and  = not { "and" not }
//	not  = "not" not | atom
//	atom = "(" or ")" | ( "1" | N | "any" | "all" ) "of" ( "them" | pattern ) | identifier
type condParser struct {
	toks  []token
	i     int
	sels  map[string]*selection
	order []string
	end   int
	depth int
}

// parseCondition parses a condition over the rule's search identifiers.
func parseCondition(s string, sels map[string]*selection, order []string) (expr, error) {
	if len(s) > maxConditionLen {
		return nil, &CondError{Msg: fmt.Sprintf("condition longer than %d characters", maxConditionLen)}
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks, sels: sels, order: order, end: len(s)}
	if len(toks) == 0 {
		return nil, &CondError{Msg: "empty condition"}
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, p.errf("unexpected %q", p.toks[p.i].text)
	}
	return e, nil
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return strings.ToLower(p.toks[p.i].text)
	}
	return ""
}

func (p *condParser) errf(format string, args ...any) error {
	pos := p.end
	if p.i < len(p.toks) {
		pos = p.toks[p.i].pos
	}
	return &CondError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *condParser) or() (expr, error) {
	if p.depth++; p.depth > maxConditionDepth {
		return nil, p.errf("condition nested deeper than %d", maxConditionDepth)
	}
	defer func() { p.depth-- }()
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek() == "or" {
		p.i++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = orExpr{l, r}
	}
	return l, nil
}

func (p *condParser) and() (expr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.peek() == "and" {
		p.i++
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		l = andExpr{l, r}
	}
	return l, nil
}

func (p *condParser) not() (expr, error) {
	if p.peek() == "not" {
		p.i++
		if p.depth++; p.depth > maxConditionDepth {
			return nil, p.errf("condition nested deeper than %d", maxConditionDepth)
		}
		x, err := p.not()
		p.depth--
		if err != nil {
			return nil, err
		}
		return notExpr{x}, nil
	}
	return p.atom()
}

func (p *condParser) atom() (expr, error) {
	if p.i >= len(p.toks) {
		return nil, p.errf("condition ends where a search identifier was expected")
	}
	t := p.toks[p.i]
	switch low := strings.ToLower(t.text); {
	case low == "(":
		p.i++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, p.errf("missing )")
		}
		p.i++
		return e, nil
	case low == ")" || low == "and" || low == "or" || low == "of" || low == "them":
		return nil, p.errf("unexpected %q", t.text)
	case p.i+1 < len(p.toks) && strings.EqualFold(p.toks[p.i+1].text, "of"):
		n := 0
		switch {
		case low == "all":
		case low == "any":
			n = 1
		default:
			v, err := strconv.Atoi(low)
			if err != nil || v < 1 {
				return nil, p.errf("%q before \"of\" must be a count (1, 2, …), \"any\" or \"all\"", t.text)
			}
			n = v
		}
		p.i += 2
		if p.i >= len(p.toks) {
			return nil, p.errf("\"of\" needs \"them\" or a search identifier pattern")
		}
		target := p.toks[p.i]
		var sels []*selection
		for _, name := range p.order {
			if strings.EqualFold(target.text, "them") {
				if !strings.HasPrefix(name, "_") {
					sels = append(sels, p.sels[name])
				}
				continue
			}
			if ok, _ := path.Match(target.text, name); ok {
				sels = append(sels, p.sels[name])
			}
		}
		if len(sels) == 0 {
			return nil, p.errf("%q matches no search identifier", target.text)
		}
		p.i++
		return ofExpr{n: n, sels: sels}, nil
	default:
		if strings.ContainsAny(t.text, "*") {
			return nil, p.errf("wildcard %q is only allowed after \"1 of\" or \"all of\"", t.text)
		}
		s, ok := p.sels[t.text]
		if !ok {
			return nil, p.errf("unknown search identifier %q", t.text)
		}
		p.i++
		return selExpr{s}, nil
	}
}
