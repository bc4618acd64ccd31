package router

import (
	"context"
	"time"

	"github.com/awssec/awssec/alert"
)

// Run is the long-running form: it ingests alerts as they arrive and
// flushes due groups every tick, honouring group_wait, group_interval and
// repeat_interval in real time. It returns when in is closed (after a
// last flush of what is due) or ctx ends. Every notification goes to
// submit; its sender must call Done.
func (r *Router) Run(ctx context.Context, in <-chan alert.Alert, tick time.Duration, submit func(*Notification)) error {
	t := time.NewTicker(tick)
	defer t.Stop()
	flush := func() error {
		ns, err := r.Flush(ctx, time.Now(), false)
		for _, n := range ns {
			submit(n)
		}
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case a, ok := <-in:
			if !ok {
				return flush()
			}
			r.Ingest(a, time.Now())
		case <-t.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}
