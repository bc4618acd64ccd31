package mutelist

import (
	"errors"
	"testing"

	"github.com/awssec/awssec/finding"
)

// FuzzParse feeds arbitrary bytes to the parser: it must return a
// mutelist or a positioned error, never panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"mutes:\n  - check: s3-*\n    reason: r\n    expires: 2027-01-01\n    tags: {a: b*}\n",
		"mutes:\n  - check: \"[\"\n",
		"mutes: &a [*a]\n",
		"mutes:\n  - check: x\n    reason: r\n    resource: \"{a,b\"\n",
		"a: b\n---\nc: d\n",
		"mutes:\n\t- x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ml, err := Parse("f.yaml", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		fs := []finding.Finding{{CheckID: "s3-x", Status: finding.Fail, Account: "1", Region: "r", ResourceID: "id"}}
		ml.Apply(fs, nil, now)
	})
}
