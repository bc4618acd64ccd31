package lint_test

import (
	"fmt"

	"github.com/awssec/awssec/iam/lint"
	"github.com/awssec/awssec/iam/policy"
)

func Example() {
	p, err := policy.Parse("payroll.json", []byte(`{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Deny",
    "Action": "s3:*",
    "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]
  }
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range lint.Lint(p, policy.IdentityPolicy) {
		fmt.Printf("%s:%d:%d: %s %s: %s\n", p.Name, f.Pos.Line, f.Pos.Col, f.Class, f.ID, f.Message)
	}
	// Output:
	// payroll.json:1:1: suggestion iam-deny-only-policy: its only statement is a Deny: the policy grants nothing by itself, it only removes what other policies allow
	// payroll.json:6:5: warning iam-deny-notresource: Deny with NotResource denies "s3:*" on every resource except "arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*", including 15 actions that act on no resource (such as s3:ListAllMyBuckets, s3:ListAccessGrantsInstances, and 13 more) and so are denied everywhere
	// payroll.json:6:5: warning iam-notresource-bucket-objects: NotResource exempts objects of bucket "HRBucket" but not the bucket "arn:aws:s3:::HRBucket": bucket-level actions such as s3:ListBucket stay denied on it
	// payroll.json:6:21: warning iam-s3-bucket-name-case: bucket name "HRBucket" in "arn:aws:s3:::HRBucket/Payroll" has upper-case letters: bucket names are lower case and ARNs compare case-sensitively, so the exception excludes nothing and the deny applies to the real bucket "hrbucket" too
	// payroll.json:6:54: warning iam-s3-bucket-name-case: bucket name "HRBucket" in "arn:aws:s3:::HRBucket/Payroll/*" has upper-case letters: bucket names are lower case and ARNs compare case-sensitively, so the exception excludes nothing and the deny applies to the real bucket "hrbucket" too
}

func ExampleChecks() {
	n := map[lint.Class]int{}
	for _, c := range lint.Checks() {
		n[c.Class]++
	}
	fmt.Println(len(lint.Checks()) > 80, n[lint.Error] > 0, n[lint.SecurityWarning] > 0)
	// Output: true true true
}
