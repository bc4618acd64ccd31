package ctlog

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Every record's header is decoded, and a reflective json.Unmarshal spends
// most of its time re-checking syntax the stream decoder has already
// checked: it made decoding the header the larger part of the reader's
// cost. fastHeader reads the header straight from the record's text in one
// pass, and hands anything it is not sure of to json.Unmarshal, which gives
// the same result or the positioned error.

// headerOptions are the options every decode of a record uses: CloudTrail
// records are read as most JSON readers read them (the last of duplicate
// names wins; invalid UTF-8 becomes U+FFFD), by the fast path and the
// general one alike.
var headerOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// Slots of the header fields whose values repeat: each remembers its
// last value, which most records share with the one before.
const (
	unshared = iota
	slotEventVersion
	slotEventSource
	slotEventName
	slotEventType
	slotAWSRegion
	slotSourceIPAddress
	slotUserAgent
	slotErrorCode
	slotRecipientAccountID
	slotVPCEndpointID
	slotIdentityType
	slotIdentityPrincipalID
	slotIdentityARN
	slotIdentityAccountID
	slotIdentityAccessKeyID
	slotIdentityUserName
	slotIdentityInvokedBy
	slotContextEC2RoleDelivery
	slotIssuerType
	slotIssuerARN
	slots
)

// headerDecoder decodes headers, sharing repeated strings between records:
// most header values (event names, sources, regions, principals, agents)
// repeat from record to record, and sharing them saves an allocation each.
type headerDecoder struct {
	strings map[string]string
	last    [slots]string
}

// maxShared bounds the shared strings of one decoder.
const maxShared = 1 << 14

// fastHeader fills h (zeroed by the caller) from raw, which must be one
// syntactically valid JSON object. It reports false, with h in an
// unspecified state, when the general decoder must decide: a header field
// of the wrong type, which it reports with its position.
func (d *headerDecoder) fastHeader(raw []byte, h *Header) bool {
	s := &scanner{b: raw}
	return s.object(func(name []byte) bool {
		switch string(name) {
		case "eventVersion":
			return d.str(s, &h.EventVersion, slotEventVersion)
		case "eventTime":
			return d.str(s, &h.EventTime, unshared)
		case "eventSource":
			return d.str(s, &h.EventSource, slotEventSource)
		case "eventName":
			return d.str(s, &h.EventName, slotEventName)
		case "eventID":
			return d.str(s, &h.EventID, unshared)
		case "eventType":
			return d.str(s, &h.EventType, slotEventType)
		case "awsRegion":
			return d.str(s, &h.AWSRegion, slotAWSRegion)
		case "sourceIPAddress":
			return d.str(s, &h.SourceIPAddress, slotSourceIPAddress)
		case "userAgent":
			return d.str(s, &h.UserAgent, slotUserAgent)
		case "errorCode":
			return d.str(s, &h.ErrorCode, slotErrorCode)
		case "recipientAccountId":
			return d.str(s, &h.RecipientAccountID, slotRecipientAccountID)
		case "vpcEndpointId":
			return d.str(s, &h.VPCEndpointID, slotVPCEndpointID)
		case "userIdentity":
			return d.userIdentity(s, &h.UserIdentity)
		case "requestParameters":
			return s.raw(&h.RequestParameters)
		case "responseElements":
			return s.raw(&h.ResponseElements)
		case "additionalEventData":
			return s.raw(&h.AdditionalEventData)
		}
		return s.skip()
	})
}

func (d *headerDecoder) userIdentity(s *scanner, u *UserIdentity) bool {
	if s.null() {
		*u = UserIdentity{}
		return true
	}
	return s.object(func(name []byte) bool {
		switch string(name) {
		case "type":
			return d.str(s, &u.Type, slotIdentityType)
		case "principalId":
			return d.str(s, &u.PrincipalID, slotIdentityPrincipalID)
		case "arn":
			return d.str(s, &u.ARN, slotIdentityARN)
		case "accountId":
			return d.str(s, &u.AccountID, slotIdentityAccountID)
		case "accessKeyId":
			return d.str(s, &u.AccessKeyID, slotIdentityAccessKeyID)
		case "userName":
			return d.str(s, &u.UserName, slotIdentityUserName)
		case "invokedBy":
			return d.str(s, &u.InvokedBy, slotIdentityInvokedBy)
		case "sessionContext":
			return d.sessionContext(s, &u.SessionContext)
		}
		return s.skip()
	})
}

func (d *headerDecoder) sessionContext(s *scanner, c *SessionContext) bool {
	if s.null() {
		*c = SessionContext{}
		return true
	}
	return s.object(func(name []byte) bool {
		switch string(name) {
		case "ec2RoleDelivery":
			return d.str(s, &c.EC2RoleDelivery, slotContextEC2RoleDelivery)
		case "sessionIssuer":
			i := &c.SessionIssuer
			if s.null() {
				*i = SessionIssuer{}
				return true
			}
			return s.object(func(name []byte) bool {
				switch string(name) {
				case "type":
					return d.str(s, &i.Type, slotIssuerType)
				case "arn":
					return d.str(s, &i.ARN, slotIssuerARN)
				}
				return s.skip()
			})
		}
		return s.skip()
	})
}

