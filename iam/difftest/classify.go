package difftest

import "github.com/awssec/awssec/iam/eval"

// Classify names the documented divergence (docs/iam-divergences.md) that
// explains why iam/eval decided ours and iam-simulate theirs on c, or ""
// when none does. Each rule is keyed on the case's template and features
// and on the direction of the disagreement, so that a new disagreement of
// another kind in the same cases is not explained away.
func Classify(c *Case, ours, theirs eval.Result) string {
	flipped := func() bool { // a condition that holds for one engine and not the other
		if c.Has("deny") {
			return ours == eval.ExplicitDeny && theirs == eval.Allow || ours == eval.Allow && theirs == eval.ExplicitDeny
		}
		return ours == eval.Allow && theirs == eval.ImplicitDeny || ours == eval.ImplicitDeny && theirs == eval.Allow
	}
	switch c.Template {
	case "caller":
		if c.Has("caller:root") && c.Has("identity:none") && ours == eval.Allow && theirs == eval.ImplicitDeny {
			return "root-user-full-access"
		}
	case "condition":
		switch {
		case c.Has("cidr-zero") && flipped():
			return "cidr-zero-prefix"
		case c.Has("ip-no-prefix") && c.Has("ipv6-request") && c.Has("op:NotIpAddress") && flipped():
			return "ipv4-address-vs-ipv6-request"
		case c.Has("date-epoch") && flipped():
			return "date-epoch-seconds"
		case c.Has("arn-short-pattern") && (c.Has("op:ArnNotLike") || c.Has("op:ArnNotEquals")) && flipped():
			return "arn-negated-short-pattern"
		case c.Has("op:Null") && c.Has("empty-set") && flipped():
			return "null-empty-set"
		}
	case "types":
		switch {
		case c.Has("caller:session") && c.Has("session:other") && (c.Has("resource-policy:session") || c.Has("resource-policy:everyone")) &&
			ours == eval.Allow && theirs == eval.ImplicitDeny:
			return "session-policy-resource-grant-to-session"
		case c.Has("resource-policy:notprincipal") && c.Has("caller:user") && c.Has("boundary:none") &&
			ours == eval.ExplicitDeny && theirs != eval.ExplicitDeny:
			return "notprincipal-without-account"
		}
	case "variable":
		switch {
		case !c.Has("version:2012-10-17") && ours != theirs:
			return "variables-before-2012-10-17"
		case c.Has("var:cond-arn") && ours == eval.Allow && theirs == eval.ImplicitDeny:
			return "variable-in-arn-condition"
		}
	case "trust-policy":
		if c.Has("policy:none") && ours == eval.ImplicitDeny && theirs == eval.Allow {
			return "trust-policy-required"
		}
	}
	return ""
}
