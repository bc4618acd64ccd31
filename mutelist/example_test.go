package mutelist_test

import (
	"fmt"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/mutelist"
)

func Example() {
	ml, err := mutelist.Parse("mutelist.yaml", []byte(`
mutes:
  - check: s3-bucket-policy-public
    resource: "arn:aws:s3:::acme-*-public-assets"
    reason: the public website
    owner: web-team@example.com
    expires: 2027-03-31
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fs := []finding.Finding{
		{CheckID: "s3-bucket-policy-public", Status: finding.Fail, ResourceARN: "arn:aws:s3:::acme-dev-public-assets"},
		{CheckID: "s3-bucket-policy-public", Status: finding.Fail, ResourceARN: "arn:aws:s3:::acme-payroll"},
	}
	res := ml.Apply(fs, nil, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	for _, f := range fs {
		if f.Muted {
			fmt.Println(f.ResourceARN, f.Status, "muted:", f.MuteReason)
		} else {
			fmt.Println(f.ResourceARN, f.Status)
		}
	}
	fmt.Println(res.Muted, "muted")
	// Output:
	// arn:aws:s3:::acme-dev-public-assets fail muted: the public website; owner web-team@example.com; until 2027-03-31 (mutelist.yaml:3)
	// arn:aws:s3:::acme-payroll fail
	// 1 muted
}
