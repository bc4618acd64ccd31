package history

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	store "github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/iostreams"
)

func TestTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Create(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	many := []string{"111111111111", "222222222222", "333333333333", "444444444444"}
	fs := []finding.Finding{{CheckID: "c", Status: finding.Fail, Muted: true}, {CheckID: "c", Status: finding.Pass, ResourceID: "2"}}
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if _, err := st.Save(ctx, store.Scan{At: at, Source: "demo", Accounts: []string{"111122223333"}, Resources: 7, Checks: 2}, fs); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save(ctx, store.Scan{At: at.Add(time.Hour), Source: "aws", Accounts: many, Resources: 9, Checks: 3}, fs[1:]); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, tc := range []struct {
		tty  bool
		want []string
	}{
		{true, []string{
			"SCAN  WHEN                  SOURCE  ACCOUNTS      RESOURCES  CHECKS  FAIL  MUTED  ERROR  PASS",
			"2     2026-11-24T10:00:00Z  aws     4 accounts    9          3       0     0      0      1",
			"1     2026-11-24T09:00:00Z  demo    111122223333  7          2       1     1      0      1",
		}},
		{false, []string{
			"2\t2026-11-24T10:00:00Z\taws\t4 accounts\t9\t3\t0\t0\t0\t1",
			"1\t2026-11-24T09:00:00Z\tdemo\t111122223333\t7\t2\t1\t1\t0\t1",
		}},
	} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tc.tty)
		if err := Run(ctx, &Options{IO: ios, Store: path, Format: "table"}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(strings.Join(tc.want, "\n")+"\n", out.String()); diff != "" {
			t.Errorf("tty=%v (-want +got):\n%s", tc.tty, diff)
		}
	}
}
