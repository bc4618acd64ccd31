package mail

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/smithy-go"
	gomail "github.com/wneessen/go-mail"
)

// Kind classifies a failed send by what the caller should do about it.
type Kind string

// The kinds of failure.
const (
	// KindUnverified: SES has not verified the sender identity (or, in the
	// SES sandbox, a recipient). The user must verify it or leave the
	// sandbox.
	KindUnverified Kind = "unverified-identity"
	// KindRejected: the service refused the message itself.
	KindRejected Kind = "rejected"
	// KindThrottled: the sending rate was exceeded, after retries.
	KindThrottled Kind = "throttled"
	// KindAuth: the credentials or the SMTP login were refused.
	KindAuth Kind = "auth"
	// KindAccount: sending is paused or the account is suspended.
	KindAccount Kind = "account"
	// KindTemporary: a transient failure (network, 4xx) after retries.
	KindTemporary Kind = "temporary"
	// KindPermanent: any other permanent failure.
	KindPermanent Kind = "permanent"
)

// SendError is a failed send: what failed, why, and how much went out.
type SendError struct {
	Kind Kind
	// Code is the service's error code ("MessageRejected", "550").
	Code string
	// Identities are the unverified identities SES named.
	Identities []string
	Transport  string
	// Sent of Total messages went out before this one failed; Failed are
	// the recipients of the failed message.
	Sent, Total int
	Failed      []string
	Err         error
}

func (e *SendError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", e.Transport)
	switch e.Kind {
	case KindUnverified:
		fmt.Fprintf(&b, "identity not verified: %s (verify it in SES, and in the SES sandbox verify every recipient too)", strings.Join(quoteAll(e.Identities), ", "))
	default:
		fmt.Fprintf(&b, "%s: %v", e.Kind, e.Err)
	}
	if e.Total > 0 {
		failed := strings.Join(e.Failed, ", ")
		if len(e.Failed) > 3 {
			failed = fmt.Sprintf("%d recipients (%s, ...)", len(e.Failed), strings.Join(e.Failed[:3], ", "))
		}
		fmt.Fprintf(&b, "; sent %d of %d messages, not sent to %s", e.Sent, e.Total, failed)
		if rest := e.Total - e.Sent - 1; rest > 0 {
			fmt.Fprintf(&b, " and %d more messages", rest)
		}
	}
	return b.String()
}

func (e *SendError) Unwrap() error { return e.Err }

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// unverified finds the identities in SES's "Email address is not verified.
// The following identities failed the check in region US-EAST-1: a@b, c@d".
var unverified = regexp.MustCompile(`(?i)not verified.*?failed the check in region [A-Z0-9-]+: (.+)$`)

// classifySES turns an SES API error into a SendError.
func classifySES(err error) *SendError {
	se := &SendError{Kind: KindPermanent, Err: err}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		se.Kind = KindTemporary
		return se
	}
	se.Code = ae.ErrorCode()
	se.Err = fmt.Errorf("%s: %s", ae.ErrorCode(), ae.ErrorMessage())
	switch se.Code {
	case "MessageRejected":
		se.Kind = KindRejected
		if m := unverified.FindStringSubmatch(ae.ErrorMessage()); m != nil {
			se.Kind = KindUnverified
			for _, id := range strings.Split(m[1], ",") {
				se.Identities = append(se.Identities, strings.TrimSpace(id))
			}
		}
	case "MailFromDomainNotVerifiedException", "NotFoundException":
		se.Kind = KindUnverified
	case "TooManyRequestsException", "LimitExceededException", "Throttling", "ThrottlingException":
		se.Kind = KindThrottled
	case "AccountSuspendedException", "SendingPausedException":
		se.Kind = KindAccount
	case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException":
		se.Kind = KindAuth
	case "InternalServiceErrorException", "InternalFailure", "ServiceUnavailable":
		se.Kind = KindTemporary
	}
	return se
}

// classifySMTP turns an SMTP failure into a SendError.
func classifySMTP(err error) *SendError {
	se := &SendError{Kind: KindPermanent, Err: err}
	var ge *gomail.SendError
	if errors.As(err, &ge) {
		if code := ge.ErrorCode(); code != 0 {
			se.Code = fmt.Sprint(code)
		}
		switch {
		case ge.IsTemp():
			se.Kind = KindTemporary
		case ge.ErrorCode() == 535 || ge.ErrorCode() == 530:
			se.Kind = KindAuth
		case ge.ErrorCode() >= 550 && ge.ErrorCode() <= 554:
			se.Kind = KindRejected
		}
		return se
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "535") || strings.Contains(strings.ToLower(msg), "authentication"):
		se.Kind = KindAuth
	case strings.Contains(msg, "connection refused") || strings.Contains(msg, "timeout") || strings.Contains(msg, " 4"):
		se.Kind = KindTemporary
	}
	return se
}
