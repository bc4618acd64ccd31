package sigma

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Event is what a rule matches against.
type Event interface {
	// Values calls yield with each value at a dotted field path (arrays
	// flattened) until yield returns false, and reports whether the field
	// is present. Values are string, float64, bool or nil (or containers).
	Values(field string, yield func(any) bool) bool
	// All calls yield with every scalar value of the event.
	All(yield func(any) bool)
}

// StringFields is an optional Event method: the fields an event holds as
// plain strings, returned without boxing, so matching them allocates
// nothing. known is false for fields it does not hold that way; an empty
// value means the field is absent.
type StringFields interface {
	StringField(field string) (value string, known bool)
}

// selection is one search identifier: an OR of AND-groups of field
// matchers, or a list of keywords.
type selection struct {
	name     string
	groups   [][]*fieldMatcher // OR over groups, AND within a group
	keywords *valueMatcher
}

func (s *selection) match(e Event) bool {
	if s.keywords != nil {
		hit := false
		e.All(func(v any) bool {
			hit = s.keywords.matchOne(v)
			return !hit
		})
		return hit
	}
	for _, g := range s.groups {
		ok := true
		for _, f := range g {
			if !f.match(e) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// fieldMatcher tests one field of an event.
type fieldMatcher struct {
	field string
	spec  string // the key as written, for explanations
	// exists is set for |exists: the field must (or must not) be present.
	exists *bool
	// fieldref is set for |fieldref: the field must equal another field.
	fieldref string
	// null: the rule value is null: the field is absent or null.
	null bool
	vals *valueMatcher
}

func (f *fieldMatcher) match(e Event) bool {
	if f.fieldref == "" {
		if sf, ok := e.(StringFields); ok {
			if v, known := sf.StringField(f.field); known {
				return f.matchString(v)
			}
		}
	}
	switch {
	case f.exists != nil:
		return e.Values(f.field, func(any) bool { return false }) == *f.exists
	case f.fieldref != "":
		var refs []string
		e.Values(f.fieldref, func(v any) bool { refs = append(refs, scalar(v)); return true })
		hit := false
		e.Values(f.field, func(v any) bool {
			s := scalar(v)
			for _, r := range refs {
				if s == r {
					hit = true
				}
			}
			return !hit
		})
		return hit
	}
	if f.vals == nil { // only null
		isNull := true
		e.Values(f.field, func(v any) bool {
			if v != nil {
				isNull = false
			}
			return isNull
		})
		return isNull
	}
	if f.vals.all {
		// Every pattern must match some value of the field.
		for _, p := range f.vals.pats {
			hit := false
			e.Values(f.field, func(v any) bool { hit = p.match(v); return !hit })
			if !hit {
				return false
			}
		}
		return true
	}
	hit := false
	present := e.Values(f.field, func(v any) bool { hit = f.vals.matchOne(v); return !hit })
	if !hit && f.null && !present {
		return true
	}
	if !hit && f.null {
		e.Values(f.field, func(v any) bool {
			if v == nil {
				hit = true
			}
			return !hit
		})
	}
	return hit
}

// matchString is match for a field held as one string ("" when absent).
func (f *fieldMatcher) matchString(v string) bool {
	present := v != ""
	switch {
	case f.exists != nil:
		return present == *f.exists
	case f.vals == nil:
		return !present
	case !present:
		return f.null
	case f.vals.all:
		for _, p := range f.vals.pats {
			if !p.matchStr(v) {
				return false
			}
		}
		return true
	}
	for _, p := range f.vals.pats {
		if p.matchStr(v) {
			return true
		}
	}
	return false
}

// valueMatcher is the compiled list of values of one field.
type valueMatcher struct {
	pats []pattern
	all  bool
}

func (v *valueMatcher) matchOne(x any) bool {
	for _, p := range v.pats {
		if p.match(x) {
			return true
		}
	}
	return false
}

// pattern matches one scalar value.
type pattern interface {
	match(v any) bool
	matchStr(s string) bool
}

// scalar is a value's text as Sigma compares it.
func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

type globKind int

const (
	exact globKind = iota
	prefix
	suffix
	infix
	general
)

// glob is a value with Sigma wildcards (* and ?, escaped with \).
type glob struct {
	kind  globKind
	lit   string // the literal part for the fast kinds; lower-cased unless cased
	cased bool
	// asciiLit says lit is ASCII, so matching can skip lower-casing.
	asciiLit bool
	re       *regexp.Regexp // general
}

func (g *glob) match(v any) bool {
	if !isScalar(v) {
		return false
	}
	return g.matchStr(scalar(v))
}

func (g *glob) matchStr(s string) bool {
	if g.kind == general {
		return g.re.MatchString(s)
	}
	if g.kind == exact {
		if g.cased {
			return s == g.lit
		}
		return strings.EqualFold(s, g.lit)
	}
	if g.cased {
		switch g.kind {
		case prefix:
			return strings.HasPrefix(s, g.lit)
		case suffix:
			return strings.HasSuffix(s, g.lit)
		}
		return strings.Contains(s, g.lit)
	}
	// ASCII: compare case-insensitively in place, without a lower-cased
	// copy. Only the bytes compared need be ASCII for prefixes and
	// suffixes: lower-casing maps runes one by one, so an ASCII end of s
	// is the same end of its lower-cased form.
	n := len(g.lit)
	if g.asciiLit {
		switch g.kind {
		case prefix:
			if len(s) >= n && isASCII(s[:n]) {
				return strings.EqualFold(s[:n], g.lit)
			}
		case suffix:
			if len(s) >= n && isASCII(s[len(s)-n:]) {
				return strings.EqualFold(s[len(s)-n:], g.lit)
			}
		default:
			if found, ascii := containsFold(s, g.lit); ascii {
				return found
			}
		}
	}
	s = strings.ToLower(s)
	switch g.kind {
	case prefix:
		return strings.HasPrefix(s, g.lit)
	case suffix:
		return strings.HasSuffix(s, g.lit)
	}
	return strings.Contains(s, g.lit)
}

// containsFold reports whether s contains lit (lower-case ASCII) in any
// case, when s is ASCII (ascii false means s is not, and found is not
// known). Candidates are found with strings.IndexByte, which is
// vectorized, for both cases of lit's first byte.
func containsFold(s, lit string) (found, ascii bool) {
	if !isASCII(s) {
		return false, false
	}
	n := len(lit)
	if n == 0 {
		return true, true
	}
	lower, upper := lit[0], lit[0]
	if 'a' <= lower && lower <= 'z' {
		upper -= 'a' - 'A'
	}
	for len(s) >= n {
		starts := s[:len(s)-n+1] // where a match can start
		i := strings.IndexByte(starts, lower)
		if upper != lower {
			if j := strings.IndexByte(starts, upper); j >= 0 && (i < 0 || j < i) {
				i = j
			}
		}
		if i < 0 {
			return false, true
		}
		if strings.EqualFold(s[i:i+n], lit) {
			return true, true
		}
		s = s[i+1:]
	}
	return false, true
}

// isASCII tests eight bytes at a time: it runs on every value a
// case-insensitive pattern meets.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// The compiler merges these loads into one.
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if x&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// compileGlob parses a Sigma value with wildcards.
func compileGlob(v string, cased bool) *glob {
	// Split into literal runs and wildcards.
	type part struct {
		lit  string
		wild byte // 0 for a literal, '*' or '?'
	}
	var parts []part
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, part{lit: cur.String()})
			cur.Reset()
		}
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v) && (v[i+1] == '*' || v[i+1] == '?' || v[i+1] == '\\'):
			cur.WriteByte(v[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			parts = append(parts, part{wild: c})
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	g := &glob{cased: cased}
	low := func(s string) string {
		if cased {
			return s
		}
		return strings.ToLower(s)
	}
	star := func(p part) bool { return p.wild == '*' }
	fast := true
	switch {
	case len(parts) == 0:
		g.kind, g.lit = exact, ""
	case len(parts) == 1 && parts[0].wild == 0:
		g.kind, g.lit = exact, parts[0].lit
	case len(parts) == 1 && star(parts[0]):
		g.kind, g.lit = prefix, ""
	case len(parts) == 2 && parts[0].wild == 0 && star(parts[1]):
		g.kind, g.lit = prefix, low(parts[0].lit)
	case len(parts) == 2 && star(parts[0]) && parts[1].wild == 0:
		g.kind, g.lit = suffix, low(parts[1].lit)
	case len(parts) == 3 && star(parts[0]) && parts[1].wild == 0 && star(parts[2]):
		g.kind, g.lit = infix, low(parts[1].lit)
	default:
		fast = false
	}
	if fast {
		g.asciiLit = isASCII(g.lit)
		return g
	}
	var re strings.Builder
	if !cased {
		re.WriteString("(?i)")
	}
	re.WriteString("(?s)^")
	for _, p := range parts {
		switch p.wild {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(p.lit))
		}
	}
	re.WriteString("$")
	g.kind, g.re = general, regexp.MustCompile(re.String())
	return g
}

type rePattern struct{ re *regexp.Regexp }

func (p rePattern) match(v any) bool       { return isScalar(v) && p.re.MatchString(scalar(v)) }
func (p rePattern) matchStr(s string) bool { return p.re.MatchString(s) }

type cidrPattern struct{ pfx netip.Prefix }

func (p cidrPattern) match(v any) bool {
	s, ok := v.(string)
	return ok && p.matchStr(s)
}

func (p cidrPattern) matchStr(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && p.pfx.Contains(a.Unmap())
}

type cmpPattern struct {
	op  string
	num float64
}

func (p cmpPattern) matchStr(s string) bool { return p.match(s) }

func (p cmpPattern) match(v any) bool {
	var x float64
	switch t := v.(type) {
	case float64:
		x = t
	case string:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return false
		}
		x = f
	default:
		return false
	}
	switch p.op {
	case "gt":
		return x > p.num
	case "gte":
		return x >= p.num
	case "lt":
		return x < p.num
	}
	return x <= p.num
}

