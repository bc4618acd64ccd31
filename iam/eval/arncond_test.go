package eval

import "testing"

// TestARNConditionFieldsAreSeparate: the ARN condition operators check
// "each of the six colon-delimited components of the ARN ... separately"
// (condition operators reference), so a '*' ending a field does not span
// colons there, while in the Resource element "if the * wildcard is the
// last character of a resource ARN segment, it can expand to match beyond
// the colon boundaries".
func TestARNConditionFieldsAreSeparate(t *testing.T) {
	const arn = "arn:aws:sns:us-east-1:111122223333:alerts"
	for _, tc := range []struct {
		pattern   string
		kind      patKind
		wantMatch bool
	}{
		{"arn:aws:sns:*", patARNCond, false},
		{"arn:aws:sns:*", patARN, true},
		{"arn:aws:sns:*:*:*", patARNCond, true},
		{"arn:aws:sns:us-*:111122223333:*", patARNCond, true},
		{"arn:aws:*:us-east-1:111122223333:alerts", patARNCond, true},
	} {
		p := compilePattern(tc.pattern, tc.kind, true)
		got, ok := p.match(arn, false, nil)
		if !ok || got != tc.wantMatch {
			t.Errorf("%q (kind %d) against %s: match %v, want %v", tc.pattern, tc.kind, arn, got, tc.wantMatch)
		}
	}
}
