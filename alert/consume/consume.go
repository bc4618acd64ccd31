// Package consume long-polls an SQS queue that EventBridge (directly or
// through SNS) fills with security events, and hands each message body to
// the router. A message is deleted only once what it carried is settled
// (the router has notified it, or decided not to): until then the consumer
// holds it, extending its visibility timeout, so a crash loses nothing and
// SQS delivers the message again. One that cannot be read is left for SQS
// to redeliver and, after the queue's maxReceiveCount, move to its
// dead-letter queue.
package consume

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// API is the part of the SQS client the consumer uses.
type API interface {
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, optFns ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

// Consumer reads one queue.
type Consumer struct {
	Client   API
	QueueURL string
	// Wait is the long-poll wait (default and maximum 20 s).
	Wait time.Duration
	// Visibility is how long a received message stays hidden from other
	// consumers; a held message is hidden for as long again from when
	// half of it is left (default 60 s).
	Visibility time.Duration
	// Settled reports the mark up to which handled messages may be
	// deleted (see Run); nil deletes each message once handled.
	Settled func() uint64
	// Check is how often held messages are looked at (default 1 s).
	Check time.Duration
	// Logf reports failures.
	Logf func(format string, args ...any)

	mu   sync.Mutex
	held []heldMessage
}

// heldMessage is a handled message waiting for its mark to settle.
type heldMessage struct {
	id, receipt string
	mark        uint64
	hiddenUntil time.Time
}

func (c *Consumer) logf(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}

func (c *Consumer) visibility() time.Duration {
	if c.Visibility <= 0 {
		return time.Minute
	}
	return c.Visibility
}

// Run receives until ctx ends, calling handle for each message body.
// handle returns the message's mark: the message is deleted once Settled
// reaches it (a mark of 0 is settled at once). A handle error leaves the
// message on the queue. Receive errors are retried with backoff (the SDK
// has already retried throttling). Messages still held when Run returns
// are the caller's to Release.
func (c *Consumer) Run(ctx context.Context, handle func(body []byte) (mark uint64, err error)) error {
	wait := c.Wait
	if wait <= 0 || wait > 20*time.Second {
		wait = 20 * time.Second
	}
	keeping := make(chan struct{})
	go func() {
		defer close(keeping)
		c.keep(ctx)
	}()
	defer func() { <-keeping }()
	backoff := time.Second
	for ctx.Err() == nil {
		out, err := c.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(c.QueueURL),
			MaxNumberOfMessages: 10,
			WaitTimeSeconds:     int32(wait / time.Second),
			VisibilityTimeout:   int32(c.visibility() / time.Second),
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			c.logf("alert consume: receive: %v; retrying in %s", err, backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		received := time.Now()
		for _, m := range out.Messages {
			mark, err := handle([]byte(aws.ToString(m.Body)))
			if err != nil {
				c.logf("alert consume: message %s: %v (left on the queue)", aws.ToString(m.MessageId), err)
				continue
			}
			c.mu.Lock()
			c.held = append(c.held, heldMessage{id: aws.ToString(m.MessageId), receipt: aws.ToString(m.ReceiptHandle),
				mark: mark, hiddenUntil: received.Add(c.visibility())})
			c.mu.Unlock()
		}
		c.settle(ctx)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("consume: %w", err)
	}
	return nil
}

// keep settles held messages every Check until ctx ends.
func (c *Consumer) keep(ctx context.Context) {
	every := c.Check
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.settle(ctx)
		}
	}
}

// settle deletes the held messages whose mark has settled and extends the
// visibility of the others that are about to reappear.
func (c *Consumer) settle(ctx context.Context) {
	settled := ^uint64(0)
	if c.Settled != nil {
		settled = c.Settled()
	}
	c.mu.Lock()
	var done, extend []heldMessage
	kept := c.held[:0]
	soon := time.Now().Add(c.visibility() / 2)
	for _, h := range c.held {
		switch {
		case h.mark <= settled:
			done = append(done, h)
		case h.hiddenUntil.Before(soon):
			extend = append(extend, h)
			fallthrough
		default:
			kept = append(kept, h)
		}
	}
	c.held = kept
	c.mu.Unlock()
	for _, h := range done {
		if _, err := c.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(c.QueueURL), ReceiptHandle: aws.String(h.receipt)}); err != nil {
			if ctx.Err() != nil {
				return
			}
			// What it carried is settled; a redelivery is an update the
			// router de-duplicates.
			c.logf("alert consume: delete %s: %v", h.id, err)
		}
	}
	for _, h := range extend {
		c.setVisibility(ctx, h, c.visibility())
	}
}

// setVisibility hides a held message for d from now.
func (c *Consumer) setVisibility(ctx context.Context, h heldMessage, d time.Duration) {
	_, err := c.Client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(c.QueueURL),
		ReceiptHandle: aws.String(h.receipt), VisibilityTimeout: int32(d / time.Second)})
	if err != nil {
		// SQS will deliver it again: a duplicate, never a loss.
		c.logf("alert consume: extend visibility of %s: %v", h.id, err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.held {
		if c.held[i].receipt == h.receipt {
			c.held[i].hiddenUntil = time.Now().Add(d)
		}
	}
}

// Release ends holding: it deletes the held messages that have settled
// since (call it after the last flush) and makes the others visible again
// at once, for the next consumer to take. It returns how many it left on
// the queue.
func (c *Consumer) Release(ctx context.Context) int {
	c.settle(ctx)
	c.mu.Lock()
	left := c.held
	c.held = nil
	c.mu.Unlock()
	for _, h := range left {
		c.setVisibility(ctx, h, 0)
	}
	return len(left)
}
