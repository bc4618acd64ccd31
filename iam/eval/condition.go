package eval

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/iam/policy"
)

// opFamily groups the condition operators by how they compare.
type opFamily uint8

const (
	famString opFamily = iota + 1
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

// cmpOp is how a family compares one request value with one policy value.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

// opInfo describes a base operator.
type opInfo struct {
	fam     opFamily
	negated bool
	cmp     cmpOp
	fold    bool    // IgnoreCase
	kind    patKind // for string and ARN operators
}

// operators lists every base operator, keyed by its lower-case name
// (operator names compare case-insensitively in IAM).
var operators = map[string]opInfo{
	"stringequals":              {fam: famString, kind: patLiteral},
	"stringnotequals":           {fam: famString, negated: true, kind: patLiteral},
	"stringequalsignorecase":    {fam: famString, fold: true, kind: patLiteral},
	"stringnotequalsignorecase": {fam: famString, negated: true, fold: true, kind: patLiteral},
	"stringlike":                {fam: famString, kind: patGlob},
	"stringnotlike":             {fam: famString, negated: true, kind: patGlob},
	"numericequals":             {fam: famNumeric},
	"numericnotequals":          {fam: famNumeric, negated: true},
	"numericlessthan":           {fam: famNumeric, cmp: cmpLT},
	"numericlessthanequals":     {fam: famNumeric, cmp: cmpLE},
	"numericgreaterthan":        {fam: famNumeric, cmp: cmpGT},
	"numericgreaterthanequals":  {fam: famNumeric, cmp: cmpGE},
	"dateequals":                {fam: famDate},
	"datenotequals":             {fam: famDate, negated: true},
	"datelessthan":              {fam: famDate, cmp: cmpLT},
	"datelessthanequals":        {fam: famDate, cmp: cmpLE},
	"dategreaterthan":           {fam: famDate, cmp: cmpGT},
	"dategreaterthanequals":     {fam: famDate, cmp: cmpGE},
	"bool":                      {fam: famBool},
	"binaryequals":              {fam: famBinary},
	"ipaddress":                 {fam: famIP},
	"notipaddress":              {fam: famIP, negated: true},
	// The User Guide lists ArnEquals and ArnLike with one meaning: "Each of
	// the six colon-delimited components of the ARN is checked separately
	// and each can include multi-character match wildcards (*) or
	// single-character match wildcards (?)."
	"arnequals":    {fam: famARN, kind: patARNCond},
	"arnlike":      {fam: famARN, kind: patARNCond},
	"arnnotequals": {fam: famARN, negated: true, kind: patARNCond},
	"arnnotlike":   {fam: famARN, negated: true, kind: patARNCond},
	"null":         {fam: famNull},
}

// ErrUnknownOperator is the cause of a compile error for an operator IAM
// does not have.
var ErrUnknownOperator = errors.New("unknown condition operator")

// ErrBadValue is the cause of a compile error for a condition value the
// operator cannot read (a number that is not one, a bad CIDR…).
var ErrBadValue = errors.New("bad condition value")

// splitOperator takes "ForAnyValue:StringLikeIfExists" apart.
func splitOperator(op string) (base string, set policy.SetOperator, ifExists bool) {
	base = op
	if q, rest, ok := strings.Cut(base, ":"); ok {
		switch strings.ToLower(q) {
		case "forallvalues":
			set = policy.ForAllValues
		case "foranyvalue":
			set = policy.ForAnyValue
		}
		base = rest
	}
	if len(base) > len("IfExists") && strings.EqualFold(base[len(base)-len("IfExists"):], "IfExists") {
		base, ifExists = base[:len(base)-len("IfExists")], true
	}
	return base, set, ifExists
}

// cond is one compiled operator–key pair.
type cond struct {
	src      *policy.Condition
	info     opInfo
	set      policy.SetOperator
	ifExists bool
	key      string
	lower    string
	vars     bool // some value carries a variable

	strs   []pattern
	nums   []float64
	dates  []int64 // Unix nanoseconds
	bools  []bool
	bins   [][]byte
	prefix []netip.Prefix
}

func compileCond(c *policy.Condition, vars bool) (cond, error) {
	base, set, ifExists := c.Base, c.Set, c.IfExists
	if base == "" {
		base, set, ifExists = splitOperator(c.Operator)
	}
	info, ok := operators[strings.ToLower(base)]
	if !ok {
		return cond{}, posErr(c.Pos, fmt.Errorf("%w %q", ErrUnknownOperator, c.Operator))
	}
	k := cond{src: c, info: info, set: set, ifExists: ifExists, key: c.Key, lower: strings.ToLower(c.Key)}
	if info.fam == famNull {
		// Null tests presence; IfExists and set qualifiers do not apply.
		k.ifExists, k.set = false, policy.NoSet
	}
	vals := c.Values
	if vals == nil {
		return k, nil
	}
	for _, v := range vals.Values {
		bad := func(what string) error {
			return posErr(v.Pos, fmt.Errorf("%w: %s: %q is not %s", ErrBadValue, c.Operator, v.S, what))
		}
		switch info.fam {
		case famString, famARN:
			p := compilePattern(v.S, info.kind, vars)
			if p.pieces != nil {
				k.vars = true
			}
			k.strs = append(k.strs, p)
		case famNumeric:
			f, err := strconv.ParseFloat(v.S, 64)
			if err != nil {
				return k, bad("a number")
			}
			k.nums = append(k.nums, f)
		case famDate:
			t, ok := parseDate(v.S)
			if !ok {
				return k, bad("an ISO 8601 date or epoch time")
			}
			k.dates = append(k.dates, t)
		case famBool, famNull:
			b, ok := parseBool(v.S)
			if !ok {
				return k, bad(`"true" or "false"`)
			}
			k.bools = append(k.bools, b)
		case famBinary:
			b, err := base64.StdEncoding.DecodeString(v.S)
			if err != nil {
				return k, bad("base64")
			}
			k.bins = append(k.bins, b)
		case famIP:
			p, ok := parsePrefix(v.S)
			if !ok {
				return k, bad("an IP address or CIDR")
			}
			k.prefix = append(k.prefix, p)
		}
	}
	return k, nil
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return p, false
		}
		a := p.Addr()
		if a.Is4In6() {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// dateLayouts are the ISO 8601 forms IAM accepts, most specific first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDate reads an ISO 8601 date-time or an epoch time in seconds
// (integer or decimal), as Unix nanoseconds. A time without a zone is UTC.
func parseDate(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if c := s[0]; c == '-' || (c >= '0' && c <= '9') && !strings.ContainsAny(s, "-:T") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, false
		}
		return int64(f * 1e9), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}

func compare[T int64 | float64](op cmpOp, req, pol T) bool {
	switch op {
	case cmpLT:
		return req < pol
	case cmpLE:
		return req <= pol
	case cmpGT:
		return req > pol
	case cmpGE:
		return req >= pol
	}
	return req == pol
}

// eval decides the condition. The rules, from the IAM User Guide:
//
//   - "If the key that you specify in a policy condition is not present in
//     the request context, the values do not match and the condition is
//     false. If the policy condition requires that the key is not matched,
//     such as StringNotLike or ArnNotLike, and the right key is not present,
//     the condition is true." …IfExists makes an absent key true for every
//     operator, so for negated operators it changes nothing on absence.
//   - "If a single condition operator includes multiple values for a
//     context key, those values are evaluated using a logical OR", and for a
//     negated operator "using a logical NOR".
//   - ForAllValues "returns true if every context key value in the request
//     matches at least one context key value in the policy. It also returns
//     true if there are no context keys in the request" — the empty-set
//     trap. ForAnyValue returns true when at least one request value
//     matches, false when the key is absent (true with IfExists).
//   - Without a set qualifier, a multi-valued request key matches a
//     positive operator when any of its values does, and a negated one when
//     none of its values matches the (positive) operator.
//   - A request value the operator cannot read (a number that is not one)
//     and a variable that does not resolve make the condition false,
//     whatever the operator's polarity: the statement does not apply.
func (k *cond) eval(st *state) bool {
	v, present := st.lookup(k.key, k.lower)
	absent := !present || v.n == 0
	if k.info.fam == famNull {
		// Null: "true" means the key must be absent (or have no value),
		// "false" that it must be present.
		for _, b := range k.bools {
			if b == absent {
				return true
			}
		}
		return false
	}
	if k.vars {
		for i := range k.strs {
			if k.strs[i].pieces != nil && !resolvable(k.strs[i].pieces, st) {
				return false
			}
		}
	}
	neg := k.info.negated
	switch k.set {
	case policy.ForAllValues:
		if absent {
			return true
		}
		for i := 0; i < v.n; i++ {
			m, ok := k.matchAny(v.at(i), st)
			if !ok || m == neg {
				return false
			}
		}
		return true
	case policy.ForAnyValue:
		if absent {
			return k.ifExists
		}
		for i := 0; i < v.n; i++ {
			m, ok := k.matchAny(v.at(i), st)
			if !ok {
				return false
			}
			if m != neg {
				return true
			}
		}
		return false
	}
	if absent {
		return k.ifExists || neg
	}
	anyMatch := false
	for i := 0; i < v.n; i++ {
		m, ok := k.matchAny(v.at(i), st)
		if !ok {
			return false
		}
		anyMatch = anyMatch || m
	}
	return anyMatch != neg
}

// matchAny reports whether one request value matches any of the policy
// values under the operator's positive sense (StringNotEquals compares as
// StringEquals; eval negates). ok is false when the request value cannot be
// read as the operator's type.
func (k *cond) matchAny(s string, st *state) (matched, ok bool) {
	switch k.info.fam {
	case famString:
		for i := range k.strs {
			if m, _ := k.strs[i].match(s, k.info.fold, st); m {
				return true, true
			}
		}
		return false, true
	case famARN:
		if _, ok := splitARN(s); !ok {
			return false, false
		}
		for i := range k.strs {
			if m, _ := k.strs[i].match(s, false, st); m {
				return true, true
			}
		}
		return false, true
	case famNumeric:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return false, false
		}
		for _, p := range k.nums {
			if compare(k.info.cmp, f, p) {
				return true, true
			}
		}
		return false, true
	case famDate:
		t, ok := parseDate(s)
		if !ok {
			return false, false
		}
		for _, p := range k.dates {
			if compare(k.info.cmp, t, p) {
				return true, true
			}
		}
		return false, true
	case famBool:
		b, ok := parseBool(s)
		if !ok {
			return false, false
		}
		for _, p := range k.bools {
			if b == p {
				return true, true
			}
		}
		return false, true
	case famBinary:
		// The request's value is base64 text like the policy's; compare the
		// bytes, so padding-free or differently wrapped forms still match.
		var buf [256]byte
		dst := buf[:]
		if n := base64.StdEncoding.DecodedLen(len(s)); n > len(buf) {
			dst = make([]byte, n)
		}
		n, err := base64.StdEncoding.Decode(dst, []byte(s))
		if err != nil {
			return false, false
		}
		for _, p := range k.bins {
			if bytes.Equal(dst[:n], p) {
				return true, true
			}
		}
		return false, true
	case famIP:
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false, false
		}
		a = a.Unmap()
		for _, p := range k.prefix {
			if p.Contains(a) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}
