package scandiff_test

import (
	"fmt"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/scandiff"
)

func ExampleCompare() {
	bucket := func(name string, st finding.Status) finding.Finding {
		return finding.Finding{CheckID: "s3-bucket-policy-public", Severity: finding.Critical, Status: st,
			Account: "111122223333", Region: "eu-west-1", ResourceARN: "arn:aws:s3:::" + name}
	}
	yesterday := []finding.Finding{bucket("site", finding.Fail), bucket("logs", finding.Fail)}
	today := []finding.Finding{bucket("site", finding.Pass), bucket("logs", finding.Fail), bucket("exports", finding.Fail)}
	res := scandiff.Compare(yesterday, today)
	for _, e := range res.Entries {
		before := string(e.Before)
		if before == "" {
			before = "absent"
		}
		fmt.Println(e.Change, e.Finding.ResourceARN, before, "→", e.After)
	}
	fmt.Println(res.NewAtOrAbove(finding.High), "new at or above high")
	// Output:
	// new arn:aws:s3:::exports absent → fail
	// still-failing arn:aws:s3:::logs fail → fail
	// fixed arn:aws:s3:::site fail → pass
	// 1 new at or above high
}
