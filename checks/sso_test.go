package checks

import (
	"testing"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func tPermissionSet(id string, f func(ps *inventory.SSOPermissionSet)) *inventory.SSOPermissionSet {
	ps := &inventory.SSOPermissionSet{Meta: meta(id), SessionDuration: "PT1H", ProvisionedAccounts: []string{testAccount}}
	if f != nil {
		f(ps)
	}
	return ps
}

func TestSSOPermissionSetAdmin(t *testing.T) {
	fill := func(a *inventory.Account, r *inventory.Region) {
		admin := &inventory.IAMPolicy{Meta: meta("ANPAADMIN"), Document: tAllow(`"Action":"*"`, `"*"`, "")}
		admin.Name = "OrgAdmin"
		scoped := &inventory.IAMPolicy{Meta: meta("ANPASCOPED"), Document: tAllow(`"Action":"s3:Get*"`, `"*"`, ""), Path: "/sso/"}
		scoped.Name = "DevS3Read"
		a.Resources.IAMPolicies = []*inventory.IAMPolicy{admin, scoped}
		a.Resources.SSOPermissionSets = []*inventory.SSOPermissionSet{
			tPermissionSet("admin", func(ps *inventory.SSOPermissionSet) {
				ps.AWSManagedPolicies = []string{iamAdminPolicyARN}
				ps.ProvisionedAccounts = []string{"111122223333", testAccount}
			}),
			tPermissionSet("inline-admin", func(ps *inventory.SSOPermissionSet) {
				ps.InlinePolicy = tAllow(`"Action":"*:*"`, `"*"`, "")
			}),
			tPermissionSet("customer-admin", func(ps *inventory.SSOPermissionSet) {
				ps.CustomerManagedPolicies = []inventory.CustomerManagedPolicyReference{{Name: "OrgAdmin"}}
			}),
			tPermissionSet("readonly", func(ps *inventory.SSOPermissionSet) {
				ps.AWSManagedPolicies = []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}
				ps.InlinePolicy = tAllow(`"Action":"s3:GetObject"`, `"*"`, "")
				ps.CustomerManagedPolicies = []inventory.CustomerManagedPolicyReference{{Name: "DevS3Read", Path: "/sso/"}}
			}),
			tPermissionSet("unresolved", func(ps *inventory.SSOPermissionSet) {
				ps.CustomerManagedPolicies = []inventory.CustomerManagedPolicyReference{{Name: "Elsewhere"}}
				ps.ProvisionedAccounts = []string{"999999999999"}
			}),
			tPermissionSet("unread", func(ps *inventory.SSOPermissionSet) { ps.Unread = []string{inventory.ListInlinePolicy} }),
			tPermissionSet("broken", func(ps *inventory.SSOPermissionSet) { ps.InlinePolicy = "{" }),
		}
	}
	want := map[string]finding.Status{
		"admin": finding.Fail, "inline-admin": finding.Fail, "customer-admin": finding.Fail, "readonly": finding.Pass,
		"unresolved": finding.Error, "unread": finding.Error, "broken": finding.Error,
	}
	contains := map[string]string{
		"admin":        "AWS managed policy AdministratorAccess; provisioned to 2 account(s): 111122223333, 123456789012",
		"inline-admin": `inline policy (Allow Action "*:*"`, "customer-admin": "customer managed policy OrgAdmin in 123456789012",
		"unresolved": "Elsewhere in 999999999999 (account not scanned)",
	}
	fs := runEstate(t, ssoPermissionSetAdmin, testEstate(fill), want, contains)
	if sev := severityOf(fs, "admin"); sev != finding.High {
		t.Errorf("admin set outside the management account: severity %v, want high", sev)
	}

	// Provisioned to the management account, the same set is critical.
	e := testEstate(fill)
	e.Organization = &inventory.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111122223333"}
	contains["admin"] = "including the management account"
	fs = runEstate(t, ssoPermissionSetAdmin, e, want, contains)
	if sev := severityOf(fs, "admin"); sev != finding.Critical {
		t.Errorf("admin set provisioned to the management account: severity %v, want critical", sev)
	}
}

func TestSSOPermissionSetSessionDuration(t *testing.T) {
	runCases(t, ssoPermissionSetSessionDuration, []checkCase{{
		name: "long, short, unreadable",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.SSOPermissionSets = []*inventory.SSOPermissionSet{
				tPermissionSet("12h", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "PT12H" }),
				tPermissionSet("8h30", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "PT8H30M" }),
				tPermissionSet("8h", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "PT8H" }),
				tPermissionSet("90m", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "PT1H30M" }),
				tPermissionSet("empty", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "" }),
				tPermissionSet("days", func(ps *inventory.SSOPermissionSet) { ps.SessionDuration = "P1D" }),
			}
		},
		want: map[string]finding.Status{
			"12h": finding.Fail, "8h30": finding.Fail, "8h": finding.Pass, "90m": finding.Pass, "empty": finding.Error, "days": finding.Error,
		},
		contains: map[string]string{"12h": "sessions last 12 h (PT12H), longer than 8 h", "90m": "1 h 30 min"},
	}, {
		name: "permission sets not listed",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Gaps = []inventory.Gap{tGap("AWS::SSO::PermissionSet")}
		},
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestSSOParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"PT1H": time.Hour, "PT12H": 12 * time.Hour, "PT90M": 90 * time.Minute, "PT3600S": time.Hour} {
		if got, err := ssoParseDuration(in); err != nil || got != want {
			t.Errorf("ssoParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "PT", "1H", "P1D", "PT1.5H"} {
		if _, err := ssoParseDuration(bad); err == nil {
			t.Errorf("ssoParseDuration(%q): no error", bad)
		}
	}
}
