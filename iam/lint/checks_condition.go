package lint

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// Checks of Condition elements: operators, values, and the traps of
// …IfExists, set operators and Null.
var conditionChecks = []*Check{
	{
		ID: "iam-operator-case", Class: Warning, Severity: finding.Low,
		Title:       "A condition operator spelt in another case than AWS's",
		Explanation: `AWS documents condition operators in one spelling ("StringEquals", "ForAnyValue:StringLike"); "stringequals" is accepted by some tools and refused by others, and reads as a typo.`,
		run: func(l *linter, c *Check) {
			seen := map[policy.Pos]bool{}
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					want := canonicalOperator(cond)
					if cond.Operator != want && !seen[cond.Pos] {
						seen[cond.Pos] = true
						l.add(c, s, cond.Pos, fmt.Sprintf("condition operator %q is spelt %q by AWS", cond.Operator, want), fmt.Sprintf("write %q", want))
					}
				}
			}
		},
	},
	valueCheck("iam-condition-value-not-numeric", famNumeric, "a number", "write a number such as 3600",
		func(v string) bool { _, err := strconv.ParseFloat(v, 64); return err == nil }),
	valueCheck("iam-condition-value-not-date", famDate, "a date (ISO 8601, like 2026-01-31T00:00:00Z, or epoch seconds)", "write the date as 2026-01-31T00:00:00Z",
		isDate),
	valueCheck("iam-condition-value-not-bool", famBool, `"true" or "false"`, `write "true" or "false"`,
		func(v string) bool { return strings.EqualFold(v, "true") || strings.EqualFold(v, "false") }),
	valueCheck("iam-condition-value-not-ip", famIP, "an IP address or CIDR block", "write a CIDR block such as 203.0.113.0/24 or 2001:db8::/32",
		func(v string) bool {
			if _, err := netip.ParsePrefix(v); err == nil {
				return true
			}
			_, err := netip.ParseAddr(v)
			return err == nil
		}),
	valueCheck("iam-condition-value-not-arn", famArn, "an ARN", "write a full ARN such as arn:aws:iam::111122223333:role/name (wildcards allowed)",
		func(v string) bool {
			if v == "*" {
				return true
			}
			_, ok := policy.SplitARN(v)
			return ok && strings.HasPrefix(v, "arn:")
		}),
	valueCheck("iam-condition-value-not-base64", famBinary, "base64-encoded bytes", "encode the bytes in base64",
		func(v string) bool { _, err := base64.StdEncoding.DecodeString(v); return err == nil }),
	{
		ID: "iam-variable-in-typed-condition", Class: Error, Severity: finding.Medium,
		Title:       "A policy variable in a numeric, date, boolean, IP or binary condition",
		Explanation: `Policy variables are substituted in string and ARN condition values only; elsewhere the value is the literal text "${…}", which is not a valid number, date or address.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if fam := operatorFamily(cond.Base); fam == famString || fam == famArn || fam == famNull {
						continue
					}
					for _, v := range cond.Values.Values {
						if hasVariable(v.S) {
							l.add(c, s, v.Pos, fmt.Sprintf("%s does not substitute the policy variable in %q", cond.Operator, v.S), "write a literal value")
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-condition-empty-values", Class: Warning, Severity: finding.Medium,
		Title:       "A condition key with an empty list of values",
		Explanation: `A condition with no values matches no request (a negated operator matches every request), which is rarely what was meant.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if len(cond.Values.Values) == 0 {
						l.add(c, s, cond.KeyPos, fmt.Sprintf("condition %s on %q has no values", cond.Operator, cond.Key), "list the values, or remove the condition")
					}
				}
			}
		},
	},
	{
		ID: "iam-condition-duplicate-value", Class: Suggestion, Severity: finding.Info,
		Title:       "A condition value listed twice",
		Explanation: `The values of a condition key are alternatives (OR); listing one twice changes nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					seen := map[string]bool{}
					for _, v := range cond.Values.Values {
						if seen[v.S] {
							l.add(c, s, v.Pos, fmt.Sprintf("value %q of %q is listed twice", v.S, cond.Key), "remove the duplicate")
						}
						seen[v.S] = true
					}
				}
			}
		},
	},
	{
		ID: "iam-equals-with-wildcard", Class: Warning, Severity: finding.Medium,
		Title:       "A wildcard in a StringEquals value",
		Explanation: `StringEquals compares literally: "*" and "?" are ordinary characters, so "arn:aws:iam::*:role/x" matches only that exact text. StringLike treats them as wildcards.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if !strings.HasPrefix(cond.Base, "String") || strings.Contains(cond.Base, "Like") {
						continue
					}
					for _, v := range cond.Values.Values {
						if hasWildcard(strings.NewReplacer("${*}", "", "${?}", "").Replace(v.S)) {
							like := strings.Replace(cond.Base, "Equals", "Like", 1)
							like = strings.Replace(like, "IgnoreCase", "", 1)
							l.add(c, s, v.Pos, fmt.Sprintf("%s compares %q literally: its wildcard matches only the character itself", cond.Operator, v.S),
								fmt.Sprintf("use %s for wildcards", like))
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-like-without-wildcard", Class: Suggestion, Severity: finding.Info,
		Title:       "StringLike without a wildcard",
		Explanation: `With no "*" or "?" in its values, StringLike is StringEquals; saying StringEquals tells the reader no pattern is meant.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.Base != "StringLike" && cond.Base != "StringNotLike" || len(cond.Values.Values) == 0 {
						continue
					}
					wild := false
					for _, v := range cond.Values.Values {
						wild = wild || hasWildcard(v.S)
					}
					if !wild {
						eq := strings.Replace(cond.Base, "Like", "Equals", 1)
						l.add(c, s, cond.Pos, fmt.Sprintf("%s on %q has no wildcard in its values", cond.Operator, cond.Key), fmt.Sprintf("use %s", eq))
					}
				}
			}
		},
	},
	{
		ID: "iam-bool-mfa-deny", Class: SecurityWarning, Severity: finding.High,
		Title:       "Deny on aws:MultiFactorAuthPresent false with Bool, not BoolIfExists",
		Explanation: `Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key at all. Bool on an absent key is false, so "Deny unless MFA" written with Bool does not deny them: a leaked access key passes. BoolIfExists treats the absent key as matching, and denies them too.`,
		run: func(l *linter, c *Check) {
			l.eachMFA(func(s *policy.Statement, cond *policy.Condition, v policy.Value) {
				if s.Effect == policy.Deny && cond.Base == "Bool" && !cond.IfExists && strings.EqualFold(v.S, "false") {
					l.add(c, s, cond.Pos, `Deny with Bool {"aws:MultiFactorAuthPresent": "false"} does not match requests without the key, so long-term access keys are not denied`,
						`use "BoolIfExists" so that requests without the key are denied too`)
				}
			})
		},
	},
	{
		ID: "iam-boolifexists-mfa-allow", Class: SecurityWarning, Severity: finding.High,
		Title:       "Allow on aws:MultiFactorAuthPresent true with BoolIfExists",
		Explanation: `BoolIfExists matches when the key is absent, and requests signed with long-term access keys carry no aws:MultiFactorAuthPresent: "Allow only with MFA" written with BoolIfExists allows them without MFA. Bool requires the key to be present and true.`,
		run: func(l *linter, c *Check) {
			l.eachMFA(func(s *policy.Statement, cond *policy.Condition, v policy.Value) {
				if s.Effect == policy.Allow && cond.Base == "Bool" && cond.IfExists && strings.EqualFold(v.S, "true") {
					l.add(c, s, cond.Pos, `Allow with BoolIfExists {"aws:MultiFactorAuthPresent": "true"} also allows requests without the key: long-term access keys, without MFA`,
						`use "Bool" so that only requests authenticated with MFA are allowed`)
				}
			})
		},
	},
	{
		ID: "iam-mfa-age-deny-without-ifexists", Class: SecurityWarning, Severity: finding.Medium,
		Title:       "Deny on aws:MultiFactorAuthAge without IfExists",
		Explanation: `aws:MultiFactorAuthAge is present only when MFA was used. "Deny when the MFA is older than N seconds" written without IfExists does not match requests without MFA at all, so they are not denied.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if s.Effect == policy.Deny && strings.EqualFold(cond.Key, "aws:MultiFactorAuthAge") && strings.HasPrefix(cond.Base, "NumericGreaterThan") && !cond.IfExists {
						l.add(c, s, cond.Pos, fmt.Sprintf("Deny with %s on aws:MultiFactorAuthAge does not match requests made without MFA, which carry no such key", cond.Operator),
							fmt.Sprintf("use %sIfExists", cond.Base))
					}
				}
			}
		},
	},
	{
		ID: "iam-forallvalues-single-valued", Class: Warning, Severity: finding.Medium,
		Title:       "ForAllValues with a single-valued key",
		Explanation: `ForAllValues and ForAnyValue are for keys with several values (aws:TagKeys, aws:CalledVia). On a single-valued key ForAllValues is also true when the key is absent, which turns a restriction into a grant.`,
		run: func(l *linter, c *Check) {
			l.eachSetOnSingle(policy.ForAllValues, c)
		},
	},
	{
		ID: "iam-foranyvalue-single-valued", Class: Warning, Severity: finding.Low,
		Title:       "ForAnyValue with a single-valued key",
		Explanation: `ForAnyValue is for keys with several values; on a single-valued key it behaves as the plain operator, except that it is false when the key is absent, which readers rarely expect.`,
		run: func(l *linter, c *Check) {
			l.eachSetOnSingle(policy.ForAnyValue, c)
		},
	},
	{
		ID: "iam-forallvalues-allow-empty-set", Class: SecurityWarning, Severity: finding.Medium,
		Title:       "Allow with ForAllValues and no check that the key is present",
		Explanation: `ForAllValues is true when the request has no value for the key (the empty set): "Allow only for these tag keys" also allows requests with no tags at all. Add a Null condition ("key": "false") to require the key.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow {
					continue
				}
				for _, cond := range s.Condition {
					if cond.Set == policy.ForAllValues && !requiresPresent(s, cond.Key) {
						l.add(c, s, cond.Pos, fmt.Sprintf("%s on %q is also true when the request has no %s values, so the Allow applies to requests without the key", cond.Operator, cond.Key, cond.Key),
							fmt.Sprintf(`add "Null": {%q: "false"} to the statement's conditions`, cond.Key))
					}
				}
			}
		},
	},
	{
		ID: "iam-foranyvalue-deny", Class: SecurityWarning, Severity: finding.Medium,
		Title:       "Deny with ForAnyValue misses requests without the key",
		Explanation: `ForAnyValue is false when the request has no value for the key, so a Deny that uses it does not apply to requests without the key: a request that leaves out the tags escapes the deny.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Deny {
					continue
				}
				for _, cond := range s.Condition {
					if cond.Set == policy.ForAnyValue {
						l.add(c, s, cond.Pos, fmt.Sprintf("Deny with %s on %q does not apply to requests that carry no %s values", cond.Operator, cond.Key, cond.Key),
							fmt.Sprintf(`deny requests without the key too, in a statement with "Null": {%q: "true"}`, cond.Key))
					}
				}
			}
		},
	},
	{
		ID: "iam-set-operator-negated", Class: Warning, Severity: finding.Medium,
		Title:       "ForAnyValue with a negated operator",
		Explanation: `ForAnyValue:StringNotEquals is true when at least one value differs from every listed value, not when none is listed: a request with one allowed and one forbidden value matches. ForAllValues:StringNotEquals is what "none of these" means.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.Set == policy.ForAnyValue && negated(cond.Base) {
						l.add(c, s, cond.Pos, fmt.Sprintf("%s on %q is true when any one value is not listed, even if others are", cond.Operator, cond.Key),
							fmt.Sprintf("use ForAllValues:%s for \"none of these values\"", cond.Base))
					}
				}
			}
		},
	},
	{
		ID: "iam-null-value", Class: Error, Severity: finding.Medium,
		Title:       `A Null condition with a value other than "true" or "false"`,
		Explanation: `Null tests whether a key is absent ("true") or present ("false"); any other value makes the condition meaningless.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.Base != "Null" {
						continue
					}
					for _, v := range cond.Values.Values {
						if !strings.EqualFold(v.S, "true") && !strings.EqualFold(v.S, "false") {
							l.add(c, s, v.Pos, fmt.Sprintf(`Null on %q takes "true" (key absent) or "false" (key present), not %q`, cond.Key, v.S),
								fmt.Sprintf(`to compare the key's value, use StringEquals; to require the key, write "Null": {%q: "false"}`, cond.Key))
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-null-always-present", Class: Warning, Severity: finding.Low,
		Title:       "A Null condition on a key every request has",
		Explanation: `Some keys are in every request (aws:CurrentTime, aws:SecureTransport, aws:PrincipalArn); Null on them is constant, so the condition either never or always matches.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.Base == "Null" && alwaysPresent(cond.Key, l.kind) {
						l.add(c, s, cond.KeyPos, fmt.Sprintf("every request has %q, so Null on it is constant", cond.Key), "remove the condition, or test a key that can be absent")
					}
				}
			}
		},
	},
	{
		ID: "iam-null-set-operator", Class: Warning, Severity: finding.Low,
		Title:       "Null with ForAllValues or ForAnyValue",
		Explanation: `Null tests whether the key is present; a set qualifier adds nothing and makes its meaning unclear.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.Base == "Null" && cond.Set != policy.NoSet {
						l.add(c, s, cond.Pos, fmt.Sprintf("%s: Null takes no set qualifier", cond.Operator), `write "Null"`)
					}
				}
			}
		},
	},
	{
		ID: "iam-ifexists-always-present", Class: Suggestion, Severity: finding.Info,
		Title:       "…IfExists on a key every request has",
		Explanation: `…IfExists only matters when the key can be absent; on aws:SecureTransport or aws:PrincipalArn it changes nothing and suggests a doubt that is not there.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if cond.IfExists && alwaysPresent(cond.Key, l.kind) {
						l.add(c, s, cond.Pos, fmt.Sprintf("%s: every request has %q, so IfExists changes nothing", cond.Operator, cond.Key), fmt.Sprintf("write %q", strings.TrimSuffix(canonicalOperator(cond), "IfExists")))
					}
				}
			}
		},
	},
	{
		ID: "iam-sourceip-private-range", Class: Warning, Severity: finding.Medium,
		Title:       "aws:SourceIp with a private address range",
		Explanation: `aws:SourceIp holds the public address a request comes from; requests through a VPC endpoint or from AWS services carry no private address in it. To allow a VPC, test aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if !strings.EqualFold(cond.Key, "aws:SourceIp") || operatorFamily(cond.Base) != famIP {
						continue
					}
					for _, v := range cond.Values.Values {
						if privateRange(v.S) {
							l.add(c, s, v.Pos, fmt.Sprintf("%q is a private range: aws:SourceIp never holds it for requests through a VPC endpoint", v.S),
								"test aws:VpcSourceIp (with aws:SourceVpc) for private addresses, or aws:SourceVpce for an endpoint")
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-securetransport-inverted", Class: Warning, Severity: finding.Medium,
		Title:       "A Deny of encrypted requests, or an Allow of unencrypted ones",
		Explanation: `The usual guard is Deny when aws:SecureTransport is "false". Deny on "true" denies every HTTPS request; Allow on "false" grants access over plain HTTP.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if !strings.EqualFold(cond.Key, "aws:SecureTransport") || cond.Base != "Bool" {
						continue
					}
					for _, v := range cond.Values.Values {
						switch {
						case s.Effect == policy.Deny && strings.EqualFold(v.S, "true"):
							l.add(c, s, v.Pos, `Deny when aws:SecureTransport is "true" denies requests made over HTTPS`, `deny when it is "false"`)
						case s.Effect == policy.Allow && strings.EqualFold(v.S, "false"):
							l.add(c, s, v.Pos, `Allow when aws:SecureTransport is "false" grants access over plain HTTP`, `allow when it is "true", or deny when it is "false"`)
						}
					}
				}
			}
		},
	},
}

// valueCheck is a check that the values of a family's operators parse.
func valueCheck(id, fam, what, fix string, ok func(string) bool) *Check {
	return &Check{
		ID: id, Class: Error, Severity: finding.High,
		Title:       fmt.Sprintf("A %s condition value that is not %s", fam, what),
		Explanation: fmt.Sprintf("%s operators compare the request's value with each condition value read as %s; a value that is not one never matches (a negated operator always does).", strings.ToUpper(fam[:1])+fam[1:], what),
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if operatorFamily(cond.Base) != fam {
						continue
					}
					for _, v := range cond.Values.Values {
						if !hasVariable(v.S) && !ok(v.S) {
							l.add(c, s, v.Pos, fmt.Sprintf("%s on %q: %q is not %s", cond.Operator, cond.Key, v.S, what), fix)
						}
					}
				}
			}
		},
	}
}

func isDate(v string) bool {
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return true // epoch seconds
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}

func canonicalOperator(cond *policy.Condition) string {
	op := cond.Base
	if cond.IfExists {
		op += "IfExists"
	}
	switch cond.Set {
	case policy.ForAllValues:
		op = "ForAllValues:" + op
	case policy.ForAnyValue:
		op = "ForAnyValue:" + op
	}
	return op
}

func (l *linter) eachMFA(f func(s *policy.Statement, cond *policy.Condition, v policy.Value)) {
	for _, s := range l.p.Statements {
		for _, cond := range s.Condition {
			if !strings.EqualFold(cond.Key, "aws:MultiFactorAuthPresent") {
				continue
			}
			for _, v := range cond.Values.Values {
				f(s, cond, v)
			}
		}
	}
}

func (l *linter) eachSetOnSingle(set policy.SetOperator, c *Check) {
	for _, s := range l.p.Statements {
		for _, cond := range s.Condition {
			if cond.Set != set || cond.Base == "Null" {
				continue
			}
			k, ok := catalog.ConditionKey(cond.Key)
			if !ok || strings.HasPrefix(k.Type, "ArrayOf") {
				continue
			}
			l.add(c, s, cond.Pos, fmt.Sprintf("%s on %q: the key has a single value (type %s)", cond.Operator, cond.Key, k.Type),
				fmt.Sprintf("write %q", strings.TrimPrefix(strings.TrimPrefix(canonicalOperator(cond), "ForAllValues:"), "ForAnyValue:")))
		}
	}
}

// requiresPresent reports whether s has a condition that the key be
// present: Null "false", or a plain (not …IfExists, not set) operator
// on it.
func requiresPresent(s *policy.Statement, key string) bool {
	for _, cond := range s.Condition {
		if !strings.EqualFold(cond.Key, key) {
			continue
		}
		if cond.Base == "Null" && slices.ContainsFunc(cond.Values.Values, func(v policy.Value) bool { return strings.EqualFold(v.S, "false") }) {
			return true
		}
		if cond.Set == policy.ForAnyValue && !negated(cond.Base) {
			return true // false on the empty set
		}
	}
	return false
}

func negated(base string) bool {
	return strings.Contains(base, "Not")
}

// alwaysPresent reports whether a global key is in every request a policy
// of kind sees. The principal's keys are in every signed request, but
// resource policies and RCPs also see anonymous ones, which lack them.
func alwaysPresent(key string, kind policy.Kind) bool {
	keys := []string{"aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport", "aws:RequestedRegion"}
	switch kind {
	case policy.IdentityPolicy, policy.BoundaryPolicy, policy.SessionPolicy, policy.SCP:
		keys = append(keys, "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:userid",
			"aws:PrincipalIsAWSService", "aws:ViaAWSService")
	}
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

func privateRange(v string) bool {
	p, err := netip.ParsePrefix(v)
	if err != nil {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	return p.Addr().IsPrivate() || p.Addr().IsLoopback()
}
