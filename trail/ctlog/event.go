// Package ctlog reads CloudTrail logs as a stream of events: delivered log
// files ({"Records":[…]}), plain JSON arrays, JSON lines and CloudTrail Lake
// query results, gzipped or not, from files, directories, stdin or S3, in
// parallel over files and one record at a time, so memory stays bounded
// however large the input.
package ctlog

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Header holds the record fields every detection reads, decoded once per
// record. Everything else stays in Raw and is decoded only when a rule asks
// for a field that is not here.
type Header struct {
	EventVersion       string       `json:"eventVersion"`
	EventTime          string       `json:"eventTime"`
	EventSource        string       `json:"eventSource"`
	EventName          string       `json:"eventName"`
	EventID            string       `json:"eventID"`
	EventType          string       `json:"eventType"`
	AWSRegion          string       `json:"awsRegion"`
	SourceIPAddress    string       `json:"sourceIPAddress"`
	UserAgent          string       `json:"userAgent"`
	ErrorCode          string       `json:"errorCode"`
	RecipientAccountID string       `json:"recipientAccountId"`
	VPCEndpointID      string       `json:"vpcEndpointId"`
	UserIdentity       UserIdentity `json:"userIdentity"`

	// The parts rules look into most, kept as text and decoded only when
	// a rule reads them, so most events never decode them at all.
	RequestParameters   jsontext.Value `json:"requestParameters"`
	ResponseElements    jsontext.Value `json:"responseElements"`
	AdditionalEventData jsontext.Value `json:"additionalEventData"`
}

// UserIdentity is the part of userIdentity the detections read.
type UserIdentity struct {
	Type           string         `json:"type"`
	PrincipalID    string         `json:"principalId"`
	ARN            string         `json:"arn"`
	AccountID      string         `json:"accountId"`
	AccessKeyID    string         `json:"accessKeyId"`
	UserName       string         `json:"userName"`
	InvokedBy      string         `json:"invokedBy"`
	SessionContext SessionContext `json:"sessionContext"`
}

// SessionContext is the part of a role session's context the detections
// read.
type SessionContext struct {
	EC2RoleDelivery string        `json:"ec2RoleDelivery"`
	SessionIssuer   SessionIssuer `json:"sessionIssuer"`
}

// SessionIssuer is the role (or user) a session was issued from.
type SessionIssuer struct {
	Type string `json:"type"`
	ARN  string `json:"arn"`
}

// Event is one CloudTrail record. An Event handed to a callback is valid
// only during the call: the reader reuses it for the next record.
type Event struct {
	Header
	// Raw is the record's JSON text.
	Raw jsontext.Value
	// Source names the file or object the record came from; Index is the
	// record's position in it, from 0.
	Source string
	Index  int

	time    time.Time
	timeOK  bool
	tree    map[string]any
	treeErr bool
}

// subtrees are the members Header keeps as text, in parts order.
var subtrees = [3]string{"requestParameters", "responseElements", "additionalEventData"}

// reset prepares e for the next record of src. Raw text the stream
// decoder has checked (valid) takes the fast path through hd.
func (e *Event) reset(raw jsontext.Value, src string, index int, hd *headerDecoder, valid bool) error {
	e.Raw, e.Source, e.Index = raw, src, index
	e.timeOK, e.tree, e.treeErr = false, nil, false
	e.Header = Header{}
	if valid && hd.fastHeader(raw, &e.Header) {
		return nil
	}
	e.Header = Header{}
	return json.Unmarshal(raw, &e.Header, headerOptions...)
}

// Time is the record's eventTime; the zero time when it is missing or not
// RFC 3339.
func (e *Event) Time() time.Time {
	if !e.timeOK {
		e.time, _ = time.Parse(time.RFC3339, e.EventTime)
		e.timeOK = true
	}
	return e.time
}

// Principal names who made the call: the identity ARN, else the principal
// id, else the identity type (Root, AWSService, ...) and invoking service.
func (e *Event) Principal() string {
	u := &e.UserIdentity
	switch {
	case u.ARN != "":
		return u.ARN
	case u.PrincipalID != "":
		return u.PrincipalID
	case u.InvokedBy != "":
		return u.Type + ":" + u.InvokedBy
	}
	return u.Type
}

