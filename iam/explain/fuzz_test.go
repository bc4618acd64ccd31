package explain

import (
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// FuzzExplain: any policy the parser accepts is explained without a
// panic. Explain reads untrusted ARNs and condition values to build its
// probes (format regexps, case flips, samples), so they are fuzzed too.
func FuzzExplain(f *testing.F) {
	for _, s := range []string{
		`{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::HRBucket/Payroll/*"]}}`,
		`{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}}`,
		`{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/${x}"}, "Action": "s?:Get*", "Resource": "arn:aws:s3:::a/b:c/*?",
		  "Condition": {"ForAllValues:DateLessThan": {"aws:CurrentTime": "2020-01-01"}, "NotIpAddress": {"aws:SourceIp": "::1/128"}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzz.json", data)
		if err != nil {
			return
		}
		x := Explain(p)
		if len(x.Statements) != len(p.Statements) {
			t.Fatalf("%d statements described of %d", len(x.Statements), len(p.Statements))
		}
	})
}
