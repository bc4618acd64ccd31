package interviewcmd

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/interview/bank"
)

var day0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestPracticeSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	// Two new IAM questions: answer the first and grade it good, skip
	// the second.
	stdin := "An explicit deny wins.\nThen SCPs.\n\ngood\nskip\n"
	out, errOut, code := runAt(t, clock(day0), stdin, "practice", "--category", "iam", "--new", "2", "--progress", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Question 1 of 2 (iam,", "Key points of a good answer:", "Source: https://", "How well did you know it?", "Next review: in 10 minutes.", "1 reviewed."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Ten minutes later the graded question is due again (second learning
	// step); the skipped one is still new.
	out, _, _ = runAt(t, clock(day0.Add(11*time.Minute)), "", "practice", "--category", "iam", "--new", "0", "--format", "json", "--progress", db)
	var due []bank.Question
	if err := json.Unmarshal([]byte(out), &due); err != nil || len(due) != 1 {
		t.Fatalf("due after 11 minutes: %v %s", err, out)
	}

	// The answer was kept, and stats count the review.
	out, _, code = runAt(t, clock(day0.Add(11*time.Minute)), "", "stats", "--format", "json", "--progress", db)
	if code != 0 {
		t.Fatalf("stats exit %d", code)
	}
	var st Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Seen != 1 || st.Due != 1 || st.Reviews != 1 || st.Recent[0].Question != due[0].ID || st.Recent[0].Rating != "good" {
		t.Errorf("stats: %+v", st)
	}
}

func TestPracticeRatingPromptRepeats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	out, _, code := runAt(t, clock(day0), "I forget.\n\nmaybe\nagain\n", "practice", "--new", "1", "--progress", db)
	if code != 0 || !strings.Contains(out, `rating "maybe": want again, hard, good or easy`) || !strings.Contains(out, "Next review: in 1 minute.") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestPracticeEndsCleanlyAtEndOfInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	out, _, code := runAt(t, clock(day0), "half an answer", "practice", "--new", "3", "--progress", db)
	if code != 0 || !strings.Contains(out, "0 reviewed.") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestStatsWeakestCategory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	runAt(t, clock(day0), "no idea\n\nagain\n", "practice", "--category", "network", "--new", "1", "--progress", db)
	runAt(t, clock(day0), "easy one\n\neasy\n", "practice", "--category", "iam", "--new", "1", "--progress", db)
	out, _, _ := runAt(t, clock(day0), "", "stats", "--progress", db)
	if !strings.Contains(out, "Weakest: network. Practise it with: awssec interview practice --category network") {
		t.Errorf("stats:\n%s", out)
	}
}

func TestPracticeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"practice", "--new", "-1", "--progress", filepath.Join(t.TempDir(), "p.db")},
		{"practice", "--category", "x"},
		{"practice", "--progress", "/dev/null/cannot"},
	} {
		if _, _, code := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
