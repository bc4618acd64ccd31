package interviewcmd

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ticking is a clock that advances by step at every reading.
func ticking(step time.Duration) func() time.Time {
	t := day0
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

const story = "At my previous company we had a critical SSRF in the billing service that the team wanted to defer. " +
	"My task was to get it fixed before the audit. I reproduced the exploit on staging, I showed the product manager " +
	"that it exposed the instance role's keys, and I proposed a two-day fix with IMDSv2 and an allow-list. I paired with " +
	"the developer and I added a regression test. As a result the fix shipped in 3 days instead of 90."

func mockInput() string {
	return strings.Join([]string{
		// code review: three Python findings, one with the wrong CWE
		"18 CWE-89 SQL injection", "pause", "", "37 CWE-78 command injection", "43 CWE-20 pickle", ".",
		// threat model: skipped
		"skip",
		// deep threat model: two threats
		"db I unencrypted", "web S spoofing", ".",
		// cloud: nothing found
		"nothing wrong here", ".",
		// leadership
		story, ".",
	}, "\n") + "\n"
}

func TestMockScorecard(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runAt(t, ticking(2*time.Minute), mockInput(), "mock", "--dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Round 1 of 5: Code review: Python and Java (30 minutes)", "Paused. Press Enter to go on.",
		"Round 4 of 5: Cloud security", "note: this rubric is a heuristic"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "estate.json")); err != nil {
		t.Errorf("the cloud round's estate: %v", err)
	}
	card := out[strings.LastIndex(out, "\nScorecard"):]
	golden := filepath.Join("testdata", "scorecard.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(card), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if card != string(want) {
		t.Errorf("scorecard differs from %s (run with -update if the change is right):\n%s", golden, card)
	}
}

func TestMockOneRoundJSON(t *testing.T) {
	out, errOut, code := runAt(t, ticking(time.Minute), "18 CWE-89\n.\n", "mock", "--round", "code-review", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var card Scorecard
	if err := json.Unmarshal([]byte(out), &card); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(card.Rounds) != 1 || card.Rounds[0].Round != "code-review" || card.Rounds[0].Score <= 0 || len(card.Practise) != 1 {
		t.Errorf("scorecard: %+v", card)
	}
	if !strings.Contains(errOut, "Round 1 of 1") {
		t.Error("the conversation should go to stderr in JSON mode")
	}
}

func TestMockUsage(t *testing.T) {
	if _, errOut, code := run(t, "mock", "--round", "chess"); code != 2 || !strings.Contains(errOut, "valid: code-review") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
