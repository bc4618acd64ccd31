package policy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/awssec/awssec/internal/jsonerr"
)

// at builds the position of line:col in data, offset included, so that
// expected trees read as line:col yet compare exactly.
func at(data []byte, line, col int) Pos {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(data[off:]), '\n')
		if i < 0 {
			panic(fmt.Sprintf("no line %d", line))
		}
		off += i + 1
	}
	return Pos{Line: line, Col: col, Offset: int64(off + col - 1)}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The seed guide's two policies, parsed into exactly these trees.
func TestParseSeedPolicies(t *testing.T) {
	mfa := readTestdata(t, "mfa.json")
	payroll := readTestdata(t, "payroll.json")
	for _, tc := range []struct {
		file string
		data []byte
		want *Policy
	}{{
		file: "mfa.json",
		data: mfa,
		want: &Policy{
			Name: "mfa.json", Version: "2012-10-17", VersionPos: at(mfa, 2, 16), Pos: at(mfa, 1, 1),
			Statements: []*Statement{{
				Index: 0, Sid: "DenyAllUsersNotUsingMFA", Effect: Deny,
				NotAction: &Values{Single: true, Pos: at(mfa, 6, 22), KeyPos: at(mfa, 6, 9),
					Values: []Value{{S: "iam:*", Pos: at(mfa, 6, 22)}}},
				Resource: &Values{Single: true, Pos: at(mfa, 7, 21), KeyPos: at(mfa, 7, 9),
					Values: []Value{{S: "*", Pos: at(mfa, 7, 21)}}},
				Condition: []*Condition{{
					Operator: "BoolIfExists", Base: "Bool", IfExists: true, Set: NoSet,
					Key: "aws:MultiFactorAuthPresent", Pos: at(mfa, 8, 23), KeyPos: at(mfa, 9, 26),
					Values: &Values{Single: true, Pos: at(mfa, 9, 56), KeyPos: at(mfa, 9, 26),
						Values: []Value{{S: "false", Pos: at(mfa, 9, 56)}}},
				}},
				Pos: at(mfa, 3, 19), SidPos: at(mfa, 4, 16), EffectPos: at(mfa, 5, 19), ConditionPos: at(mfa, 8, 9),
			}},
		},
	}, {
		file: "payroll.json",
		data: payroll,
		want: &Policy{
			Name: "payroll.json", Version: "2012-10-17", VersionPos: at(payroll, 2, 16), Pos: at(payroll, 1, 1),
			Statements: []*Statement{{
				Effect: Deny,
				Action: &Values{Single: true, Pos: at(payroll, 5, 15), KeyPos: at(payroll, 5, 5),
					Values: []Value{{S: "s3:*", Pos: at(payroll, 5, 15)}}},
				NotResource: &Values{Pos: at(payroll, 6, 20), KeyPos: at(payroll, 6, 5),
					Values: []Value{
						{S: "arn:aws:s3:::HRBucket/Payroll", Pos: at(payroll, 7, 7)},
						{S: "arn:aws:s3:::HRBucket/Payroll/*", Pos: at(payroll, 8, 7)},
					}},
				Pos: at(payroll, 3, 18), EffectPos: at(payroll, 4, 15),
			}},
		},
	}} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := Parse(tc.file, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Parse (-want +got):\n%s", d)
			}
			for _, k := range []Kind{IdentityPolicy, SCP, BoundaryPolicy} {
				if errs := got.Check(k); errs != nil {
					t.Errorf("Check(%v) = %v, want none", k, errs)
				}
			}
		})
	}
}

// ignorePos compares trees by content.
var ignorePos = cmpopts.IgnoreTypes(Pos{})

func vals(single bool, s ...string) *Values {
	v := &Values{Single: single}
	for _, x := range s {
		v.Values = append(v.Values, Value{S: x})
	}
	return v
}

