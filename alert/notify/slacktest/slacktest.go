// Package slacktest is a loopback double of a Slack incoming webhook for
// tests: it records the text of every message it receives.
package slacktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// Server is a running webhook double; it stops when the test ends.
type Server struct {
	// URL is the server's base address; any path is a webhook.
	URL string

	mu    sync.Mutex
	texts []string
}

// New starts a webhook double on 127.0.0.1.
func New(t testing.TB) *Server {
	s := &Server{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Text string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &m)
		s.mu.Lock()
		s.texts = append(s.texts, m.Text)
		s.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Texts returns the top-level text of every message received so far.
func (s *Server) Texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.texts)
}
