package awstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Protocol is an AWS wire protocol.
type Protocol int

// The protocols the server speaks.
const (
	Query    Protocol = iota + 1 // AWS query (IAM, STS, SNS, RDS, ELBv2): form in, XML out
	EC2Query                     // EC2's variant: <item> lists, no Result wrapper
	JSON                         // JSON 1.0 / 1.1 with X-Amz-Target
	RESTJSON                     // REST-JSON (Lambda, API Gateway, GuardDuty, ...)
	RESTXML                      // REST-XML (S3, CloudFront)
	CBOR                         // Smithy RPC v2 CBOR (CloudWatch)
)

func (p Protocol) String() string {
	return [...]string{"?", "query", "ec2", "json", "rest-json", "rest-xml", "rpc-v2-cbor"}[p]
}

// Error is an AWS error response. It is written in the request's protocol.
type Error struct {
	Status  int
	Code    string // "AccessDenied", "ThrottlingException", ...
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// AccessDenied is the error a caller without permission gets, in the code
// the service's protocol uses.
func AccessDenied(p Protocol) *Error {
	switch p {
	case EC2Query:
		return &Error{Status: 403, Code: "UnauthorizedOperation", Message: "You are not authorized to perform this operation."}
	case Query, RESTXML:
		return &Error{Status: 403, Code: "AccessDenied", Message: "User is not authorized to perform this action"}
	}
	return &Error{Status: 403, Code: "AccessDeniedException", Message: "User is not authorized to perform this action"}
}

// NotFound is a 404 error with the given code.
func NotFound(code, msg string) *Error { return &Error{Status: 404, Code: code, Message: msg} }

func throttlingError(p Protocol) *Error {
	switch p {
	case EC2Query:
		return &Error{Status: 503, Code: "RequestLimitExceeded", Message: "Request limit exceeded."}
	case Query:
		return &Error{Status: 400, Code: "Throttling", Message: "Rate exceeded"}
	case RESTJSON:
		return &Error{Status: 429, Code: "TooManyRequestsException", Message: "Too Many Requests"}
	case RESTXML:
		return &Error{Status: 503, Code: "SlowDown", Message: "Please reduce your request rate."}
	}
	return &Error{Status: 400, Code: "ThrottlingException", Message: "Rate exceeded"}
}

// Raw is a response written as is, for REST operations whose output is a
// bare document (S3 GetBucketPolicy) or that need headers.
type Raw struct {
	Status int
	Header http.Header
	Body   []byte
}

// List is an XML list whose members have a name of their own
// (<DBInstances><DBInstance>…): plain []any lists use <member>
// (query), <item> (EC2) or, in REST-XML, the name given here.
type List struct {
	Member string
	Items  []any
}

// Flat is a flattened XML list: its members repeat under the list's own
// name with no wrapper element.
type Flat []any

// M is an XML or JSON structure. Keys are member names; XML writes them in
// sorted order, which the SDK's deserializers accept.
type M = map[string]any

// XMLDoc is a REST-XML response body with its root element.
type XMLDoc struct {
	Root  string
	XMLNS string
	Body  M
}

// xmlNamespaces of the query services, by signing name.
var xmlNamespaces = map[string]string{
	"ec2":                  "http://ec2.amazonaws.com/doc/2016-11-15/",
	"iam":                  "https://iam.amazonaws.com/doc/2010-05-08/",
	"sts":                  "https://sts.amazonaws.com/doc/2011-06-15/",
	"sns":                  "http://sns.amazonaws.com/doc/2010-03-31/",
	"rds":                  "http://rds.amazonaws.com/doc/2014-10-31/",
	"elasticloadbalancing": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
}

const requestID = "11111111-2222-3333-4444-555555555555"

func (s *Server) write(w http.ResponseWriter, r *Request, out any) {
	if raw, ok := out.(Raw); ok {
		for k, v := range raw.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(max(raw.Status, 200))
		w.Write(raw.Body)
		return
	}
	var buf bytes.Buffer
	switch r.Protocol {
	case Query, EC2Query:
		w.Header().Set("Content-Type", "text/xml")
		ns := xmlNamespaces[r.Service]
		fmt.Fprintf(&buf, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<%sResponse xmlns="%s">`, r.Op, ns)
		if r.Protocol == EC2Query {
			fmt.Fprintf(&buf, "<requestId>%s</requestId>", requestID)
			writeXML(&buf, out, "item")
		} else {
			fmt.Fprintf(&buf, "<%sResult>", r.Op)
			writeXML(&buf, out, "member")
			fmt.Fprintf(&buf, "</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>", r.Op, requestID)
		}
		fmt.Fprintf(&buf, "</%sResponse>", r.Op)
	case RESTXML:
		w.Header().Set("Content-Type", "application/xml")
		doc, ok := out.(XMLDoc)
		if !ok {
			s.t.Errorf("awstest: %s %s: REST-XML handlers return XMLDoc or Raw, not %T", r.Service, r.Op, out)
			return
		}
		buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		if doc.XMLNS != "" {
			fmt.Fprintf(&buf, `<%s xmlns="%s">`, doc.Root, doc.XMLNS)
		} else {
			fmt.Fprintf(&buf, "<%s>", doc.Root)
		}
		writeXML(&buf, doc.Body, "member")
		fmt.Fprintf(&buf, "</%s>", doc.Root)
	case CBOR:
		w.Header().Set("Content-Type", "application/cbor")
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		buf.Write(cbor.Encode(toCBOR(out)))
	default: // JSON, REST-JSON
		if r.Protocol == JSON {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		if out == nil {
			out = M{}
		}
		b, err := json.Marshal(toJSON(out))
		if err != nil {
			s.t.Errorf("awstest: %s %s: %v", r.Service, r.Op, err)
		}
		buf.Write(b)
	}
	w.Header().Set("X-Amzn-RequestId", requestID)
	w.Write(buf.Bytes())
}

func (s *Server) writeError(w http.ResponseWriter, r *Request, e *Error) {
	w.Header().Set("X-Amzn-RequestId", requestID)
	var body []byte
	switch r.Protocol {
	case EC2Query:
		w.Header().Set("Content-Type", "text/xml")
		body = fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`,
			e.Code, xmlEscape(e.Message), requestID)
	case Query:
		w.Header().Set("Content-Type", "text/xml")
		body = fmt.Appendf(nil, `<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
			xmlNamespaces[r.Service], e.Code, xmlEscape(e.Message), requestID)
	case RESTXML:
		w.Header().Set("Content-Type", "application/xml")
		// S3 Control signs as "s3" too but wraps its errors in ErrorResponse.
		if r.Service == "s3" && !strings.HasPrefix(r.HTTP.URL.Path, "/v20180820/") {
			body = fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>`,
				e.Code, xmlEscape(e.Message), requestID)
		} else {
			body = fmt.Appendf(nil, `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
				e.Code, xmlEscape(e.Message), requestID)
		}
	case CBOR:
		w.Header().Set("Content-Type", "application/cbor")
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		body = cbor.Encode(cbor.Map{"__type": cbor.String(e.Code), "message": cbor.String(e.Message)})
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", e.Code)
		body, _ = json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
	}
	w.WriteHeader(e.Status)
	w.Write(body)
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeXML writes a value's XML elements (not its own element). member is
// the element name of plain list members.
func writeXML(b *bytes.Buffer, v any, member string) {
	switch x := v.(type) {
	case nil:
	case M:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			val := x[k]
			if val == nil {
				continue
			}
			if flat, ok := val.(Flat); ok {
				for _, item := range flat {
					fmt.Fprintf(b, "<%s>", k)
					writeXML(b, item, member)
					fmt.Fprintf(b, "</%s>", k)
				}
				continue
			}
			fmt.Fprintf(b, "<%s>", k)
			writeXML(b, val, member)
			fmt.Fprintf(b, "</%s>", k)
		}
	case List:
		for _, item := range x.Items {
			fmt.Fprintf(b, "<%s>", x.Member)
			writeXML(b, item, member)
			fmt.Fprintf(b, "</%s>", x.Member)
		}
	case []any:
		for _, item := range x {
			fmt.Fprintf(b, "<%s>", member)
			writeXML(b, item, member)
			fmt.Fprintf(b, "</%s>", member)
		}
	case []string:
		for _, item := range x {
			fmt.Fprintf(b, "<%s>%s</%s>", member, xmlEscape(item), member)
		}
	case time.Time:
		b.WriteString(x.UTC().Format("2006-01-02T15:04:05.000Z"))
	case string:
		b.WriteString(xmlEscape(x))
	default:
		b.WriteString(xmlEscape(fmt.Sprint(x)))
	}
}

// toJSON converts times to the epoch seconds JSON protocols use, and XML
// list helpers to plain arrays.
func toJSON(v any) any {
	switch x := v.(type) {
	case M:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if val != nil {
				out[k] = toJSON(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = toJSON(val)
		}
		return out
	case List:
		return toJSON(x.Items)
	case Flat:
		return toJSON([]any(x))
	case time.Time:
		return float64(x.UnixMilli()) / 1000
	}
	return v
}

// toCBOR converts a value to the CBOR syntax tree; times become epoch
// seconds under tag 1, as RPC v2 CBOR requires.
func toCBOR(v any) cbor.Value {
	switch x := v.(type) {
	case nil:
		return &cbor.Nil{}
	case M:
		m := cbor.Map{}
		for k, val := range x {
			if val != nil {
				m[k] = toCBOR(val)
			}
		}
		return m
	case []any:
		l := make(cbor.List, len(x))
		for i, val := range x {
			l[i] = toCBOR(val)
		}
		return l
	case []string:
		l := make(cbor.List, len(x))
		for i, val := range x {
			l[i] = cbor.String(val)
		}
		return l
	case List:
		return toCBOR(x.Items)
	case string:
		return cbor.String(x)
	case bool:
		return cbor.Bool(x)
	case int:
		if x < 0 {
			return cbor.NegInt(uint64(-x))
		}
		return cbor.Uint(uint64(x))
	case int32:
		return toCBOR(int(x))
	case int64:
		return toCBOR(int(x))
	case float64:
		return cbor.Float64(x)
	case time.Time:
		return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(x.UnixMilli()) / 1000)}
	}
	panic(fmt.Sprintf("awstest: cannot encode %T as CBOR", v))
}

func decodeJSONBody(r *Request) error {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return nil
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(r.Body))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return fmt.Errorf("%s %s: request body is not JSON: %v", r.Service, r.Op, err)
	}
	for k, v := range m {
		if n, ok := v.(json.Number); ok {
			v = n.String()
		}
		r.Params[k] = v
	}
	return nil
}

func decodeCBOR(r *Request) error {
	if len(r.Body) == 0 {
		return nil
	}
	v, err := cbor.Decode(r.Body)
	if err != nil {
		return fmt.Errorf("%s %s: request body is not CBOR: %v", r.Service, r.Op, err)
	}
	m, ok := v.(cbor.Map)
	if !ok {
		return fmt.Errorf("%s %s: CBOR body is not a map", r.Service, r.Op)
	}
	for k, val := range m {
		r.Params[k] = fromCBOR(val)
	}
	return nil
}

func fromCBOR(v cbor.Value) any {
	switch x := v.(type) {
	case cbor.String:
		return string(x)
	case cbor.Uint:
		return strconv.FormatUint(uint64(x), 10)
	case cbor.NegInt:
		return "-" + strconv.FormatUint(uint64(x), 10)
	case cbor.Float64:
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	case cbor.Bool:
		return bool(x)
	case cbor.List:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = fromCBOR(val)
		}
		return out
	case cbor.Map:
		out := map[string]any{}
		for k, val := range x {
			out[k] = fromCBOR(val)
		}
		return out
	}
	return nil
}

// route is one REST operation.
type route struct {
	service, method, op string
	segments            []string
	flag                string
	h                   Handler
}

func newRoute(service, method, pattern, op string, h Handler) route {
	path, flag, _ := strings.Cut(pattern, "?")
	return route{service: service, method: method, op: op, flag: flag, h: h,
		segments: strings.Split(strings.Trim(path, "/"), "/")}
}

func (s *Server) matchRoute(r *Request) (Handler, error) {
	hr := r.HTTP
	r.Protocol = RESTJSON
	if r.Service == "s3" || r.Service == "cloudfront" {
		r.Protocol = RESTXML
	}
	path := strings.Split(strings.Trim(hr.URL.EscapedPath(), "/"), "/")
	q := hr.URL.Query()
	s.mu.Lock()
	routes := slices.Clone(s.routes)
	s.mu.Unlock()
	for _, rt := range routes {
		if rt.service != r.Service || rt.method != hr.Method || (rt.flag != "" && !q.Has(rt.flag)) {
			continue
		}
		params, ok := rt.match(path)
		if !ok {
			continue
		}
		r.Op = rt.op
		for k, v := range params {
			r.Params[k] = v
		}
		for k, v := range q {
			r.Params[k] = v[0]
		}
		if r.Protocol == RESTJSON {
			if err := decodeJSONBody(r); err != nil {
				return nil, err
			}
		}
		return rt.h, nil
	}
	return nil, fmt.Errorf("no route for %s %s %s", r.Service, hr.Method, hr.URL.RequestURI())
}

func (rt route) match(path []string) (map[string]string, bool) {
	params := map[string]string{}
	for i, seg := range rt.segments {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}") {
			if i >= len(path) {
				return nil, false
			}
			rest, err := unescape(strings.Join(path[i:], "/"))
			if err != nil {
				return nil, false
			}
			params[seg[1:len(seg)-2]] = rest
			return params, true
		}
		if i >= len(path) {
			return nil, false
		}
		if strings.HasPrefix(seg, "{") {
			v, err := unescape(path[i])
			if err != nil {
				return nil, false
			}
			params[seg[1:len(seg)-1]] = v
			continue
		}
		if seg != path[i] {
			return nil, false
		}
	}
	return params, len(path) == len(rt.segments) || (len(rt.segments) == 1 && rt.segments[0] == "" && len(path) == 1 && path[0] == "")
}

// limiter is a token bucket per key.
type limiter struct {
	rate    float64
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(max(burst, 1)), buckets: map[string]*bucket{}}
}

func (l *limiter) allow(key string, now time.Time) bool {
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
