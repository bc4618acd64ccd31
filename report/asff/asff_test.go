package asff

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// The ASFF documentation ("Required top-level attributes in ASFF") lists
// these as required in every finding BatchImportFindings accepts.
var requiredTopLevel = []string{
	"AwsAccountId", "CreatedAt", "Description", "GeneratorId", "Id", "ProductArn",
	"Resources", "SchemaVersion", "Severity", "Title", "Types", "UpdatedAt",
}

// Documented values and limits, written here from the documentation.
var (
	severityLabels   = map[string]bool{"INFORMATIONAL": true, "LOW": true, "MEDIUM": true, "HIGH": true, "CRITICAL": true}
	complianceStatus = map[string]bool{"PASSED": true, "WARNING": true, "FAILED": true, "NOT_AVAILABLE": true}
	workflowStatus   = map[string]bool{"NEW": true, "NOTIFIED": true, "SUPPRESSED": true, "RESOLVED": true}
	typeNamespaces   = map[string]bool{"Software and Configuration Checks": true, "TTPs": true, "Effects": true,
		"Unusual Behaviors": true, "Sensitive Data Identifications": true}
	productARN = regexp.MustCompile(`^arn:aws(-[a-z-]+)?:securityhub:[a-z0-9-]+:\d{12}:product/\d{12}/default$`)
	accountID  = regexp.MustCompile(`^\d{12}$`)
	limits     = map[string]int{"Id": 512, "Title": 256, "Description": 1024, "GeneratorId": 512}
)

// checkDocumented checks one decoded ASFF finding against the documented
// required fields, formats and limits.
func checkDocumented(t *testing.T, f map[string]any) {
	t.Helper()
	id, _ := f["Id"].(string)
	for _, k := range requiredTopLevel {
		v, ok := f[k]
		if !ok || v == "" || v == nil {
			t.Errorf("%s: required %s missing", id, k)
		}
	}
	if f["SchemaVersion"] != "2018-10-08" {
		t.Errorf("%s: SchemaVersion %v", id, f["SchemaVersion"])
	}
	if s, _ := f["ProductArn"].(string); !productARN.MatchString(s) {
		t.Errorf("%s: ProductArn %q", id, s)
	}
	if s, _ := f["AwsAccountId"].(string); !accountID.MatchString(s) {
		t.Errorf("%s: AwsAccountId %q", id, s)
	}
	for k, n := range limits {
		if s, _ := f[k].(string); utf8.RuneCountInString(s) > n {
			t.Errorf("%s: %s longer than %d", id, k, n)
		}
	}
	for _, k := range []string{"CreatedAt", "UpdatedAt"} {
		if _, err := time.Parse(time.RFC3339Nano, f[k].(string)); err != nil {
			t.Errorf("%s: %s: %v", id, k, err)
		}
	}
	if sev, _ := f["Severity"].(map[string]any); !severityLabels[sev["Label"].(string)] {
		t.Errorf("%s: Severity.Label %v", id, sev["Label"])
	}
	types, _ := f["Types"].([]any)
	if len(types) == 0 || len(types) > 50 {
		t.Errorf("%s: %d Types", id, len(types))
	}
	for _, ty := range types {
		parts := strings.Split(ty.(string), "/")
		if len(parts) < 2 || len(parts) > 3 || !typeNamespaces[parts[0]] {
			t.Errorf("%s: type %q is not namespace/category[/classifier]", id, ty)
		}
	}
	res, _ := f["Resources"].([]any)
	if len(res) == 0 || len(res) > 32 {
		t.Errorf("%s: %d Resources", id, len(res))
	}
	for _, r := range res {
		m := r.(map[string]any)
		if m["Type"] == "" || m["Type"] == nil || m["Id"] == "" || m["Id"] == nil {
			t.Errorf("%s: resource without Type or Id: %v", id, m)
		}
	}
	if c, ok := f["Compliance"].(map[string]any); ok && !complianceStatus[c["Status"].(string)] {
		t.Errorf("%s: Compliance.Status %v", id, c["Status"])
	}
	if w, ok := f["Workflow"].(map[string]any); ok && !workflowStatus[w["Status"].(string)] {
		t.Errorf("%s: Workflow.Status %v", id, w["Status"])
	}
	if pf, ok := f["ProductFields"].(map[string]any); ok && len(pf) > 50 {
		t.Errorf("%s: %d ProductFields", id, len(pf))
	}
}

