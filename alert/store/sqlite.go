package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver keeps the binary static
)

// SQLite is the store in a local SQLite file.
type SQLite struct {
	db *sql.DB // nil inside a batch
	q  querier
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const schema = `
CREATE TABLE IF NOT EXISTS nflog (
	receiver  TEXT NOT NULL,
	group_key TEXT NOT NULL,
	firing    BLOB NOT NULL,
	resolved  BLOB NOT NULL,
	sent_at   INTEGER NOT NULL,
	PRIMARY KEY (receiver, group_key)
);
CREATE TABLE IF NOT EXISTS silences (
	id         TEXT PRIMARY KEY,
	matchers   TEXT NOT NULL,
	starts_at  INTEGER NOT NULL,
	ends_at    INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	comment    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expired_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS suppressed (
	day    TEXT NOT NULL,
	reason TEXT NOT NULL,
	count  INTEGER NOT NULL,
	PRIMARY KEY (day, reason)
);`

// OpenSQLite opens (creating if needed) the store at path.
func OpenSQLite(path string) (*SQLite, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One writer: SQLite serializes writes anyway, and one connection
	// avoids SQLITE_BUSY between our own goroutines.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	return &SQLite{db: db, q: db}, nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// LastNotification implements Store.
func (s *SQLite) LastNotification(ctx context.Context, receiver, groupKey string) (Entry, bool, error) {
	var firing, resolved []byte
	var sent int64
	err := s.q.QueryRowContext(ctx, `SELECT firing, resolved, sent_at FROM nflog WHERE receiver = ? AND group_key = ?`, receiver, groupKey).
		Scan(&firing, &resolved, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, err
	}
	e := Entry{Receiver: receiver, GroupKey: groupKey, SentAt: fromMS(sent), Firing: unpack(firing), Resolved: unpack(resolved)}
	return e, true, nil
}

// RecordNotification implements Store.
func (s *SQLite) RecordNotification(ctx context.Context, e Entry) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO nflog (receiver, group_key, firing, resolved, sent_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (receiver, group_key) DO UPDATE SET firing = excluded.firing, resolved = excluded.resolved, sent_at = excluded.sent_at`,
		e.Receiver, e.GroupKey, pack(e.Firing), pack(e.Resolved), ms(e.SentAt))
	return err
}

func pack(hs []uint64) []byte {
	b := make([]byte, 0, 8*len(hs))
	for _, h := range hs {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	return b
}

func unpack(b []byte) []uint64 {
	hs := make([]uint64, 0, len(b)/8)
	for i := 0; i+8 <= len(b); i += 8 {
		hs = append(hs, binary.LittleEndian.Uint64(b[i:]))
	}
	return hs
}

// AddSilence implements Store.
func (s *SQLite) AddSilence(ctx context.Context, si Silence) error {
	m, _ := json.Marshal(si.Matchers)
	_, err := s.q.ExecContext(ctx, `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, expired_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, si.ID, string(m), ms(si.StartsAt), ms(si.EndsAt), si.CreatedBy, si.Comment, ms(si.CreatedAt), ms(si.ExpiredAt))
	return err
}

// Silences implements Store.
func (s *SQLite) Silences(ctx context.Context) ([]Silence, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, matchers, starts_at, ends_at, created_by, comment, created_at, expired_at FROM silences ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Silence
	for rows.Next() {
		var si Silence
		var m string
		var st, en, cr, ex int64
		if err := rows.Scan(&si.ID, &m, &st, &en, &si.CreatedBy, &si.Comment, &cr, &ex); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(m), &si.Matchers); err != nil {
			return nil, err
		}
		si.StartsAt, si.EndsAt, si.CreatedAt, si.ExpiredAt = fromMS(st), fromMS(en), fromMS(cr), fromMS(ex)
		out = append(out, si)
	}
	return out, rows.Err()
}

// ExpireSilence implements Store.
func (s *SQLite) ExpireSilence(ctx context.Context, id string, t time.Time) error {
	res, err := s.q.ExecContext(ctx, `UPDATE silences SET expired_at = ? WHERE id = ? AND expired_at = 0`, ms(t), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if s.q.QueryRowContext(ctx, `SELECT 1 FROM silences WHERE id = ?`, id).Scan(&one) == nil {
			return nil // already expired: expiring twice is not an error
		}
		return fmt.Errorf("silence %q: %w", id, ErrNotFound)
	}
	return nil
}

// AddSuppressed implements Store.
func (s *SQLite) AddSuppressed(ctx context.Context, day, reason string, n int) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO suppressed (day, reason, count) VALUES (?, ?, ?)
		ON CONFLICT (day, reason) DO UPDATE SET count = count + excluded.count`, day, reason, n)
	return err
}

// SuppressedSince implements Store.
func (s *SQLite) SuppressedSince(ctx context.Context, day string) ([]Suppressed, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT day, reason, count FROM suppressed WHERE day >= ? ORDER BY day, reason`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suppressed
	for rows.Next() {
		var x Suppressed
		if err := rows.Scan(&x.Day, &x.Reason, &x.Count); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Close implements Store.
func (s *SQLite) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// Batch runs f inside one transaction, so that a flush of many groups
// costs one commit.
func (s *SQLite) Batch(ctx context.Context, f func(Store) error) error {
	if s.db == nil {
		return f(s)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(&SQLite{q: tx}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Batcher is a store that can group writes into one transaction.
type Batcher interface {
	Batch(ctx context.Context, f func(Store) error) error
}
