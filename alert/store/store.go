// Package store keeps what the alert router must remember across runs and
// restarts: the notification log (what was sent to whom, so nothing is
// sent twice and repeat_interval re-notifies only when due), silences
// with their audit trail, and the count of every suppressed alert. State
// lives in SQLite on the command line and in DynamoDB in Lambda.
package store

import (
	"context"
	"errors"
	"slices"
	"time"
)

// sortSilences orders silences oldest first, as Silences promises.
func sortSilences(ss []Silence) {
	slices.SortStableFunc(ss, func(a, b Silence) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
}

// ErrNotFound is returned for an unknown silence id.
var ErrNotFound = errors.New("not found")

// Entry is one notification log record: the last notification of a group
// to a receiver.
type Entry struct {
	Receiver string
	GroupKey string
	// Firing and Resolved are the hashes (KeyHash) of the alert keys the
	// notification carried, sorted: eight bytes each, however long the
	// keys, so that the log of a group of thousands stays small.
	Firing   []uint64
	Resolved []uint64
	SentAt   time.Time
}

// KeyHash is the 64-bit FNV-1a hash of an alert key, as the log stores it.
func KeyHash(key string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return h
}

// Silence mutes the alerts its matchers match between StartsAt and EndsAt.
type Silence struct {
	ID        string    `json:"id"`
	Matchers  []string  `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"createdAt"`
	// ExpiredAt is set when someone ended the silence early.
	ExpiredAt time.Time `json:"expiredAt,omitzero"`
}

// Active reports whether the silence mutes at t.
func (s *Silence) Active(t time.Time) bool {
	end := s.EndsAt
	if !s.ExpiredAt.IsZero() && s.ExpiredAt.Before(end) {
		end = s.ExpiredAt
	}
	return !t.Before(s.StartsAt) && t.Before(end)
}

// Suppressed is how many alerts one reason (a silence id, "inhibited by
// rule 2", "muted: out-of-hours") held back on one day.
type Suppressed struct {
	Day    string `json:"day"` // 2026-11-25 (UTC)
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Store is the router's memory. Implementations are safe for concurrent
// use.
type Store interface {
	// LastNotification returns the log entry of a group and receiver.
	LastNotification(ctx context.Context, receiver, groupKey string) (Entry, bool, error)
	// RecordNotification stores a sent notification, replacing the
	// previous entry.
	RecordNotification(ctx context.Context, e Entry) error
	AddSilence(ctx context.Context, s Silence) error
	// Silences lists every silence, expired ones included (the audit
	// trail), oldest first.
	Silences(ctx context.Context) ([]Silence, error)
	// ExpireSilence ends a silence at t.
	ExpireSilence(ctx context.Context, id string, t time.Time) error
	// AddSuppressed adds n to a day's count for a reason.
	AddSuppressed(ctx context.Context, day, reason string, n int) error
	// SuppressedSince lists the counts of days on or after day.
	SuppressedSince(ctx context.Context, day string) ([]Suppressed, error)
	Close() error
}
