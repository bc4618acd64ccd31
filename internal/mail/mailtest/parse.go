package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a received message taken apart.
type Parsed struct {
	Header mail.Header
	// Subject is the decoded Subject header (RFC 2047 words decoded).
	Subject string
	// Text and HTML are the decoded alternatives of the body.
	Text, HTML string
	// Alternatives reports whether text and HTML came as a
	// multipart/alternative.
	Alternatives bool
	Attachments  []Attachment
}

// Attachment is a decoded attachment.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Parse takes a raw message apart with net/mail and mime/multipart,
// decoding base64 and quoted-printable parts.
func Parse(raw []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	p := &Parsed{Header: m.Header}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	if err := p.walk(m.Header, m.Body); err != nil {
		return nil, err
	}
	return p, nil
}

type header interface{ Get(string) string }

func (p *Parsed) walk(h header, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if mt == "multipart/alternative" {
			p.Alternatives = true
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	data, err := decode(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	switch {
	case disp == "attachment" || dparams["filename"] != "":
		p.Attachments = append(p.Attachments, Attachment{Name: dparams["filename"], ContentType: mt, Data: data})
	case mt == "text/plain":
		p.Text = string(data)
	case mt == "text/html":
		p.HTML = string(data)
	default:
		p.Attachments = append(p.Attachments, Attachment{Name: params["name"], ContentType: mt, Data: data})
	}
	return nil
}

func decode(enc string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(enc) {
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, newlineStripper{r}))
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	}
	return io.ReadAll(r)
}

// newlineStripper drops the line breaks of base64 bodies.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(b []byte) (int, error) {
	for {
		k, err := n.r.Read(b)
		j := 0
		for _, c := range b[:k] {
			if c != '\r' && c != '\n' {
				b[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
