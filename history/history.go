// Package history keeps past scans in a local SQLite database so that two
// scans can be compared: the store, its versioned schema migrations, and
// the queries the history and diff commands need.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/datadir"
)

// Errors a store can fail to open with. Each leaves the file as it was.
var (
	ErrCorrupt   = errors.New("is not a readable awssec history database")
	ErrNotStore  = errors.New("is an SQLite database of another program")
	ErrNewer     = errors.New("was written by a newer awssec")
	ErrNoHistory = errors.New("no history")
	ErrNoScan    = errors.New("no such scan")
)

// applicationID marks the database file as awssec's ("AWSH"), so a store
// never mistakes another program's database for its own.
const applicationID = 0x41575348

// busyTimeout is how long a writer waits for another process's
// transaction before giving up.
const busyTimeout = 30 * time.Second

// Store is an open history database.
type Store struct {
	db   *sql.DB
	path string
}

// DefaultPath is the store used when none is named: history.db in
// awssec's data directory ($XDG_DATA_HOME/awssec, else
// ~/.local/share/awssec on Unix).
func DefaultPath() (string, error) {
	p, err := datadir.File("history.db")
	if err != nil {
		return "", fmt.Errorf("no default history store: %w (name one with --store PATH)", err)
	}
	return p, nil
}

// Create opens the store at path, creating the file (and, when mkdir is
// set, its directory) if it does not exist, and brings its schema up to
// date.
func Create(ctx context.Context, path string, mkdir bool) (*Store, error) {
	if mkdir {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("history store %s: %w", path, err)
		}
	}
	// The store names every resource and weakness of the estate: only its
	// owner reads it. An empty file is a new database to SQLite; a file
	// another process has just created is left to it.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	return open(ctx, path)
}

// Open opens an existing store and brings its schema up to date; a missing
// file is ErrNoHistory.
func Open(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s (keep scans with `awssec scan --store`)", ErrNoHistory, path)
	}
	return open(ctx, path)
}

func open(ctx context.Context, path string) (*Store, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("history store %s is a directory", path)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_txlock", "immediate")
	// A URI file name keeps "?" and "#" in a path from being read as
	// parameters.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	// One connection: its pragmas hold for every statement, and the
	// process's writes are serialized before SQLite's file locks serialize
	// them against other processes.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path}
	if err := s.prepare(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// wrap turns SQLite's low-level failures into errors that name the file
// and say what is wrong with it.
func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("history store %s %w (%v); it was left untouched: move it aside to start a new one", s.path, ErrCorrupt, err)
		case sqlite3.SQLITE_BUSY:
			return fmt.Errorf("history store %s is locked by another process for more than %s: %w", s.path, busyTimeout, err)
		}
	}
	return fmt.Errorf("history store %s: %w", s.path, err)
}

// prepare checks that the file is an awssec store (or empty) of a schema
// this program knows, and applies the migrations it lacks. A store that is
// up to date is only read, so a read-only store can be listed and diffed.
// Migrations run in one write transaction that checks again first, so two
// processes opening a new store at once migrate it once.
func (s *Store) prepare(ctx context.Context) error {
	current, err := s.check(ctx, s.db)
	if err != nil || current {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		return s.wrap(err)
	}
	defer tx.Rollback()
	if current, err := s.check(ctx, tx); err != nil || current {
		return err
	}
	var version int
	if err := tx.QueryRowContext(ctx, "SELECT user_version FROM pragma_user_version").Scan(&version); err != nil {
		return s.wrap(err)
	}
	if err := migrate(ctx, tx, version, len(migrations)); err != nil {
		return s.wrap(err)
	}
	return s.wrap(tx.Commit())
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// check reports whether the store is at the current schema version, and
// refuses files that are not awssec stores or are newer than this program.
func (s *Store) check(ctx context.Context, q querier) (current bool, err error) {
	// One statement reads one snapshot: another process's migration is
	// seen whole or not at all.
	var appID, version, tables int
	err = q.QueryRowContext(ctx, "SELECT (SELECT application_id FROM pragma_application_id), "+
		"(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)").Scan(&appID, &version, &tables)
	if err != nil {
		return false, s.wrap(err)
	}
	switch {
	case appID != applicationID && (appID != 0 || tables > 0):
		return false, fmt.Errorf("history store %s %w (application id %#x); it was left untouched", s.path, ErrNotStore, appID)
	case version > len(migrations):
		return false, fmt.Errorf("history store %s %w: its schema is version %d, this awssec knows up to %d; it was left untouched (upgrade awssec)",
			s.path, ErrNewer, version, len(migrations))
	}
	return version == len(migrations), nil
}

// migrate applies migrations from (exclusive) to (inclusive) within tx.
func migrate(ctx context.Context, tx *sql.Tx, from, to int) error {
	for v := from + 1; v <= to; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
			return fmt.Errorf("schema migration %d: %w", v, err)
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, to))
	return err
}

