package config

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/awssec/awssec/alert"
)

type parser struct {
	file string
	cfg  *Config
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	return &ParseError{File: p.file, Line: n.Line, Col: n.Column, Err: fmt.Errorf(format, args...)}
}

// fields walks a mapping, rejecting keys not in allowed and keys given
// twice.
func (p *parser) fields(n *yaml.Node, what string, allowed []string, f func(key string, k, v *yaml.Node) error) error {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s: want a mapping, got %s", what, kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if !contains(allowed, k.Value) {
			return p.errf(k, "%s: unknown key %q (valid: %s)", what, k.Value, strings.Join(allowed, ", "))
		}
		if seen[k.Value] {
			return p.errf(k, "%s: %q given twice", what, k.Value)
		}
		seen[k.Value] = true
		if err := f(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s: want a string, got %s", key, kindName(n))
	}
	return n.Value, nil
}

func (p *parser) boolean(n *yaml.Node, key string) (bool, error) {
	if n.Kind == yaml.ScalarNode {
		if b, err := strconv.ParseBool(n.Value); err == nil {
			return b, nil
		}
	}
	return false, p.errf(n, "%s: want true or false, got %s", key, kindName(n))
}

func (p *parser) strings(n *yaml.Node, key string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s: want a list, got %s", key, kindName(n))
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		s, err := p.str(resolve(c), key)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// duration reads Prometheus durations: 30s, 5m, 4h, 1d, 1w, 1h30m.
func (p *parser) duration(n *yaml.Node, key string) (time.Duration, error) {
	s, err := p.str(n, key)
	if err != nil {
		return 0, err
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, p.errf(n, "%s: %v", key, err)
	}
	if d <= 0 {
		return 0, p.errf(n, "%s: must be more than zero", key)
	}
	return d, nil
}

// ParseDuration reads a duration with Prometheus's units added to Go's:
// d (days) and w (weeks).
func ParseDuration(s string) (time.Duration, error) {
	var total time.Duration
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		j := i
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		if i == 0 || j == i {
			return 0, fmt.Errorf("%q is not a duration (30s, 5m, 4h, 30d)", s)
		}
		v, _ := strconv.ParseInt(rest[:i], 10, 64)
		var unit time.Duration
		switch rest[i:j] {
		case "ms":
			unit = time.Millisecond
		case "s":
			unit = time.Second
		case "m":
			unit = time.Minute
		case "h":
			unit = time.Hour
		case "d":
			unit = 24 * time.Hour
		case "w":
			unit = 7 * 24 * time.Hour
		default:
			return 0, fmt.Errorf("%q is not a duration (30s, 5m, 4h, 30d)", s)
		}
		total += time.Duration(v) * unit
		rest = rest[j:]
	}
	if s == "" {
		return 0, errors.New("empty duration")
	}
	return total, nil
}

