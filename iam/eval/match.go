package eval

import "strings"

// A compiled pattern is a sequence of tokens: bytes 0–255 stand for
// themselves, the values below are wildcards. Using uint16 keeps a
// wildcard that came from the policy text ("*") apart from a literal "*"
// that came from a variable value or from ${*}.
const (
	tStarAny uint16 = 0x100 + iota // '*': any run of characters
	tQAny                          // '?': any one character
	tStarSeg                       // '*' inside an ARN segment: never crosses ':'
	tQSeg                          // '?' inside an ARN segment: never matches ':'
)

// patKind says how a pattern's wildcards are read.
type patKind uint8

const (
	patLiteral patKind = iota // no wildcards (StringEquals, Principal)
	patGlob                   // '*' and '?' anywhere (Action, StringLike)
	patARN                    // glob, segment-aware in the first five ARN fields (Resource)
	patARNCond                // glob, every wildcard kept inside its field in the first five (ArnLike, ArnEquals)
)

// pattern is one compiled Action, Resource or condition value.
type pattern struct {
	src  string
	kind patKind
	// all is true for a lone "*", which matches everything.
	all bool
	// plain is true when the value has neither wildcards nor variables, so
	// a string comparison decides.
	plain bool
	// toks holds the tokens when there are no variables.
	toks []uint16
	// seg is true when toks hold segment wildcards, which need the NFA.
	seg bool
	// pieces holds the value when it carries policy variables: the tokens
	// are built per request, because the variables' values are.
	pieces []piece
}

// compilePattern compiles s. vars says whether ${…} is a variable (policy
// version 2012-10-17) or literal text.
func compilePattern(s string, kind patKind, vars bool) pattern {
	p := pattern{src: s, kind: kind}
	if vars && strings.Contains(s, "${") {
		if ps, ok := parsePieces(s); ok {
			p.pieces = ps
			return p
		}
	}
	if kind != patLiteral && s == "*" {
		p.all = true
		return p
	}
	if kind == patLiteral || !strings.ContainsAny(s, "*?") {
		p.plain = true
		return p
	}
	toks := make([]uint16, 0, len(s))
	toks = appendText(toks, s, true)
	if kind == patARN || kind == patARNCond {
		toks, p.seg = classifyARN(toks, kind == patARN)
	}
	p.toks = toks
	return p
}

// appendText appends s as tokens; wild says whether '*' and '?' are
// wildcards.
func appendText(dst []uint16, s string, wild bool) []uint16 {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case wild && c == '*':
			dst = append(dst, tStarAny)
		case wild && c == '?':
			dst = append(dst, tQAny)
		default:
			dst = append(dst, uint16(c))
		}
	}
	return dst
}

// classifyARN rewrites the wildcards of an ARN pattern in place. The IAM
// User Guide (Resource element) says wildcards may be used "within any ARN
// segment (the parts separated by colons)", and "if the * wildcard is the
// last character of a resource ARN segment, it can expand to match beyond
// the colon boundaries". So, in the first five fields (arn, partition,
// service, region, account): a '*' that ends its field may span colons, any
// other '*' and every '?' stays inside its field. After the fifth colon —
// the resource part, where "/" and ":" both occur in resource ids — every
// wildcard spans anything. The ARN condition operators are stricter: "each
// of the six colon-delimited components of the ARN is checked separately"
// (condition operators reference), so with spanEnd false no wildcard of the
// first five fields crosses a colon. A pattern that does not start with
// "arn:" is a plain glob. It reports whether segment wildcards remain.
func classifyARN(toks []uint16, spanEnd bool) ([]uint16, bool) {
	if len(toks) < 4 || toks[0] != 'a' || toks[1] != 'r' || toks[2] != 'n' || toks[3] != ':' {
		return toks, false
	}
	colons, seg := 0, false
	for i, t := range toks {
		switch {
		case t == ':':
			colons++
		case colons >= 5:
		case t == tStarAny:
			if !spanEnd || (i+1 < len(toks) && toks[i+1] != ':') {
				toks[i] = tStarSeg
				seg = true
			}
		case t == tQAny:
			toks[i] = tQSeg
			seg = true
		}
	}
	return toks, seg
}

