package inventory

// InspectorStatus is an AWS::Inspector2::Status: Amazon Inspector's status
// for the account in one region, as inspector2:BatchGetAccountStatus returns
// it. The whole value is nil in its region when it was not read.
//
// Each scan type's status is "ENABLED", "ENABLING", "DISABLED", "DISABLING",
// "SUSPENDED" or "SUSPENDING"; nil means the status was not reported.
type InspectorStatus struct {
	Meta `json:",inline"`
	// Status is the account's overall Inspector status in the region.
	Status string `json:"status,omitzero"`
	// EC2 is the status of EC2 scanning (package vulnerabilities and
	// network reachability of instances).
	EC2 *string `json:"ec2,omitzero"`
	// ECR is the status of container image scanning in ECR.
	ECR *string `json:"ecr,omitzero"`
	// Lambda is the status of Lambda standard (package) scanning;
	// LambdaCode that of Lambda code scanning.
	Lambda     *string `json:"lambda,omitzero"`
	LambdaCode *string `json:"lambdaCode,omitzero"`
	// DelegatedAdmin is the organization's Inspector delegated administrator
	// account, when one is known.
	DelegatedAdmin string `json:"delegatedAdmin,omitzero"`
}

// Type returns "AWS::Inspector2::Status".
func (*InspectorStatus) Type() string { return "AWS::Inspector2::Status" }
