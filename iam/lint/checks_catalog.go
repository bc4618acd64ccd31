package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// Checks against the service catalogue: actions, condition keys, resource
// types and ARNs, and how they fit together.
var catalogueChecks = []*Check{
	{
		ID: "iam-unknown-service", Class: Error, Severity: finding.High,
		Title:       "An action names an unknown service",
		Explanation: `The service prefix of an action ("s3" of "s3:GetObject") must be one AWS defines; a misspelt prefix matches no action, so the statement grants or denies nothing for it.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					svc := service(v.S)
					if v.S == "*" || hasWildcard(svc) {
						continue
					}
					if _, ok := catalog.LookupService(svc); !ok {
						fix := "use the service prefix of the Service Authorization Reference"
						if near := l.nearestService(svc); near != "" {
							fix = fmt.Sprintf("did you mean %q?", near+v.S[len(svc):])
						}
						l.add(c, s, v.Pos, fmt.Sprintf("action %q: no AWS service has the prefix %q", v.S, svc), fix)
					}
				}
			}
		},
	},
	{
		ID: "iam-unknown-action", Class: Error, Severity: finding.High,
		Title:       "An action the service does not have",
		Explanation: `An action that does not exist matches nothing: a Deny that names it protects nothing, an Allow grants nothing. It is usually a typo or an API operation name that differs from the IAM action name.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					svc := service(v.S)
					if hasWildcard(v.S) {
						continue
					}
					if _, ok := catalog.LookupService(svc); !ok {
						continue
					}
					if _, ok := catalog.Action(v.S); !ok {
						fix := "check the action against the Service Authorization Reference"
						if near := l.nearestAction(svc, v.S); near != "" {
							fix = fmt.Sprintf("did you mean %q?", near)
						}
						l.add(c, s, v.Pos, fmt.Sprintf("%q is not an action of service %q", v.S, svc), fix)
					}
				}
			}
		},
	},
	{
		ID: "iam-action-pattern-matches-nothing", Class: Error, Severity: finding.Medium,
		Title:       "A wildcard action matches no action",
		Explanation: `A pattern such as "s3:Gte*" matches no action of the catalogue, so it grants or denies nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					svc := service(v.S)
					if v.S == "*" || !hasWildcard(v.S) {
						continue
					}
					if _, ok := catalog.LookupService(svc); !ok && !hasWildcard(svc) {
						continue // iam-unknown-service says it
					}
					if a, ok := l.expandOK(v.S); ok && len(a) == 0 {
						l.add(c, s, v.Pos, fmt.Sprintf("action pattern %q matches no action", v.S), "check its spelling; list what a pattern matches with `awssec iam actions`")
					}
				}
			}
		},
	},
	{
		ID: "iam-action-case", Class: Suggestion, Severity: finding.Info,
		Title:       "An action spelt in another case than AWS's",
		Explanation: `Actions match case-insensitively, so "s3:getobject" works; writing them as AWS does ("s3:GetObject") makes policies easier to read and search.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					if hasWildcard(v.S) {
						continue
					}
					if info, ok := catalog.Action(v.S); ok && info.String() != v.S {
						l.add(c, s, v.Pos, fmt.Sprintf("action %q is spelt %q by AWS", v.S, info.String()), fmt.Sprintf("write %q", info.String()))
					}
				}
			}
		},
	},
	{
		ID: "iam-wildcard-service-prefix", Class: Warning, Severity: finding.Medium,
		Title:       "A wildcard in an action's service prefix",
		Explanation: `"*:Get*" or "s*:*" spans services, including ones added later; what it grants grows without the policy changing, and is hard to review.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					if svc := service(v.S); v.S != "*" && v.S != "*:*" && hasWildcard(svc) {
						n := len(l.expand(v.S))
						l.add(c, s, v.Pos, fmt.Sprintf("action %q has a wildcard in its service prefix: it matches %d actions across services, and more as AWS adds services", v.S, n),
							"name the services: list the actions per service prefix")
					}
				}
			}
		},
	},
	{
		ID: "iam-unknown-condition-key", Class: Error, Severity: finding.High,
		Title:       "An unknown condition key",
		Explanation: `A condition on a key that no request carries is never true (or, with …IfExists or a negated operator, always true): a typo in a key silently changes what the statement does.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					if providerKey(cond.Key) || hasVariable(cond.Key) {
						continue
					}
					if _, ok := catalog.ConditionKey(cond.Key); !ok {
						msg := fmt.Sprintf("condition key %q is not a global key nor a key of service %q", cond.Key, service(cond.Key))
						if _, ok := catalog.LookupService(service(cond.Key)); !ok && !strings.EqualFold(service(cond.Key), "aws") {
							msg = fmt.Sprintf("condition key %q: no AWS service has the prefix %q", cond.Key, service(cond.Key))
						}
						l.add(c, s, cond.KeyPos, msg, "check the key's spelling in the Service Authorization Reference (global keys start with aws:)")
					}
				}
			}
		},
	},
	{
		ID: "iam-condition-key-wrong-service", Class: Error, Severity: finding.Medium,
		Title:       "A condition key of a service the statement's actions do not belong to",
		Explanation: `A service's condition keys are only present in requests to that service: "s3:prefix" in a statement about EC2 actions is never present, so the condition never matches.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			l.eachUnsupportedKey(func(s *policy.Statement, cond *policy.Condition, sameService bool, n int) {
				if !sameService {
					l.add(c, s, cond.KeyPos, fmt.Sprintf("condition key %q belongs to service %q, and none of the statement's %d actions is one of its actions or supports it", cond.Key, service(cond.Key), n),
						"use a key of the statement's services or a global key (aws:…), or move the condition to a statement for that service")
				}
			})
		},
	},
	{
		ID: "iam-condition-key-unsupported", Class: Warning, Severity: finding.Medium,
		Title:       "A condition key the statement's actions do not support",
		Explanation: `Each action supports some condition keys (Service Authorization Reference); a key an action does not support is absent from its requests, so the condition is false for them (true with …IfExists).`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			l.eachUnsupportedKey(func(s *policy.Statement, cond *policy.Condition, sameService bool, n int) {
				if sameService {
					l.add(c, s, cond.KeyPos, fmt.Sprintf("condition key %q is supported by none of the statement's %d actions", cond.Key, n),
						"check which actions support the key; split the statement so the condition applies where the key is present")
				}
			})
		},
	},
	{
		ID: "iam-condition-key-case", Class: Suggestion, Severity: finding.Info,
		Title:       "A condition key spelt in another case than AWS's",
		Explanation: `Condition key names match case-insensitively; writing them as AWS does makes policies easier to read and search.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					k, ok := catalog.ConditionKey(cond.Key)
					if !ok {
						continue
					}
					want := k.Name
					if i := strings.IndexAny(want, "$<"); i >= 0 {
						// A key with a variable part: compare the fixed part.
						if len(cond.Key) < i {
							continue
						}
						want = want[:i] + cond.Key[i:]
					}
					if want != cond.Key && strings.EqualFold(want, cond.Key) {
						l.add(c, s, cond.KeyPos, fmt.Sprintf("condition key %q is spelt %q by AWS", cond.Key, want), fmt.Sprintf("write %q", want))
					}
				}
			}
		},
	},
	{
		ID: "iam-action-resource-mismatch", Class: Error, Severity: finding.High,
		Title:       "An action none of the statement's resources applies to",
		Explanation: `Each action is authorised against resources of particular types: s3:GetObject against objects (arn:aws:s3:::bucket/key), s3:ListBucket against buckets (arn:aws:s3:::bucket). Listed with resources of other types only, the action is granted or denied on nothing.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			l.eachMismatch(func(s *policy.Statement, v policy.Value, infos []actionInfo, star bool) {
				if star {
					return
				}
				l.add(c, s, v.Pos, l.mismatchMessage(s, v.S, infos), l.mismatchFix(s, infos))
			}, nil)
		},
	},
	{
		ID: "iam-action-requires-star", Class: Error, Severity: finding.Medium,
		Title:       `An action that only takes "Resource": "*", with specific resources`,
		Explanation: `Some actions act on no particular resource (s3:ListAllMyBuckets, ec2:DescribeInstances) and are authorised only against "*"; a statement that lists ARNs grants or denies them nothing.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			l.eachMismatch(func(s *policy.Statement, v policy.Value, infos []actionInfo, star bool) {
				if !star {
					return
				}
				l.add(c, s, v.Pos, fmt.Sprintf(`%q acts on no resource type, so it applies only with "Resource": "*", not with %s`, v.S, quoteList(s.Resource.Strings(), 3)),
					`move it to a statement with "Resource": "*"`)
			}, nil)
		},
	},
	{
		ID: "iam-resource-unused", Class: Warning, Severity: finding.Low,
		Title:       "A resource none of the statement's actions applies to",
		Explanation: `A resource that no action of its statement is authorised against grants or denies nothing; it is usually a bucket ARN where the objects were meant (or the reverse), or a leftover.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			l.eachMismatch(nil, func(s *policy.Statement, r policy.Value) {
				l.add(c, s, r.Pos, fmt.Sprintf("none of the statement's actions applies to %q (%s)", r.S, l.describeResource(r.S)),
					"remove it, or add the actions meant for it")
			})
		},
	},
	{
		ID: "iam-resource-unknown-service", Class: Error, Severity: finding.High,
		Title:       "A resource ARN of an unknown service",
		Explanation: `The service field of an ARN (arn:aws:SERVICE:…) must be one AWS uses; otherwise the ARN names no resource.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					svc := arnService(v.S)
					if svc == "" || hasWildcard(svc) || hasVariable(svc) {
						continue
					}
					if len(arnPrefixes()[strings.ToLower(svc)]) == 0 {
						l.add(c, s, v.Pos, fmt.Sprintf("resource %q: no AWS service uses %q in its ARNs", v.S, svc), "check the ARN format in the service's documentation")
					}
				}
			}
		},
	},
	{
		ID: "iam-resource-matches-no-type", Class: Error, Severity: finding.Medium,
		Title:       "A resource ARN that fits none of its service's resource types",
		Explanation: `An ARN must follow one of its service's ARN formats (region and account present or empty as the format says, the resource part as the type's name): "arn:aws:s3:us-east-1::bucket" fits none, since S3 ARNs have no region.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					svc := strings.ToLower(arnService(v.S))
					prefixes := arnPrefixes()[svc]
					if svc == "" || len(prefixes) == 0 || hasVariable(v.S) {
						continue
					}
					if l.resourceTypes(v.S) == nil {
						l.add(c, s, v.Pos, fmt.Sprintf("resource %q fits none of the ARN formats of %s resources", v.S, svc),
							fmt.Sprintf("write it in one of the formats, like %q", exampleFormat(prefixes)))
					}
				}
			}
		},
	},
	{
		ID: "iam-resource-unknown-partition", Class: Error, Severity: finding.Medium,
		Title:       "A resource ARN with an unknown partition",
		Explanation: `The partition of an ARN is aws, aws-cn, aws-us-gov or one of the isolated partitions; any other matches no resource.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					parts, ok := policy.SplitARN(v.S)
					if !ok || hasWildcard(parts[1]) || hasVariable(parts[1]) || slices.Contains(partitions, parts[1]) {
						continue
					}
					l.add(c, s, v.Pos, fmt.Sprintf("resource %q: %q is not an AWS partition", v.S, parts[1]), `write "aws" (or "aws-cn", "aws-us-gov")`)
				}
			}
		},
	},
	{
		ID: "iam-resource-bad-account", Class: Error, Severity: finding.Medium,
		Title:       "A resource ARN whose account is not a 12-digit account id",
		Explanation: `The account field of an ARN is empty, a 12-digit account id, or "aws" for AWS managed policies; an alias or a shortened id matches nothing.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					parts, ok := policy.SplitARN(v.S)
					if !ok {
						continue
					}
					a := parts[4]
					if a == "" || a == "aws" || hasWildcard(a) || hasVariable(a) || accountID.MatchString(a) {
						continue
					}
					l.add(c, s, v.Pos, fmt.Sprintf("resource %q: account %q is not a 12-digit account id", v.S, a), "write the account's 12-digit id (with leading zeros)")
				}
			}
		},
	},
	{
		ID: "iam-resource-bad-region", Class: Error, Severity: finding.Medium,
		Title:       "A resource ARN whose region is not a region code",
		Explanation: `The region field of an ARN is empty or a region code such as us-east-1; "us-east1" or "US-EAST-1" matches nothing, since ARNs compare case-sensitively.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					parts, ok := policy.SplitARN(v.S)
					if !ok {
						continue
					}
					r := parts[3]
					if r == "" || hasWildcard(r) || hasVariable(r) || regionCode.MatchString(r) {
						continue
					}
					l.add(c, s, v.Pos, fmt.Sprintf("resource %q: %q is not a region code", v.S, r), "write a region code such as us-east-1, or * for every region")
				}
			}
		},
	},
	{
		ID: "iam-operator-key-type-mismatch", Class: Error, Severity: finding.High,
		Title:       "A condition operator that cannot compare the key's type",
		Explanation: `Numeric, date, boolean, IP address and binary operators parse the request's value as their type; on a key of another type (NumericLessThan on aws:SourceIp) the comparison fails and the condition is false.`,
		run: func(l *linter, c *Check) {
			l.eachTypedCondition(func(s *policy.Statement, cond *policy.Condition, opFam, keyFam, keyType string) {
				if opFam != famString && opFam != famArn && opFam != keyFam {
					l.add(c, s, cond.Pos, fmt.Sprintf("operator %s compares %s values, but %s is of type %s", cond.Operator, opFam, cond.Key, keyType),
						fmt.Sprintf("use a %s operator", familyOperator(keyFam)))
				}
				if opFam == famArn && keyFam != famArn && keyFam != famString {
					l.add(c, s, cond.Pos, fmt.Sprintf("operator %s compares ARNs, but %s is of type %s", cond.Operator, cond.Key, keyType),
						fmt.Sprintf("use a %s operator", familyOperator(keyFam)))
				}
			})
		},
	},
	{
		ID: "iam-operator-key-type-inexact", Class: Warning, Severity: finding.Low,
		Title:       "A string operator on a typed key, or an ARN operator on a string key",
		Explanation: `A string operator compares a number, date, boolean or IP address as text: "10.0.0.0/8" never equals an address, "1" never equals "1.0". An ARN operator on a key that is not an ARN compares it field by field, which rarely means what was written.`,
		run: func(l *linter, c *Check) {
			l.eachTypedCondition(func(s *policy.Statement, cond *policy.Condition, opFam, keyFam, keyType string) {
				switch {
				case opFam == famString && keyFam != famString && keyFam != famArn:
					l.add(c, s, cond.Pos, fmt.Sprintf("operator %s compares %s (type %s) as text", cond.Operator, cond.Key, keyType),
						fmt.Sprintf("use a %s operator", familyOperator(keyFam)))
				case opFam == famArn && keyFam == famString:
					l.add(c, s, cond.Pos, fmt.Sprintf("operator %s compares ARNs, but %s is a string key", cond.Operator, cond.Key),
						"use a String operator")
				}
			})
		},
	},
}

