// Package lambdatest is a loopback double of the AWS Lambda Runtime API
// (2018-06-01): invocation/next, invocation/{id}/response,
// invocation/{id}/error and init/error. A test points
// AWS_LAMBDA_RUNTIME_API at it, so the real lambda.Start loop of
// github.com/aws/aws-lambda-go runs against it, and invokes the function
// with an event to read back its response or error.
package lambdatest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TB is what the runtime needs of a test.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// FunctionARN is the ARN the double says the function has.
const FunctionARN = "arn:aws:lambda:us-east-1:111122223333:function:awssec-org-report"

// Result is how one invocation ended.
type Result struct {
	RequestID string
	// Response is the function's response payload, when it succeeded.
	Response []byte
	// Err is the function's error, when it failed.
	Err *FunctionError
}

// FunctionError is the error document a runtime posts.
type FunctionError struct {
	Type    string   `json:"errorType"`
	Message string   `json:"errorMessage"`
	Trace   []string `json:"stackTrace,omitempty"`
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// Runtime is a running Runtime API double.
type Runtime struct {
	// Addr is host:port, the value of AWS_LAMBDA_RUNTIME_API.
	Addr string

	queue   chan *invocation
	mu      sync.Mutex
	pending map[string]*invocation
	initErr *FunctionError
	nextID  int
	timeout time.Duration
}

type invocation struct {
	id    string
	event []byte
	done  chan Result
}

// New starts the double on 127.0.0.1; it stops when the test ends.
func New(t TB) *Runtime {
	t.Helper()
	rt := &Runtime{queue: make(chan *invocation, 16), pending: map[string]*invocation{}, timeout: 5 * time.Minute}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(rt.serve))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lambdatest: %v", err)
	}
	srv.Listener = ln
	srv.Start()
	rt.Addr = ln.Addr().String()
	t.Cleanup(srv.Close)
	return rt
}

// Invoke queues an event for the function's next poll and waits for its
// response or error.
func (rt *Runtime) Invoke(ctx context.Context, event []byte) (Result, error) {
	rt.mu.Lock()
	rt.nextID++
	inv := &invocation{id: fmt.Sprintf("8476a536-e9f4-11e8-9739-%012d", rt.nextID), event: event, done: make(chan Result, 1)}
	rt.pending[inv.id] = inv
	rt.mu.Unlock()
	select {
	case rt.queue <- inv:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	select {
	case res := <-inv.done:
		return res, nil
	case <-ctx.Done():
		return Result{}, fmt.Errorf("lambdatest: invocation %s: %w", inv.id, ctx.Err())
	}
}

// InitError is the error the runtime reported while starting, if any.
func (rt *Runtime) InitError() *FunctionError {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.initErr
}

const prefix = "/2018-06-01/runtime/"

func (rt *Runtime) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		http.Error(w, "unknown path", http.StatusNotFound)
		return
	}
	switch {
	case r.Method == http.MethodGet && path == "invocation/next":
		rt.next(w, r)
	case r.Method == http.MethodPost && path == "init/error":
		fe := readError(r)
		rt.mu.Lock()
		rt.initErr = fe
		rt.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "invocation/"):
		id, kind, _ := strings.Cut(strings.TrimPrefix(path, "invocation/"), "/")
		rt.mu.Lock()
		inv := rt.pending[id]
		delete(rt.pending, id)
		rt.mu.Unlock()
		if inv == nil {
			writeStatus(w, http.StatusBadRequest, "InvalidRequestID", "unknown or completed request id "+id)
			return
		}
		switch kind {
		case "response":
			body, _ := io.ReadAll(r.Body)
			inv.done <- Result{RequestID: id, Response: body}
		case "error":
			inv.done <- Result{RequestID: id, Err: readError(r)}
		default:
			writeStatus(w, http.StatusNotFound, "UnknownPath", path)
			return
		}
		writeStatus(w, http.StatusAccepted, "", "")
	default:
		http.Error(w, "unknown path", http.StatusNotFound)
	}
}

// next long-polls for the next invocation, as the Runtime API does.
func (rt *Runtime) next(w http.ResponseWriter, r *http.Request) {
	select {
	case inv := <-rt.queue:
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(rt.timeout).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", FunctionARN)
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write(inv.event)
	case <-r.Context().Done():
	}
}

func readError(r *http.Request) *FunctionError {
	fe := &FunctionError{Type: r.Header.Get("Lambda-Runtime-Function-Error-Type")}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, fe); err != nil {
		fe.Message = string(body)
	}
	return fe
}

func writeStatus(w http.ResponseWriter, code int, errType, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if errType == "" {
		io.WriteString(w, `{"status":"OK"}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"errorType": errType, "errorMessage": msg})
}
