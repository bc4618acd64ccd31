package inventory

// CloudFrontDistribution is an AWS::CloudFront::Distribution.
type CloudFrontDistribution struct {
	Meta `json:",inline"`
}

// Type returns "AWS::CloudFront::Distribution".
func (*CloudFrontDistribution) Type() string { return "AWS::CloudFront::Distribution" }