// Scan is one stored scan and its counts.
type Scan struct {
	ID        int64
	At        time.Time
	Source    string   // "demo", "aws", "file", ...
	Accounts  []string // sorted: the estate's identity
	Regions   int
	Resources int
	Checks    int
	Version   string // of the awssec that ran it
	Duration  time.Duration
	Fail      int // failing results, muted included
	Error     int
	Pass      int
	Muted     int
}

// SameEstate reports whether two scans cover the same accounts.
func (s Scan) SameEstate(o Scan) bool { return slices.Equal(s.Accounts, o.Accounts) }

// Overlaps reports whether two scans share an account: they are scans of
// one estate that gained or lost accounts in between.
func (s Scan) Overlaps(o Scan) bool {
	return slices.ContainsFunc(s.Accounts, func(a string) bool { return slices.Contains(o.Accounts, a) })
}

// AccountChange lists the accounts only s covers and those only o covers.
func (s Scan) AccountChange(o Scan) (onlyS, onlyO []string) {
	for _, a := range s.Accounts {
		if !slices.Contains(o.Accounts, a) {
			onlyS = append(onlyS, a)
		}
	}
	for _, a := range o.Accounts {
		if !slices.Contains(s.Accounts, a) {
			onlyO = append(onlyO, a)
		}
	}
	return onlyS, onlyO
}

