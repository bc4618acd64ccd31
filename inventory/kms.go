package inventory

// KMSKey is an AWS::KMS::Key.
type KMSKey struct {
	Meta `json:",inline"`
}

// Type returns "AWS::KMS::Key".
func (*KMSKey) Type() string { return "AWS::KMS::Key" }
