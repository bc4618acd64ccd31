package inventory

import "time"

// SSMManagedInstance is an AWS::SSM::ManagedInstance: a node that Systems
// Manager manages, as ssm:DescribeInstanceInformation returns it, with its
// patch state (ssm:DescribeInstancePatchStates). Meta.ID is the EC2 instance
// id ("i-...") or the hybrid node id ("mi-...").
type SSMManagedInstance struct {
	Meta `json:",inline"`
	// PingStatus is "Online", "ConnectionLost" or "Inactive".
	PingStatus       string    `json:"pingStatus,omitzero"`
	LastPingDateTime time.Time `json:"lastPingDateTime,omitzero"`
	AgentVersion     string    `json:"agentVersion,omitzero"`
	// IsLatestVersion says whether the SSM Agent is the latest release (not
	// reported for every platform; nil: unknown).
	IsLatestVersion *bool  `json:"isLatestVersion,omitzero"`
	PlatformType    string `json:"platformType,omitzero"` // "Linux", "Windows", "MacOS"
	PlatformName    string `json:"platformName,omitzero"` // "Amazon Linux"
	PlatformVersion string `json:"platformVersion,omitzero"`
	// ResourceType is "EC2Instance" or "ManagedInstance" (hybrid node).
	ResourceType string `json:"resourceType,omitzero"`
	ComputerName string `json:"computerName,omitzero"`
	IPAddress    string `json:"ipAddress,omitzero"`
	// PatchCompliance is the instance's Patch Manager state; nil means it
	// was not read.
	PatchCompliance *PatchCompliance `json:"patchCompliance,omitzero"`
}

// Type returns "AWS::SSM::ManagedInstance".
func (*SSMManagedInstance) Type() string { return "AWS::SSM::ManagedInstance" }

// PatchCompliance is an instance's patch state as Patch Manager last reported
// it. A zero Operation and OperationEndTime mean that no patch scan or install
// has ever reported for the instance.
type PatchCompliance struct {
	// State is the patch compliance status: "COMPLIANT" or "NON_COMPLIANT".
	State      string `json:"state,omitzero"`
	BaselineID string `json:"baselineId,omitzero"`
	PatchGroup string `json:"patchGroup,omitzero"`
	// MissingCount is the number of approved patches not installed;
	// FailedCount the number that failed to install.
	MissingCount                int `json:"missingCount,omitzero"`
	FailedCount                 int `json:"failedCount,omitzero"`
	InstalledCount              int `json:"installedCount,omitzero"`
	InstalledPendingRebootCount int `json:"installedPendingRebootCount,omitzero"`
	// CriticalNonCompliantCount and SecurityNonCompliantCount are the
	// non-compliant patches classified Critical and Security.
	CriticalNonCompliantCount int `json:"criticalNonCompliantCount,omitzero"`
	SecurityNonCompliantCount int `json:"securityNonCompliantCount,omitzero"`
	// Operation is the last operation, "Scan" or "Install".
	Operation          string    `json:"operation,omitzero"`
	OperationStartTime time.Time `json:"operationStartTime,omitzero"`
	OperationEndTime   time.Time `json:"operationEndTime,omitzero"`
}
