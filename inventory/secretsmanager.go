package inventory

// Secret is an AWS::SecretsManager::Secret.
type Secret struct {
	Meta `json:",inline"`
}

// Type returns "AWS::SecretsManager::Secret".
func (*Secret) Type() string { return "AWS::SecretsManager::Secret" }
