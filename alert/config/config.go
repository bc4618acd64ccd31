// Package config reads the alert routing configuration: a YAML file in
// Prometheus Alertmanager's shape (a routing tree with matchers, continue,
// inherited grouping and timing, inhibition rules, time intervals,
// receivers), with every unknown key, bad matcher and missing credential
// reported at its line and column.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/awssec/awssec/alert"
)

// Alertmanager's defaults.
const (
	DefaultGroupWait      = 30 * time.Second
	DefaultGroupInterval  = 5 * time.Minute
	DefaultRepeatInterval = 4 * time.Hour
)

// Config is a loaded configuration.
type Config struct {
	File          string
	Route         *Route
	Receivers     []*Receiver
	InhibitRules  []*InhibitRule
	TimeIntervals map[string]*TimeInterval
	// AggregateRegions de-duplicates the same finding type on the same
	// resource across regions into one alert.
	AggregateRegions bool
	// Accounts names account ids for people ("111122223333": "prod").
	Accounts map[string]string
	// DeadLetter is the file where notifications that finally failed are
	// appended as JSON lines.
	DeadLetter string
	// Suppressions generate suggested silences for AWS's documented
	// GuardDuty false-positive cases.
	Suppressions []*Suppression
	// DigestReceiver receives the daily digest of suppressed alerts from
	// the Lambda function and the queue consumer (digest: {receiver: …}).
	DigestReceiver string
}

