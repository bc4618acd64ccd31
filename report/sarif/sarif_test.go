package sarif

import (
	"bytes"
	"os"
	"strings"
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

// schema compiles the published SARIF 2.1.0 schema in testdata.
func schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
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
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t testing.TB, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return sch.Validate(inst)
}

func demoReport() *report.Report {
	e := demo.Estate()
	all := checks.All()
	r := &report.Report{Tool: report.Tool{Name: "awssec", Version: "test"}, GeneratedAt: time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC),
		Estate: report.Describe(e), Checks: len(all), Findings: checks.Run(e, all)}
	report.Sort(r.Findings)
	return r
}

// withPathAndMute marks the first failure muted and adds an attack path,
// as the mutelist and the path rules do.
func withPathAndMute(r *report.Report) *report.Report {
	for i := range r.Findings {
		if r.Findings[i].Status == finding.Fail {
			r.Findings[i].Muted = true
			r.Findings[i].MuteReason = "accepted risk: lab account (owner: sec-team)"
			break
		}
	}
	r.Paths = []finding.Path{{
		ID: "ssrf-to-data/i-1", Rule: "ssrf-to-data", Title: "SSRF on a public instance reaches customer data",
		Severity: finding.Critical, Fix: "require IMDSv2 on i-1",
		Steps: []finding.Step{
			{ResourceID: "internet", Description: "the internet reaches port 80"},
			{Account: "111122223333", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-1",
				ResourceARN: "arn:aws:ec2:us-east-1:111122223333:instance/i-1", Description: "IMDSv1 hands out the role's credentials",
				Findings: []string{"ec2-imdsv1-allowed"}},
			{Account: "111122223333", ResourceType: "AWS::S3::Bucket", ResourceID: "customer-data",
				ResourceARN: "arn:aws:s3:::customer-data", Description: "the role reads the bucket"},
		},
	}}
	return r
}

// TestSchemaRejectsBadLogs shows the schema check can fail: documents that
// break SARIF 2.1.0 in ways a renderer could are rejected.
func TestSchemaRejectsBadLogs(t *testing.T) {
	sch := schema(t)
	for name, doc := range map[string]string{
		"wrong version":  `{"version":"2.0.0","runs":[]}`,
		"no runs":        `{"version":"2.1.0"}`,
		"bad level":      `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"severe"}]}]}`,
		"no message":     `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}`,
		"unknown member": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"findings":[]}]}`,
	} {
		if err := validate(t, sch, []byte(doc)); err == nil {
			t.Errorf("%s: schema accepted %s", name, doc)
		}
	}
	// The minimal valid log of the SARIF specification (§3.1 example).
	if err := validate(t, sch, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeScanner"}},"results":[]}]}`)); err != nil {
		t.Errorf("schema rejected the spec's minimal log: %v", err)
	}
}