// Save stores a scan and its findings in one transaction and returns the
// scan's id. The counts are taken from the findings.
func (s *Store) Save(ctx context.Context, sc Scan, fs []finding.Finding) (int64, error) {
	sc.Fail, sc.Error, sc.Pass, sc.Muted = 0, 0, 0, 0
	for i := range fs {
		switch fs[i].Status {
		case finding.Fail:
			sc.Fail++
		case finding.Error:
			sc.Error++
		case finding.Pass:
			sc.Pass++
		}
		if fs[i].Muted {
			sc.Muted++
		}
	}
	accounts := slices.Clone(sc.Accounts)
	slices.Sort(accounts)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.wrap(err)
	}
	defer tx.Rollback()
	r, err := tx.ExecContext(ctx, `INSERT INTO scans (at, source, accounts, regions, resources, checks, version,
		fail, error, pass, muted, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sc.At.UTC().Format(time.RFC3339Nano), sc.Source, strings.Join(accounts, ","), sc.Regions, sc.Resources,
		sc.Checks, sc.Version, sc.Fail, sc.Error, sc.Pass, sc.Muted, sc.Duration.Milliseconds())
	if err != nil {
		return 0, s.wrap(err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, s.wrap(err)
	}
	if err := insertFindings(ctx, tx, id, fs); err != nil {
		return 0, s.wrap(err)
	}
	return id, s.wrap(tx.Commit())
}

func insertFindings(ctx context.Context, tx *sql.Tx, scan int64, fs []finding.Finding) error {
	chunks := encodeChunks(fs)
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO findings (scan_id, chunk, count, data) VALUES (?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, data := range chunks {
		count := min(chunkSize, len(fs)-i*chunkSize)
		if _, err := stmt.ExecContext(ctx, scan, i, count, data); err != nil {
			return err
		}
	}
	return nil
}

const scanColumns = "id, at, source, accounts, regions, resources, checks, version, fail, error, pass, muted, duration_ms"

func scanScan(row interface{ Scan(...any) error }) (Scan, error) {
	var sc Scan
	var at, accounts string
	var ms int64
	err := row.Scan(&sc.ID, &at, &sc.Source, &accounts, &sc.Regions, &sc.Resources, &sc.Checks, &sc.Version,
		&sc.Fail, &sc.Error, &sc.Pass, &sc.Muted, &ms)
	if err != nil {
		return sc, err
	}
	sc.At, err = time.Parse(time.RFC3339Nano, at)
	if accounts != "" {
		sc.Accounts = strings.Split(accounts, ",")
	}
	sc.Duration = time.Duration(ms) * time.Millisecond
	return sc, err
}

// Scans lists the stored scans, newest first; limit ≤ 0 lists them all.
func (s *Store) Scans(ctx context.Context, limit int) ([]Scan, error) {
	q := "SELECT " + scanColumns + " FROM scans ORDER BY id DESC"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []Scan
	for rows.Next() {
		sc, err := scanScan(rows)
		if err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, sc)
	}
	return out, s.wrap(rows.Err())
}

// Scan returns the scan with the given id.
func (s *Store) Scan(ctx context.Context, id int64) (Scan, error) {
	sc, err := scanScan(s.db.QueryRowContext(ctx, "SELECT "+scanColumns+" FROM scans WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, fmt.Errorf("%w %d in %s (see `awssec history`)", ErrNoScan, id, s.path)
	}
	return sc, s.wrap(err)
}

// Latest returns the newest scan.
func (s *Store) Latest(ctx context.Context) (Scan, error) {
	sc, err := scanScan(s.db.QueryRowContext(ctx, "SELECT "+scanColumns+" FROM scans ORDER BY id DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, fmt.Errorf("%w in %s yet (keep scans with `awssec scan --store`)", ErrNoScan, s.path)
	}
	return sc, s.wrap(err)
}

// AccountNote says how the accounts of two scans differ, for a reader of
// their diff; it is empty when they cover the same accounts.
func AccountNote(a, b Scan) string {
	onlyA, onlyB := a.AccountChange(b)
	if len(onlyA)+len(onlyB) == 0 {
		return ""
	}
	var parts []string
	if len(onlyB) > 0 {
		parts = append(parts, fmt.Sprintf("only scan %d covers %s (its findings there are new)", b.ID, strings.Join(onlyB, ",")))
	}
	if len(onlyA) > 0 {
		parts = append(parts, fmt.Sprintf("only scan %d covers %s (its failures there show as fixed)", a.ID, strings.Join(onlyA, ",")))
	}
	return "the scans cover different accounts: " + strings.Join(parts, "; ")
}

// Previous returns the scan to compare sc with: the newest earlier scan
// of the same accounts, or, when there is none, the newest earlier scan
// that shares an account with it (the estate gained or lost accounts);
// found is false when there is neither.
func (s *Store) Previous(ctx context.Context, sc Scan) (prev Scan, found bool, err error) {
	accounts := slices.Clone(sc.Accounts)
	slices.Sort(accounts)
	sc.Accounts = accounts
	prev, err = scanScan(s.db.QueryRowContext(ctx, "SELECT "+scanColumns+
		" FROM scans WHERE accounts = ? AND id < ? ORDER BY id DESC LIMIT 1", strings.Join(accounts, ","), sc.ID))
	if err == nil {
		return prev, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return prev, false, s.wrap(err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+scanColumns+" FROM scans WHERE id < ? ORDER BY id DESC", sc.ID)
	if err != nil {
		return prev, false, s.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanScan(rows)
		if err != nil {
			return prev, false, s.wrap(err)
		}
		if c.Overlaps(sc) {
			return c, true, nil
		}
	}
	return prev, false, s.wrap(rows.Err())
}

// Findings returns a scan's stored findings in the order they were saved.
func (s *Store) Findings(ctx context.Context, scan int64) ([]finding.Finding, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT count, data FROM findings WHERE scan_id = ? ORDER BY chunk", scan)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var chunks [][]byte
	var counts []int
	for rows.Next() {
		var data []byte
		var n int
		if err := rows.Scan(&n, &data); err != nil {
			return nil, s.wrap(err)
		}
		chunks, counts = append(chunks, data), append(counts, n)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	fs, err := decodeChunks(chunks, counts)
	if err != nil {
		return nil, fmt.Errorf("history store %s, scan %d: %w", s.path, scan, err)
	}
	return fs, nil
}
