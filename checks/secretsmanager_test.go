package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestSecretsManagerSecretRotation(t *testing.T) {
	secret := func(id string, on *bool, days, lastRotated int) *inventory.Secret {
		s := &inventory.Secret{Meta: meta(id), RotationEnabled: on, RotationAfterDays: days,
			CreatedDate: testNow.AddDate(0, 0, -500), LastChangedDate: testNow.AddDate(0, 0, -200)}
		if lastRotated >= 0 {
			s.LastRotatedDate = testNow.AddDate(0, 0, -lastRotated)
		}
		return s
	}
	runCases(t, secretsManagerSecretRotation, []checkCase{{
		name: "rotating, off, long interval, failing, never succeeded, unread, replica skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			replica := secret("replica", inventory.Ptr(false), 0, -1)
			replica.PrimaryRegion = "eu-west-1"
			r.Resources.Secrets = []*inventory.Secret{
				secret("ok", inventory.Ptr(true), 30, 10),
				secret("off", inventory.Ptr(false), 0, -1),
				secret("long", inventory.Ptr(true), 180, 10),
				secret("failing", inventory.Ptr(true), 30, 75),
				secret("never", inventory.Ptr(true), 30, -1),
				secret("unread", nil, 0, -1),
				replica,
			}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "off": finding.Fail, "long": finding.Fail, "failing": finding.Fail,
			"never": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"ok": "every 30 days; last rotated 10 days ago", "off": "last changed 200 days ago",
			"long": "every 180 days", "failing": "last succeeded 75 days ago", "never": "never succeeded"},
	}})
}
