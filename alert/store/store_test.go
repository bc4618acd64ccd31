package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/awstest"
)

// Both implementations pass the same test: SQLite on a file, DynamoDB
// through the real SDK client against the wire double.
func TestStores(t *testing.T) {
	sq, err := OpenSQLite(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	srv := awstest.New(t)
	srv.ServeTable("awssec-alert")
	dy := &Dynamo{Client: dynamodb.NewFromConfig(srv.Config(t, "111122223333")), Table: "awssec-alert"}
	for name, st := range map[string]Store{"sqlite": sq, "dynamodb": dy} {
		t.Run(name, func(t *testing.T) { exercise(t, st) })
	}
}

func exercise(t *testing.T, st Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if _, ok, err := st.LastNotification(ctx, "r/slack", "g"); ok || err != nil {
		t.Fatalf("empty log: %v %v", ok, err)
	}
	e := Entry{Receiver: "r/slack", GroupKey: "route{account=1}", Firing: []uint64{KeyHash("a"), KeyHash("b")}, Resolved: []uint64{}, SentAt: t0}
	if err := st.RecordNotification(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.LastNotification(ctx, "r/slack", "route{account=1}")
	if err != nil || !ok {
		t.Fatalf("%v %v", ok, err)
	}
	if diff := cmp.Diff(e, got); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	for i, id := range []string{"s2", "s1"} {
		if err := st.AddSilence(ctx, Silence{ID: id, Matchers: []string{`type = "x"`}, StartsAt: t0, EndsAt: t0.Add(time.Hour),
			CreatedBy: "alice", Comment: "why", CreatedAt: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.ExpireSilence(ctx, "s1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := st.ExpireSilence(ctx, "s1", t0.Add(2*time.Minute)); err != nil {
		t.Errorf("expiring twice: %v", err)
	}
	if err := st.ExpireSilence(ctx, "nope", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown silence: %v", err)
	}
	sil, err := st.Silences(ctx)
	if err != nil || len(sil) != 2 || sil[0].ID != "s2" || sil[1].ExpiredAt != t0.Add(time.Minute) || sil[1].Active(t0.Add(2*time.Minute)) {
		t.Errorf("silences %+v %v", sil, err)
	}
	for _, c := range []Suppressed{{"2026-11-24", "silence s1", 2}, {"2026-11-25", "silence s1", 3}, {"2026-11-25", "silence s1", 4}, {"2026-11-25", "inhibit_rules[0]", 1}} {
		if err := st.AddSuppressed(ctx, c.Day, c.Reason, c.Count); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := st.SuppressedSince(ctx, "2026-11-25")
	want := []Suppressed{{"2026-11-25", "inhibit_rules[0]", 1}, {"2026-11-25", "silence s1", 7}}
	if diff := cmp.Diff(want, counts); diff != "" || err != nil {
		t.Errorf("suppressed (-want +got):\n%s %v", diff, err)
	}
}
