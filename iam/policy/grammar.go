package policy

import (
	"fmt"
	"strings"
)

// Versions of the policy language.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17" // policy variables are literal text
)

// operators are the condition operators without qualifiers, as IAM spells
// them. Null is the only one that takes no IfExists.
var operators = [...]string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
	"NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
	"DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
	"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
	"Null",
}

// Operators returns the condition operators without qualifiers
// ("StringEquals", …, "Null"); each but Null also takes IfExists, and
// each takes a ForAllValues: or ForAnyValue: prefix.
func Operators() []string { return append([]string(nil), operators[:]...) }

// ParseOperator splits a condition operator as written
// ("ForAnyValue:StringLikeIfExists") into its base operator as IAM spells
// it ("StringLike"), its IfExists suffix and its set prefix. Names match
// without regard to case, as IAM matches them; the linter can flag a
// spelling that differs from the canonical one.
func ParseOperator(op string) (base string, ifExists bool, set SetOperator, err error) {
	rest := op
	switch {
	case hasPrefixFold(rest, "ForAllValues:"):
		set, rest = ForAllValues, rest[len("ForAllValues:"):]
	case hasPrefixFold(rest, "ForAnyValue:"):
		set, rest = ForAnyValue, rest[len("ForAnyValue:"):]
	}
	if b, ok := lookupOperator(rest); ok {
		return b, false, set, nil
	}
	const suffix = "IfExists"
	if n := len(rest) - len(suffix); n > 0 && strings.EqualFold(rest[n:], suffix) {
		if b, ok := lookupOperator(rest[:n]); ok {
			if b == "Null" {
				return "", false, 0, because(ErrBadOperator, "condition operator %s: Null takes no IfExists (it tests whether the key exists)", quote(op))
			}
			return b, true, set, nil
		}
	}
	msg := fmt.Sprintf("unknown condition operator %s", quote(op))
	if s := suggestOperator(rest); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return "", false, 0, because(ErrBadOperator, "%s", msg)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func lookupOperator(s string) (string, bool) {
	for _, o := range operators {
		if strings.EqualFold(s, o) {
			return o, true
		}
	}
	return "", false
}

// suggestOperator returns the operator closest to s when it is a likely
// typo (an edit distance of at most 2), or "".
func suggestOperator(s string) string {
	if len(s) > 64 {
		return ""
	}
	best, bestD := "", 3
	for _, o := range operators {
		if d := editDistance(strings.ToLower(s), strings.ToLower(o)); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkAction reports what is wrong with an Action or NotAction value:
// "*", or service:action where both parts are non-empty and wildcards may
// stand anywhere.
func checkAction(s string) error {
	if s == "*" {
		return nil
	}
	i := strings.IndexByte(s, ':')
	switch {
	case i < 0:
		return because(ErrBadAction, "action %s has no service prefix (like s3:GetObject)", quote(s))
	case i == 0:
		return because(ErrBadAction, "action %s has an empty service prefix (like s3:GetObject)", quote(s))
	case i == len(s)-1:
		return because(ErrBadAction, "action %s has no action name after the service prefix (like s3:GetObject or s3:*)", quote(s))
	case strings.IndexByte(s[i+1:], ':') >= 0:
		return because(ErrBadAction, "action %s has more than one colon (like s3:GetObject)", quote(s))
	}
	for j := 0; j < len(s); j++ {
		if c := s[j]; c <= ' ' || c == 0x7f {
			return because(ErrBadAction, "action %s contains white space or a control character", quote(s))
		}
	}
	return nil
}

// checkResource reports what is wrong with a Resource or NotResource
// value: "*", an API Gateway method path, or an ARN
// arn:partition:service:region:account:resource
// whose resource part may itself hold colons. Wildcards may stand
// anywhere; colons inside a policy variable (${aws:username}) do not
// separate parts.
func checkResource(s string) error {
	// An API Gateway resource policy may name the API's own methods
	// without an ARN (execute-api:/stage/METHOD/path, AWS's documented
	// examples use execute-api:/*); API Gateway expands it to the API's
	// ARN when it stores the policy.
	if s == "*" || strings.HasPrefix(s, "execute-api:/") {
		return nil
	}
	if !strings.HasPrefix(s, "arn:") {
		return because(ErrBadARN, `resource %s is neither "*" nor an ARN (arn:partition:service:region:account:resource)`, quote(s))
	}
	var parts [6]string
	n := splitARN(s, &parts)
	switch {
	case n < 6:
		return because(ErrBadARN, "resource %s has %d of the 6 parts of an ARN (arn:partition:service:region:account:resource)", quote(s), n)
	case parts[1] == "":
		return because(ErrBadARN, "resource %s has no partition (like arn:aws:…)", quote(s))
	case parts[2] == "":
		return because(ErrBadARN, "resource %s has no service (like arn:aws:s3:…)", quote(s))
	case parts[5] == "":
		return because(ErrBadARN, "resource %s has an empty resource part (arn:partition:service:region:account:resource)", quote(s))
	}
	return nil
}

// SplitARN splits an ARN (or an ARN pattern of a policy) into its six
// parts — "arn", partition, service, region, account, resource — without
// splitting the resource part or a policy variable (${aws:username}) at
// its colons. ok is false when s has fewer than six parts.
func SplitARN(s string) (parts [6]string, ok bool) {
	n := splitARN(s, &parts)
	return parts, n == 6
}

// splitARN fills parts and returns how many it found.
func splitARN(s string, parts *[6]string) int {
	n, start, depth := 0, 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		parts[n] = s[start:]
		return n + 1
	}
	parts[5] = s[start:]
	return 6
}

// quote quotes s for a one-line message, cut to a readable length so a
// megabyte-long value does not make a megabyte-long error.
func quote(s string) string {
	const limit = 80
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xc0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}
