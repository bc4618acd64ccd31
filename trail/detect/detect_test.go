package detect

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/trail/ctlog"
)

var update = flag.Bool("update", false, "rewrite golden files")

const datasets = "../testdata/datasets"

// StratusTable maps every Stratus Red Team AWS technique in the bundled
// detonation logs to the detection meant to catch it. The README's table is
// this one.
var StratusTable = []struct{ Technique, Detection string }{
	{"aws.credential-access.ec2-get-password-data", "ct-ec2-get-password-data"},
	{"aws.credential-access.ec2-steal-instance-credentials", "ct-ec2-instance-credentials-outside"},
	{"aws.credential-access.secretsmanager-batch-retrieve-secrets", "ct-secretsmanager-batch-retrieval"},
	{"aws.credential-access.secretsmanager-retrieve-secrets", "ct-secret-retrieval-burst"},
	{"aws.credential-access.ssm-retrieve-securestring-parameters", "ct-secret-retrieval-burst"},
	{"aws.defense-evasion.cloudtrail-delete", "ct-cloudtrail-deleted"},
	{"aws.defense-evasion.cloudtrail-event-selectors", "ct-cloudtrail-selectors-changed"},
	{"aws.defense-evasion.cloudtrail-stop", "ct-cloudtrail-stopped"},
	{"aws.defense-evasion.dns-delete-logs", "ct-route53-resolver-query-logging-deleted"},
	{"aws.defense-evasion.organizations-leave", "ct-organizations-leave"},
	{"aws.defense-evasion.vpc-remove-flow-logs", "ct-vpc-flow-logs-deleted"},
	{"aws.discovery.ec2-download-user-data", "ct-ec2-user-data-read"},
	{"aws.execution.ec2-launch-unusual-instances", "ct-ec2-unusual-instance-type"},
	{"aws.execution.ec2-user-data", "ct-ec2-user-data-modified"},
	{"aws.execution.ssm-send-command", "ct-ssm-send-command"},
	{"aws.execution.ssm-start-session", "ct-ssm-start-session"},
	{"aws.exfiltration.ec2-security-group-open-port-22-ingress", "ct-ec2-security-group-open-to-world"},
	{"aws.exfiltration.ec2-share-ami", "ct-ec2-ami-shared"},
	{"aws.exfiltration.ec2-share-ebs-snapshot", "ct-ec2-snapshot-shared"},
	{"aws.exfiltration.rds-share-snapshot", "ct-rds-snapshot-shared"},
	{"aws.impact.bedrock-invoke-model", "ct-bedrock-model-access-enabled"},
	{"aws.initial-access.console-login-without-mfa", "ct-console-login-without-mfa"},
	{"aws.lateral-movement.ec2-instance-connect", "ct-ec2-instance-connect-key-pushed"},
	{"aws.lateral-movement.ec2-serial-console-send-ssh-public-key", "ct-ec2-serial-console-access"},
	{"aws.persistence.iam-backdoor-role", "ct-iam-trust-policy-external-principal"},
	{"aws.persistence.iam-backdoor-user", "ct-iam-access-key-created-for-other-user"},
	{"aws.persistence.iam-create-admin-user", "ct-iam-admin-policy-attached"},
	{"aws.persistence.iam-create-backdoor-role", "ct-iam-trust-policy-external-principal"},
	{"aws.persistence.iam-create-user-login-profile", "ct-iam-login-profile-created-for-other-user"},
	{"aws.persistence.lambda-backdoor-function", "ct-lambda-public-permission"},
	{"aws.persistence.lambda-layer-extension", "ct-lambda-layer-added"},
	{"aws.persistence.lambda-overwrite-code", "ct-lambda-code-updated"},
	{"aws.persistence.rolesanywhere-create-trust-anchor", "ct-rolesanywhere-trust-anchor"},
	{"aws.persistence.sts-federation-token", "ct-sts-federation-token"},
	{"aws.privilege-escalation.iam-update-user-login-profile", "ct-iam-login-profile-updated-for-other-user"},
}

func hunt(t *testing.T, srcs []ctlog.Source, dets []*Detection, opts Options, workers int) []*Hit {
	t.Helper()
	eng := NewEngine(dets, opts, workers)
	_, faults, err := ctlog.Scan(context.Background(), srcs, workers, func(w int, e *ctlog.Event) error {
		eng.Observe(w, e)
		return nil
	})
	if err != nil || len(faults) > 0 {
		t.Fatalf("scan: %v %v", err, faults)
	}
	return eng.Finish()
}

func TestBuiltins(t *testing.T) {
	dets := Builtins()
	if len(dets) < 30 {
		t.Errorf("%d built-in detections, want at least 30", len(dets))
	}
	seen := map[string]bool{}
	for _, d := range dets {
		if seen[d.ID] {
			t.Errorf("duplicate id %s", d.ID)
		}
		seen[d.ID] = true
		if !strings.HasPrefix(d.ID, "ct-") || d.Title == "" || d.Description == "" || d.Severity == 0 || len(d.Techniques) == 0 || len(d.Tactics) == 0 {
			t.Errorf("%s: incomplete metadata %+v", d.ID, d)
		}
		for _, tech := range d.Techniques {
			if !strings.HasPrefix(tech, "T1") {
				t.Errorf("%s: technique %q is not an ATT&CK id", d.ID, tech)
			}
		}
	}
}

// TestStratus runs every built-in detection over each Stratus Red Team
// detonation log: the detection meant for the technique must fire.
func TestStratus(t *testing.T) {
	dir := filepath.Join(datasets, "stratus-red-team", "detonation-logs")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 35 || len(StratusTable) != 35 {
		t.Fatalf("%d detonation logs and %d table rows, want 35 each", len(files), len(StratusTable))
	}
	dets := Builtins()
	for _, row := range StratusTable {
		path := filepath.Join(dir, row.Technique+".json")
		hits := hunt(t, []ctlog.Source{ctlog.File(path)}, dets, Options{}, 1)
		var fired []string
		for _, h := range hits {
			fired = append(fired, h.Detection.ID)
		}
		if !slices.Contains(fired, row.Detection) {
			t.Errorf("%s: %s did not fire (fired: %v)", row.Technique, row.Detection, fired)
		}
	}
}

// TestInvictus pins what fires on the Invictus dataset. Each line was
// checked against the events (see the README's list); -update rewrites.
func TestInvictus(t *testing.T) {
	srcs, err := ctlog.Local([]string{filepath.Join(datasets, "invictus-aws_dataset", "CloudTrail")})
	if err != nil || len(srcs) != 55 {
		t.Fatalf("%d sources, %v", len(srcs), err)
	}
	var got strings.Builder
	for _, workers := range []int{1, 4} {
		got.Reset()
		for _, h := range hunt(t, srcs, Builtins(), Options{}, workers) {
			var ids []string
			for _, e := range h.Events {
				ids = append(ids, e.EventName+"@"+e.Time)
			}
			fmt.Fprintf(&got, "%s\t%s\t%s\t%d\t%s\n\t%s\n", h.Detection.Severity, h.Detection.ID, h.Principal, h.Count, h.Reason, strings.Join(ids, " "))
		}
		golden := filepath.Join("testdata", "invictus.golden")
		if *update && workers == 1 {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("workers=%d: (-want +got)\n%s", workers, diff)
		}
	}
}
