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

// importRegion is the region a finding goes to: its own, or the
// importer's (us-east-1 here) for global resources.
func importRegion(f finding.Finding) string {
	if f.Region == finding.Global {
		return demo.East
	}
	return f.Region
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
	// Region by region (eu-west-1, then us-east-1 with the global
	// resources), 100 findings a request.
	perRegion := map[string]int{}
	for _, f := range fs {
		if f.Account == demo.ManagementAccount {
			perRegion[importRegion(f)]++
		}
	}
	var want []int
	sent, batches := 0, 0
	for _, region := range []string{demo.West, demo.East} {
		for left := perRegion[region]; left > 0; left -= 100 {
			sent += min(left, 100)
			batches++
			want = append(want, sent, mine)
		}
	}
	if len(perRegion) != 2 || batches < 3 {
		t.Fatalf("the demo's management account has findings in %v; the test needs both regions and 3 batches", perRegion)
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
	calls := map[string]int{}
	for _, c := range srv.Calls() {
		if c.Op == "BatchImportFindings" {
			calls[c.Region]++
		}
	}
	if calls[demo.West] != 1 || calls[demo.East]+calls[demo.West] != batches || res.Batches != batches {
		t.Errorf("calls by region %v, %d batches for %v; want %d", calls, res.Batches, perRegion, batches)
	}
	got := srv.ImportedFindings()
	if len(got) != mine {
		t.Fatalf("the double holds %d findings, want %d", len(got), mine)
	}
	// What arrived on the wire: the caller's default product in the
	// finding's own region (global resources: the client's), and the
	// documented required attributes.
	for _, f := range got {
		region, _ := f["Region"].(string)
		id, _ := f["Id"].(string)
		wantRegion := demo.East
		if strings.Contains(id, "/"+demo.West+"/") {
			wantRegion = demo.West
		}
		product := "arn:aws:securityhub:" + wantRegion + ":" + demo.ManagementAccount + ":product/" + demo.ManagementAccount + "/default"
		if region != wantRegion || f["ProductArn"] != product || f["AwsAccountId"] != demo.ManagementAccount {
			t.Fatalf("finding %v sent for %v/%v in %v", id, f["ProductArn"], f["AwsAccountId"], region)
		}
		sev, _ := f["Severity"].(map[string]any)
		res, _ := f["Resources"].([]any)
		if sev["Label"] == nil || len(res) == 0 || f["CreatedAt"] != "2026-11-01T09:30:00.000Z" {
			t.Fatalf("finding %v lacks severity, resources or its time: %v", f["Id"], f)
		}
	}
	if want := fmt.Sprintf("Security Hub %s/%s,%s: %d of %d findings imported in %d batches", demo.ManagementAccount, demo.West, demo.East, mine, mine, batches); !strings.Contains(res.Summary(), want) {
		t.Errorf("summary %q, want %q", res.Summary(), want)
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
		if f.Account == demo.ManagementAccount && importRegion(f) == demo.East {
			mine = append(mine, f)
		}
	}
	if len(mine) <= 100 {
		t.Fatalf("the demo has %d findings for the management account in %s; the test needs two batches", len(mine), demo.East)
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

// TestNotSubscribed: the findings of a region where the account has no
// Security Hub are reported failed; the other regions' still arrive.
func TestNotSubscribed(t *testing.T) {
	srv := awstest.Demo(t)
	cfg := srv.Config(t, demo.DevAccount) // dev eu-west-1 has no Security Hub
	im, err := New(awstest.Context(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	fs := demoFindings()
	res, err := im.Import(awstest.Context(t), fs, scanTime)
	if err != nil {
		t.Fatal(err)
	}
	perRegion := map[string]int{}
	for _, f := range fs {
		if f.Account == demo.DevAccount {
			perRegion[importRegion(f)]++
		}
	}
	if perRegion[demo.West] == 0 || perRegion[demo.East] == 0 {
		t.Fatalf("dev findings by region %v: the test needs both", perRegion)
	}
	if res.Imported != perRegion[demo.East] || len(res.Failures) != perRegion[demo.West] {
		t.Fatalf("imported %d, %d failures; want %d imported (%s) and %d failed (%s)", res.Imported, len(res.Failures),
			perRegion[demo.East], demo.East, perRegion[demo.West], demo.West)
	}
	for _, f := range res.Failures {
		if f.Code != "InvalidAccessException" || !strings.Contains(f.ID, "/"+demo.West+"/") {
			t.Fatalf("failure %+v", f)
		}
	}
}
