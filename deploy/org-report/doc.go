// Package orgreportdeploy holds the CloudFormation template that deploys
// awssec org-report as a scheduled Lambda function (template.json, with
// deploy.sh and README.md beside it), and the tests that keep the
// template's wiring and least-privilege role in step with the code.
package orgreportdeploy

import _ "embed"

// Template is the CloudFormation template.
//
//go:embed template.json
var Template []byte
