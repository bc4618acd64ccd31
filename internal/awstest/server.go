// Package awstest serves AWS's wire protocols on a loopback HTTP server so
// that tests drive the real AWS SDK clients: EC2 query, AWS query, JSON 1.0
// and 1.1, REST-JSON, REST-XML and RPC v2 CBOR. It pages results, answers
// with AWS's real error shapes, injects faults, throttling and latency, logs
// every call, and fails the test on a request nothing handles.
package awstest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/inventory"
)

// TB is what the server needs of a test or benchmark: *testing.T and
// *testing.B satisfy it, and so can a command that drives the double.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Handler answers one operation. It returns a value for the protocol
// encoder (see encode.go), a Raw response, or an *Error.
type Handler func(*Request) (any, error)

// Server is a loopback double of the AWS APIs.
type Server struct {
	// URL is the base endpoint to give every SDK client.
	URL string
	// Estate is what the built-in handlers serve (Serve registers them).
	Estate *inventory.Estate
	// PageSize is how many items a paged operation returns at most.
	PageSize int

	t   TB
	srv *httptest.Server

	mu      sync.Mutex
	ops     map[string]Handler // "service/Op" for query, JSON and CBOR operations
	routes  []route            // REST operations
	keys    map[string]string  // access key id → account id
	calls   []Call
	faults  []*Fault
	objects map[string]map[string]object // bucket → key → object (PutObject)
	latency time.Duration
	limiter *limiter
	// opLimiters throttle single operations ("service/Op"), each per
	// account and region, as AWS Config limits each API on its own.
	opLimiters map[string]*limiter
	emptyPages bool
	ses        *SESOutbox
}

// Call is one request the server received.
type Call struct {
	Service, Op, Account, Region string
	// Outcome is "ok", an error code ("AccessDenied"), or "throttled".
	Outcome string
	// At is when the response was written.
	At time.Time
}

// Fault makes matching requests fail. Empty fields match anything.
type Fault struct {
	Service, Op, Account, Region string
	Err                          *Error
	// Times is how many requests fail; 0 means all.
	Times int
}

// New starts a server on 127.0.0.1 that stops when the test ends. Requests
// that no handler matches fail the test.
func New(t TB) *Server {
	s := &Server{t: t, PageSize: 100, ops: map[string]Handler{}, keys: map[string]string{}}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("awstest: %v", err)
	}
	s.srv.Listener = ln
	s.srv.Start()
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Handle registers a handler for a query, JSON or CBOR operation of a
// service, by its signing name ("ec2", "iam", "kms", "monitoring").
func (s *Server) Handle(service, op string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops[service+"/"+op] = h
}

// Route registers a REST operation. pattern is a path with {Name} segments
// ({Key+} takes the rest of the path) and an optional "?flag" that the query
// string must carry: "/2015-03-31/functions/{FunctionName}/policy", "/{Bucket}?policy".
func (s *Server) Route(service, method, pattern, op string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = append(s.routes, newRoute(service, method, pattern, op, h))
}

// Credentials returns static credentials that the server maps to account.
func (s *Server) Credentials(account string) (accessKeyID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, a := range s.keys {
		if a == account {
			return k, "awstest-secret-" + account
		}
	}
	k := fmt.Sprintf("AKIAAWSTEST%s", account)
	s.keys[k] = account
	return k, "awstest-secret-" + account
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SetLatency delays every response by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Throttle limits each (account, region, service) to rate requests per
// second with the given burst; requests above it get the protocol's
// throttling error.
func (s *Server) Throttle(rate float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter = newLimiter(rate, burst)
}

// ThrottleOp limits one operation of a service to rate requests per second
// with the given burst, per (account, region), on top of Throttle.
func (s *Server) ThrottleOp(service, op string, rate float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opLimiters == nil {
		s.opLimiters = map[string]*limiter{}
	}
	s.opLimiters[service+"/"+op] = newLimiter(rate, burst)
}

// SetEmptyPages makes the paged operations that support it (PageEmpty)
// answer an empty page that still carries a NextToken before every page,
// as AWS Config's aggregate APIs may.
func (s *Server) SetEmptyPages(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emptyPages = on
}

// Calls returns every request received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Operations returns the distinct "service:Op" names called, sorted.
func (s *Server) Operations() []string {
	seen := map[string]bool{}
	for _, c := range s.Calls() {
		seen[c.Service+":"+c.Op] = true
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Request is one decoded API request.
type Request struct {
	Service, Op, Account, Region string
	Protocol                     Protocol
	// Params holds the input members: form fields of query protocols, the
	// top-level members of JSON and CBOR bodies, REST path and query
	// parameters. Nested JSON values keep their decoded form.
	Params map[string]any
	Header http.Header
	Body   []byte
	HTTP   *http.Request
}

// String returns a parameter as a string ("" when absent).
func (r *Request) String(name string) string {
	switch v := r.Params[name].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// Strings returns a list parameter: query protocols send "Name.member.N" or
// "Name.N" fields, JSON sends an array.
func (r *Request) Strings(name string) []string {
	if v, ok := r.Params[name].([]any); ok {
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	var out []string
	for i := 1; ; i++ {
		v, ok := r.Params[fmt.Sprintf("%s.member.%d", name, i)]
		if !ok {
			v, ok = r.Params[fmt.Sprintf("%s.%d", name, i)]
		}
		if !ok {
			return out
		}
		out = append(out, fmt.Sprint(v))
	}
}

// Estate account and region of the request, when the server serves one.
func (r *Request) Scope(s *Server) (*inventory.Account, *inventory.Region) {
	if s.Estate == nil {
		return nil, nil
	}
	a := s.Estate.Account(r.Account)
	if a == nil {
		return nil, nil
	}
	return a, a.Region(r.Region)
}

var credentialScope = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	m := credentialScope.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		s.t.Errorf("awstest: unsigned request %s %s", hr.Method, hr.URL)
		http.Error(w, "unsigned request", http.StatusForbidden)
		return
	}
	req := &Request{Service: m[3], Region: m[2], Header: hr.Header, Body: body, HTTP: hr, Params: map[string]any{}}
	s.mu.Lock()
	req.Account = s.keys[m[1]]
	latency := s.latency
	s.mu.Unlock()
	if req.Account == "" {
		s.writeError(w, req, &Error{Status: 403, Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."})
		return
	}
	h, err := s.decode(req)
	if err != nil {
		s.t.Errorf("awstest: %v", err)
		s.record(req, "unmatched")
		s.writeError(w, req, &Error{Status: 400, Code: "InvalidAction", Message: err.Error()})
		return
	}
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-hr.Context().Done():
			return
		}
	}
	if s.throttled(req) {
		s.record(req, "throttled")
		s.writeError(w, req, throttlingError(req.Protocol))
		return
	}
	if f := s.fault(req); f != nil {
		s.record(req, f.Code)
		s.writeError(w, req, f)
		return
	}
	out, err := h(req)
	if err != nil {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{Status: 500, Code: "InternalError", Message: err.Error()}
		}
		s.record(req, e.Code)
		s.writeError(w, req, e)
		return
	}
	s.record(req, "ok")
	s.write(w, req, out)
}

func (s *Server) record(r *Request, outcome string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Service: r.Service, Op: r.Op, Account: r.Account, Region: r.Region, Outcome: outcome, At: time.Now()})
}

