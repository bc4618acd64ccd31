// Package consume long-polls an SQS queue that EventBridge (directly or
// through SNS) fills with security events, and hands each message body to
// the router. A message is deleted once its events are taken; one that
// cannot be read is left for SQS to redeliver and, after the queue's
// maxReceiveCount, move to its dead-letter queue.
package consume

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// API is the part of the SQS client the consumer uses.
type API interface {
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// Consumer reads one queue.
type Consumer struct {
	Client   API
	QueueURL string
	// Wait is the long-poll wait (default and maximum 20 s).
	Wait time.Duration
	// Logf reports failures.
	Logf func(format string, args ...any)
}

// Run receives until ctx ends, calling handle for each message body. A
// handle error leaves the message on the queue. Receive errors are
// retried with backoff (the SDK has already retried throttling).
func (c *Consumer) Run(ctx context.Context, handle func(body []byte) error) error {
	wait := c.Wait
	if wait <= 0 || wait > 20*time.Second {
		wait = 20 * time.Second
	}
	logf := c.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	backoff := time.Second
	for ctx.Err() == nil {
		out, err := c.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(c.QueueURL),
			MaxNumberOfMessages: 10,
			WaitTimeSeconds:     int32(wait / time.Second),
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			logf("alert consume: receive: %v; retrying in %s", err, backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		for _, m := range out.Messages {
			if err := handle([]byte(aws.ToString(m.Body))); err != nil {
				logf("alert consume: message %s: %v (left on the queue)", aws.ToString(m.MessageId), err)
				continue
			}
			if _, err := c.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(c.QueueURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
				if ctx.Err() != nil {
					break
				}
				// The events were taken; a redelivery is an update the
				// router de-duplicates.
				logf("alert consume: delete %s: %v", aws.ToString(m.MessageId), err)
			}
		}
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("consume: %w", err)
	}
	return nil
}
