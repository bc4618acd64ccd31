package explain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestLimits: a policy at the parser's limits (many ARNs, many condition
// keys) is explained in bounded time, and says where it stopped.
func TestLimits(t *testing.T) {
	var arns, conds []string
	for i := range 40 {
		arns = append(arns, fmt.Sprintf(`"arn:aws:s3:::bucket-%d/key-%d/*"`, i, i))
	}
	for i := range 60 { // 3^60 combinations: more than an int holds
		conds = append(conds, fmt.Sprintf(`"aws:PrincipalTag/t%d": "v%d"`, i, i))
	}
	doc := `{"Version": "2012-10-17", "Statement": [
	  {"Effect": "Deny", "Action": "s3:*", "NotResource": [` + strings.Join(arns, ",") + `]},
	  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {` + strings.Join(conds, ",") + `}}}]}`
	start := time.Now()
	x := Explain(parse(t, "huge.json", doc))
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	if _, ok := find(x, "probes-capped"); !ok {
		t.Errorf("no probes-capped finding: %v", ids(x))
	}
}