func (s *Server) throttled(r *Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if l := s.opLimiters[r.Service+"/"+r.Op]; l != nil && !l.allow(r.Account+"/"+r.Region, now) {
		return true
	}
	return s.limiter != nil && !s.limiter.allow(r.Account+"/"+r.Region+"/"+r.Service, now)
}

func (s *Server) fault(r *Request) *Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if (f.Service == "" || f.Service == r.Service) && (f.Op == "" || f.Op == r.Op) &&
			(f.Account == "" || f.Account == r.Account) && (f.Region == "" || f.Region == r.Region) {
			if f.Times < 0 {
				continue
			}
			if f.Times > 0 {
				f.Times--
				if f.Times == 0 {
					f.Times = -1 // spent
				}
			}
			return f.Err
		}
	}
	return nil
}

// decode works out the protocol and operation of a request and finds its
// handler.
func (s *Server) decode(r *Request) (Handler, error) {
	hr := r.HTTP
	switch {
	case hr.Header.Get("Smithy-Protocol") == "rpc-v2-cbor":
		r.Protocol = CBOR
		parts := strings.Split(strings.Trim(hr.URL.Path, "/"), "/")
		if len(parts) < 4 || parts[2] != "operation" {
			return nil, fmt.Errorf("bad RPC v2 path %s", hr.URL.Path)
		}
		r.Op = parts[3]
		if err := decodeCBOR(r); err != nil {
			return nil, err
		}
	case hr.Header.Get("X-Amz-Target") != "":
		r.Protocol = JSON
		target := hr.Header.Get("X-Amz-Target")
		r.Op = target[strings.LastIndexByte(target, '.')+1:]
		if err := decodeJSONBody(r); err != nil {
			return nil, err
		}
	case hr.Method == http.MethodPost && strings.HasPrefix(hr.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		r.Protocol = Query
		if r.Service == "ec2" {
			r.Protocol = EC2Query
		}
		form, err := url.ParseQuery(string(r.Body))
		if err != nil {
			return nil, err
		}
		for k, v := range form {
			r.Params[k] = v[0]
		}
		r.Op = form.Get("Action")
	default:
		return s.matchRoute(r)
	}
	s.mu.Lock()
	h := s.ops[r.Service+"/"+r.Op]
	s.mu.Unlock()
	if h == nil {
		return nil, fmt.Errorf("no handler for %s %s (%s)", r.Service, r.Op, r.Protocol)
	}
	return h, nil
}

// Page returns the page of items that token (from a previous page, or ""
// for the first) points at, and the token of the next page ("" at the end).
func Page[T any](items []T, token string, size int) ([]T, string, error) {
	start := 0
	if token != "" {
		if _, err := fmt.Sscanf(token, "awstest-page-%d", &start); err != nil || start < 0 || start > len(items) {
			return nil, "", &Error{Status: 400, Code: "InvalidNextToken", Message: "The specified token is invalid: " + token}
		}
	}
	end := min(start+max(size, 1), len(items))
	next := ""
	if end < len(items) {
		next = fmt.Sprintf("awstest-page-%d", end)
	}
	return items[start:end], next, nil
}

// emptyPrefix marks a token that leads to a real page; a token without it
// (or none) leads to the empty page before it.
const emptyPrefix = "awstest-empty:"

// PageEmpty is Page, with an empty page carrying a NextToken before every
// page when the server was told to send them (SetEmptyPages).
func PageEmpty[T any](s *Server, items []T, token string, size int) ([]T, string, error) {
	s.mu.Lock()
	empty := s.emptyPages
	s.mu.Unlock()
	if !empty {
		return Page(items, token, size)
	}
	real, ok := strings.CutPrefix(token, emptyPrefix)
	if !ok {
		if _, _, err := Page(items, token, size); err != nil {
			return nil, "", err
		}
		return nil, emptyPrefix + token, nil
	}
	return Page(items, real, size)
}

// Context returns a context for a test's SDK calls that ends with the test.
func Context(t TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func unescape(s string) (string, error) { return url.PathUnescape(s) }
