package explain_test

import (
	"fmt"

	"github.com/awssec/awssec/iam/explain"
	"github.com/awssec/awssec/iam/policy"
)

func ExampleExplain() {
	p, err := policy.Parse("payroll.json", []byte(`{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Deny",
    "Action": "s3:*",
    "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]
  }
}`))
	if err != nil {
		panic(err)
	}
	x := explain.Explain(p)
	fmt.Println(x.Statements[0].Summary)
	for _, c := range x.Consequences {
		fmt.Println(c.ID)
	}
	// Output:
	// Denies the 180 S3 actions (s3:*) on every resource except arn:aws:s3:::HRBucket/Payroll and arn:aws:s3:::HRBucket/Payroll/* (NotResource).
	// grants-nothing
	// takes-away
	// only-left
	// container-denied
	// account-level-denied
	// case-sensitive
	// other-namespace
	// s3-bucket-case
	// sibling-services
}