// base64Offsets encodes v at the three byte alignments it can take inside
// a longer base64 text, dropping the characters that depend on the
// neighbouring bytes (the Sigma base64offset modifier).
func base64Offsets(v string) []string {
	start := []int{0, 2, 3}
	end := []int{0, 3, 2} // characters to drop at the end, by (len+i)%3
	var out []string
	for i := range 3 {
		enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat(" ", i) + v))
		e := len(enc) - end[(len(v)+i)%3]
		if start[i] >= e {
			continue
		}
		out = append(out, enc[start[i]:e])
	}
	return out
}

// windashChars are the characters Windows accepts where a flag dash goes.
var windashChars = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// windash returns every spelling of v with each flag dash (a - or / at the
// start of a word) replaced by each dash character.
func windash(v string) ([]string, error) {
	var idx []int
	for i := 0; i < len(v); i++ {
		if (v[i] == '-' || v[i] == '/') && (i == 0 || v[i-1] == ' ') {
			idx = append(idx, i)
		}
	}
	if len(idx) > 4 {
		return nil, fmt.Errorf("windash value has %d flags; at most 4 are expanded", len(idx))
	}
	out := []string{""}
	prev := 0
	for _, i := range idx {
		var next []string
		for _, o := range out {
			for _, c := range windashChars {
				next = append(next, o+v[prev:i]+c)
			}
		}
		out, prev = next, i+1
	}
	for k := range out {
		out[k] += v[prev:]
	}
	return out, nil
}

// validUTF8 is checked on values so patterns never carry broken text.
func validUTF8(s string) bool { return utf8.ValidString(s) }
