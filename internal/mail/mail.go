// Package mail builds and sends e-mail: one message with text and HTML
// alternatives and attachments, sent through Amazon SES (API v2
// SendEmail) or any SMTP server, split to stay within SES's limits (50
// recipients and 40 MB per message: the attachments are compressed first,
// then split), with every failure classified so that a caller knows what
// was sent, what to retry and what the user must fix.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is what to send, before splitting.
type Message struct {
	From    string
	To, Cc  []string
	Subject string
	// Text and HTML are the two alternatives of the body; either may be
	// empty, not both.
	Text, HTML  string
	Attachments []Attachment
	// Date is the Date header (default: now).
	Date time.Time
}

// Attachment is a file sent with the message.
type Attachment struct {
	Name        string // "org-report.csv"
	ContentType string // "text/csv"
	Data        []byte
	// Lines marks a line-oriented file whose first line is a header (CSV):
	// when the message must be split, it is split between lines and every
	// piece starts with the header.
	Lines bool
}

// Limits are what one message may carry.
type Limits struct {
	// MaxRecipients is the most To and Cc addresses of one message.
	MaxRecipients int
	// MaxSize is the largest raw message, in bytes.
	MaxSize int
}

// SESLimits are Amazon SES's: 50 recipients and 40 MB per message
// (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).
var SESLimits = Limits{MaxRecipients: 50, MaxSize: 40 * 1000 * 1000}

// Transport delivers one built message to its recipients.
type Transport interface {
	// Name says where messages go ("SES", "SMTP mail.example.com:587").
	Name() string
	// Send delivers msg and returns the message id the service gave it.
	Send(ctx context.Context, msg *Outgoing) (string, error)
}

// Outgoing is one message of a split send, built.
type Outgoing struct {
	From       string
	To, Cc     []string
	Msg        *gomail.Msg
	Raw        []byte // msg, rendered
	Part       int    // 1-based
	Parts      int
	Compressed bool
}

// Recipients are the message's To and Cc addresses.
func (o *Outgoing) Recipients() []string { return slices.Concat(o.To, o.Cc) }

// Sent is one message delivered.
type Sent struct {
	ID         string
	Recipients []string
	Part       int
	Parts      int
	Size       int
	Compressed bool
}

// ParseAddress checks one e-mail address and returns it in its plain
// form; the error names the flag and the address.
func ParseAddress(flag, s string) (string, error) {
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Address == "" || strings.ContainsAny(a.Address, "\r\n") {
		return "", fmt.Errorf("%s %q is not an e-mail address", flag, s)
	}
	if a.Name != "" || !strings.Contains(a.Address, "@") {
		// A display name is fine in a header, but a flag takes the bare
		// address SES verifies.
		if a.Name != "" {
			return "", fmt.Errorf("%s %q: give the bare address (%s)", flag, s, a.Address)
		}
		return "", fmt.Errorf("%s %q is not an e-mail address", flag, s)
	}
	return a.Address, nil
}

// Validate checks a message before anything is sent.
func (m *Message) Validate() error {
	if m.From == "" {
		return errors.New("no sender: set --from")
	}
	if _, err := ParseAddress("--from", m.From); err != nil {
		return err
	}
	if len(m.To)+len(m.Cc) == 0 {
		return errors.New("no recipients: set --to")
	}
	for _, a := range m.To {
		if _, err := ParseAddress("--to", a); err != nil {
			return err
		}
	}
	for _, a := range m.Cc {
		if _, err := ParseAddress("--cc", a); err != nil {
			return err
		}
	}
	if m.Text == "" && m.HTML == "" {
		return errors.New("empty message body")
	}
	return nil
}

// ErrTooLarge is a message that cannot be brought within the size limit:
// its body alone is too large, or an attachment cannot be split further.
var ErrTooLarge = errors.New("message too large")

