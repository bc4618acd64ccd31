package lint

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/iam/policy"
)

// checkCase is one hand-written check's test: bad triggers the check at its
// mark, good (a near miss) does not.
type checkCase struct {
	id        string
	kind      policy.Kind // zero: identity policy
	bad, good string
}

const (
	getObject = `"Action": "s3:GetObject"`
	allowS3   = `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"`
	root      = `"arn:aws:iam::111122223333:root"`
	gh        = `"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"`
)

// cond is an Allow of s3:GetObject on "*" with a condition.
func cond(c string) string {
	return `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + c + `}`
}

// deny is a Deny of everything but IAM with a condition.
func deny(c string) string {
	return `{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": ` + c + `}`
}

// trust is a trust statement.
func trust(principal, action, condition string) string {
	s := `{"Effect": "Allow", "Principal": ` + principal + `, "Action": ` + action
	if condition != "" {
		s += `, "Condition": ` + condition
	}
	return s + `}`
}

// res is a resource-policy statement of a queue.
func res(principal, condition string) string {
	s := `{"Effect": "Allow", "Principal": ` + principal + `, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"`
	if condition != "" {
		s += `, "Condition": ` + condition
	}
	return s + `}`
}

var checkCases = []checkCase{
	// Document.
	{id: "iam-element-missing", kind: policy.ResourcePolicy,
		bad:  pol(mark + allowS3 + `}`),
		good: pol(`{"Effect": "Allow", "Principal": {"AWS": ` + root + `}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)},
	{id: "iam-element-not-allowed",
		bad:  pol(`{"Effect": "Allow", ` + mark + `"Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-missing-version",
		bad:  mark + `{"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}`,
		good: pol(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`)},
	{id: "iam-old-version",
		bad:  `{"Version": ` + mark + `"2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}`,
		good: pol(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`)},
	{id: "iam-version-2008-variables",
		bad:  `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:aws:s3:::b/${aws:username}/*"}]}`,
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}`)},
	{id: "iam-duplicate-sid",
		bad:  pol(`{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`, `{"Sid": `+mark+`"A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}`),
		good: pol(`{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`, `{"Sid": "B", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}`)},
	{id: "iam-invalid-sid",
		bad:  pol(`{"Sid": ` + mark + `"allow read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`),
		good: pol(`{"Sid": "AllowRead", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-empty-condition",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", ` + mark + `"Condition": {}}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`)},
	{id: "iam-deny-only-policy",
		bad:  mark + pol(`{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}`),
		good: pol(`{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}`, `{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`)},
	{id: "iam-variable-in-action",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:Get${x}", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-variable-in-principal", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"AWS": `+mark+`"arn:aws:iam::111122223333:user/${aws:username}"}`, "")),
		good: pol(res(`{"AWS": "arn:aws:iam::111122223333:user/alice"}`, ""))},
	{id: "iam-unknown-variable",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:aws:s3:::b/${aws:usrname}/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}`)},

	// Catalogue.
	{id: "iam-unknown-service",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s4:GetObject", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-unknown-action",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:GetObjekt", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-action-pattern-matches-nothing",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:Gte*", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}`)},
	{id: "iam-action-case",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:getobject", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{id: "iam-wildcard-service-prefix",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"*:Get*", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}`)},
	{id: "iam-unknown-condition-key",
		bad:  pol(cond(`{"StringEquals": {` + mark + `"aws:SourceAcount": "111122223333"}}`)),
		good: pol(cond(`{"StringEquals": {"aws:SourceAccount": "111122223333"}}`))},
	{id: "iam-condition-key-wrong-service",
		bad:  pol(`{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {` + mark + `"s3:prefix": "home/"}}}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringEquals": {"s3:prefix": "home/"}}}`)},
	{id: "iam-condition-key-unsupported",
		bad:  pol(cond(`{"StringEquals": {` + mark + `"s3:prefix": "home/"}}`)),
		good: pol(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringEquals": {"s3:prefix": "home/"}}}`)},
	{id: "iam-condition-key-case",
		bad:  pol(cond(`{"StringEquals": {` + mark + `"aws:sourceaccount": "111122223333"}}`)),
		good: pol(cond(`{"StringEquals": {"aws:SourceAccount": "111122223333"}}`))},
	{id: "iam-action-resource-mismatch",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:GetObject", "Resource": "arn:aws:s3:::hrbucket"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hrbucket/*"}`)},
	{id: "iam-action-requires-star",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::b"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`)},
	{id: "iam-resource-unused",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", ` + mark + `"arn:aws:s3:::b"]}`),
		good: pol(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]}`)},
	{id: "iam-resource-unknown-service",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:aws:s4:::b/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)},
	{id: "iam-resource-matches-no-type",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:aws:s3:us-east-1::b/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)},
	{id: "iam-resource-unknown-partition",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:amazon:s3:::b/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-cn:s3:::b/*"}`)},
	{id: "iam-resource-bad-account",
		bad:  pol(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ` + mark + `"arn:aws:dynamodb:us-east-1:12345:table/t"}`),
		good: pol(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/t"}`)},
	{id: "iam-resource-bad-region",
		bad:  pol(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ` + mark + `"arn:aws:dynamodb:us-east1:111122223333:table/t"}`),
		good: pol(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:111122223333:table/t"}`)},
	{id: "iam-operator-key-type-mismatch",
		bad:  pol(cond(`{` + mark + `"NumericLessThan": {"aws:SourceIp": "5"}}`)),
		good: pol(cond(`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`))},
	{id: "iam-operator-key-type-inexact",
		bad:  pol(cond(`{` + mark + `"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}`)),
		good: pol(cond(`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`))},

	// Conditions.
	{id: "iam-operator-case",
		bad:  pol(cond(`{` + mark + `"stringEquals": {"aws:SourceAccount": "111122223333"}}`)),
		good: pol(cond(`{"StringEquals": {"aws:SourceAccount": "111122223333"}}`))},
	{id: "iam-condition-value-not-numeric",
		bad:  pol(cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": ` + mark + `"one hour"}}`)),
		good: pol(cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`))},
	{id: "iam-condition-value-not-date",
		bad:  pol(cond(`{"DateGreaterThan": {"aws:CurrentTime": ` + mark + `"yesterday"}}`)),
		good: pol(cond(`{"DateGreaterThan": {"aws:CurrentTime": "2026-01-31T00:00:00Z"}}`))},
	{id: "iam-condition-value-not-bool",
		bad:  pol(cond(`{"Bool": {"aws:SecureTransport": ` + mark + `"yes"}}`)),
		good: pol(cond(`{"Bool": {"aws:SecureTransport": true}}`))},
	{id: "iam-condition-value-not-ip",
		bad:  pol(cond(`{"IpAddress": {"aws:SourceIp": ` + mark + `"203.0.113.0/33"}}`)),
		good: pol(cond(`{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]}}`))},
	{id: "iam-condition-value-not-arn",
		bad:  pol(cond(`{"ArnLike": {"aws:SourceArn": ` + mark + `"my-bucket"}}`)),
		good: pol(cond(`{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket"}}`))},
	{id: "iam-condition-value-not-base64",
		bad:  pol(cond(`{"BinaryEquals": {"aws:RequestTag/blob": ` + mark + `"not base64!"}}`)),
		good: pol(cond(`{"BinaryEquals": {"aws:RequestTag/blob": "QmluYXJ5VmFsdWU="}}`))},
	{id: "iam-variable-in-typed-condition",
		bad:  pol(cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": ` + mark + `"${aws:username}"}}`)),
		good: pol(cond(`{"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}`))},
	{id: "iam-condition-empty-values",
		bad:  pol(cond(`{"StringEquals": {` + mark + `"aws:SourceAccount": []}}`)),
		good: pol(cond(`{"StringEquals": {"aws:SourceAccount": ["111122223333"]}}`))},
	{id: "iam-condition-duplicate-value",
		bad:  pol(cond(`{"StringEquals": {"aws:SourceAccount": ["111122223333", ` + mark + `"111122223333"]}}`)),
		good: pol(cond(`{"StringEquals": {"aws:SourceAccount": ["111122223333", "444455556666"]}}`))},
	{id: "iam-equals-with-wildcard",
		bad:  pol(cond(`{"StringEquals": {"aws:PrincipalArn": ` + mark + `"arn:aws:iam::*:role/admin"}}`)),
		good: pol(cond(`{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}`))},
	{id: "iam-like-without-wildcard",
		bad:  pol(cond(`{` + mark + `"StringLike": {"aws:PrincipalTag/team": "dev"}}`)),
		good: pol(cond(`{"StringLike": {"aws:PrincipalTag/team": "dev-*"}}`))},
	{id: "iam-bool-mfa-deny",
		bad:  pol(deny(`{` + mark + `"Bool": {"aws:MultiFactorAuthPresent": "false"}}`)),
		good: pol(deny(`{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}`))},
	{id: "iam-boolifexists-mfa-allow",
		bad:  pol(cond(`{` + mark + `"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}`)),
		good: pol(cond(`{"Bool": {"aws:MultiFactorAuthPresent": "true"}}`))},
	{id: "iam-mfa-age-deny-without-ifexists",
		bad:  pol(deny(`{` + mark + `"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}`)),
		good: pol(deny(`{"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}`))},
	{id: "iam-forallvalues-single-valued",
		bad:  pol(cond(`{` + mark + `"ForAllValues:StringEquals": {"aws:SourceAccount": "111122223333"}}`)),
		good: pol(cond(`{"ForAllValues:StringEquals": {"aws:TagKeys": "env"}}`))},
	{id: "iam-foranyvalue-single-valued",
		bad:  pol(cond(`{` + mark + `"ForAnyValue:StringEquals": {"aws:SourceAccount": "111122223333"}}`)),
		good: pol(cond(`{"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}`))},
	{id: "iam-forallvalues-allow-empty-set",
		bad:  pol(cond(`{` + mark + `"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}`)),
		good: pol(cond(`{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}}`))},
	{id: "iam-foranyvalue-deny",
		bad:  pol(deny(`{` + mark + `"ForAnyValue:StringEquals": {"aws:TagKeys": "owner"}}`)),
		good: pol(cond(`{"ForAnyValue:StringEquals": {"aws:TagKeys": "owner"}}`))},
	{id: "iam-set-operator-negated",
		bad:  pol(cond(`{` + mark + `"ForAnyValue:StringNotEquals": {"aws:TagKeys": "env"}}`)),
		good: pol(cond(`{"ForAllValues:StringNotEquals": {"aws:TagKeys": "env"}}`))},
	{id: "iam-null-value",
		bad:  pol(cond(`{"Null": {"aws:TokenIssueTime": ` + mark + `"yes"}}`)),
		good: pol(cond(`{"Null": {"aws:TokenIssueTime": "true"}}`))},
	{id: "iam-null-always-present",
		bad:  pol(cond(`{"Null": {` + mark + `"aws:CurrentTime": "true"}}`)),
		good: pol(cond(`{"Null": {"aws:TokenIssueTime": "true"}}`))},
	{id: "iam-null-set-operator",
		bad:  pol(cond(`{` + mark + `"ForAnyValue:Null": {"aws:TagKeys": "false"}}`)),
		good: pol(cond(`{"Null": {"aws:TagKeys": "false"}}`))},
	{id: "iam-ifexists-always-present",
		bad:  pol(cond(`{` + mark + `"BoolIfExists": {"aws:SecureTransport": "true"}}`)),
		good: pol(cond(`{"Bool": {"aws:SecureTransport": "true"}}`))},
	{id: "iam-sourceip-private-range",
		bad:  pol(cond(`{"IpAddress": {"aws:SourceIp": ` + mark + `"10.0.0.0/8"}}`)),
		good: pol(cond(`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`))},
	{id: "iam-securetransport-inverted",
		bad:  pol(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ` + mark + `"true"}}}`),
		good: pol(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`)},

	// Statements.
	{id: "iam-allow-notaction",
		bad:  pol(`{"Effect": "Allow", ` + mark + `"NotAction": "iam:*", "Resource": "*"}`),
		good: pol(`{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}`)},
	{id: "iam-allow-notresource",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", ` + mark + `"NotResource": "arn:aws:s3:::secret/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}`)},
	{id: "iam-deny-notresource",
		bad:  pol(`{"Effect": "Deny", "Action": "s3:*", ` + mark + `"NotResource": ["arn:aws:s3:::hr", "arn:aws:s3:::hr/*"]}`),
		good: pol(`{"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::hr", "arn:aws:s3:::hr/*"]}`)},
	{id: "iam-notresource-bucket-objects",
		bad:  pol(`{"Effect": "Deny", "Action": "s3:*", ` + mark + `"NotResource": ["arn:aws:s3:::hrbucket/Payroll", "arn:aws:s3:::hrbucket/Payroll/*"]}`),
		good: pol(`{"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::hrbucket", "arn:aws:s3:::hrbucket/Payroll/*"]}`)},
	{id: "iam-s3-bucket-name-case",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + mark + `"arn:aws:s3:::HRBucket/*"}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hrbucket/Payroll/*"}`)},
	{id: "iam-deny-notaction-exempts",
		bad:  pol(`{"Effect": "Deny", ` + mark + `"NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}`),
		good: pol(`{"Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}`)},
	{id: "iam-duplicate-statement",
		bad:  pol(allowS3+`}`, mark+`{"Effect": "Allow", "Resource": "arn:aws:s3:::b/*", "Action": "s3:GetObject"}`),
		good: pol(allowS3+`}`, `{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}`)},
	{id: "iam-redundant-statement",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}`, mark+allowS3+`}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`, allowS3+`}`)},
	{id: "iam-duplicate-action",
		bad:  pol(`{"Effect": "Allow", "Action": ["s3:GetObject", ` + mark + `"s3:getobject"], "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}`)},
	{id: "iam-redundant-action",
		bad:  pol(`{"Effect": "Allow", "Action": ["s3:Get*", ` + mark + `"s3:GetObject"], "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "*"}`)},
	{id: "iam-overlapping-action-wildcards",
		bad:  pol(`{"Effect": "Allow", "Action": ["s3:*", ` + mark + `"s3:Get*"], "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}`)},
	{id: "iam-duplicate-resource",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", ` + mark + `"arn:aws:s3:::b/*"]}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/*"]}`)},
	{id: "iam-redundant-resource",
		bad:  pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", ` + mark + `"arn:aws:s3:::b/report.csv"]}`),
		good: pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/report.csv"]}`)},
	{id: "iam-duplicate-principal", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"AWS": [`+root+`, `+mark+root+`]}`, "")),
		good: pol(res(`{"AWS": [`+root+`, "arn:aws:iam::444455556666:root"]}`, ""))},
	{id: "iam-allow-shadowed-by-deny",
		bad:  pol(mark+allowS3+`}`, `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`),
		good: pol(allowS3+`}`, `{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`)},
	{id: "iam-full-admin",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"*", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}`)},
	{id: "iam-service-wildcard-on-star",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"ec2:*", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"}`)},
	{id: "iam-passrole-star",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"iam:PassRole", "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}`)},
	{id: "iam-passrole-no-service-condition",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `"iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}`),
		good: pol(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}`)},
	{id: "iam-write-on-star",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `["dynamodb:*"], "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": ["dynamodb:Get*", "dynamodb:Query"], "Resource": "*"}`)},
	{id: "iam-permissions-management-on-star",
		bad:  pol(`{"Effect": "Allow", "Action": ` + mark + `["s3:PutBucketPolicy"], "Resource": "*"}`),
		good: pol(`{"Effect": "Allow", "Action": ["s3:PutBucketPolicy"], "Resource": "arn:aws:s3:::b"}`)},

	// Principals.
	{id: "iam-wildcard-principal", kind: policy.ResourcePolicy,
		bad:  pol(res(mark+`"*"`, "")),
		good: pol(res(`"*"`, `{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`))},
	{id: "iam-trust-wildcard-principal", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"AWS": `+mark+`"*"}`, `"sts:AssumeRole"`, "")),
		good: pol(trust(`{"AWS": "*"}`, `"sts:AssumeRole"`, `{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`))},
	{id: "iam-service-principal-no-source", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"Service": `+mark+`"sns.amazonaws.com"}`, "")),
		good: pol(res(`{"Service": "sns.amazonaws.com"}`, `{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}`))},
	{id: "iam-trust-service-no-source", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"Service": `+mark+`"lambda.amazonaws.com"}`, `"sts:AssumeRole"`, "")),
		good: pol(trust(`{"Service": "lambda.amazonaws.com"}`, `"sts:AssumeRole"`, `{"StringEquals": {"aws:SourceAccount": "111122223333"}}`))},
	{id: "iam-trust-account-root", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"AWS": `+mark+root+`}`, `"sts:AssumeRole"`, "")),
		good: pol(trust(`{"AWS": `+root+`}`, `"sts:AssumeRole"`, `{"StringEquals": {"sts:ExternalId": "d41d8cd9"}}`))},
	{id: "iam-trust-oidc-unrestricted", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"Federated": `+mark+gh+`}`, `"sts:AssumeRoleWithWebIdentity"`, `{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}`)),
		good: pol(trust(`{"Federated": `+gh+`}`, `"sts:AssumeRoleWithWebIdentity"`, `{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}`))},
	{id: "iam-trust-oidc-wildcard-sub", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"Federated": `+gh+`}`, `"sts:AssumeRoleWithWebIdentity"`, `{"StringLike": {"token.actions.githubusercontent.com:sub": `+mark+`"repo:*"}}`)),
		good: pol(trust(`{"Federated": `+gh+`}`, `"sts:AssumeRoleWithWebIdentity"`, `{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}`))},
	{id: "iam-invalid-aws-principal", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"AWS": `+mark+`"alice"}`, "")),
		good: pol(res(`{"AWS": "arn:aws:iam::111122223333:user/alice"}`, ""))},
	{id: "iam-invalid-service-principal", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"Service": `+mark+`"sns"}`, `{"StringEquals": {"aws:SourceAccount": "111122223333"}}`)),
		good: pol(res(`{"Service": "sns.amazonaws.com"}`, `{"StringEquals": {"aws:SourceAccount": "111122223333"}}`))},
	{id: "iam-principal-arn-wildcard", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"AWS": `+mark+`"arn:aws:iam::111122223333:role/dev-*"}`, "")),
		good: pol(res(`{"AWS": "arn:aws:iam::111122223333:role/dev-app"}`, ""))},
	{id: "iam-principal-deleted", kind: policy.ResourcePolicy,
		bad:  pol(res(`{"AWS": `+mark+`"AROAEXAMPLEID12345678"}`, "")),
		good: pol(res(`{"AWS": "arn:aws:iam::111122223333:role/app"}`, ""))},
	{id: "iam-notprincipal", kind: policy.ResourcePolicy,
		bad:  pol(`{"Effect": "Deny", ` + mark + `"NotPrincipal": {"AWS": ` + root + `}, "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}`),
		good: pol(`{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"ArnNotEquals": {"aws:PrincipalArn": ` + root + `}}}`)},
	{id: "iam-trust-action", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"AWS": `+root+`}`, mark+`"s3:GetObject"`, "")),
		good: pol(trust(`{"AWS": `+root+`}`, `"sts:AssumeRole"`, ""))},
	{id: "iam-trust-action-principal-mismatch", kind: policy.TrustPolicy,
		bad:  pol(trust(`{"Federated": `+gh+`}`, mark+`"sts:AssumeRole"`, "")),
		good: pol(trust(`{"Federated": `+gh+`}`, `"sts:AssumeRoleWithWebIdentity"`, ""))},
}

func TestChecks(t *testing.T) {
	for _, tc := range checkCases {
		t.Run(tc.id, func(t *testing.T) {
			kind := tc.kind
			if kind == 0 {
				kind = policy.IdentityPolicy
			}
			p, at := parseMarked(t, tc.bad)
			if !at.Valid() {
				t.Fatal("bad policy has no mark")
			}
			all := Lint(p, kind)
			got := withID(all, tc.id)
			found := false
			for _, f := range got {
				if f.Pos.Line == at.Line && f.Pos.Col == at.Col {
					found = true
				}
				if f.Message == "" || f.Fix == "" {
					t.Errorf("finding without message or fix: %v", f)
				}
			}
			if !found {
				t.Errorf("bad: want %s at %d:%d; got%s", tc.id, at.Line, at.Col, dump(all))
			}
			p, _ = parseMarked(t, tc.good)
			if got := withID(Lint(p, kind), tc.id); len(got) > 0 {
				t.Errorf("good: want no %s; got%s", tc.id, dump(got))
			}
		})
	}
}

// TestEveryCheckTested fails when a check has no test case.
func TestEveryCheckTested(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range checkCases {
		if tested[tc.id] {
			t.Errorf("two cases for %s", tc.id)
		}
		tested[tc.id] = true
	}
	for _, r := range riskRules {
		tested[r.id] = true // TestRiskRules
	}
	for _, e := range escalations {
		tested[e.CheckID()] = true // TestEscalations
	}
	ids := map[string]bool{}
	for _, c := range Checks() {
		if !tested[c.ID] {
			t.Errorf("check %s has no test case", c.ID)
		}
		ids[c.ID] = true
	}
	for id := range tested {
		if !ids[id] {
			t.Errorf("test case for unknown check %s", id)
		}
	}
}

func TestCheckMetadata(t *testing.T) {
	all := Checks()
	if len(all) < 80+40 {
		t.Errorf("%d checks, want at least 80 plus 40 escalation methods", len(all))
	}
	hand := len(all) - len(escalations)
	if hand < 80 {
		t.Errorf("%d checks besides escalation methods, want at least 80", hand)
	}
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.ID] {
			t.Errorf("duplicate id %s", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasPrefix(c.ID, "iam-") || strings.ToLower(c.ID) != c.ID || strings.ContainsAny(c.ID, " _") {
			t.Errorf("id %q: want iam-lower-kebab-case", c.ID)
		}
		switch c.Class {
		case Error, SecurityWarning, Warning, Suggestion:
		default:
			t.Errorf("%s: class %q", c.ID, c.Class)
		}
		if c.Severity.String() == "" || c.Severity < 1 || c.Severity > 5 {
			t.Errorf("%s: severity %v", c.ID, c.Severity)
		}
		if c.Title == "" || c.Explanation == "" || c.run == nil {
			t.Errorf("%s: missing title, explanation or function", c.ID)
		}
	}
}