func (p *parser) matchers(n *yaml.Node, key string) (Matchers, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s: want a list of matchers, got %s", key, kindName(n))
	}
	var ms Matchers
	for _, c := range n.Content {
		c = resolve(c)
		s, err := p.str(c, key)
		if err != nil {
			return nil, err
		}
		m, err := ParseMatcher(s)
		if err != nil {
			return nil, p.errf(c, "%s: %v", key, err)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func (p *parser) top(n *yaml.Node) error {
	var routeNode, receiversNode *yaml.Node
	var inhibit, intervals, digest *yaml.Node
	err := p.fields(n, "configuration", []string{"route", "receivers", "inhibit_rules", "time_intervals", "dedup", "accounts", "dead_letter", "suppressions", "digest"},
		func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "route":
				routeNode = v
			case "receivers":
				receiversNode = v
			case "inhibit_rules":
				inhibit = v
			case "time_intervals":
				intervals = v
			case "dedup":
				err = p.fields(v, "dedup", []string{"aggregate_regions"}, func(_ string, _, v *yaml.Node) error {
					var err error
					p.cfg.AggregateRegions, err = p.boolean(v, "dedup.aggregate_regions")
					return err
				})
			case "accounts":
				if v.Kind != yaml.MappingNode {
					return p.errf(v, "accounts: want a mapping of account id to name, got %s", kindName(v))
				}
				p.cfg.Accounts = map[string]string{}
				for i := 0; i+1 < len(v.Content); i += 2 {
					name, e := p.str(v.Content[i+1], "accounts."+v.Content[i].Value)
					if e != nil {
						return e
					}
					p.cfg.Accounts[v.Content[i].Value] = name
				}
			case "dead_letter":
				p.cfg.DeadLetter, err = p.str(v, key)
			case "suppressions":
				err = p.suppressions(v)
			case "digest":
				digest = v
			}
			return err
		})
	if err != nil {
		return err
	}
	if intervals != nil {
		if err := p.timeIntervals(intervals); err != nil {
			return err
		}
	}
	if receiversNode == nil {
		return p.errf(n, "no receivers: list at least one under receivers")
	}
	if err := p.receivers(receiversNode); err != nil {
		return err
	}
	if digest != nil {
		err := p.fields(digest, "digest", []string{"receiver"}, func(key string, k, v *yaml.Node) error {
			name, err := p.str(v, "digest.receiver")
			if err == nil && p.cfg.Receiver(name) == nil {
				err = p.errf(v, "digest.receiver: no receiver named %q", name)
			}
			p.cfg.DigestReceiver = name
			return err
		})
		if err != nil {
			return err
		}
		if p.cfg.DigestReceiver == "" {
			return p.errf(digest, "digest: name the receiver the daily digest goes to (digest: {receiver: NAME})")
		}
	}
	if routeNode == nil {
		return p.errf(n, "no route: the root route names the default receiver")
	}
	root, err := p.route(routeNode, nil, "route")
	if err != nil {
		return err
	}
	if len(root.Matchers) > 0 {
		return p.errf(routeNode, "route: the root route matches everything and takes no matchers")
	}
	if root.Receiver == "" {
		return p.errf(routeNode, "route: the root route needs a receiver")
	}
	p.cfg.Route = root
	if inhibit != nil {
		if err := p.inhibitRules(inhibit); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) route(n *yaml.Node, parent *Route, path string) (*Route, error) {
	r := &Route{Path: path, Line: n.Line}
	if parent != nil {
		// Children inherit what they do not set.
		r.Receiver, r.GroupBy, r.GroupByAll = parent.Receiver, parent.GroupBy, parent.GroupByAll
		r.GroupWait, r.GroupInterval, r.RepeatInterval = parent.GroupWait, parent.GroupInterval, parent.RepeatInterval
	} else {
		r.GroupWait, r.GroupInterval, r.RepeatInterval = DefaultGroupWait, DefaultGroupInterval, DefaultRepeatInterval
	}
	var children *yaml.Node
	err := p.fields(n, path, []string{"receiver", "group_by", "matchers", "continue", "group_wait", "group_interval", "repeat_interval",
		"mute_time_intervals", "active_time_intervals", "routes"}, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "receiver":
			if r.Receiver, err = p.str(v, key); err == nil && p.cfg.Receiver(r.Receiver) == nil {
				err = p.errf(v, "%s.receiver: no receiver named %q", path, r.Receiver)
			}
		case "group_by":
			var gb []string
			if gb, err = p.strings(v, key); err != nil {
				return err
			}
			r.GroupBy, r.GroupByAll = nil, false
			for i, f := range gb {
				if f == "..." {
					if len(gb) != 1 {
						return p.errf(v.Content[i], "%s.group_by: '...' groups by every field and stands alone", path)
					}
					r.GroupByAll = true
					continue
				}
				if !knownField(f) {
					return p.errf(v.Content[i], "%s.group_by: unknown field %q (fields: %s)", path, f, strings.Join(alert.Fields, ", "))
				}
				r.GroupBy = append(r.GroupBy, f)
			}
		case "matchers":
			r.Matchers, err = p.matchers(v, path+".matchers")
			for i, m := range r.Matchers {
				if err == nil && !knownField(m.Field) {
					err = p.errf(v.Content[i], "%s.matchers: unknown field %q (fields: %s)", path, m.Field, strings.Join(alert.Fields, ", "))
				}
			}
		case "continue":
			r.Continue, err = p.boolean(v, key)
		case "group_wait":
			r.GroupWait, err = p.duration(v, key)
		case "group_interval":
			r.GroupInterval, err = p.duration(v, key)
		case "repeat_interval":
			r.RepeatInterval, err = p.duration(v, key)
		case "mute_time_intervals", "active_time_intervals":
			var names []string
			if names, err = p.strings(v, key); err != nil {
				return err
			}
			for i, name := range names {
				if p.cfg.TimeIntervals[name] == nil {
					return p.errf(v.Content[i], "%s.%s: no time interval named %q", path, key, name)
				}
			}
			if key == "mute_time_intervals" {
				r.MuteTimeIntervals = names
			} else {
				r.ActiveTimeIntervals = names
			}
		case "routes":
			children = v
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if children != nil {
		if children.Kind != yaml.SequenceNode {
			return nil, p.errf(children, "%s.routes: want a list, got %s", path, kindName(children))
		}
		for i, c := range children.Content {
			child, err := p.route(resolve(c), r, fmt.Sprintf("%s.routes[%d]", path, i))
			if err != nil {
				return nil, err
			}
			r.Routes = append(r.Routes, child)
		}
	}
	return r, nil
}

// knownField accepts the alert's fields, resource tags and source labels.
func knownField(f string) bool {
	if strings.HasPrefix(f, "resource.tag.") && len(f) > len("resource.tag.") {
		return true
	}
	switch f {
	case "source", "detail_type", "id", "type", "title", "severity", "severity_label", "account", "account_name", "region",
		"resource.type", "resource.id", "resource.arn", "status", "count":
		return true
	}
	// Source labels: alarm, rule, event_name, workflow, dimension.ApiName …
	if strings.HasPrefix(f, "dimension.") && len(f) > len("dimension.") {
		return true
	}
	return slices.Contains(alert.LabelNames, f)
}

func (p *parser) receivers(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "receivers: want a list, got %s", kindName(n))
	}
	for i, c := range n.Content {
		c = resolve(c)
		r := &Receiver{Line: c.Line}
		path := fmt.Sprintf("receivers[%d]", i)
		err := p.fields(c, path, []string{"name", "slack", "email", "webhook", "sns"}, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "name":
				r.Name, err = p.str(v, key)
			case "slack":
				r.Slack, err = p.slack(v, path+".slack")
			case "email":
				r.Email, err = p.email(v, path+".email")
			case "webhook":
				r.Webhook, err = p.webhook(v, path+".webhook")
			case "sns":
				r.SNS, err = p.sns(v, path+".sns")
			}
			return err
		})
		if err != nil {
			return err
		}
		if r.Name == "" {
			return p.errf(c, "%s: no name", path)
		}
		if p.cfg.Receiver(r.Name) != nil {
			return p.errf(c, "%s: receiver %q defined twice", path, r.Name)
		}
		p.cfg.Receivers = append(p.cfg.Receivers, r)
	}
	return nil
}

