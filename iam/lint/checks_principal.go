package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/policy"
)

// Checks of principals, in resource and trust policies.
var principalChecks = []*Check{
	{
		ID: "iam-wildcard-principal", Class: SecurityWarning, Severity: finding.Critical,
		Title:       `Allow to "Principal": "*" without a restricting condition`,
		Explanation: `A resource policy that allows "*" allows anyone — any AWS account, and for some services anonymous callers — unless a condition narrows it to an organisation, account, network or source (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce, …).`,
		Kinds:       resourceKinds,
		run: func(l *linter, c *Check) {
			l.eachWildcardPrincipal(func(s *policy.Statement, pos policy.Pos) {
				l.add(c, s, pos, fmt.Sprintf("statement %d allows %s to any principal, in any account, with no condition restricting who", s.Index+1, actionsPhrase(s)),
					`name the principals, or add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-…"} or {"aws:SourceAccount": "111122223333"}`)
			})
		},
	},
	{
		ID: "iam-trust-wildcard-principal", Class: SecurityWarning, Severity: finding.Critical,
		Title:       `A role anyone can assume`,
		Explanation: `A trust policy that allows "Principal": "*" lets any AWS principal in any account assume the role, unless a condition narrows it.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			l.eachWildcardPrincipal(func(s *policy.Statement, pos policy.Pos) {
				l.add(c, s, pos, fmt.Sprintf("statement %d lets any principal of any AWS account assume the role", s.Index+1),
					`name the principals that may assume the role, or add "StringEquals": {"aws:PrincipalOrgID": "o-…"}`)
			})
		},
	},
	{
		ID: "iam-service-principal-no-source", Class: SecurityWarning, Severity: finding.Medium,
		Title:       "A service principal without aws:SourceArn or aws:SourceAccount",
		Explanation: `A service acts for many customers. A resource policy that allows a service principal without aws:SourceArn or aws:SourceAccount lets the service act on the resource for anyone's request — the confused-deputy problem.`,
		Kinds:       resourceKinds,
		run: func(l *linter, c *Check) {
			l.eachServicePrincipalWithoutSource(func(s *policy.Statement, v policy.Value) {
				l.add(c, s, v.Pos, fmt.Sprintf("service principal %q is allowed without a condition on aws:SourceArn or aws:SourceAccount, so another account's resource can make the service act on this one", v.S),
					`add "StringEquals": {"aws:SourceAccount": "<your account>"} and "ArnLike": {"aws:SourceArn": "<the resource that calls>"}`)
			})
		},
	},
	{
		ID: "iam-trust-service-no-source", Class: Suggestion, Severity: finding.Low,
		Title:       "A trust policy for a service without aws:SourceArn or aws:SourceAccount",
		Explanation: `For services that pass them, aws:SourceArn and aws:SourceAccount in a role's trust policy ensure the service assumes the role only for your resources (the confused-deputy problem).`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			l.eachServicePrincipalWithoutSource(func(s *policy.Statement, v policy.Value) {
				l.add(c, s, v.Pos, fmt.Sprintf("service principal %q may assume the role on behalf of any account's resources", v.S),
					`where the service supports it, add "StringEquals": {"aws:SourceAccount": "<your account>"}`)
			})
		},
	},
	{
		ID: "iam-trust-account-root", Class: Suggestion, Severity: finding.Low,
		Title:       "A role trusted by a whole account, without conditions",
		Explanation: `Trusting an account ("arn:aws:iam::111122223333:root") lets every principal of that account whose own policies allow sts:AssumeRole assume the role. For a third party, require sts:ExternalId; within your organisation, name the roles.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow || len(s.Condition) > 0 || s.Principal == nil {
					continue
				}
				for _, k := range s.Principal.Kinds {
					if k.Kind != "AWS" {
						continue
					}
					for _, v := range k.Values.Values {
						if acct, ok := accountRoot(v.S); ok {
							l.add(c, s, v.Pos, fmt.Sprintf("every principal of account %s that its administrators allow sts:AssumeRole can assume the role", acct),
								`name the roles that may assume it, or for a third party add "StringEquals": {"sts:ExternalId": "<secret agreed with them>"}`)
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-trust-oidc-unrestricted", Class: SecurityWarning, Severity: finding.Critical,
		Title:       "A role for an OIDC provider without audience or subject conditions",
		Explanation: `An OIDC provider such as GitHub Actions issues tokens to all its users. Without conditions on the token's subject (and audience), anyone with an account at the provider — any GitHub repository — can assume the role.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Effect != policy.Allow {
					continue
				}
				for _, v := range federatedValues(s) {
					host, ok := oidcHost(v.S)
					if !ok {
						continue
					}
					need := []string{"sub", "aud"}
					if strings.EqualFold(host, githubHost) {
						need = []string{"sub"}
					}
					if !restrictsClaim(s, host, need) {
						msg := fmt.Sprintf("any identity that %s issues a token to can assume the role: no condition on %s:%s", host, host, strings.Join(need, " or :"))
						if strings.EqualFold(host, githubHost) {
							msg = fmt.Sprintf("any GitHub Actions workflow, in any repository, can assume the role: no condition on %s:sub", host)
						}
						l.add(c, s, v.Pos, msg, fmt.Sprintf(`add "StringEquals": {"%s:aud": "sts.amazonaws.com"} and "StringLike": {"%s:sub": "repo:<org>/<repo>:ref:refs/heads/main"}`, host, host))
					}
				}
			}
		},
	},
	{
		ID: "iam-trust-oidc-wildcard-sub", Class: SecurityWarning, Severity: finding.High,
		Title:       "An OIDC subject condition that any subject matches",
		Explanation: `A subject condition such as "repo:*" or "*" matches every repository or user of the provider: the condition is there, but restricts nothing.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, cond := range s.Condition {
					i := strings.LastIndexByte(cond.Key, ':')
					if i < 0 || !strings.EqualFold(cond.Key[i+1:], "sub") || !strings.Contains(cond.Key[:i], ".") || negated(cond.Base) {
						continue
					}
					for _, v := range cond.Values.Values {
						if v.S == "*" || strings.HasPrefix(v.S, "*") || strings.HasPrefix(v.S, "repo:*") {
							l.add(c, s, v.Pos, fmt.Sprintf("%s %q matches every subject of the provider", cond.Key, v.S),
								`name the repository and branch or environment: "repo:<org>/<repo>:ref:refs/heads/main"`)
						}
					}
				}
			}
		},
	},
	{
		ID: "iam-invalid-aws-principal", Class: Error, Severity: finding.High,
		Title:       "An AWS principal that is not an account, user, role or session",
		Explanation: `An "AWS" principal is "*", a 12-digit account id, or the ARN of an account root, user, role, assumed-role session or federated user. IAM groups cannot be principals, and other text is refused or matches nothing.`,
		Kinds:       principalKinds,
		run: func(l *linter, c *Check) {
			l.eachPrincipal("AWS", func(s *policy.Statement, v policy.Value) {
				x := v.S
				if x == "*" || accountID.MatchString(x) || uniqueID.MatchString(x) || hasVariable(x) || hasWildcard(x) && strings.HasPrefix(x, "arn:") {
					return
				}
				if strings.Contains(x, ":group/") {
					l.add(c, s, v.Pos, fmt.Sprintf("%q is an IAM group, and groups cannot be principals", x), "name the users or roles, or use a condition on aws:PrincipalArn")
					return
				}
				if !principalARN.MatchString(x) {
					l.add(c, s, v.Pos, fmt.Sprintf("%q is not an account id or the ARN of an account root, user, role or session", x),
						"write a 12-digit account id or an ARN such as arn:aws:iam::111122223333:role/name")
				}
			})
		},
	},
	{
		ID: "iam-invalid-service-principal", Class: Error, Severity: finding.High,
		Title:       "A service principal that is not a service's name",
		Explanation: `A "Service" principal is a service's DNS-like name, such as lambda.amazonaws.com; a short name ("lambda"), an ARN or a wildcard names no service.`,
		Kinds:       principalKinds,
		run: func(l *linter, c *Check) {
			l.eachPrincipal("Service", func(s *policy.Statement, v policy.Value) {
				if !servicePrincipal.MatchString(v.S) {
					fix := "write the service's principal, such as lambda.amazonaws.com"
					if !strings.ContainsAny(v.S, ".:*") {
						fix = fmt.Sprintf("write %q", v.S+".amazonaws.com")
					}
					l.add(c, s, v.Pos, fmt.Sprintf("%q is not a service principal", v.S), fix)
				}
			})
		},
	},
	{
		ID: "iam-principal-arn-wildcard", Class: Error, Severity: finding.High,
		Title:       "A wildcard inside a principal ARN",
		Explanation: `Principal ARNs take no wildcards ("arn:aws:iam::111122223333:role/dev-*" is refused or matches nothing); only "*" alone stands for everyone. Use "Principal": "*" with an ArnLike condition on aws:PrincipalArn.`,
		Kinds:       principalKinds,
		run: func(l *linter, c *Check) {
			l.eachPrincipal("AWS", func(s *policy.Statement, v policy.Value) {
				if v.S != "*" && hasWildcard(v.S) {
					l.add(c, s, v.Pos, fmt.Sprintf("principal %q has a wildcard, which principals do not take", v.S),
						fmt.Sprintf(`use "Principal": {"AWS": "*"} with "ArnLike": {"aws:PrincipalArn": %q}`, v.S))
				}
			})
		},
	},
	{
		ID: "iam-principal-deleted", Class: Warning, Severity: finding.Medium,
		Title:       "A principal shown as a unique id: it was deleted",
		Explanation: `When a user or role named in a policy is deleted, AWS replaces its ARN with its unique id (AIDA…, AROA…). Re-creating a principal with the same name does not restore access; the entry is dead.`,
		Kinds:       principalKinds,
		run: func(l *linter, c *Check) {
			l.eachPrincipal("AWS", func(s *policy.Statement, v policy.Value) {
				if uniqueID.MatchString(v.S) {
					l.add(c, s, v.Pos, fmt.Sprintf("principal %q is a unique id: the user or role it named was deleted", v.S),
						"remove it, or name the re-created principal's ARN")
				}
			})
		},
	},
	{
		ID: "iam-notprincipal", Class: Warning, Severity: finding.Medium,
		Title:       "NotPrincipal",
		Explanation: `"Deny" with "NotPrincipal" denies everyone but the listed principals, and must list sessions and account roots exactly or it denies them too. AWS recommends "Principal": "*" with an ArnNotEquals condition on aws:PrincipalArn instead.`,
		Kinds:       principalKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.NotPrincipal != nil && s.Effect == policy.Deny {
					l.add(c, s, s.NotPrincipal.KeyPos, fmt.Sprintf("statement %d denies every principal except %s", s.Index+1, quoteList(principalStrings(s.NotPrincipal), 3)),
						`write "Principal": "*" with "ArnNotEquals": {"aws:PrincipalArn": [...]}`)
				}
			}
		},
	},
	{
		ID: "iam-trust-action", Class: Error, Severity: finding.High,
		Title:       "A trust policy action that is not an STS action",
		Explanation: `A role's trust policy controls sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext; other actions have no meaning there.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				for _, v := range actionValues(s) {
					if v.S != "*" && !strings.EqualFold(service(v.S), "sts") {
						l.add(c, s, v.Pos, fmt.Sprintf("%q is not an STS action; a trust policy only controls who may assume the role", v.S),
							"grant it in the role's permissions policy instead")
					}
				}
			}
		},
	},
	{
		ID: "iam-trust-action-principal-mismatch", Class: Error, Severity: finding.High,
		Title:       "A trust statement whose action does not fit its principal",
		Explanation: `AWS principals and services assume roles with sts:AssumeRole, OIDC identities with sts:AssumeRoleWithWebIdentity, SAML identities with sts:AssumeRoleWithSAML. A statement whose principal cannot make the call it allows lets nobody in.`,
		Kinds:       trustKinds,
		run: func(l *linter, c *Check) {
			for _, s := range l.p.Statements {
				if s.Principal == nil || s.Action == nil || s.Principal.Wildcard {
					continue
				}
				for _, k := range s.Principal.Kinds {
					var want string
					switch {
					case k.Kind != "Federated":
						want = "sts:AssumeRole"
					case slices.ContainsFunc(k.Values.Values, func(v policy.Value) bool { return strings.Contains(v.S, ":saml-provider/") }):
						want = "sts:AssumeRoleWithSAML"
					default:
						want = "sts:AssumeRoleWithWebIdentity"
					}
					if _, ok := matchAction(s, want); !ok {
						l.add(c, s, s.Action.Pos, fmt.Sprintf("%s principals assume roles with %s, which statement %d does not allow (it allows %s)", k.Kind, want, s.Index+1, quoteList(s.Action.Strings(), 3)),
							fmt.Sprintf("allow %q", want))
					}
				}
			}
		},
	},
}

var (
	uniqueID         = regexp.MustCompile(`^A(IDA|ROA|GPA|IPA|NPA|NVA|SCA|CCA)[A-Z0-9]{12,}$`)
	principalARN     = regexp.MustCompile(`^arn:aws[a-z-]*:(iam::[0-9]{12}:(root|user/.+|role/.+|federated-user/.+)|sts::[0-9]{12}:(assumed-role/.+/.+|federated-user/.+))$`)
	servicePrincipal = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov)$`)
	rootARN          = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):root$`)
)

const githubHost = "token.actions.githubusercontent.com"

// restrictingKeys narrow a wildcard principal to an organisation, account,
// network, source or identity.
var restrictingKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceVpc", "aws:SourceVpce",
	"aws:SourceIp", "aws:VpcSourceIp", "aws:userid", "aws:username", "aws:PrincipalServiceName", "aws:PrincipalIsAWSService",
	"kms:CallerAccount", "s3:DataAccessPointAccount", "s3:DataAccessPointArn", "sts:ExternalId"}

// sourceKeys tie a service's request to the resource or account it acts for.
var sourceKeys = []string{"aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// hasCondition reports whether s has a non-negated condition on one of
// keys (or a key starting with a prefix ending in '/') whose values are not
// just "*".
func hasCondition(s *policy.Statement, keys ...string) bool {
	for _, cond := range s.Condition {
		if negated(cond.Base) || cond.Base == "Null" {
			continue
		}
		if !slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, cond.Key) }) &&
			!hasPrefixFold(cond.Key, "aws:PrincipalTag/") {
			continue
		}
		if slices.ContainsFunc(cond.Values.Values, func(v policy.Value) bool { return v.S != "*" }) {
			return true
		}
	}
	return false
}

// eachWildcardPrincipal calls f for each Allow statement that names every
// principal without a restricting condition.
func (l *linter) eachWildcardPrincipal(f func(s *policy.Statement, pos policy.Pos)) {
	for _, s := range l.p.Statements {
		if s.Effect != policy.Allow || s.Principal == nil || hasCondition(s, restrictingKeys...) {
			continue
		}
		if s.Principal.Wildcard {
			f(s, s.Principal.Pos)
			continue
		}
		for _, k := range s.Principal.Kinds {
			if k.Kind != "AWS" {
				continue
			}
			for _, v := range k.Values.Values {
				if v.S == "*" {
					f(s, v.Pos)
				}
			}
		}
	}
}

func (l *linter) eachServicePrincipalWithoutSource(f func(s *policy.Statement, v policy.Value)) {
	for _, s := range l.p.Statements {
		if s.Effect != policy.Allow || s.Principal == nil || hasCondition(s, sourceKeys...) {
			continue
		}
		for _, k := range s.Principal.Kinds {
			if k.Kind != "Service" {
				continue
			}
			for _, v := range k.Values.Values {
				f(s, v)
			}
		}
	}
}

func (l *linter) eachPrincipal(kind string, f func(s *policy.Statement, v policy.Value)) {
	for _, s := range l.p.Statements {
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr == nil {
				continue
			}
			for _, k := range pr.Kinds {
				if k.Kind == kind {
					for _, v := range k.Values.Values {
						f(s, v)
					}
				}
			}
		}
	}
}

func principalStrings(pr *policy.Principal) []string {
	if pr.Wildcard {
		return []string{"*"}
	}
	var out []string
	for _, v := range principalValues(pr) {
		out = append(out, v.S)
	}
	return out
}

func federatedValues(s *policy.Statement) []policy.Value {
	if s.Principal == nil {
		return nil
	}
	var out []policy.Value
	for _, k := range s.Principal.Kinds {
		if k.Kind == "Federated" {
			out = append(out, k.Values.Values...)
		}
	}
	return out
}

// oidcHost returns the host of an OIDC provider principal:
// "token.actions.githubusercontent.com" of
// "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
// or the provider's name for the built-in ones (cognito-identity.amazonaws.com).
// ok is false for SAML providers.
func oidcHost(v string) (string, bool) {
	if strings.Contains(v, ":saml-provider/") {
		return "", false
	}
	if _, rest, ok := strings.Cut(v, ":oidc-provider/"); ok {
		return rest, true
	}
	if strings.HasPrefix(v, "arn:") {
		return "", false
	}
	return v, true
}

// restrictsClaim reports whether s has a non-negated condition on one of
// the host's claims.
func restrictsClaim(s *policy.Statement, host string, claims []string) bool {
	for _, cond := range s.Condition {
		if negated(cond.Base) || cond.Base == "Null" {
			continue
		}
		for _, claim := range claims {
			if strings.EqualFold(cond.Key, host+":"+claim) {
				return true
			}
		}
	}
	return false
}

// accountRoot returns the account a principal names as a whole.
func accountRoot(v string) (string, bool) {
	if accountID.MatchString(v) {
		return v, true
	}
	if m := rootARN.FindStringSubmatch(v); m != nil {
		return m[1], true
	}
	return "", false
}
