package checks

import "slices"

// All returns every built-in check, in catalogue order. The list is
// explicit so that tests, `awssec checks` and scans enumerate the same set.
func All() []*Check {
	return slices.Concat(
		ec2Checks(), vpcChecks(), ebsChecks(), tgwChecks(), ssmChecks(), inspectorChecks(),
		iamChecks(), ssoChecks(), organizationsChecks(),
		s3Checks(), kmsChecks(), rdsChecks(), secretsManagerChecks(), snsChecks(), sqsChecks(), ecrChecks(), backupChecks(),
		cloudtrailChecks(), cloudwatchChecks(), guarddutyChecks(), securityHubChecks(), configChecks(),
		opensearchChecks(), apigatewayChecks(), elbv2Checks(), cloudfrontChecks(), lambdaChecks(),
	)
}

// ByID returns the check with the given id, or nil.
func ByID(id string) *Check {
	for _, c := range All() {
		if c.ID == id {
			return c
		}
	}
	return nil
}
