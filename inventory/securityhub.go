package inventory

import "time"

// SecurityHub is an AWS::SecurityHub::Hub: Security Hub enabled in one region
// of an account (securityhub:DescribeHub). It is listed only where Security
// Hub is enabled: a region with no hub and no gap has Security Hub off.
type SecurityHub struct {
	Meta `json:",inline"`
	// SubscribedAt is when Security Hub was enabled.
	SubscribedAt time.Time `json:"subscribedAt,omitzero"`
	// AutoEnableControls is true when new controls of enabled standards are
	// turned on automatically.
	AutoEnableControls bool `json:"autoEnableControls,omitzero"`
	// ControlFindingGenerator is "SECURITY_CONTROL" (consolidated findings)
	// or "STANDARD_CONTROL" (one finding per standard).
	ControlFindingGenerator string `json:"controlFindingGenerator,omitzero"`
	// Standards are the standards subscribed to
	// (securityhub:GetEnabledStandards); nil: not read.
	Standards []SecurityHubStandard `json:"standards,omitzero"`
	// Administrator is the account's Security Hub administrator
	// (securityhub:GetAdministratorAccount); nil: not read.
	Administrator *SecurityHubAdministrator `json:"administrator,omitzero"`
}

// Type returns "AWS::SecurityHub::Hub".
func (*SecurityHub) Type() string { return "AWS::SecurityHub::Hub" }

// SecurityHubStandard is one standard subscription.
type SecurityHubStandard struct {
	// StandardsARN names the standard:
	// "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
	// "arn:aws:securityhub:::standards/cis-aws-foundations-benchmark/v/3.0.0".
	StandardsARN             string `json:"standardsArn"`
	StandardsSubscriptionARN string `json:"standardsSubscriptionArn,omitzero"`
	// Status is "READY", "PENDING", "INCOMPLETE", "DELETING" or "FAILED".
	Status string `json:"status"`
}

// SecurityHubAdministrator is an account's Security Hub administrator
// relationship.
type SecurityHubAdministrator struct {
	// AccountID is the administrator account; empty when there is none.
	AccountID string `json:"accountId,omitzero"`
	// MemberStatus is "Enabled" when the member reports to the administrator.
	MemberStatus string `json:"memberStatus,omitzero"`
}
