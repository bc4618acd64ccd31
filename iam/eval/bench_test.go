package eval

import (
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

const benchPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "EC2Read", "Effect": "Allow", "Action": ["ec2:Describe*", "ec2:Get*"], "Resource": "*"},
    {"Sid": "Logs", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:111122223333:log-group:app:*"},
    {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::hr-data/*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
  ]
}`

// BenchmarkEvaluateSimple decides a simple request against one
// precompiled identity policy of four statements, into a reused Decision:
// the hot path must not allocate.
func BenchmarkEvaluateSimple(b *testing.B) {
	e, err := New(&Policies{Identity: []*policy.Policy{parse(b, "bench.json", benchPolicy)}})
	if err != nil {
		b.Fatal(err)
	}
	r := &Request{Principal: user, Action: "s3:GetObject", Resource: "arn:aws:s3:::hr-data/reports/2024.csv"}
	var d Decision
	e.EvaluateInto(r, &d)
	if d.Result != Allow {
		b.Fatalf("bench request: %v: %s", d.Result, d.Reason())
	}
	b.ReportAllocs()
	for b.Loop() {
		e.EvaluateInto(r, &d)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// BenchmarkEvaluateConditions adds conditions, a boundary and a resource
// policy with a variable.
func BenchmarkEvaluateConditions(b *testing.B) {
	e, err := New(&Policies{
		Identity: []*policy.Policy{parse(b, "bench.json", benchPolicy), seed2(b)},
		Boundary: parse(b, "boundary.json", stmt("Allow", "", "s3:*", "*")),
		Resource: parse(b, "bucket.json", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*",
		  "Resource":"arn:aws:s3:::hr-data/*","Condition":{"Bool":{"aws:SecureTransport":"false"},"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},
		  "StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}}}}`),
	})
	if err != nil {
		b.Fatal(err)
	}
	r := &Request{Principal: user, Action: "s3:GetObject", Resource: "arn:aws:s3:::hr-data/reports/2024.csv",
		Context: map[string][]string{"aws:MultiFactorAuthPresent": {"true"}, "aws:SecureTransport": {"true"}, "aws:SourceIp": {"203.0.113.9"}}}
	var d Decision
	e.EvaluateInto(r, &d)
	if d.Result != Allow {
		b.Fatalf("bench request: %v: %s", d.Result, d.Reason())
	}
	b.ReportAllocs()
	for b.Loop() {
		e.EvaluateInto(r, &d)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

func seed2(b *testing.B) *policy.Policy {
	return parse(b, "mfa.json", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`)
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	e, err := New(&Policies{Identity: []*policy.Policy{parse(t, "bench.json", benchPolicy)}})
	if err != nil {
		t.Fatal(err)
	}
	r := &Request{Principal: user, Action: "s3:GetObject", Resource: "arn:aws:s3:::hr-data/reports/2024.csv"}
	var d Decision
	e.EvaluateInto(r, &d)
	if n := testing.AllocsPerRun(100, func() { e.EvaluateInto(r, &d) }); n != 0 {
		t.Errorf("EvaluateInto allocates %v times per run, want 0", n)
	}
}