// secret reads a credential given inline (key) or from a file (key_file).
func (p *parser) secret(v *yaml.Node, key string, fromFile bool) (Secret, error) {
	s, err := p.str(v, key)
	if err != nil || !fromFile {
		return Secret(s), err
	}
	b, err := os.ReadFile(s)
	if err != nil {
		return "", p.errf(v, "%s: cannot read the secret: %v", key, errors.Unwrap(err))
	}
	return Secret(strings.TrimSpace(string(b))), nil
}

func (p *parser) slack(n *yaml.Node, path string) (*Slack, error) {
	s := &Slack{}
	var urlNode *yaml.Node
	err := p.fields(n, path, []string{"webhook_url", "webhook_url_file", "token", "token_file", "channel", "api_url", "send_resolved"},
		func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "webhook_url", "webhook_url_file":
				if urlNode != nil {
					return p.errf(k, "%s: give webhook_url or webhook_url_file, not both", path)
				}
				urlNode = v
				s.WebhookURL, err = p.secret(v, path+"."+key, key == "webhook_url_file")
			case "token", "token_file":
				if s.Token != "" {
					return p.errf(k, "%s: give token or token_file, not both", path)
				}
				s.Token, err = p.secret(v, path+"."+key, key == "token_file")
			case "channel":
				s.Channel, err = p.str(v, key)
			case "api_url":
				if s.APIURL, err = p.str(v, key); err == nil {
					if e := CheckURL(s.APIURL); e != nil {
						err = p.errf(v, "%s.api_url %v", path, e)
					}
				}
			case "send_resolved":
				s.SendResolved, err = p.boolean(v, key)
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	switch {
	case s.WebhookURL == "" && s.Token == "":
		return nil, p.errf(n, "%s: no credentials: set webhook_url(_file) or token(_file) with channel", path)
	case s.WebhookURL != "" && s.Token != "":
		return nil, p.errf(n, "%s: give a webhook or a token, not both", path)
	case s.Token != "" && s.Channel == "":
		return nil, p.errf(n, "%s: the Web API needs a channel", path)
	case s.WebhookURL != "":
		if e := CheckURL(string(s.WebhookURL)); e != nil {
			return nil, p.errf(urlNode, "%s: the webhook URL %v", path, e)
		}
	}
	return s, nil
}

func (p *parser) email(n *yaml.Node, path string) (*Email, error) {
	e := &Email{}
	err := p.fields(n, path, []string{"to", "from", "transport", "password_file", "send_resolved"}, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "to":
			e.To, err = p.strings(v, key)
		case "from":
			e.From, err = p.str(v, key)
		case "transport":
			e.Transport, err = p.str(v, key)
		case "password_file":
			e.Password, err = p.secret(v, path+"."+key, true)
		case "send_resolved":
			e.SendResolved, err = p.boolean(v, key)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(e.To) == 0 || e.From == "" {
		return nil, p.errf(n, "%s: needs to and from", path)
	}
	for _, a := range append([]string{e.From}, e.To...) {
		if !strings.Contains(a, "@") || strings.ContainsAny(a, " \r\n<>") {
			return nil, p.errf(n, "%s: %q is not an e-mail address", path, a)
		}
	}
	if e.Transport == "" {
		e.Transport = "ses"
	}
	if e.Transport != "ses" && !strings.HasPrefix(e.Transport, "smtp://") && !strings.HasPrefix(e.Transport, "smtps://") {
		return nil, p.errf(n, "%s.transport: want ses, smtp://host:port or smtps://host:port", path)
	}
	return e, nil
}

func (p *parser) webhook(n *yaml.Node, path string) (*Webhook, error) {
	w := &Webhook{SendResolved: true}
	var urlNode *yaml.Node
	err := p.fields(n, path, []string{"url", "url_file", "hmac_secret_file", "send_resolved"}, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "url", "url_file":
			if urlNode != nil {
				return p.errf(k, "%s: give url or url_file, not both", path)
			}
			urlNode = v
			w.URL, err = p.secret(v, path+"."+key, key == "url_file")
		case "hmac_secret_file":
			w.HMACSecret, err = p.secret(v, path+"."+key, true)
		case "send_resolved":
			w.SendResolved, err = p.boolean(v, key)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if urlNode == nil {
		return nil, p.errf(n, "%s: no url", path)
	}
	if e := CheckURL(string(w.URL)); e != nil {
		return nil, p.errf(urlNode, "%s: the URL %v", path, e)
	}
	return w, nil
}

func (p *parser) sns(n *yaml.Node, path string) (*SNS, error) {
	s := &SNS{}
	err := p.fields(n, path, []string{"topic_arn", "send_resolved"}, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "topic_arn":
			s.TopicARN, err = p.str(v, key)
		case "send_resolved":
			s.SendResolved, err = p.boolean(v, key)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(s.TopicARN, "arn:") || !strings.Contains(s.TopicARN, ":sns:") {
		return nil, p.errf(n, "%s.topic_arn: want an SNS topic ARN", path)
	}
	return s, nil
}

func (p *parser) inhibitRules(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "inhibit_rules: want a list, got %s", kindName(n))
	}
	for i, c := range n.Content {
		c = resolve(c)
		path := fmt.Sprintf("inhibit_rules[%d]", i)
		r := &InhibitRule{Line: c.Line}
		err := p.fields(c, path, []string{"source_matchers", "target_matchers", "equal"}, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "source_matchers":
				r.Source, err = p.matchers(v, path+"."+key)
			case "target_matchers":
				r.Target, err = p.matchers(v, path+"."+key)
			case "equal":
				r.Equal, err = p.strings(v, key)
			}
			return err
		})
		if err != nil {
			return err
		}
		if len(r.Source) == 0 || len(r.Target) == 0 {
			return p.errf(c, "%s: needs source_matchers and target_matchers", path)
		}
		p.cfg.InhibitRules = append(p.cfg.InhibitRules, r)
	}
	return nil
}