// Receiver returns the receiver with the name, or nil.
func (c *Config) Receiver(name string) *Receiver {
	for _, r := range c.Receivers {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Route is one node of the routing tree. Unset settings are inherited
// from the parent when the tree is loaded.
type Route struct {
	Receiver            string
	GroupBy             []string
	GroupByAll          bool // group_by: ['...']
	Matchers            Matchers
	Continue            bool
	GroupWait           time.Duration
	GroupInterval       time.Duration
	RepeatInterval      time.Duration
	MuteTimeIntervals   []string
	ActiveTimeIntervals []string
	Routes              []*Route
	// Path names the route for people and logs: "route", "route.routes[1]".
	Path string
	Line int
}

// InhibitRule mutes alerts matching Target while an alert matching Source
// with the same Equal fields is firing.
type InhibitRule struct {
	Source, Target Matchers
	Equal          []string
	Line           int
}

// Secret is a credential: a webhook URL or a token. It never prints.
type Secret string

func (Secret) String() string { return "<secret>" }

// LogValue keeps the secret out of structured logs.
func (Secret) LogValue() slog.Value { return slog.StringValue("<secret>") }

// GoString keeps the secret out of %#v.
func (Secret) GoString() string { return "<secret>" }

// Receiver is a named set of destinations.
type Receiver struct {
	Name    string
	Slack   *Slack
	Email   *Email
	Webhook *Webhook
	SNS     *SNS
	Line    int
}

// Kinds lists the receiver's destination kinds.
func (r *Receiver) Kinds() []string {
	var k []string
	if r.Slack != nil {
		k = append(k, "slack")
	}
	if r.Email != nil {
		k = append(k, "email")
	}
	if r.Webhook != nil {
		k = append(k, "webhook")
	}
	if r.SNS != nil {
		k = append(k, "sns")
	}
	return k
}

// Slack posts to an incoming webhook, or with a bot token to a channel
// through the Web API.
type Slack struct {
	WebhookURL   Secret
	Token        Secret
	Channel      string
	APIURL       string // the Web API base (tests point it at a double)
	SendResolved bool
}

// Email sends through SES (transport "ses") or an SMTP server URL.
type Email struct {
	To           []string
	From         string
	Transport    string // "ses" or smtp://host:port, smtps://host
	Password     Secret
	SendResolved bool
}

// Webhook posts JSON, signed with HMAC-SHA256 when a secret is set.
type Webhook struct {
	URL          Secret
	HMACSecret   Secret
	SendResolved bool
}

// SNS publishes to a topic.
type SNS struct {
	TopicARN     string
	SendResolved bool
}

// Suppression describes instances or addresses AWS documents as common
// sources of GuardDuty false positives; it becomes suggested silences.
type Suppression struct {
	Kind string            // public-probe, scanner, bastion, egress-ip
	Tags map[string]string // resource tags that mark the instances
	// CIDRs are the IPv4 blocks (egress-ip) that the organisation's
	// traffic leaves from: NAT gateways, on-premises or VPN egress.
	CIDRs    []string
	Line     int
	prefixes []netip.Prefix
}

// ParseError is a configuration error at a position.
type ParseError struct {
	File      string
	Line, Col int
	Err       error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Load reads and checks the configuration file.
func Load(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data)
}

// Parse reads and checks a configuration. Files it names (secrets) are
// read relative to the working directory.
func Parse(file string, data []byte) (*Config, error) {
	p := &parser{file: file, cfg: &Config{File: file, TimeIntervals: map[string]*TimeInterval{}}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var le *yaml.LoadError
		if errors.As(err, &le) {
			return nil, &ParseError{File: file, Line: le.Mark.Line, Col: le.Mark.Column, Err: errors.New(le.Message)}
		}
		return nil, &ParseError{File: file, Err: err}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &ParseError{File: file, Err: errors.New("empty configuration: want route and receivers")}
	}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

// IsLoopback reports whether a URL's host is a loopback address, the one
// place plain http is allowed (tests and local relays).
func IsLoopback(u *url.URL) bool {
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// CheckURL refuses anything but https, except to a loopback host. The
// message never contains the URL: webhook URLs are secrets.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("is not a URL")
	}
	if u.Scheme == "https" || (u.Scheme == "http" && IsLoopback(u)) {
		return nil
	}
	return fmt.Errorf("must be https (plain http only to a loopback host), not %s", strings.ToLower(u.Scheme))
}

// suggestedTypes are the GuardDuty finding types AWS documents as expected
// for each kind of instance
// (https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html).
var suggestedTypes = map[string]string{
	"public-probe": "Recon:EC2/PortProbeUnprotectedPort|Recon:EC2/PortProbeEMRUnprotectedPort",
	"scanner":      "Recon:EC2/Portscan|Impact:EC2/PortSweep",
	"bastion":      "UnauthorizedAccess:EC2/SSHBruteForce|UnauthorizedAccess:EC2/RDPBruteForce",
	// Instance credentials used from the organisation's own egress
	// (on-premises gateways, VPN): GuardDuty's documentation advises a
	// suppression rule on the remote IP
	// (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html).
	"egress-ip": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS|UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
}

// Matchers returns the silence the suppression suggests: the documented
// finding types on instances carrying the tags.
func (s *Suppression) Matchers() Matchers {
	ms := Matchers{mustMatcher(`source = "aws.guardduty"`), mustMatcher(`type =~ "` + suggestedTypes[s.Kind] + `"`)}
	keys := make([]string, 0, len(s.Tags))
	for k := range s.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		ms = append(ms, &Matcher{Field: "resource.tag." + k, Op: OpEqual, Value: s.Tags[k]})
	}
	if len(s.prefixes) > 0 {
		// The remote address GuardDuty reports for the API call.
		ms = append(ms, mustMatcher(`source_ip =~ `+strconv.Quote(cidrRegexp(s.prefixes))))
	}
	return ms
}

func mustMatcher(s string) *Matcher {
	m, err := ParseMatcher(s)
	if err != nil {
		panic(err)
	}
	return m
}

// SendResolved reports whether any destination of the receiver wants
// notifications of resolved alerts.
func (r *Receiver) SendResolved() bool {
	return r.Slack != nil && r.Slack.SendResolved || r.Email != nil && r.Email.SendResolved ||
		r.Webhook != nil && r.Webhook.SendResolved || r.SNS != nil && r.SNS.SendResolved
}

// Match returns the routes an alert goes to, as Alertmanager does: depth
// first, the first matching child wins unless it has continue set, and a
// route none of whose children match takes the alert itself.
func (r *Route) Match(a *alert.Alert) []*Route {
	if !r.Matchers.Matches(a) {
		return nil
	}
	var all []*Route
	for _, c := range r.Routes {
		m := c.Match(a)
		all = append(all, m...)
		if m != nil && !c.Continue {
			break
		}
	}
	if len(all) == 0 {
		all = append(all, r)
	}
	return all
}

// Step is one line of a routing explanation.
type Step struct {
	Depth   int
	Route   *Route
	Matched bool
	// Failed is the first matcher that did not match.
	Failed *Matcher
	// Note says what happened next: "continue: trying siblings",
	// "first match: siblings skipped", "no child matched: delivered here".
	Note string
}

// Explain walks the tree like Match and records why each route matched
// or not.
func (r *Route) Explain(a *alert.Alert) ([]*Route, []Step) {
	var steps []Step
	var walk func(r *Route, depth int) []*Route
	walk = func(r *Route, depth int) []*Route {
		if f := r.Matchers.First(a); f != nil {
			steps = append(steps, Step{Depth: depth, Route: r, Failed: f})
			return nil
		}
		i := len(steps)
		steps = append(steps, Step{Depth: depth, Route: r, Matched: true})
		var all []*Route
		for ci, c := range r.Routes {
			m := walk(c, depth+1)
			all = append(all, m...)
			if m != nil && !c.Continue {
				if ci < len(r.Routes)-1 {
					steps[len(steps)-1].Note = appendNote(steps[len(steps)-1].Note, "no continue: later siblings not tried")
				}
				break
			}
			if m != nil {
				steps[len(steps)-1].Note = appendNote(steps[len(steps)-1].Note, "continue: trying later siblings")
			}
		}
		if len(all) == 0 {
			all = append(all, r)
			steps[i].Note = appendNote(steps[i].Note, "delivered here")
			if len(r.Routes) > 0 {
				steps[i].Note = "no child matched: " + steps[i].Note
			}
		}
		return all
	}
	return walk(r, 0), steps
}

func appendNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// GroupKey returns the key and labels of the group an alert joins on
// this route.
func (r *Route) GroupKey(a *alert.Alert) (string, []string) {
	if r.GroupByAll {
		return r.Path + "{key=" + a.Key + "}", []string{"key=" + a.Key}
	}
	labels := make([]string, len(r.GroupBy))
	for i, f := range r.GroupBy {
		v, _ := a.Field(f)
		labels[i] = f + "=" + v
	}
	return r.Path + "{" + strings.Join(labels, ",") + "}", labels
}

// Muted reports whether the route's time intervals mute it at t, and
// which interval decided.
func (c *Config) Muted(r *Route, t time.Time) (bool, string) {
	for _, name := range r.MuteTimeIntervals {
		if c.TimeIntervals[name].Contains(t) {
			return true, "mute_time_intervals " + name
		}
	}
	if len(r.ActiveTimeIntervals) == 0 {
		return false, ""
	}
	for _, name := range r.ActiveTimeIntervals {
		if c.TimeIntervals[name].Contains(t) {
			return false, ""
		}
	}
	return true, "outside active_time_intervals " + strings.Join(r.ActiveTimeIntervals, ", ")
}

// FormatDuration writes a duration the way the configuration takes it:
// 30s, 5m, 4h, 1d, 1h30m.
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		n string
		d time.Duration
	}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}} {
		if d >= u.d {
			fmt.Fprintf(&b, "%d%s", d/u.d, u.n)
			d %= u.d
		}
	}
	return b.String()
}
