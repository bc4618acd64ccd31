package consume

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/awssec/awssec/internal/awstest"
)

// TestHoldUntilSettled drives the real SQS client against the queue
// double: handled messages stay on the queue, hidden, until their mark
// settles; a held message's visibility is extended before it runs out;
// settled messages are deleted; Release hands the unsettled ones back.
func TestHoldUntilSettled(t *testing.T) {
	srv := awstest.New(t)
	q := srv.ServeQueue("https://sqs.us-east-1.amazonaws.com/111122223333/events")
	q.Send("one")
	q.Send("two")
	var settled atomic.Uint64
	marks := map[string]uint64{"one": 1, "two": 2}
	c := &Consumer{Client: sqs.NewFromConfig(srv.Config(t, "111122223333")), QueueURL: q.URL, Wait: time.Second,
		Visibility: 4 * time.Second, Check: 50 * time.Millisecond, Settled: settled.Load, Logf: t.Logf}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, func(body []byte) (uint64, error) { return marks[string(body)], nil })
	}()

	// Longer than the visibility timeout: still held, never received again.
	time.Sleep(5 * time.Second)
	if got := q.Receives(); !slices.Equal(got, []int{1, 1}) {
		t.Errorf("receives while held: %v, want each once", got)
	}
	if q.VisibilityChanges() < 2 {
		t.Errorf("visibility extended %d times, want both messages extended", q.VisibilityChanges())
	}

	settled.Store(1)
	waitFor(t, func() bool { return q.Len() == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if left := c.Release(context.Background()); left != 1 {
		t.Errorf("Release left %d, want 1", left)
	}
	// Released at once: the next consumer gets it without waiting.
	out, err := sqs.NewFromConfig(srv.Config(t, "111122223333")).ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: &q.URL})
	if err != nil || len(out.Messages) != 1 || *out.Messages[0].Body != "two" {
		t.Fatalf("after Release: %v %v", out, err)
	}
}

// TestCrashLosesNothing: a consumer that stops without settling (a crash)
// deletes nothing; the queue delivers the message again once its
// visibility timeout runs out.
func TestCrashLosesNothing(t *testing.T) {
	srv := awstest.New(t)
	q := srv.ServeQueue("https://sqs.us-east-1.amazonaws.com/111122223333/events")
	q.Send("event")
	c := &Consumer{Client: sqs.NewFromConfig(srv.Config(t, "111122223333")), QueueURL: q.URL, Wait: time.Second,
		Visibility: time.Second, Settled: func() uint64 { return 0 }}
	ctx, cancel := context.WithCancel(context.Background())
	handled := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, func([]byte) (uint64, error) { handled <- struct{}{}; return 1, nil })
	}()
	<-handled
	cancel() // no Release: the process is gone
	<-done
	if q.Len() != 1 {
		t.Fatalf("%d messages on the queue, want 1", q.Len())
	}
	out, err := sqs.NewFromConfig(srv.Config(t, "111122223333")).ReceiveMessage(context.Background(),
		&sqs.ReceiveMessageInput{QueueUrl: &q.URL, WaitTimeSeconds: 3})
	if err != nil || len(out.Messages) != 1 {
		t.Fatalf("not delivered again: %v %v", out, err)
	}
}

// TestSettledAtOnce: without Settled, or with a mark of 0, a handled
// message is deleted straight away; a message handle refuses stays.
func TestSettledAtOnce(t *testing.T) {
	srv := awstest.New(t)
	q := srv.ServeQueue("https://sqs.us-east-1.amazonaws.com/111122223333/events")
	q.Send("good")
	q.Send("bad")
	c := &Consumer{Client: sqs.NewFromConfig(srv.Config(t, "111122223333")), QueueURL: q.URL, Wait: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx, func(body []byte) (uint64, error) {
		if string(body) == "bad" {
			return 0, context.DeadlineExceeded
		}
		return 7, nil
	})
	waitFor(t, func() bool { return q.Deleted() == 1 })
	if q.Len() != 1 {
		t.Errorf("%d messages left, want the bad one", q.Len())
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
