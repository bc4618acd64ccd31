package threat_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/estate"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/templates"
)

func parse(t *testing.T, name, src string) *model.Model {
	t.Helper()
	m, err := model.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func byID(res *threat.Result) map[string]threat.Threat {
	out := map[string]threat.Threat{}
	for _, t := range res.Threats {
		out[t.ID] = t
	}
	return out
}

const orders = `title: Orders API
data:
  - {id: pii, classification: confidential}
boundaries:
  - {id: internet, kind: internet}
  - {id: vpc-prod, kind: vpc}
elements:
  - {id: customer, type: actor, boundary: internet}
  - {id: api, type: process, boundary: vpc-prod}
  - {id: orders-db, type: store, boundary: vpc-prod, encrypted: false, stores: [pii]}
flows:
  - {id: f1, from: customer, to: api, protocol: http, authenticated: false, data: [pii]}
  - {id: f2, from: api, to: orders-db, protocol: tls, authenticated: true, data: [pii]}
`

func TestSTRIDEPerElement(t *testing.T) {
	res := threat.Generate(parse(t, "m.yaml", orders), nil)
	got := map[string]string{}
	for _, th := range res.Threats {
		if th.Rule == "stride" {
			got[th.Subject] += th.Category.String()
		}
	}
	want := map[string]string{"customer": "SR", "api": "STRIDE", "orders-db": "TRID", "f1": "TID", "f2": "TID"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: baseline categories %q, want %q", k, got[k], v)
		}
	}
}

func TestSpecificThreats(t *testing.T) {
	res := threat.Generate(parse(t, "m.yaml", orders), nil)
	ts := byID(res)
	for id, sev := range map[string]finding.Severity{
		"T-f1-I-plaintext":              finding.Critical, // high impact, confidential data from the internet
		"T-f1-T-mitm":                   finding.Critical,
		"T-api-S-unauthenticated-entry": finding.Critical,
		"T-orders-db-I-unencrypted":     finding.High,
		"T-api-D-no-rate-limit":         finding.High,
	} {
		th, ok := ts[id]
		if !ok {
			t.Errorf("missing %s", id)
			continue
		}
		if th.Severity != sev {
			t.Errorf("%s: severity %s, want %s", id, th.Severity, sev)
		}
		if len(th.Mitigations) == 0 || th.Detail == "" || th.Line == 0 {
			t.Errorf("%s lacks mitigations, detail or position: %+v", id, th)
		}
	}
	if d := ts["T-f1-I-plaintext"].Detail; d != "customer → api over http is not encrypted and crosses from internet to vpc-prod" {
		t.Errorf("detail = %q", d)
	}
	for _, id := range []string{"T-f2-I-plaintext", "T-f2-I-plaintext-internal", "T-customer-S-no-mfa"} {
		if _, ok := ts[id]; ok {
			t.Errorf("%s should not fire", id)
		}
	}
}

// TestStatusesSurviveRegeneration records statuses, changes the model, and
// regenerates: the ids are the same, so the statuses still apply; a status
// whose threat went away is reported, not dropped.
func TestStatusesSurviveRegeneration(t *testing.T) {
	src := orders + "threats:\n" +
		"  - {id: T-f1-I-plaintext, status: mitigated, note: \"CloudFront forces HTTPS\"}\n" +
		"  - {id: T-api-D-no-rate-limit, status: accepted}\n" +
		"  - {id: T-gone-S-stride, status: mitigated}\n"
	first := byID(threat.Generate(parse(t, "m.yaml", src), nil))
	changed := strings.Replace(src, "  - {id: customer,", "  - {id: auditor, type: actor, boundary: internet}\n  - {id: customer,", 1)
	res := threat.Generate(parse(t, "m.yaml", changed), nil)
	second := byID(res)
	for _, id := range []string{"T-f1-I-plaintext", "T-api-D-no-rate-limit"} {
		if first[id].Status == model.Open || second[id].Status != first[id].Status {
			t.Errorf("%s: status %q then %q", id, first[id].Status, second[id].Status)
		}
	}
	if second["T-f1-I-plaintext"].Note != "CloudFront forces HTTPS" {
		t.Errorf("note lost: %+v", second["T-f1-I-plaintext"])
	}
	if len(res.Stale) != 1 || res.Stale[0].ID != "T-gone-S-stride" {
		t.Errorf("stale = %v", res.Stale)
	}
	if over := res.AtOrAbove(finding.Critical); slices.ContainsFunc(over, func(th threat.Threat) bool { return th.ID == "T-f1-I-plaintext" }) {
		t.Error("a mitigated threat counts against --fail-on")
	}
}

