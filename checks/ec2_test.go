package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestEC2IMDSv1Allowed(t *testing.T) {
	instance := func(id string, mo *inventory.MetadataOptions) *inventory.EC2Instance {
		return &inventory.EC2Instance{Meta: meta(id), State: "running", MetadataOptions: mo,
			InstanceProfile: "arn:aws:iam::123456789012:instance-profile/web"}
	}
	runCases(t, ec2IMDSv1Allowed, []checkCase{{
		name: "v1 allowed fails, v2 required and disabled pass",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{
				instance("i-v1", &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled"}),
				instance("i-v2", &inventory.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled"}),
				instance("i-off", &inventory.MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "disabled"}),
			}
		},
		want:     map[string]finding.Status{"i-v1": finding.Fail, "i-v2": finding.Pass, "i-off": finding.Pass},
		contains: map[string]string{"i-v1": "instance-profile/web"},
	}, {
		name: "metadata options not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.EC2Instances = []*inventory.EC2Instance{instance("i-unknown", nil)}
		},
		want: map[string]finding.Status{"i-unknown": finding.Error},
	}})
}
