package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

func organizationsChecks() []*Check {
	return []*Check{organizationsSCPGuardrails}
}

// orgGuardrail is one thing an SCP should stop member accounts from doing:
// it is in place when a Deny statement covers every one of its actions.
type orgGuardrail struct {
	name    string
	actions []string
}

var orgGuardrails = []orgGuardrail{
	{"leaving the organization", []string{"organizations:LeaveOrganization"}},
	{"stopping or deleting CloudTrail trails", []string{"cloudtrail:StopLogging", "cloudtrail:DeleteTrail"}},
	{"disabling GuardDuty", []string{"guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount"}},
}

var organizationsSCPGuardrails = &Check{
	ID:       "organizations-scp-guardrails",
	Service:  "organizations",
	Title:    "Service control policies stop member accounts from leaving the organization or disabling CloudTrail and GuardDuty",
	Severity: finding.High,
	// Results are about member accounts; the policies and OUs decide them.
	ResourceType: "AWS::Organizations::Account",
	Needs:        []string{"AWS::Organizations::Policy", "AWS::Organizations::OrganizationalUnit"},
	Rationale: "With only the default FullAWSAccess SCP, an administrator of a member account (or an attacker holding " +
		"an admin role there) can stop the organization trail's logging in that account, delete its GuardDuty " +
		"detector, and even take the account out of the organization, leaving every central control, " +
		"consolidated log and delegated security service behind. SCPs are the only control that account admins " +
		"cannot undo: a Deny on organizations:LeaveOrganization, cloudtrail:StopLogging/DeleteTrail and " +
		"guardduty:DeleteDetector, attached to the root or to every OU, keeps the guardrails on no matter who " +
		"is compromised. SCPs do not apply to the management account, which is why it should hold no workloads.",
	Verify: "aws organizations list-policies-for-target --target-id ACCOUNT_OR_OU --filter SERVICE_CONTROL_POLICY for the account, each " +
		"parent OU and the root; aws organizations describe-policy --policy-id p-... — a Deny statement must cover each of the actions.",
	Remediation: Remediation{
		Summary: "Attach an SCP denying organizations:LeaveOrganization, cloudtrail:StopLogging/DeleteTrail and guardduty:DeleteDetector to the root or every OU.",
		Console: "AWS Organizations > Policies > Service control policies > Create policy (deny the actions, optionally excepting a break-glass role " +
			"with ArnNotLike aws:PrincipalARN) > Targets > Attach to the root or to each OU.",
		CLI: "aws organizations create-policy --type SERVICE_CONTROL_POLICY --name DenyLeaveOrgAndSecurityTampering --description \"Baseline guardrails\" --content " +
			`'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["organizations:LeaveOrganization","cloudtrail:StopLogging","cloudtrail:DeleteTrail",` +
			`"guardduty:DeleteDetector","guardduty:DisassociateFromAdministratorAccount"],"Resource":"*"}]}'` + "\n" +
			"aws organizations attach-policy --policy-id p-7x8y9z0a1b --target-id r-a1b2",
		Terraform: "resource \"aws_organizations_policy\" \"guardrails\" {\n  name    = \"DenyLeaveOrgAndSecurityTampering\"\n  type    = \"SERVICE_CONTROL_POLICY\"\n" +
			"  content = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Deny\"\n" +
			"      Action   = [\"organizations:LeaveOrganization\", \"cloudtrail:StopLogging\", \"cloudtrail:DeleteTrail\", \"guardduty:DeleteDetector\", \"guardduty:DisassociateFromAdministratorAccount\"]\n" +
			"      Resource = \"*\"\n    }]\n  })\n}\n\nresource \"aws_organizations_policy_attachment\" \"root\" {\n" +
			"  policy_id = aws_organizations_policy.guardrails.id\n  target_id = aws_organizations_organization.org.roots[0].id\n}",
	},
	Seed: []string{"org-guidelines", "compliance-best-practices", "cloudtrail-integrity"},
	Run: func(c *Context) {
		// Accounts of the estate with a gap in a type the check reads get
		// their "error" here and are not judged again below.
		assessable := map[string]bool{}
		for a := range c.Accounts() {
			assessable[a.ID] = true
		}
		o := c.Estate.Organization
		if o == nil {
			for _, a := range c.Estate.Accounts {
				if assessable[a.ID] {
					c.Unknown(AtScope(a, nil, "AWS::Organizations::Account"),
						"the AWS Organizations view was not collected (scan with access to the management or a delegated administrator account)")
				}
			}
			return
		}
		var gap *inventory.Gap
		for _, t := range []string{"AWS::Organizations::Policy", "AWS::Organizations::OrganizationalUnit", "AWS::Organizations::Account"} {
			if g, ok := inventory.GapFor(o.Gaps, t); ok {
				gap = &g
				break
			}
		}
		for _, acct := range o.Accounts {
			if acct.ID == o.ManagementAccount {
				continue // SCPs never apply to the management account
			}
			if c.Estate.Account(acct.ID) != nil && !assessable[acct.ID] {
				continue
			}
			loc := orgLoc(acct)
			if gap != nil {
				c.Unknown(loc, "not assessed: "+gap.Call+" failed ("+gap.Code+")", finding.Evidence{Field: "gap", Value: gap.Code + " " + gap.Message, Source: gap.Call})
				continue
			}
			if o.FeatureSet != "" && o.FeatureSet != "ALL" {
				c.Fail(loc, "the organization has only consolidated billing ("+o.FeatureSet+"): service control policies cannot be used",
					finding.Evidence{Field: "FeatureSet", Value: o.FeatureSet, Source: "organizations:DescribeOrganization"})
				continue
			}
			orgJudgeGuardrails(c, o, acct, loc)
		}
	},
}