func (p *parser) timeIntervals(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "time_intervals: want a list, got %s", kindName(n))
	}
	for i, c := range n.Content {
		c = resolve(c)
		path := fmt.Sprintf("time_intervals[%d]", i)
		ti := &TimeInterval{}
		err := p.fields(c, path, []string{"name", "time_intervals"}, func(key string, k, v *yaml.Node) error {
			switch key {
			case "name":
				var err error
				ti.Name, err = p.str(v, key)
				return err
			}
			if v.Kind != yaml.SequenceNode {
				return p.errf(v, "%s.time_intervals: want a list, got %s", path, kindName(v))
			}
			for j, pn := range v.Content {
				per, err := p.period(resolve(pn), fmt.Sprintf("%s.time_intervals[%d]", path, j))
				if err != nil {
					return err
				}
				ti.Periods = append(ti.Periods, per)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if ti.Name == "" {
			return p.errf(c, "%s: no name", path)
		}
		if p.cfg.TimeIntervals[ti.Name] != nil {
			return p.errf(c, "%s: time interval %q defined twice", path, ti.Name)
		}
		p.cfg.TimeIntervals[ti.Name] = ti
	}
	return nil
}

func (p *parser) period(n *yaml.Node, path string) (Period, error) {
	var per Period
	ranges := func(v *yaml.Node, key string, names map[string]int, lo, hi int, neg bool) ([]Range, error) {
		items, err := p.strings(v, key)
		if err != nil {
			return nil, err
		}
		var out []Range
		for i, s := range items {
			r, err := parseRange(s, names, lo, hi, neg)
			if err != nil {
				return nil, p.errf(v.Content[i], "%s.%s: %v", path, key, err)
			}
			out = append(out, r)
		}
		return out, nil
	}
	err := p.fields(n, path, []string{"times", "weekdays", "days_of_month", "months", "years", "location"}, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "times":
			if v.Kind != yaml.SequenceNode {
				return p.errf(v, "%s.times: want a list, got %s", path, kindName(v))
			}
			for _, tn := range v.Content {
				var tr TimeRange
				errT := p.fields(tn, path+".times", []string{"start_time", "end_time"}, func(key string, k, v *yaml.Node) error {
					s, err := p.str(v, key)
					if err != nil {
						return err
					}
					m, err := parseClock(s)
					if err != nil {
						return p.errf(v, "%s.times.%s: %v", path, key, err)
					}
					if key == "start_time" {
						tr.Start = m
					} else {
						tr.End = m
					}
					return nil
				})
				if errT != nil {
					return errT
				}
				if tr.End <= tr.Start {
					return p.errf(tn, "%s.times: end_time must be after start_time", path)
				}
				per.Times = append(per.Times, tr)
			}
		case "weekdays":
			per.Weekdays, err = ranges(v, key, weekdayNames, 0, 6, false)
		case "days_of_month":
			per.DaysOfMonth, err = ranges(v, key, nil, 1, 31, true)
		case "months":
			per.Months, err = ranges(v, key, monthNames, 1, 12, false)
		case "years":
			per.Years, err = ranges(v, key, nil, 1, 9999, false)
		case "location":
			var name string
			if name, err = p.str(v, key); err == nil {
				if per.Location, err = time.LoadLocation(name); err != nil {
					err = p.errf(v, "%s.location: unknown time zone %q", path, name)
				}
			}
		}
		return err
	})
	return per, err
}

