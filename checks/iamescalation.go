package checks

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/estate"
	"github.com/awssec/awssec/inventory"
)

// iamPrivilegeEscalation reports the users and roles that can raise their
// own privileges: a known escalation method whose actions their policies
// allow, or a role they can assume that holds every permission. It runs
// the same engine as `awssec iam escalation`.
var iamPrivilegeEscalation = &Check{
	ID:           "iam-privilege-escalation",
	Costly:       true,
	Service:      "iam",
	Title:        "No user or role can escalate its own privileges",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::Role",
	Rationale: "A principal that may, say, pass a role to a new Lambda function and invoke it, attach a policy to " +
		"itself, create a new version of a policy it uses, or assume a role that holds every permission is an " +
		"administrator in waiting: whoever steals its credentials (a leaked CI key, an SSRF on the instance it " +
		"runs on) gets the stronger permissions too, and the audit trail shows nothing unusual until it is used. " +
		"Least privilege is about what a principal can become, not only about what it holds.",
	Verify: "awssec iam escalation --inventory estate.json lists each path with the actions and resources that allow it; " +
		"aws iam simulate-principal-policy --policy-source-arn ARN --action-names iam:PassRole lambda:CreateFunction " +
		"lambda:InvokeFunction confirms one.",
	Remediation: Remediation{
		Summary: "Remove the actions of the path (or pin them to the resources the principal really needs: iam:PassRole to " +
			"one role with iam:PassedToService, iam:*Policy* never on itself), or attach a permissions boundary that denies them.",
		Console: "IAM > Users or Roles > select the principal > Permissions: edit the policy that grants the actions the finding " +
			"names, or set a permissions boundary that does not allow them.",
		CLI:       "aws iam put-role-permissions-boundary --role-name NAME --permissions-boundary arn:aws:iam::111122223333:policy/no-iam-write",
		Terraform: "resource \"aws_iam_role\" \"r\" {\n  # ...\n  permissions_boundary = aws_iam_policy.no_iam_write.arn\n}",
	},
	Seed: []string{"lambda-iam", "cross-account-access", "secure-configuration"},
	Run: func(c *Context) {
		paths := memo(c, "escalation-paths", func() escalationIndex { return indexEscalations(c) })
		if paths.err != nil {
			for a := range c.Accounts() {
				c.Unknown(AtScope(a, nil, "AWS::IAM::Role"), "escalation paths could not be computed: "+paths.err.Error())
			}
			return
		}
		// One result per user and role: size the results once, not by
		// doubling, on estates of thousands of principals.
		n := 0
		for _, a := range c.Estate.Accounts {
			n += len(a.Resources.IAMUsers) + len(a.Resources.IAMRoles)
		}
		c.full = append(c.full, c.findings)
		c.findings = make([]finding.Finding, 0, n)
		for a := range c.Accounts() {
			check := func(res inventory.Resource, arn string) {
				loc := At(a, nil, res)
				key := a.ID + "\x00" + arn
				if ps := paths.by[key]; len(ps) > 0 {
					// The message names every method; the evidence shows how
					// the first few are allowed (iam escalation lists all).
					ev := make([]finding.Evidence, 0, min(len(ps), maxEscalationEvidence))
					methods := make([]string, 0, len(ps))
					for i, p := range ps {
						methods = append(methods, p.Method)
						if i < maxEscalationEvidence {
							ev = append(ev, finding.Evidence{Field: p.Method, Value: strings.Join(p.Via, "; "), Source: "iam/estate"})
						}
					}
					c.Fail(loc, fmt.Sprintf("%s (%s): %s", countOf(len(ps), "escalation path", "escalation paths"),
						strings.Join(methods, ", "), ps[0].Gains), ev...)
					return
				}
				// No path found is a pass only when every policy was used.
				if why, ok := paths.incomplete[key]; !ok || why != "" {
					if !ok {
						why = "its policies could not be evaluated"
					}
					c.Unknown(loc, "no escalation path found, but "+why)
					return
				}
				if lists := iamUnreadPolicyLists(res.Metadata().Unread); len(lists) > 0 {
					c.Unknown(loc, "no escalation path found, but these lists of its policies were not read: "+strings.Join(lists, ", "))
					return
				}
				c.Pass(loc, "no escalation path: no known method's actions are all allowed, and no role it may assume holds every permission")
			}
			for _, u := range a.Resources.IAMUsers {
				check(u, u.ARN)
			}
			for _, r := range a.Resources.IAMRoles {
				if !r.ServiceLinked {
					check(r, r.ARN)
				}
			}
		}
	},
}

// iamUnreadPolicyLists are the policy lists of a principal a source could
// not read.
func iamUnreadPolicyLists(unread []string) []string {
	var out []string
	for _, k := range unread {
		switch k {
		case inventory.ListInlinePolicies, inventory.ListAttachedPolicies, inventory.ListGroups:
			out = append(out, k)
		}
	}
	return out
}

// maxEscalationEvidence bounds the evidence of one principal's result.
const maxEscalationEvidence = 3

// escalationIndex is the estate's escalation paths by principal ARN. An
// administrator already holds everything, so it has no path to report;
// assuming a role is a path only when the role is an administrator
// (AdminEscalations leaves the others out).
type escalationIndex struct {
	// by and incomplete are keyed by account and principal ARN.
	by map[string][]estate.Path
	// incomplete says, for each principal evaluated, why a path may have
	// been missed ("" when nothing was); a principal not in it could not
	// be evaluated at all.
	incomplete map[string]string
	err        error
}

func indexEscalations(c *Context) escalationIndex {
	g := estate.Build(c.Estate)
	idx := escalationIndex{by: map[string][]estate.Path{}, incomplete: map[string]string{}}
	for _, p := range g.Principals {
		why := ""
		if len(p.Incomplete) > 0 {
			why = "these policies could not be used: " + strings.Join(p.Incomplete, "; ")
		}
		idx.incomplete[p.Account+"\x00"+p.ARN] = why
	}
	paths, err := g.AdminEscalations()
	if err != nil {
		idx.err = err
		return idx
	}
	for _, p := range paths {
		if p.Method != "administrator" {
			key := p.Account + "\x00" + p.Principal
			idx.by[key] = append(idx.by[key], p)
		}
	}
	return idx
}
