package alertcmd

import (
	"context"
	"time"

	"github.com/awssec/awssec/alert/store"
)

// emptyStore is the state of a dry run without a state file: no
// silences, nothing sent. It refuses to record.
type emptyStore struct{}

func (emptyStore) LastNotification(context.Context, string, string) (store.Entry, bool, error) {
	return store.Entry{}, false, nil
}
func (emptyStore) RecordNotification(context.Context, store.Entry) error { return errReadOnly }
func (emptyStore) AddSilence(context.Context, store.Silence) error       { return errReadOnly }
func (emptyStore) Silences(context.Context) ([]store.Silence, error)     { return nil, nil }
func (emptyStore) ExpireSilence(context.Context, string, time.Time) error {
	return errReadOnly
}
func (emptyStore) AddSuppressed(context.Context, string, string, int) error { return errReadOnly }
func (emptyStore) SuppressedSince(context.Context, string) ([]store.Suppressed, error) {
	return nil, nil
}
func (emptyStore) Close() error { return nil }
