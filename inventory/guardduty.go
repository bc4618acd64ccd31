package inventory

// GuardDutyDetector is an AWS::GuardDuty::Detector.
type GuardDutyDetector struct {
	Meta `json:",inline"`
}

// Type returns "AWS::GuardDuty::Detector".
func (*GuardDutyDetector) Type() string { return "AWS::GuardDuty::Detector" }
