package html

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

func demoReport() *report.Report {
	e := demo.Estate()
	all := checks.All()
	r := &report.Report{Tool: report.Tool{Name: "awssec", Version: "test"}, GeneratedAt: time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC),
		Estate: report.Describe(e), Checks: len(all), Findings: checks.Run(e, all)}
	report.Sort(r.Findings)
	return r
}

// withPathAndMute mutes the first failure that has evidence and adds an
// attack path, as the mutelist and the path rules do.
func withPathAndMute(r *report.Report) *report.Report {
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Status == finding.Fail && len(f.Evidence) > 0 && f.Remediation != "" {
			f.Muted, f.MuteReason = true, "accepted risk until 2027-01-01 (owner: platform)"
			break
		}
	}
	r.Paths = []finding.Path{{
		ID: "ssrf-to-data/i-1", Rule: "ssrf-to-data", Title: "SSRF on a public instance reaches customer data",
		Severity: finding.Critical, Fix: "require IMDSv2 on i-1",
		Steps: []finding.Step{
			{ResourceID: "internet", Description: "the internet reaches port 80"},
			{Account: "111122223333", Region: "us-east-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-1",
				Description: "IMDSv1 hands out the role's credentials", Findings: []string{"ec2-imdsv1-allowed"}},
			{Account: "111122223333", ResourceType: "AWS::S3::Bucket", ResourceID: "customer-data",
				ResourceARN: "arn:aws:s3:::customer-data", Description: "the role reads the bucket"},
		},
	}}
	return r
}

// replicate repeats a report's findings, with resources renamed per copy,
// until it holds n.
func replicate(r *report.Report, n int) *report.Report {
	out := *r
	out.Findings = make([]finding.Finding, 0, n)
	for c := 0; len(out.Findings) < n; c++ {
		for _, f := range r.Findings {
			if len(out.Findings) == n {
				break
			}
			f.ResourceID = fmt.Sprintf("%s~%06d", f.ResourceID, c)
			if f.ResourceARN != "" {
				f.ResourceARN = fmt.Sprintf("%s~%06d", f.ResourceARN, c)
			}
			out.Findings = append(out.Findings, f)
		}
	}
	return &out
}

func render(t *testing.T, r *report.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestSelfContained: the page loads nothing: no external script, style,
// font or image, and a policy that forbids them.
func TestSelfContained(t *testing.T) {
	page := render(t, withPathAndMute(demoReport()))
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script[^>]+src=`), regexp.MustCompile(`<link[^>]+href=`),
		regexp.MustCompile(`@import`), regexp.MustCompile(`@font-face`), regexp.MustCompile(`url\((?:['"]?)(?:https?:|//)`),
		regexp.MustCompile(`<img[^>]+src=["']?(?:https?:|//)`),
	} {
		if loc := bad.FindStringIndex(page); loc != nil {
			t.Errorf("external reference %q", page[loc[0]:min(loc[1]+40, len(page))])
		}
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if csp == nil || !strings.HasPrefix(stdhtml.UnescapeString(csp[1]), "default-src 'none'; style-src 'sha256-") ||
		strings.Contains(csp[1], "unsafe") {
		t.Errorf("content security policy %q: want default-src 'none' and the inline code by hash only", csp)
	}
	if regexp.MustCompile(`\son[a-z]+=`).MatchString(page) {
		t.Error("an inline event handler, which the policy blocks")
	}
}

// TestHostileValuesStayData: values from the estate cannot end the data
// element or inject markup.
func TestHostileValuesStayData(t *testing.T) {
	evil := `</script><script>alert(1)</script><!--`
	r := &report.Report{Findings: []finding.Finding{{CheckID: "x", Title: evil, Service: evil, Severity: finding.High,
		Status: finding.Fail, ResourceID: evil, Message: evil, Evidence: []finding.Evidence{{Field: evil, Value: evil}}}},
		Paths: []finding.Path{{Title: evil, Severity: finding.High, Fix: evil, Steps: []finding.Step{{ResourceID: evil, Description: evil}}}}}
	page := render(t, r)
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("a value became markup")
	}
	if n := strings.Count(page, "</script>"); n != 3 {
		t.Errorf("%d closing script tags, want 3 (data, evidence and code)", n)
	}
}

func TestSummaryAndPaths(t *testing.T) {
	r := withPathAndMute(demoReport())
	page := render(t, r)
	s := r.Summarize()
	for _, want := range []string{
		fmt.Sprintf(`<span class="n">%d</span> fail`, s.Fail),
		fmt.Sprintf(`<span class="n">%d</span> pass`, s.Pass),
		`<span class="n">1</span> muted`,
		`<span class="n">1</span> attack paths`,
		fmt.Sprintf(`<title>%d critical</title>`, s.FailBySeverity["critical"]),
		`<b>Cheapest fix:</b> require IMDSv2 on i-1`,
		`class="enabled">ec2-imdsv1-allowed</text>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, `class="arrow"`); n != 2 {
		t.Errorf("%d arrows for three steps, want 2", n)
	}
}