func demoReport() *report.Report {
	e := demo.Estate()
	all := checks.All()
	r := &report.Report{Tool: report.Tool{Name: "awssec", Version: "test"}, GeneratedAt: time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC),
		Estate: report.Describe(e), Checks: len(all), Findings: checks.Run(e, all)}
	report.Sort(r.Findings)
	return r
}

func TestDemoHasDocumentedFields(t *testing.T) {
	r := demoReport()
	r.Findings[0].Muted, r.Findings[0].MuteReason = true, "lab account"
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(r.Findings) {
		t.Fatalf("%d ASFF findings for %d findings", len(got), len(r.Findings))
	}
	ids := map[string]bool{}
	for _, f := range got {
		checkDocumented(t, f)
		id := f["Id"].(string)
		if ids[id] {
			t.Errorf("duplicate Id %s", id)
		}
		ids[id] = true
	}
	if w := got[0]["Workflow"].(map[string]any)["Status"]; w != "SUPPRESSED" {
		t.Errorf("muted finding's workflow %v, want SUPPRESSED", w)
	}
	if n, ok := got[0]["Note"].(map[string]any); !ok || n["Text"] != "lab account" || n["UpdatedBy"] == "" {
		t.Errorf("muted finding's note %v", got[0]["Note"])
	}
}

func TestLimitsAndMapping(t *testing.T) {
	long := strings.Repeat("é", 2000)
	f := finding.Finding{CheckID: "iam-root-mfa", Title: long, Message: long, Remediation: long, Severity: finding.Critical,
		Status: finding.Error, Account: "111122223333", Region: "global", ResourceType: "AWS::IAM::Root", ResourceID: "root",
		ResourceARN: "arn:aws-cn:iam::111122223333:root" + strings.Repeat("x", 600)}
	for range 60 {
		f.Evidence = append(f.Evidence, finding.Evidence{Field: "f", Value: "v"})
	}
	a := FromFinding(&f, time.Unix(0, 0), Options{DefaultRegion: "eu-west-1"})
	var m map[string]any
	data, _ := json.Marshal(a)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	checkDocumented(t, m)
	if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Description) || len(a.Remediation.Recommendation.Text) > 512 {
		t.Error("truncation broke a rune or a limit")
	}
	if a.Compliance.Status != "NOT_AVAILABLE" {
		t.Errorf("not assessed became %s", a.Compliance.Status)
	}
	if a.Resources[0].Type != "AwsAccount" || a.Resources[0].ID != "AWS::::Account:111122223333" || a.Resources[0].Partition != "aws-cn" {
		t.Errorf("root resource = %+v", a.Resources[0])
	}
	if a.ProductARN != "arn:aws-cn:securityhub:eu-west-1:111122223333:product/111122223333/default" {
		t.Errorf("ProductArn of a global finding = %s", a.ProductARN)
	}
	if ResourceType("AWS::Config::ConfigRule") != "Other" {
		t.Error("a type ASFF does not list is not Other")
	}
}

func TestBatches(t *testing.T) {
	fs := make([]Finding, 250)
	var sizes []int
	for _, b := range Batches(fs) {
		sizes = append(sizes, len(b))
	}
	if len(sizes) != 3 || sizes[0] != 100 || sizes[1] != 100 || sizes[2] != 50 {
		t.Errorf("batch sizes %v, want 100 100 50", sizes)
	}
	if len(Batches(nil)) != 0 {
		t.Error("batches of nothing")
	}
}
