package live

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

// AIMD tuning: how fast the send rate grows after each success and how
// far it falls on a throttle.
const (
	aimdIncrease = 0.25 // requests/s added per successful attempt
	aimdDecrease = 0.8  // factor applied on a throttled attempt
	aimdMinRate  = 0.5  // requests/s, the floor
)

// limiter paces one SDK client's attempts (one account, region and
// service) with additive-increase, multiplicative-decrease: no limit until
// the service first throttles, then a send rate that falls on every
// throttle and creeps back up with every success, so the client settles
// just under the service's real limit instead of bouncing off it.
type limiter struct {
	mu    sync.Mutex
	rate  float64   // requests per second; 0 until the first throttle
	next  time.Time // earliest time of the next attempt
	first time.Time // first attempt, to estimate the rate before any throttle
	sent  int
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

func newLimiter() *limiter {
	return &limiter{now: time.Now, sleep: sleepCtx}
}

// wait blocks until the next attempt may be sent.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.now()
	if l.first.IsZero() {
		l.first = now
	}
	l.sent++
	var d time.Duration
	if l.rate > 0 {
		at := l.next
		if at.Before(now) {
			at = now
		}
		l.next = at.Add(time.Duration(float64(time.Second) / l.rate))
		d = at.Sub(now)
	}
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	return l.sleep(ctx, d)
}

// throttled lowers the rate; the first throttle starts from the rate sent
// so far.
func (l *limiter) throttled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate == 0 {
		elapsed := l.now().Sub(l.first).Seconds()
		l.rate = float64(l.sent) / max(elapsed, 0.1)
	}
	l.rate = max(aimdMinRate, l.rate*aimdDecrease)
}

// succeeded raises the rate a little, once there is one.
func (l *limiter) succeeded() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate > 0 {
		l.rate += aimdIncrease
	}
}

// interval is the current gap between attempts (0 when unlimited).
func (l *limiter) interval() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate == 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / l.rate)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limiters holds an account's limiters by region and service, so every
// client of the same (region, service) — S3's per-bucket-region clients,
// say — shares one.
type limiters struct {
	mu sync.Mutex
	m  map[string]*limiter
}

func newLimiters() *limiters { return &limiters{m: map[string]*limiter{}} }

func (ls *limiters) get(key string) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l := ls.m[key]
	if l == nil {
		l = newLimiter()
		ls.m[key] = l
	}
	return l
}

// pacedRetryer is the SDK's standard retryer (exponential backoff with
// jitter for errors, no retry quota) with a limiter in front of every
// attempt. Throttled attempts are retried after about one interval of the
// lowered rate, not after an exponential backoff: the limiter already
// slowed the client down.
type pacedRetryer struct {
	aws.RetryerV2
	limiters  *limiters
	throttles retry.IsErrorThrottle

	mu  sync.Mutex
	lim *limiter // bound on the first attempt: one client is one region and service
}

func newPacedRetryer(maxAttempts int, ls *limiters) aws.Retryer {
	std := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.MaxBackoff = 20 * time.Second
		o.RateLimiter = ratelimit.None // the limiter paces; a retry quota would fail calls in a throttling storm
	})
	return &pacedRetryer{RetryerV2: std, limiters: ls, throttles: retry.IsErrorThrottles(retry.DefaultThrottles)}
}

// limiter returns the limiter of the call's region and service.
func (p *pacedRetryer) limiter(ctx context.Context) *limiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lim == nil {
		p.lim = p.limiters.get(awsmiddleware.GetRegion(ctx) + "/" + awsmiddleware.GetServiceID(ctx))
	}
	return p.lim
}

func (p *pacedRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	lim := p.limiter(ctx)
	if err := lim.wait(ctx); err != nil {
		return nil, err
	}
	release, err := p.RetryerV2.GetAttemptToken(ctx)
	if err != nil {
		return nil, err
	}
	return func(opErr error) error {
		switch {
		case opErr == nil:
			lim.succeeded()
		case p.throttles.IsErrorThrottle(opErr).Bool():
			lim.throttled()
		}
		return release(opErr)
	}, nil
}

func (p *pacedRetryer) RetryDelay(attempt int, opErr error) (time.Duration, error) {
	p.mu.Lock()
	lim := p.lim
	p.mu.Unlock()
	if lim != nil && p.throttles.IsErrorThrottle(opErr).Bool() {
		// Jitter within one interval: the limiter spaces the retries out.
		if iv := lim.interval(); iv > 0 {
			return time.Duration(rand.Int64N(int64(iv))), nil
		}
	}
	return p.RetryerV2.RetryDelay(attempt, opErr)
}
