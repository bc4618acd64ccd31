package compliance_test

import (
	"fmt"

	"github.com/awssec/awssec/compliance"
	"github.com/awssec/awssec/finding"
)

// A framework file of one's own, evaluated over two results.
func ExampleParse() {
	fw, err := compliance.Parse("ours.yaml", []byte(`
id: ours
name: Our baseline
version: "1.0"
findingKey: ours-1.0
controls:
  - id: "A.1"
    title: Instances require IMDSv2
    assessment: automated
    checks: [ec2-imdsv1-allowed]
  - id: "A.2"
    title: Keep an incident runbook
    assessment: manual
`), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := compliance.Evaluate(fw, []string{"ec2-imdsv1-allowed"}, []finding.Finding{
		{CheckID: "ec2-imdsv1-allowed", Status: finding.Pass, Account: "111122223333"},
		{CheckID: "ec2-imdsv1-allowed", Status: finding.Fail, Account: "444455556666"},
	})
	for _, c := range rep.Controls {
		fmt.Println(c.ID, c.Status, c.Accounts)
	}
	fmt.Println(rep.SummaryLine())

	_, err = compliance.Parse("bad.yaml", []byte("id: x\nname: X\nversion: \"1\"\nfindingKey: x\ncontrols:\n  - id: 1.1\n"), nil)
	fmt.Println(err)
	// Output:
	// A.1 fail map[111122223333:pass 444455556666:fail]
	// A.2 manual map[]
	// Our baseline v1.0: 2 controls: 0 pass, 1 fail, 1 manual, 0 not assessed
	// bad.yaml:6:9: wrong type: want a string, not a number (quote it)
}
