package compliance_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/compliance"
	"github.com/awssec/awssec/finding"
)

func known(id string) bool { return checks.ByID(id) != nil }

func load(t *testing.T, id string) *compliance.Framework {
	t.Helper()
	fw, err := compliance.Load(id, known)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestIDs(t *testing.T) {
	if got, want := compliance.IDs(), []string{"cis-3.0", "cis-5.0"}; !slices.Equal(got, want) {
		t.Errorf("IDs() = %v, want %v", got, want)
	}
	if _, err := compliance.Load("cis-9.9", known); err == nil || !strings.Contains(err.Error(), "cis-3.0, cis-5.0") {
		t.Errorf("Load of an unknown framework: %v", err)
	}
}

// The framework files and the checks' own CIS metadata say the same thing:
// every control a check claims lists that check, and every check a control
// lists claims that control.
func TestFrameworksAgreeWithChecks(t *testing.T) {
	for _, id := range compliance.IDs() {
		fw := load(t, id)
		version := strings.TrimPrefix(fw.FindingKey, "cis-aws-")
		if fw.Version != version {
			t.Errorf("%s: version %s but finding key %s", id, fw.Version, fw.FindingKey)
		}
		controls := map[string]compliance.Control{}
		for _, c := range fw.Controls {
			controls[c.ID] = c
		}
		for _, ch := range checks.All() {
			for _, cid := range ch.CIS[version] {
				c, ok := controls[cid]
				if !ok {
					t.Errorf("%s: check %s claims control %s, which the file does not have", id, ch.ID, cid)
					continue
				}
				if !slices.Contains(c.Checks, ch.ID) {
					t.Errorf("%s: check %s claims control %s, which does not list it", id, ch.ID, cid)
				}
			}
		}
		for _, c := range fw.Controls {
			for _, chID := range c.Checks {
				if !slices.Contains(checks.ByID(chID).CIS[version], c.ID) {
					t.Errorf("%s: control %s lists %s, whose CIS %s metadata does not name it", id, c.ID, chID, version)
				}
			}
		}
	}
}

// Every control id of the benchmark sections is there, in order.
func TestControlsInOrder(t *testing.T) {
	for _, id := range compliance.IDs() {
		fw := load(t, id)
		if len(fw.Controls) < 55 {
			t.Errorf("%s has %d controls; the benchmark has about 60", id, len(fw.Controls))
		}
		for i := 1; i < len(fw.Controls); i++ {
			if compareIDs(fw.Controls[i-1].ID, fw.Controls[i].ID) >= 0 {
				t.Errorf("%s: control %s comes after %s", id, fw.Controls[i].ID, fw.Controls[i-1].ID)
			}
		}
	}
}

func compareIDs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		fmt.Sscan(pa[i], &x)
		fmt.Sscan(pb[i], &y)
		if x != y {
			return x - y
		}
	}
	return len(pa) - len(pb)
}

