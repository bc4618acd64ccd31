package scandiff

import (
	"fmt"
	"testing"

	"github.com/awssec/awssec/finding"
)

// BenchmarkCompare compares two scans of 100,000 findings, 1% of them
// changed.
func BenchmarkCompare(b *testing.B) {
	const n = 100_000
	a := make([]finding.Finding, n)
	for i := range a {
		a[i] = finding.Finding{CheckID: fmt.Sprintf("check-%d", i%140), Account: fmt.Sprintf("%012d", i%500), Region: "eu-west-1",
			ResourceID: fmt.Sprintf("r-%d", i), ResourceARN: fmt.Sprintf("arn:aws:ec2:eu-west-1:%012d:instance/r-%d", i%500, i),
			Severity: finding.Severity(1 + i%5), Status: []finding.Status{finding.Fail, finding.Pass, finding.Pass}[i%3]}
	}
	c := append([]finding.Finding(nil), a...)
	for i := 0; i < n; i += 100 {
		if c[i].Status == finding.Fail {
			c[i].Status = finding.Pass
		} else {
			c[i].Status = finding.Fail
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Compare(a, c)
	}
}
