package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// Checks of the document as a whole: version, Sids, policy variables, and
// the elements each policy type requires or forbids.
var documentChecks = []*Check{
	{
		ID: "iam-element-missing", Class: Error, Severity: finding.High,
		Title:       "An element the policy type requires is missing",
		Explanation: `Each policy type requires some elements: a resource policy names a "Principal", an identity policy a "Resource". IAM refuses the policy without it.`,
		run:         runTypeCheck(policy.ErrMissing),
	},
	{
		ID: "iam-element-not-allowed", Class: Error, Severity: finding.High,
		Title:       "An element the policy type does not take",
		Explanation: `A "Principal" in an identity policy, a "Resource" in a trust policy, "NotPrincipal" with "Allow": IAM refuses the policy.`,
		run:         runTypeCheck(policy.ErrNotAllowed),
	},
	{
		ID: "iam-missing-version", Class: Warning, Severity: finding.Low,
		Title:       "The policy has no Version",
		Explanation: `Without "Version": "2012-10-17" IAM reads the policy as version 2008-10-17, where policy variables such as ${aws:username} are literal text.`,
		run: func(l *linter, c *Check) {
			if l.p.Version == "" {
				l.add(c, nil, l.p.Pos, `the policy has no "Version", so IAM reads it as version 2008-10-17 and takes policy variables literally`,
					`add "Version": "2012-10-17" as the first element`)
			}
		},
	},
	{
		ID: "iam-old-version", Class: Suggestion, Severity: finding.Info,
		Title:       "The policy uses the 2008-10-17 version",
		Explanation: `Version 2008-10-17 is the language's first version; 2012-10-17 adds policy variables and is what AWS documents and generates.`,
		run: func(l *linter, c *Check) {
			if l.p.Version == policy.Version2008 && !l.usesVariables() {
				l.add(c, nil, l.p.VersionPos, `"Version" is "2008-10-17", the language's first version`, `write "Version": "2012-10-17"`)
			}
		},
	},
	{
		ID: "iam-version-2008-variables", Class: Error, Severity: finding.High,
		Title:       "Policy variables in a 2008-10-17 policy are literal text",
		Explanation: `Policy variables are substituted only in version 2012-10-17 policies. In a 2008-10-17 policy, or one without a Version, "${aws:username}" is the literal text, so the statement matches no real resource or condition value.`,
		run: func(l *linter, c *Check) {
			if l.p.Version == policy.Version2012 {
				return
			}
			version := `"Version" is "2008-10-17"`
			if l.p.Version == "" {
				version = `the policy has no "Version"`
			}
			l.eachVariable(func(s *policy.Statement, v policy.Value, _ string) {
				l.add(c, s, v.Pos, fmt.Sprintf(`%s, so the policy variable in %q is literal text and matches nothing`, version, v.S),
					`write "Version": "2012-10-17"`)
			})
		},
	},
	{
		ID: "iam-duplicate-sid", Class: Error, Severity: finding.Medium,
		Title:       "Two statements have the same Sid",
		Explanation: `A Sid identifies a statement within its policy; IAM refuses identity policies with duplicate Sids, and tools that reference statements by Sid cannot tell them apart.`,
		run: func(l *linter, c *Check) {
			seen := map[string]*policy.Statement{}
			for _, s := range l.p.Statements {
				if s.Sid == "" {
					continue
				}
				if first, ok := seen[s.Sid]; ok {
					l.add(c, s, s.SidPos, fmt.Sprintf("Sid %q is already used by statement %d (line %d)", s.Sid, first.Index+1, first.Pos.Line),
						"give each statement its own Sid")
					continue
				}
				seen[s.Sid] = s
			}
		},
	},
	{
		ID: "iam-invalid-sid", Class: Error, Severity: finding.Medium,
		Title:       "A Sid has characters IAM does not accept",
		Explanation: `IAM accepts only ASCII letters and digits in the Sid of the policies it stores (identity policies, boundaries, trust policies); some resource policies accept more.`,
		Kinds:       []policy.Kind{policy.IdentityPolicy, policy.BoundaryPolicy, policy.SessionPolicy, policy.TrustPolicy, policy.SCP, policy.RCP},
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.SidPos.Valid() && !alphanumeric(s.Sid) {
					l.add(c, s, s.SidPos, fmt.Sprintf("Sid %q has characters other than A–Z, a–z and 0–9", s.Sid),
						fmt.Sprintf("write it as %q", sanitizeSid(s.Sid)))
				}
			}
		},
	},
	{
		ID: "iam-empty-condition", Class: Suggestion, Severity: finding.Info,
		Title:       "An empty Condition element",
		Explanation: `"Condition": {} sets no condition; it only suggests the statement is narrower than it is.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.ConditionPos.Valid() && len(s.Condition) == 0 {
					l.add(c, s, s.ConditionPos, `"Condition" is empty: the statement applies unconditionally`, `remove "Condition" or write the conditions meant`)
				}
			}
		},
	},
	{
		ID: "iam-deny-only-policy", Class: Suggestion, Severity: finding.Info,
		Title:       "The policy allows nothing",
		Explanation: `An identity policy with only Deny statements grants nothing by itself: it limits what the principal's other policies allow. That is often the intent (a guard-rail), but a reader may take it for a grant.`,
		Kinds:       identityKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect == policy.Allow {
					return
				}
			}
			if n := len(l.p.Statements); n > 0 {
				what := fmt.Sprintf("all %d statements are Deny", n)
				if n == 1 {
					what = "its only statement is a Deny"
				}
				l.add(c, nil, l.p.Pos, what+": the policy grants nothing by itself, it only removes what other policies allow",
					"attach it alongside the policies that grant access, or use it as a permissions boundary or SCP if it is meant as a guard-rail")
			}
		},
	},
	{
		ID: "iam-variable-in-action", Class: Error, Severity: finding.High,
		Title:       "A policy variable in Action or NotAction",
		Explanation: `Policy variables are substituted in Resource and in condition values only; in an action they are literal text and the action matches nothing.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					if hasVariable(v.S) {
						l.add(c, s, v.Pos, fmt.Sprintf("action %q holds a policy variable, which IAM does not substitute in actions", v.S), "name the actions literally")
					}
				}
			}
		},
	},
	{
		ID: "iam-variable-in-principal", Class: Error, Severity: finding.High,
		Title:       "A policy variable in Principal",
		Explanation: `Policy variables are not substituted in Principal or NotPrincipal; the value is taken literally and names no principal.`,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
					for _, v := range principalValues(pr) {
						if hasVariable(v.S) {
							l.add(c, s, v.Pos, fmt.Sprintf("principal %q holds a policy variable, which IAM does not substitute in principals", v.S),
								"name the principal literally, or use a condition on aws:PrincipalArn")
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-unknown-variable", Class: Warning, Severity: finding.Medium,
		Title:       "A policy variable names no known condition key",
		Explanation: `A variable such as ${aws:usrname} that names no condition key is never present in a request, so the value it is in matches nothing (unless it gives a default).`,
		run: func(l *linter, c *Check) {
			if l.p.Version != policy.Version2012 {
				return
			}
			l.eachVariable(func(s *policy.Statement, v policy.Value, name string) {
				switch name {
				case "*", "?", "$":
					return
				}
				if i := strings.IndexByte(name, ','); i >= 0 {
					return // a default: the author knows the key may be absent
				}
				if _, ok := catalog.ConditionKey(name); !ok && !providerKey(name) {
					l.add(c, s, v.Pos, fmt.Sprintf("policy variable ${%s} in %q names no known condition key", name, v.S),
						"check its spelling (like ${aws:username} or ${aws:PrincipalTag/team})")
				}
			})
		},
	},
}

// runTypeCheck reports Policy.Check's problems of one cause.
func runTypeCheck(cause error) func(*linter, *Check) {
	return func(l *linter, c *Check) {
		for _, err := range l.p.Check(l.kind) {
			var pe *policy.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, cause) {
				continue
			}
			pos := policy.Pos{Line: pe.Line, Col: pe.Column}
			fix := "remove the element"
			if cause == policy.ErrMissing {
				fix = "add the element"
			}
			l.add(c, l.statementAt(pos), pos, pe.Err.Error(), fix)
		}
	}
}

// statementAt returns the statement at a position, or nil.
func (l *linter) statementAt(pos policy.Pos) *policy.Statement {
	var at *policy.Statement
	for _, s := range l.p.Statements {
		if s.Pos.Line < pos.Line || s.Pos.Line == pos.Line && s.Pos.Col <= pos.Col {
			at = s
		}
	}
	return at
}

func alphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// sanitizeSid turns "allow s3-read" into "AllowS3Read".
func sanitizeSid(s string) string {
	var b strings.Builder
	up := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			if up && 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b.WriteByte(c)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		return "Statement1"
	}
	return b.String()
}

func actionValues(s *policy.Statement) []policy.Value {
	if s.Action != nil {
		return s.Action.Values
	}
	if s.NotAction != nil {
		return s.NotAction.Values
	}
	return nil
}

func resourceValues(s *policy.Statement) []policy.Value {
	if s.Resource != nil {
		return s.Resource.Values
	}
	if s.NotResource != nil {
		return s.NotResource.Values
	}
	return nil
}

func principalValues(pr *policy.Principal) []policy.Value {
	if pr == nil {
		return nil
	}
	var out []policy.Value
	for _, k := range pr.Kinds {
		out = append(out, k.Values.Values...)
	}
	return out
}

// eachVariable calls f for each policy variable in a Resource, NotResource
// or condition value, with the variable's name ("aws:username").
func (l *linter) eachVariable(f func(s *policy.Statement, v policy.Value, name string)) {
	for _, s := range l.p.Statements {
		vals := resourceValues(s)
		for _, c := range s.Condition {
			vals = append(vals[:len(vals):len(vals)], c.Values.Values...)
		}
		for _, v := range vals {
			for _, name := range variables(v.S) {
				f(s, v, name)
			}
		}
	}
}

func (l *linter) usesVariables() bool {
	found := false
	l.eachVariable(func(*policy.Statement, policy.Value, string) { found = true })
	return found
}

// variables lists the names of the policy variables in s: "aws:username"
// of "home/${aws:username}/*", "aws:PrincipalTag/team, 'none'" with its
// default.
func variables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, strings.TrimSpace(s[i+2:i+j]))
		s = s[i+j+1:]
	}
}

// providerKey reports whether a condition key belongs to an identity
// provider ("token.actions.githubusercontent.com:sub", "saml:aud"), whose
// keys the catalogue lists only in part.
func providerKey(name string) bool {
	i := strings.IndexByte(name, ':')
	if i < 0 {
		return false
	}
	prefix := name[:i]
	return strings.ContainsAny(prefix, "./") || strings.EqualFold(prefix, "saml")
}
