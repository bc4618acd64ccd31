package demo

import "github.com/awssec/awssec/inventory"

// securityHub is Security Hub enabled in a region, a member of the
// management account's administration, subscribed to the given standards.
func securityHub(account, region string, standards ...string) *inventory.SecurityHub {
	a := arn("securityhub", region, account, "hub/default")
	h := &inventory.SecurityHub{
		Meta:                    meta("securityhub:DescribeHub", a, a, "default"),
		SubscribedAt:            daysAgo(700),
		AutoEnableControls:      true,
		ControlFindingGenerator: "SECURITY_CONTROL",
		Standards:               []inventory.SecurityHubStandard{},
		Administrator:           &inventory.SecurityHubAdministrator{AccountID: ManagementAccount, MemberStatus: "Enabled"},
	}
	if account == ManagementAccount {
		h.Administrator = &inventory.SecurityHubAdministrator{}
	}
	for _, s := range standards {
		h.Standards = append(h.Standards, inventory.SecurityHubStandard{
			StandardsARN:             s,
			StandardsSubscriptionARN: arn("securityhub", region, account, "subscription/"+s[len("arn:aws:securityhub:"):]),
			Status:                   "READY",
		})
	}
	return h
}

func addSecurityHub(b *builder) {
	fsbp := func(region string) string {
		return "arn:aws:securityhub:" + region + "::standards/aws-foundational-security-best-practices/v/1.0.0"
	}
	cis := "arn:aws:securityhub:::standards/cis-aws-foundations-benchmark/v/5.0.0"

	// Management and prod, both regions: enabled with AWS FSBP and CIS 5.0.0
	// (passes securityhub-enabled).
	for _, acct := range []string{ManagementAccount, ProdAccount} {
		for _, region := range []string{East, West} {
			r := b.region(acct, region)
			r.Resources.SecurityHubs = append(r.Resources.SecurityHubs, securityHub(acct, region, fsbp(region), cis))
		}
	}

	// Dev us-east-1: enabled by the organization's auto-enable, but the
	// standards were disabled to cut Config evaluation costs, so no control
	// runs there; dev eu-west-1 has no Security Hub. Both fail.
	devEast := b.region(DevAccount, East)
	devEast.Resources.SecurityHubs = append(devEast.Resources.SecurityHubs, securityHub(DevAccount, East))
}
