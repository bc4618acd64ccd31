package inventory

// LambdaFunction is an AWS::Lambda::Function.
type LambdaFunction struct {
	Meta `json:",inline"`
}

// Type returns "AWS::Lambda::Function".
func (*LambdaFunction) Type() string { return "AWS::Lambda::Function" }
