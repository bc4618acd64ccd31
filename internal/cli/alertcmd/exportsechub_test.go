package alertcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestSilenceExportSecurityHub prints the CreateAutomationRule request for
// review, creates it with --apply through the real SDK client against the
// double, and refuses a silence Security Hub criteria cannot express.
func TestSilenceExportSecurityHub(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.db")
	r := runAlert(t, "", "silence", "add", "--state", state, "--match", "source=aws.guardduty", "--match", "type=Recon:EC2/Portscan",
		"--match", "resource.tag.role=scanner", "--for", "30d", "--reason", "scanners scan", "--author", "alice")
	id := strings.TrimSpace(r.stdout)

	p := runAlert(t, "", "silence", "export", "--to", "securityhub", "--state", state, id)
	if p.code != 0 {
		t.Fatalf("print: %d %s %s", p.code, p.stdout, p.stderr)
	}
	cmdline, ok := strings.CutPrefix(p.stdout, "aws securityhub create-automation-rule --cli-input-json '")
	if !ok {
		t.Fatalf("print: %s", p.stdout)
	}
	var printed map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSuffix(cmdline, "'\n")), &printed); err != nil {
		t.Fatalf("printed request is not JSON: %v\n%s", err, p.stdout)
	}

	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	awsCfg := srv.Config(t, demo.ProdAccount)
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: time.Now, ReadFile: os.ReadFile,
		AWSConfig: func(context.Context, string, string) (aws.Config, error) { return awsCfg, nil }}
	err := silenceExportRun(&SilenceExportOptions{Factory: f, State: stateFlags{State: state}, ID: id, Apply: true, To: "securityhub"})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if !strings.Contains(out.String(), "created automation rule awssec-"+id+": arn:aws:securityhub:") {
		t.Errorf("out %s", out)
	}
	rules := srv.AutomationRules()
	if len(rules) != 1 {
		t.Fatalf("%d rules created", len(rules))
	}
	// What the SDK sent, as JSON, is what was printed for review.
	sent, _ := json.Marshal(rules[0])
	var got map[string]any
	json.Unmarshal(sent, &got)
	if d := cmp.Diff(printed, got); d != "" {
		t.Errorf("printed and sent requests differ (-printed +sent):\n%s", d)
	}
	want := map[string]any{
		"ProductName":  []any{map[string]any{"Value": "GuardDuty", "Comparison": "EQUALS"}},
		"Type":         []any{map[string]any{"Value": "/Recon:EC2-Portscan", "Comparison": "CONTAINS"}},
		"ResourceTags": []any{map[string]any{"Key": "role", "Value": "scanner", "Comparison": "EQUALS"}},
	}
	if d := cmp.Diff(want, got["Criteria"]); d != "" {
		t.Errorf("criteria (-want +got):\n%s", d)
	}
	action := map[string]any{"Type": "FINDING_FIELDS_UPDATE", "FindingFieldsUpdate": map[string]any{
		"Workflow": map[string]any{"Status": "SUPPRESSED"},
		"Note":     map[string]any{"Text": "Suppressed by awssec alert silence " + id + ": scanners scan", "UpdatedBy": "alice"}}}
	if d := cmp.Diff([]any{action}, got["Actions"]); d != "" {
		t.Errorf("actions (-want +got):\n%s", d)
	}

	// Security Hub criteria have no regular expressions and no numeric severity.
	r = runAlert(t, "", "silence", "add", "--state", state, "--match", "type=~Recon:.*", "--match", "severity>=7",
		"--for", "1d", "--reason", "x", "--author", "bob")
	bad := strings.TrimSpace(r.stdout)
	e := runAlert(t, "", "silence", "export", "--to", "securityhub", "--state", state, bad)
	if e.code != 2 || !strings.Contains(e.stderr, "Security Hub rules take exact values") {
		t.Errorf("regex: %d %q", e.code, e.stderr)
	}
	e = runAlert(t, "", "silence", "export", "--to", "inspector", "--state", state, id)
	if e.code != 2 || !strings.Contains(e.stderr, `--to "inspector": want guardduty or securityhub`) {
		t.Errorf("--to inspector: %d %q", e.code, e.stderr)
	}
}

// TestSilenceExportSecurityHubEveryField applies a silence with a matcher
// on every field the conversion knows: each must reach the request.
func TestSilenceExportSecurityHubEveryField(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.db")
	args := []string{"silence", "add", "--state", state, "--for", "1d", "--reason", "all fields", "--author", "bob"}
	for _, m := range []string{"source=aws.securityhub", "id=f-1", "type=T", "title=X", "account=111122223333", "account_name=prod",
		"resource.type=AwsS3Bucket", "resource.arn=arn:aws:s3:::b", "resource.tag.env=prod", "severity_label=info", "workflow!=NOTIFIED",
		"record_state=ACTIVE", "compliance=FAILED", "product=Security Hub", "generator=aws-foundational"} {
		args = append(args, "--match", m)
	}
	id := strings.TrimSpace(runAlert(t, "", args...).stdout)
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	awsCfg := srv.Config(t, demo.ProdAccount)
	ios, _, _, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: time.Now, ReadFile: os.ReadFile,
		AWSConfig: func(context.Context, string, string) (aws.Config, error) { return awsCfg, nil }}
	if err := silenceExportRun(&SilenceExportOptions{Factory: f, State: stateFlags{State: state}, ID: id, Apply: true, To: "securityhub"}); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	rules := srv.AutomationRules()
	if len(rules) != 1 {
		t.Fatalf("%d rules", len(rules))
	}
	crit, _ := rules[0]["Criteria"].(map[string]any)
	var keys []string
	for k := range crit {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"AwsAccountId", "AwsAccountName", "ComplianceStatus", "GeneratorId", "Id", "ProductName", "RecordState",
		"ResourceId", "ResourceTags", "ResourceType", "SeverityLabel", "Title", "Type", "WorkflowStatus"}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("criteria fields (-want +got):\n%s", d)
	}
	if got := crit["SeverityLabel"]; !strings.Contains(fmt.Sprint(got), "INFORMATIONAL") {
		t.Errorf("severity_label=info became %v", got)
	}
}
