package inventory

// S3Bucket is an AWS::S3::Bucket.
type S3Bucket struct {
	Meta `json:",inline"`
}

// Type returns "AWS::S3::Bucket".
func (*S3Bucket) Type() string { return "AWS::S3::Bucket" }

// S3AccountPublicAccessBlock is an AWS::S3::AccountPublicAccessBlock.
type S3AccountPublicAccessBlock struct {
	Meta `json:",inline"`
}

// Type returns "AWS::S3::AccountPublicAccessBlock".
func (*S3AccountPublicAccessBlock) Type() string { return "AWS::S3::AccountPublicAccessBlock" }
