package inventory

import "time"

// Secret is an AWS::SecretsManager::Secret (secretsmanager:ListSecrets,
// secretsmanager:GetResourcePolicy). Only metadata: never the secret value.
type Secret struct {
	Meta        `json:",inline"`
	Description string `json:"description,omitzero"`
	// KMSKeyID is the key that encrypts the secret; empty: the AWS managed
	// key aws/secretsmanager.
	KMSKeyID string `json:"kmsKeyId,omitzero"`
	// RotationEnabled is whether automatic rotation is on; nil: not read.
	RotationEnabled   *bool  `json:"rotationEnabled,omitzero"`
	RotationLambdaARN string `json:"rotationLambdaArn,omitzero"`
	// RotationAfterDays is RotationRules.AutomaticallyAfterDays (or the
	// interval a rate() schedule expression works out to); 0: none set.
	RotationAfterDays int `json:"rotationAfterDays,omitzero"`
	// RotationSchedule is RotationRules.ScheduleExpression ("rate(30 days)", "cron(...)").
	RotationSchedule string    `json:"rotationSchedule,omitzero"`
	CreatedDate      time.Time `json:"createdDate,omitzero"`
	LastRotatedDate  time.Time `json:"lastRotatedDate,omitzero"`
	LastChangedDate  time.Time `json:"lastChangedDate,omitzero"`
	LastAccessedDate time.Time `json:"lastAccessedDate,omitzero"`
	NextRotationDate time.Time `json:"nextRotationDate,omitzero"`
	// PrimaryRegion is set on a replica secret.
	PrimaryRegion string `json:"primaryRegion,omitzero"`
	// Policy is the secret's resource policy (JSON text); empty: none,
	// unless "policy" is listed in Unread.
	Policy string `json:"policy,omitzero"`
}

// Type returns "AWS::SecretsManager::Secret".
func (*Secret) Type() string { return "AWS::SecretsManager::Secret" }
