package notify

import (
	"context"
	"errors"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/internal/mail"
)

// Email sends a notification through a mail transport.
type Email struct {
	cfg       *config.Email
	transport mail.Transport
}

// Send mails one notification.
func (e *Email) Send(ctx context.Context, n *router.Notification) error {
	_, err := mail.Send(ctx, e.transport, mail.Message{
		From: e.cfg.From, To: e.cfg.To, Subject: subject(Summary(n)), Text: Text(n), HTML: HTML(n), Date: n.At,
	}, mail.SESLimits)
	if err == nil {
		return nil
	}
	var se *mail.SendError
	if errors.As(err, &se) && (se.Kind == mail.KindTemporary || se.Kind == mail.KindThrottled) {
		return &retryable{err: err}
	}
	return err
}
