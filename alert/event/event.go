// Package event turns AWS security events (EventBridge envelopes from
// GuardDuty, Security Hub, CloudWatch alarms, Config, CloudTrail and
// Inspector, as delivered directly or wrapped by SNS or SQS) and awssec's
// own findings into alerts, one per finding.
package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/internal/jsonerr"
)

// UnknownType is the type of an event no normalizer knows: it is still an
// alert, routed like any other, never dropped.
const UnknownType = "unknown event"

// envelope is an EventBridge event (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html).
type envelope struct {
	Version    string         `json:"version"`
	ID         string         `json:"id"`
	DetailType string         `json:"detail-type"`
	Source     string         `json:"source"`
	Account    string         `json:"account"`
	Time       string         `json:"time"`
	Region     string         `json:"region"`
	Resources  []string       `json:"resources"`
	Detail     jsontext.Value `json:"detail"`

	// The SNS notification and SQS message wrappers.
	Type    string `json:"Type"`
	Message string `json:"Message"`
	Records []struct {
		Body string                    `json:"body"`
		Sns  *struct{ Message string } `json:"Sns"`
	} `json:"Records"`

	// awssec findings are recognized by their check id.
	CheckID string `json:"checkId"`
}

// opts are lenient on purpose: AWS adds fields to events over time.
var opts = json.JoinOptions(json.MatchCaseInsensitiveNames(false))

// Normalize turns one event (a JSON object) into alerts. A Security Hub
// event yields one alert per finding; an SNS or SQS wrapper yields the
// alerts of what it carries. The error is relative to raw.
func Normalize(raw []byte) ([]alert.Alert, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env, opts); err != nil {
		return nil, err
	}
	switch {
	case env.CheckID != "":
		return fromAwssec(raw)
	case env.Type == "Notification" && env.Message != "":
		return wrapped("SNS Message", env.Message)
	case len(env.Records) > 0 && env.DetailType == "":
		var out []alert.Alert
		for i, r := range env.Records {
			body := r.Body
			if r.Sns != nil {
				body = r.Sns.Message
			}
			as, err := wrapped(fmt.Sprintf("Records[%d]", i), body)
			if err != nil {
				return out, err
			}
			out = append(out, as...)
		}
		return out, nil
	}
	base := alert.Alert{
		Source:     env.Source,
		DetailType: env.DetailType,
		Account:    env.Account,
		Region:     env.Region,
		Score:      alert.Unknown,
		Count:      1,
		Status:     alert.Firing,
		Raw:        raw,
	}
	base.FirstSeen = parseTime(env.Time)
	base.LastSeen = base.FirstSeen
	if len(env.Resources) > 0 {
		base.Resource.ARN = env.Resources[0]
	}
	norm := lookup(env.Source, env.DetailType)
	if norm == nil || len(env.Detail) == 0 {
		return []alert.Alert{unknown(base, env)}, nil
	}
	out, err := norm(base, env)
	if err != nil {
		var serr *json.SemanticError
		if errors.As(err, &serr) {
			return nil, fmt.Errorf("%s detail%s: %s", env.DetailType, serr.JSONPointer, jsonerr.Describe(serr))
		}
		return nil, fmt.Errorf("%s: %w", env.DetailType, err)
	}
	for i := range out {
		out[i].Raw = raw
		if out[i].Key == "" {
			out[i].Key = out[i].Source + "/" + out[i].ID
		}
	}
	return out, nil
}

