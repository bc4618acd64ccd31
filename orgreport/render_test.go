package orgreport_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/orgreport"
)

func demoReport(t *testing.T, opts orgreport.Options) *orgreport.Report {
	t.Helper()
	r, err := orgreport.FromEstate(demo.Estate(), demo.ManagementAccount, demo.East, opts, demo.Now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

// TestRenderGolden pins every format of the demo report, of the report with
// account rules, and of a partial report with a previous state.
func TestRenderGolden(t *testing.T) {
	partial := demoReport(t, orgreport.Options{Aggregators: []string{"AggregatorTest"}})
	partial.NotAssessed = append(partial.NotAssessed, orgreport.Gap{Aggregator: "AggregatorTest", Rule: "OrgConfigRule-encrypted-volumes-xk2mq9d",
		AccountID: demo.DevAccount, Region: demo.East, Call: "config:GetAggregateComplianceDetailsByConfigRule", Error: "AccessDeniedException: User is not authorized to perform this action"})
	prev := &orgreport.State{Version: 1, GeneratedAt: demo.Now.AddDate(0, 0, -7), Resources: []orgreport.StateEntry{
		{Aggregator: "AggregatorTest", Rule: "s3-bucket-public-read-prohibited", ConfigRuleName: "OrgConfigRule-s3-bucket-public-read-prohibited-7hd3bnc",
			AccountID: demo.DevAccount, Region: demo.West, ResourceType: "AWS::S3::Bucket", ResourceID: "acme-dev-public-assets"},
		{Aggregator: "AggregatorTest", Rule: "encrypted-volumes", ConfigRuleName: "OrgConfigRule-encrypted-volumes-xk2mq9d",
			AccountID: demo.ProdAccount, Region: demo.East, ResourceType: "AWS::EC2::Volume", ResourceID: "vol-0old000000000001"},
	}}
	orgreport.SinceLast(partial, prev)
	empty := demoReport(t, orgreport.Options{Aggregators: []string{"AggregatorTest"}})
	empty.Aggregators[0].Rules, empty.Aggregators[0].NonCompliantRules, empty.Aggregators[0].NonCompliantResources = nil, 0, 0
	empty.Aggregators[0].Accounts = empty.Aggregators[0].Accounts[:0]
	ext := map[string]string{"table": "txt", "json": "json", "csv": "csv", "html": "html"}
	for name, r := range map[string]*orgreport.Report{
		"demo":      demoReport(t, orgreport.Options{}),
		"all-rules": demoReport(t, orgreport.Options{AllRules: true}),
		"partial":   partial,
		"empty":     empty,
	} {
		for _, format := range orgreport.Formats {
			t.Run(name+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := orgreport.Render(&buf, r, format); err != nil {
					t.Fatal(err)
				}
				golden(t, name+"."+ext[format], buf.Bytes())
			})
		}
	}
}

// TestRenderUntrustedText: annotations and ids come from the accounts
// reported on; HTML escapes them, CSV defuses formulas, text keeps one
// line per resource.
func TestRenderUntrustedText(t *testing.T) {
	r := demoReport(t, orgreport.Options{Aggregators: []string{"AggregatorTest"}})
	res := &r.Aggregators[0].Rules[0].Accounts[0].Resources[0]
	res.Annotation = "<script>alert(1)</script>\nsecond line"
	res.ResourceID = "=HYPERLINK(\"http://evil.example\")"
	var html, csv, text bytes.Buffer
	if err := orgreport.HTML(&html, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html.String(), "<script>") || !strings.Contains(html.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("HTML does not escape the annotation")
	}
	if err := orgreport.CSV(&csv, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), `"'=HYPERLINK(""http://evil.example"")"`) {
		t.Errorf("CSV does not defuse the formula:\n%s", csv.String())
	}
	if err := orgreport.Text(&text, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "\nsecond line") {
		t.Errorf("text breaks the row:\n%s", text.String())
	}
}
