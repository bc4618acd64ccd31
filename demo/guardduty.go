package demo

import "github.com/awssec/awssec/inventory"

// gdFeatures is every GuardDuty feature of a current detector, enabled
// except those named.
func gdFeatures(disabled ...string) []inventory.GuardDutyFeature {
	var fs []inventory.GuardDutyFeature
	for _, n := range []string{"CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION",
		"RDS_LOGIN_EVENTS", "RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS"} {
		f := inventory.GuardDutyFeature{Name: n, Status: "ENABLED", UpdatedAt: daysAgo(200)}
		for _, d := range disabled {
			if d == n {
				f.Status = "DISABLED"
			}
		}
		if n == "RUNTIME_MONITORING" {
			f.AdditionalConfiguration = []inventory.GuardDutyFeatureConfiguration{
				{Name: "EKS_ADDON_MANAGEMENT", Status: f.Status}, {Name: "ECS_FARGATE_AGENT_MANAGEMENT", Status: f.Status},
				{Name: "EC2_AGENT_MANAGEMENT", Status: f.Status}}
		}
		fs = append(fs, f)
	}
	return fs
}

// gdDetector is an enabled detector with every feature on, publishing
// every 15 minutes, a member of the management account's GuardDuty
// administration, with no filters; callers change what their example needs.
func gdDetector(account, region, id string) *inventory.GuardDutyDetector {
	a := arn("guardduty", region, account, "detector/"+id)
	d := &inventory.GuardDutyDetector{
		Meta:                       meta("guardduty:GetDetector", id, a, ""),
		Status:                     "ENABLED",
		FindingPublishingFrequency: "FIFTEEN_MINUTES",
		CreatedAt:                  daysAgo(760),
		UpdatedAt:                  daysAgo(200),
		ServiceRole:                "arn:aws:iam::" + account + ":role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
		Features:                   gdFeatures(),
		Administrator:              &inventory.GuardDutyAdministrator{AccountID: ManagementAccount, RelationshipStatus: "Enabled", InvitedAt: daysAgo(760)},
		PublishingDestinations:     []inventory.GuardDutyPublishingDestination{},
		Filters:                    []inventory.GuardDutyFilter{},
	}
	if account == ManagementAccount {
		d.Administrator = &inventory.GuardDutyAdministrator{} // it is the administrator
	}
	return d
}

func addGuardDuty(b *builder) {
	// Management (the GuardDuty administrator): both regions fully enabled,
	// findings exported to S3, and in us-east-1 a narrow suppression rule for
	// the approved vulnerability scanner's port scans. Passes every GuardDuty
	// check.
	mgmtEast := gdDetector(ManagementAccount, East, "6ac5e1f2b3d4c5e6f7a8b9c0d1e2f3a4")
	mgmtEast.PublishingDestinations = []inventory.GuardDutyPublishingDestination{{DestinationID: "a2c4e6f8b0d2e4f6a8c0e2f4a6c8e0f2",
		DestinationType: "S3", DestinationARN: "arn:aws:s3:::acme-org-guardduty-findings", KMSKeyARN: kmsMgmtTrailKey, Status: "PUBLISHING"}}
	mgmtEast.Filters = []inventory.GuardDutyFilter{{
		Name: "archive-approved-scanner-portscan", Description: "Weekly Nessus scans from the bastion (CHG-2291)", Action: "ARCHIVE", Rank: 1,
		// Sorted by field, as a collection lists them (the API returns a map).
		Criteria: []inventory.GuardDutyCriterion{
			{Field: "resource.instanceDetails.instanceId", Equals: []string{"i-0c1d2e3f4a5b60001"}},
			{Field: "type", Equals: []string{"Recon:EC2/Portscan"}},
		},
	}}
	mgmtWest := gdDetector(ManagementAccount, West, "8be7f3a4c5d6e7f8a9b0c1d2e3f4a5b6")

	// Prod us-east-1: fully enabled, but the operations team added a
	// suppression rule archiving every finding below severity 4, whatever its
	// type: fails guardduty-suppression-rule-scope.
	prodEast := gdDetector(ProdAccount, East, "2cd9a5b6e7f8a9b0c1d2e3f4a5b6c7d8")
	fourValue := int64(4)
	prodEast.Filters = []inventory.GuardDutyFilter{{
		Name: "archive-low-severity", Description: "too noisy", Action: "ARCHIVE", Rank: 1,
		Criteria: []inventory.GuardDutyCriterion{{Field: "severity", LessThan: &fourValue}},
	}}

	// Prod eu-west-1 (the DR region): S3 Protection and Malware Protection
	// were never turned on there, and finding updates go out every six
	// hours: fails guardduty-protection-plans (high: S3 is off) and
	// guardduty-finding-publishing-frequency.
	prodWest := gdDetector(ProdAccount, West, "4ef1b7c8a9d0e1f2a3b4c5d6e7f8a9b0")
	prodWest.Features = gdFeatures("S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION")
	prodWest.FindingPublishingFrequency = "SIX_HOURS"

	// Dev us-east-1: Runtime Monitoring and Lambda Protection off to save
	// cost, updates hourly: fails guardduty-protection-plans (medium) and
	// guardduty-finding-publishing-frequency. Dev eu-west-1 has no detector at
	// all: fails guardduty-enabled.
	devEast := gdDetector(DevAccount, East, "a0c3d9e0f1a2b3c4d5e6f7a8b9c0d1e2")
	devEast.Features = gdFeatures("RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS")
	devEast.FindingPublishingFrequency = "ONE_HOUR"

	for _, d := range []struct {
		account, region string
		det             *inventory.GuardDutyDetector
	}{
		{ManagementAccount, East, mgmtEast}, {ManagementAccount, West, mgmtWest},
		{ProdAccount, East, prodEast}, {ProdAccount, West, prodWest},
		{DevAccount, East, devEast},
	} {
		r := b.region(d.account, d.region)
		r.Resources.GuardDutyDetectors = append(r.Resources.GuardDutyDetectors, d.det)
	}
}
