// Package progress keeps a learner's spaced-repetition state in SQLite:
// each question's FSRS card and every review with the answer given, so
// answers can be compared later and weak categories found.
package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/awssec/awssec/interview/fsrs"
)

// schemaVersion is the version this code writes; migrations bring older
// files up to it, and a newer file is refused rather than damaged.
const schemaVersion = 1

var migrations = []string{
	1: `CREATE TABLE cards (
		question TEXT PRIMARY KEY,
		state INTEGER NOT NULL,
		step INTEGER NOT NULL,
		stability REAL NOT NULL,
		difficulty REAL NOT NULL,
		due TEXT NOT NULL,
		last_review TEXT
	);
	CREATE TABLE reviews (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		question TEXT NOT NULL,
		category TEXT NOT NULL,
		rating INTEGER NOT NULL,
		answer TEXT NOT NULL,
		reviewed_at TEXT NOT NULL
	);
	CREATE INDEX reviews_question ON reviews(question);`,
}

// Store is an open progress file.
type Store struct{ db *sql.DB }

// Open opens (creating it and its directory if needed) the progress file
// at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db}
	if err := s.migrate(ctx, path); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context, path string) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("%s: not a progress file: %w", path, err)
	}
	if v > schemaVersion {
		return fmt.Errorf("%s: written by a newer awssec (schema %d, this one knows %d); not touching it", path, v, schemaVersion)
	}
	for ; v < schemaVersion; v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v+1]); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: migrating to schema %d: %w", path, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Card returns a question's card; ok is false for a question never
// reviewed.
func (s *Store) Card(ctx context.Context, question string) (c fsrs.Card, ok bool, err error) {
	var due string
	var last sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT state, step, stability, difficulty, due, last_review FROM cards WHERE question = ?`, question).
		Scan(&c.State, &c.Step, &c.Stability, &c.Difficulty, &due, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return fsrs.Card{}, false, nil
	}
	if err != nil {
		return fsrs.Card{}, false, err
	}
	if c.Due, err = time.Parse(time.RFC3339Nano, due); err != nil {
		return fsrs.Card{}, false, err
	}
	if last.Valid {
		if c.LastReview, err = time.Parse(time.RFC3339Nano, last.String); err != nil {
			return fsrs.Card{}, false, err
		}
	}
	return c, true, nil
}

// Record stores a review: the card after it and the answer given.
func (s *Store) Record(ctx context.Context, question, category string, c fsrs.Card, r fsrs.Rating, answer string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	last := sql.NullString{String: c.LastReview.UTC().Format(time.RFC3339Nano), Valid: !c.LastReview.IsZero()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cards (question, state, step, stability, difficulty, due, last_review)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(question) DO UPDATE SET state = excluded.state, step = excluded.step, stability = excluded.stability,
			difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review`,
		question, c.State, c.Step, c.Stability, c.Difficulty, c.Due.UTC().Format(time.RFC3339Nano), last); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (question, category, rating, answer, reviewed_at) VALUES (?, ?, ?, ?, ?)`,
		question, category, int(r), answer, c.LastReview.UTC().Format(time.RFC3339Nano)); err != nil {
		return err
	}
	return tx.Commit()
}

// Review is one stored review.
type Review struct {
	Question   string      `json:"question"`
	Category   string      `json:"category"`
	Rating     fsrs.Rating `json:"rating"`
	Answer     string      `json:"answer"`
	ReviewedAt time.Time   `json:"reviewedAt"`
}

// Reviews returns every review, oldest first; of one question when
// question is not "".
func (s *Store) Reviews(ctx context.Context, question string) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT question, category, rating, answer, reviewed_at FROM reviews
		WHERE ? = '' OR question = ? ORDER BY id`, question, question)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		var at string
		if err := rows.Scan(&r.Question, &r.Category, &r.Rating, &r.Answer, &at); err != nil {
			return nil, err
		}
		if r.ReviewedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Cards returns every stored card by question id.
func (s *Store) Cards(ctx context.Context) (map[string]fsrs.Card, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT question FROM cards`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make(map[string]fsrs.Card, len(ids))
	for _, id := range ids {
		c, _, err := s.Card(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, nil
}
