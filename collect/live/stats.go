package live

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"

	"github.com/awssec/awssec/collect"
)

// Stats count the API calls of a collection.
type Stats struct {
	Calls     atomic.Int64 // operations called
	Attempts  atomic.Int64 // HTTP attempts, retries included
	Throttled atomic.Int64 // attempts answered with a throttling error
	Failed    atomic.Int64 // operations that failed after retries
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
func (s *Stats) middleware(logger *slog.Logger) func(*middleware.Stack) error {
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
				if err != nil {
					s.Failed.Add(1)
				}
				if logger != nil {
					attempts := 1
					if r, ok := retry.GetAttemptResults(md); ok {
						attempts = len(r.Results)
					}
					attrs := []any{"service", awsmiddleware.GetServiceID(ctx), "op", awsmiddleware.GetOperationName(ctx),
						"region", awsmiddleware.GetRegion(ctx), "duration", time.Since(start).Round(time.Millisecond), "attempts", attempts}
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

func isThrottle(err error) bool {
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool()
}
