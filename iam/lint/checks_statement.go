package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// allowKinds are the types where an Allow statement widens access.
var allowKinds = []policy.Kind{policy.IdentityPolicy, policy.ResourcePolicy, policy.SessionPolicy, policy.BoundaryPolicy}

// Checks of statements: NotAction and NotResource, wildcards, redundancy.
var statementChecks = []*Check{
	{
		ID: "iam-allow-notaction", Class: SecurityWarning, Severity: finding.High,
		Title:       "Allow with NotAction",
		Explanation: `"Allow" with "NotAction" grants every action except those listed — in every service, including ones AWS adds later. It almost always grants far more than meant.`,
		Kinds:       allowKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow || s.NotAction == nil {
					continue
				}
				_, total := catalog.Counts()
				excluded := l.countActions(s.NotAction)
				l.add(c, s, s.NotAction.KeyPos, fmt.Sprintf("Allow with NotAction grants every action except %s: about %d of %d actions, and every action AWS adds later",
					quoteList(s.NotAction.Strings(), 3), total-excluded, total),
					`list the actions to allow in "Action"; to carve out exceptions, add a Deny statement`)
			}
		},
	},
	{
		ID: "iam-allow-notresource", Class: SecurityWarning, Severity: finding.High,
		Title:       "Allow with NotResource",
		Explanation: `"Allow" with "NotResource" grants the actions on every resource except those listed — in every account and region the actions reach, including resources created later.`,
		Kinds:       allowKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect == policy.Allow && s.NotResource != nil {
					l.add(c, s, s.NotResource.KeyPos, fmt.Sprintf("Allow with NotResource grants %s on every resource except %s", actionsPhrase(s), quoteList(s.NotResource.Strings(), 3)),
						`list the resources to allow in "Resource"; to carve out exceptions, add a Deny statement`)
				}
			}
		},
	},
	{
		ID: "iam-deny-notresource", Class: Warning, Severity: finding.Medium,
		Title:       "Deny with NotResource denies more than the resources in view",
		Explanation: `"Deny" with "NotResource" denies the actions on every resource except those listed: other buckets, other accounts' resources, and actions that act on no resource at all (their resource is "*", which is never among the exceptions).`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Deny || s.NotResource == nil {
					continue
				}
				msg := fmt.Sprintf("Deny with NotResource denies %s on every resource except %s", actionsPhrase(s), quoteList(s.NotResource.Strings(), 3))
				if star := l.starOnlyActions(s); len(star) > 0 {
					msg += fmt.Sprintf(`, including %d actions that act on no resource (such as %s) and so are denied everywhere`, len(star), strings.Join(limit(star, 2), ", "))
				}
				l.add(c, s, s.NotResource.KeyPos, msg, `name the resources to deny in "Resource", or check that denying everything else is intended`)
			}
		},
	},
	{
		ID: "iam-notresource-bucket-objects", Class: Warning, Severity: finding.Medium,
		Title:       "NotResource exempts a bucket's objects but not the bucket",
		Explanation: `S3 bucket-level actions (s3:ListBucket, s3:GetBucketLocation) act on the bucket ARN arn:aws:s3:::bucket, not on arn:aws:s3:::bucket/*. A Deny whose NotResource lists only object ARNs still denies them on the bucket, so the exempted objects cannot even be listed.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Deny || s.NotResource == nil || !l.grantsS3BucketActions(s) {
					continue
				}
				for _, bucket := range objectOnlyBuckets(s.NotResource) {
					l.add(c, s, s.NotResource.KeyPos, fmt.Sprintf("NotResource exempts objects of bucket %q but not the bucket %q: bucket-level actions such as s3:ListBucket stay denied on it", bucket.name, bucket.arn),
						fmt.Sprintf("add %q to NotResource if listing the bucket should stay possible", bucket.arn))
				}
			}
		},
	},
	{
		ID: "iam-s3-bucket-name-case", Class: Warning, Severity: finding.Medium,
		Title:       "An S3 ARN with upper-case letters in the bucket name",
		Explanation: `S3 bucket names are lower case, and ARNs compare case-sensitively: arn:aws:s3:::HRBucket matches no bucket (the bucket is hrbucket). In Resource the statement grants nothing; in NotResource the exception excludes nothing.`,
		Kinds:       resourceElementKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range resourceValues(s) {
					parts, ok := policy.SplitARN(v.S)
					if !ok || parts[2] != "s3" || parts[3] != "" || parts[4] != "" {
						continue
					}
					bucket, _, _ := strings.Cut(parts[5], "/")
					if bucket == strings.ToLower(bucket) || hasVariable(bucket) {
						continue
					}
					effect := "so the statement applies to no bucket"
					if s.NotResource != nil {
						effect = fmt.Sprintf("so the exception excludes nothing and the %s applies to the real bucket %q too", strings.ToLower(s.Effect.String()), strings.ToLower(bucket))
					}
					l.add(c, s, v.Pos, fmt.Sprintf("bucket name %q in %q has upper-case letters: bucket names are lower case and ARNs compare case-sensitively, %s", bucket, v.S, effect),
						fmt.Sprintf("write %q", strings.Replace(v.S, bucket, strings.ToLower(bucket), 1)))
				}
			}
		},
	},
	{
		ID: "iam-deny-notaction-exempts", Class: SecurityWarning, Severity: finding.Medium,
		Title:       "Deny with NotAction exempts sensitive actions",
		Explanation: `"Deny" with "NotAction" denies everything but the listed actions; whatever it guards against (no MFA, wrong network) does not stop those. When they include permission-management or credential actions (iam:*, sts:*), an attacker who meets the deny can still use them to gain more.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Deny || s.NotAction == nil || !guardsAccess(s) {
					continue
				}
				// Escalation and credential actions first: they make the point.
				var sensitive, managing []string
				n := 0
				for _, v := range s.NotAction.Values {
					infos := l.expand(v.S)
					n += len(infos)
					for _, a := range infos {
						switch {
						case sensitiveAction(a.String()):
							sensitive = append(sensitive, a.String())
						case a.AccessLevel == catalog.PermissionsManagement:
							managing = append(managing, a.String())
						}
					}
				}
				sensitive = append(sensitive, managing...)
				if len(sensitive) == 0 {
					continue
				}
				when := "the Deny"
				if len(s.Condition) > 0 {
					when = "when its conditions hold, the Deny still"
				}
				l.add(c, s, s.NotAction.KeyPos, fmt.Sprintf("%s leaves out %s (%d actions), including %d that manage permissions or credentials such as %s: they stay available",
					when, quoteList(s.NotAction.Strings(), 3), n, len(sensitive), strings.Join(limit(sensitive, 3), ", ")),
					"exempt only the actions needed to fix the condition (for MFA: iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:ListMFADevices, iam:ResyncMFADevice, sts:GetSessionToken on the user's own ARN)")
			}
		},
	},
	{
		ID: "iam-duplicate-statement", Class: Suggestion, Severity: finding.Info,
		Title:       "A statement that repeats another",
		Explanation: `Two identical statements do what one does; the copy makes the policy longer (policies have size limits) and invites the two to drift apart.`,
		run: func(l *linter, c *Check) {
			first := map[string]*policy.Statement{}
			for _, s := range l.p.Statements {
				key := l.statementKey(s)
				if t, ok := first[key]; ok {
					l.add(c, s, s.Pos, fmt.Sprintf("statement %d repeats statement %d (line %d)", s.Index+1, t.Index+1, t.Pos.Line), "remove it")
					continue
				}
				first[key] = s
			}
		},
	},
	{
		ID: "iam-redundant-statement", Class: Suggestion, Severity: finding.Info,
		Title:       "A statement that another statement covers",
		Explanation: `A statement whose actions and resources another statement of the same effect already covers, without conditions, adds nothing.`,
		run: func(l *linter, c *Check) {
			if len(l.p.Statements) > maxPairs {
				return
			}
			for _, s := range l.p.Statements {
				for _, t := range l.p.Statements {
					if s == t || s.Effect != t.Effect || !coversStatement(t, s) || l.statementKey(s) == l.statementKey(t) {
						continue
					}
					if coversStatement(s, t) && t.Index > s.Index {
						continue // each covers the other: report the later one only
					}
					l.add(c, s, s.Pos, fmt.Sprintf("statement %d is covered by statement %d (line %d), which %ss the same actions on the same resources without conditions",
						s.Index+1, t.Index+1, t.Pos.Line, strings.ToLower(t.Effect.String())), "remove it")
					break
				}
			}
		},
	},
	{
		ID: "iam-duplicate-action", Class: Suggestion, Severity: finding.Info,
		Title:       "An action listed twice",
		Explanation: `Actions match case-insensitively; listing one twice in a statement changes nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				eachDuplicate(actionValues(s), true, func(v, first policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("action %q is listed twice (first at line %d)", v.S, first.Pos.Line), "remove the duplicate")
				})
			}
		},
	},
	{
		ID: "iam-redundant-action", Class: Suggestion, Severity: finding.Info,
		Title:       "An action a wildcard of the same statement covers",
		Explanation: `"s3:GetObject" next to "s3:Get*" or "s3:*" changes nothing; it only suggests the statement is narrower than it is.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				eachCovered(actionValues(s), true, false, func(v, by policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("action %q is covered by %q", v.S, by.S), "remove it")
				})
			}
		},
	},
	{
		ID: "iam-overlapping-action-wildcards", Class: Suggestion, Severity: finding.Info,
		Title:       "A wildcard action another wildcard covers",
		Explanation: `"s3:Get*" next to "s3:*" changes nothing; overlapping wildcards make it hard to see what a statement grants.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				eachCovered(actionValues(s), true, true, func(v, by policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("action pattern %q is covered by %q", v.S, by.S), "remove it")
				})
			}
		},
	},
	{
		ID: "iam-duplicate-resource", Class: Suggestion, Severity: finding.Info,
		Title:       "A resource listed twice",
		Explanation: `Listing a resource twice in a statement changes nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				eachDuplicate(resourceValues(s), false, func(v, first policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("resource %q is listed twice (first at line %d)", v.S, first.Pos.Line), "remove the duplicate")
				})
			}
		},
	},
	{
		ID: "iam-redundant-resource", Class: Suggestion, Severity: finding.Info,
		Title:       "A resource a wildcard of the same statement covers",
		Explanation: `"arn:aws:s3:::b/reports/x" next to "arn:aws:s3:::b/*" changes nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				vals := resourceValues(s)
				eachCovered(vals, false, false, func(v, by policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("resource %q is covered by %q", v.S, by.S), "remove it")
				})
				eachCovered(vals, false, true, func(v, by policy.Value) {
					l.add(c, s, v.Pos, fmt.Sprintf("resource pattern %q is covered by %q", v.S, by.S), "remove it")
				})
			}
		},
	},
	{
		ID: "iam-duplicate-principal", Class: Suggestion, Severity: finding.Info,
		Title:       "A principal listed twice",
		Explanation: `Listing a principal twice in a statement changes nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
					if pr == nil {
						continue
					}
					for _, k := range pr.Kinds {
						eachDuplicate(k.Values.Values, false, func(v, first policy.Value) {
							l.add(c, s, v.Pos, fmt.Sprintf("%s principal %q is listed twice (first at line %d)", k.Kind, v.S, first.Pos.Line), "remove the duplicate")
						})
					}
				}
			}
		},
	},
	{
		ID: "iam-allow-shadowed-by-deny", Class: Warning, Severity: finding.Medium,
		Title:       "An Allow that an unconditional Deny cancels",
		Explanation: `An explicit Deny wins over any Allow. An Allow whose every action and resource an unconditional Deny of the same policy covers never takes effect.`,
		run: func(l *linter, c *Check) {
			if len(l.p.Statements) > maxPairs {
				return
			}
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow {
					continue
				}
				for _, t := range l.p.Statements {
					if t.Effect == policy.Deny && len(t.Condition) == 0 && coversStatement(t, s) {
						l.add(c, s, s.Pos, fmt.Sprintf("statement %d allows only what statement %d (line %d) denies unconditionally: it never takes effect", s.Index+1, t.Index+1, t.Pos.Line),
							"remove the Allow, or narrow the Deny")
						break
					}
				}
			}
		},
	},
	{
		ID: "iam-full-admin", Class: SecurityWarning, Severity: finding.Critical,
		Title:       `Allow of every action on every resource`,
		Explanation: `"Action": "*" with "Resource": "*" is full administrator access: every action of every service, including every privilege-escalation, data-exfiltration and resource-exposure risk this linter reports separately. Grant it to break-glass roles only.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if !isAdmin(s) {
					continue
				}
				pos := s.Action.Pos
				for _, v := range s.Action.Values {
					if v.S == "*" || v.S == "*:*" {
						pos = v.Pos
						break
					}
				}
				sev, msg := c.Severity, `the statement allows every action on every resource: full administrator access`
				if len(s.Condition) > 0 {
					sev, msg = lower(sev), msg+", when its conditions hold"
				}
				l.addSev(c, sev, s, pos, msg, "grant the services and actions the principal needs; keep administrator access for break-glass roles")
			}
		},
	},
	{
		ID: "iam-service-wildcard-on-star", Class: Warning, Severity: finding.Medium,
		Title:       `Allow of every action of a service on every resource`,
		Explanation: `"s3:*" on "*" grants every action of the service, including deletion, policy and permission changes, and actions AWS adds later. For IAM, STS, Organizations and KMS that amounts to administrator access.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow || s.Action == nil || isAdmin(s) || !l.onEverything(s) {
					continue
				}
				for _, v := range s.Action.Values {
					svc, name, _ := strings.Cut(v.S, ":")
					if name != "*" || hasWildcard(svc) {
						continue
					}
					sev := c.Severity
					if slices.Contains([]string{"iam", "sts", "organizations", "kms", "sso"}, strings.ToLower(svc)) {
						sev = finding.High
					}
					if len(s.Condition) > 0 {
						sev = lower(sev)
					}
					l.addSev(c, sev, s, v.Pos, fmt.Sprintf("%q on every resource grants all %d actions of %s, and those AWS adds later", v.S, len(l.expand(v.S)), svc),
						"list the actions the principal needs, on the resources it needs")
				}
			}
		},
	},
	{
		ID: "iam-passrole-star", Class: SecurityWarning, Severity: finding.High,
		Title:       `iam:PassRole on every role`,
		Explanation: `iam:PassRole lets a principal hand a role to a service (an EC2 instance, a Lambda function), which then acts with the role's permissions. On "*" that is every role of the account, administrator roles included: a principal that can also create compute can act as any of them.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			a := l.allows("iam:PassRole")
			for _, g := range a.grants {
				if !g.broad {
					continue
				}
				sev, msg := c.Severity, fmt.Sprintf("iam:PassRole is allowed on every role (statement %d)", g.stmt.Index+1)
				if a.conditional(g) {
					sev, msg = lower(sev), msg+", when its conditions hold"
				}
				l.addSev(c, sev, g.stmt, g.pos, msg, `list the role ARNs the principal may pass, and add "StringEquals": {"iam:PassedToService": "<service>.amazonaws.com"}`)
			}
		},
	},
	{
		ID: "iam-passrole-no-service-condition", Class: Suggestion, Severity: finding.Low,
		Title:       "iam:PassRole without iam:PassedToService",
		Explanation: `The iam:PassedToService condition limits which service a role may be passed to; without it a role meant for Lambda can also be given to an EC2 instance the principal logs into.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			for _, g := range l.allows("iam:PassRole").grants {
				if g.broad {
					continue // iam-passrole-star says more
				}
				has := slices.ContainsFunc(g.stmt.Condition, func(cond *policy.Condition) bool { return strings.EqualFold(cond.Key, "iam:PassedToService") })
				if !has {
					l.add(c, g.stmt, g.pos, fmt.Sprintf("iam:PassRole (statement %d) does not say which service the roles may be passed to", g.stmt.Index+1),
						`add "StringEquals": {"iam:PassedToService": "<service>.amazonaws.com"}`)
				}
			}
		},
	},
	{
		ID: "iam-write-on-star", Class: Warning, Severity: finding.Medium,
		Title:       "Many write actions on every resource",
		Explanation: `A statement that grants tens of write actions on "*" can modify infrastructure at scale — every instance, table or bucket of the account — where the task usually needs a few resources.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			const threshold = 20
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow || s.Action == nil || isAdmin(s) || !l.onEverything(s) {
					continue
				}
				n, svcs := 0, map[string]bool{}
				for _, v := range s.Action.Values {
					for _, a := range l.expand(v.S) {
						if a.AccessLevel == catalog.Write {
							n++
							svcs[a.Service] = true
						}
					}
				}
				if n >= threshold {
					l.add(c, s, s.Action.Pos, fmt.Sprintf("the statement grants %d write actions in %s on every resource", n, plural(len(svcs), "service")),
						"name the resources the writes are for, or split read and write access")
				}
			}
		},
	},
	{
		ID: "iam-permissions-management-on-star", Class: SecurityWarning, Severity: finding.High,
		Title:       "Permission-management actions on every resource",
		Explanation: `Permission-management actions change who can do what: resource policies, grants, IAM policies. On "*" they let the principal open any resource or identity to anyone.`,
		Kinds:       ownKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow || s.Action == nil || isAdmin(s) || !l.onEverything(s) {
					continue
				}
				var names []string
				for _, v := range s.Action.Values {
					for _, a := range l.expand(v.S) {
						if a.AccessLevel == catalog.PermissionsManagement {
							names = append(names, a.String())
						}
					}
				}
				if len(names) > 0 {
					sev := c.Severity
					if len(s.Condition) > 0 {
						sev = lower(sev)
					}
					l.addSev(c, sev, s, s.Action.Pos, fmt.Sprintf("the statement grants %d permission-management actions on every resource, such as %s", len(names), strings.Join(limit(names, 3), ", ")),
						"name the resources, or move these actions to an administrator role")
				}
			}
		},
	},
}

// onEverything reports whether s applies to every resource: "*", or
// NotResource.
func (l *linter) onEverything(s *policy.Statement) bool {
	return s.NotResource != nil || s.Resource == nil || containsValue(s.Resource, "*")
}

// countActions counts the catalogue actions values match.
func (l *linter) countActions(v *policy.Values) int {
	n := 0
	for _, x := range v.Values {
		n += len(l.expand(x.S))
	}
	return n
}

// actionsPhrase names a statement's actions for a message.
func actionsPhrase(s *policy.Statement) string {
	if s.Action != nil {
		return quoteList(s.Action.Strings(), 3)
	}
	return "every action except " + quoteList(s.NotAction.Strings(), 3)
}

// starOnlyActions lists the actions of s that act on no resource type.
func (l *linter) starOnlyActions(s *policy.Statement) []string {
	if s.Action == nil {
		return nil
	}
	var out []string
	for _, v := range s.Action.Values {
		infos := l.expand(v.S)
		if len(infos) > maxExpand {
			continue
		}
		for _, a := range infos {
			if len(a.ResourceTypes) == 0 {
				out = append(out, a.String())
			}
		}
	}
	// List actions first: s3:ListAllMyBuckets is the one a reader knows.
	slices.SortStableFunc(out, func(a, b string) int {
		return cmp.Compare(listRank(a), listRank(b))
	})
	return out
}

func listRank(action string) int {
	switch {
	case action == "s3:ListAllMyBuckets":
		return 0
	case strings.Contains(action, ":List"):
		return 1
	}
	return 2
}

// grantsS3BucketActions reports whether s names S3 actions on buckets.
func (l *linter) grantsS3BucketActions(s *policy.Statement) bool {
	if s.Action == nil {
		return true // NotAction: everything else, bucket actions included
	}
	for _, v := range s.Action.Values {
		for _, a := range l.expand(v.S) {
			if a.Service != "s3" {
				continue
			}
			for _, rt := range a.ResourceTypes {
				if rt.Name == "bucket" {
					return true
				}
			}
		}
	}
	return false
}

type bucketRef struct{ name, arn string }

// objectOnlyBuckets lists the buckets whose objects v names but not the
// bucket itself.
func objectOnlyBuckets(v *policy.Values) []bucketRef {
	var out []bucketRef
	have := map[string]bool{}
	objects := map[string]string{}
	var order []string
	for _, x := range v.Values {
		parts, ok := policy.SplitARN(x.S)
		if !ok || parts[2] != "s3" || parts[3] != "" || parts[4] != "" {
			continue
		}
		bucket, _, isObject := strings.Cut(parts[5], "/")
		if hasWildcard(bucket) {
			continue
		}
		arn := "arn:" + parts[1] + ":s3:::" + bucket
		if !isObject {
			have[arn] = true
			continue
		}
		if _, ok := objects[arn]; !ok {
			order = append(order, arn)
		}
		objects[arn] = bucket
	}
	for _, arn := range order {
		if !have[arn] {
			out = append(out, bucketRef{name: objects[arn], arn: arn})
		}
	}
	return out
}

// sensitiveAction reports whether an action is one of the escalation
// methods' or credential checks' actions.
func sensitiveAction(name string) bool {
	_, ok := sensitiveActions()[strings.ToLower(name)]
	return ok
}

// eachDuplicate calls f for each value equal to an earlier one.
func eachDuplicate(vals []policy.Value, fold bool, f func(v, first policy.Value)) {
	first := make(map[string]policy.Value, len(vals))
	for _, v := range vals {
		k := v.S
		if fold {
			k = strings.ToLower(k)
		}
		if w, ok := first[k]; ok {
			f(v, w)
			continue
		}
		first[k] = v
	}
}

// eachCovered calls f for each value another (different) value of the list
// covers; wild selects covered values with wildcards (overlapping
// patterns) or without (redundant literals). Lists longer than
// maxListCompare are left alone: no real policy has them.
func eachCovered(vals []policy.Value, fold, wild bool, f func(v, by policy.Value)) {
	if len(vals) > maxListCompare {
		return
	}
	for _, v := range vals {
		if hasWildcard(v.S) != wild {
			continue
		}
		for _, w := range vals {
			same := v.S == w.S || fold && strings.EqualFold(v.S, w.S)
			if !same && hasWildcard(w.S) && covers(w.S, v.S, fold) {
				f(v, w)
				break
			}
		}
	}
}

// statementKey is a canonical text of what a statement says, Sid aside:
// two statements say the same when their keys are equal. Keys are made
// once per Lint call.
func (l *linter) statementKey(s *policy.Statement) string {
	if l.keys == nil {
		l.keys = make([]string, len(l.p.Statements))
	}
	if k := l.keys[s.Index]; k != "" {
		return k
	}
	var b strings.Builder
	b.WriteString(s.Effect.String())
	values := func(name string, v *policy.Values, fold bool) {
		if v == nil {
			return
		}
		x := v.Strings()
		if fold {
			for i := range x {
				x[i] = strings.ToLower(x[i])
			}
		}
		slices.Sort(x)
		fmt.Fprintf(&b, "|%s%q", name, slices.Compact(x))
	}
	principal := func(name string, pr *policy.Principal) {
		if pr == nil {
			return
		}
		if pr.Wildcard {
			fmt.Fprintf(&b, "|%s*", name)
			return
		}
		kinds := slices.Clone(pr.Kinds)
		slices.SortFunc(kinds, func(a, b policy.PrincipalKind) int { return strings.Compare(a.Kind, b.Kind) })
		for _, k := range kinds {
			values(name+k.Kind, k.Values, false)
		}
	}
	values("A", s.Action, true)
	values("NA", s.NotAction, true)
	values("R", s.Resource, false)
	values("NR", s.NotResource, false)
	principal("P", s.Principal)
	principal("NP", s.NotPrincipal)
	for _, c := range s.Condition {
		values("C"+canonicalOperator(c)+":"+strings.ToLower(c.Key), c.Values, false)
	}
	l.keys[s.Index] = b.String()
	return l.keys[s.Index]
}

func samePrincipal(a, b *policy.Principal) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	if a.Wildcard != b.Wildcard || len(a.Kinds) != len(b.Kinds) {
		return false
	}
	for _, k := range a.Kinds {
		found := false
		for _, m := range b.Kinds {
			if k.Kind == m.Kind && sameStrings(k.Values.Strings(), m.Values.Strings()) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sameStrings(x, y []string) bool {
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// coversStatement reports whether t, which has no conditions, applies to
// every action and resource of s, for the same principals. Only Action
// and Resource statements compare; NotAction and NotResource are left alone.
func coversStatement(t, s *policy.Statement) bool {
	if len(t.Condition) > 0 || t.Action == nil || s.Action == nil || t.NotResource != nil || s.NotResource != nil ||
		!samePrincipal(t.Principal, s.Principal) || t.NotPrincipal != nil || s.NotPrincipal != nil {
		return false
	}
	// The conditions of s do not matter: with them s applies less often
	// than t, and is still covered.
	for _, a := range s.Action.Values {
		if !slices.ContainsFunc(t.Action.Values, func(b policy.Value) bool { return covers(b.S, a.S, true) }) {
			return false
		}
	}
	if t.Resource == nil {
		return true
	}
	if s.Resource == nil {
		return containsValue(t.Resource, "*")
	}
	for _, r := range s.Resource.Values {
		if !slices.ContainsFunc(t.Resource.Values, func(b policy.Value) bool { return covers(b.S, r.S, false) }) {
			return false
		}
	}
	return true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// guardsAccess reports whether a Deny's conditions are about how a request
// is made — MFA, network, TLS — rather than where it goes (a region lock,
// which must exempt global services such as IAM).
func guardsAccess(s *policy.Statement) bool {
	for _, c := range s.Condition {
		for _, k := range []string{"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceIp", "aws:VpcSourceIp",
			"aws:SourceVpc", "aws:SourceVpce", "aws:SecureTransport", "aws:ViaAWSService"} {
			if strings.EqualFold(c.Key, k) {
				return true
			}
		}
	}
	return false
}
