package checks

import (
	"fmt"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func inspectorChecks() []*Check {
	return []*Check{inspectorEC2ScanningEnabled, inspectorECRScanningEnabled, inspectorLambdaScanningEnabled}
}

// inspectorScan builds the Run of a check that a scan type of Amazon
// Inspector is enabled in every region. state picks the scan type's status;
// count, when set, counts the region's resources of that kind, and a region
// with none gets a low-severity failure only.
func inspectorScan(what, one, many string, state func(*inventory.InspectorStatus) *string, count func(*inventory.Region) int) func(*Context) {
	return func(c *Context) {
		for a, r := range c.Regions() {
			loc := AtScope(a, r, "AWS::Inspector2::Status")
			st := r.Resources.Inspector
			if st == nil {
				c.Unknown(loc, "Amazon Inspector status was not read in "+r.Name, Ev(nil, "AccountStatus", nil))
				continue
			}
			s := state(st)
			if s == nil {
				c.Unknown(loc, "Amazon Inspector did not report the status of "+what+" in "+r.Name, Ev(st, "ResourceState", nil))
				continue
			}
			ev := Ev(st, "ResourceState."+what, *s)
			if *s == "ENABLED" {
				c.Pass(loc, fmt.Sprintf("Inspector %s is enabled in %s", what, r.Name), ev)
				continue
			}
			n := count(r)
			if n == 0 {
				c.FailAt(finding.Low, loc, fmt.Sprintf("Inspector %s is %s in %s (no %s there today; new ones will not be scanned)", what, *s, r.Name, many), ev)
				continue
			}
			c.Fail(loc, fmt.Sprintf("Inspector %s is %s in %s: %s in the region, none scanned for known vulnerabilities", what, *s, r.Name, countOf(n, one, many)), ev)
		}
	}
}

var inspectorRemediation = func(scan, flag string) Remediation {
	return Remediation{
		Summary: "Enable Amazon Inspector " + scan + " in every region, organization-wide from the delegated administrator.",
		Console: "Amazon Inspector > Get started > Activate Inspector (or, from the delegated administrator: Account management > " +
			"select all accounts > Activate > " + scan + "); enable auto-activation for new member accounts. Repeat in each region.",
		CLI: "aws inspector2 enable --resource-types " + flag + " --account-ids 444455556666 --region us-east-1\n" +
			"aws inspector2 update-organization-configuration --auto-enable ec2=true,ecr=true,lambda=true",
		Terraform: "resource \"aws_inspector2_enabler\" \"this\" {\n  account_ids    = [\"444455556666\"]\n  resource_types = [\"" + flag + "\"]\n}\n" +
			"resource \"aws_inspector2_organization_configuration\" \"this\" {\n  auto_enable {\n    ec2    = true\n    ecr    = true\n    lambda = true\n  }\n}",
	}
}

var inspectorEC2ScanningEnabled = &Check{
	ID:           "inspector-ec2-scanning-enabled",
	Service:      "inspector",
	Title:        "Amazon Inspector scans EC2 instances in every region",
	Severity:     finding.Medium,
	ResourceType: "AWS::Inspector2::Status",
	Needs:        []string{"AWS::EC2::Instance"},
	Rationale: "Amazon Inspector EC2 scanning continuously compares the packages installed on every instance (through the " +
		"SSM Agent, or agentless from EBS snapshots) with CVE feeds, and computes network reachability: which ports are " +
		"reachable from the internet through security groups, ACLs, route tables and gateways. Each finding carries an " +
		"Inspector score adjusted for that portExposure, so a critical CVE on an internet-facing instance rises to the top. " +
		"Without it, the first sign of a vulnerable package may be its exploitation. It works with Patch Manager: " +
		"Inspector finds what is vulnerable, Patch Manager fixes it.",
	Verify:      "aws inspector2 batch-get-account-status --query 'accounts[].[accountId,state.status,resourceState.ec2.status]' in each region.",
	Remediation: inspectorRemediation("EC2 scanning", "EC2"),
	Seed:        []string{"inspector-checks", "patch-management"},
	Run: inspectorScan("EC2 scanning", "instance", "instances", func(s *inventory.InspectorStatus) *string { return s.EC2 },
		func(r *inventory.Region) int { return len(r.Resources.EC2Instances) }),
}

var inspectorECRScanningEnabled = &Check{
	ID:           "inspector-ecr-scanning-enabled",
	Service:      "inspector",
	Title:        "Amazon Inspector scans ECR container images in every region",
	Severity:     finding.Medium,
	ResourceType: "AWS::Inspector2::Status",
	Needs:        []string{"AWS::ECR::Repository"},
	Rationale: "Container images carry their own operating system packages and language dependencies, frozen at build " +
		"time. Inspector ECR scanning (enhanced scanning) scans images on push and rescans them continuously as new CVEs " +
		"are published, for OS packages and for application libraries (Java, Python, Node.js, Go...), so an image " +
		"deployed months ago is flagged when a new vulnerability appears in it. ECR basic scanning only scans on push " +
		"and only OS packages.",
	Verify: "aws inspector2 batch-get-account-status --query 'accounts[].resourceState.ecr.status'; " +
		"aws ecr get-registry-scanning-configuration shows scanType ENHANCED when Inspector scans the registry.",
	Remediation: inspectorRemediation("ECR scanning", "ECR"),
	Seed:        []string{"inspector-checks"},
	Run: inspectorScan("ECR scanning", "repository", "repositories", func(s *inventory.InspectorStatus) *string { return s.ECR },
		func(r *inventory.Region) int { return len(r.Resources.ECRRepositories) }),
}

var inspectorLambdaScanningEnabled = &Check{
	ID:           "inspector-lambda-scanning-enabled",
	Service:      "inspector",
	Title:        "Amazon Inspector scans Lambda functions in every region",
	Severity:     finding.Medium,
	ResourceType: "AWS::Inspector2::Status",
	Needs:        []string{"AWS::Lambda::Function"},
	Rationale: "Lambda functions bundle their dependencies in the deployment package and layers, and are rarely rebuilt " +
		"once they work. Inspector Lambda standard scanning checks those dependencies against CVE feeds when a function " +
		"is deployed and whenever a new vulnerability is published; code scanning also looks for injection flaws and " +
		"hard-coded secrets in the function's own code. Without it, a vulnerable library in a function that an event " +
		"from the internet triggers goes unnoticed.",
	Verify:      "aws inspector2 batch-get-account-status --query 'accounts[].[resourceState.lambda.status,resourceState.lambdaCode.status]'",
	Remediation: inspectorRemediation("Lambda standard scanning", "LAMBDA"),
	Seed:        []string{"inspector-checks", "lambda-iam"},
	Run: inspectorScan("Lambda scanning", "function", "functions", func(s *inventory.InspectorStatus) *string { return s.Lambda },
		func(r *inventory.Region) int { return len(r.Resources.LambdaFunctions) }),
}
