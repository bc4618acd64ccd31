package live

import (
	"slices"
	"strings"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/aws/apigateway"
	"github.com/awssec/awssec/collect/aws/backup"
	"github.com/awssec/awssec/collect/aws/cloudfront"
	"github.com/awssec/awssec/collect/aws/cloudtrail"
	"github.com/awssec/awssec/collect/aws/cloudwatch"
	"github.com/awssec/awssec/collect/aws/config"
	"github.com/awssec/awssec/collect/aws/ec2"
	"github.com/awssec/awssec/collect/aws/ecr"
	"github.com/awssec/awssec/collect/aws/elbv2"
	"github.com/awssec/awssec/collect/aws/guardduty"
	"github.com/awssec/awssec/collect/aws/iam"
	"github.com/awssec/awssec/collect/aws/inspector"
	"github.com/awssec/awssec/collect/aws/kms"
	"github.com/awssec/awssec/collect/aws/lambda"
	"github.com/awssec/awssec/collect/aws/opensearch"
	"github.com/awssec/awssec/collect/aws/organizations"
	"github.com/awssec/awssec/collect/aws/rds"
	"github.com/awssec/awssec/collect/aws/s3"
	"github.com/awssec/awssec/collect/aws/secretsmanager"
	"github.com/awssec/awssec/collect/aws/securityhub"
	"github.com/awssec/awssec/collect/aws/sns"
	"github.com/awssec/awssec/collect/aws/sqs"
	"github.com/awssec/awssec/collect/aws/ssm"
	"github.com/awssec/awssec/collect/aws/sso"
)

// Services returns every service collector, in the order checks list them.
func Services() []collect.Service {
	return []collect.Service{
		ec2.Service,
		ssm.Service,
		inspector.Service,
		iam.Service,
		sso.Service,
		organizations.Service,
		s3.Service,
		kms.Service,
		rds.Service,
		secretsmanager.Service,
		sns.Service,
		sqs.Service,
		ecr.Service,
		backup.Service,
		cloudtrail.Service,
		cloudwatch.Service,
		guardduty.Service,
		securityhub.Service,
		config.Service,
		opensearch.Service,
		apigateway.Service,
		elbv2.Service,
		cloudfront.Service,
		lambda.Service,
	}
}

// runnerOperations are the calls Collect itself makes to find accounts and
// regions (sts:AssumeRole is granted separately, on the audit roles).
var runnerOperations = []string{
	"sts:GetCallerIdentity", "ec2:DescribeRegions",
	"organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent",
}

// Operations returns every read-only call awssec's collection makes, as
// sorted IAM actions: the least-privilege policy's action list.
func Operations() []string {
	seen := map[string]bool{}
	for _, op := range runnerOperations {
		seen[IAMAction(op)] = true
	}
	for _, s := range Services() {
		for _, op := range s.Operations {
			seen[IAMAction(op)] = true
		}
	}
	out := make([]string, 0, len(seen))
	for op := range seen {
		out = append(out, op)
	}
	slices.Sort(out)
	return out
}

// IAMAction maps an API call ("service:Operation", by the service's
// signing name) to the IAM action that authorizes it, where the two differ:
// CloudWatch signs as "monitoring", and API Gateway authorizes reads by
// HTTP method ("apigateway:GET").
func IAMAction(op string) string {
	prefix, name, _ := strings.Cut(op, ":")
	switch prefix {
	case "monitoring":
		return "cloudwatch:" + name
	case "apigateway":
		return "apigateway:GET"
	}
	return op
}
