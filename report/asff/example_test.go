package asff_test

import (
	"fmt"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report/asff"
)

func ExampleFromFinding() {
	f := finding.Finding{
		CheckID: "ec2-imdsv1-allowed", Title: "EC2 instances require IMDSv2", Severity: finding.High, Status: finding.Fail,
		Account: "444455556666", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-0a1b2c3d4e5f60001",
		ResourceARN: "arn:aws:ec2:us-east-1:444455556666:instance/i-0a1b2c3d4e5f60001", Message: "IMDSv1 is allowed",
		Muted: true, MuteReason: "lab instance, owner: platform",
	}
	a := asff.FromFinding(&f, time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC), asff.Options{})
	fmt.Println(a.ID)
	fmt.Println(a.ProductARN)
	fmt.Println(a.Severity.Label, a.Compliance.Status, a.Workflow.Status, a.Resources[0].Type)
	fmt.Println(a.CreatedAt, a.Note.Text)
	// Output:
	// awssec/444455556666/us-east-1/ec2-imdsv1-allowed/arn:aws:ec2:us-east-1:444455556666:instance/i-0a1b2c3d4e5f60001
	// arn:aws:securityhub:us-east-1:444455556666:product/444455556666/default
	// HIGH FAILED SUPPRESSED AwsEc2Instance
	// 2026-11-01T09:30:00.000Z lab instance, owner: platform
}
