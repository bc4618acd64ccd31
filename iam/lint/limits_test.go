package lint

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/iam/policy"
)

// TestHostileInputs: the largest policies Parse accepts, shaped to make
// each check do the most work, lint in bounded time. The bound is generous
// (shared CI machines); without the work limits these take minutes.
func TestHostileInputs(t *testing.T) {
	list := func(n int, f func(i int) string) string {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprintf("%q", f(i))
		}
		return "[" + strings.Join(v, ",") + "]"
	}
	stmts := func(n int, f func(i int) string) string {
		v := make([]string, n)
		for i := range v {
			v[i] = f(i)
		}
		return pol(v...)
	}
	for _, tc := range []struct{ name, src string }{
		{"many wildcard-service patterns", pol(`{"Effect": "Allow", "Action": ` +
			list(3000, func(i int) string { return fmt.Sprintf("*%d*:*a*b*c*", i) }) + `, "Resource": "*"}`)},
		{"long patterns", pol(`{"Effect": "Allow", "NotAction": ` +
			list(400, func(i int) string { return "*:" + strings.Repeat("*a", 1200) + fmt.Sprint(i) }) + `, "Resource": "*"}`)},
		{"many unknown actions", pol(`{"Effect": "Allow", "Action": ` +
			list(5000, func(i int) string { return fmt.Sprintf("svc%d:Act%d", i, i) }) + `, "Resource": "*"}`)},
		{"many resources", pol(`{"Effect": "Allow", "Action": ` +
			list(100, func(i int) string { return fmt.Sprintf("ec2:Describe%d*", i) }) + `, "Resource": ` +
			list(9000, func(i int) string { return fmt.Sprintf("arn:aws:ec2:us-east-1:111122223333:instance/i-%d*", i) }) + `}`)},
		{"statements up to the pairwise limit", stmts(maxPairs, func(i int) string {
			return fmt.Sprintf(`{"Effect": "%s", "Action": ["s3:Get*", "s3:Put*", "iam:Pass*"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c%d/*"]}`, []string{"Allow", "Deny"}[i%2], i)
		})},
		{"many statements", stmts(3000, func(i int) string {
			return fmt.Sprintf(`{"Effect": "%s", "Action": ["s3:Get*", "iam:Pass*"], "Resource": "arn:aws:s3:::b%d/*"}`, []string{"Allow", "Deny"}[i%2], i)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := policy.Parse("hostile.json", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			Lint(p, policy.IdentityPolicy)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			} else {
				t.Logf("%d bytes: %v", len(tc.src), d)
			}
		})
	}
}
