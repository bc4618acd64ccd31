package attackpath_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func demoPaths(t *testing.T) []finding.Path {
	t.Helper()
	e := demo.Estate()
	return attackpath.Find(e, checks.Run(e, checks.All()))
}

// Every rule fires on the demo estate, and every path is well formed.
func TestDemoFiresEveryRule(t *testing.T) {
	paths := demoPaths(t)
	rules := attackpath.Rules()
	if len(rules) < 10 {
		t.Fatalf("%d rules, want at least 10", len(rules))
	}
	for _, r := range rules {
		if !slices.ContainsFunc(paths, func(p finding.Path) bool { return p.Rule == r.ID }) {
			t.Errorf("rule %s finds no path in the demo estate", r.ID)
		}
	}
	ids := map[string]bool{}
	for _, p := range paths {
		if ids[p.ID] {
			t.Errorf("path id %s repeated", p.ID)
		}
		ids[p.ID] = true
		if len(p.Steps) < 2 || p.Fix == "" || p.Title == "" || p.Severity == 0 {
			t.Errorf("path %s is incomplete: %+v", p.ID, p)
		}
		enabled := false
		for _, s := range p.Steps {
			if s.ResourceID == "" || s.Description == "" {
				t.Errorf("path %s has a step without resource or description: %+v", p.ID, s)
			}
			for _, c := range s.Findings {
				if checks.ByID(c) == nil {
					t.Errorf("path %s names unknown check %s", p.ID, c)
				}
				enabled = true
			}
		}
		if !enabled {
			t.Errorf("path %s names no finding that enables it", p.ID)
		}
	}
}

// The seed's situations are found with the steps the guide describes.
func TestDemoNamedPaths(t *testing.T) {
	paths := demoPaths(t)
	chain := func(p finding.Path) string {
		var ids []string
		for _, s := range p.Steps {
			ids = append(ids, s.ResourceID)
		}
		return strings.Join(ids, " > ")
	}
	var got []string
	for _, p := range paths {
		got = append(got, p.Rule+": "+chain(p))
	}
	for _, want := range []string{
		"ssrf-imds-role-to-data: internet > i-0a1b2c3d4e5f60001 > AROAYPROD7WORDPRESS01 > acme-prod-customer-data",
		"public-database: internet > legacy-mysql",
		"stolen-credential-iam-write: stolen credential > AIDAYPROD7ALICE000001 > 444455556666",
		"lambda-admin-unauthenticated: internet > w8e7b6h5k4 > dev-report-export > AROAYDEV07REPORTEXP01 > 777788889999",
		"lambda-admin-unauthenticated: internet > dev-report-export > AROAYDEV07REPORTEXP01 > 777788889999",
		"cross-account-admin: trusted third-party account > AROAYPROD7VENDORDPL01 > 444455556666",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing path %s\ngot:\n%s", want, strings.Join(got, "\n"))
		}
	}
	// The auditor role trusted without an ExternalId holds SecurityAudit:
	// neither admin nor a reader of data, so no path runs through it.
	for _, g := range got {
		if strings.Contains(g, "AROAYPROD7AUDIT000001") {
			t.Errorf("path through the read-only audit role: %s", g)
		}
	}
}

// A path needs its findings: with the failures of a rule's checks taken
// away (the fix applied), the rule finds nothing.
func TestFixingTheFindingsBreaksThePaths(t *testing.T) {
	e := demo.Estate()
	results := checks.Run(e, checks.All())
	for _, r := range attackpath.Rules() {
		kept := slices.DeleteFunc(slices.Clone(results), func(f finding.Finding) bool {
			return slices.Contains(r.Checks, f.CheckID) && f.Status == finding.Fail
		})
		for _, p := range attackpath.NewIndex(e, kept).Paths([]*attackpath.Rule{r}) {
			t.Errorf("rule %s still finds %s without its checks' failures", r.ID, p.Title)
		}
	}
}

// Results that could not be assessed enable no step: an unknown is never
// a pass, and never a path either.
func TestErrorsEnableNothing(t *testing.T) {
	e := demo.Estate()
	results := checks.Run(e, checks.All())
	for i := range results {
		if results[i].Status == finding.Fail {
			results[i].Status = finding.Error
		}
	}
	if ps := attackpath.Find(e, results); len(ps) != 0 {
		t.Errorf("%d paths from results that were not assessed", len(ps))
	}
}