// lowerASCII folds an ASCII letter; actions and service names are ASCII.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func tokEq(t uint16, c byte, fold bool) bool {
	if t > 0xff {
		return false
	}
	if fold {
		return lowerASCII(byte(t)) == lowerASCII(c)
	}
	return byte(t) == c
}

// glob matches tokens against s. Without segment wildcards it is the
// usual single-backtrack matcher (linear in practice); with them it runs a
// small NFA, because a '*' that cannot cross ':' breaks the single
// backtrack point's assumption.
func glob(toks []uint16, s string, fold, seg bool) bool {
	if seg {
		return globNFA(toks, s, fold)
	}
	px, sx := 0, 0
	nextPx, nextSx := 0, 0
	star := false
	for px < len(toks) || sx < len(s) {
		if px < len(toks) {
			switch t := toks[px]; t {
			case tQAny:
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case tStarAny:
				nextPx, nextSx, star = px, sx+1, true
				px++
				continue
			default:
				if sx < len(s) && tokEq(t, s[sx], fold) {
					px++
					sx++
					continue
				}
			}
		}
		if star && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

// bitset is a set of NFA states; patterns up to 255 tokens live on the stack.
type bitset []uint64

func (b bitset) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) clear() {
	for i := range b {
		b[i] = 0
	}
}

func globNFA(toks []uint16, s string, fold bool) bool {
	m := len(toks)
	words := (m + 1 + 63) / 64
	var a, b [4]uint64
	cur, next := bitset(a[:]), bitset(b[:])
	if words > len(a) {
		cur, next = make(bitset, words), make(bitset, words)
	} else {
		cur, next = cur[:words], next[:words]
	}
	closure := func(set bitset) {
		for i := 0; i < m; i++ {
			if set.has(i) && (toks[i] == tStarAny || toks[i] == tStarSeg) {
				set.set(i + 1)
			}
		}
	}
	cur.set(0)
	closure(cur)
	for sx := 0; sx < len(s); sx++ {
		c := s[sx]
		next.clear()
		alive := false
		for i := 0; i < m; i++ {
			if !cur.has(i) {
				continue
			}
			switch t := toks[i]; t {
			case tStarAny:
				next.set(i)
			case tStarSeg:
				if c != ':' {
					next.set(i)
				}
			case tQAny:
				next.set(i + 1)
			case tQSeg:
				if c != ':' {
					next.set(i + 1)
				}
			default:
				if tokEq(t, c, fold) {
					next.set(i + 1)
				}
			}
			alive = true
		}
		if !alive {
			return false
		}
		closure(next)
		cur, next = next, cur
	}
	return cur.has(m)
}

// eqToks reports whether literal tokens spell s.
func eqToks(toks []uint16, s string, fold bool) bool {
	if len(toks) != len(s) {
		return false
	}
	for i, t := range toks {
		if !tokEq(t, s[i], fold) {
			return false
		}
	}
	return true
}

// maxStackToks is the size of the per-match buffer a pattern with
// variables is expanded into; longer expansions spill to the heap.
const maxStackToks = 512

// match reports whether s matches p. ok is false when p holds a variable
// the request cannot resolve: the caller treats that as "this statement
// does not apply".
func (p *pattern) match(s string, fold bool, st *state) (matched, ok bool) {
	if p.pieces == nil {
		switch {
		case p.all:
			return true, true
		case p.plain:
			if fold {
				return strings.EqualFold(p.src, s), true
			}
			return p.src == s, true
		}
		return glob(p.toks, s, fold, p.seg), true
	}
	var buf [maxStackToks]uint16
	toks, ok := expand(buf[:0], p.pieces, p.kind != patLiteral, st)
	if !ok {
		return false, false
	}
	switch p.kind {
	case patLiteral:
		return eqToks(toks, s, fold), true
	case patARN, patARNCond:
		var seg bool
		toks, seg = classifyARN(toks, p.kind == patARN)
		return glob(toks, s, fold, seg), true
	}
	return glob(toks, s, fold, false), true
}
