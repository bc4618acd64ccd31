// Package templates holds starting models for the architectures security
// interviews and reviews keep coming back to, embedded in the binary.
package templates

import (
	"embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Template is one starting model.
type Template struct {
	Name        string
	Description string
}

// All lists the templates.
var All = []Template{
	{"web-app", "Web application: ALB and EC2 instances in a VPC, RDS database, S3 for uploads, an administrator"},
	{"serverless-api", "Serverless API: CloudFront, API Gateway with Cognito, Lambda, DynamoDB, SQS, a partner webhook"},
	{"data-pipeline", "Data pipeline: partner upload to S3, Lambda and Glue transforms, data lake, Athena analysts, cross-account access"},
	{"org-reporter", "The Scenario 1 reporter: a scheduled Lambda reads the AWS Config aggregator and e-mails non-compliant resources via SES"},
}

// Names lists the template names.
func Names() []string {
	var out []string
	for _, t := range All {
		out = append(out, t.Name)
	}
	return out
}

// Source returns a template's YAML.
func Source(name string) ([]byte, error) {
	if !slices.ContainsFunc(All, func(t Template) bool { return t.Name == name }) {
		return nil, fmt.Errorf("unknown template %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	return files.ReadFile(name + ".yaml")
}
