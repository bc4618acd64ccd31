package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// fiftyStatements is a 50-statement identity policy mixing what policies
// hold: literal and wildcard actions, object and bucket ARNs, conditions.
func fiftyStatements() string {
	stmts := make([]string, 50)
	for i := range stmts {
		switch i % 5 {
		case 0:
			stmts[i] = fmt.Sprintf(`{"Sid": "Read%d", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::bucket-%d", "arn:aws:s3:::bucket-%d/*"]}`, i, i, i)
		case 1:
			stmts[i] = fmt.Sprintf(`{"Sid": "Ec2%d", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-%d"}}}`, i, i%3+1)
		case 2:
			stmts[i] = fmt.Sprintf(`{"Sid": "Table%d", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/t%d"}`, i, i)
		case 3:
			stmts[i] = fmt.Sprintf(`{"Sid": "Pass%d", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-%d", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}`, i, i)
		case 4:
			stmts[i] = fmt.Sprintf(`{"Sid": "Deny%d", "Effect": "Deny", "NotAction": ["iam:ChangePassword", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "IpAddress": {"aws:SourceIp": "203.0.113.%d/32"}}}`, i, i)
		}
	}
	return "{\"Version\": \"2012-10-17\", \"Statement\": [\n" + strings.Join(stmts, ",\n") + "\n]}"
}

func BenchmarkLint50(b *testing.B) {
	p, err := policy.Parse("bench.json", []byte(fiftyStatements()))
	if err != nil {
		b.Fatal(err)
	}
	Lint(p, policy.IdentityPolicy) // load the catalogue outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Lint(p, policy.IdentityPolicy)
	}
}
