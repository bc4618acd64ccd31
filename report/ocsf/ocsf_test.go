package ocsf

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/compliance_finding.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("compliance_finding.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("compliance_finding.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateEach(t *testing.T, sch *jsonschema.Schema, data []byte) []error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	arr, ok := inst.([]any)
	if !ok {
		t.Fatalf("output is a %T, want a JSON array of events", inst)
	}
	var errs []error
	for _, ev := range arr {
		if err := sch.Validate(ev); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func demoReport() *report.Report {
	e := demo.Estate()
	all := checks.All()
	r := &report.Report{Tool: report.Tool{Name: "awssec", Version: "test"}, GeneratedAt: time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC),
		Estate: report.Describe(e), Checks: len(all), Findings: checks.Run(e, all)}
	report.Sort(r.Findings)
	return r
}

// TestSchemaRejectsBadEvents shows the schema check can fail, on events
// that break the class's definition in ways a renderer could.
func TestSchemaRejectsBadEvents(t *testing.T) {
	sch := schema(t)
	good := `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200301,"time":1,"severity_id":4,` +
		`"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]}}`
	if errs := validateEach(t, sch, []byte("["+good+"]")); len(errs) > 0 {
		t.Fatalf("minimal event rejected: %v", errs)
	}
	for name, doc := range map[string]string{
		"wrong class":      `{"activity_id":1,"category_uid":2,"class_uid":2004,"type_uid":200401,"time":1,"severity_id":4,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]}}`,
		"type_uid":         `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200302,"time":1,"severity_id":4,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]}}`,
		"no compliance":    `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200301,"time":1,"severity_id":4,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"}}`,
		"string time":      `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200301,"time":"2026-01-01","severity_id":4,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]}}`,
		"unknown severity": `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200301,"time":1,"severity_id":7,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]}}`,
		"unknown member":   `{"activity_id":1,"category_uid":2,"class_uid":2003,"type_uid":200301,"time":1,"severity_id":4,"metadata":{"version":"1.3.0","product":{"name":"x"}},"finding_info":{"uid":"u"},"compliance":{"standards":[]},"checkId":"x"}`,
	} {
		if errs := validateEach(t, sch, []byte("["+doc+"]")); len(errs) == 0 {
			t.Errorf("%s: schema accepted %s", name, doc)
		}
	}
}

func TestDemoValidatesAgainstSchema(t *testing.T) {
	sch := schema(t)
	r := demoReport()
	r.Findings[0].Muted, r.Findings[0].MuteReason = true, "accepted"
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	errs := validateEach(t, sch, buf.Bytes())
	for i, err := range errs {
		if i < 3 {
			t.Error(err)
		}
	}
	if len(errs) > 0 {
		t.Errorf("%d of %d events invalid", len(errs), len(r.Findings))
	}
	var empty bytes.Buffer
	if err := Write(&empty, &report.Report{}); err != nil || empty.String() != "[\n]\n" {
		t.Errorf("empty report = %q, %v; want an empty array", empty.String(), err)
	}
}

func TestMapping(t *testing.T) {
	r := &report.Report{Tool: report.Tool{Version: "1.2.3"}, GeneratedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Findings: []finding.Finding{
			{CheckID: "s3-bucket-public", Title: "Buckets are not public", Severity: finding.Critical, Status: finding.Fail,
				Account: "111122223333", Region: "global", ResourceType: "AWS::S3::Bucket", ResourceID: "b",
				ResourceARN: "arn:aws:s3:::b", Message: "public read", Remediation: "block public access",
				Evidence:   []finding.Evidence{{Field: "PolicyStatus.IsPublic", Value: "true", Source: "s3:GetBucketPolicyStatus"}},
				Compliance: map[string][]string{"cis-aws-5.0.0": {"2.1.4"}, "cis-aws-3.0.0": {"2.1.4"}}, Muted: true},
			{CheckID: "kms-rotation", Severity: finding.Low, Status: finding.Error, Account: "1", Region: "eu-west-1", ResourceID: "k"},
			{CheckID: "kms-rotation", Severity: finding.Info, Status: finding.Pass, Account: "1", Region: "eu-west-1", ResourceID: "k2"},
		}}
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	e := got[0]
	want := map[string]any{
		"class_uid": 2003.0, "type_uid": 200301.0, "time": float64(r.GeneratedAt.UnixMilli()), "severity_id": 5.0,
		"status_id": 3.0, "status": "Suppressed",
		"compliance": map[string]any{"control": "s3-bucket-public", "standards": []any{"cis-aws-3.0.0", "cis-aws-5.0.0"},
			"requirements": []any{"cis-aws-3.0.0:2.1.4", "cis-aws-5.0.0:2.1.4"}, "status_id": 3.0, "status": "Fail"},
		"remediation": map[string]any{"desc": "block public access"},
		"cloud":       map[string]any{"provider": "AWS", "account": map[string]any{"uid": "111122223333", "type_id": 10.0, "type": "AWS Account"}},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, e[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	res := e["resources"].([]any)[0].(map[string]any)
	if res["uid"] != "arn:aws:s3:::b" || res["region"] != nil || res["data"] == nil {
		t.Errorf("resource = %v; want the ARN, no region for a global resource, the evidence as data", res)
	}
	for i, st := range []float64{3, 2, 1} {
		if c := got[i]["compliance"].(map[string]any); c["status_id"] != st {
			t.Errorf("event %d compliance status %v, want %v", i, c["status_id"], st)
		}
	}
	if got[1]["finding_info"].(map[string]any)["uid"] == got[2]["finding_info"].(map[string]any)["uid"] {
		t.Error("two resources share a finding uid")
	}
}
