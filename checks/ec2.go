package checks

import (
	"fmt"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func ec2Checks() []*Check {
	return []*Check{ec2IMDSv1Allowed}
}

var ec2IMDSv1Allowed = &Check{
	ID:           "ec2-imdsv1-allowed",
	Service:      "ec2",
	Title:        "EC2 instances require IMDSv2 (session tokens) for instance metadata",
	Severity:     finding.High,
	ResourceType: "AWS::EC2::Instance",
	Rationale: "With IMDSv1 the instance metadata service answers any plain GET to " +
		"http://169.254.169.254/latest/meta-data/iam/security-credentials/ROLE. A server-side request " +
		"forgery (SSRF) bug, an open reverse proxy or a misconfigured WAF in an application on the " +
		"instance lets an outside attacker make that request and read the instance role's temporary " +
		"access key, secret key and session token, then use them from anywhere (the 2019 Capital One " +
		"breach). IMDSv2 requires a session token obtained by a PUT with a TTL header first; SSRF " +
		"primitives rarely control the method and headers, proxies do not forward the PUT, and the " +
		"token's hop limit of 1 stops it leaving the instance or a container on it.",
	Verify: "aws ec2 describe-instances --query " +
		"'Reservations[].Instances[].[InstanceId,MetadataOptions.HttpTokens,MetadataOptions.HttpEndpoint]'" +
		" — HttpTokens must be \"required\" wherever HttpEndpoint is \"enabled\".",
	Remediation: Remediation{
		Summary: "Set HttpTokens to required (IMDSv2 only) on the instance, its launch template and the account default.",
		Console: "EC2 > Instances > select the instance > Actions > Instance settings > Modify instance metadata options > IMDSv2: Required. " +
			"Set the account default under EC2 > Dashboard > Account attributes > Data protection and security > IMDS defaults.",
		CLI: "aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 --http-tokens required --http-endpoint enabled\n" +
			"aws ec2 modify-instance-metadata-defaults --region us-east-1 --http-tokens required",
		Terraform: "resource \"aws_instance\" \"web\" {\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n    http_put_response_hop_limit = 1\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"5.6"}, "5.0.0": {"5.7"}},
	Seed: []string{"imdsv1-ssrf"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, in := range r.Resources.EC2Instances {
				loc := At(a, r, in)
				mo := in.MetadataOptions
				switch {
				case mo == nil:
					c.Unknown(loc, "instance metadata options were not read", Ev(in, "MetadataOptions", mo))
				case mo.HTTPEndpoint == "disabled":
					c.Pass(loc, "instance metadata service is disabled", Ev(in, "MetadataOptions.HttpEndpoint", mo.HTTPEndpoint))
				case mo.HTTPTokens == "required":
					c.Pass(loc, "IMDSv2 is required", Ev(in, "MetadataOptions.HttpTokens", mo.HTTPTokens))
				default:
					c.Fail(loc, imdsMessage(in), Ev(in, "MetadataOptions.HttpTokens", mo.HTTPTokens),
						Ev(in, "IamInstanceProfile.Arn", orNone(in.InstanceProfile)), Ev(in, "PublicIpAddress", orNone(in.PublicIP)))
				}
			}
		}
	},
}

func imdsMessage(in *inventory.EC2Instance) string {
	msg := fmt.Sprintf("IMDSv1 is allowed (HttpTokens=%s)", in.MetadataOptions.HTTPTokens)
	if in.InstanceProfile != "" {
		msg += ": an SSRF bug can read the credentials of instance profile " + in.InstanceProfile
	}
	if in.PublicIP != "" {
		msg += "; the instance has public IP " + in.PublicIP
	}
	return msg
}

// orNone renders an empty string as "none" in evidence.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