var (
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
	regionCode = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
)

// arnPrefixes maps each ARN service field, lower-cased, to the catalogue
// service prefixes whose resource types use it ("iam" → iam, sts, …).
var arnPrefixes = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, svc := range catalog.Services() {
		for _, rt := range catalog.ResourceTypes(svc.Prefix) {
			for _, f := range rt.ARNFormats {
				fs := strings.ToLower(arnService(f))
				if fs != "" && !slices.Contains(m[fs], svc.Prefix) {
					m[fs] = append(m[fs], svc.Prefix)
				}
			}
		}
	}
	return m
})

// resourceTypes lists the resource types an ARN can be, over every
// catalogue service that uses its ARN service field, as "prefix/type".
func (l *linter) resourceTypes(arn string) []string {
	svc := strings.ToLower(arnService(arn))
	prefixes := arnPrefixes()[svc]
	if slices.Contains(prefixes, svc) {
		// The ARN's own service says what it is; others that share its
		// ARNs (s3express, s3-object-lambda) would only blur that.
		prefixes = []string{svc}
	}
	var out []string
	for _, prefix := range prefixes {
		t, ok := l.matchResourceTypeOK(prefix, arn)
		if !ok {
			return []string{unknownType}
		}
		for _, name := range t {
			out = append(out, prefix+"/"+name)
		}
	}
	return out
}

