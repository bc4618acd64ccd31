package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig says how to reach an SMTP server.
type SMTPConfig struct {
	// URL is smtp://[user@]host[:port] (STARTTLS, port 587 by default) or
	// smtps://[user@]host[:port] (TLS from the start, port 465). A
	// password in the URL is refused: it would show in process lists and
	// shell history.
	URL string
	// Password is the SMTP password (from the environment or a file).
	Password string
	// InsecureNoTLS sends without TLS; only allowed to a loopback host.
	InsecureNoTLS bool
	// TLSConfig overrides the TLS settings (tests give their own CA).
	TLSConfig *tls.Config
	// Timeout bounds each connection (default 30 s).
	Timeout time.Duration
}

// SMTP sends through an SMTP server with go-mail.
type SMTP struct {
	cfg         SMTPConfig
	host        string
	port        int
	implicitTLS bool
	user        string
	retries     int
	backoff     time.Duration
}

// ParseSMTPURL checks an SMTP URL: scheme smtp or smtps, a host, an
// optional port and user, no password, path or query.
func ParseSMTPURL(raw string) (host string, port int, implicitTLS bool, user string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", 0, false, "", fmt.Errorf("--smtp-url %q is not a URL", raw)
	}
	switch u.Scheme {
	case "smtp":
		port = 587
	case "smtps":
		port, implicitTLS = 465, true
	default:
		return "", 0, false, "", fmt.Errorf("--smtp-url %q: the scheme must be smtp:// or smtps://", raw)
	}
	if u.Hostname() == "" {
		return "", 0, false, "", fmt.Errorf("--smtp-url %q has no host", raw)
	}
	if _, set := u.User.Password(); set {
		return "", 0, false, "", errors.New("--smtp-url must not carry a password: set AWSSEC_SMTP_PASSWORD or --smtp-password-file")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", 0, false, "", fmt.Errorf("--smtp-url %q: only smtp[s]://[user@]host[:port] is accepted", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return "", 0, false, "", fmt.Errorf("--smtp-url %q: bad port %q", raw, p)
		}
		port = n
	}
	return u.Hostname(), port, implicitTLS, u.User.Username(), nil
}

// NewSMTP checks the configuration and returns the transport.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	host, port, implicit, user, err := ParseSMTPURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.InsecureNoTLS {
		if implicit {
			return nil, errors.New("--smtp-insecure-no-tls contradicts an smtps:// URL")
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("--smtp-insecure-no-tls is only allowed to a loopback host, not %q", host)
		}
	}
	if user != "" && cfg.Password == "" {
		return nil, fmt.Errorf("--smtp-url names user %q but no password was given: set AWSSEC_SMTP_PASSWORD or --smtp-password-file", user)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &SMTP{cfg: cfg, host: host, port: port, implicitTLS: implicit, user: user, retries: 3, backoff: time.Second}, nil
}

// Name is "SMTP host:port".
func (s *SMTP) Name() string { return "SMTP " + net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(s.cfg.Timeout)}
	tlsCfg := s.cfg.TLSConfig
	if tlsCfg == nil {
		tlsCfg = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	switch {
	case s.implicitTLS:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSConfig(tlsCfg))
	case s.cfg.InsecureNoTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(tlsCfg))
	}
	if s.user != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if s.cfg.InsecureNoTLS {
			auth = gomail.SMTPAuthPlainNoEnc // loopback only, checked above
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.user), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.host, opts...)
}

// Send sends one message; temporary failures (4xx replies, dropped
// connections) are retried with backoff.
func (s *SMTP) Send(ctx context.Context, o *Outgoing) (string, error) {
	c, err := s.client()
	if err != nil {
		return "", &SendError{Kind: KindPermanent, Err: err}
	}
	var se *SendError
	for attempt := 0; ; attempt++ {
		err := c.DialAndSendWithContext(ctx, o.Msg)
		if err == nil {
			if id := o.Msg.GetGenHeader(gomail.HeaderMessageID); len(id) > 0 {
				return id[0], nil
			}
			return "", nil
		}
		se = classifySMTP(err)
		if se.Kind != KindTemporary || attempt >= s.retries || ctx.Err() != nil {
			return "", se
		}
		t := time.NewTimer(s.backoff << attempt)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", se
		}
	}
}