// TestParseForms covers every form each element takes.
func TestParseForms(t *testing.T) {
	const allowAll = `"Effect": "Allow", "Action": "*", "Resource": "*"`
	one := func(s *Statement) *Policy { return &Policy{Name: "p.json", Statements: []*Statement{s}} }
	for _, tc := range []struct {
		name, doc string
		want      *Policy
	}{
		{"minimal", `{"Statement": {` + allowAll + `}}`,
			one(&Statement{Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*")})},
		{"version 2008 and id", `{"Version": "2008-10-17", "Id": "my-policy", "Statement": [{` + allowAll + `}]}`,
			&Policy{Name: "p.json", Version: "2008-10-17", ID: "my-policy", Statements: []*Statement{
				{Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*")}}}},
		{"statement list", `{"Statement": [{"Sid": "A", ` + allowAll + `}, {"Sid": "B", "Effect": "Deny", "NotAction": ["s3:*", "ec2:Describe*"], "NotResource": "arn:aws:s3:::b/*"}]}`,
			&Policy{Name: "p.json", Statements: []*Statement{
				{Sid: "A", Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*")},
				{Index: 1, Sid: "B", Effect: Deny, NotAction: vals(false, "s3:*", "ec2:Describe*"), NotResource: vals(true, "arn:aws:s3:::b/*")}}}},
		{"empty statement list", `{"Statement": []}`, &Policy{Name: "p.json"}},
		{"API Gateway method path", `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/orders"}}`,
			one(&Statement{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: vals(true, "execute-api:Invoke"), Resource: vals(true, "execute-api:/prod/GET/orders")})},
		{"principal wildcard", `{"Statement": {"Principal": "*", ` + allowAll + `}}`,
			one(&Statement{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: vals(true, "*"), Resource: vals(true, "*")})},
		{"principal kinds", `{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root", "*"], "Service": "ec2.amazonaws.com", "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}, "Action": "s3:GetObject", "Resource": "*"}}`,
			one(&Statement{Effect: Deny, NotPrincipal: &Principal{Kinds: []PrincipalKind{
				{Kind: "AWS", Values: vals(false, "arn:aws:iam::111122223333:root", "*")},
				{Kind: "Service", Values: vals(true, "ec2.amazonaws.com")},
				{Kind: "Federated", Values: vals(true, "cognito-identity.amazonaws.com")},
				{Kind: "CanonicalUser", Values: vals(true, "79a59df900b949e55d96a1e698fbaced")},
			}}, Action: vals(true, "s3:GetObject"), Resource: vals(true, "*")})},
		{"trust policy without resource", `{"Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}`,
			one(&Statement{Effect: Allow, Principal: &Principal{Kinds: []PrincipalKind{{Kind: "Service", Values: vals(true, "lambda.amazonaws.com")}}},
				Action: vals(true, "sts:AssumeRole")})},
		{"resource forms", `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*", "arn:*:iam::*:role/a:b", "arn:aws:iam::${aws:PrincipalAccount}:user/x", "arn:aws:s3:::my file.txt"]}}`,
			one(&Statement{Effect: Allow, Action: vals(true, "s3:*"), Resource: vals(false,
				"arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*", "arn:*:iam::*:role/a:b", "arn:aws:iam::${aws:PrincipalAccount}:user/x", "arn:aws:s3:::my file.txt")})},
		{"escapes", `{"Statement": {"Sid": "\u0041\n", "Effect": "Allow", "Action": "s3:Get\u002a", "Resource": "*"}}`,
			one(&Statement{Sid: "A\n", Effect: Allow, Action: vals(true, "s3:Get*"), Resource: vals(true, "*")})},
		{"conditions", `{"Statement": {` + allowAll + `, "Condition": {
			"StringEquals": {"aws:username": "alice", "aws:PrincipalTag/team": ["a", "b"]},
			"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": []},
			"NumericLessThan": {"s3:max-keys": 10},
			"bool": {"aws:SecureTransport": false},
			"forallvalues:ArnNotLikeIFEXISTS": {"aws:SourceArn": [1.5, true]},
			"Null": {"aws:TokenIssueTime": "true"}}}}`,
			one(&Statement{Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*"), Condition: []*Condition{
				{Operator: "StringEquals", Base: "StringEquals", Key: "aws:username", Values: vals(true, "alice")},
				{Operator: "StringEquals", Base: "StringEquals", Key: "aws:PrincipalTag/team", Values: vals(false, "a", "b")},
				{Operator: "ForAnyValue:StringLikeIfExists", Base: "StringLike", IfExists: true, Set: ForAnyValue, Key: "aws:TagKeys", Values: &Values{}},
				{Operator: "NumericLessThan", Base: "NumericLessThan", Key: "s3:max-keys", Values: vals(true, "10")},
				{Operator: "bool", Base: "Bool", Key: "aws:SecureTransport", Values: vals(true, "false")},
				{Operator: "forallvalues:ArnNotLikeIFEXISTS", Base: "ArnNotLike", IfExists: true, Set: ForAllValues, Key: "aws:SourceArn", Values: vals(false, "1.5", "true")},
				{Operator: "Null", Base: "Null", Key: "aws:TokenIssueTime", Values: vals(true, "true")},
			}})},
		{"empty condition", `{"Statement": {` + allowAll + `, "Condition": {}}}`,
			one(&Statement{Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*")})},
		{"whitespace around", " \r\n\t{\"Statement\": {" + allowAll + "}}\n\n", one(&Statement{Effect: Allow, Action: vals(true, "*"), Resource: vals(true, "*")})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("p.json", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got, ignorePos); d != "" {
				t.Errorf("Parse (-want +got):\n%s", d)
			}
			checkPositions(t, []byte(tc.doc), got)
		})
	}
}

// checkPositions checks that every position of a tree is where its
// offset says, and that each points at what it names: a value's first
// byte, an opening brace, a member name's quote.
func checkPositions(t *testing.T, data []byte, p *Policy) {
	t.Helper()
	check := func(what string, pos Pos, want string) {
		t.Helper()
		if !pos.Valid() {
			t.Errorf("%s: no position", what)
			return
		}
		if line, col := jsonerr.LineCol(data, pos.Offset); line != pos.Line || col != pos.Col {
			t.Errorf("%s: position %d:%d, but offset %d is %d:%d", what, pos.Line, pos.Col, pos.Offset, line, col)
		}
		if c := data[pos.Offset]; !strings.ContainsRune(want, rune(c)) {
			t.Errorf("%s at %d:%d is %q, want one of %q", what, pos.Line, pos.Col, c, want)
		}
	}
	values := func(what string, v *Values, start string) {
		if v == nil {
			return
		}
		check(what, v.Pos, start)
		check(what+" name", v.KeyPos, `"`)
		for _, x := range v.Values {
			check(what+" value", x.Pos, `"0123456789-tf`)
		}
	}
	check("policy", p.Pos, "{")
	if p.Version != "" {
		check("Version", p.VersionPos, `"`)
	}
	if p.ID != "" {
		check("Id", p.IDPos, `"`)
	}
	for _, s := range p.Statements {
		check("statement", s.Pos, "{")
		check("Effect", s.EffectPos, `"`)
		if s.Sid != "" {
			check("Sid", s.SidPos, `"`)
		}
		for _, pr := range []*Principal{s.Principal, s.NotPrincipal} {
			if pr != nil {
				check("principal", pr.Pos, `"{`)
				check("principal name", pr.KeyPos, `"`)
				for _, k := range pr.Kinds {
					values("principal "+k.Kind, k.Values, `"[`)
				}
			}
		}
		values("Action", s.Action, `"[`)
		values("NotAction", s.NotAction, `"[`)
		values("Resource", s.Resource, `"[`)
		values("NotResource", s.NotResource, `"[`)
		if len(s.Condition) > 0 {
			check("Condition", s.ConditionPos, `"`)
		}
		for _, c := range s.Condition {
			check("operator", c.Pos, `"`)
			check("condition key", c.KeyPos, `"`)
			values("condition values", c.Values, `"[0123456789-tf`)
		}
	}
}

// TestParseErrors covers every error: one positioned line each, with its
// cause.
func TestParseErrors(t *testing.T) {
	const (
		st = `{"Version": "2012-10-17", "Statement": {` // statement members start at col 41
		ok = `"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"`
	)
	for _, tc := range []struct {
		name, doc string
		want      string // the message after "p.json:"
		cause     error
	}{
		// Not JSON.
		{"empty", "", `1:1: empty document: a policy is a JSON object`, ErrNotJSON},
		{"blank", " \n ", `1:1: empty document: a policy is a JSON object`, ErrNotJSON},
		{"truncated", "{\n  \"Statement\": {\"Effect\": \"Allow\"", `2:34: unexpected end of input: the document is truncated`, ErrNotJSON},
		{"truncated in string", `{"Statement": {"Eff`, `1:20: unexpected end of input: the document is truncated`, ErrNotJSON},
		{"bad character", "{\n  \"Statement\": x}", `2:16: not JSON: invalid character 'x' at start of value`, ErrNotJSON},
		{"trailing comma", `{"Statement": {` + ok + `,}}`, `1:76: not JSON: invalid character ',' at start of value`, ErrNotJSON},
		{"data after", `{"Statement": {` + ok + `}} {}`, `1:79: unexpected data after the policy document`, ErrNotJSON},
		{"garbage after", `{"Statement": {` + ok + `}} x`, `1:79: not JSON: invalid character 'x' at start of value`, ErrNotJSON},
		{"invalid UTF-8", "{\"Statement\": {\"Sid\": \"\xff\"}}", `1:24: not JSON: invalid UTF-8`, ErrNotJSON},
		{"byte order mark", "\xef\xbb\xbf{\"Statement\": []}", `1:1: not JSON: the document starts with a UTF-8 byte order mark; save it without one`, ErrNotJSON},
		{"syntax error after grammar error", `{"Foo": 1, "Statement": x}`, `1:25: not JSON: invalid character 'x' at start of value`, ErrNotJSON},
		// JSON, not a policy.
		{"array", `[{"Statement": []}]`, `1:1: a policy is a JSON object, not an array`, ErrNotPolicy},
		{"string", `"policy"`, `1:1: a policy is a JSON object, not a string`, ErrNotPolicy},
		{"no statement", `{"Version": "2012-10-17"}`, `1:1: missing "Statement": not an IAM policy`, ErrNotPolicy},
		{"unknown top-level", `{"Statement": [], "Foo": 1}`, `1:19: unknown element "Foo" (want one of Version, Id, Statement)`, ErrUnknownElement},
		{"top-level case", `{"statement": []}`, `1:2: unknown element "statement" (did you mean "Statement"? names are case-sensitive)`, ErrUnknownElement},
		{"statement element at top", `{"Effect": "Allow"}`, `1:2: unknown element "Effect" here: "Effect" belongs inside a statement`, ErrUnknownElement},
		{"unknown statement element", st + ok + `, "Actions": "s3:*"}}`, `1:103: unknown element "Actions" (want one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)`, ErrUnknownElement},
		{"statement element case", st + `"effect": "Allow"}}`, `1:41: unknown element "effect" (did you mean "Effect"? names are case-sensitive)`, ErrUnknownElement},
		{"top element in statement", st + `"Version": "2012-10-17"}}`, `1:41: unknown element "Version" here: "Version" belongs at the top level of the policy`, ErrUnknownElement},
		{"duplicate top", `{"Statement": [], "Statement": []}`, `1:19: duplicate "Statement"`, ErrDuplicate},
		{"duplicate in statement", st + ok + `, "Effect": "Deny"}}`, `1:103: duplicate "Effect"`, ErrDuplicate},
		{"duplicate condition key", st + ok + `, "Condition": {"Bool": {"aws:SecureTransport": "true", "aws:SecureTransport": "false"}}}}`, `1:157: duplicate "aws:SecureTransport"`, ErrDuplicate},
		// Version.
		{"bad version", `{"Version": "2012-10-18", "Statement": []}`, `1:13: "Version" must be "2012-10-17" or "2008-10-17", not "2012-10-18"`, ErrBadVersion},
		{"version number", `{"Version": 2012, "Statement": []}`, `1:13: "Version" must be a string, not a number`, ErrWrongType},
		{"id object", `{"Id": {}, "Statement": []}`, `1:8: "Id" must be a string, not an object`, ErrWrongType},
		// Statement.
		{"statement string", `{"Statement": "x"}`, `1:15: "Statement" must be an object or a list of objects, not a string`, ErrWrongType},
		{"statement list of arrays", `{"Statement": [[]]}`, `1:16: a statement must be an object, not an array`, ErrWrongType},
		{"sid number", st + `"Sid": 1}}`, `1:48: "Sid" must be a string, not a number`, ErrWrongType},
		// Effect.
		{"effect lower case", "{\"Statement\": [\n  {\n    \"Effect\": \"allow\"}]}", `3:15: "Effect" must be "Allow" or "Deny", not "allow"`, ErrBadEffect},
		{"effect null", st + `"Effect": null}}`, `1:51: "Effect" must be a string, not null`, ErrWrongType},
		{"missing effect", st + `"Action": "s3:*", "Resource": "*"}}`, `1:40: statement has no "Effect" ("Allow" or "Deny")`, ErrMissing},
		// Action.
		{"action and notaction", st + ok + `, "NotAction": "s3:*"}}`, `1:103: "Action" and "NotAction" in one statement: use one or the other`, ErrConflict},
		{"no action", st + `"Effect": "Allow", "Resource": "*"}}`, `1:40: statement has neither "Action" nor "NotAction"`, ErrMissing},
		{"action without prefix", st + `"Effect": "Allow", "Action": "GetObject"}}`, `1:70: action "GetObject" has no service prefix (like s3:GetObject)`, ErrBadAction},
		{"action in list without prefix", st + `"Effect": "Allow", "Action": ["s3:GetObject", "PutObject"]}}`, `1:87: action "PutObject" has no service prefix (like s3:GetObject)`, ErrBadAction},
		{"action empty prefix", st + `"Effect": "Allow", "Action": ":GetObject"}}`, `1:70: action ":GetObject" has an empty service prefix (like s3:GetObject)`, ErrBadAction},
		{"action no name", st + `"Effect": "Allow", "Action": "s3:"}}`, `1:70: action "s3:" has no action name after the service prefix (like s3:GetObject or s3:*)`, ErrBadAction},
		{"action two colons", st + `"Effect": "Allow", "Action": "s3:Get:Object"}}`, `1:70: action "s3:Get:Object" has more than one colon (like s3:GetObject)`, ErrBadAction},
		{"action space", st + `"Effect": "Allow", "Action": "s3:Get Object"}}`, `1:70: action "s3:Get Object" contains white space or a control character`, ErrBadAction},
		{"action object", st + `"Effect": "Allow", "Action": {"s3": "Get"}}}`, `1:70: "Action" must be a string or a list of strings, not an object`, ErrWrongType},
		{"action list of numbers", st + `"Effect": "Allow", "Action": ["s3:Get*", 1]}}`, `1:82: values of "Action" must be strings, not a number`, ErrWrongType},
		{"action empty list", st + `"Effect": "Allow", "Action": []}}`, `1:70: "Action" is an empty list`, ErrEmpty},
		// Resource.
		{"resource and notresource", st + ok + `, "NotResource": "*"}}`, `1:103: "Resource" and "NotResource" in one statement: use one or the other`, ErrConflict},
		{"resource not arn", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "HRBucket"}}`, `1:90: resource "HRBucket" is neither "*" nor an ARN (arn:partition:service:region:account:resource)`, ErrBadARN},
		{"resource short arn", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::"}}`, `1:90: resource "arn:aws:s3:::" has an empty resource part (arn:partition:service:region:account:resource)`, ErrBadARN},
		{"resource five parts", st + `"Effect": "Allow", "Action": "s3:*", "Resource": ["*", "arn:aws:s3::bucket"]}}`, `1:96: resource "arn:aws:s3::bucket" has 5 of the 6 parts of an ARN (arn:partition:service:region:account:resource)`, ErrBadARN},
		{"resource variable colons do not count", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:${aws:username}"}}`, `1:90: resource "arn:aws:s3:${aws:username}" has 4 of the 6 parts of an ARN (arn:partition:service:region:account:resource)`, ErrBadARN},
		{"resource no partition", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "arn::s3:::b"}}`, `1:90: resource "arn::s3:::b" has no partition (like arn:aws:…)`, ErrBadARN},
		{"resource no service", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws::::b"}}`, `1:90: resource "arn:aws::::b" has no service (like arn:aws:s3:…)`, ErrBadARN},
		{"resource upper-case ARN", st + `"Effect": "Allow", "Action": "s3:*", "Resource": "ARN:aws:s3:::b"}}`, `1:90: resource "ARN:aws:s3:::b" is neither "*" nor an ARN (arn:partition:service:region:account:resource)`, ErrBadARN},
		{"resource empty list", st + `"Effect": "Allow", "Action": "s3:*", "Resource": []}}`, `1:90: "Resource" is an empty list`, ErrEmpty},
		{"long value cut", st + `"Effect": "Allow", "Action": "` + strings.Repeat("x", 200) + `"}}`, `1:70: action "` + strings.Repeat("x", 80) + `"… has no service prefix (like s3:GetObject)`, ErrBadAction},
		// Principal.
		{"principal and notprincipal", st + ok + `, "Principal": "*", "NotPrincipal": "*"}}`, `1:121: "Principal" and "NotPrincipal" in one statement: use one or the other`, ErrConflict},
		{"principal string", st + ok + `, "Principal": "arn:aws:iam::111122223333:root"}}`, `1:116: "Principal" must be "*" or an object like {"AWS": "arn:aws:iam::111122223333:root"}, not "arn:aws:iam::111122223333:root"`, ErrBadPrincipal},
		{"principal list", st + ok + `, "Principal": ["*"]}}`, `1:116: "Principal" must be "*" or an object, not an array`, ErrWrongType},
		{"principal unknown kind", st + ok + `, "Principal": {"User": "x"}}}`, `1:117: unknown principal type "User" (want one of AWS, Service, Federated, CanonicalUser)`, ErrUnknownElement},
		{"principal kind case", st + ok + `, "Principal": {"aws": "x"}}}`, `1:117: unknown principal type "aws" (did you mean "AWS"? names are case-sensitive)`, ErrUnknownElement},
		{"principal empty", st + ok + `, "NotPrincipal": {}}}`, `1:119: "NotPrincipal" names no principal`, ErrEmpty},
		{"principal value object", st + ok + `, "Principal": {"AWS": {}}}}`, `1:124: "AWS" principals must be a string or a list of strings, not an object`, ErrWrongType},
		{"principal empty list", st + ok + `, "Principal": {"Service": []}}}`, `1:128: "Service" principals is an empty list`, ErrEmpty},
		// Condition.
		{"condition list", st + ok + `, "Condition": []}}`, `1:116: "Condition" must be an object like {"StringEquals": {"aws:username": "alice"}}, not an array`, ErrWrongType},
		{"unknown operator", st + ok + `, "Condition": {"StringEqual": {"aws:username": "a"}}}}`, `1:117: unknown condition operator "StringEqual" (did you mean "StringEquals"?)`, ErrBadOperator},
		{"unknown operator far", st + ok + `, "Condition": {"Matches": {"aws:username": "a"}}}}`, `1:117: unknown condition operator "Matches"`, ErrBadOperator},
		{"unknown set prefix", st + ok + `, "Condition": {"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}}}`, `1:117: unknown condition operator "ForSomeValues:StringEquals"`, ErrBadOperator},
		{"null if exists", st + ok + `, "Condition": {"NullIfExists": {"aws:username": "true"}}}}`, `1:117: condition operator "NullIfExists": Null takes no IfExists (it tests whether the key exists)`, ErrBadOperator},
		{"if exists alone", st + ok + `, "Condition": {"IfExists": {"aws:username": "true"}}}}`, `1:117: unknown condition operator "IfExists"`, ErrBadOperator},
		{"operator string", st + ok + `, "Condition": {"Bool": "true"}}}`, `1:125: condition operator "Bool" must hold an object of condition keys like {"aws:username": "alice"}, not a string`, ErrWrongType},
		{"operator no keys", st + ok + `, "Condition": {"Bool": {}}}}`, `1:117: condition operator "Bool" has no condition keys`, ErrEmpty},
		{"condition value object", st + ok + `, "Condition": {"StringEquals": {"aws:username": {"a": 1}}}}}`, `1:150: condition key "aws:username" must be a string, number or boolean, or a list of them, not an object`, ErrWrongType},
		{"condition value null", st + ok + `, "Condition": {"StringEquals": {"aws:username": null}}}}`, `1:150: condition key "aws:username" must be a string, number or boolean, or a list of them, not null`, ErrWrongType},
		{"condition list of lists", st + ok + `, "Condition": {"StringEquals": {"aws:username": ["a", ["b"]]}}}}`, `1:156: values of condition key "aws:username" must be strings, numbers or booleans, not an array`, ErrWrongType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("p.json", []byte(tc.doc))
			if err == nil {
				t.Fatalf("Parse = %+v, want error", p)
			}
			if got, want := err.Error(), "p.json:"+tc.want; got != want {
				t.Errorf("error\n got %s\nwant %s", got, want)
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("error %v is not %v", err, tc.cause)
			}
			var perr *ParseError
			if !errors.As(err, &perr) || perr.Line == 0 {
				t.Errorf("error %v is not a positioned *ParseError", err)
			}
		})
	}
}

func TestParseOperator(t *testing.T) {
	for _, base := range operators {
		for _, set := range []struct {
			prefix string
			set    SetOperator
		}{{"", NoSet}, {"ForAllValues:", ForAllValues}, {"ForAnyValue:", ForAnyValue}} {
			for _, ifExists := range []bool{false, true} {
				op := set.prefix + base
				if ifExists {
					op += "IfExists"
				}
				b, ie, s, err := ParseOperator(op)
				if base == "Null" && ifExists {
					if !errors.Is(err, ErrBadOperator) {
						t.Errorf("ParseOperator(%q) = %v, want ErrBadOperator", op, err)
					}
					continue
				}
				if err != nil || b != base || ie != ifExists || s != set.set {
					t.Errorf("ParseOperator(%q) = %q, %v, %v, %v; want %q, %v, %v", op, b, ie, s, err, base, ifExists, set.set)
				}
				// IAM matches operator names without regard to case.
				if b, _, _, err := ParseOperator(strings.ToUpper(op)); err != nil || b != base {
					t.Errorf("ParseOperator(%q) = %q, %v; want %q", strings.ToUpper(op), b, err, base)
				}
			}
		}
	}
	if n := len(Operators()); n != 27 {
		t.Errorf("%d operators, want 27", n)
	}
}

func TestSplitARN(t *testing.T) {
	for _, tc := range []struct {
		arn  string
		want [6]string
		ok   bool
	}{
		{"arn:aws:s3:::b/k:with:colons", [6]string{"arn", "aws", "s3", "", "", "b/k:with:colons"}, true},
		{"arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}", [6]string{"arn", "aws", "iam", "", "${aws:PrincipalAccount}", "user/${aws:username}"}, true},
		{"arn:aws:s3", [6]string{"arn", "aws", "s3"}, false},
		{"arn:aws:s3:${unclosed:x:y", [6]string{"arn", "aws", "s3", "${unclosed:x:y"}, false},
	} {
		got, ok := SplitARN(tc.arn)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SplitARN(%q) = %q, %v; want %q, %v", tc.arn, got, ok, tc.want, tc.ok)
		}
	}
}
