package catalog

import (
	"math"
	"strings"
)

// MatchResourceType lists the resource types of service an ARN can be, by
// matching it against their ARN formats. The ARN may hold a policy's "*" and
// "?" wildcards; "arn:aws:s3:::*" is both a bucket and an object.
//
// In a format each ${Variable} stands for one or more characters. Most names
// may contain '/' (IAM paths, S3 keys, log groups), so a variable is allowed
// to take one, but each '/' of the ARN a variable takes counts against the
// format, and only the formats that take the fewest are kept: the ARN
// arn:aws:s3:::b/k is an object (the '/' falls between bucket and key), not a
// bucket named "b/k"; arn:aws:s3:::b/* is an object; table/t/index/i of
// DynamoDB is an index, not a table. The first five ARN fields are matched
// field by field; a wildcard never spans their ':'.
//
// The result is sorted by name; nil when nothing matches or service is
// unknown. "*" alone matches every resource type of the service. An ARN
// longer than AWS allows (2,048 characters) matches nothing, which bounds
// the work a hostile policy can cause.
func MatchResourceType(service, arn string) []string {
	if len(arn) > maxARN {
		return nil
	}
	c := get()
	si, ok := c.serviceIndex[lowerString(service)]
	if !ok {
		return nil
	}
	if arn == "*" {
		var all []string
		r := c.serviceResources[si]
		for _, t := range c.resourceTypes[r[0]:r[1]] {
			all = append(all, t.Name)
		}
		return all
	}
	fields := strings.SplitN(arn, ":", 6)
	if len(fields) != 6 {
		return nil
	}
	var input [6][]patToken
	for i, f := range fields {
		input[i] = patTokens(f)
	}
	best := math.MaxInt
	var hits []int // resource type indexes at cost best, ascending
	for _, t := range c.arnTemplates[si] {
		cost := t.match(&input)
		switch {
		case cost < 0 || cost > best:
			continue
		case cost < best:
			best, hits = cost, hits[:0]
		}
		if len(hits) == 0 || hits[len(hits)-1] != t.resource {
			hits = append(hits, t.resource)
		}
	}
	if len(hits) == 0 {
		return nil
	}
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = c.resourceTypes[h].Name
	}
	return names
}

const maxARN = 2048

// arnTemplate is one ARN format, split into its six fields.
type arnTemplate struct {
	fields   [6][]fmtToken
	ok       bool // the format had six fields
	resource int  // index in catalog.resourceTypes
}

// A format is a string of literal bytes and variables; a variable is one
// character followed by any more, so it is split into varOne and varMore.
type fmtToken struct {
	kind byte // 0 literal, varOne, varMore
	ch   byte
}

const (
	varOne  = 1
	varMore = 2
)

// A pattern (the ARN asked about) is literal bytes, '?' and '*'.
type patToken struct {
	kind byte // 0 literal, patAny ('?'), patStar ('*')
	ch   byte
}

const (
	patAny  = 1
	patStar = 2
)

func newARNTemplate(format string, resource int) arnTemplate {
	t := arnTemplate{resource: resource}
	// Variables never contain ':', so splitting first is safe.
	fields := strings.SplitN(format, ":", 6)
	if len(fields) != 6 {
		return t
	}
	t.ok = true
	for i, f := range fields {
		var toks []fmtToken
		for f != "" {
			if strings.HasPrefix(f, "${") {
				if end := strings.IndexByte(f, '}'); end > 0 {
					toks = append(toks, fmtToken{kind: varOne}, fmtToken{kind: varMore})
					f = f[end+1:]
					continue
				}
			}
			toks = append(toks, fmtToken{ch: f[0]})
			f = f[1:]
		}
		t.fields[i] = toks
	}
	return t
}

func patTokens(s string) []patToken {
	toks := make([]patToken, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			toks[i] = patToken{kind: patStar}
		case '?':
			toks[i] = patToken{kind: patAny}
		default:
			toks[i] = patToken{ch: s[i]}
		}
	}
	return toks
}

// match gives the cost of matching the pattern against t, -1 for no match.
func (t arnTemplate) match(input *[6][]patToken) int {
	if !t.ok {
		return -1
	}
	total := 0
	// The resource field last: it is the expensive one, and the others
	// usually rule the format out.
	for _, i := range [6]int{2, 0, 1, 3, 4, 5} {
		cost := matchField(t.fields[i], input[i])
		if cost < 0 {
			return -1
		}
		total += cost
	}
	return total
}

// matchField finds the cheapest way for a format field and a pattern field
// to describe a common string, by dynamic programming over (format position,
// pattern position). The cost is the number of the pattern's literal '/' that
// a variable takes. A pattern '*' and a format varMore may each match
// nothing; when both produce the same character, dropping it from both gives
// a match just as good, so the moves below cover every alignment.
func matchField(f []fmtToken, p []patToken) int {
	const none = math.MaxInt32
	w := len(p) + 1
	var small [512]int32
	var dp []int32
	if n := (len(f) + 1) * w; n <= len(small) {
		dp = small[:n]
	} else {
		dp = make([]int32, n)
	}
	for i := range dp {
		dp[i] = none
	}
	dp[0] = 0
	relax := func(i, j int, v int32) {
		if v < dp[i*w+j] {
			dp[i*w+j] = v
		}
	}
	for i := 0; i <= len(f); i++ {
		for j := 0; j <= len(p); j++ {
			v := dp[i*w+j]
			if v == none {
				continue
			}
			var ft fmtToken
			var pt patToken
			if i < len(f) {
				ft = f[i]
			}
			if j < len(p) {
				pt = p[j]
			}
			if j < len(p) && pt.kind == patStar {
				relax(i, j+1, v) // '*' matches nothing more
				if i < len(f) && ft.kind != varMore {
					relax(i+1, j, v) // '*' takes the format's character
				}
			}
			if i < len(f) && ft.kind == varMore {
				relax(i+1, j, v) // the variable takes nothing more
				if j < len(p) && pt.kind != patStar {
					relax(i, j+1, v+slashCost(pt)) // the variable takes the pattern's character
				}
			}
			if i < len(f) && j < len(p) && ft.kind != varMore && pt.kind != patStar {
				switch {
				case ft.kind == varOne:
					relax(i+1, j+1, v+slashCost(pt))
				case pt.kind == patAny || pt.ch == ft.ch:
					relax(i+1, j+1, v)
				}
			}
		}
	}
	if r := dp[len(f)*w+len(p)]; r != none {
		return int(r)
	}
	return -1
}

func slashCost(p patToken) int32 {
	if p.kind == 0 && p.ch == '/' {
		return 1
	}
	return 0
}
