package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
)

// SignatureHeader carries "sha256=<hex HMAC-SHA256 of the body>" when the
// webhook has a secret.
const SignatureHeader = "X-Awssec-Signature"

// Payload is the JSON a webhook receives.
type Payload struct {
	Version     string         `json:"version"`
	Receiver    string         `json:"receiver"`
	Status      alert.Status   `json:"status"`
	GroupKey    string         `json:"groupKey"`
	GroupLabels []string       `json:"groupLabels"`
	New         int            `json:"new"`
	Repeat      bool           `json:"repeat"`
	Summary     string         `json:"summary"`
	Alerts      []PayloadAlert `json:"alerts"`
}

// PayloadAlert is one alert of a webhook payload.
type PayloadAlert struct {
	alert.Alert
	Severity      *float64 `json:"severity"` // null when the event has none
	SeverityLabel string   `json:"severityLabel"`
}

// NewPayload builds the webhook payload of a notification.
func NewPayload(n *router.Notification) Payload {
	p := Payload{Version: "1", Receiver: n.Receiver.Name, Status: alert.Firing, GroupKey: n.GroupKey, GroupLabels: n.GroupLabels,
		New: n.New, Repeat: n.Repeat, Summary: Summary(n), Alerts: []PayloadAlert{}}
	if len(n.Firing) == 0 {
		p.Status = alert.Resolved
	}
	for _, as := range [][]*alert.Alert{n.Firing, n.Resolved} {
		for _, a := range as {
			pa := PayloadAlert{Alert: *a, SeverityLabel: a.SeverityLabel()}
			if a.Score == a.Score {
				s := a.Score
				pa.Severity = &s
			}
			p.Alerts = append(p.Alerts, pa)
		}
	}
	return p
}

// Sign returns the signature header value of body.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Webhook posts JSON to a URL.
type Webhook struct {
	cfg    *config.Webhook
	client *http.Client
}

// Send posts one notification.
func (w *Webhook) Send(ctx context.Context, n *router.Notification) error {
	body, err := json.Marshal(NewPayload(n))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, string(w.cfg.URL), bytes.NewReader(body))
	if err != nil {
		return errors.New("webhook: bad URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "awssec-alert")
	if w.cfg.HMACSecret != "" {
		req.Header.Set(SignatureHeader, Sign([]byte(w.cfg.HMACSecret), body))
	}
	resp, err := w.client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		// The error names the URL; say only what failed.
		return &retryable{err: fmt.Errorf("webhook: %s", netReason(err))}
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return &retryable{err: fmt.Errorf("webhook: HTTP %d", resp.StatusCode), after: retryAfter(resp.Header.Get("Retry-After"))}
	}
	return fmt.Errorf("webhook: HTTP %d", resp.StatusCode)
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
