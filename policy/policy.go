// Package policy gives the posture checks IAM policy documents (identity,
// resource and trust policies, read by iam/policy) as plain statements, and
// answers the questions the checks ask of them: does a statement grant
// everything, is its principal public, is it narrowed by a condition.
package policy

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	iampolicy "github.com/awssec/awssec/iam/policy"
)

// Document is a parsed policy.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one statement of a policy. Single values are read into lists
// of one, as IAM accepts both forms.
type Statement struct {
	Sid          string
	Effect       string // "Allow" or "Deny"
	Principal    Principals
	NotPrincipal Principals
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Condition maps an operator ("StringEquals") to keys ("aws:SourceArn")
	// and their values.
	Condition map[string]map[string][]string
}

// Principals maps a principal kind ("AWS", "Service", "Federated",
// "CanonicalUser") to its values. The bare "*" principal is stored as
// {"AWS": ["*"]}, which IAM treats the same.
type Principals map[string][]string

// Parse reads a policy document. It accepts the URL-encoded form that some
// AWS APIs return. The document is read by iam/policy, the parser the IAM
// commands use: a policy the posture checks accept is one IAM would.
func Parse(doc string) (*Document, error) {
	doc = strings.TrimSpace(doc)
	if doc == "" {
		return nil, errors.New("empty policy document")
	}
	if doc[0] == '%' {
		if d, err := url.QueryUnescape(doc); err == nil {
			doc = d
		}
	}
	p, err := iampolicy.Parse("policy", []byte(doc))
	if err != nil {
		return nil, err
	}
	return fromTree(p), nil
}

// Match reports whether value matches an IAM pattern with * and ? wildcards.
// Actions compare case-insensitively (fold=true); ARNs do not.
func Match(pattern, value string, fold bool) bool {
	if fold {
		pattern, value = strings.ToLower(pattern), strings.ToLower(value)
	}
	// Iterative wildcard match with single backtrack point: linear in practice.
	p, v := 0, 0
	star, mark := -1, 0
	for v < len(value) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == value[v]):
			p++
			v++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, v
			p++
		case star >= 0:
			p = star + 1
			mark++
			v = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// CoversAction reports whether the statement applies to action
// ("s3:GetObject"), through Action or NotAction.
func (s *Statement) CoversAction(action string) bool {
	if len(s.NotAction) > 0 {
		return !slices.ContainsFunc(s.NotAction, func(p string) bool { return Match(p, action, true) })
	}
	return slices.ContainsFunc(s.Action, func(p string) bool { return Match(p, action, true) })
}

// CoversResource reports whether the statement applies to resource (an ARN),
// through Resource or NotResource. A statement with neither (a resource
// policy that omits Resource) applies to the resource it is attached to.
func (s *Statement) CoversResource(arn string) bool {
	if len(s.NotResource) > 0 {
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return Match(p, arn, false) })
	}
	if len(s.Resource) == 0 {
		return true
	}
	return slices.ContainsFunc(s.Resource, func(p string) bool { return Match(p, arn, false) })
}

// GrantsFullAdmin reports whether an Allow statement grants every action on
// every resource: "Action": "*" (or a NotAction allow) on "Resource": "*",
// with no condition.
func (s *Statement) GrantsFullAdmin() bool {
	if s.Effect != "Allow" || len(s.Condition) > 0 {
		return false
	}
	allActions := slices.Contains(s.Action, "*") || len(s.NotAction) > 0
	return allActions && (slices.Contains(s.Resource, "*") || len(s.NotResource) > 0)
}

// PublicPrincipal reports whether the statement's principal is anyone:
// "*" or {"AWS": "*"}, or a NotPrincipal (everyone but a few).
func (s *Statement) PublicPrincipal() bool {
	if len(s.NotPrincipal) > 0 && s.Effect == "Allow" {
		return true
	}
	return slices.Contains(s.Principal["AWS"], "*") || slices.Contains(s.Principal["CanonicalUser"], "*")
}

// restrictingKeys are condition keys that narrow "anyone" down to a known
// set of callers, networks or source resources. sts:ExternalId is not one:
// whoever calls chooses the external id they send.
var restrictingKeys = []string{
	"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:vpcsourceip", "aws:userid",
	"aws:principalservicename", "aws:resourceorgid", "kms:calleraccount",
	"kms:viaservice", "aws:calledvia",
}

// RestrictedByCondition reports whether a condition limits who or where the
// statement applies to, with a value that is not itself a wildcard. Only
// positive operators count: "StringNotEquals aws:PrincipalOrgID" in an
// Allow admits everyone outside the organization, and an "...IfExists"
// operator admits every request that lacks the key. An IP range that is
// the whole internet restricts nothing.
func (s *Statement) RestrictedByCondition() bool {
	return s.restricts(false)
}

// GuardsByCondition reports whether a Deny statement denies everyone but a
// known set of callers or networks: a negated operator on a restricting key
// ("StringNotEquals aws:PrincipalOrgID", "NotIpAddress aws:SourceIp").
func (s *Statement) GuardsByCondition() bool {
	return s.Effect == "Deny" && s.restricts(true)
}

// restricts looks for a restricting key under operators that are negated
// (for Deny guards) or positive (for Allow grants).
func (s *Statement) restricts(negated bool) bool {
	for op, keys := range s.Condition {
		lop := strings.ToLower(op)
		if strings.HasPrefix(lop, "null") || strings.Contains(lop, "not") != negated || strings.HasSuffix(lop, "ifexists") {
			continue
		}
		for k, vals := range keys {
			if !slices.Contains(restrictingKeys, strings.ToLower(k)) {
				continue
			}
			if !slices.ContainsFunc(vals, unrestricted) {
				return true
			}
		}
	}
	return false
}

// unrestricted reports whether a condition value admits anything.
func unrestricted(v string) bool {
	switch v {
	case "", "*", "0.0.0.0/0", "::/0":
		return true
	}
	return false
}

// ConditionValues returns the values of key (case-insensitive) under any
// operator, for checks that look for a specific condition.
func (s *Statement) ConditionValues(key string) []string {
	var out []string
	for _, keys := range s.Condition {
		for k, vals := range keys {
			if strings.EqualFold(k, key) {
				out = append(out, vals...)
			}
		}
	}
	return out
}