func TestDemoValidatesAgainstSchema(t *testing.T) {
	sch := schema(t)
	for name, r := range map[string]*report.Report{
		"demo":              demoReport(),
		"demo, path, muted": withPathAndMute(demoReport()),
		"empty":             {},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, sch, buf.Bytes()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// sarifLog is the part of SARIF the tests read back, declared here from the
// specification rather than shared with the renderer.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID   string `json:"id"`
					Help *struct {
						Text string `json:"text"`
					} `json:"help"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Kind      string `json:"kind"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			CodeFlows []struct {
				ThreadFlows []struct {
					Locations []struct {
						Location struct {
							Message struct {
								Text string `json:"text"`
							} `json:"message"`
						} `json:"location"`
					} `json:"locations"`
				} `json:"threadFlows"`
			} `json:"codeFlows"`
			Suppressions []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func TestMapping(t *testing.T) {
	r := &report.Report{Findings: []finding.Finding{
		{CheckID: "ec2-imdsv1-allowed", Title: "IMDSv2 required", Service: "ec2", Severity: finding.High, Status: finding.Fail,
			Account: "111122223333", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-1",
			ResourceARN: "arn:aws:ec2:us-east-1:111122223333:instance/i-1", Message: "HttpTokens is optional", Remediation: "set HttpTokens to required"},
		{CheckID: "ec2-imdsv1-allowed", Title: "IMDSv2 required", Service: "ec2", Severity: finding.High, Status: finding.Pass,
			Account: "111122223333", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-2", Message: "HttpTokens is required"},
		{CheckID: "kms-rotation", Severity: finding.Medium, Status: finding.Error, Account: "1", Region: "eu-west-1",
			ResourceType: "AWS::KMS::Key", ResourceID: "k", Message: "not assessed: AccessDenied"},
		{CheckID: "s3-public", Severity: finding.Low, Status: finding.Fail, Muted: true, MuteReason: "public website", Message: "public"},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, withPathAndMute(r)); err != nil {
		t.Fatal(err)
	}
	var got sarifLog
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	run := got.Runs[0]
	var rules []string
	for _, rl := range run.Tool.Driver.Rules {
		rules = append(rules, rl.ID)
	}
	if diff := cmp.Diff([]string{"path/ssrf-to-data", "ec2-imdsv1-allowed", "kms-rotation", "s3-public"}, rules); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if h := run.Tool.Driver.Rules[1].Help; h == nil || h.Text != "set HttpTokens to required" {
		t.Errorf("rule help = %+v, want the remediation", h)
	}
	if s := run.Tool.Driver.Rules[1].Properties["security-severity"]; s != "8.0" {
		t.Errorf("security-severity = %v, want 8.0 for high", s)
	}
	type row struct{ Rule, Kind, Level, Where string }
	var rows []row
	for _, res := range run.Results {
		if rn := run.Tool.Driver.Rules[res.RuleIndex].ID; rn != res.RuleID {
			t.Errorf("result %s points at rule %s", res.RuleID, rn)
		}
		rows = append(rows, row{res.RuleID, res.Kind, res.Level, res.Locations[0].LogicalLocations[0].FullyQualifiedName})
	}
	want := []row{
		{"path/ssrf-to-data", "fail", "error", "internet"},
		{"ec2-imdsv1-allowed", "fail", "error", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"},
		{"ec2-imdsv1-allowed", "pass", "none", "111122223333/us-east-1/AWS::EC2::Instance/i-2"},
		{"kms-rotation", "open", "none", "1/eu-west-1/AWS::KMS::Key/k"},
		{"s3-public", "fail", "note", "estate"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	// withPathAndMute muted the first failure; the s3 one was muted already.
	if s := run.Results[1].Suppressions; len(s) != 1 || s[0].Kind != "external" || !strings.Contains(s[0].Justification, "lab account") {
		t.Errorf("muted finding suppressions = %+v", s)
	}
	if s := run.Results[4].Suppressions; len(s) != 1 || s[0].Justification != "public website" {
		t.Errorf("muted finding suppressions = %+v", s)
	}
	if len(run.Results[2].Suppressions) != 0 {
		t.Error("unmuted finding carries a suppression")
	}
	flow := run.Results[0].CodeFlows[0].ThreadFlows[0].Locations
	if len(flow) != 3 || flow[1].Location.Message.Text != "IMDSv1 hands out the role's credentials (ec2-imdsv1-allowed)" {
		t.Errorf("path code flow = %+v", flow)
	}
}

func TestArtifactURI(t *testing.T) {
	for _, tc := range []struct{ account, region, typ, id, want string }{
		{"111122223333", "us-east-1", "AWS::EC2::Instance", "i-1", "aws/111122223333/us-east-1/EC2/Instance/i-1"},
		{"111122223333", "global", "AWS::IAM::Role", "path/to role", "aws/111122223333/global/IAM/Role/path%2Fto%20role"},
		{"1", "", "", "?#", "aws/1/%3F%23"},
		{"", "", "", "", "aws"},
	} {
		if got := ArtifactURI(tc.account, tc.region, tc.typ, tc.id); got != tc.want {
			t.Errorf("ArtifactURI(%q, %q, %q, %q) = %q, want %q", tc.account, tc.region, tc.typ, tc.id, got, tc.want)
		}
	}
}

// TestCodeScanningLocation: code scanning services take a result only with
// a physical location naming an artifact.
func TestCodeScanningLocation(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, withPathAndMute(demoReport())); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	results := got["runs"].([]any)[0].(map[string]any)["results"].([]any)
	for _, r := range results {
		res := r.(map[string]any)
		locs, _ := res["locations"].([]any)
		if len(locs) == 0 {
			t.Fatalf("result %v has no location", res["ruleId"])
		}
		uri, _ := locs[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"].(string)
		if !strings.HasPrefix(uri, "aws/") {
			t.Fatalf("result %v: artifact uri %q", res["ruleId"], uri)
		}
	}
}