// str reads a string or null into dst, sharing the value unless slot is
// unshared.
func (d *headerDecoder) str(s *scanner, dst *string, slot int) bool {
	if s.null() {
		*dst = ""
		return true
	}
	v, ok := s.str()
	if !ok {
		return false
	}
	switch {
	case slot == unshared:
		*dst = string(v)
	case d.last[slot] == string(v):
		*dst = d.last[slot]
	default:
		*dst = d.share(v)
		d.last[slot] = *dst
	}
	return true
}

// share returns v as a string, the same one as last time it was seen.
func (d *headerDecoder) share(v []byte) string {
	if str, ok := d.strings[string(v)]; ok {
		return str
	}
	if d.strings == nil || len(d.strings) >= maxShared {
		d.strings = make(map[string]string, 256)
	}
	str := string(v)
	d.strings[str] = str
	return str
}

// scanner walks JSON text already known to be valid. On text that is not,
// it stops (reporting false) without a panic.
type scanner struct {
	b       []byte
	i       int
	scratch []byte
	bad     bool // the text ended inside a container
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// enter consumes the opening bracket of an object ('{') or array ('['),
// if that is what comes next.
func (s *scanner) enter(open byte) bool {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != open {
		return false
	}
	s.i++
	return true
}

// more moves to the next member or element of the object or array being
// read, and reports whether there is one; at the closing bracket it
// consumes it. Text that ends first sets bad.
func (s *scanner) more(closing byte) bool {
	s.ws()
	if s.i >= len(s.b) {
		s.bad = true
		return false
	}
	switch s.b[s.i] {
	case closing:
		s.i++
		return false
	case ',':
		s.i++
		s.ws()
	}
	return true
}

// object reads an object, calling member with each name, positioned at
// its value, which member must consume.
func (s *scanner) object(member func(name []byte) bool) bool {
	if !s.enter('{') {
		return false
	}
	for s.more('}') {
		name, ok := s.name()
		if !ok || !member(name) {
			return false
		}
	}
	return !s.bad
}

// name reads a member name and its colon.
func (s *scanner) name() ([]byte, bool) {
	name, ok := s.str()
	if !ok {
		return nil, false
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return nil, false
	}
	s.i++
	return name, true
}

// null consumes a null if one is next.
func (s *scanner) null() bool {
	s.ws()
	if s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// plain marks the bytes a string's content is mostly made of: printable
// ASCII but the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainRun returns the index of the first byte of b at or after j that is
// not plain, or len(b). It tests eight bytes at a time: on the strings
// records are made of that is several times faster than a byte loop, and
// faster than bytes.IndexByte, whose call costs more than short strings.
func plainRun(b []byte, j int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; j+8 <= len(b); j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		// A byte is flagged when it is a quote or backslash (zero after the
		// xor), a control byte (below 0x20), or not ASCII (high bit set).
		// Borrows can flag bytes after a flagged one, never before it.
		flags := ((quote-ones)&^quote | (backslash-ones)&^backslash | (x-ones*0x20)&^x | x) & highs
		if flags != 0 {
			return j + bits.TrailingZeros64(flags)/8
		}
	}
	for j < len(b) && plain[b[j]] {
		j++
	}
	return j
}

// str reads the next string and returns its content: the text itself when
// it has neither escapes nor invalid UTF-8, else the decoded string (with
// U+FFFD for invalid UTF-8, as the general decoder reads it) in a buffer
// that is valid until the next call. Anything but a string is refused.
func (s *scanner) str() ([]byte, bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i + 1
	j := plainRun(s.b, start)
	if j < len(s.b) && s.b[j] == '"' {
		s.i = j + 1
		return s.b[start:j], true
	}
	if !s.skipString() {
		return nil, false
	}
	if v := s.b[start : s.i-1]; bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		return v, true
	}
	// Unquoting checks nothing the stream decoder has not checked, but for
	// UTF-8, which it replaces as the general decoder does.
	s.scratch, _ = jsontext.AppendUnquote(s.scratch[:0], s.b[start-1:s.i])
	return s.scratch, true
}

// raw stores the text of the next value.
func (s *scanner) raw(dst *jsontext.Value) bool {
	s.ws()
	start := s.i
	if !s.skip() {
		return false
	}
	*dst = s.b[start:s.i]
	return true
}

// skip consumes the next value.
func (s *scanner) skip() bool {
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '"':
		return s.skipString()
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if !s.skipString() {
					return false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.i++
					return true
				}
			}
			s.i++
		}
		return false
	}
	// A number or literal runs to the next delimiter.
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return true
		}
		s.i++
	}
	return true
}

func (s *scanner) skipString() bool {
	for j := s.i + 1; j < len(s.b); j++ {
		j = plainRun(s.b, j)
		if j >= len(s.b) {
			break
		}
		switch s.b[j] {
		case '"':
			s.i = j + 1
			return true
		case '\\':
			j++
		}
	}
	return false
}
