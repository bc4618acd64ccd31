package difftest

import (
	"testing"

	"github.com/awssec/awssec/iam/eval"
)

// TestClassifyIsDirectional: a divergence explains only the disagreement
// it documents, not the opposite one in the same cases.
func TestClassifyIsDirectional(t *testing.T) {
	tests := []struct {
		name         string
		c            Case
		ours, theirs eval.Result
		want         string
	}{
		{"root allowed", Case{Template: "caller", Features: []string{"caller:root", "identity:none"}}, eval.Allow, eval.ImplicitDeny, "root-user-full-access"},
		{"root denied by us", Case{Template: "caller", Features: []string{"caller:root", "identity:none"}}, eval.ImplicitDeny, eval.Allow, ""},
		{"epoch allow", Case{Template: "condition", Features: []string{"date-epoch"}}, eval.ImplicitDeny, eval.Allow, "date-epoch-seconds"},
		{"epoch deny statement", Case{Template: "condition", Features: []string{"date-epoch", "deny"}}, eval.ExplicitDeny, eval.Allow, "date-epoch-seconds"},
		{"epoch deny statement, implicit", Case{Template: "condition", Features: []string{"date-epoch", "deny"}}, eval.ImplicitDeny, eval.Allow, ""},
		{"session grant", Case{Template: "types", Features: []string{"caller:session", "session:other", "resource-policy:session"}}, eval.Allow, eval.ImplicitDeny, "session-policy-resource-grant-to-session"},
		{"session grant reversed", Case{Template: "types", Features: []string{"caller:session", "session:other", "resource-policy:session"}}, eval.ImplicitDeny, eval.Allow, ""},
		{"notprincipal", Case{Template: "types", Features: []string{"resource-policy:notprincipal", "caller:user", "boundary:none"}}, eval.ExplicitDeny, eval.Allow, "notprincipal-without-account"},
		{"2008 variables", Case{Template: "variable", Features: []string{"variable", "version:2008-10-17"}}, eval.Allow, eval.ImplicitDeny, "variables-before-2012-10-17"},
		{"2012 variables", Case{Template: "variable", Features: []string{"variable", "version:2012-10-17"}}, eval.Allow, eval.ImplicitDeny, ""},
		{"unknown template", Case{Template: "mix"}, eval.Allow, eval.ImplicitDeny, ""},
	}
	for _, tt := range tests {
		if got := Classify(&tt.c, tt.ours, tt.theirs); got != tt.want {
			t.Errorf("%s: Classify = %q, want %q", tt.name, got, tt.want)
		}
	}
}
