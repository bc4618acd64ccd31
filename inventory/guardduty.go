package inventory

import "time"

// GuardDutyDetector is an AWS::GuardDuty::Detector (guardduty:ListDetectors,
// GetDetector). Its ID is the detector id. A region with no detector has
// GuardDuty off; a detector may also exist with its status DISABLED
// (suspended).
type GuardDutyDetector struct {
	Meta `json:",inline"`
	// Status is "ENABLED" or "DISABLED".
	Status string `json:"status"`
	// FindingPublishingFrequency is how often updates to existing findings
	// are sent to EventBridge, Security Hub and S3: "FIFTEEN_MINUTES",
	// "ONE_HOUR" or "SIX_HOURS" (the default). New findings are sent at once.
	FindingPublishingFrequency string    `json:"findingPublishingFrequency,omitzero"`
	CreatedAt                  time.Time `json:"createdAt,omitzero"`
	UpdatedAt                  time.Time `json:"updatedAt,omitzero"`
	ServiceRole                string    `json:"serviceRole,omitzero"`
	// Features are the detector's protection plans and data sources; nil:
	// not read. A feature absent from a read list is not offered in the region.
	Features []GuardDutyFeature `json:"features,omitzero"`
	// Administrator is the account's GuardDuty administrator
	// (guardduty:GetAdministratorAccount); nil: not read.
	Administrator *GuardDutyAdministrator `json:"administrator,omitzero"`
	// PublishingDestinations are where findings are exported
	// (guardduty:ListPublishingDestinations); nil: not read.
	PublishingDestinations []GuardDutyPublishingDestination `json:"publishingDestinations,omitzero"`
	// Filters are the detector's findings filters, including suppression
	// rules (Action "ARCHIVE"); nil: not read.
	Filters []GuardDutyFilter `json:"filters,omitzero"`
}

// Type returns "AWS::GuardDuty::Detector".
func (*GuardDutyDetector) Type() string { return "AWS::GuardDuty::Detector" }

// GuardDutyFeature is one feature of a detector, as GetDetector's Features
// list it.
type GuardDutyFeature struct {
	// Name is "CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS" (foundational sources),
	// "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION",
	// "RDS_LOGIN_EVENTS", "EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING" or
	// "LAMBDA_NETWORK_LOGS".
	Name string `json:"name"`
	// Status is "ENABLED" or "DISABLED".
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	// AdditionalConfiguration refines runtime monitoring:
	// "EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT",
	// "EC2_AGENT_MANAGEMENT".
	AdditionalConfiguration []GuardDutyFeatureConfiguration `json:"additionalConfiguration,omitzero"`
}

// GuardDutyFeatureConfiguration is one additional configuration of a feature.
type GuardDutyFeatureConfiguration struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "ENABLED" or "DISABLED"
}

// GuardDutyAdministrator is an account's GuardDuty administrator relationship.
type GuardDutyAdministrator struct {
	// AccountID is the administrator account; empty when the account has none
	// (it is standalone, or is itself the administrator).
	AccountID string `json:"accountId,omitzero"`
	// RelationshipStatus is "Enabled" when the member reports to the
	// administrator; "Invited", "Removed", "Resigned", "Disabled" otherwise.
	RelationshipStatus string    `json:"relationshipStatus,omitzero"`
	InvitedAt          time.Time `json:"invitedAt,omitzero"`
}

// GuardDutyPublishingDestination is where a detector exports findings.
type GuardDutyPublishingDestination struct {
	DestinationID   string `json:"destinationId"`
	DestinationType string `json:"destinationType"` // "S3"
	DestinationARN  string `json:"destinationArn,omitzero"`
	KMSKeyARN       string `json:"kmsKeyArn,omitzero"`
	// Status is "PUBLISHING", "PENDING_VERIFICATION", "STOPPED" or
	// "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY".
	Status string `json:"status"`
}

// GuardDutyFilter is a findings filter; with Action "ARCHIVE" it is a
// suppression rule: matching findings are archived as they arrive.
type GuardDutyFilter struct {
	Name        string `json:"name"`
	Description string `json:"description,omitzero"`
	Action      string `json:"action"` // "NOOP" or "ARCHIVE"
	Rank        int    `json:"rank,omitzero"`
	// Criteria are the filter's conditions, all of which must hold.
	Criteria []GuardDutyCriterion `json:"criteria,omitzero"`
}

// GuardDutyCriterion is a condition on one finding field ("type",
// "severity", "resource.instanceDetails.instanceId",
// "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4").
type GuardDutyCriterion struct {
	Field              string   `json:"field"`
	Equals             []string `json:"equals,omitzero"`
	NotEquals          []string `json:"notEquals,omitzero"`
	GreaterThan        *int64   `json:"greaterThan,omitzero"`
	GreaterThanOrEqual *int64   `json:"greaterThanOrEqual,omitzero"`
	LessThan           *int64   `json:"lessThan,omitzero"`
	LessThanOrEqual    *int64   `json:"lessThanOrEqual,omitzero"`
}
