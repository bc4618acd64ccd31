package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"

	"github.com/awssec/awssec/collect"
)

// Stats count the API calls of a collection.
type Stats struct {
	Calls     atomic.Int64 // operations called
	Attempts  atomic.Int64 // HTTP attempts, retries included
	Throttled atomic.Int64 // attempts answered with a throttling error
	Failed    atomic.Int64 // operations that failed after retries

	mu      sync.Mutex
	skipped map[string]int // opt-in region → accounts that have not enabled it
}

func (s *Stats) skip(regions []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.skipped == nil {
		s.skipped = map[string]int{}
	}
	for _, r := range regions {
		s.skipped[r]++
	}
}

// Skipped returns the opt-in regions left out because accounts have not
// enabled them, sorted, each with how many accounts skipped it: "ap-east-1 (3)".
func (s *Stats) Skipped() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for r, n := range s.skipped {
		out = append(out, fmt.Sprintf("%s (%d)", r, n))
	}
	slices.Sort(out)
	return out
}

// Retries is the number of attempts beyond the first of each call.
func (s *Stats) Retries() int64 { return s.Attempts.Load() - s.Calls.Load() }

// String summarizes the counts for the scan's summary.
func (s *Stats) String() string {
	return fmt.Sprintf("%d API calls, %d throttled, %d retried, %d failed",
		s.Calls.Load(), s.Throttled.Load(), s.Retries(), s.Failed.Load())
}

// middleware counts calls, attempts, throttles and failures, and logs each
// call (operation, region, duration, attempts; never credentials) when a
// logger is set.
func (s *Stats) middleware(logger *slog.Logger, account string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		err := stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("awssec-attempts",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				s.Attempts.Add(1)
				out, md, err := next.HandleFinalize(ctx, in)
				if err != nil && isThrottle(err) {
					s.Throttled.Add(1)
				}
				return out, md, err
			}), "Retry", middleware.After)
		if err != nil {
			return err
		}
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("awssec-calls",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				start := time.Now()
				s.Calls.Add(1)
				out, md, err := next.HandleInitialize(ctx, in)
				if err != nil && !answeredNone(err) && !collect.Expected(ctx, err) {
					s.Failed.Add(1)
				}
				if logger != nil {
					attempts := 1
					if r, ok := retry.GetAttemptResults(md); ok {
						attempts = len(r.Results)
					}
					attrs := []any{"service", awsmiddleware.GetServiceID(ctx), "op", awsmiddleware.GetOperationName(ctx),
						"account", account, "region", awsmiddleware.GetRegion(ctx),
						"duration", time.Since(start).Round(time.Millisecond), "attempts", attempts}
					if err != nil {
						code, _ := collect.ErrorCode(err)
						attrs = append(attrs, "error", code)
					}
					logger.Debug("aws call", attrs...)
				}
				return out, md, err
			}), middleware.Before)
	}
}

// answeredNone reports whether AWS answered 404: what was asked about does
// not exist (no bucket policy, no password policy). Collectors record that
// as a known none; it is an answer, not a failed call. Answers with other
// statuses are marked by the collector with collect.Expect.
func answeredNone(err error) bool {
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound
}

func isThrottle(err error) bool {
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool()
}
