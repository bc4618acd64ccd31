package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
)

var at = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

func findings() []finding.Finding {
	return []finding.Finding{
		{CheckID: "ec2-imdsv1-allowed", Title: "IMDSv1", Service: "ec2", Severity: finding.High, Status: finding.Fail,
			Account: "111122223333", Region: "eu-west-1", ResourceType: "AWS::EC2::Instance", ResourceID: "i-1",
			ResourceARN: "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ResourceName: "web", Message: "IMDSv1 allowed"},
		{CheckID: "s3-bucket-public-read", Title: "public", Service: "s3", Severity: finding.Critical, Status: finding.Fail,
			Account: "111122223333", Region: "global", ResourceType: "AWS::S3::Bucket", ResourceID: "site",
			ResourceARN: "arn:aws:s3:::site", Message: "public", Muted: true, MuteReason: "website (m.yaml:3)"},
		{CheckID: "kms-key-rotation", Service: "kms", Severity: finding.Medium, Status: finding.Error,
			Account: "444455556666", Region: "us-east-1", ResourceType: "AWS::KMS::Key", ResourceID: "k-1", Message: "not read"},
		{CheckID: "iam-root-mfa", Service: "iam", Severity: finding.Critical, Status: finding.Pass,
			Account: "444455556666", Region: "global", ResourceType: "AWS::IAM::Root", ResourceID: "444455556666", Message: "ok"},
	}
}

func create(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Create(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestSaveAndRead(t *testing.T) {
	ctx := context.Background()
	s, _ := create(t)
	fs := findings()
	id, err := s.Save(ctx, Scan{At: at, Source: "demo", Accounts: []string{"444455556666", "111122223333"}, Regions: 2,
		Resources: 10, Checks: 4, Version: "v1.2.3", Duration: 1500 * time.Millisecond}, fs)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.Scan(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := Scan{ID: id, At: at, Source: "demo", Accounts: []string{"111122223333", "444455556666"}, Regions: 2,
		Resources: 10, Checks: 4, Version: "v1.2.3", Duration: 1500 * time.Millisecond, Fail: 2, Error: 1, Pass: 1, Muted: 1}
	if diff := cmp.Diff(want, sc); diff != "" {
		t.Errorf("scan (-want +got):\n%s", diff)
	}
	got, err := s.Findings(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fs, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// A large scan is stored across many INSERT batches, with a short last one.
func TestSaveBatches(t *testing.T) {
	ctx := context.Background()
	s, _ := create(t)
	var fs []finding.Finding
	for i := range 2*chunkSize + 5 {
		fs = append(fs, finding.Finding{CheckID: "c", Account: "1", Region: "r", ResourceID: fmt.Sprint(i),
			Severity: finding.Low, Status: finding.Fail})
	}
	id, err := s.Save(ctx, Scan{At: at, Accounts: []string{"1"}}, fs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Findings(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fs, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestScansLatestPrevious(t *testing.T) {
	ctx := context.Background()
	s, _ := create(t)
	save := func(accounts ...string) int64 {
		id, err := s.Save(ctx, Scan{At: at, Source: "demo", Accounts: accounts}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a1 := save("1", "2")
	b1 := save("3")
	a2 := save("2", "1")
	scans, err := s.Scans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, sc := range scans {
		ids = append(ids, sc.ID)
	}
	if diff := cmp.Diff([]int64{a2, b1, a1}, ids); diff != "" {
		t.Errorf("scan ids, newest first (-want +got):\n%s", diff)
	}
	latest, err := s.Latest(ctx)
	if err != nil || latest.ID != a2 {
		t.Fatalf("Latest = %d, %v; want %d", latest.ID, err, a2)
	}
	prev, found, err := s.Previous(ctx, latest)
	if err != nil || !found || prev.ID != a1 {
		t.Errorf("Previous = %d, %v, %v; want %d (same estate, skipping %d)", prev.ID, found, err, a1, b1)
	}
	if _, found, _ := s.Previous(ctx, prev); found {
		t.Errorf("the first scan of an estate has a previous one")
	}
	// An estate that gained an account compares with its last scan.
	grown := save("1", "2", "4")
	sc, err := s.Scan(ctx, grown)
	if err != nil {
		t.Fatal(err)
	}
	if prev, found, err := s.Previous(ctx, sc); err != nil || !found || prev.ID != a2 {
		t.Errorf("Previous(grown) = %d, %v, %v; want %d", prev.ID, found, err, a2)
	}
	if onlyA, onlyB := prev.AccountChange(sc); !slices.Equal(onlyA, nil) || !slices.Equal(onlyB, []string{"4"}) {
		t.Errorf("AccountChange = %v, %v; want [], [4]", onlyA, onlyB)
	}
	// One that shares nothing with earlier scans has no previous scan.
	other, err := s.Scan(ctx, save("9"))
	if err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Previous(ctx, other); found {
		t.Errorf("a scan of new accounts has a previous one")
	}
	if _, err := s.Scan(ctx, 99); !errors.Is(err, ErrNoScan) {
		t.Errorf("Scan(99) = %v, want ErrNoScan", err)
	}
}

func TestNewStoreIsPrivate(t *testing.T) {
	_, path := create(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("a new store has mode %v, want 0600", perm)
	}
}

func TestOpenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrNoHistory) {
		t.Errorf("Open = %v, want ErrNoHistory", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("Open created the file")
	}
}

// Files that are not a usable store are refused and left byte for byte as
// they were.
func TestRefusedFilesAreUntouched(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := func(name string) string {
		p := filepath.Join(dir, name)
		s, err := Create(ctx, p, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save(ctx, Scan{At: at, Accounts: []string{"1"}}, findings()); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return p
	}
	raw := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rawDB := func(name string, stmts string) string {
		p := filepath.Join(dir, name)
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(stmts); err != nil {
			t.Fatal(err)
		}
		db.Close()
		return p
	}
	newer := good("newer.db")
	rawDB("newer.db", "PRAGMA user_version = 99")
	for _, tc := range []struct {
		name, path string
		want       error
	}{
		{"text", raw("notes.db", []byte("these are my notes, not a database\n")), ErrCorrupt},
		{"bad header", raw("header.db", append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...)), ErrCorrupt},
		{"other program", rawDB("other.db", "CREATE TABLE t(x); INSERT INTO t VALUES (1)"), ErrNotStore},
		{"other application id", rawDB("otherid.db", "PRAGMA application_id = 7; CREATE TABLE t(x)"), ErrNotStore},
		{"newer schema", newer, ErrNewer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			for _, open := range []func(context.Context, string) (*Store, error){
				Open, func(ctx context.Context, p string) (*Store, error) { return Create(ctx, p, false) },
			} {
				s, err := open(ctx, tc.path)
				if err == nil {
					s.Close()
					t.Fatal("opened")
				}
				if !errors.Is(err, tc.want) {
					t.Errorf("error %q, want %v", err, tc.want)
				}
				if !bytes.Contains([]byte(err.Error()), []byte(tc.path)) {
					t.Errorf("error %q does not name the file", err)
				}
			}
			after, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the file was changed")
			}
		})
	}
}

// A store whose pages are damaged after the header fails with ErrCorrupt
// when read, never with wrong results.
func TestDamagedPages(t *testing.T) {
	ctx := context.Background()
	s, path := create(t)
	var fs []finding.Finding
	for i := range 2000 {
		fs = append(fs, finding.Finding{CheckID: "c", Account: "1", Region: "r", ResourceID: fmt.Sprint(i), Status: finding.Fail, Severity: finding.Low})
	}
	id, err := s.Save(ctx, Scan{At: at, Accounts: []string{"1"}}, fs)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096 * 2; i < len(data); i++ {
		data[i] ^= 0x5a
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open = %v, want ErrCorrupt", err)
		}
		return
	}
	defer s2.Close()
	if _, err := s2.Findings(ctx, id); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Findings = %v, want ErrCorrupt", err)
	}
}

// A store at every older schema version migrates to the current one and
// keeps its scans; the result has the same schema as a new store.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	_, fresh := create(t)
	wantSchema := schema(t, fresh)
	for from := 0; from < len(migrations); from++ {
		t.Run(fmt.Sprintf("from v%d", from), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			tx, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if err := migrate(ctx, tx, 0, from); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if from >= 1 { // a scan as version 1 wrote it
				if _, err := db.Exec(`INSERT INTO scans (at, source, accounts, regions, resources, checks, version, fail, error, pass, muted)
					VALUES ('2026-01-02T03:04:05Z', 'demo', '1,2', 2, 30, 5, 'v0.1.0', 3, 1, 7, 0)`); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var v int
			if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(migrations) {
				t.Errorf("user_version = %d, %v; want %d", v, err, len(migrations))
			}
			if diff := cmp.Diff(wantSchema, schema(t, path)); diff != "" {
				t.Errorf("schema after migration (-new store +migrated):\n%s", diff)
			}
			if from >= 1 {
				sc, err := s.Latest(ctx)
				if err != nil {
					t.Fatal(err)
				}
				want := Scan{ID: sc.ID, At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Source: "demo", Accounts: []string{"1", "2"},
					Regions: 2, Resources: 30, Checks: 5, Version: "v0.1.0", Fail: 3, Error: 1, Pass: 7}
				if diff := cmp.Diff(want, sc); diff != "" {
					t.Errorf("old scan (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func schema(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT m.name || '.' || p.name, p.type || ' ' || p.\"notnull\" || ' ' || coalesce(p.dflt_value, '') " +
		"FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' " +
		"UNION ALL SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

// Writers on separate connections, as separate processes are, each get
// their whole scan stored: transactions and the busy timeout serialize them.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "history.db")
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			s, err := Create(ctx, path, false)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			var fs []finding.Finding
			for i := range 500 {
				fs = append(fs, finding.Finding{CheckID: "c", Account: fmt.Sprint(w), Region: "r", ResourceID: fmt.Sprint(i), Status: finding.Fail, Severity: finding.Low})
			}
			_, err = s.Save(ctx, Scan{At: at, Accounts: []string{fmt.Sprint(w)}}, fs)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	scans, err := s.Scans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(scans) != writers {
		t.Fatalf("%d scans, want %d", len(scans), writers)
	}
	for _, sc := range scans {
		fs, err := s.Findings(ctx, sc.ID)
		if err != nil || len(fs) != 500 || sc.Fail != 500 {
			t.Errorf("scan %d: %d findings (counted %d), %v; want 500", sc.ID, len(fs), sc.Fail, err)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, err := DefaultPath(); err != nil || p != "/data/awssec/history.db" {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "relative") // the spec says to ignore relative paths
	t.Setenv("HOME", "/home/u")
	if p, err := DefaultPath(); err != nil || p != "/home/u/.local/share/awssec/history.db" {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
}

// Characters that mean something in a URI are plain characters of the
// file name.
func TestPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "my scans?mode=ro#1 %41.db")
	s, err := Create(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, Scan{At: at, Accounts: []string{"1"}}, findings()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the store is not at its path: %v", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if scans, err := s.Scans(ctx, 0); err != nil || len(scans) != 1 {
		t.Errorf("Scans = %d, %v; want 1", len(scans), err)
	}
}

// An up-to-date store is only read when opened: one the user may not
// write can still be listed.
func TestReadOnlyStore(t *testing.T) {
	ctx := context.Background()
	s, path := create(t)
	if _, err := s.Save(ctx, Scan{At: at, Accounts: []string{"1"}}, findings()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		f.Close()
		t.Skip("the file stays writable (running as root)")
	}
	ro, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if fs, err := ro.Findings(ctx, 1); err != nil || len(fs) != len(findings()) {
		t.Errorf("Findings = %d, %v", len(fs), err)
	}
}
