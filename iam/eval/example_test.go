package eval_test

import (
	"fmt"

	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

func ExampleEvaluate() {
	mfa, err := policy.Parse("mfa.json", []byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "DenyAllUsersNotUsingMFA",
    "Effect": "Deny",
    "NotAction": "iam:*",
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}`))
	if err != nil {
		panic(err)
	}
	admin, err := policy.Parse("AdministratorAccess", []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	if err != nil {
		panic(err)
	}
	p := &eval.Policies{Identity: []*policy.Policy{mfa, admin}}
	for _, action := range []string{"iam:CreateVirtualMFADevice", "s3:GetObject"} {
		d, err := eval.Evaluate(p, &eval.Request{
			Principal: "arn:aws:iam::111122223333:user/alice",
			Action:    action,
			Resource:  "*",
			// A long-term access key: no aws:MultiFactorAuthPresent at all.
		})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s: %s\n", action, d.Result, d.Reason())
	}
	// Output:
	// iam:CreateVirtualMFADevice: allow: allowed by identity policy AdministratorAccess statement 0; no explicit deny
	// s3:GetObject: explicit-deny: explicitly denied by identity policy mfa.json statement 0 (DenyAllUsersNotUsingMFA)
}
