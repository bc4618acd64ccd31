package awstest

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// SESOutbox is what the double's SES (API v2) accepted, and how strict it
// is about identities.
type SESOutbox struct {
	mu sync.Mutex
	// verified lists the verified identities (addresses or domains); nil:
	// every identity is verified.
	verified []string
	sandbox  bool
	maxSize  int
	sent     []SESMessage
}

// SESMessage is one message SendEmail accepted.
type SESMessage struct {
	ID      string
	Account string
	Region  string
	From    string
	To, Cc  []string
	Raw     []byte
}

// SES returns the server's SES outbox.
func (s *Server) SES() *SESOutbox {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ses == nil {
		s.ses = &SESOutbox{maxSize: 40 * 1000 * 1000}
	}
	return s.ses
}

// Verify makes only these identities (addresses or domains) verified;
// sandbox requires the recipients to be verified too, as the SES sandbox
// does.
func (o *SESOutbox) Verify(sandbox bool, identities ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.verified, o.sandbox = identities, sandbox
}

// SetMaxSize sets the largest raw message accepted (default 40 MB).
func (o *SESOutbox) SetMaxSize(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.maxSize = n
}

// Sent returns the accepted messages.
func (o *SESOutbox) Sent() []SESMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.sent)
}

func (o *SESOutbox) isVerified(addr string) bool {
	if o.verified == nil {
		return true
	}
	_, domain, _ := strings.Cut(addr, "@")
	return slices.Contains(o.verified, addr) || slices.Contains(o.verified, domain)
}

// registerSESv2 serves SES API v2 SendEmail (REST-JSON) with raw content,
// enforcing SES's limits: 50 recipients, the message size, verified
// identities and the sandbox.
func registerSESv2(s *Server) {
	s.Route("ses", "POST", "/v2/email/outbound-emails", "SendEmail", func(r *Request) (any, error) {
		o := s.SES()
		from := r.String("FromEmailAddress")
		dest, _ := r.Params["Destination"].(map[string]any)
		list := func(key string) []string {
			var out []string
			if v, ok := dest[key].([]any); ok {
				for _, x := range v {
					out = append(out, fmt.Sprint(x))
				}
			}
			return out
		}
		to, cc, bcc := list("ToAddresses"), list("CcAddresses"), list("BccAddresses")
		content, _ := r.Params["Content"].(map[string]any)
		raw, _ := content["Raw"].(map[string]any)
		data, _ := raw["Data"].(string)
		if raw == nil || data == "" {
			return nil, &Error{Status: 400, Code: "BadRequestException", Message: "Content.Raw.Data is required"}
		}
		msg, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return nil, &Error{Status: 400, Code: "BadRequestException", Message: "Raw.Data is not base64"}
		}
		if from == "" {
			return nil, &Error{Status: 400, Code: "BadRequestException", Message: "FromEmailAddress is required for raw messages in this double"}
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		if n := len(to) + len(cc) + len(bcc); n > 50 {
			return nil, &Error{Status: 400, Code: "MessageRejected", Message: "Recipient count exceeds 50."}
		} else if n == 0 {
			return nil, &Error{Status: 400, Code: "BadRequestException", Message: "Missing final '@domain'"}
		}
		if len(msg) > o.maxSize {
			return nil, &Error{Status: 400, Code: "MessageRejected", Message: fmt.Sprintf("Message length is more than %d bytes long: '%d'.", o.maxSize, len(msg))}
		}
		var failed []string
		if !o.isVerified(from) {
			failed = append(failed, from)
		}
		if o.sandbox {
			for _, a := range slices.Concat(to, cc, bcc) {
				if !o.isVerified(a) {
					failed = append(failed, a)
				}
			}
		}
		if len(failed) > 0 {
			return nil, &Error{Status: 400, Code: "MessageRejected", Message: "Email address is not verified. The following identities failed the check in region " +
				strings.ToUpper(r.Region) + ": " + strings.Join(failed, ", ")}
		}
		id := fmt.Sprintf("0100019a%08x-awstest-%06d", len(o.sent)+1, len(o.sent)+1)
		o.sent = append(o.sent, SESMessage{ID: id, Account: r.Account, Region: r.Region, From: from, To: to, Cc: cc, Raw: msg})
		return M{"MessageId": id}, nil
	})
}
