package report

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
)

var samplePath = finding.Path{
	ID: "ssrf-imds-role-to-data/0123456789ab", Rule: "ssrf-imds-role-to-data", Severity: finding.Critical,
	Title: "SSRF on web yields web-role's credentials",
	Steps: []finding.Step{
		{ResourceID: "internet", Description: "anyone", Findings: []string{"ec2-sg-open-to-internet"}},
		{Account: "111122223333", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-1", Description: "IMDSv1\tanswers", Findings: []string{"ec2-imdsv1-allowed"}},
		{Account: "111122223333", Region: "global", ResourceType: "AWS::IAM::Role", ResourceID: "AROAX", ResourceARN: "arn:aws:iam::111122223333:role/web-role", Description: "acts as web-role"},
		{Account: "111122223333", Region: "global", ResourceType: "AWS::::Account", ResourceID: "111122223333", Description: "everything"},
	},
	Fix: "Require IMDSv2",
}

func TestPathsTable(t *testing.T) {
	var b bytes.Buffer
	r := &Report{Paths: []finding.Path{samplePath}}
	if err := WriteTable(&b, r, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "ATTACK PATHS (1)\n" +
		"  CRITICAL  ssrf-imds-role-to-data  SSRF on web yields web-role's credentials\n" +
		"         internet [ec2-sg-open-to-internet]: anyone\n" +
		"      →  Instance i-1 (111122223333) [ec2-imdsv1-allowed]: IMDSv1\tanswers\n" +
		"      →  Role web-role (111122223333): acts as web-role\n" +
		"      →  Account 111122223333: everything\n" +
		"      fix: Require IMDSv2\n\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestPathsTSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTSV(&b, &Report{Paths: []finding.Path{samplePath}}); err != nil {
		t.Fatal(err)
	}
	want := "path\tcritical\tssrf-imds-role-to-data\tssrf-imds-role-to-data/0123456789ab\tSSRF on web yields web-role's credentials\t" +
		"internet [ec2-sg-open-to-internet]: anyone → Instance i-1 (111122223333) [ec2-imdsv1-allowed]: IMDSv1 answers → " +
		"Role web-role (111122223333): acts as web-role → Account 111122223333: everything\tRequire IMDSv2\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("TSV (-want +got):\n%s", diff)
	}
}

func TestNoPathsNoSection(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, &Report{}, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 0 {
		t.Errorf("empty report wrote %q", b.String())
	}
}
