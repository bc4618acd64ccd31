package progress

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/interview/fsrs"
)

func TestRecordAndReadBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "interview.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	sch := fsrs.Default()
	c := sch.Review(fsrs.NewCard(now), fsrs.Good, now)
	if err := s.Record(ctx, "imdsv1-ssrf", "network", c, fsrs.Good, "IMDSv2 needs a PUT token"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A second process (a new Open) sees the same state.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.Card(ctx, "imdsv1-ssrf")
	if err != nil || !ok {
		t.Fatalf("card: %v %v", ok, err)
	}
	if !got.Due.Equal(c.Due) || got.Stability != c.Stability || got.State != c.State || got.Step != c.Step {
		t.Errorf("card round trip: got %+v want %+v", got, c)
	}
	if _, ok, _ := s.Card(ctx, "never-seen"); ok {
		t.Error("a question never reviewed has no card")
	}
	rs, err := s.Reviews(ctx, "")
	if err != nil || len(rs) != 1 || rs[0].Answer != "IMDSv2 needs a PUT token" || rs[0].Rating != fsrs.Good {
		t.Errorf("reviews: %+v %v", rs, err)
	}
	cards, err := s.Cards(ctx)
	if err != nil || len(cards) != 1 {
		t.Errorf("cards: %v %v", cards, err)
	}
}

func TestRefusesNewerAndForeignFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, newer); err == nil || !strings.Contains(err.Error(), "newer awssec") {
		t.Errorf("newer schema: %v", err)
	}

	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(junk)
	if _, err := Open(ctx, junk); err == nil {
		t.Error("a file that is not a database was accepted")
	}
	after, _ := os.ReadFile(junk)
	if string(before) != string(after) {
		t.Error("a foreign file was overwritten")
	}
}
