package eval

import "strings"

// pieceKind is the kind of one part of a value that carries variables.
type pieceKind uint8

const (
	pieceText pieceKind = iota // policy text: its '*' and '?' are wildcards where the operator has them
	pieceLit                   // ${*}, ${?}, ${$}: a literal character, never a wildcard
	pieceVar                   // ${key} or ${key, 'default'}
)

type piece struct {
	kind   pieceKind
	text   string // text, or the literal character
	key    string // the variable's condition key as written
	lower  string // key folded, for context lookup
	def    string
	hasDef bool
}

// parsePieces splits s at its ${…} variables. It reports false when s has
// no well-formed variable, so the caller treats the text literally; a
// malformed ${ (no closing brace, bad default) stays literal text, which
// the linter reports.
func parsePieces(s string) ([]piece, bool) {
	var out []piece
	found := false
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		v, ok := parseVar(s[i+2 : i+j])
		if !ok {
			// Keep "${" as text and look further on.
			out = append(out, piece{kind: pieceText, text: s[:i+2]})
			s = s[i+2:]
			continue
		}
		if i > 0 {
			out = append(out, piece{kind: pieceText, text: s[:i]})
		}
		out = append(out, v)
		found = true
		s = s[i+j+1:]
	}
	if s != "" {
		out = append(out, piece{kind: pieceText, text: s})
	}
	return out, found
}

// parseVar parses what stands between "${" and "}": one of the special
// characters *, ?, $, or a key with an optional quoted default
// ("aws:username, 'anonymous'").
func parseVar(in string) (piece, bool) {
	switch in {
	case "*", "?", "$":
		return piece{kind: pieceLit, text: in}, true
	}
	key, def, hasDef := in, "", false
	if k, d, ok := strings.Cut(in, ","); ok {
		d = strings.TrimSpace(d)
		if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
			return piece{}, false
		}
		key, def, hasDef = k, d[1:len(d)-1], true
	}
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " ${}'\"*?") {
		return piece{}, false
	}
	return piece{kind: pieceVar, key: key, lower: strings.ToLower(key), def: def, hasDef: hasDef}, true
}

// expand writes the tokens of pieces into dst, resolving variables from
// the request. wild says whether the policy text's '*' and '?' are
// wildcards. A variable's value is always literal: a user named "*" does
// not become a wildcard. ok is false when a variable has no single value
// and no default.
func expand(dst []uint16, pieces []piece, wild bool, st *state) ([]uint16, bool) {
	for i := range pieces {
		pc := &pieces[i]
		switch pc.kind {
		case pieceText:
			dst = appendText(dst, pc.text, wild)
		case pieceLit:
			dst = appendText(dst, pc.text, false)
		case pieceVar:
			v, ok := st.variable(pc)
			if !ok {
				return dst, false
			}
			dst = appendText(dst, v, false)
		}
	}
	return dst, true
}

// resolvable reports whether every variable of pieces has a value.
func resolvable(pieces []piece, st *state) bool {
	for i := range pieces {
		if pieces[i].kind == pieceVar {
			if _, ok := st.variable(&pieces[i]); !ok {
				return false
			}
		}
	}
	return true
}
