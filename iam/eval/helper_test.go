package eval

import (
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// parse reads a policy fixture with the real parser.
func parse(t testing.TB, name, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, []byte(doc))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return p
}

// compile parses and compiles a fixture.
func compile(t testing.TB, name, doc string) *Compiled {
	t.Helper()
	c, err := Compile(parse(t, name, doc))
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return c
}

// condPolicy wraps a Condition element in an Allow-everything policy of
// the given version.
func condPolicy(version, condition string) string {
	return `{"Version":"` + version + `","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + condition + `}}`
}