func TestSeverityFollowsDataAndExposure(t *testing.T) {
	src := func(class string) string {
		return "data: [{id: d, classification: " + class + "}]\nelements:\n  - {id: s, type: store, stores: [d], encrypted: false}\n"
	}
	// unencrypted fires only for confidential and above; internal
	// exposure: restricted (3+0) keeps high, confidential (2+0) keeps high.
	for class, want := range map[string]finding.Severity{"restricted": finding.High, "confidential": finding.High} {
		ts := byID(threat.Generate(parse(t, "m.yaml", src(class)), nil))
		if got := ts["T-s-I-unencrypted"].Severity; got != want {
			t.Errorf("%s: severity %s, want %s", class, got, want)
		}
	}
	ts := byID(threat.Generate(parse(t, "m.yaml", src("internal")), nil))
	if _, ok := ts["T-s-I-unencrypted"]; ok {
		t.Error("unencrypted fired for internal data")
	}
	pub := byID(threat.Generate(parse(t, "m.yaml", "data: [{id: d, classification: public}]\nelements:\n  - {id: s, type: store, stores: [d], public: true}\n"), nil))
	if got := pub["T-s-I-public-store"].Severity; got != finding.Medium {
		t.Errorf("public store of public data: %s, want medium (high lowered: public data, no exposure)", got)
	}
}

func TestCatalogue(t *testing.T) {
	rules := threat.Rules()
	known := map[string]bool{}
	for _, c := range checks.All() {
		known[c.ID] = true
	}
	specific := 0
	seen := map[string]bool{}
	for _, r := range rules {
		key := r.ID + "/" + r.Category.String()
		if seen[key] {
			t.Errorf("rule %s appears twice", key)
		}
		seen[key] = true
		if r.Title == "" || r.Rationale == "" || len(r.Mitigations) == 0 || len(r.Applies) == 0 {
			t.Errorf("rule %s is incomplete", key)
		}
		if !r.Baseline {
			specific++
		}
		for _, c := range r.Checks {
			if !known[c] {
				t.Errorf("rule %s names check %q, which does not exist", key, c)
			}
		}
		if !slices.Contains(threat.Categories, r.Category) {
			t.Errorf("rule %s has category %q", key, r.Category)
		}
	}
	if specific < 40 {
		t.Errorf("%d specific rules, want at least 40", specific)
	}
}

// TestEveryRuleFires runs the rule fixture, the templates and the demo
// estate (with its findings): every rule must fire somewhere, so none is
// dead code.
func TestEveryRuleFires(t *testing.T) {
	fired := map[string]bool{}
	note := func(res *threat.Result) {
		for _, th := range res.Threats {
			fired[th.Rule+"/"+th.Category.String()] = true
		}
	}
	data, err := os.ReadFile("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The deployer's long-lived key is a scan finding on its IAM user.
	keyAge := []finding.Finding{{CheckID: "iam-access-key-rotation", Status: finding.Fail, Severity: finding.Medium, Account: "111122223333",
		ResourceID: "AIDAEXAMPLE", ResourceARN: "arn:aws:iam::111122223333:user/deployer", Message: "access key AKIA…1234 is 412 days old"}}
	note(threat.Generate(parse(t, "rules.yaml", string(data)), keyAge))
	for _, tpl := range templates.All {
		src, err := templates.Source(tpl.Name)
		if err != nil {
			t.Fatal(err)
		}
		note(threat.Generate(parse(t, tpl.Name+".yaml", string(src)), nil))
	}
	e := demo.Estate()
	note(threat.Generate(estate.Derive(e, "demo"), checks.Run(e, checks.All())))
	for _, r := range threat.Rules() {
		if key := r.ID + "/" + r.Category.String(); !fired[key] {
			t.Errorf("rule %s never fires", key)
		}
	}
}

// TestFindingsBecomeEvidence derives the demo estate and checks the threat
// the issue describes: the IMDSv1 instance reachable from the internet.
func TestFindingsBecomeEvidence(t *testing.T) {
	e := demo.Estate()
	res := threat.Generate(estate.Derive(e, "demo"), checks.Run(e, checks.All()))
	ts := byID(res)
	ssrf, ok := ts["T-wordpress-web-E-ssrf"]
	if !ok {
		t.Fatal("no SSRF threat on wordpress-web")
	}
	if !strings.HasPrefix(ssrf.Detail, "wordpress-web allows IMDSv1 and is reachable on 22, 25, 53, 80, 443") {
		t.Errorf("detail = %q", ssrf.Detail)
	}
	if len(ssrf.Evidence) != 1 || ssrf.Evidence[0].CheckID != "ec2-imdsv1-allowed" {
		t.Errorf("evidence = %+v", ssrf.Evidence)
	}
	for id, check := range map[string]string{
		"T-lb-legacy-web-alb-T-request-smuggling": "elbv2-alb-drop-invalid-headers",
		"T-rds-legacy-mysql-I-public-store":       "rds-instance-public-access",
		"T-fn-legacy-webhook-I-secrets-in-env":    "lambda-env-secrets",
	} {
		th, ok := ts[id]
		if !ok || !slices.ContainsFunc(th.Evidence, func(ev threat.Evidence) bool { return ev.CheckID == check }) {
			t.Errorf("%s: want evidence from %s, got %+v", id, check, th.Evidence)
		}
	}
	// A finding belongs to its resource: another bucket's failure must
	// not show up on a bucket that passes.
	for _, th := range res.Threats {
		for _, ev := range th.Evidence {
			if !strings.Contains(ev.Message, "") || (ev.Resource != "" && th.SubjectKind == model.Store && ev.CheckID == "s3-bucket-policy-public" && th.Subject != "s3-acme-dev-public-assets") {
				t.Errorf("%s carries another resource's finding %+v", th.ID, ev)
			}
		}
	}
}