// unknownType stands for the types of an ARN the work budget did not allow
// matching: not nil, so no check reports that it has none.
const unknownType = "?/?"

// describeResource says what kind of resource an ARN is: "a bucket".
func (l *linter) describeResource(arn string) string {
	var names []string
	for _, t := range l.resourceTypes(arn) {
		n := t[strings.IndexByte(t, '/')+1:]
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "no known resource type"
	}
	return article(names[0]) + " " + strings.Join(names, " or ")
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func exampleFormat(prefixes []string) string {
	for _, p := range prefixes {
		for _, rt := range catalog.ResourceTypes(p) {
			if len(rt.ARNFormats) > 0 {
				return rt.ARNFormats[0]
			}
		}
	}
	return ""
}

// supports reports whether action a is authorised against resource r.
func (l *linter) supports(a actionInfo, r string) bool {
	if r == "*" {
		return true
	}
	if len(a.ResourceTypes) == 0 {
		return false
	}
	return l.typesInclude(a, l.matchResourceType(a.Service, r))
}

// typesInclude reports whether one of types is a resource type of a.
func (l *linter) typesInclude(a actionInfo, types []string) bool {
	for _, t := range types {
		for _, rt := range a.ResourceTypes {
			if strings.EqualFold(rt.Name, t) {
				return true
			}
		}
	}
	return false
}

// matchResourceType is catalog.MatchResourceType, once per service and ARN
// per Lint call.
func (l *linter) matchResourceType(service, arn string) []string {
	t, _ := l.matchResourceTypeOK(service, arn)
	return t
}

// matchResourceTypeOK is matchResourceType; ok is false when the work
// budget is spent and the ARN's types are unknown.
func (l *linter) matchResourceTypeOK(service, arn string) ([]string, bool) {
	key := service + "\x00" + arn
	if t, ok := l.types[key]; ok {
		return t, true
	}
	if l.typesSpent++; l.typesSpent > typeBudget {
		return nil, false
	}
	t := catalog.MatchResourceType(service, arn)
	l.types[key] = t
	return t, true
}

// maxExpand bounds the actions a pattern may expand to for the
// action-by-action checks; wider patterns ("*", "*:Get*") apply to
// everything anyway.
const maxExpand = 2000

// mismatch is an action of a statement that none of its resources applies
// to (star: the action takes only "*"), or a resource (action nil) that no
// action of its statement applies to.
type mismatch struct {
	s      *policy.Statement
	action *policy.Value
	infos  []actionInfo
	star   bool
	res    policy.Value
}

// eachMismatch calls action for each action of a statement that none of its
// resources applies to, and, in statements without such an action,
// resource for each resource no action applies to. The analysis runs once
// per Lint call, for the three checks that report it.
func (l *linter) eachMismatch(action func(s *policy.Statement, v policy.Value, infos []actionInfo, star bool), resource func(s *policy.Statement, r policy.Value)) {
	if l.mismatches == nil {
		l.mismatches = l.findMismatches()
	}
	for _, m := range *l.mismatches {
		switch {
		case m.action != nil && action != nil:
			action(m.s, *m.action, m.infos, m.star)
		case m.action == nil && resource != nil:
			resource(m.s, m.res)
		}
	}
}

func (l *linter) findMismatches() *[]mismatch {
	var out []mismatch
	for _, s := range l.p.Statements {
		if s.Action == nil || s.Resource == nil || containsValue(s.Resource, "*") ||
			len(s.Action.Values)*len(s.Resource.Values) > maxListCompare*20 || !l.checkableResources(s) {
			continue
		}
		bad := false
		var all []actionInfo
		for i, v := range s.Action.Values {
			infos := l.expand(v.S)
			if len(infos) == 0 || len(infos) > maxExpand {
				bad = bad || len(infos) > maxExpand // too wide to tell which resource is unused
				continue
			}
			all = append(all, infos...)
			ok, star := false, true
			for _, info := range infos {
				star = star && len(info.ResourceTypes) == 0
				for _, r := range s.Resource.Values {
					if l.supports(info, r.S) {
						ok = true
						break
					}
				}
				if ok {
					break
				}
			}
			if !ok {
				bad = true
				out = append(out, mismatch{s: s, action: &s.Action.Values[i], infos: infos, star: star})
			}
		}
		if bad {
			continue
		}
		for _, r := range s.Resource.Values {
			used := false
			for _, info := range all {
				if l.supports(info, r.S) {
					used = true
					break
				}
			}
			if !used {
				out = append(out, mismatch{s: s, res: r})
			}
		}
	}
	return &out
}

// checkableResources reports whether every resource of s is an ARN of a
// known service without wildcards in its service field or variables that
// could stand for anything, so that a mismatch is certain.
func (l *linter) checkableResources(s *policy.Statement) bool {
	for _, r := range s.Resource.Values {
		svc := arnService(r.S)
		if svc == "" || hasWildcard(svc) || len(arnPrefixes()[strings.ToLower(svc)]) == 0 {
			return false
		}
		if t := l.resourceTypes(r.S); t == nil || t[0] == unknownType {
			return false
		}
	}
	return true
}

func (l *linter) mismatchMessage(s *policy.Statement, action string, infos []actionInfo) string {
	var types []string
	for _, info := range infos {
		for _, rt := range info.ResourceTypes {
			if !slices.Contains(types, rt.Name) {
				types = append(types, rt.Name)
			}
		}
	}
	var what []string
	for _, r := range s.Resource.Values {
		what = append(what, fmt.Sprintf("%q is %s", r.S, l.describeResource(r.S)))
		if len(what) == 3 {
			break
		}
	}
	return fmt.Sprintf("%q acts on %s resources, and none of the statement's resources is one: %s",
		action, strings.Join(limit(types, 6), ", "), strings.Join(what, "; "))
}

func (l *linter) mismatchFix(s *policy.Statement, infos []actionInfo) string {
	needObject, needBucket := false, false
	for _, info := range infos {
		for _, rt := range info.ResourceTypes {
			needObject = needObject || info.Service == "s3" && rt.Name == "object"
			needBucket = needBucket || info.Service == "s3" && rt.Name == "bucket"
		}
	}
	for _, r := range s.Resource.Values {
		if arnService(r.S) != "s3" {
			continue
		}
		parts, _ := policy.SplitARN(r.S)
		bucket, _, isObject := strings.Cut(parts[5], "/")
		switch {
		case needObject && !isObject:
			return fmt.Sprintf("add %q for the bucket's objects", r.S+"/*")
		case needBucket && isObject:
			return fmt.Sprintf("add %q for the bucket itself", "arn:"+parts[1]+":s3:::"+bucket)
		}
	}
	return "add resources of the types the action acts on, or move it to a statement with such resources"
}

func limit(list []string, n int) []string {
	if len(list) > n {
		return append(list[:n:n], fmt.Sprintf("and %d more", len(list)-n))
	}
	return list
}

func quoteList(list []string, n int) string {
	q := make([]string, 0, n+1)
	for i, s := range list {
		if i == n {
			q = append(q, fmt.Sprintf("and %d more", len(list)-n))
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}

// eachUnsupportedKey calls f for each service condition key that none of its
// statement's actions supports; sameService tells whether one of the
// actions belongs to the key's service; n is how many actions there are.
func (l *linter) eachUnsupportedKey(f func(s *policy.Statement, cond *policy.Condition, sameService bool, n int)) {
	for _, s := range l.p.Statements {
		if s.Action == nil || len(s.Condition) == 0 {
			continue
		}
		var infos []actionInfo
		known := true
		for _, v := range s.Action.Values {
			x, ok := l.expandOK(v.S)
			if !ok || len(x) == 0 || len(x) > maxExpand {
				known = false // an unknown or very wide action: cannot tell
				break
			}
			infos = append(infos, x...)
		}
		if !known {
			continue
		}
		for _, cond := range s.Condition {
			k, ok := catalog.ConditionKey(cond.Key)
			if !ok || k.Global {
				continue
			}
			supported, same := false, false
			for _, info := range infos {
				same = same || strings.EqualFold(info.Service, service(cond.Key))
				if info.SupportsKey(cond.Key) {
					supported = true
					break
				}
			}
			if !supported {
				f(s, cond, same, len(infos))
			}
		}
	}
}

// Operator and key type families.
const (
	famString  = "string"
	famNumeric = "numeric"
	famDate    = "date"
	famBool    = "boolean"
	famBinary  = "binary"
	famIP      = "IP address"
	famArn     = "ARN"
	famNull    = "null"
)

// operatorFamily returns the family of a base operator ("StringLike").
func operatorFamily(base string) string {
	switch {
	case strings.HasPrefix(base, "String"):
		return famString
	case strings.HasPrefix(base, "Numeric"):
		return famNumeric
	case strings.HasPrefix(base, "Date"):
		return famDate
	case base == "Bool":
		return famBool
	case strings.HasPrefix(base, "Binary"):
		return famBinary
	case base == "IpAddress" || base == "NotIpAddress":
		return famIP
	case strings.HasPrefix(base, "Arn"):
		return famArn
	}
	return famNull
}

// keyFamily returns the family of a catalogue key type ("ArrayOfString").
func keyFamily(t string) string {
	switch strings.TrimPrefix(t, "ArrayOf") {
	case "String":
		return famString
	case "Numeric", "Long", "Integer":
		return famNumeric
	case "Date":
		return famDate
	case "Bool", "Boolean":
		return famBool
	case "Binary":
		return famBinary
	case "IPAddress":
		return famIP
	case "ARN", "Arn":
		return famArn
	}
	return ""
}

func familyOperator(fam string) string {
	switch fam {
	case famString:
		return "String…"
	case famNumeric:
		return "Numeric…"
	case famDate:
		return "Date…"
	case famBool:
		return "Bool"
	case famBinary:
		return "BinaryEquals"
	case famIP:
		return "IpAddress/NotIpAddress"
	case famArn:
		return "Arn…"
	}
	return "matching"
}

// eachTypedCondition calls f for each condition on a known key, but Null.
func (l *linter) eachTypedCondition(f func(s *policy.Statement, cond *policy.Condition, opFam, keyFam, keyType string)) {
	for _, s := range l.p.Statements {
		for _, cond := range s.Condition {
			opFam := operatorFamily(cond.Base)
			if opFam == famNull {
				continue
			}
			k, ok := catalog.ConditionKey(cond.Key)
			if !ok {
				continue
			}
			if keyFam := keyFamily(k.Type); keyFam != "" {
				f(s, cond, opFam, keyFam, k.Type)
			}
		}
	}
}

// maxSuggestions bounds the typo suggestions per Lint call: each costs an
// edit distance against a service's every action.
const maxSuggestions = 20

// nearestService returns the service prefix closest to svc, when it is a
// likely typo.
func (l *linter) nearestService(svc string) string {
	if l.suggested++; l.suggested > maxSuggestions {
		return ""
	}
	best, bestD := "", 3
	for _, s := range catalog.Services() {
		if d := editDistance(strings.ToLower(svc), s.Prefix, bestD); d < bestD {
			best, bestD = s.Prefix, d
		}
	}
	return best
}

// nearestAction returns the action of svc closest to action, when it is a
// likely typo.
func (l *linter) nearestAction(svc, action string) string {
	if l.suggested++; l.suggested > maxSuggestions {
		return ""
	}
	best, bestD := "", 4
	name := strings.ToLower(action[len(svc)+1:])
	for _, a := range catalog.Expand(svc + ":*") {
		if d := editDistance(name, strings.ToLower(a.Name), bestD); d < bestD {
			best, bestD = a.String(), d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, or max when it
// is at least max (the caller only wants close matches).
func editDistance(a, b string, max int) int {
	if len(a)-len(b) >= max || len(b)-len(a) >= max || len(a) > 128 || len(b) > 128 {
		return max
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max)
}
