package digest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/alert/store"
)

func TestBuildAndAlerts(t *testing.T) {
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st.AddSilence(ctx, store.Silence{ID: "abc", Matchers: []string{`type = "Recon:EC2/Portscan"`}, CreatedBy: "alice",
		Comment: "scanners", StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour), CreatedAt: now.Add(-time.Hour)})
	st.AddSuppressed(ctx, "2026-11-23", "silence abc", 9) // before the window
	st.AddSuppressed(ctx, "2026-11-24", "silence abc", 2)
	st.AddSuppressed(ctx, "2026-11-24", "inhibited by rule 1", 3)
	st.AddSuppressed(ctx, "2026-11-24", "silence abc", 1)

	rep, err := Build(ctx, st, now.AddDate(0, 0, -1), 1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Since != "2026-11-24" || rep.Day != "2026-11-24" || rep.Total != 6 {
		t.Errorf("report %+v", rep)
	}
	var titles []string
	for _, a := range rep.Alerts() {
		titles = append(titles, a.Title)
	}
	want := []string{
		"2026-11-24: 3 alerts suppressed by inhibited by rule 1",
		`2026-11-24: 3 alerts suppressed by silence abc {type = "Recon:EC2/Portscan"} by alice: scanners`,
	}
	if d := cmp.Diff(want, titles); d != "" {
		t.Errorf("alerts (-want +got):\n%s", d)
	}
	empty, _ := Build(ctx, st, now.AddDate(0, 0, 5), 1)
	if as := empty.Alerts(); len(as) != 1 || as[0].Title != "No alerts suppressed since 2026-11-30" {
		t.Errorf("empty digest: %+v", as[0])
	}
}
