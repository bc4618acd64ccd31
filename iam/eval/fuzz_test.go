package eval

import (
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// FuzzGlob checks the two matchers agree when every wildcard spans, and
// that neither misbehaves on any input.
func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"a*b", "axxb"}, {"*a*a*b", "aaaa"}, {"s3:Get?bject", "s3:GetObject"}, {"", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if len(pat) > 300 || len(s) > 300 {
			return
		}
		toks := appendText(nil, pat, true)
		if g, n := glob(toks, s, true, false), globNFA(toks, s, true); g != n {
			t.Fatalf("glob(%q, %q) = %v, NFA %v", pat, s, g, n)
		}
		arn := compilePattern(pat, patARN, true)
		arn.match(s, false, &state{req: &Request{}})
	})
}

// FuzzEvaluate evaluates whatever the parser accepts: policies are
// untrusted input, and evaluation must not panic on any of them.
func FuzzEvaluate(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":"a*"}}}}`,
		"s3:GetObject", "arn:aws:s3:::b/alice/x", "aws:TagKeys", "abc")
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"iam:*","NotResource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01"}}}}`,
		"iam:PassRole", "*", "aws:CurrentTime", "1700000000")
	f.Fuzz(func(t *testing.T, doc, action, resource, key, value string) {
		p, err := policy.Parse("fuzz.json", []byte(doc))
		if err != nil {
			return
		}
		c, err := Compile(p)
		if err != nil {
			return
		}
		e := &Evaluator{Identity: []*Compiled{c}, Resource: c, Boundary: c, SCPs: [][]*Compiled{{c}}}
		for _, principal := range []string{user, session, "lambda.amazonaws.com", ""} {
			d := e.Evaluate(&Request{Principal: principal, Action: action, Resource: resource, Context: map[string][]string{key: {value}}})
			_ = d.Reason()
		}
	})
}
