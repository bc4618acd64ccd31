// Package mailtest runs a real SMTP server on loopback for tests (the
// github.com/emersion/go-smtp server): STARTTLS or implicit TLS with its
// own certificate authority, AUTH PLAIN with one user, and every message
// it receives kept for the test to read back with net/mail and
// mime/multipart. It can also answer with a chosen SMTP error.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/mail"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configure the server.
type Options struct {
	// ImplicitTLS serves TLS from the first byte (smtps://); otherwise the
	// server offers STARTTLS, or nothing with NoTLS.
	ImplicitTLS bool
	NoTLS       bool
	// User and Password, when set, are required (AUTH PLAIN).
	User, Password string
}

// Message is one received message.
type Message struct {
	From string
	To   []string
	Data []byte
	// User is who authenticated ("" without AUTH).
	User string
	// TLS reports whether the message arrived over TLS.
	TLS bool
}

// Parse reads the message's headers and body.
func (m Message) Parse() (*mail.Message, error) { return mail.ReadMessage(bytes.NewReader(m.Data)) }

// Server is a running SMTP server.
type Server struct {
	// Host and Port are where it listens (127.0.0.1).
	Host string
	Port int
	// ClientTLS trusts the server's certificate.
	ClientTLS *tls.Config

	mu       sync.Mutex
	received []Message
	reject   *smtp.SMTPError
	rejectN  int
	opts     Options
}

// URL is the server's smtp:// or smtps:// URL, with the user when set.
func (s *Server) URL() string {
	scheme := "smtp"
	if s.opts.ImplicitTLS {
		scheme = "smtps"
	}
	user := ""
	if s.opts.User != "" {
		user = s.opts.User + "@"
	}
	return scheme + "://" + user + net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
}

// Received returns the messages received so far.
func (s *Server) Received() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// Reject makes the next n messages fail at DATA with the given SMTP reply
// (451 for a temporary failure, 550 or 554 for a permanent one).
func (s *Server) Reject(n, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = &smtp.SMTPError{Code: code, Message: msg}
	s.rejectN = n
}

// Start runs a server until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	cert, pool := certificate(t)
	s := &Server{Host: "127.0.0.1", opts: opts, ClientTLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 64 << 20
	srv.AllowInsecureAuth = opts.NoTLS
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if !opts.NoTLS {
		srv.TLSConfig = tlsCfg
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opts.ImplicitTLS {
		ln = tls.NewListener(ln, tlsCfg)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

type session struct {
	s    *Server
	conn *smtp.Conn
	user string
	msg  Message
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opts.User || pass != ss.s.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		ss.user = user
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && ss.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.msg = Message{From: from, User: ss.user, TLS: isTLS}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.rejectN > 0 {
		ss.s.rejectN--
		return ss.s.reject
	}
	ss.msg.Data = data
	ss.s.received = append(ss.s.received, ss.msg)
	return nil
}

func (ss *session) Reset()        { ss.msg = Message{} }
func (ss *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1 and localhost
// and the pool that trusts it.
func certificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
