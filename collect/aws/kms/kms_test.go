package kms_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/kms"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func collectProd(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	return awstest.Demo(t, faults...).Collect(t, kms.Service, demo.ProdAccount, demo.East).Regions[0]
}

func TestListKeysDeniedIsAGap(t *testing.T) {
	r := collectProd(t, awstest.Fault{Service: "kms", Op: "ListKeys", Err: awstest.AccessDenied(awstest.JSON)})
	if len(r.Resources.KMSKeys) != 0 {
		t.Errorf("keys collected although ListKeys was denied: %d", len(r.Resources.KMSKeys))
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::KMS::Key")
	if !ok || g.Call != "kms:ListKeys" || g.Code != "AccessDeniedException" {
		t.Errorf("want a kms:ListKeys AccessDeniedException gap, got %+v", r.Gaps)
	}
}

func TestDetailCallsDeniedLeaveFieldsUnknown(t *testing.T) {
	r := collectProd(t,
		awstest.Fault{Service: "kms", Op: "GetKeyPolicy", Err: awstest.AccessDenied(awstest.JSON)},
		awstest.Fault{Service: "kms", Op: "GetKeyRotationStatus", Err: awstest.AccessDenied(awstest.JSON)},
	)
	if len(r.Gaps) != 0 || len(r.Resources.KMSKeys) == 0 {
		t.Fatalf("want the keys and no gap, got %d keys and gaps %+v", len(r.Resources.KMSKeys), r.Gaps)
	}
	for _, k := range r.Resources.KMSKeys {
		if k.Known("policy") || k.Policy != "" {
			t.Errorf("%s: policy should be unknown", k.ID)
		}
		if k.KeyRotationEnabled != nil {
			t.Errorf("%s: rotation should be unknown, got %v", k.ID, *k.KeyRotationEnabled)
		}
	}
}
