package sarif

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// FuzzWrite: whatever the estate's names and messages hold, the log is
// valid SARIF 2.1.0.
func FuzzWrite(f *testing.F) {
	f.Add("ec2-imdsv1-allowed", "i-1", "arn:aws:ec2:us-east-1:1:instance/i-1", "IMDSv1", uint8(4), "fail", true)
	f.Add("", "", "", "\xff", uint8(0), "error", false)
	f.Add("results", `"results":`, "}]}", "\u2028", uint8(9), "pass", true)
	sch := schema(f)
	f.Fuzz(func(t *testing.T, check, id, arn, message string, sev uint8, status string, muted bool) {
		r := &report.Report{Findings: []finding.Finding{{CheckID: check, Title: message, Severity: finding.Severity(sev),
			Status: finding.Status(status), ResourceID: id, ResourceARN: arn, Message: message, Muted: muted, MuteReason: message,
			Evidence: []finding.Evidence{{Field: id, Value: message}}, Compliance: map[string][]string{message: {id}}}},
			Paths: []finding.Path{{Rule: check, Title: message, Severity: finding.Severity(sev), Steps: []finding.Step{{ResourceID: id, Description: message}}}}}
		var buf bytes.Buffer
		if err := Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, sch, buf.Bytes()); err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
		// The schema's draft does not check URI formats: the artifact path
		// must be a relative reference, whatever the resource is called.
		uri := ArtifactURI(id, message, check, arn)
		if u, err := url.Parse(uri); err != nil || u.Scheme != "" || u.Host != "" || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("artifact uri %q is not a relative path: %v", uri, err)
		}
	})
}
