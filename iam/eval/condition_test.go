package eval

import (
	"errors"
	"testing"
)

type condCase struct {
	name string
	cond string              // the Condition element
	ctx  map[string][]string // the request context
	want bool
}

// ctx builds a context of single-valued keys: ctx("k", "v", "k2", "v2").
func ctx(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

func runConds(t *testing.T, version string, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := compile(t, "cond.json", condPolicy(version, tc.cond))
			r := &Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "*", Context: tc.ctx}
			st := newState(r)
			if got := c.stmts[0].conditionsMatch(&st); got != tc.want {
				t.Errorf("condition %s with context %v = %v, want %v", tc.cond, tc.ctx, got, tc.want)
			}
		})
	}
}

// String operators. IAM User Guide, condition operators: StringEquals is
// "Exact matching, case sensitive"; StringEqualsIgnoreCase "Exact matching,
// ignoring case"; StringLike "Case-sensitive matching. The values can
// include multi-character match wildcards (*) and single-character match
// wildcards (?) anywhere in the string."
func TestStringOperators(t *testing.T) {
	runConds(t, "2012-10-17", []condCase{
		{"StringEquals match", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, ctx("aws:PrincipalTag/team", "blue"), true},
		{"StringEquals case differs", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, ctx("aws:PrincipalTag/team", "Blue"), false},
		{"StringEquals no match", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, ctx("aws:PrincipalTag/team", "red"), false},
		// "If the key that you specify in a policy condition is not present
		// in the request context, the values do not match and the condition
		// is false."
		{"StringEquals absent", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, nil, false},
		{"StringEquals star is literal", `{"StringEquals":{"aws:PrincipalTag/team":"b*"}}`, ctx("aws:PrincipalTag/team", "blue"), false},
		// "If a single condition operator includes multiple values for a
		// context key, those values are evaluated using a logical OR."
		{"StringEquals multi-value OR", `{"StringEquals":{"aws:PrincipalTag/team":["red","blue"]}}`, ctx("aws:PrincipalTag/team", "blue"), true},
		// "Condition key names are not case-sensitive."
		{"key case-insensitive", `{"StringEquals":{"AWS:PRINCIPALTAG/TEAM":"blue"}}`, ctx("aws:principaltag/team", "blue"), true},
		{"StringNotEquals match", `{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}`, ctx("aws:PrincipalTag/team", "red"), true},
		{"StringNotEquals no match", `{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}`, ctx("aws:PrincipalTag/team", "blue"), false},
		// "If a single negated matching condition operator includes multiple
		// values for a context key, those values are evaluated using a
		// logical NOR."
		{"StringNotEquals NOR", `{"StringNotEquals":{"aws:PrincipalTag/team":["red","blue"]}}`, ctx("aws:PrincipalTag/team", "blue"), false},
		{"StringNotEquals NOR none", `{"StringNotEquals":{"aws:PrincipalTag/team":["red","blue"]}}`, ctx("aws:PrincipalTag/team", "green"), true},
		// "If the policy condition requires that the key is not matched, such
		// as StringNotLike or ArnNotLike, and the right key is not present,
		// the condition is true."
		{"StringNotEquals absent", `{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}`, nil, true},
		{"StringEqualsIgnoreCase match", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, ctx("aws:PrincipalTag/team", "blue"), true},
		{"StringEqualsIgnoreCase no match", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, ctx("aws:PrincipalTag/team", "red"), false},
		{"StringEqualsIgnoreCase absent", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, nil, false},
		{"StringNotEqualsIgnoreCase match", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, ctx("aws:PrincipalTag/team", "red"), true},
		{"StringNotEqualsIgnoreCase no match", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, ctx("aws:PrincipalTag/team", "Blue"), false},
		{"StringNotEqualsIgnoreCase absent", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, nil, true},
		{"StringLike star", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "home/alice/x"), true},
		{"StringLike question", `{"StringLike":{"s3:prefix":"v?"}}`, ctx("s3:prefix", "v2"), true},
		{"StringLike case-sensitive", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "HOME/alice"), false},
		{"StringLike no match", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "tmp/x"), false},
		{"StringLike absent", `{"StringLike":{"s3:prefix":"home/*"}}`, nil, false},
		{"StringNotLike match", `{"StringNotLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "tmp/x"), true},
		{"StringNotLike no match", `{"StringNotLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "home/x"), false},
		{"StringNotLike absent", `{"StringNotLike":{"s3:prefix":"home/*"}}`, nil, true},
		// "…IfExists: If the policy key is present in the context of the
		// request, process the key as specified in the policy. If the key is
		// not present, evaluate the condition element as true."
		{"StringEqualsIfExists absent", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, nil, true},
		{"StringEqualsIfExists present match", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, ctx("ec2:InstanceType", "t3.micro"), true},
		{"StringEqualsIfExists present no match", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, ctx("ec2:InstanceType", "m5.large"), false},
		// For a negated operator IfExists changes nothing on absence: both
		// forms are true when the key is missing.
		{"StringNotEqualsIfExists absent", `{"StringNotEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, nil, true},
		{"StringNotEqualsIfExists present", `{"StringNotEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, ctx("ec2:InstanceType", "t3.micro"), false},
		// "If your policy statement has multiple context keys attached to a
		// single condition operator, the context keys are evaluated using a
		// logical AND."
		{"two keys AND both", `{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalTag/env":"prod"}}`, ctx("aws:PrincipalTag/team", "blue", "aws:PrincipalTag/env", "prod"), true},
		{"two keys AND one", `{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalTag/env":"prod"}}`, ctx("aws:PrincipalTag/team", "blue", "aws:PrincipalTag/env", "dev"), false},
		// "If your policy statement has multiple condition operators, the
		// condition operators are evaluated using a logical AND."
		{"two operators AND", `{"StringEquals":{"aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:PrincipalTag/team", "blue", "aws:SecureTransport", "false"), false},
		{"two operators both", `{"StringEquals":{"aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:PrincipalTag/team", "blue", "aws:SecureTransport", "true"), true},
	})
}

// Set operators. IAM User Guide, "Set operators for multivalued context
// keys": ForAllValues "returns true if every context key value in the
// request matches at least one context key value in the policy. It also
// returns true if there are no context keys in the request"; ForAnyValue
// "returns true if any one of the context key values in the request
// matches any one of the context key values in the policy. For context
// keys that … [are absent] returns false".
func TestSetOperators(t *testing.T) {
	tags := func(v ...string) map[string][]string { return map[string][]string{"aws:TagKeys": v} }
	runConds(t, "2012-10-17", []condCase{
		{"ForAllValues all in", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, tags("a", "b"), true},
		{"ForAllValues one out", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, tags("a", "c"), false},
		// The documented trap: no tags at all passes ForAllValues.
		{"ForAllValues absent is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, nil, true},
		{"ForAllValues empty is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, tags(), true},
		{"ForAllValues StringLike", `{"ForAllValues:StringLike":{"aws:TagKeys":"team-*"}}`, tags("team-a", "team-b"), true},
		{"ForAllValues StringNotEquals", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, tags("a", "b"), true},
		{"ForAllValues StringNotEquals hit", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, tags("a", "secret"), false},
		{"ForAnyValue one in", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, tags("x", "a"), true},
		{"ForAnyValue none in", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, tags("x", "y"), false},
		{"ForAnyValue absent is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, nil, false},
		{"ForAnyValue empty is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, tags(), false},
		{"ForAnyValue IfExists absent", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}}`, nil, true},
		{"ForAnyValue StringNotEquals", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}`, tags("a", "b"), true},
		{"ForAnyValue StringNotEquals all listed", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}`, tags("a"), false},
		// Without a set operator, a multivalued key matches when any value
		// does (positive) and when none does (negated).
		{"no set multi positive", `{"StringEquals":{"aws:TagKeys":"a"}}`, tags("x", "a"), true},
		{"no set multi negated", `{"StringNotEquals":{"aws:TagKeys":"a"}}`, tags("x", "a"), false},
	})
}

// Numeric operators: "NumericEquals Matching; NumericNotEquals Negated
// matching; NumericLessThan 'Less than' matching; …".
func TestNumericOperators(t *testing.T) {
	k := "s3:max-keys"
	runConds(t, "2012-10-17", []condCase{
		{"Equals", `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx(k, "10"), true},
		{"Equals decimal", `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx(k, "10.0"), true},
		{"Equals no", `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx(k, "11"), false},
		{"Equals absent", `{"NumericEquals":{"s3:max-keys":"10"}}`, nil, false},
		{"Equals not a number", `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx(k, "ten"), false},
		{"NotEquals", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, ctx(k, "11"), true},
		{"NotEquals no", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, ctx(k, "10"), false},
		{"NotEquals absent", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, nil, true},
		{"LessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx(k, "9"), true},
		{"LessThan equal", `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx(k, "10"), false},
		{"LessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx(k, "10"), true},
		{"LessThanEquals no", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx(k, "11"), false},
		{"GreaterThan", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, ctx(k, "11"), true},
		{"GreaterThan no", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, ctx(k, "10"), false},
		{"GreaterThanEquals", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, ctx(k, "10"), true},
		{"GreaterThanEquals no", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, ctx(k, "9.5"), false},
		{"LessThanIfExists absent", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, nil, true},
		{"multi-value OR", `{"NumericEquals":{"s3:max-keys":["5","10"]}}`, ctx(k, "5"), true},
	})
}

// Date operators: "Date condition operators let you construct Condition
// elements that restrict access based on comparing a key to a date/time
// value" — ISO 8601 dates or epoch (UNIX) times.
func TestDateOperators(t *testing.T) {
	k := "aws:CurrentTime"
	runConds(t, "2012-10-17", []condCase{
		{"Equals ISO", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "2024-01-01T00:00:00Z"), true},
		{"Equals ISO vs epoch", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "1704067200"), true},
		{"Equals epoch policy", `{"DateEquals":{"aws:EpochTime":"1704067200"}}`, ctx("aws:EpochTime", "2024-01-01T00:00:00Z"), true},
		{"Equals offset", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T01:00:00+01:00"}}`, ctx(k, "2024-01-01T00:00:00Z"), true},
		{"Equals date only", `{"DateEquals":{"aws:CurrentTime":"2024-01-01"}}`, ctx(k, "2024-01-01T00:00:00Z"), true},
		{"Equals no", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "2024-01-02T00:00:00Z"), false},
		{"Equals absent", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, nil, false},
		{"Equals not a date", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "yesterday"), false},
		{"NotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "2024-01-02T00:00:00Z"), true},
		{"NotEquals no", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, ctx(k, "2024-01-01T00:00:00Z"), false},
		{"NotEquals absent", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, nil, true},
		{"LessThan", `{"DateLessThan":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-05-31T23:59:59Z"), true},
		{"LessThan no", `{"DateLessThan":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:00Z"), false},
		{"LessThanEquals", `{"DateLessThanEquals":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:00Z"), true},
		{"LessThanEquals no", `{"DateLessThanEquals":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:01Z"), false},
		{"GreaterThan", `{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:01Z"), true},
		{"GreaterThan no", `{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:00Z"), false},
		{"GreaterThanEquals", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-06-01T00:00:00Z"), true},
		{"GreaterThanEquals no", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, ctx(k, "2024-05-01T00:00:00Z"), false},
		{"GreaterThanIfExists absent", `{"DateGreaterThanIfExists":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}`, nil, true},
		{"fractional seconds", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00.000Z"}}`, ctx(k, "2024-01-01T00:00:00Z"), true},
	})
}

// Bool: "Boolean matching"; the seed's MFA policy relies on it.
// BinaryEquals "compares the value of the specified key byte for byte
// against a base-64 encoded representation of the binary value in the
// policy". Null: "Use a Null condition operator to check if a condition key
// is absent at the time of authorization. In the policy statement, use
// either true (the key doesn't exist — it is null) or false (the key
// exists and its value is not null)."
func TestBoolBinaryNull(t *testing.T) {
	runConds(t, "2012-10-17", []condCase{
		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:SecureTransport", "true"), true},
		{"Bool case", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:SecureTransport", "TRUE"), true},
		{"Bool false", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:SecureTransport", "false"), false},
		{"Bool absent", `{"Bool":{"aws:SecureTransport":"false"}}`, nil, false},
		{"Bool not a bool", `{"Bool":{"aws:SecureTransport":"false"}}`, ctx("aws:SecureTransport", "no"), false},
		{"BoolIfExists absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true},
		{"BoolIfExists present true", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctx("aws:MultiFactorAuthPresent", "true"), false},
		{"BoolIfExists present false", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctx("aws:MultiFactorAuthPresent", "false"), true},
		{"BinaryEquals", `{"BinaryEquals":{"k":"QmluYXJ5VmFsdWU="}}`, ctx("k", "QmluYXJ5VmFsdWU="), true},
		{"BinaryEquals no", `{"BinaryEquals":{"k":"QmluYXJ5VmFsdWU="}}`, ctx("k", "T3RoZXI="), false},
		{"BinaryEquals absent", `{"BinaryEquals":{"k":"QmluYXJ5VmFsdWU="}}`, nil, false},
		{"BinaryEquals not base64", `{"BinaryEquals":{"k":"QmluYXJ5VmFsdWU="}}`, ctx("k", "!!"), false},
		{"BinaryEqualsIfExists absent", `{"BinaryEqualsIfExists":{"k":"QmluYXJ5VmFsdWU="}}`, nil, true},
		{"Null true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"Null true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx("aws:TokenIssueTime", "2024-01-01T00:00:00Z"), false},
		{"Null false present", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctx("aws:TokenIssueTime", "2024-01-01T00:00:00Z"), true},
		{"Null false absent", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, false},
		{"Null empty set is null", `{"Null":{"aws:TagKeys":"true"}}`, map[string][]string{"aws:TagKeys": {}}, true},
	})
}

// IpAddress: "The specified IP address or range"; NotIpAddress: "All IP
// addresses except the specified IP address or range"; "Values use the
// standard CIDR format", and IPv6 is supported.
func TestIPOperators(t *testing.T) {
	k := "aws:SourceIp"
	runConds(t, "2012-10-17", []condCase{
		{"v4 in CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "203.0.113.7"), true},
		{"v4 out", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "198.51.100.7"), false},
		{"v4 single", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, ctx(k, "203.0.113.7"), true},
		{"v4 single /32", `{"IpAddress":{"aws:SourceIp":"203.0.113.7/32"}}`, ctx(k, "203.0.113.8"), false},
		{"v4 unmasked CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.9/24"}}`, ctx(k, "203.0.113.200"), true},
		{"v6 in", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ctx(k, "2001:db8:1234::1"), true},
		{"v6 out", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ctx(k, "2001:db9::1"), false},
		{"v4-mapped v6", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "::ffff:203.0.113.7"), true},
		{"v4 vs v6 range", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ctx(k, "203.0.113.7"), false},
		{"list OR", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}`, ctx(k, "2001:db8::5"), true},
		{"absent", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, false},
		{"not an address", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "vpce-123"), false},
		{"Not in", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "198.51.100.7"), true},
		{"Not out", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx(k, "203.0.113.7"), false},
		{"Not NOR", `{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}`, ctx(k, "10.1.2.3"), false},
		{"Not absent", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, true},
		{"IfExists absent", `{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, true},
	})
}

// ARN operators: "ArnEquals, ArnLike: Case-sensitive matching of the ARN.
// Each of the six colon-delimited components of the ARN is checked
// separately and each can include multi-character match wildcards (*) or
// single-character match wildcards (?)."
func TestARNOperators(t *testing.T) {
	k := "aws:SourceArn"
	topic := "arn:aws:sns:us-east-1:111122223333:alerts"
	runConds(t, "2012-10-17", []condCase{
		{"Equals exact", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:alerts"}}`, ctx(k, topic), true},
		{"Equals wildcard", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, ctx(k, topic), true},
		{"Like region glob", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-*-1:111122223333:alerts"}}`, ctx(k, topic), true},
		{"Like case-sensitive", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:Alerts"}}`, ctx(k, topic), false},
		// A mid-field * stays in its field: "us-*-1" cannot swallow the
		// account's colon.
		{"Like mid-field star stays in field", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-*3:alerts"}}`, ctx(k, topic), false},
		{"Like other account", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:444455556666:*"}}`, ctx(k, topic), false},
		{"Like absent", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, nil, false},
		{"Like not an ARN", `{"ArnLike":{"aws:SourceArn":"*"}}`, ctx(k, "not-an-arn"), false},
		{"NotEquals", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:444455556666:*"}}`, ctx(k, topic), true},
		{"NotEquals no", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, ctx(k, topic), false},
		{"NotLike", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:444455556666:*"}}`, ctx(k, topic), true},
		{"NotLike absent", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:444455556666:*"}}`, nil, true},
		{"LikeIfExists absent", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*:444455556666:*"}}`, nil, true},
		{"ForAnyValue ArnLike", `{"ForAnyValue:ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}}`,
			map[string][]string{"aws:PrincipalArn": {"arn:aws:iam::1:user/x", "arn:aws:iam::1:role/admin-a"}}, true},
	})
}

// Policy variables. IAM User Guide, policy variables: "you can use
// policy variables in the Resource element and in string comparisons in
// the Condition element"; "${*}, ${?}, ${$}" stand for the literal
// characters; "${aws:username, 'anonymous'}" gives a default; and "You
// must … set the Version element to 2012-10-17 … Earlier versions of the
// policy language don't support policy variables. If you don't include
// the Version element … variables like ${aws:username} aren't recognized
// as variables and are instead treated as literal strings".
func TestConditionVariables(t *testing.T) {
	runConds(t, "2012-10-17", []condCase{
		{"var equals", `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, ctx("s3:prefix", "home/alice"), true},
		{"var equals other", `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, ctx("s3:prefix", "home/bob"), false},
		{"var like", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, ctx("s3:prefix", "home/alice/a/b"), true},
		{"principal tag", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`, ctx("aws:ResourceTag/team", "blue", "aws:PrincipalTag/team", "blue"), true},
		{"principal tag absent", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`, ctx("aws:ResourceTag/team", "blue"), false},
		// An unresolved variable makes even a negated operator false.
		{"negated unresolved", `{"StringNotEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`, ctx("aws:ResourceTag/team", "blue"), false},
		{"default", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/dept, 'none'}"}}`, ctx("s3:prefix", "none"), true},
		{"literal star", `{"StringLike":{"s3:prefix":"a${*}b"}}`, ctx("s3:prefix", "a*b"), true},
		{"literal star not a wildcard", `{"StringLike":{"s3:prefix":"a${*}b"}}`, ctx("s3:prefix", "axxb"), false},
		{"literal question", `{"StringEquals":{"s3:prefix":"what${?}"}}`, ctx("s3:prefix", "what?"), true},
		{"literal dollar", `{"StringEquals":{"s3:prefix":"${$}5"}}`, ctx("s3:prefix", "$5"), true},
		// A variable's value is literal: a user named "*" is no wildcard.
		{"value is literal", `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}"}}`, ctx("s3:prefix", "anything", "aws:PrincipalTag/p", "*"), false},
		{"arn var", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, ctx("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:t"), true},
	})
	// 2008-10-17: the same text is literal.
	runConds(t, "2008-10-17", []condCase{
		{"2008 literal", `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, ctx("s3:prefix", "home/${aws:username}"), true},
		{"2008 not substituted", `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, ctx("s3:prefix", "home/alice"), false},
	})
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ cond, want string }{
		{`{"NumericEquals":{"k":"ten"}}`, `cond.json:1:117: bad condition value: NumericEquals: "ten" is not a number`},
		{`{"DateEquals":{"k":"soon"}}`, `cond.json:1:114: bad condition value: DateEquals: "soon" is not an ISO 8601 date or epoch time`},
		{`{"IpAddress":{"k":"10.0.0.0/33"}}`, `cond.json:1:113: bad condition value: IpAddress: "10.0.0.0/33" is not an IP address or CIDR`},
		{`{"Bool":{"k":"yes"}}`, `cond.json:1:108: bad condition value: Bool: "yes" is not "true" or "false"`},
		{`{"BinaryEquals":{"k":"!!"}}`, `cond.json:1:116: bad condition value: BinaryEquals: "!!" is not base64`},
	} {
		_, err := Compile(parse(t, "cond.json", condPolicy("2012-10-17", tc.cond)))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %s", tc.cond, err, tc.want)
		}
		if !errors.Is(err, ErrBadValue) {
			t.Errorf("%s: %v is not ErrBadValue", tc.cond, err)
		}
	}
}
