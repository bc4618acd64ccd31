package attackpath_test

import (
	"fmt"

	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
)

// Find combines a scan's results with the inventory's links. Here, the
// demo estate's most severe path: the seed guide's SSRF chain.
func ExampleFind() {
	e := demo.Estate()
	paths := attackpath.Find(e, checks.Run(e, checks.All()))
	p := paths[0]
	fmt.Println(p.Severity, p.Rule)
	for _, s := range p.Steps {
		fmt.Println(" ", s.ResourceID, s.Findings)
	}
	fmt.Println("fix:", p.Fix)
	// Output:
	// critical ssrf-imds-role-to-data
	//   internet [ec2-instance-in-public-subnet-with-admin-port ec2-sg-open-to-internet ec2-sg-admin-ports-ipv4 ec2-sg-admin-ports-ipv6]
	//   i-0a1b2c3d4e5f60001 [ec2-imdsv1-allowed]
	//   AROAYPROD7WORDPRESS01 []
	//   acme-prod-customer-data []
	// fix: Require IMDSv2 on i-0a1b2c3d4e5f60001: aws ec2 modify-instance-metadata-options --instance-id i-0a1b2c3d4e5f60001 --http-tokens required --region us-east-1
}
