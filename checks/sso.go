package checks

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func ssoChecks() []*Check {
	return []*Check{ssoPermissionSetAdmin, ssoPermissionSetSessionDuration}
}

// ssoMaxSession is the longest session a permission set should grant.
const ssoMaxSession = 8 * time.Hour

var ssoPermissionSetAdmin = &Check{
	ID:           "sso-permission-set-admin",
	Service:      "sso",
	Title:        "Identity Center permission sets do not grant full administrator access",
	Severity:     finding.High,
	ResourceType: "AWS::SSO::PermissionSet",
	Rationale: "A permission set is provisioned as a role in every account it is assigned to, so one set with " +
		"AdministratorAccess (or an inline \"*:*\") makes every user or group assigned to it an administrator of " +
		"all those accounts at once, through a single sign-in at the identity provider. A phished IdP session, a " +
		"compromised third-party app with SSO rights or an over-broad group assignment then reaches the whole " +
		"organization; provisioned to the management account it reaches the organization's controls too. Keep " +
		"admin sets few, assigned to a small break-glass group, and use job-function sets for daily work.",
	Verify: "aws sso-admin list-permission-sets --instance-arn INSTANCE; for each: aws sso-admin " +
		"list-managed-policies-in-permission-set, get-inline-policy-for-permission-set and " +
		"list-accounts-for-provisioned-permission-set — look for arn:aws:iam::aws:policy/AdministratorAccess or an inline \"*\" on \"*\".",
	Remediation: Remediation{
		Summary: "Replace AdministratorAccess permission sets with job-function sets; keep admin for a small break-glass group with short sessions.",
		Console: "IAM Identity Center > Permission sets > select the set > Policies: detach AdministratorAccess and attach scoped policies; " +
			"AWS accounts: remove the set's assignment from accounts (above all the management account) where it is not needed.",
		CLI: "aws sso-admin detach-managed-policy-from-permission-set --instance-arn arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6 " +
			"--permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f60001 --managed-policy-arn arn:aws:iam::aws:policy/AdministratorAccess\n" +
			"aws sso-admin attach-managed-policy-to-permission-set --instance-arn arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6 " +
			"--permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f60001 --managed-policy-arn arn:aws:iam::aws:policy/PowerUserAccess\n" +
			"aws sso-admin provision-permission-set --instance-arn arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6 " +
			"--permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f60001 --target-type ALL_PROVISIONED_ACCOUNTS",
		Terraform: "resource \"aws_ssoadmin_permission_set\" \"developer\" {\n  name             = \"Developer\"\n  instance_arn     = local.sso_instance_arn\n" +
			"  session_duration = \"PT4H\"\n}\n\nresource \"aws_ssoadmin_managed_policy_attachment\" \"developer\" {\n" +
			"  instance_arn       = local.sso_instance_arn\n  permission_set_arn = aws_ssoadmin_permission_set.developer.arn\n" +
			"  managed_policy_arn = \"arn:aws:iam::aws:policy/PowerUserAccess\"\n}",
	},
	Seed: []string{"sso-third-party", "org-guidelines", "secure-configuration"},
	Run: func(c *Context) {
		mgmt := ""
		if c.Estate.Organization != nil {
			mgmt = c.Estate.Organization.ManagementAccount
		}
		for a := range c.Accounts() {
			for _, ps := range a.Resources.SSOPermissionSets {
				loc := At(a, nil, ps)
				if !ps.Known(inventory.ListManagedPolicies) || !ps.Known(inventory.ListInlinePolicy) ||
					!ps.Known(inventory.ListCustomerManagedPolicies) {
					c.Unknown(loc, "the permission set's policies were not read")
					continue
				}
				var admin []string
				if slices.Contains(ps.AWSManagedPolicies, iamAdminPolicyARN) {
					admin = append(admin, "AWS managed policy AdministratorAccess")
				}
				if ps.InlinePolicy != "" {
					how, ok, err := iamDocAdmin(c, ps.InlinePolicy)
					if err != nil {
						c.Unknown(loc, "the permission set's inline policy could not be read: "+err.Error())
						continue
					}
					if ok {
						admin = append(admin, "inline policy ("+how+")")
					}
				}
				custAdmin, unresolved := ssoCustomerAdmin(c, ps)
				admin = append(admin, custAdmin...)
				ev := []finding.Evidence{Ev(ps, "ManagedPolicies", ps.AWSManagedPolicies), Ev(ps, "ProvisionedAccounts", ps.ProvisionedAccounts)}
				if len(admin) == 0 && len(unresolved) > 0 {
					c.Unknown(loc, "customer managed policies could not be resolved: "+strings.Join(unresolved, ", "), ev...)
					continue
				}
				if len(admin) == 0 {
					c.Pass(loc, "grants no full administrator access", ev...)
					continue
				}
				msg := "grants full admin through " + strings.Join(admin, " and ")
				sev := c.check.Severity
				if !ps.Known(inventory.ListProvisionedAccounts) {
					msg += "; the accounts it is provisioned to were not read"
				} else {
					msg += fmt.Sprintf("; provisioned to %d account(s): %s", len(ps.ProvisionedAccounts), strings.Join(ps.ProvisionedAccounts, ", "))
					if mgmt != "" && slices.Contains(ps.ProvisionedAccounts, mgmt) {
						msg += " (including the management account)"
						sev = finding.Critical
					}
				}
				c.FailAt(sev, loc, msg, ev...)
			}
		}
	},
}