var suppressionKinds = []string{"public-probe", "scanner", "bastion", "egress-ip"}

func (p *parser) suppressions(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "suppressions: want a list, got %s", kindName(n))
	}
	for i, c := range n.Content {
		c = resolve(c)
		path := fmt.Sprintf("suppressions[%d]", i)
		s := &Suppression{Line: c.Line}
		err := p.fields(c, path, []string{"kind", "tags", "cidrs"}, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "kind":
				if s.Kind, err = p.str(v, key); err == nil && !contains(suppressionKinds, s.Kind) {
					err = p.errf(v, "%s.kind: unknown kind %q (valid: %s)", path, s.Kind, strings.Join(suppressionKinds, ", "))
				}
			case "tags":
				if v.Kind != yaml.MappingNode {
					return p.errf(v, "%s.tags: want a mapping, got %s", path, kindName(v))
				}
				s.Tags = map[string]string{}
				for j := 0; j+1 < len(v.Content); j += 2 {
					val, err := p.str(v.Content[j+1], "tags")
					if err != nil {
						return err
					}
					s.Tags[v.Content[j].Value] = val
				}
			case "cidrs":
				if v.Kind != yaml.SequenceNode {
					return p.errf(v, "%s.cidrs: want a list, got %s", path, kindName(v))
				}
				for _, e := range v.Content {
					c, err := p.str(e, "cidrs")
					if err != nil {
						return err
					}
					prefix, err := parseCIDR(c)
					if err != nil {
						return p.errf(e, "%s.cidrs: %v", path, err)
					}
					s.CIDRs = append(s.CIDRs, prefix.String())
					s.prefixes = append(s.prefixes, prefix)
				}
			}
			return err
		})
		if err != nil {
			return err
		}
		if s.Kind == "" {
			return p.errf(c, "%s: no kind (valid: %s)", path, strings.Join(suppressionKinds, ", "))
		}
		switch {
		case s.Kind == "egress-ip" && len(s.CIDRs) == 0:
			return p.errf(c, "%s: egress-ip needs the cidrs the instance credentials are expected from", path)
		case s.Kind == "egress-ip" && len(s.Tags) > 0:
			return p.errf(c, "%s: egress-ip takes cidrs, not tags (its findings are about an access key, not an instance)", path)
		case s.Kind != "egress-ip" && len(s.CIDRs) > 0:
			return p.errf(c, "%s: cidrs apply to kind egress-ip only", path)
		case s.Kind != "egress-ip" && len(s.Tags) == 0:
			return p.errf(c, "%s: %s needs the tags that mark the instances", path, s.Kind)
		}
		p.cfg.Suppressions = append(p.cfg.Suppressions, s)
	}
	return nil
}
