package mock

import (
	"fmt"
	"strings"
	"testing"
)

func TestAnswerKeysMatchTheCode(t *testing.T) {
	for _, s := range []snippet{pythonSnippet, javaSnippet} {
		lines := strings.Split(s.code, "\n")
		for _, f := range s.key {
			if f.line < 1 || f.line > len(lines) || !strings.Contains(lines[f.line-1], f.token) {
				t.Errorf("%s: key says line %d has %q; it is %q", s.name, f.line, f.token, lines[f.line-1])
			}
		}
	}
}

func keyAnswer(s snippet, prefix string, wrongCWE bool) string {
	var b strings.Builder
	for _, f := range s.key {
		cwe := f.cwe
		if wrongCWE {
			cwe = 1
		}
		fmt.Fprintf(&b, "%s%d CWE-%d %s\n", prefix, f.line, cwe, f.what)
	}
	return b.String()
}

func TestCodeReviewRound(t *testing.T) {
	r := codeReviewRound()
	full, _ := r.Grade(keyAnswer(pythonSnippet, "", false) + keyAnswer(javaSnippet, "J", false))
	if !full.Passed {
		t.Errorf("the key scores %.2f", full.Score)
	}
	// Right lines with wrong CWEs: half; the Python file alone: about half.
	half, _ := r.Grade(keyAnswer(pythonSnippet, "", true) + keyAnswer(javaSnippet, "J", true))
	if half.Score != 0.5 {
		t.Errorf("lines without CWEs score %.2f, want 0.5", half.Score)
	}
	pyOnly, _ := r.Grade(keyAnswer(pythonSnippet, "", false))
	if pyOnly.Score <= 0.4 || pyOnly.Score >= 0.6 {
		t.Errorf("the Python half scores %.2f", pyOnly.Score)
	}
	// A line off by one still counts; nonsense scores nothing.
	near, _ := r.Grade("19 CWE-89\n")
	if near.Score == 0 {
		t.Error("a finding one line off is not counted")
	}
	// One finding earns credit once, even next to two flaws.
	once, _ := r.Grade("J17 CWE-79\n")
	credited := 0
	for _, c := range once.Checks {
		if c.OK || strings.Contains(c.Detail, "half credit") {
			credited++
		}
	}
	if credited != 1 {
		t.Errorf("one finding was credited %d times", credited)
	}
	none, _ := r.Grade("looks fine to me\n")
	if none.Score != 0 {
		t.Errorf("no findings score %.2f", none.Score)
	}
}

func TestThreatRounds(t *testing.T) {
	for _, name := range []string{"threat-model", "threat-model-deep"} {
		r, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		empty, _ := r.Grade("")
		if len(empty.Checks) < 5 || empty.Score != 0 {
			t.Fatalf("%s: an empty answer: %d checks, score %.2f", name, len(empty.Checks), empty.Score)
		}
		// Answering with exactly the generator's pairs passes; half of them
		// scores about half.
		var all []string
		for _, c := range empty.Checks {
			all = append(all, c.Name+" some threat")
		}
		full, _ := r.Grade(strings.Join(all, "\n"))
		if !full.Passed {
			t.Errorf("%s: every pair scores %.2f", name, full.Score)
		}
		half, _ := r.Grade(strings.Join(all[:len(all)/2], "\n"))
		if half.Score <= 0.3 || half.Score >= 0.7 {
			t.Errorf("%s: half the pairs score %.2f", name, half.Score)
		}
		if !strings.Contains(empty.Checks[0].Detail, "missed: ") {
			t.Errorf("a missed pair does not say what was missed: %+v", empty.Checks[0])
		}
	}
}

func TestLeadershipRubric(t *testing.T) {
	good := "At my previous company we had a critical SSRF in the billing service that the team wanted to defer to " +
		"next quarter. My task was to get it fixed before the audit. I reproduced the exploit against a staging " +
		"instance, I showed the product manager that it exposed the instance role's keys, and I proposed a two-day " +
		"fix with IMDSv2 and an allow-list. I paired with the developer on the change and I added a regression test. " +
		"As a result the fix shipped in 3 days instead of 90, and the audit closed with zero high findings."
	r := gradeSTAR(good)
	if !r.Passed {
		t.Errorf("a complete STAR answer scores %.2f: %+v", r.Score, r.Checks)
	}
	weak := gradeSTAR("We fixed it together as a team and everyone was happy.")
	if weak.Passed || weak.Score > 0.5 {
		t.Errorf("a vague answer scores %.2f", weak.Score)
	}
	last := r.Checks[len(r.Checks)-1]
	if !strings.Contains(last.Name, "heuristic") {
		t.Error("the rubric does not say it is a heuristic")
	}
}

func TestRounds(t *testing.T) {
	all, err := Rounds()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("%d rounds, want the guide's five", len(all))
	}
	for _, r := range all {
		if r.Prompt == "" || r.Limit == 0 || r.Practise == "" {
			t.Errorf("round %s is incomplete", r.Name)
		}
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "valid: code-review") {
		t.Errorf("Lookup: %v", err)
	}
}
