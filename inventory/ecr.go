package inventory

// ECRRepository is an AWS::ECR::Repository.
type ECRRepository struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ECR::Repository".
func (*ECRRepository) Type() string { return "AWS::ECR::Repository" }