// ssoCustomerAdmin resolves a permission set's customer managed policy
// references in the accounts it is provisioned to and names those that grant
// full admin. References it cannot resolve (the account was not scanned, its
// policies were not read, no policy of that name) are returned as unresolved.
func ssoCustomerAdmin(c *Context, ps *inventory.SSOPermissionSet) (admin, unresolved []string) {
	for _, ref := range ps.CustomerManagedPolicies {
		path := cmp.Or(ref.Path, "/")
		for _, id := range ps.ProvisionedAccounts {
			acct := c.Estate.Account(id)
			if acct == nil {
				unresolved = append(unresolved, ref.Name+" in "+id+" (account not scanned)")
				continue
			}
			if _, gap := inventory.GapFor(acct.Gaps, "AWS::IAM::Policy"); gap {
				unresolved = append(unresolved, ref.Name+" in "+id+" (policies not read)")
				continue
			}
			i := slices.IndexFunc(acct.Resources.IAMPolicies, func(p *inventory.IAMPolicy) bool {
				return !p.AWSManaged && p.Name == ref.Name && cmp.Or(p.Path, "/") == path
			})
			if i < 0 || acct.Resources.IAMPolicies[i].Document == "" {
				unresolved = append(unresolved, ref.Name+" in "+id+" (policy not found)")
				continue
			}
			how, ok, err := iamDocAdmin(c, acct.Resources.IAMPolicies[i].Document)
			switch {
			case err != nil:
				unresolved = append(unresolved, ref.Name+" in "+id+" ("+err.Error()+")")
			case ok:
				admin = append(admin, fmt.Sprintf("customer managed policy %s in %s (%s)", ref.Name, id, how))
			}
		}
	}
	return admin, unresolved
}

var ssoPermissionSetSessionDuration = &Check{
	ID:           "sso-permission-set-session-duration",
	Service:      "sso",
	Title:        fmt.Sprintf("Identity Center permission sets limit sessions to %s or less", ssoHours(ssoMaxSession)),
	Severity:     finding.Medium,
	ResourceType: "AWS::SSO::PermissionSet",
	Rationale: "The session duration is how long the role credentials and console session of a permission set stay " +
		"valid after sign-in. Credentials copied from a laptop (~/.aws/sso/cache, the environment of a terminal, a " +
		"browser session token) keep working for that long even after the user is disabled at the identity " +
		"provider, because STS credentials cannot be revoked one by one. Long sessions on privileged sets widen " +
		"that window to a full day; AWS's default is one hour.",
	Verify: "aws sso-admin describe-permission-set --instance-arn INSTANCE --permission-set-arn PS --query PermissionSet.SessionDuration — at most PT8H (PT1H for admin sets).",
	Remediation: Remediation{
		Summary: "Shorten the permission set's session duration (PT1H for admin sets, at most PT8H) and re-provision it.",
		Console: "IAM Identity Center > Permission sets > select the set > Edit > Session duration: 1 hour; then Accounts > Update / re-provision.",
		CLI: "aws sso-admin update-permission-set --instance-arn arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6 " +
			"--permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f60001 --session-duration PT1H\n" +
			"aws sso-admin provision-permission-set --instance-arn arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6 " +
			"--permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f60001 --target-type ALL_PROVISIONED_ACCOUNTS",
		Terraform: "resource \"aws_ssoadmin_permission_set\" \"admin\" {\n  name             = \"AdministratorAccess\"\n" +
			"  instance_arn     = local.sso_instance_arn\n  session_duration = \"PT1H\"\n}",
	},
	Seed: []string{"sso-third-party", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, ps := range a.Resources.SSOPermissionSets {
				loc := At(a, nil, ps)
				ev := Ev(ps, "SessionDuration", ps.SessionDuration)
				if ps.SessionDuration == "" {
					c.Unknown(loc, "the permission set's session duration was not read", ev)
					continue
				}
				d, err := ssoParseDuration(ps.SessionDuration)
				switch {
				case err != nil:
					c.Unknown(loc, fmt.Sprintf("session duration %q could not be read: %v", ps.SessionDuration, err), ev)
				case d > ssoMaxSession:
					c.Fail(loc, fmt.Sprintf("sessions last %s (%s), longer than %s", ssoHours(d), ps.SessionDuration, ssoHours(ssoMaxSession)), ev)
				default:
					c.Pass(loc, fmt.Sprintf("sessions last %s (%s)", ssoHours(d), ps.SessionDuration), ev)
				}
			}
		}
	},
}

var ssoDurationPattern = regexp.MustCompile(`^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$`)

// ssoParseDuration reads the ISO 8601 time durations Identity Center uses
// ("PT1H", "PT12H", "PT1H30M", "PT3600S").
func ssoParseDuration(s string) (time.Duration, error) {
	m := ssoDurationPattern.FindStringSubmatch(s)
	if m == nil || s == "PT" {
		return 0, errors.New("not an ISO 8601 duration of the form PTnHnMnS")
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return 0, err
		}
		d += time.Duration(n) * unit
	}
	return d, nil
}

// ssoHours renders a duration in hours and minutes: "12 h", "1 h 30 min".
func ssoHours(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case m == 0:
		return fmt.Sprintf("%d h", h)
	case h == 0:
		return fmt.Sprintf("%d min", m)
	default:
		return fmt.Sprintf("%d h %d min", h, m)
	}
}