// Changes to the estate that break a link remove the path: the checks run
// again on the changed estate, as a scan would.
func TestLinksInTheEstate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rule   string
		change func(*inventory.Estate)
	}{
		{"IMDSv2 required", "ssrf-imds-role-to-data", func(e *inventory.Estate) {
			instance(e, "i-0a1b2c3d4e5f60001").MetadataOptions.HTTPTokens = "required"
		}},
		{"no public address", "ssrf-imds-role-to-data", func(e *inventory.Estate) {
			instance(e, "i-0a1b2c3d4e5f60001").PublicIP = ""
		}},
		{"role without data access", "ssrf-imds-role-to-data", func(e *inventory.Estate) {
			role(e, "wordpress-web-role").InlinePolicies = nil
		}},
		{"no instance profile", "admin-port-instance-role", func(e *inventory.Estate) {
			instance(e, "i-0a1b2c3d4e5f60001").InstanceProfile = ""
		}},
		{"function role without admin", "lambda-admin-unauthenticated", func(e *inventory.Estate) {
			role(e, "dev-report-export-role").AttachedPolicies = nil
		}},
		{"vendor role without admin", "cross-account-admin", func(e *inventory.Estate) {
			role(e, "VendorDeployRole").AttachedPolicies = []inventory.AttachedPolicy{{PolicyName: "SecurityAudit", PolicyARN: "arn:aws:iam::aws:policy/SecurityAudit"}}
		}},
		{"alice without admin", "stolen-credential-iam-write", func(e *inventory.Estate) {
			u := user(e, "alice")
			u.AttachedPolicies = nil
			u = user(e, "ci-deploy")
			u.InlinePolicies = nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := demo.Estate()
			before := countRule(attackpath.Find(e, checks.Run(e, checks.All())), tc.rule)
			tc.change(e)
			after := countRule(attackpath.Find(e, checks.Run(e, checks.All())), tc.rule)
			if before == 0 || after >= before {
				t.Errorf("%s paths: %d before, %d after; want fewer after", tc.rule, before, after)
			}
		})
	}
}

func countRule(ps []finding.Path, rule string) int {
	n := 0
	for _, p := range ps {
		if p.Rule == rule {
			n++
		}
	}
	return n
}

func instance(e *inventory.Estate, id string) *inventory.EC2Instance {
	for _, r := range e.Regions() {
		for _, i := range r.Resources.EC2Instances {
			if i.ID == id {
				return i
			}
		}
	}
	panic("no instance " + id)
}

func role(e *inventory.Estate, name string) *inventory.IAMRole {
	for _, a := range e.Accounts {
		for _, r := range a.Resources.IAMRoles {
			if r.Name == name {
				return r
			}
		}
	}
	panic("no role " + name)
}

func user(e *inventory.Estate, name string) *inventory.IAMUser {
	for _, a := range e.Accounts {
		for _, u := range a.Resources.IAMUsers {
			if u.Name == name {
				return u
			}
		}
	}
	panic("no user " + name)
}

// The path ids stay the same from scan to scan.
func TestStableIDs(t *testing.T) {
	a, b := demoPaths(t), demoPaths(t)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two scans of the same estate differ (-first +second):\n%s", diff)
	}
}

// The demo's paths in JSON, DOT and Mermaid, checked by eye once and kept
// as golden files (-update rewrites them).
func TestGolden(t *testing.T) {
	g := attackpath.NewGraph(demoPaths(t))
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"demo.json.golden", func(b *bytes.Buffer) error {
			enc := json.NewEncoder(b)
			enc.SetIndent("", "  ")
			return enc.Encode(g)
		}},
		{"demo.dot.golden", func(b *bytes.Buffer) error { return g.WriteDOT(b) }},
		{"demo.mermaid.golden", func(b *bytes.Buffer) error { return g.WriteMermaid(b) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// Labels with quotes and markup are escaped in both graph languages.
func TestGraphEscaping(t *testing.T) {
	g := attackpath.NewGraph([]finding.Path{{ID: "x/1", Rule: `r"1`, Severity: finding.High, Steps: []finding.Step{
		{ResourceID: `a "quoted" <b>|x\y`, Description: "d"},
		{Account: "1", ResourceType: "AWS::S3::Bucket", ResourceID: "b\nc", Description: "d"},
	}}})
	var dot, mm bytes.Buffer
	if err := g.WriteDOT(&dot); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteMermaid(&mm); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`label="a \"quoted\" <b>|x\\y"`, `label="Bucket: b\nc (1)"`, `label="r\"1"`} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot.String())
		}
	}
	for _, want := range []string{`n0(["a #quot;quoted#quot; #lt;b#gt;#124;x\y"])`, `n1["Bucket: b c (1)"]`} {
		if !strings.Contains(mm.String(), want) {
			t.Errorf("Mermaid lacks %s:\n%s", want, mm.String())
		}
	}
}

