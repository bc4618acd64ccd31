package guardduty

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/inventory"
)

// TestCriteria: criteria come sorted by field, and filters made with the
// deprecated Eq/Lt members read the same as with the current ones.
func TestCriteria(t *testing.T) {
	got := criteria(map[string]types.Condition{
		"type":                                {Eq: []string{"Recon:EC2/Portscan"}},
		"severity":                            {Lt: aws.Int32(4)},
		"resource.instanceDetails.instanceId": {Equals: []string{"i-1"}, Eq: []string{"i-old"}},
	})
	want := []inventory.GuardDutyCriterion{
		{Field: "resource.instanceDetails.instanceId", Equals: []string{"i-1"}},
		{Field: "severity", LessThan: aws.Int64(4)},
		{Field: "type", Equals: []string{"Recon:EC2/Portscan"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("criteria (-want +got):\n%s", diff)
	}
}
