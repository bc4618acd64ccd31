package checks

import (
	"errors"
	"strings"
	"testing"
)

const sampleEvent = `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"alice","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}},
"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"us-east-1",
"sourceIPAddress":"198.51.100.23","errorCode":"Client.UnauthorizedOperation","readOnly":false,"responseElements":null,
"latency":250,"resources":[{"ARN":"arn:aws:ec2:us-east-1:123456789012:security-group/sg-1","type":"AWS::EC2::SecurityGroup"}]}`

func TestFilterPatternMatch(t *testing.T) {
	cases := []struct {
		pattern string
		want    bool
	}{
		{``, true},
		{`{ $.eventName = "AuthorizeSecurityGroupIngress" }`, true},
		{`{ $.eventName = AuthorizeSecurityGroupIngress }`, true},
		{`{$.eventName=AuthorizeSecurityGroupIngress}`, true},
		{`{ $.eventName = "authorizesecuritygroupingress" }`, false}, // case-sensitive
		{`{ $.eventName = "Authorize*" }`, true},
		{`{ $.eventName = "*Ingress" }`, true},
		{`{ $.eventName = "*SecurityGroup*" }`, true},
		{`{ $.eventName = "Authorize*Egress" }`, false},
		{`{ $.errorCode = "*UnauthorizedOperation" }`, true},
		{`{ $.eventName != "AuthorizeSecurityGroupIngress" }`, false},
		{`{ $.eventName != "DeleteSecurityGroup" }`, true},
		{`{ $.missing != "x" }`, false}, // absent fields match no comparison
		{`{ $.missing NOT EXISTS }`, true},
		{`{ $.eventName NOT EXISTS }`, false},
		{`{ $.responseElements IS NULL }`, true},
		{`{ $.eventName IS NULL }`, false},
		{`{ $.readOnly IS FALSE }`, true},
		{`{ $.readOnly IS TRUE }`, false},
		{`{ $.latency > 200 }`, true},
		{`{ $.latency >= 250 && $.latency <= 250 }`, true},
		{`{ $.latency < 100 }`, false},
		{`{ $.latency = 250 }`, true},
		{`{ $.latency != 250 }`, false},
		{`{ $.userIdentity.sessionContext.attributes.mfaAuthenticated = "false" }`, true},
		{`{ $.resources[0].type = "AWS::EC2::SecurityGroup" }`, true},
		{`{ $.resources[1].type = "AWS::EC2::SecurityGroup" }`, false},
		{`{ $.sourceIPAddress = 198.51.100.* }`, true},
		{`{ $.eventName = %^Authorize.*Ingress$% }`, true},
		{`{ $.eventName = %Revoke% }`, false},
		{`{ ($.eventName = CreateNetworkAcl) || ($.eventName = AuthorizeSecurityGroupIngress) }`, true},
		{`{ ($.eventName = CreateNetworkAcl) || ($.eventName = DeleteNetworkAcl) }`, false},
		{`{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = AuthorizeSecurityGroupIngress)) }`, true},
		{`{ ($.eventSource = iam.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = AuthorizeSecurityGroupIngress)) }`, false},
		// && binds tighter than ||: A || (B && C).
		{`{ $.eventName = AuthorizeSecurityGroupIngress || $.eventName = X && $.eventSource = Y }`, true},
		{`{ ($.eventName = AuthorizeSecurityGroupIngress || $.eventName = X) && $.eventSource = Y }`, false},
		// Term patterns on the raw text.
		{`AuthorizeSecurityGroupIngress`, true},
		{`"Client.UnauthorizedOperation" alice`, true},
		{`AuthorizeSecurityGroupIngress bob`, false},
		{`?bob ?alice`, true},
		{`?bob ?carol`, false},
		{`alice -Unauthorized`, false},
	}
	for _, tc := range cases {
		p, err := ParseFilterPattern(tc.pattern)
		if err != nil {
			t.Errorf("ParseFilterPattern(%q): %v", tc.pattern, err)
			continue
		}
		if got := p.Match([]byte(sampleEvent)); got != tc.want {
			t.Errorf("%q matches the sample event = %t, want %t", tc.pattern, got, tc.want)
		}
	}
}

