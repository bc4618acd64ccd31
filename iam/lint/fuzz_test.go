package lint

import (
	"os"
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// FuzzLint lints whatever parses, as every policy type: the linter reads
// untrusted policies and must neither panic nor report a finding without a
// known check, a position or a message.
func FuzzLint(f *testing.F) {
	for _, file := range []string{"testdata/seed-mfa.json", "testdata/seed-payroll.json"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, tc := range checkCases[:20] {
		f.Add([]byte(tc.good))
	}
	f.Add([]byte(fiftyStatements()))
	ids := map[string]bool{}
	for _, c := range Checks() {
		ids[c.ID] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzz.json", data)
		if err != nil {
			return
		}
		for _, kind := range append(policy.Kinds(), 0) {
			for _, fd := range Lint(p, kind) {
				if !ids[fd.ID] || !fd.Pos.Valid() || fd.Message == "" {
					t.Fatalf("bad finding %+v", fd)
				}
			}
		}
	})
}
