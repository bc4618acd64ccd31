package securityhub

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/awstest"
)

var scanTime = time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC)

func demoFindings() []finding.Finding { return checks.Run(demo.Estate(), checks.All()) }

func ofAccount(fs []finding.Finding, account string) int {
	n := 0
	for _, f := range fs {
		if f.Account == account {
			n++
		}
	}
	return n
}

func TestImportInBatchesOf100(t *testing.T) {
	srv := awstest.Demo(t)
	srv.PageSize = 7
	im, err := New(awstest.Context(t), srv.Config(t, demo.ManagementAccount))
	if err != nil {
		t.Fatal(err)
	}
	var progress []int
	im.Progress = func(sent, total int) { progress = append(progress, sent, total) }
	fs := demoFindings()
	res, err := im.Import(awstest.Context(t), fs, scanTime)
	if err != nil {
		t.Fatal(err)
	}
	mine := ofAccount(fs, demo.ManagementAccount)
	var want []int
	for sent := 100; sent < mine+100; sent += 100 {
		want = append(want, min(sent, mine), mine)
	}
	if !slices.Equal(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	if res.Sent != mine || res.Imported != mine || len(res.Failures) != 0 {
		t.Fatalf("sent %d, imported %d, %d failures; want all %d of the caller's findings:\n%s", res.Sent, res.Imported, len(res.Failures), mine, res.FailureLines(5))
	}
	if res.OtherAccounts != len(fs)-mine {
		t.Errorf("other accounts %d, want %d", res.OtherAccounts, len(fs)-mine)
	}
	calls := 0
	for _, c := range srv.Calls() {
		if c.Op == "BatchImportFindings" {
			calls++
		}
	}
	if want := (mine + 99) / 100; calls != want || res.Batches != want {
		t.Errorf("%d calls, %d batches for %d findings; want %d", calls, res.Batches, mine, want)
	}
	got := srv.ImportedFindings()
	if len(got) != mine {
		t.Fatalf("the double holds %d findings, want %d", len(got), mine)
	}
	// What arrived on the wire: the caller's default product in the
	// client's region, and the documented required attributes.
	product := "arn:aws:securityhub:us-east-1:" + demo.ManagementAccount + ":product/" + demo.ManagementAccount + "/default"
	for _, f := range got {
		if f["ProductArn"] != product || f["AwsAccountId"] != demo.ManagementAccount {
			t.Fatalf("finding %v sent for %v/%v", f["Id"], f["ProductArn"], f["AwsAccountId"])
		}
		sev, _ := f["Severity"].(map[string]any)
		res, _ := f["Resources"].([]any)
		if sev["Label"] == nil || len(res) == 0 || f["CreatedAt"] != "2026-11-01T09:30:00.000Z" {
			t.Fatalf("finding %v lacks severity, resources or its time: %v", f["Id"], f)
		}
	}
	if !strings.Contains(res.Summary(), fmt.Sprintf("%d of %d findings imported", mine, mine)) {
		t.Errorf("summary %q", res.Summary())
	}
}

// TestPartialFailures: Security Hub refuses some findings of a batch, and
// a whole batch fails; each refused finding is reported with its reason
// and the rest still arrive.
func TestPartialFailures(t *testing.T) {
	srv := awstest.Demo(t)
	fs := demoFindings()
	var mine []finding.Finding
	for _, f := range fs {
		if f.Account == demo.ManagementAccount {
			mine = append(mine, f)
		}
	}
	if len(mine) <= 100 {
		t.Fatalf("the demo has %d findings for the management account; the test needs two batches", len(mine))
	}
	im, err := New(awstest.Context(t), srv.Config(t, demo.ManagementAccount))
	if err != nil {
		t.Fatal(err)
	}
	// The first import learns the ids; then two findings are refused.
	first, err := im.Import(awstest.Context(t), mine[:1], scanTime)
	if err != nil || first.Imported != 1 {
		t.Fatalf("first import: %+v, %v", first, err)
	}
	refused := srv.ImportedFindings()[0]["Id"].(string)
	srv.RefuseFinding(refused, "InvalidInput", "Finding does not adhere to Amazon Security Finding Format.")
	// The second batch fails as a whole, past the SDK's retries.
	srv.Inject(awstest.Fault{Service: "securityhub", Op: "BatchImportFindings", Times: 1,
		Err: &awstest.Error{Status: 403, Code: "AccessDeniedException", Message: "not authorized"}})
	res, err := im.Import(awstest.Context(t), mine, scanTime)
	if err != nil {
		t.Fatal(err)
	}
	// The fault takes the first batch (a 403 is not retried): 100
	// failures. The refused finding sits in that batch too, so the second
	// batch has none.
	wantFailed := 100
	if len(res.Failures) != wantFailed || res.Imported != len(mine)-wantFailed {
		t.Fatalf("%d failures, %d imported of %d; want %d failures:\n%s", len(res.Failures), res.Imported, len(mine), wantFailed, res.FailureLines(3))
	}
	if f := res.Failures[0]; f.Code != "AccessDeniedException" || f.Message != "not authorized" {
		t.Errorf("batch failure reported as %+v", f)
	}
	if !strings.Contains(res.Summary(), "100 failed") {
		t.Errorf("summary %q", res.Summary())
	}
	// Again, with the fault spent: now only the refused finding fails.
	res, err = im.Import(awstest.Context(t), mine, scanTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 1 || res.Failures[0].ID != refused || res.Failures[0].Code != "InvalidInput" || res.Imported != len(mine)-1 {
		t.Fatalf("failures %+v, imported %d of %d; want the one refused finding", res.Failures, res.Imported, len(mine))
	}
}

func TestThrottledImportRetries(t *testing.T) {
	srv := awstest.Demo(t)
	srv.Inject(awstest.Fault{Service: "securityhub", Op: "BatchImportFindings", Times: 2,
		Err: &awstest.Error{Status: 429, Code: "TooManyRequestsException", Message: "Rate exceeded"}})
	im, err := New(awstest.Context(t), srv.Config(t, demo.ManagementAccount))
	if err != nil {
		t.Fatal(err)
	}
	fs := demoFindings()
	res, err := im.Import(awstest.Context(t), fs, scanTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 0 || res.Imported != ofAccount(fs, demo.ManagementAccount) {
		t.Errorf("throttling lost findings: %+v", res.Failures)
	}
}

func TestNotSubscribed(t *testing.T) {
	srv := awstest.Demo(t)
	cfg := srv.Config(t, demo.DevAccount)
	cfg.Region = demo.West // dev eu-west-1 has no Security Hub
	im, err := New(awstest.Context(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := im.Import(awstest.Context(t), demoFindings(), scanTime)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 0 || len(res.Failures) != res.Sent || res.Sent == 0 || res.Failures[0].Code != "InvalidAccessException" {
		t.Errorf("import into an unsubscribed account: %+v", res)
	}
}