func TestParseErrors(t *testing.T) {
	head := "id: t\nname: T\nversion: 1.0.0\nfindingKey: t-1\n"
	for _, tc := range []struct {
		name, doc string
		want      string
		cause     error
	}{
		{"syntax", head + "controls: [\n", "t.yaml:6:1: not valid YAML: did not find expected node content", compliance.ErrSyntax},
		{"unknown top key", head + "control: []\n", `t.yaml:5:1: unknown key "control" in the framework`, compliance.ErrUnknownKey},
		{"missing key", "id: t\nname: T\nversion: \"1\"\ncontrols: []\n", `t.yaml:1:1: missing key "findingKey" in the framework`, compliance.ErrMissing},
		{"controls not a list", head + "controls: {}\n", "t.yaml:5:11: wrong type: controls must be a list, not a mapping", compliance.ErrType},
		{"no controls", head + "controls: []\n", "t.yaml:5:11: missing key: the framework has no controls", compliance.ErrMissing},
		{"unquoted id", head + "controls:\n  - id: 1.1\n    title: x\n    assessment: manual\n", "t.yaml:6:9: wrong type: want a string, not a number (quote it)", compliance.ErrType},
		{"bad id", head + "controls:\n  - id: \"one two\"\n    title: x\n    assessment: manual\n", `t.yaml:6:9: bad value: control id "one two": letters and digits joined by . - _ ("2.1.4", "AC-2")`, compliance.ErrValue},
		{"unknown control key", head + "controls:\n  - id: \"1\"\n    title: x\n    assessment: manual\n    level: 2\n", `t.yaml:9:5: unknown key "level" in a control`, compliance.ErrUnknownKey},
		{"bad assessment", head + "controls:\n  - id: \"1\"\n    title: x\n    assessment: auto\n", `t.yaml:8:17: bad value: assessment "auto" must be "automated" or "manual"`, compliance.ErrValue},
		{"duplicate", head + "controls:\n  - id: \"1\"\n    title: x\n    assessment: manual\n  - id: \"1\"\n    title: y\n    assessment: manual\n", `t.yaml:9:9: duplicate control id "1" (first at line 6)`, compliance.ErrDuplicate},
		{"unknown check", head + "controls:\n  - id: \"1\"\n    title: x\n    assessment: automated\n    checks: [ec2-imdsv1-allowed, ec2-nope]\n", `t.yaml:9:34: unknown check id "ec2-nope" in control 1 (see ` + "`awssec checks`)", compliance.ErrUnknownCheck},
		{"checks not a list", head + "controls:\n  - id: \"1\"\n    title: x\n    assessment: automated\n    checks: ec2-imdsv1-allowed\n", "t.yaml:9:13: wrong type: checks must be a list, not a scalar", compliance.ErrType},
		{"empty title", head + "controls:\n  - id: \"1\"\n    title: \"\"\n    assessment: manual\n", "t.yaml:7:12: bad value: empty string", compliance.ErrValue},
		{"repeated key", head + "controls:\n  - id: \"1\"\n    id: \"2\"\n    title: x\n    assessment: manual\n", `t.yaml:7:5: bad value: "id" given twice in a control`, compliance.ErrValue},
		{"alias", head + "controls:\n  - &a {id: \"1\", title: x, assessment: manual}\n  - *a\n", "t.yaml:7:5: wrong type: a control must be a mapping, not an alias", compliance.ErrType},
		{"empty file", "", "t.yaml: missing key: the file is empty", compliance.ErrMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compliance.Parse("t.yaml", []byte(tc.doc), known)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("error %v is not %v", err, tc.cause)
			}
			var pe *compliance.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("id: t\nname: T\nversion: 1\nfindingKey: k\ncontrols:\n  - id: \"1.2\"\n    title: x\n    assessment: automated\n    checks: [ec2-imdsv1-allowed]\n"))
	f.Add([]byte("controls: [{id: \"1\"}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("- - - [\n"))
	f.Add([]byte("id: !!binary aGVsbG8=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := compliance.Parse("f.yaml", data, known)
		if err != nil {
			var pe *compliance.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		if len(fw.Controls) == 0 || fw.ID == "" {
			t.Fatalf("parsed an incomplete framework: %+v", fw)
		}
		compliance.Evaluate(fw, nil, nil)
	})
}

func TestEvaluate(t *testing.T) {
	fw := &compliance.Framework{ID: "t", Name: "T", Version: "1", FindingKey: "t-1", Controls: []compliance.Control{
		{ID: "1", Title: "manual", Assessment: "manual"},
		{ID: "2", Title: "no check", Assessment: "automated"},
		{ID: "3", Title: "fails", Assessment: "automated", Checks: []string{"a", "b"}},
		{ID: "4", Title: "error", Assessment: "automated", Checks: []string{"c"}},
		{ID: "5", Title: "not run", Assessment: "automated", Checks: []string{"a", "z"}},
		{ID: "6", Title: "passes", Assessment: "automated", Checks: []string{"a"}},
		{ID: "7", Title: "no resources", Assessment: "automated", Checks: []string{"d"}},
		{ID: "8", Title: "manual with a check", Assessment: "manual", Checks: []string{"b"}},
	}}
	res := func(check string, st finding.Status) finding.Finding {
		return finding.Finding{CheckID: check, Status: st, ResourceID: check + "-" + string(st), Account: "111111111111"}
	}
	other := res("a", finding.Pass)
	other.Account = "222222222222"
	results := []finding.Finding{res("a", finding.Pass), res("b", finding.Fail), res("c", finding.Error), res("c", finding.Pass), other}
	rep := compliance.Evaluate(fw, []string{"a", "b", "c", "d"}, results)
	want := map[string]compliance.Status{"1": compliance.Manual, "2": compliance.NotAssessed, "3": compliance.Fail,
		"4": compliance.NotAssessed, "5": compliance.NotAssessed, "6": compliance.Pass, "7": compliance.Pass, "8": compliance.Fail}
	for _, c := range rep.Controls {
		if c.Status != want[c.ID] {
			t.Errorf("control %s (%s): %s, want %s (%s)", c.ID, c.Title, c.Status, want[c.ID], c.Reason)
		}
	}
	if got := rep.Controls[2].Findings; len(got) != 1 || got[0].CheckID != "b" {
		t.Errorf("control 3 findings = %+v, want the failure of b", got)
	}
	if rep.Controls[4].Reason != "not run: z" || rep.Controls[6].Reason != "nothing in scope" {
		t.Errorf("reasons: %q, %q", rep.Controls[4].Reason, rep.Controls[6].Reason)
	}
	// Per account: the second account has only a passing result of a, so
	// b's controls pass there (nothing in scope) while they fail in the first.
	if got, want := rep.Controls[2].Accounts, map[string]compliance.Status{"111111111111": compliance.Fail, "222222222222": compliance.Pass}; !maps.Equal(got, want) {
		t.Errorf("control 3 by account = %v, want %v", got, want)
	}
	if got := rep.Accounts; len(got) != 2 || got[0].Summary[compliance.Fail] != 2 || got[1].Summary[compliance.Pass] != 5 || got[1].Summary[compliance.NotAssessed] != 1 {
		t.Errorf("accounts = %+v", got)
	}
	if got := rep.SummaryLine(); got != "T v1: 8 controls: 2 pass, 2 fail, 1 manual, 3 not assessed" {
		t.Errorf("SummaryLine() = %q", got)
	}
}

// The demo estate's views: the demo has a failing example of nearly every
// check, so nearly every control with checks fails; nothing is not
// assessed but the controls awssec has no check for.
func TestDemoView(t *testing.T) {
	for _, id := range compliance.IDs() {
		fw := load(t, id)
		var ran []string
		for _, c := range checks.All() {
			ran = append(ran, c.ID)
		}
		e := demoEstate()
		rep := compliance.Evaluate(fw, ran, checks.Run(e, checks.All()))
		if rep.Summary[compliance.Fail] < 40 || rep.Summary[compliance.Manual] == 0 {
			t.Errorf("%s: %s", id, rep.SummaryLine())
		}
		for _, c := range rep.Controls {
			if c.Status == compliance.NotAssessed && len(c.Checks) > 0 {
				t.Errorf("%s: control %s with checks %v not assessed: %s", id, c.ID, c.Checks, c.Reason)
			}
		}
	}
}

// The view rendered for a terminal and for a pipe.
func TestRender(t *testing.T) {
	fw := &compliance.Framework{ID: "t", Name: "T", Version: "1", FindingKey: "t-1", Controls: []compliance.Control{
		{ID: "1.1", Title: "by hand", Assessment: "manual"},
		{ID: "1.2", Title: "no public DB", Assessment: "automated", Checks: []string{"rds-instance-public-access"}},
	}}
	rep := compliance.Evaluate(fw, []string{"rds-instance-public-access"}, []finding.Finding{
		{CheckID: "rds-instance-public-access", Status: finding.Fail, Severity: finding.High, Account: "111122223333", Region: "us-east-1", ResourceID: "db1", Message: "public\tendpoint"},
		{CheckID: "rds-instance-public-access", Status: finding.Pass, Account: "444455556666", Region: "us-east-1", ResourceID: "db2"},
	})
	var table, tsv strings.Builder
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteTSV(&tsv); err != nil {
		t.Fatal(err)
	}
	wantTable := "MANUAL  1.1  by hand (assess by hand)\n" +
		"FAIL    1.2  no public DB\n" +
		"               FAIL rds-instance-public-access 111122223333/us-east-1 db1: public endpoint\n" +
		"\n" +
		"ACCOUNT       PASS  FAIL  NOT ASSESSED\n" +
		"111122223333  0     1     0\n" +
		"444455556666  1     0     0\n\n"
	if diff := cmp.Diff(wantTable, table.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	wantTSV := "control\t1.1\tmanual\tmanual\t\tby hand\n" +
		"control\t1.2\tfail\tautomated\trds-instance-public-access\tno public DB\n" +
		"finding\t1.2\thigh\tfail\trds-instance-public-access\t111122223333\tus-east-1\tdb1\tpublic endpoint\n" +
		"account\t111122223333\t0\t1\t0\n" +
		"account\t444455556666\t1\t0\t0\n"
	if diff := cmp.Diff(wantTSV, tsv.String()); diff != "" {
		t.Errorf("TSV (-want +got):\n%s", diff)
	}
}
