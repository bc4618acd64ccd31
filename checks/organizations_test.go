package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

const (
	tMgmt = "111122223333"
	tProd = "444455556666"
	tDev  = "777788889999"
	tSbx  = "222233334444"
)

func tOrgEstate(f func(o *inventory.Organization)) *inventory.Estate {
	e := testEstate(func(*inventory.Account, *inventory.Region) {})
	e.Accounts = []*inventory.Account{{ID: tMgmt}, {ID: tProd}, {ID: tDev}}
	acct := func(id, parent string) *inventory.OrgAccount {
		return &inventory.OrgAccount{Meta: meta(id), ParentID: parent, Status: "ACTIVE"}
	}
	o := &inventory.Organization{
		ID: "o-a1b2c3d4e5", ManagementAccount: tMgmt, FeatureSet: "ALL",
		Root:     &inventory.OrgRoot{Meta: meta("r-a1b2"), PolicyTypes: []string{inventory.ServiceControlPolicy}},
		Accounts: []*inventory.OrgAccount{acct(tMgmt, "r-a1b2"), acct(tProd, "ou-prod-apps"), acct(tDev, "ou-dev"), acct(tSbx, "ou-dev")},
		OrganizationalUnits: []*inventory.OrganizationalUnit{
			{Meta: meta("ou-prod"), ParentID: "r-a1b2"},
			{Meta: meta("ou-prod-apps"), ParentID: "ou-prod"},
			{Meta: meta("ou-dev"), ParentID: "r-a1b2"},
		},
		Policies: []*inventory.OrgPolicy{
			{Meta: meta("p-FullAWSAccess"), PolicyType: inventory.ServiceControlPolicy, AWSManaged: true,
				Content: tAllow(`"Action":"*"`, `"*"`, ""), Targets: []inventory.PolicyTarget{{TargetID: "r-a1b2", Type: "ROOT"}}},
			{Meta: meta("p-guardrails"), PolicyType: inventory.ServiceControlPolicy,
				Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["organizations:LeaveOrganization","cloudtrail:StopLogging","cloudtrail:DeleteTrail","guardduty:*"],"Resource":"*",` +
					`"Condition":{"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/BreakGlass"}}}]}`,
				Targets: []inventory.PolicyTarget{{TargetID: "ou-prod", Type: "ORGANIZATIONAL_UNIT"}}},
			{Meta: meta("p-noleave"), PolicyType: inventory.ServiceControlPolicy,
				Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`,
				Targets: []inventory.PolicyTarget{{TargetID: tSbx, Type: "ACCOUNT"}}},
			// A tag policy that names the actions is not an SCP and must not count.
			{Meta: meta("p-tags"), PolicyType: inventory.TagPolicy, Content: `{"tags":{}}`,
				Targets: []inventory.PolicyTarget{{TargetID: "r-a1b2", Type: "ROOT"}}},
		},
	}
	if f != nil {
		f(o)
	}
	e.Organization = o
	return e
}

func TestOrganizationsSCPGuardrails(t *testing.T) {
	c := organizationsSCPGuardrails
	fs := runEstate(t, c, tOrgEstate(nil),
		map[string]finding.Status{tProd: finding.Pass, tDev: finding.Fail, tSbx: finding.Fail},
		map[string]string{
			tProd: "deny leaving the organization, stopping or deleting CloudTrail trails, disabling GuardDuty",
			tDev:  "no SCP on account 777788889999 denies leaving the organization",
			tSbx:  "but not stopping or deleting CloudTrail trails, disabling GuardDuty",
		})
	if sev := severityOf(fs, tSbx); sev != finding.Medium {
		t.Errorf("partial guardrails: severity %v, want medium", sev)
	}
	if sev := severityOf(fs, tDev); sev != finding.High {
		t.Errorf("no guardrails: severity %v, want high", sev)
	}

	runEstate(t, c, tOrgEstate(func(o *inventory.Organization) { o.FeatureSet = "CONSOLIDATED_BILLING" }),
		map[string]finding.Status{tProd: finding.Fail, tDev: finding.Fail, tSbx: finding.Fail},
		map[string]string{tProd: "only consolidated billing"})

	runEstate(t, c, tOrgEstate(func(o *inventory.Organization) {
		o.Gaps = []inventory.Gap{{ResourceType: "AWS::Organizations::Policy", Call: "organizations:ListPolicies", Code: "AccessDenied"}}
	}), map[string]finding.Status{tProd: finding.Error, tDev: finding.Error, tSbx: finding.Error}, nil)

	runEstate(t, c, tOrgEstate(func(o *inventory.Organization) { o.Policies[1].Content = "" }),
		map[string]finding.Status{tProd: finding.Error, tDev: finding.Fail, tSbx: finding.Fail},
		map[string]string{tProd: "was not read"})

	// Without the Organizations view nothing can be said about any account.
	e := tOrgEstate(nil)
	e.Organization = nil
	runEstate(t, c, e, map[string]finding.Status{tMgmt: finding.Error, tProd: finding.Error, tDev: finding.Error}, nil)

	// An estate account with a gap in a type the check reads is reported once, as not assessed.
	e = tOrgEstate(nil)
	e.Accounts[2].Gaps = []inventory.Gap{{ResourceType: "AWS::Organizations::Account", Call: "organizations:ListAccounts", Code: "AccessDenied"}}
	runEstate(t, c, e, map[string]finding.Status{tProd: finding.Pass, tDev: finding.Error, tSbx: finding.Fail}, nil)
}

func TestOrganizationAncestors(t *testing.T) {
	o := tOrgEstate(nil).Organization
	got := o.Ancestors("ou-prod-apps")
	want := []string{"ou-prod-apps", "ou-prod", "r-a1b2"}
	if len(got) != len(want) {
		t.Fatalf("Ancestors = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Ancestors = %v, want %v", got, want)
		}
	}
}
