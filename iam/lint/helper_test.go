package lint

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// mark stands before the token a finding is expected at.
const mark = "»"

// pol wraps statements in a 2012-10-17 policy, one statement a line from
// line 2.
func pol(stmts ...string) string {
	return "{\"Version\": \"2012-10-17\", \"Statement\": [\n" + strings.Join(stmts, ",\n") + "\n]}"
}

// parseMarked parses src after removing its mark, and returns where the
// mark stood (the zero Pos when there is none).
func parseMarked(t testing.TB, src string) (*policy.Policy, policy.Pos) {
	t.Helper()
	var at policy.Pos
	if i := strings.Index(src, mark); i >= 0 {
		src = src[:i] + src[i+len(mark):]
		at = policy.Pos{Line: 1 + strings.Count(src[:i], "\n"), Col: i - strings.LastIndex(src[:i], "\n")}
	}
	p, err := policy.Parse("policy.json", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	return p, at
}

// withID returns the findings of one check.
func withID(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n\t")
		b.WriteString(f.String())
	}
	return b.String()
}