func TestFilterPatternJSONNeedsJSON(t *testing.T) {
	p, err := ParseFilterPattern(`{ $.eventName = X }`)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []string{`not json`, `["X"]`, `"X"`} {
		if p.Match([]byte(ev)) {
			t.Errorf("JSON pattern matched non-object event %s", ev)
		}
	}
}

func TestFilterPatternErrors(t *testing.T) {
	cases := []struct {
		pattern string
		col     int
		sub     string
		cause   error
	}{
		{`{ $.eventName = X `, 19, "expected && or || or }", ErrPatternSyntax},
		{`{ eventName = X }`, 3, "selector starting with $.", ErrPatternSyntax},
		{`{ $.eventName X }`, 15, "expected =", ErrPatternSyntax},
		{`{ $.eventName = }`, 17, "expected a value", ErrPatternSyntax},
		{`{ ($.a = 1 }`, 12, "expected )", ErrPatternSyntax},
		{`{ $.a = "open }`, 9, "unterminated quoted string", ErrPatternSyntax},
		{`{ $.a > abc }`, 12, "> needs a number", ErrPatternSyntax},
		{`{ $.a IS MAYBE }`, 10, "TRUE, FALSE or NULL", ErrPatternSyntax},
		{`{ $.a NOT THERE }`, 11, "EXISTS", ErrPatternSyntax},
		{`{ $.a = %[% }`, 9, "bad regular expression", ErrPatternSyntax},
		{`{ $.a = 1 } extra`, 13, "after }", ErrPatternSyntax},
		{`{ $.a[x] = 1 }`, 7, "array index", ErrPatternSyntax},
		{`[ip, user, ...]`, 1, "space-delimited", ErrPatternUnsupported},
		{`"unterminated`, 1, "unterminated", ErrPatternSyntax},
	}
	for _, tc := range cases {
		_, err := ParseFilterPattern(tc.pattern)
		var pe *FilterPatternError
		if !errors.As(err, &pe) {
			t.Errorf("ParseFilterPattern(%q) = %v, want a *FilterPatternError", tc.pattern, err)
			continue
		}
		if pe.Column != tc.col || !strings.Contains(pe.Error(), tc.sub) || !errors.Is(err, tc.cause) {
			t.Errorf("ParseFilterPattern(%q) = %q (column %d), want column %d, %q, cause %v", tc.pattern, pe.Error(), pe.Column, tc.col, tc.sub, tc.cause)
		}
	}
	deep := strings.Repeat("(", 200) + "$.a = 1" + strings.Repeat(")", 200)
	if _, err := ParseFilterPattern("{" + deep + "}"); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("deeply nested pattern: %v, want a nesting error", err)
	}
}

// TestCISPatternsMatchTheirEvents holds the sample events and the CIS
// patterns to each other: every control's own pattern must match every
// event the control's check requires, or the check could never pass.
func TestCISPatternsMatchTheirEvents(t *testing.T) {
	for _, c := range cloudwatchAlarmChecks {
		spec := alarmSpecs[c.ID]
		p, err := ParseFilterPattern(spec.pattern)
		if err != nil {
			t.Errorf("%s: CIS pattern: %v", c.ID, err)
			continue
		}
		for _, ev := range spec.events {
			if !p.match(ev.raw, ev.doc) {
				t.Errorf("%s: CIS pattern does not match %s", c.ID, ev.name)
			}
		}
		// A pattern for another event does not match.
		other, _ := ParseFilterPattern(`{ $.eventName = "GetCallerIdentity" }`)
		for _, ev := range spec.events {
			if other.match(ev.raw, ev.doc) {
				t.Errorf("%s: unrelated pattern matches %s", c.ID, ev.name)
			}
		}
	}
}

func FuzzParseFilterPattern(f *testing.F) {
	for _, s := range []string{``, `{ $.a = "x" }`, `{ ($.a = 1) || ($.b != *x*) && $.c NOT EXISTS }`, `?a -b "c d"`,
		`{ $.a[0].b IS TRUE }`, `{ $.a = %re% }`, `[a, b]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseFilterPattern(s)
		if err != nil {
			var pe *FilterPatternError
			if !errors.As(err, &pe) || pe.Column < 1 || pe.Column > len(s)+1 {
				t.Fatalf("ParseFilterPattern(%q): error %v without a column in range", s, err)
			}
			return
		}
		p.Match([]byte(sampleEvent))
		p.Match([]byte(s))
	})
}
