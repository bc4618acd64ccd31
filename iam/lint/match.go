package lint

import (
	"strings"
	"sync"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// actionInfo is a catalogue action.
type actionInfo = catalog.ActionInfo

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func eqByte(a, b byte, fold bool) bool {
	if fold {
		return lowerASCII(a) == lowerASCII(b)
	}
	return a == b
}

// maxPattern bounds the patterns the matcher compares: IAM's own limit on
// an ARN is 2,048 characters, and a longer value is certainly not worth
// quadratic work.
const maxPattern = 2048

// covers reports whether every string the pattern q matches is also matched
// by the pattern p; both may hold '*' (any run of characters) and '?' (one
// character). With a literal q it is plain wildcard matching. fold compares
// ASCII letters case-insensitively (actions); ARNs compare case-sensitively.
//
// In p, '*' absorbs any run of q's characters, wildcards included; '?'
// absorbs one character of q that is not '*' (a '*' of q may stand for
// several characters); a literal absorbs only the same literal.
func covers(p, q string, fold bool) bool {
	if len(p) > maxPattern || len(q) > maxPattern {
		return false
	}
	if !hasWildcard(q) && literalLen(p) > len(q) {
		return false // p needs more characters than q has
	}
	w := strings.IndexAny(p, "*?")
	if w < 0 {
		if fold {
			return strings.EqualFold(p, q)
		}
		return p == q
	}
	// The literal prefix of p must be q's, literally: most comparisons
	// end here ("s3:Get*" against "iam:PassRole").
	if len(q) < w || strings.ContainsAny(q[:w], "*?") || !(q[:w] == p[:w] || fold && strings.EqualFold(q[:w], p[:w])) {
		return false
	}
	p, q = p[w:], q[w:]
	if p == "*" {
		return true
	}
	// prev[j]: p[:i] covers q[:j].
	prev := make([]bool, len(q)+1)
	cur := make([]bool, len(q)+1)
	prev[0] = true
	for i := 1; i <= len(p); i++ {
		pc := p[i-1]
		cur[0] = prev[0] && pc == '*'
		for j := 1; j <= len(q); j++ {
			qc := q[j-1]
			switch pc {
			case '*':
				cur[j] = prev[j] || cur[j-1]
			case '?':
				cur[j] = prev[j-1] && qc != '*'
			default:
				cur[j] = prev[j-1] && qc != '*' && qc != '?' && eqByte(pc, qc, fold)
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(q)]
}

// hasWildcard reports whether s holds '*' or '?'.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// service returns the service prefix of an action ("s3" of "s3:GetObject"),
// or "" for "*".
func service(action string) string {
	if i := strings.IndexByte(action, ':'); i >= 0 {
		return action[:i]
	}
	return ""
}

// arnService returns the service field of a resource ARN, or "" for "*" or
// a malformed ARN.
func arnService(r string) string {
	parts, ok := policy.SplitARN(r)
	if !ok {
		return ""
	}
	return parts[2]
}

// broadResource reports whether a Resource value stands for every resource
// of its kind: "*", or an ARN whose resource part is only a wildcard after
// an optional resource-type word ("secret:*", "user/*", "*/*").
func broadResource(r string) bool {
	if r == "*" {
		return true
	}
	parts, ok := policy.SplitARN(r)
	if !ok {
		return false
	}
	res := parts[5]
	if res == "*" || res == "*/*" {
		return true
	}
	if parts[2] == "s3" {
		// The resource part of an S3 ARN has no type word: "b/*" is the
		// objects of bucket b.
		return false
	}
	i := strings.IndexAny(res, "/:")
	return i > 0 && !hasWildcard(res[:i]) && (res[i+1:] == "*" || res[i+1:] == "*/*")
}

// selfResource reports whether a Resource value names only the caller's own
// user, through a policy variable.
func selfResource(r string) bool {
	return strings.Contains(strings.ToLower(r), "${aws:username}") ||
		strings.Contains(strings.ToLower(r), "${aws:userid}")
}

// hasVariable reports whether s holds a policy variable.
func hasVariable(s string) bool { return strings.Contains(s, "${") }

// Work limits. IAM's own limits keep real policies small (a managed policy
// holds 6,144 characters); a hostile document of a megabyte must still lint
// in bounded time. Past these limits the linter checks less, never more
// wrongly: a check that could not look says nothing.
const (
	// expandBudget bounds the catalogue actions compared against wildcard
	// patterns per Lint call: a pattern with a wildcard in its service
	// costs the whole catalogue (22,000 actions).
	expandBudget = 4_000_000
	// typeBudget bounds the ARN-format matches per Lint call.
	typeBudget = 20000
	// maxPairs bounds the statements the pairwise checks (redundant,
	// shadowed statements) compare.
	maxPairs = 1000
	// maxListCompare bounds the values of one list compared pairwise
	// (redundant actions, resources).
	maxListCompare = 500
)

// expand lists the catalogue actions a pattern matches, once per pattern
// per Lint call. ok is false when the work budget did not allow the
// expansion, and the pattern's actions are unknown.
func (l *linter) expand(pattern string) []actionInfo {
	a, _ := l.expandOK(pattern)
	return a
}

func (l *linter) expandOK(pattern string) ([]actionInfo, bool) {
	key := strings.ToLower(pattern)
	if a, ok := l.expanded[key]; ok {
		return a, true
	}
	if l.unexpanded[key] {
		return nil, false
	}
	var a []actionInfo
	switch {
	case !hasWildcard(pattern):
		if info, ok := catalog.Action(pattern); ok {
			a = []actionInfo{info}
		}
	case literalLen(pattern) > maxActionLen():
		// Longer than any action: matches nothing, no need to look.
	default:
		cost := 22000
		if svc := service(pattern); svc != "" && !hasWildcard(svc) {
			cost = 500 // one service's actions
		}
		if cached, ok := expansions.get(key); ok {
			a = cached
			break
		}
		if l.expandSpent+cost > expandBudget {
			l.unexpanded[key] = true
			return nil, false
		}
		l.expandSpent += cost
		a = catalog.Expand(collapseStars(pattern))
		expansions.put(key, a)
	}
	l.expanded[key] = a
	return a, true
}

// literalLen counts the characters a pattern's match has at least.
func literalLen(p string) int {
	return len(p) - strings.Count(p, "*")
}

// collapseStars turns runs of '*' into one, which matches the same.
func collapseStars(p string) string {
	if !strings.Contains(p, "**") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '*' && i > 0 && p[i-1] == '*' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// maxActionLen is the length of the catalogue's longest action name.
var maxActionLen = sync.OnceValue(func() int {
	n := 0
	for _, a := range catalog.Expand("*") {
		n = max(n, len(a.Service)+1+len(a.Name))
	}
	return n
})

// expansions caches wildcard expansions across Lint calls: a scan lints
// hundreds of policies that share their patterns ("s3:Get*"), and a
// pattern with a wildcard in its service costs a pass over the whole
// catalogue. The slices are shared and read-only.
var expansions = &expansionCache{m: map[string][]actionInfo{}}

type expansionCache struct {
	mu sync.Mutex
	m  map[string][]actionInfo
}

// maxCached bounds the cache; when full it starts over, which is simpler
// than an LRU and costs little: patterns repeat within a scan.
const maxCached = 4096

func (c *expansionCache) get(key string) ([]actionInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[key]
	return a, ok
}

func (c *expansionCache) put(key string, a []actionInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCached {
		clear(c.m)
	}
	c.m[key] = a
}
