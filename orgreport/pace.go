package orgreport

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// AIMD tuning of the pacer: how fast the send rate grows after a success
// and how far it falls on a throttle.
const (
	aimdIncrease = 0.2  // requests/s added per successful attempt, at least
	aimdGrowth   = 500  // or rate/aimdGrowth, so a fast rate recovers as fast (in attempts) as a slow one
	aimdDecrease = 0.95 // factor applied on a throttle
	aimdMinRate  = 1.0  // requests/s, the floor
)

// pacer spaces the attempts of one operation. It sends without limit until
// the service first throttles, then keeps a send rate that falls by a
// factor on a throttle and grows by a little with every success, so the
// report runs just under AWS Config's per-operation limit instead of
// bouncing off it. Only attempts sent after the last decrease can lower
// the rate again: the handful already in flight when the service started
// throttling say nothing new.
type pacer struct {
	mu        sync.Mutex
	rate      float64 // requests/s; 0 until the first throttle
	next      time.Time
	first     time.Time
	sent      int
	loweredAt time.Time
}

// wait blocks until the next attempt may go and returns when it went.
func (p *pacer) wait(ctx context.Context) (time.Time, error) {
	p.mu.Lock()
	now := time.Now()
	if p.first.IsZero() {
		p.first = now
	}
	p.sent++
	at := now
	if p.rate > 0 {
		if p.next.After(now) {
			at = p.next
		}
		p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
	}
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return at, ctx.Err()
		}
	}
	return at, nil
}

func (p *pacer) throttled(sentAt time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if sentAt.Before(p.loweredAt) {
		return
	}
	now := time.Now()
	if p.rate == 0 {
		p.rate = float64(p.sent) / max(now.Sub(p.first).Seconds(), 0.1)
	}
	p.rate = max(aimdMinRate, p.rate*aimdDecrease)
	p.loweredAt = now
}

func (p *pacer) succeeded() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rate > 0 {
		p.rate += max(aimdIncrease, p.rate/aimdGrowth)
	}
}

// pacers hold one pacer per operation: AWS Config throttles each
// operation on its own.
type pacers struct {
	mu sync.Mutex
	m  map[string]*pacer
}

func (ps *pacers) get(op string) *pacer {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.m == nil {
		ps.m = map[string]*pacer{}
	}
	p := ps.m[op]
	if p == nil {
		p = &pacer{}
		ps.m[op] = p
	}
	return p
}

// pacedRetryer is the SDK's standard retryer (backoff with jitter, more
// attempts, no retry quota: a quota would fail calls in a throttling
// storm) with the operation's pacer in front of every attempt. A throttled
// attempt is retried after about one interval of the lowered rate.
type pacedRetryer struct {
	aws.RetryerV2
	pacers    *pacers
	throttles retry.IsErrorThrottle
}

func newPacedRetryer(ps *pacers, maxAttempts int) aws.RetryerV2 {
	std := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.MaxBackoff = 10 * time.Second
		o.RateLimiter = ratelimit.None
	})
	return &pacedRetryer{RetryerV2: std, pacers: ps, throttles: retry.IsErrorThrottles(retry.DefaultThrottles)}
}

func (r *pacedRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	p := r.pacers.get(awsmiddleware.GetServiceID(ctx) + "/" + awsmiddleware.GetOperationName(ctx))
	sentAt, err := p.wait(ctx)
	if err != nil {
		return nil, err
	}
	release, err := r.RetryerV2.GetAttemptToken(ctx)
	if err != nil {
		return nil, err
	}
	return func(opErr error) error {
		switch {
		case opErr == nil:
			p.succeeded()
		case r.throttles.IsErrorThrottle(opErr).Bool():
			p.throttled(sentAt)
		}
		return release(opErr)
	}, nil
}

func (r *pacedRetryer) RetryDelay(attempt int, opErr error) (time.Duration, error) {
	if r.throttles.IsErrorThrottle(opErr).Bool() {
		// The pacer spaces the retry out on its next attempt; a little
		// jitter keeps retries of the same moment apart.
		return time.Duration(rand.Int64N(int64(10 * time.Millisecond))), nil
	}
	return r.RetryerV2.RetryDelay(attempt, opErr)
}
