package bank

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedBank(t *testing.T) {
	qs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 150 {
		t.Errorf("the bank has %d questions, want at least 150", len(qs))
	}
	perCategory := map[string]int{}
	principles := map[string]bool{}
	for _, q := range qs {
		perCategory[q.Category]++
		if q.Principle != "" {
			principles[q.Principle] = true
		}
	}
	for _, c := range Categories {
		if perCategory[c] < 10 {
			t.Errorf("category %s has %d questions, want at least 10", c, perCategory[c])
		}
	}
	for _, p := range Principles {
		if !principles[p] {
			t.Errorf("no question for the leadership principle %q", p)
		}
	}
}

// TestEveryGuideQuestionIsInTheBank lists the guide's questions by the
// words that identify each, so a question dropped from the bank is missed.
func TestEveryGuideQuestionIsInTheBank(t *testing.T) {
	qs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	guide := map[string][]string{
		"General": {"malicious activity", "CloudTrail vs CloudWatch", "IMDSv1", "logs stored", "OpenSearch", "Transit Gateway",
			"Database access", "WordPress", "security design", "API endpoint", "default", "Backup security", "Trello",
			"security alerts", "false positives", "principal id", "data sources", "GuardDuty options", "5xx", "RTO"},
		"Data Security":           {"in transit", "encryption at rest"},
		"Scenario 1":              {"aggregator"},
		"Logging and Monitoring":  {"integrity", "unencrypted EBS", "metric filters"},
		"Infrastructure security": {"patch management", "Inspector"},
		"Data protection":         {"KMS", "three months", "RDS", "not enough", "rotation period"},
		"IAM":                     {"Lambda function", "nearest", "BoolIfExists", "NotResource"},
		"Additional Questions":    {"CSPM", "encrypted communication", "guidelines", "cross-account", "shared responsibility", "data at rest", "data in transit", "DDoS", "compliance with security best practices", "incident", "secure configuration", "sensitive data", "regulatory", "stay updated"},
		"Leadership Principles":   Principles,
	}
	for section, needles := range guide {
		var in []Question
		for _, q := range qs {
			if q.Section == section {
				in = append(in, q)
			}
		}
		for _, n := range needles {
			if !slices.ContainsFunc(in, func(q Question) bool {
				return strings.Contains(strings.ToLower(q.Question+" "+q.Principle), strings.ToLower(n))
			}) {
				t.Errorf("section %s: no question about %q", section, n)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	const good = "- id: q1\n  section: Added\n  category: iam\n  difficulty: easy\n  question: Why?\n" +
		"  key_points:\n    - point: Because.\n      cite: https://docs.aws.amazon.com/\n  command: awssec scan --demo\n"
	if qs, err := Parse("good.yaml", []byte(good)); err != nil || len(qs) != 1 || qs[0].Line != 1 {
		t.Fatalf("good file: %v %+v", err, qs)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"syntax", "- id: [unclosed\n", "bad.yaml:"},
		{"not a list", "id: q1\n", "bad.yaml:1:1: a bank file is a list"},
		{"unknown key", strings.Replace(good, "  question:", "  questoin:", 1), "bad.yaml:5:3:"},
		{"category", strings.Replace(good, "category: iam", "category: cats", 1), `bad.yaml:3:13: category "cats" is not one of`},
		{"difficulty", strings.Replace(good, "difficulty: easy", "difficulty: trivial", 1), `bad.yaml:4:15: difficulty "trivial"`},
		{"cite", strings.Replace(good, "https://docs.aws.amazon.com/", "a book", 1), `cites "a book"`},
		{"no key points", strings.Replace(good, "  key_points:\n    - point: Because.\n      cite: https://docs.aws.amazon.com/\n", "", 1), "question has no key_points"},
		{"command", strings.Replace(good, "awssec scan", "prowler scan", 1), `does not start with "awssec "`},
		{"duplicate id", good + good, `bad.yaml:10:3: question id "q1" is already used at line 1`},
		{"bad id", strings.Replace(good, "id: q1", "id: Q 1", 1), `id "Q 1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestLoadDirAndMerge(t *testing.T) {
	dir := t.TempDir()
	own := "- id: my-question\n  section: Mine\n  category: network\n  difficulty: hard\n  question: What is BGP hijacking?\n" +
		"  key_points:\n    - point: Announcing someone else's prefixes.\n      cite: https://docs.aws.amazon.com/\n  command: awssec scan --demo\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte(own), 0o600); err != nil {
		t.Fatal(err)
	}
	mine, err := LoadDir(dir)
	if err != nil || len(mine) != 1 {
		t.Fatalf("LoadDir: %v %v", err, mine)
	}
	base, _ := Embedded()
	all, err := Merge(slices.Clone(base), mine)
	if err != nil || len(all) != len(base)+1 {
		t.Fatalf("Merge: %v", err)
	}
	clash := strings.Replace(own, "my-question", base[0].ID, 1)
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte(clash), 0o600); err != nil {
		t.Fatal(err)
	}
	mine, _ = LoadDir(dir)
	if _, err := Merge(slices.Clone(base), mine); err == nil || !strings.Contains(err.Error(), "already used at") {
		t.Errorf("a clashing id: got %v", err)
	}
}

func TestFilter(t *testing.T) {
	qs, _ := Embedded()
	imds := Filter(qs, "", "imds")
	if !slices.ContainsFunc(imds, func(q Question) bool { return q.ID == "imdsv1-ssrf" }) {
		t.Errorf("searching imds misses imdsv1-ssrf: %d results", len(imds))
	}
	for _, q := range Filter(qs, "lp", "") {
		if q.Category != "lp" {
			t.Errorf("category filter let %s (%s) through", q.ID, q.Category)
		}
	}
	if got := Filter(qs, "iam", "zzzz-nothing"); len(got) != 0 {
		t.Errorf("a search that matches nothing returned %d", len(got))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("- id: q1\n  section: s\n  category: iam\n  difficulty: easy\n  question: q\n  key_points: [{point: p, cite: 'https://x'}]\n  command: awssec scan\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("- {id: x, key_points: [[]]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		for _, q := range qs {
			if q.ID == "" || len(q.KeyPoints) == 0 {
				t.Errorf("accepted an incomplete question %+v", q)
			}
		}
	})
}
