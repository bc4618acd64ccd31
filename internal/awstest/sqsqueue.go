package awstest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Queue is an in-memory SQS queue served over the JSON 1.0 protocol:
// SendMessage, ReceiveMessage (with long polling and a visibility
// timeout), ChangeMessageVisibility and DeleteMessage, through the real
// SDK client. Only a message's latest receipt handle is valid.
type Queue struct {
	URL string

	mu       sync.Mutex
	arrived  chan struct{}
	messages []*queued
	seq      int
	deleted  int
	changes  int
}

type queued struct {
	id, body, receipt string
	invisibleUntil    time.Time
	receives          int
}

// ServeQueue registers the SQS message operations for one queue URL and
// returns the queue. Requests for other queue URLs get QueueDoesNotExist.
func (s *Server) ServeQueue(url string) *Queue {
	q := &Queue{URL: url, arrived: make(chan struct{})}
	missing := &Error{Status: 400, Code: "AWS.SimpleQueueService.NonExistentQueue", Message: "The specified queue does not exist."}
	s.Handle("sqs", "SendMessage", func(r *Request) (any, error) {
		if r.String("QueueUrl") != q.URL {
			return nil, missing
		}
		id := q.Send(r.String("MessageBody"))
		return M{"MessageId": id, "MD5OfMessageBody": md5hex(r.String("MessageBody"))}, nil
	})
	s.Handle("sqs", "ReceiveMessage", func(r *Request) (any, error) {
		if r.String("QueueUrl") != q.URL {
			return nil, missing
		}
		max, _ := strconv.Atoi(r.String("MaxNumberOfMessages"))
		if max <= 0 {
			max = 1
		}
		if max > 10 {
			return nil, &Error{Status: 400, Code: "InvalidParameterValue", Message: "Value for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."}
		}
		wait, _ := strconv.Atoi(r.String("WaitTimeSeconds"))
		vis, err := strconv.Atoi(r.String("VisibilityTimeout"))
		if err != nil {
			vis = 30
		}
		deadline := time.Now().Add(time.Duration(wait) * time.Second)
		for {
			if msgs := q.receive(max, time.Duration(vis)*time.Second); len(msgs) > 0 {
				return M{"Messages": msgs}, nil
			}
			q.mu.Lock()
			arrived := q.arrived
			q.mu.Unlock()
			left := time.Until(deadline)
			if left <= 0 {
				return M{}, nil
			}
			select {
			case <-arrived:
			case <-time.After(min(left, 100*time.Millisecond)):
			case <-r.HTTP.Context().Done():
				return M{}, nil
			}
		}
	})
	s.Handle("sqs", "DeleteMessage", func(r *Request) (any, error) {
		if r.String("QueueUrl") != q.URL {
			return nil, missing
		}
		if !q.delete(r.String("ReceiptHandle")) {
			return nil, &Error{Status: 400, Code: "ReceiptHandleIsInvalid", Message: "The input receipt handle is invalid."}
		}
		return M{}, nil
	})
	s.Handle("sqs", "ChangeMessageVisibility", func(r *Request) (any, error) {
		if r.String("QueueUrl") != q.URL {
			return nil, missing
		}
		vis, err := strconv.Atoi(r.String("VisibilityTimeout"))
		if err != nil || vis < 0 || vis > 12*60*60 {
			return nil, &Error{Status: 400, Code: "InvalidParameterValue", Message: "Value for parameter VisibilityTimeout is invalid."}
		}
		if !q.changeVisibility(r.String("ReceiptHandle"), time.Duration(vis)*time.Second) {
			return nil, &Error{Status: 400, Code: "ReceiptHandleIsInvalid", Message: "The input receipt handle is invalid."}
		}
		return M{}, nil
	})
	return q
}

func (q *Queue) changeVisibility(receipt string, d time.Duration) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, m := range q.messages {
		if m.receipt == receipt && receipt != "" {
			m.invisibleUntil = time.Now().Add(d)
			q.changes++
			return true
		}
	}
	return false
}

// VisibilityChanges returns how many ChangeMessageVisibility calls
// succeeded.
func (q *Queue) VisibilityChanges() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.changes
}

// Receives returns how many times each message still on the queue was
// received, in order.
func (q *Queue) Receives() []int {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []int
	for _, m := range q.messages {
		out = append(out, m.receives)
	}
	return out
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Send puts a message on the queue and returns its id.
func (q *Queue) Send(body string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seq++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", q.seq)
	q.messages = append(q.messages, &queued{id: id, body: body})
	close(q.arrived)
	q.arrived = make(chan struct{})
	return id
}

func (q *Queue) receive(max int, visibility time.Duration) []any {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	var out []any
	for _, m := range q.messages {
		if len(out) == max {
			break
		}
		if now.Before(m.invisibleUntil) {
			continue
		}
		m.receives++
		m.invisibleUntil = now.Add(visibility)
		m.receipt = fmt.Sprintf("%s#%d", m.id, m.receives)
		out = append(out, M{"MessageId": m.id, "ReceiptHandle": m.receipt, "MD5OfBody": md5hex(m.body), "Body": m.body})
	}
	return out
}

func (q *Queue) delete(receipt string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, m := range q.messages {
		if m.receipt == receipt && receipt != "" {
			q.messages = append(q.messages[:i], q.messages[i+1:]...)
			q.deleted++
			return true
		}
	}
	return false
}

// Len returns the messages still on the queue (received or not).
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.messages)
}

// Deleted returns how many messages were deleted.
func (q *Queue) Deleted() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.deleted
}
