package notify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/internal/mail"
)

// Sender delivers one notification, once.
type Sender interface {
	Send(ctx context.Context, n *router.Notification) error
}

// retryable is a failure worth trying again: a 5xx, a 429, the network.
type retryable struct {
	err   error
	after time.Duration // the server's Retry-After, when it gave one
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// netReason says why a request failed without the URL, which may be a
// secret.
func netReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// Options configure delivery.
type Options struct {
	// HTTPClient posts to Slack and webhooks (default: 30 s timeout).
	HTTPClient *http.Client
	// AWSConfig loads the AWS configuration, only when an SNS or SES
	// destination needs it.
	AWSConfig func(ctx context.Context) (aws.Config, error)
	// SNSOptions adjust the SNS client (tests point it at a double).
	SNSOptions []func(*sns.Options)
	// SMTPTLS overrides the TLS settings of SMTP (tests trust their own CA).
	SMTPTLS *tls.Config
	// DeadLetter is the file failed notifications are appended to.
	DeadLetter string
	// MaxAttempts per notification (default 5); Backoff is the first wait,
	// doubled each time up to MaxBackoff (defaults 1 s and 1 min).
	MaxAttempts         int
	Backoff, MaxBackoff time.Duration
	// SlackGap spaces messages to one Slack channel (default 1 s).
	SlackGap time.Duration
	// Logf reports retries and failures (stderr); secrets are redacted.
	Logf func(format string, args ...any)
	// Done is told the outcome of every notification.
	Done func(n *router.Notification, err error)
}

// Dispatcher queues notifications per integration of each receiver and
// delivers them in the background.
type Dispatcher struct {
	opts    Options
	ctx     context.Context
	senders map[string]Sender
	wmu     sync.Mutex
	workers map[string]*worker
	redact  *strings.Replacer
	dlMu    sync.Mutex
	wg      sync.WaitGroup
}

type worker struct {
	// down is set when a notification finally failed: later ones are
	// tried once, not held up by a full round of backoff each, until one
	// goes through.
	down   bool
	mu     sync.Mutex
	queue  []*router.Notification
	wake   chan struct{}
	closed bool
}

// NewDispatcher builds the senders of every receiver in the configuration.
// ctx bounds all delivery.
func NewDispatcher(ctx context.Context, cfg *config.Config, opts Options) (*Dispatcher, error) {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Minute
	}
	if opts.SlackGap <= 0 {
		opts.SlackGap = time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.DeadLetter == "" {
		opts.DeadLetter = cfg.DeadLetter
	}
	d := &Dispatcher{opts: opts, ctx: ctx, senders: map[string]Sender{}, workers: map[string]*worker{}}
	var secrets []string
	pacer := newPacer(opts.SlackGap)
	var awsCfg *aws.Config
	loadAWS := func() (aws.Config, error) {
		if awsCfg != nil {
			return *awsCfg, nil
		}
		if opts.AWSConfig == nil {
			return aws.Config{}, errors.New("no AWS configuration")
		}
		c, err := opts.AWSConfig(ctx)
		if err != nil {
			return aws.Config{}, err
		}
		awsCfg = &c
		return c, nil
	}
	for _, r := range cfg.Receivers {
		if r.Slack != nil {
			secrets = append(secrets, string(r.Slack.WebhookURL), string(r.Slack.Token))
			d.senders[r.Name+"/slack"] = newSlack(r.Slack, opts.HTTPClient, pacer, r.Name)
		}
		if r.Webhook != nil {
			secrets = append(secrets, string(r.Webhook.URL), string(r.Webhook.HMACSecret))
			d.senders[r.Name+"/webhook"] = &Webhook{cfg: r.Webhook, client: opts.HTTPClient}
		}
		if r.SNS != nil {
			c, err := loadAWS()
			if err != nil {
				return nil, fmt.Errorf("receiver %s: sns: %w", r.Name, err)
			}
			d.senders[r.Name+"/sns"] = &SNS{cfg: r.SNS, client: sns.NewFromConfig(c, opts.SNSOptions...)}
		}
		if r.Email != nil {
			secrets = append(secrets, string(r.Email.Password))
			var t mail.Transport
			if r.Email.Transport == "ses" {
				c, err := loadAWS()
				if err != nil {
					return nil, fmt.Errorf("receiver %s: email via SES: %w", r.Name, err)
				}
				t = mail.NewSES(c)
			} else {
				u, _ := url.Parse(r.Email.Transport)
				loop := u != nil && config.IsLoopback(u)
				s, err := mail.NewSMTP(mail.SMTPConfig{URL: r.Email.Transport, Password: string(r.Email.Password), TLSConfig: opts.SMTPTLS,
					InsecureNoTLS: loop && opts.SMTPTLS == nil, Timeout: 30 * time.Second})
				if err != nil {
					return nil, fmt.Errorf("receiver %s: email: %w", r.Name, err)
				}
				t = s
			}
			d.senders[r.Name+"/email"] = &Email{cfg: r.Email, transport: t}
		}
	}
	var pairs []string
	for _, s := range secrets {
		if s != "" {
			pairs = append(pairs, s, "<secret>")
		}
	}
	d.redact = strings.NewReplacer(pairs...)
	return d, nil
}

// Redact removes every configured secret from s.
func (d *Dispatcher) Redact(s string) string { return d.redact.Replace(s) }

// Submit queues a notification; it never blocks on delivery.
func (d *Dispatcher) Submit(n *router.Notification) {
	key := n.Receiver.Name + "/" + n.Integration
	d.wmu.Lock()
	w := d.workers[key]
	if w == nil {
		w = &worker{wake: make(chan struct{}, 1)}
		d.workers[key] = w
		d.wg.Add(1)
		go d.run(key, w)
	}
	d.wmu.Unlock()
	w.mu.Lock()
	w.queue = append(w.queue, n)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Close delivers what is queued and stops the workers.
func (d *Dispatcher) Close() {
	d.wmu.Lock()
	defer d.wmu.Unlock()
	for _, w := range d.workers {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	d.wg.Wait()
	d.workers = map[string]*worker{}
}

func (d *Dispatcher) run(key string, w *worker) {
	defer d.wg.Done()
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			closed := w.closed
			w.mu.Unlock()
			if closed {
				return
			}
			<-w.wake
			continue
		}
		n := w.queue[0]
		w.queue = w.queue[1:]
		w.mu.Unlock()
		err := d.deliver(key, n, w)
		if d.opts.Done != nil {
			d.opts.Done(n, err)
		}
	}
}

func (d *Dispatcher) deliver(key string, n *router.Notification, w *worker) error {
	s := d.senders[key]
	if s == nil {
		return fmt.Errorf("%s: no sender", key)
	}
	wait := d.opts.Backoff
	attempts := d.opts.MaxAttempts
	if w.down {
		attempts = 1
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = s.Send(d.ctx, n)
		if err == nil {
			w.down = false
			return nil
		}
		var r *retryable
		if !errors.As(err, &r) || attempt >= attempts || d.ctx.Err() != nil {
			break
		}
		pause := wait
		if r.after > pause {
			pause = r.after
		}
		d.opts.Logf("alert: %s: attempt %d failed: %s; retrying in %s", key, attempt, d.Redact(err.Error()), pause)
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-d.ctx.Done():
			t.Stop()
		}
		wait = min(wait*2, d.opts.MaxBackoff)
	}
	var r *retryable
	w.down = errors.As(err, &r)
	err = errors.New(d.Redact(err.Error()))
	d.opts.Logf("alert: %s: %s failed: %v", key, Summary(n), err)
	if dl := d.deadLetter(key, n, err); dl != nil {
		d.opts.Logf("alert: dead letter %s: %v", d.opts.DeadLetter, dl)
	}
	return err
}

// DeadLetter is one line of the dead-letter file.
type DeadLetter struct {
	Time        time.Time `json:"time"`
	Receiver    string    `json:"receiver"`
	Integration string    `json:"integration"`
	Error       string    `json:"error"`
	Payload     Payload   `json:"payload"`
}

func (d *Dispatcher) deadLetter(key string, n *router.Notification, cause error) error {
	if d.opts.DeadLetter == "" {
		return nil
	}
	line, err := json.Marshal(DeadLetter{Time: n.At, Receiver: n.Receiver.Name, Integration: n.Integration, Error: cause.Error(), Payload: NewPayload(n)})
	if err != nil {
		return err
	}
	d.dlMu.Lock()
	defer d.dlMu.Unlock()
	f, err := os.OpenFile(d.opts.DeadLetter, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
