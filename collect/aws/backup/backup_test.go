package backup

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectProdEast collects the demo's prod us-east-1 backups (one vault
// with a policy, two plans with one selection each, three protected
// resources) with the given faults.
func collectProdEast(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	srv := awstest.Demo(t, faults...)
	srv.PageSize = 1
	return srv.Collect(t, Service, demo.ProdAccount, "us-east-1").Regions[0]
}

func TestVaultsDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "backup", Op: "ListBackupVaults", Err: awstest.AccessDenied(awstest.RESTJSON)})
	if r.Resources.BackupVaults != nil {
		t.Errorf("vaults collected despite the failed list: %v", r.Resources.BackupVaults)
	}
	if g, ok := inventory.GapFor(r.Gaps, vaultType); !ok || g.Call != "backup:ListBackupVaults" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDeniedException gap on ListBackupVaults, got %+v", r.Gaps)
	}
	if len(r.Resources.BackupPlans) != 2 || len(r.Resources.BackupProtectedResources) != 3 {
		t.Errorf("plans and protected resources must still be collected")
	}
}

func TestAccessPolicyDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "backup", Op: "GetBackupVaultAccessPolicy", Err: awstest.AccessDenied(awstest.RESTJSON)})
	if len(r.Resources.BackupVaults) != 1 {
		t.Fatalf("want the vault, got %v", r.Resources.BackupVaults)
	}
	v := r.Resources.BackupVaults[0]
	if v.Known("accessPolicy") || v.AccessPolicy != "" || v.Lock == nil {
		t.Errorf("want the policy unread and the lock read, got %+v", v)
	}
}

func TestPlanDetailsDenied(t *testing.T) {
	r := collectProdEast(t,
		awstest.Fault{Service: "backup", Op: "GetBackupPlan", Err: awstest.AccessDenied(awstest.RESTJSON), Times: 1},
		awstest.Fault{Service: "backup", Op: "GetBackupSelection", Err: awstest.AccessDenied(awstest.RESTJSON)})
	if len(r.Resources.BackupPlans) != 2 || len(r.Gaps) != 0 {
		t.Fatalf("want both plans and no gap, got %d, %+v", len(r.Resources.BackupPlans), r.Gaps)
	}
	first, second := r.Resources.BackupPlans[0], r.Resources.BackupPlans[1]
	if first.Known("rules") || first.Rules != nil || first.Source.Call != "backup:ListBackupPlans" {
		t.Errorf("%s: want rules unread, got %+v", first.Name, first)
	}
	if !second.Known("rules") || len(second.Rules) != 1 {
		t.Errorf("%s: want its rule, got %+v", second.Name, second)
	}
	for _, p := range r.Resources.BackupPlans {
		if p.Known("selections") || p.Selections != nil {
			t.Errorf("%s: want selections unread, got %+v", p.Name, p.Selections)
		}
	}
}

func TestLock(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		v    types.BackupVaultListMember
		want inventory.BackupVaultLock
	}{
		{"none", types.BackupVaultListMember{Locked: aws.Bool(false)}, inventory.BackupVaultLock{Mode: inventory.BackupLockNone}},
		{"governance", types.BackupVaultListMember{Locked: aws.Bool(true), MinRetentionDays: aws.Int64(7)},
			inventory.BackupVaultLock{Mode: inventory.BackupLockGovernance, MinRetentionDays: 7}},
		{"compliance in grace time", types.BackupVaultListMember{Locked: aws.Bool(true), MaxRetentionDays: aws.Int64(30), LockDate: aws.Time(now.Add(time.Hour))},
			inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, MaxRetentionDays: 30, LockDate: now.Add(time.Hour)}},
		{"compliance locked", types.BackupVaultListMember{Locked: aws.Bool(true), LockDate: aws.Time(now.Add(-time.Hour))},
			inventory.BackupVaultLock{Mode: inventory.BackupLockCompliance, Locked: true, LockDate: now.Add(-time.Hour)}},
	} {
		if got := lock(c.v, now); *got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, *got, c.want)
		}
	}
}