// orgJudgeGuardrails records one result for a member account from the SCPs
// attached to it, its OUs and the root.
func orgJudgeGuardrails(c *Context, o *inventory.Organization, acct *inventory.OrgAccount, loc Loc) {
	targets := append([]string{acct.ID}, o.Ancestors(acct.ParentID)...)
	var names []string
	var deny []policy.Statement
	for _, p := range o.Policies {
		if p.PolicyType != inventory.ServiceControlPolicy {
			continue
		}
		if !slices.ContainsFunc(p.Targets, func(t inventory.PolicyTarget) bool { return slices.Contains(targets, t.TargetID) }) {
			continue
		}
		if p.Content == "" {
			c.Unknown(loc, "the content of SCP "+p.Name+" was not read")
			return
		}
		d, err := c.Policy(p.Content)
		if err != nil {
			c.Unknown(loc, "SCP "+p.Name+" could not be read: "+err.Error())
			return
		}
		names = append(names, p.Name)
		for _, s := range d.Statements {
			if s.Effect == "Deny" {
				deny = append(deny, s)
			}
		}
	}
	var have, missing []string
	for _, g := range orgGuardrails {
		covered := true
		for _, act := range g.actions {
			if !slices.ContainsFunc(deny, func(s policy.Statement) bool { return s.CoversAction(act) }) {
				covered = false
			}
		}
		if covered {
			have = append(have, g.name)
		} else {
			missing = append(missing, g.name)
		}
	}
	ev := []finding.Evidence{
		{Field: "EffectiveSCPs", Value: Show(names), Source: "organizations:ListPoliciesForTarget"},
		{Field: "Targets", Value: strings.Join(targets, " < "), Source: "organizations:ListParents"},
	}
	where := "account " + acct.ID
	if acct.Name != "" {
		where += " (" + acct.Name + ")"
	}
	switch {
	case len(have) == 0:
		c.Fail(loc, fmt.Sprintf("no SCP on %s denies %s; SCPs in effect: %s", where, strings.Join(missing, ", "), Show(names)), ev...)
	case len(missing) > 0:
		c.FailAt(finding.Medium, loc, fmt.Sprintf("SCPs on %s deny %s, but not %s", where, strings.Join(have, ", "), strings.Join(missing, ", ")), ev...)
	default:
		c.Pass(loc, fmt.Sprintf("SCPs on %s deny %s", where, strings.Join(have, ", ")), ev...)
	}
}

// orgLoc locates a result on an organization member account.
func orgLoc(acct *inventory.OrgAccount) Loc {
	return At(&inventory.Account{ID: acct.ID}, nil, acct)
}