// A principal that is not privileged itself but may assume a privileged
// role reaches the account through it: the pivot is a step of its own.
func TestAssumeRolePivot(t *testing.T) {
	e := demo.Estate()
	prod := e.Account(demo.ProdAccount)
	reporting := user(e, "svc-reporting")
	reporting.InlinePolicies = append(reporting.InlinePolicies, inventory.InlinePolicy{PolicyName: "assume-any",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`})
	admin := *role(e, "VendorDeployRole")
	admin.Meta = inventory.Meta{ID: "AROAYPROD7REPORTADM01", ARN: "arn:aws:iam::" + demo.ProdAccount + ":role/ReportingAdminRole", Name: "ReportingAdminRole"}
	admin.Name = "ReportingAdminRole"
	admin.AssumeRolePolicyDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + demo.ProdAccount + `:root"},"Action":"sts:AssumeRole"}]}`
	prod.Resources.IAMRoles = append(prod.Resources.IAMRoles, &admin)

	var chain []string
	for _, p := range attackpath.Find(e, checks.Run(e, checks.All())) {
		if p.Rule == "stolen-credential-iam-write" && p.Steps[1].ResourceID == reporting.ID {
			for _, s := range p.Steps {
				chain = append(chain, s.ResourceID+": "+s.Description)
			}
		}
	}
	want := []string{
		"stolen credential: an old or unused access key leaked from a laptop, repository or CI log still signs requests",
		"AIDAYPROD7REPORTING01: svc-reporting may call sts:AssumeRole on ReportingAdminRole",
		"AROAYPROD7REPORTADM01: ReportingAdminRole is allowed every action on every resource (administrator)",
		"444455556666: every resource of the account, and its logs and guardrails",
	}
	if diff := cmp.Diff(want, chain); diff != "" {
		t.Errorf("svc-reporting's path (-want +got):\n%s", diff)
	}
}

// An instance whose own security groups admit nothing from the internet
// is still reached through a CloudFront distribution that uses it as an
// origin: the distribution becomes a step of the SSRF path.
func TestCloudFrontFrontDoor(t *testing.T) {
	e := demo.Estate()
	instance(e, "i-0a1b2c3d4e5f60001").SecurityGroups = nil
	var got []string
	for _, p := range attackpath.Find(e, checks.Run(e, checks.All())) {
		if p.Rule != "ssrf-imds-role-to-data" {
			continue
		}
		for _, s := range p.Steps {
			got = append(got, s.ResourceID+" "+strings.Join(s.Findings, ","))
		}
	}
	want := []string{
		"internet ",
		"E3LEGACYBLOG01 cloudfront-waf,cloudfront-origin-http-only",
		"i-0a1b2c3d4e5f60001 ec2-imdsv1-allowed",
		"AROAYPROD7WORDPRESS01 ",
		"acme-prod-customer-data ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SSRF path through CloudFront (-want +got):\n%s", diff)
	}
}

// A bucket of another account is reached when its bucket policy grants
// the role's account and the role's own policies allow the read.
func TestCrossAccountBucket(t *testing.T) {
	e := demo.Estate()
	var data *inventory.S3Bucket
	for _, b := range e.Account(demo.ProdAccount).Resources.S3Buckets {
		if b.ID == "acme-prod-customer-data" {
			data = b
		}
	}
	count := func() int {
		n := 0
		for _, p := range attackpath.Find(e, checks.Run(e, checks.All())) {
			if p.Rule == "cross-account-data" && p.Steps[len(p.Steps)-1].ResourceID == "acme-prod-customer-data" {
				n++
			}
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d paths into the prod bucket before its policy names dev", n)
	}
	grant := `{"Sid":"DevReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + demo.DevAccount + `:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-prod-customer-data/*"}`
	if data.Policy != "" {
		t.Fatalf("the demo's customer-data bucket has a policy now; adapt the test: %s", data.Policy)
	}
	data.Policy = `{"Version":"2012-10-17","Statement":[` + grant + `]}`
	if n := count(); n != 1 {
		t.Errorf("%d paths from LegacyOpenRole into the prod bucket its policy shares with dev, want 1", n)
	}
}
