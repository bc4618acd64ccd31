package checks

import (
	"fmt"

	"github.com/awssec/awssec/finding"
)

func secretsManagerChecks() []*Check { return []*Check{secretsManagerSecretRotation} }

// secretsMaxRotationDays is the longest rotation interval that passes.
const secretsMaxRotationDays = 90

var secretsManagerSecretRotation = &Check{
	ID:           "secretsmanager-secret-rotation",
	Service:      "secretsmanager",
	Title:        "Secrets Manager secrets rotate automatically, at least every 90 days, and rotation succeeds",
	Severity:     finding.Medium,
	ResourceType: "AWS::SecretsManager::Secret",
	Rationale: "A secret that never changes stays valid in every place it ever leaked to: a copied .env " +
		"file, a CI log, a former employee's notes, a memory dump. Automatic rotation through a rotation " +
		"Lambda (built in for RDS, Redshift and DocumentDB) replaces the credential on a schedule and at will " +
		"after an incident, without an outage, so a leak has a short shelf life. Rotation that is enabled but " +
		"has not happened within its interval has failed silently (a Lambda without network access to the " +
		"database is the usual cause) and gives false comfort.",
	Verify: "aws secretsmanager describe-secret --secret-id SECRET --query '[RotationEnabled,RotationRules,LastRotatedDate]' " +
		"— RotationEnabled true, AutomaticallyAfterDays at most 90, LastRotatedDate within the interval.",
	Remediation: Remediation{
		Summary: "Enable rotation with a rotation Lambda and a schedule of 90 days or less; fix rotation failures shown in the Lambda's logs.",
		Console: "Secrets Manager > Secrets > SECRET > Rotation > Edit rotation > Automatic rotation: on > schedule (e.g. every 30 days) > choose or create the rotation function > Save.",
		CLI: "aws secretsmanager rotate-secret --secret-id SECRET --rotation-lambda-arn arn:aws:lambda:REGION:ACCOUNT:function:SecretsManagerRotation " +
			"--rotation-rules '{\"ScheduleExpression\":\"rate(30 days)\"}'",
		Terraform: "resource \"aws_secretsmanager_secret_rotation\" \"this\" {\n  secret_id           = aws_secretsmanager_secret.this.id\n" +
			"  rotation_lambda_arn = aws_lambda_function.rotation.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
	},
	Seed: []string{"database-sensitive-data", "rds-security", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, s := range r.Resources.Secrets {
				if s.PrimaryRegion != "" && s.PrimaryRegion != r.Name {
					continue // a replica: rotation is the primary's
				}
				loc := At(a, r, s)
				ev := []finding.Evidence{Ev(s, "RotationEnabled", s.RotationEnabled), Ev(s, "RotationRules.AutomaticallyAfterDays", s.RotationAfterDays),
					Ev(s, "LastRotatedDate", dpDate(s.LastRotatedDate))}
				switch {
				case s.RotationEnabled == nil:
					c.Unknown(loc, "the secret's rotation settings were not read", ev...)
				case !*s.RotationEnabled:
					since := s.LastChangedDate
					if since.IsZero() {
						since = s.CreatedDate
					}
					msg := "automatic rotation is off"
					if !since.IsZero() {
						msg += fmt.Sprintf(": the value last changed %d days ago", daysSince(c, since))
					}
					c.Fail(loc, msg, ev...)
				case s.RotationAfterDays > secretsMaxRotationDays:
					c.FailAt(finding.Low, loc, fmt.Sprintf("rotation is enabled but only every %d days (more than %d)", s.RotationAfterDays, secretsMaxRotationDays), ev...)
				case s.RotationAfterDays > 0 && !s.LastRotatedDate.IsZero() && daysSince(c, s.LastRotatedDate) > s.RotationAfterDays+2:
					c.Fail(loc, fmt.Sprintf("rotation is enabled every %d days but last succeeded %d days ago: rotation is failing",
						s.RotationAfterDays, daysSince(c, s.LastRotatedDate)), ev...)
				case s.LastRotatedDate.IsZero() && !s.CreatedDate.IsZero() && s.RotationAfterDays > 0 && daysSince(c, s.CreatedDate) > s.RotationAfterDays+2:
					c.Fail(loc, fmt.Sprintf("rotation is enabled every %d days but has never succeeded in the %d days since the secret was created",
						s.RotationAfterDays, daysSince(c, s.CreatedDate)), ev...)
				default:
					msg := "automatic rotation is enabled"
					if s.RotationAfterDays > 0 {
						msg += fmt.Sprintf(" every %d days", s.RotationAfterDays)
					} else if s.RotationSchedule != "" {
						msg += " on " + s.RotationSchedule
					}
					if !s.LastRotatedDate.IsZero() {
						msg += fmt.Sprintf("; last rotated %d days ago", daysSince(c, s.LastRotatedDate))
					}
					c.Pass(loc, msg, ev...)
				}
			}
		}
	},
}