// Tree decodes the whole record once, for fields outside the header.
func (e *Event) Tree() map[string]any {
	if e.tree == nil && !e.treeErr {
		if err := json.Unmarshal(e.Raw, &e.tree, headerOptions...); err != nil {
			e.treeErr = true
		}
	}
	return e.tree
}

// Values calls yield with each value at a dotted field path (arrays on the
// way are flattened, as Sigma reads them) until yield returns false, and
// reports whether the field is present. Values are string, float64, bool,
// nil, or map[string]any and []any for inner nodes.
func (e *Event) Values(field string, yield func(any) bool) bool {
	if v, ok := e.headerField(field); ok {
		// CloudTrail writes no empty strings in these fields: empty means
		// absent (or null).
		if v == "" {
			return false
		}
		yield(v)
		return true
	}
	for i, name := range subtrees {
		rest, ok := strings.CutPrefix(field, name)
		if !ok || (rest != "" && rest[0] != '.') {
			continue
		}
		raw := [3]jsontext.Value{e.RequestParameters, e.ResponseElements, e.AdditionalEventData}[i]
		if raw == nil {
			return false
		}
		if rest == "" {
			return rawWalk(raw, "", yield)
		}
		return rawWalk(raw, rest[1:], yield)
	}
	return walk(e.Tree(), field, yield)
}

// StringField returns a header field's value without boxing it (for
// sigma.StringFields); "" means absent.
func (e *Event) StringField(field string) (string, bool) { return e.headerField(field) }

// headerField serves the most used fields without decoding the tree.
func (e *Event) headerField(field string) (string, bool) {
	switch field {
	case "eventName":
		return e.EventName, true
	case "eventSource":
		return e.EventSource, true
	case "eventTime":
		return e.EventTime, true
	case "eventID":
		return e.EventID, true
	case "eventType":
		return e.EventType, true
	case "awsRegion":
		return e.AWSRegion, true
	case "sourceIPAddress":
		return e.SourceIPAddress, true
	case "userAgent":
		return e.UserAgent, true
	case "errorCode":
		return e.ErrorCode, true
	case "recipientAccountId":
		return e.RecipientAccountID, true
	case "userIdentity.type":
		return e.UserIdentity.Type, true
	case "userIdentity.arn":
		return e.UserIdentity.ARN, true
	case "userIdentity.principalId":
		return e.UserIdentity.PrincipalID, true
	case "userIdentity.accountId":
		return e.UserIdentity.AccountID, true
	case "userIdentity.accessKeyId":
		return e.UserIdentity.AccessKeyID, true
	case "userIdentity.userName":
		return e.UserIdentity.UserName, true
	case "userIdentity.invokedBy":
		return e.UserIdentity.InvokedBy, true
	case "vpcEndpointId":
		return e.VPCEndpointID, true
	case "eventVersion":
		return e.EventVersion, true
	}
	return "", false
}

// walk follows a dotted path through objects, flattening arrays.
func walk(node any, path string, yield func(any) bool) bool {
	if node == nil {
		return false
	}
	found := false
	var visit func(n any, rest string) bool
	visit = func(n any, rest string) bool {
		if rest == "" {
			found = true
			if arr, ok := n.([]any); ok {
				for _, x := range arr {
					if !yield(x) {
						return false
					}
				}
				return true
			}
			return yield(n)
		}
		switch t := n.(type) {
		case map[string]any:
			key, next, _ := strings.Cut(rest, ".")
			child, ok := t[key]
			if !ok {
				// A key may itself contain dots (additionalEventData keys do).
				if child, ok = t[rest]; ok {
					return visit(child, "")
				}
				return true
			}
			return visit(child, next)
		case []any:
			for _, x := range t {
				if !visit(x, rest) {
					return false
				}
			}
		}
		return true
	}
	visit(node, path)
	return found
}

// All calls yield with every scalar value of the record, for keyword
// searches.
func (e *Event) All(yield func(any) bool) {
	var visit func(n any) bool
	visit = func(n any) bool {
		switch t := n.(type) {
		case map[string]any:
			for _, v := range t {
				if !visit(v) {
					return false
				}
			}
		case []any:
			for _, v := range t {
				if !visit(v) {
					return false
				}
			}
		default:
			return yield(t)
		}
		return true
	}
	if tree := e.Tree(); tree != nil {
		visit(tree)
	}
}

// String renders a scalar value as Sigma compares it.
func String(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v, json.Deterministic(true))
	return string(b)
}
