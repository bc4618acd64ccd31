package policy_test

import (
	"fmt"

	"github.com/awssec/awssec/iam/policy"
)

func ExampleParse() {
	doc := []byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "DenyAllUsersNotUsingMFA",
    "Effect": "Deny",
    "NotAction": "iam:*",
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}`)
	p, err := policy.Parse("mfa.json", doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range p.Statements {
		fmt.Printf("%s %s: NotAction %v on %v\n", s.Sid, s.Effect, s.NotAction.Strings(), s.Resource.Strings())
		for _, c := range s.Condition {
			fmt.Printf("  %d:%d %s (IfExists %v) %s = %v\n", c.Pos.Line, c.Pos.Col, c.Base, c.IfExists, c.Key, c.Values.Strings())
		}
	}
	fmt.Println(p.Check(policy.ResourcePolicy))

	_, err = policy.Parse("bad.json", []byte(`{"Statement": {"Effect": "allow", "Action": "s3:*"}}`))
	fmt.Println(err)
	// Output:
	// DenyAllUsersNotUsingMFA Deny: NotAction [iam:*] on [*]
	//   8:19 Bool (IfExists true) aws:MultiFactorAuthPresent = [false]
	// [mfa.json:3:17: statement has neither "Principal" nor "NotPrincipal": a resource policy names who it applies to]
	// bad.json:1:26: "Effect" must be "Allow" or "Deny", not "allow"
}
