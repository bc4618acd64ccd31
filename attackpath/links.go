package attackpath

import (
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

// The links between resources that paths follow, read from the inventory.

// roleOf returns the IAM role with the given ARN and its account, or nils.
func (x *Index) roleOf(arn string) (*inventory.Account, *inventory.IAMRole) {
	acct := x.Estate.Account(accountOfARN(arn))
	if acct == nil {
		return nil, nil
	}
	for _, r := range acct.Resources.IAMRoles {
		if r.ARN == arn {
			return acct, r
		}
	}
	return acct, nil
}

// instanceRole returns the role an instance's profile hands out.
func (x *Index) instanceRole(a *inventory.Account, inst *inventory.EC2Instance) *inventory.IAMRole {
	if inst.InstanceProfile == "" {
		return nil
	}
	for _, p := range a.Resources.IAMInstanceProfiles {
		if p.ARN != inst.InstanceProfile || len(p.Roles) == 0 {
			continue
		}
		for _, r := range a.Resources.IAMRoles {
			if r.Name == p.Roles[0] {
				return r
			}
		}
	}
	return nil
}

// accountOfARN is the account field of an ARN ("" when it has none).
func accountOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// exposure returns the failing checks that put an instance on the
// internet: its own reachability checks and its security groups' open
// rules. An instance without a public address has none.
func (x *Index) exposure(a *inventory.Account, r *inventory.Region, inst *inventory.EC2Instance, adminOnly bool) []string {
	if inst.PublicIP == "" && len(inst.IPv6Addresses) == 0 {
		return nil
	}
	if inst.State != "" && inst.State != "running" {
		return nil
	}
	var own []string
	if adminOnly {
		own = x.failed(a.ID, inst.Type(), inst.ID, "ec2-instance-in-public-subnet-with-admin-port")
		if len(own) == 0 {
			return nil
		}
	} else {
		own = x.failed(a.ID, inst.Type(), inst.ID, "ec2-instance-in-public-subnet-with-admin-port", "ec2-instance-public-http-without-tls")
	}
	sgs := x.groupExposure(a, inst.SecurityGroups, adminOnly)
	if len(own) == 0 && len(sgs) == 0 {
		return nil
	}
	return joinChecks(own, sgs)
}

// frontDoor returns a CloudFront distribution of the estate with an origin
// that is the instance's public address (its ec2-a-b-c-d public DNS name,
// or the address itself), and the distribution's account: the internet
// reaches the instance through it even when the instance's own security
// groups admit only CloudFront.
func (x *Index) frontDoor(inst *inventory.EC2Instance) (*inventory.Account, *inventory.CloudFrontDistribution, string) {
	if inst.PublicIP == "" {
		return nil, nil, ""
	}
	if x.origins == nil {
		x.origins = map[string]cdn{}
		for _, a := range x.Estate.Accounts {
			for _, d := range a.Resources.CloudFrontDistributions {
				if !d.Enabled {
					continue
				}
				for _, o := range d.Origins {
					host := strings.ToLower(o.DomainName)
					if strings.HasPrefix(host, "ec2-") {
						host, _, _ = strings.Cut(host, ".")
					}
					x.origins[host] = cdn{a, d, o.DomainName}
				}
			}
		}
	}
	for _, host := range []string{"ec2-" + strings.ReplaceAll(inst.PublicIP, ".", "-"), inst.PublicIP} {
		if c, ok := x.origins[host]; ok {
			return c.account, c.dist, c.origin
		}
	}
	return nil, nil, ""
}

// cdn is a CloudFront distribution and one of its origins.
type cdn struct {
	account *inventory.Account
	dist    *inventory.CloudFrontDistribution
	origin  string
}

// groupExposure returns the failing open-to-the-internet checks of the
// security groups.
func (x *Index) groupExposure(a *inventory.Account, groups []string, adminOnly bool) []string {
	checks := []string{"ec2-sg-open-to-internet", "ec2-sg-admin-ports-ipv4", "ec2-sg-admin-ports-ipv6"}
	if adminOnly {
		checks = checks[1:]
	}
	var out []string
	for _, sg := range groups {
		out = joinChecks(out, x.failed(a.ID, "AWS::EC2::SecurityGroup", sg, checks...))
	}
	return out
}

// roleStep describes a role as a path step, with the failing checks of its
// managed policies that grant what the step says.
func (x *Index) roleStep(a *inventory.Account, role *inventory.IAMRole, desc string, checks ...string) finding.Step {
	var fs []string
	fs = append(fs, x.failed(a.ID, role.Type(), role.ID, checks...)...)
	fs = joinChecks(fs, x.policyFindings(a, role.AttachedPolicies))
	return step(a, nil, role, desc, fs...)
}

// policyFindings returns the admin findings of a principal's attached
// managed policies (iam-policy-full-admin, iam-passrole-wildcard), as
// listed in the principal's account: AWS managed policies are listed once
// in each account that uses them, with the finding there.
func (x *Index) policyFindings(a *inventory.Account, attached []inventory.AttachedPolicy) []string {
	var out []string
	for _, ap := range attached {
		for _, p := range a.Resources.IAMPolicies {
			if p.ARN == ap.PolicyARN {
				out = joinChecks(out, x.failed(a.ID, p.Type(), p.ID, "iam-policy-full-admin", "iam-passrole-wildcard"))
			}
		}
	}
	return out
}

// bucketStep describes a bucket a principal can read.
func bucketStep(b bucketRef, desc string, findings ...string) finding.Step {
	s := step(b.account, nil, b.bucket, desc, findings...)
	if b.bucket.Region != "" {
		s.Region = b.bucket.Region
	}
	return s
}

// apiInvokers returns the API Gateway APIs whose routes may invoke fn:
// the function's resource policy lets apigateway.amazonaws.com invoke it
// with an execute-api source ARN naming the API, as API Gateway's
// integrations add it. It returns the API ids.
func apiInvokers(fn *inventory.LambdaFunction) []string {
	if fn.Policy == nil || *fn.Policy == "" {
		return nil
	}
	doc, err := policy.Parse(*fn.Policy)
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range doc.Statements {
		if s.Effect != "Allow" || !containsFold(s.Principal["Service"], "apigateway.amazonaws.com") {
			continue
		}
		for _, src := range s.ConditionValues("aws:SourceArn") {
			// arn:aws:execute-api:region:account:apiId/stage/method/path
			parts := strings.SplitN(src, ":", 6)
			if len(parts) < 6 || parts[2] != "execute-api" {
				continue
			}
			id, _, _ := strings.Cut(parts[5], "/")
			if id != "" && id != "*" {
				out = append(out, id)
			}
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
