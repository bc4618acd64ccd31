package inventory

// InspectorStatus is an AWS::Inspector2::Status.
type InspectorStatus struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Inspector2::Status".
func (*InspectorStatus) Type() string { return "AWS::Inspector2::Status" }
