package diff

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	store "github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestTerminalTable renders the diff of two stored scans as a person at a
// terminal sees it.
func TestTerminalTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Create(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	fail := func(id string) finding.Finding {
		return finding.Finding{CheckID: "s3-bucket-public-read", Severity: finding.Critical, Status: finding.Fail,
			Account: "111122223333", Region: "global", ResourceType: "AWS::S3::Bucket", ResourceID: id, Message: id + " is public"}
	}
	fixed := fail("old-site")
	fixed.Status, fixed.Message = finding.Pass, "old-site is private"
	for i, fs := range [][]finding.Finding{
		{fail("old-site"), fail("logs")},
		{fixed, fail("logs"), fail("new-site")},
	} {
		if _, err := st.Save(ctx, store.Scan{At: at.Add(time.Duration(i) * 24 * time.Hour), Source: "aws", Accounts: []string{"111122223333"}}, fs); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(true)
	opts := &Options{IO: ios, Factory: &cmdutil.Factory{IOStreams: ios}, Store: path, Format: "table"}
	if err := Run(ctx, opts); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"scan 1 (2026-11-24T09:00:00Z) → scan 2 (2026-11-25T09:00:00Z)",
		"",
		"NEW (1)",
		"  critical  s3-bucket-public-read  111122223333/global  new-site  absent → fail  new-site is public",
		"",
		"FIXED (1)",
		"  critical  s3-bucket-public-read  111122223333/global  old-site  fail → pass  old-site is private",
		"",
		"scan 1 → scan 2: 1 new, 0 newly not assessed, 1 still failing, 0 muted, 1 fixed",
		"",
	}, "\n")
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr: %q", errOut)
	}
}