// Plan builds the messages a send takes: one per group of at most
// MaxRecipients recipients, and, when a message would exceed MaxSize,
// with its attachments gzip-compressed, then split into parts sent as
// messages of their own ("(part 2 of 3)").
func Plan(m Message, lim Limits) ([]*Outgoing, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Date.IsZero() {
		m.Date = time.Now()
	}
	if lim.MaxRecipients <= 0 {
		lim.MaxRecipients = SESLimits.MaxRecipients
	}
	if lim.MaxSize <= 0 {
		lim.MaxSize = SESLimits.MaxSize
	}
	// Recipients go in groups of at most MaxRecipients, To before Cc,
	// each keeping its header.
	type group struct{ to, cc []string }
	var groups []group
	n := 0
	add := func(addr string, cc bool) {
		if n%lim.MaxRecipients == 0 {
			groups = append(groups, group{})
		}
		g := &groups[len(groups)-1]
		if cc {
			g.cc = append(g.cc, addr)
		} else {
			g.to = append(g.to, addr)
		}
		n++
	}
	for _, a := range m.To {
		add(a, false)
	}
	for _, a := range m.Cc {
		add(a, true)
	}

	// Find the attachment form that fits: as is, compressed, or compressed
	// in ever more pieces, sized with the group whose addresses are the
	// longest, so every group's message fits.
	widest, width := 0, -1
	for i, g := range groups {
		w := 0
		for _, a := range slices.Concat(g.to, g.cc) {
			w += len(a) + 4
		}
		if w > width {
			widest, width = i, w
		}
	}
	to, cc := groups[widest].to, groups[widest].cc
	var (
		pieces     [][]Attachment
		compressed bool
	)
	for attempt := 0; ; attempt++ {
		switch {
		case attempt == 0:
			pieces = [][]Attachment{m.Attachments}
		case attempt == 1:
			if len(m.Attachments) == 0 {
				return nil, fmt.Errorf("%w: the message body alone is over %d bytes", ErrTooLarge, lim.MaxSize)
			}
			compressed = true
			pieces = [][]Attachment{gzipAll(m.Attachments)}
		default:
			n := 1 << (attempt - 1) // 2, 4, 8, ... pieces
			split, err := splitAll(m.Attachments, n)
			if err != nil {
				return nil, err
			}
			pieces = split
		}
		fits := true
		for i, p := range pieces {
			_, raw, err := build(m, to, cc, p, i+1, len(pieces))
			if err != nil {
				return nil, err
			}
			if len(raw) > lim.MaxSize {
				fits = false
				break
			}
		}
		if fits {
			break
		}
		if attempt > 12 {
			return nil, fmt.Errorf("%w: over %d bytes even in %d parts", ErrTooLarge, lim.MaxSize, len(pieces))
		}
	}

	var out []*Outgoing
	for _, g := range groups {
		for i, p := range pieces {
			msg, raw, err := build(m, g.to, g.cc, p, i+1, len(pieces))
			if err != nil {
				return nil, err
			}
			if len(raw) > lim.MaxSize {
				return nil, fmt.Errorf("%w: a message to %s is %d bytes, over %d", ErrTooLarge, strings.Join(slices.Concat(g.to, g.cc), ", "), len(raw), lim.MaxSize)
			}
			out = append(out, &Outgoing{From: m.From, To: g.to, Cc: g.cc, Msg: msg, Raw: raw, Part: i + 1, Parts: len(pieces), Compressed: compressed})
		}
	}
	return out, nil
}

// build renders one message: multipart/mixed around a
// multipart/alternative of text and HTML, then the attachments.
func build(m Message, to, cc []string, atts []Attachment, part, parts int) (*gomail.Msg, []byte, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, nil, fmt.Errorf("--from %q: %w", m.From, err)
	}
	if len(to) > 0 {
		if err := msg.To(to...); err != nil {
			return nil, nil, fmt.Errorf("--to: %w", err)
		}
	}
	if len(cc) > 0 {
		if err := msg.Cc(cc...); err != nil {
			return nil, nil, fmt.Errorf("--cc: %w", err)
		}
	}
	subject := m.Subject
	if parts > 1 {
		subject += fmt.Sprintf(" (part %d of %d)", part, parts)
	}
	msg.Subject(subject)
	msg.SetDateWithValue(m.Date)
	msg.SetMessageID()
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range atts {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct))); err != nil {
			return nil, nil, fmt.Errorf("attachment %s: %w", a.Name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, nil, err
	}
	return msg, buf.Bytes(), nil
}

// Send plans the message and delivers every part through t, in order. It
// stops at the first failure and returns what was sent with the error,
// which names how much of the report went out.
func Send(ctx context.Context, t Transport, m Message, lim Limits) ([]Sent, error) {
	out, err := Plan(m, lim)
	if err != nil {
		return nil, err
	}
	var sent []Sent
	for i, o := range out {
		id, err := t.Send(ctx, o)
		if err != nil {
			var se *SendError
			if !errors.As(err, &se) {
				se = &SendError{Kind: KindTemporary, Err: err}
			}
			se.Transport, se.Sent, se.Total, se.Failed = t.Name(), i, len(out), o.Recipients()
			return sent, se
		}
		sent = append(sent, Sent{ID: id, Recipients: o.Recipients(), Part: o.Part, Parts: o.Parts, Size: len(o.Raw), Compressed: o.Compressed})
	}
	return sent, nil
}
