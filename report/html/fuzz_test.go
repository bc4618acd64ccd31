package html

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

var dataElements = regexp.MustCompile(`(?s)<script type="application/json" id="(?:data|evidence)">(.*?)</script>`)

// FuzzWrite feeds values from an estate (which an attacker may name: tags,
// bucket names, policy text) into every field the page shows. The page
// must stay two script elements, with the data still JSON.
func FuzzWrite(f *testing.F) {
	f.Add("i-1", "port 22 open", "HttpTokens", "optional")
	f.Add("</script><script>alert(1)</script>", "<!--", "</SCRIPT >", "<img src=x onerror=alert(1)>")
	f.Add("\xff\xfe", "\u2028\u2029", "{{.CSS}}", `"'&<>`)
	f.Fuzz(func(t *testing.T, id, message, field, value string) {
		r := &report.Report{Estate: report.EstateInfo{Source: value},
			Findings: []finding.Finding{{CheckID: id, Title: message, Service: field, Severity: finding.High, Status: finding.Fail,
				ResourceID: id, ResourceARN: value, Message: message, Remediation: value, MuteReason: message, Muted: true,
				Evidence: []finding.Evidence{{Field: field, Value: value, Source: id}}, Compliance: map[string][]string{field: {value}}}},
			Paths: []finding.Path{{Title: message, Severity: finding.Critical, Fix: value,
				Steps: []finding.Step{{ResourceID: id, ResourceType: field, Description: message, Findings: []string{id}}}}}}
		var buf bytes.Buffer
		if err := Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		if n := strings.Count(strings.ToLower(page), "</script"); n != 3 {
			t.Fatalf("%d script end tags, want 3", n)
		}
		if n := strings.Count(strings.ToLower(page), "<script"); n != 3 {
			t.Fatalf("%d script start tags, want 3", n)
		}
		ms := dataElements.FindAllStringSubmatch(page, -1)
		if len(ms) != 2 {
			t.Fatalf("%d data elements, want 2", len(ms))
		}
		for _, m := range ms {
			if !jsontext.Value(strings.TrimSpace(m[1])).IsValid() {
				t.Fatalf("data is not JSON: %q", m[1])
			}
		}
	})
}
