package secretsmanager_test

import (
	"slices"
	"testing"

	"github.com/awssec/awssec/collect/aws/secretsmanager"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestListSecretsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "secretsmanager", Op: "ListSecrets", Err: awstest.AccessDenied(awstest.JSON)})
	r := srv.Collect(t, secretsmanager.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.Secrets != nil {
		t.Errorf("secrets = %v, want none (unknown)", r.Resources.Secrets)
	}
	if g, ok := inventory.GapFor(r.Gaps, "AWS::SecretsManager::Secret"); !ok || g.Call != "secretsmanager:ListSecrets" {
		t.Errorf("gaps = %+v, want a gap for secretsmanager:ListSecrets", r.Gaps)
	}
}

func TestResourcePolicyDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "secretsmanager", Op: "GetResourcePolicy", Err: awstest.AccessDenied(awstest.JSON)})
	r := srv.Collect(t, secretsmanager.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.Secrets) != 3 {
		t.Fatalf("gaps %+v, %d secrets: want no gap and three secrets", r.Gaps, len(r.Resources.Secrets))
	}
	for _, s := range r.Resources.Secrets {
		if s.Known("policy") || s.RotationEnabled == nil {
			t.Errorf("%s: policy known %v, rotation %v: want the policy unknown, the rest read", s.Name, s.Known("policy"), s.RotationEnabled)
		}
	}
}

// TestNeverReadsValues: the collector reads metadata only.
func TestNeverReadsValues(t *testing.T) {
	if slices.ContainsFunc(secretsmanager.Service.Operations, func(op string) bool { return op == "secretsmanager:GetSecretValue" }) {
		t.Error("GetSecretValue is declared")
	}
	srv := awstest.Demo(t)
	srv.Collect(t, secretsmanager.Service, demo.ProdAccount, "us-east-1")
	for _, op := range srv.Operations() {
		if op != "secretsmanager:ListSecrets" && op != "secretsmanager:GetResourcePolicy" {
			t.Errorf("unexpected call %s", op)
		}
	}
}

func TestRateDays(t *testing.T) {
	est := demo.Estate()
	s := est.Account(demo.ProdAccount).Region("us-east-1").Resources.Secrets[0]
	s.RotationAfterDays, s.RotationSchedule = 0, "rate(36 hours)"
	srv := awstest.New(t)
	srv.Serve(est)
	r := srv.Collect(t, secretsmanager.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if got := r.Resources.Secrets[0].RotationAfterDays; got != 2 {
		t.Errorf("rate(36 hours) = %d days, want 2", got)
	}
}