func wrapped(where, body string) ([]alert.Alert, error) {
	as, err := Normalize([]byte(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return as, nil
}

// unknown keeps an event no normalizer knows, so that it reaches the
// default receiver marked as such.
func unknown(a alert.Alert, env envelope) alert.Alert {
	a.Type = UnknownType
	a.ID = env.ID
	a.Key = "unknown/" + env.ID
	if env.ID == "" {
		a.Key = fmt.Sprintf("unknown/%x", hashBytes(a.Raw))
	}
	what := strings.TrimSpace(env.Source + " " + env.DetailType)
	if what == "" {
		what = "event without source and detail-type"
	}
	a.Title = "Unknown event: " + what
	if a.Source == "" {
		a.Source = "unknown"
	}
	return a
}

func hashBytes(b []byte) uint64 {
	// FNV-1a: stable across runs, enough to tell events apart.
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

type normalizer func(alert.Alert, envelope) ([]alert.Alert, error)

var normalizers = map[string]normalizer{
	"aws.guardduty\x00GuardDuty Finding":                  guardDuty,
	"aws.securityhub\x00Security Hub Findings - Imported": securityHubASFF,
	"aws.securityhub\x00Findings Imported V2":             securityHubOCSF,
	"aws.cloudwatch\x00CloudWatch Alarm State Change":     cloudWatchAlarm,
	"aws.config\x00Config Rules Compliance Change":        configCompliance,
	"aws.inspector2\x00Inspector2 Finding":                inspector,
	"aws.signin\x00AWS Console Sign In via CloudTrail":    consoleSignIn,
	"aws.signin\x00AWS Console Signin via CloudTrail":     consoleSignIn,
}

// lookup finds the normalizer of an event. The CloudTrail detail-types
// are the same whatever the source: each service sends its API calls
// under its own source (aws.guardduty, aws.cloudtrail, aws.iam, …).
func lookup(source, detailType string) normalizer {
	if n := normalizers[source+"\x00"+detailType]; n != nil {
		return n
	}
	switch detailType {
	case "AWS API Call via CloudTrail":
		return cloudTrailCall
	case "AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail":
		return consoleSignIn
	}
	return nil
}

// parseTime reads the time formats AWS events use; a time it cannot read
// is left zero rather than failing the event.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.999999999Z0700",
		"Mon Jan _2 15:04:05.000 MST 2006", "Jan 2, 2006, 15:04:05.000 MST"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func console(service, region, fragment string) string {
	if region == "" {
		region = "us-east-1"
	}
	return "https://" + region + ".console.aws.amazon.com/" + service + "/home?region=" + region + "#" + fragment
}

func esc(s string) string { return url.QueryEscape(s) }

// Decoder reads a stream of events: JSON Lines, concatenated JSON values,
// pretty-printed objects, or one JSON array of events. A malformed event is
// reported with its position and the decoder resumes at the next line that
// can start an event.
type Decoder struct {
	name string
	data []byte
	base int // offset of dec's input in data
	dec  *jsontext.Decoder
	arr  bool // inside a top-level array
	n    int  // events read
}

// NewDecoder reads events from data; name is used in error messages.
func NewDecoder(name string, data []byte) *Decoder {
	d := &Decoder{name: name, data: data}
	d.reset(0)
	i := skipSpace(data, 0)
	if i < len(data) && data[i] == '[' {
		d.arr = true
		d.dec.ReadToken()
	}
	return d
}

func (d *Decoder) reset(off int) {
	d.base = off
	d.dec = jsontext.NewDecoder(bytes.NewBuffer(d.data[off:]))
}

// ParseError is a bad event at a position in its input.
type ParseError struct {
	File      string
	Line, Col int
	Err       error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Next returns the alerts of the next event, and io.EOF after the last. A
// bad event is a *ParseError; the caller may go on calling Next.
func (d *Decoder) Next() ([]alert.Alert, error) {
	if d.arr && d.dec.PeekKind() == ']' {
		d.dec.ReadToken()
		d.arr = false
	}
	start := d.base + int(d.dec.InputOffset())
	start = skipSpace(d.data, start)
	if !d.arr && start < len(d.data) && d.data[start] == ',' {
		start++
	}
	if start >= len(d.data) {
		return nil, io.EOF
	}
	v, rerr := d.dec.ReadValue()
	if rerr == io.EOF {
		return nil, io.EOF
	}
	d.n++
	if rerr != nil {
		off := d.base + int(d.dec.InputOffset())
		var se *jsontext.SyntacticError
		if errors.As(rerr, &se) {
			off = d.base + int(se.ByteOffset)
		}
		// Resume at the next line that starts with something other than
		// blanks or closing brackets: the next JSON line, or the next
		// pretty-printed object (whose inner lines are indented).
		next := nextEvent(d.data, start)
		d.reset(next)
		d.arr = false
		line, col := jsonerr.LineCol(d.data, int64(off))
		msg := rerr.Error()
		if se != nil && se.Err != nil {
			msg = se.Err.Error()
		}
		if off >= next && next < len(d.data) {
			// The value ran into the next event: it was never closed.
			line, col = jsonerr.LineCol(d.data, int64(start))
			msg = "not closed before the next event"
		}
		return nil, &ParseError{File: d.name, Line: line, Col: col, Err: fmt.Errorf("event %d: malformed JSON: %s", d.n, strings.TrimPrefix(msg, "jsontext: "))}
	}
	if v.Kind() != '{' {
		line, col := jsonerr.LineCol(d.data, int64(start))
		return nil, &ParseError{File: d.name, Line: line, Col: col, Err: fmt.Errorf("event %d: got %s, want an event object", d.n, jsonerr.KindName(v.Kind()))}
	}
	// The decoder reuses v's memory; alerts keep the raw event.
	as, nerr := Normalize(bytes.Clone(v))
	if nerr != nil {
		line, col := jsonerr.LineCol(d.data, int64(start))
		return nil, &ParseError{File: d.name, Line: line, Col: col, Err: fmt.Errorf("event %d: %v", d.n, nerr)}
	}
	return as, nil
}

func nextEvent(b []byte, start int) int {
	i := start
	for {
		nl := bytes.IndexByte(b[i:], '\n')
		if nl < 0 {
			return len(b)
		}
		i += nl + 1
		if i < len(b) && !strings.ContainsRune(" \t\r\n}],", rune(b[i])) {
			return i
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
