package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/alert"
)

const good = `# the issue's example, extended
route:
  receiver: secops-mail
  group_by: [account, type]
  routes:
    - matchers: ['source = "aws.guardduty"', 'severity >= 7']
      receiver: secops-slack
      continue: true
    - matchers: ['source = "aws.guardduty"']
      receiver: secops-hook
      group_wait: 10s
      routes:
        - matchers: ['resource.tag.env = prod']
          repeat_interval: 1d
    - matchers: ['source = "aws.cloudwatch"', 'alarm =~ ".*-5xx"']
      receiver: oncall-slack
      mute_time_intervals: [weekend]
receivers:
  - name: secops-mail
    email: {to: [secops@example.com], from: alerts@example.com}
  - name: secops-slack
    slack: {webhook_url_file: SLACKFILE, send_resolved: true}
  - name: secops-hook
    webhook: {url: "https://hooks.example.com/x"}
  - name: oncall-slack
    slack: {token: xoxb-not-a-real-token, channel: "#oncall"}
inhibit_rules:
  - source_matchers: ['severity_label = critical']
    target_matchers: ['severity_label =~ "low|info"']
    equal: [account]
time_intervals:
  - name: weekend
    time_intervals:
      - weekdays: ['saturday', 'sunday']
        location: Europe/London
accounts:
  "111122223333": prod
`

func writeSecret(t *testing.T, body string) string {
	p := filepath.Join(t.TempDir(), "slack")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseGood(t *testing.T) {
	secret := writeSecret(t, "https://hooks.slack.com/services/T0/B0/secretpart\n")
	cfg, err := Parse("alerts.yaml", []byte(strings.ReplaceAll(good, "SLACKFILE", secret)))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Route
	if r.GroupWait != 30*time.Second || r.GroupInterval != 5*time.Minute || r.RepeatInterval != 4*time.Hour {
		t.Errorf("root timing %v %v %v, want Alertmanager's defaults", r.GroupWait, r.GroupInterval, r.RepeatInterval)
	}
	hook := r.Routes[1]
	prod := hook.Routes[0]
	// Children inherit what they do not set.
	if prod.Receiver != "secops-hook" || prod.GroupWait != 10*time.Second || prod.RepeatInterval != 24*time.Hour ||
		!cmp.Equal(prod.GroupBy, []string{"account", "type"}) {
		t.Errorf("inherited route: %+v", prod)
	}
	if got := cfg.Receiver("secops-slack").Slack.WebhookURL; got != "https://hooks.slack.com/services/T0/B0/secretpart" {
		t.Errorf("webhook from file: %q", string(got))
	}
	if s := cfg.Receiver("secops-slack").Slack.WebhookURL.String(); s != "<secret>" {
		t.Errorf("a secret prints as %q", s)
	}
	if cfg.Accounts["111122223333"] != "prod" {
		t.Errorf("accounts: %v", cfg.Accounts)
	}

	high := &alert.Alert{Source: "aws.guardduty", Score: 8, Resource: alert.Resource{Tags: map[string]string{"env": "prod"}}}
	low := &alert.Alert{Source: "aws.guardduty", Score: 2}
	alarm := &alert.Alert{Source: "aws.cloudwatch", Score: alert.Unknown, Labels: map[string]string{"alarm": "orders-prod-5xx"}}
	other := &alert.Alert{Source: "aws.config", Score: 4}
	paths := func(a *alert.Alert) []string {
		var p []string
		for _, rt := range r.Match(a) {
			p = append(p, rt.Path+"→"+rt.Receiver)
		}
		return p
	}
	for _, tt := range []struct {
		a    *alert.Alert
		want []string
	}{
		// continue: the high finding goes to Slack and on to the hook.
		{high, []string{"route.routes[0]→secops-slack", "route.routes[1].routes[0]→secops-hook"}},
		{low, []string{"route.routes[1]→secops-hook"}},
		{alarm, []string{"route.routes[2]→oncall-slack"}},
		{other, []string{"route→secops-mail"}},
	} {
		if diff := cmp.Diff(tt.want, paths(tt.a)); diff != "" {
			t.Errorf("routes of %s (-want +got):\n%s", tt.a.Source, diff)
		}
	}
	// An alert without a severity never passes severity >= 7.
	if got := paths(&alert.Alert{Source: "aws.guardduty", Score: alert.Unknown}); got[0] != "route.routes[1]→secops-hook" {
		t.Errorf("unknown severity routed to %v", got)
	}

	sat := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	mon := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if m, why := cfg.Muted(r.Routes[2], sat); !m || why != "mute_time_intervals weekend" {
		t.Errorf("Saturday: muted %v %q", m, why)
	}
	if m, _ := cfg.Muted(r.Routes[2], mon); m {
		t.Error("Monday muted")
	}
}

func TestParseErrors(t *testing.T) {
	base := "route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook: {url: \"https://example.com/h\"}\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown top key", base + "routez: 1\n", `c.yaml:6:1: configuration: unknown key "routez" (valid: route, receivers, inhibit_rules, time_intervals, dedup, accounts, dead_letter, suppressions, digest)`},
		{"unknown route key", "route:\n  receiver: a\n  gruop_by: [x]\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:3:3: route: unknown key "gruop_by"`},
		{"bad regex", "route:\n  receiver: a\n  routes:\n    - matchers: ['type =~ \"Recon:(\"']\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:4:18: route.routes[0].matchers: matcher "type =~ \"Recon:(\"": invalid regular expression: missing closing ): ` + "`^(?:Recon:()$`"},
		{"no credentials", "route:\n  receiver: a\nreceivers:\n  - name: a\n    slack: {channel: '#x'}\n", `c.yaml:5:12: receivers[0].slack: no credentials: set webhook_url(_file) or token(_file) with channel`},
		{"http webhook", "route:\n  receiver: a\nreceivers:\n  - name: a\n    slack: {webhook_url: 'http://hooks.slack.com/services/T/B/SECRETSECRET'}\n", `c.yaml:5:26: receivers[0].slack: the webhook URL must be https (plain http only to a loopback host), not http`},
		{"unknown receiver", "route:\n  receiver: b\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:2:13: route.receiver: no receiver named "b"`},
		{"numeric on text", "route:\n  receiver: a\n  routes:\n    - matchers: ['severity >= high']\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:4:18: route.routes[0].matchers: matcher "severity >= high": >= compares numbers, and "high" is not one`},
		{"bad duration", "route:\n  receiver: a\n  group_wait: soon\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:3:15: group_wait: "soon" is not a duration (30s, 5m, 4h, 30d)`},
		{"yaml syntax", "route: [\n", `c.yaml:2:1: did not find expected node content`},
		{"root matchers", "route:\n  receiver: a\n  matchers: ['source = x']\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:2:3: route: the root route matches everything and takes no matchers`},
		{"missing secret file", "route:\n  receiver: a\nreceivers:\n  - name: a\n    slack: {webhook_url_file: /nonexistent/slack}\n", `c.yaml:5:31: receivers[0].slack.webhook_url_file: cannot read the secret: no such file or directory`},
		{"bad weekday", base + "time_intervals:\n  - name: w\n    time_intervals:\n      - weekdays: ['funday']\n", `c.yaml:9:20: time_intervals[0].time_intervals[0].weekdays: "funday" is not valid here`},
		{"empty", "", `c.yaml: empty configuration: want route and receivers`},
		{"typo field", "route:\n  receiver: a\n  routes:\n    - matchers: ['sevrity >= 7']\nreceivers:\n  - name: a\n    webhook: {url: \"https://e.com\"}\n", `c.yaml:4:18: route.routes[0].matchers: unknown field "sevrity" (fields: source, detail_type,`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows the secret: %s", err)
			}
		})
	}
}

func TestMatcher(t *testing.T) {
	a := &alert.Alert{Source: "aws.guardduty", Type: "Recon:EC2/Portscan", Score: 5, Count: 3,
		Resource: alert.Resource{Tags: map[string]string{"role": "scanner"}}}
	for _, tt := range []struct {
		m    string
		want bool
	}{
		{`type = "Recon:EC2/Portscan"`, true},
		{`type=Recon:EC2/Portscan`, true},
		{`type != "Recon:EC2/Portscan"`, false},
		{`type =~ "Recon:.*"`, true},
		{`type =~ "Recon"`, false}, // anchored
		{`type !~ "Recon:.*"`, false},
		{`severity >= 5`, true},
		{`severity > 5`, false},
		{`severity < 7`, true},
		{`count >= 2`, true},
		{`resource.tag.role = scanner`, true},
		{`resource.tag.missing = ""`, true},
		{`resource.tag.missing != ""`, false},
	} {
		m, err := ParseMatcher(tt.m)
		if err != nil {
			t.Fatalf("%s: %v", tt.m, err)
		}
		if got := m.Matches(a); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.m, got, tt.want)
		}
	}
}

func TestTimeInterval(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte(`route:
  receiver: a
  routes:
    - receiver: a
      active_time_intervals: [business]
receivers:
  - name: a
    webhook: {url: "https://e.com"}
time_intervals:
  - name: business
    time_intervals:
      - weekdays: ['monday:friday']
        times: [{start_time: '09:00', end_time: '17:00'}]
        days_of_month: ['1:-2']
        location: America/New_York
`))
	if err != nil {
		t.Fatal(err)
	}
	rt := cfg.Route.Routes[0]
	ny, _ := time.LoadLocation("America/New_York")
	for _, tt := range []struct {
		at    time.Time
		muted bool
	}{
		{time.Date(2026, 11, 25, 10, 0, 0, 0, ny), false}, // Wednesday morning
		{time.Date(2026, 11, 25, 17, 0, 0, 0, ny), true},  // end is exclusive
		{time.Date(2026, 11, 28, 10, 0, 0, 0, ny), true},  // Saturday
		{time.Date(2026, 11, 30, 10, 0, 0, 0, ny), true},  // the last day of the month is excluded by 1:-2
		{time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC), false},
	} {
		if m, _ := cfg.Muted(rt, tt.at); m != tt.muted {
			t.Errorf("%s: muted %v, want %v", tt.at, m, tt.muted)
		}
	}
}

func TestSuppressionSuggestsDocumentedTypes(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte(`route: {receiver: a}
receivers: [{name: a, webhook: {url: "https://e.com"}}]
suppressions:
  - kind: scanner
    tags: {role: scanner}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Suppressions[0].Matchers().String()
	want := `{source = "aws.guardduty", type =~ "Recon:EC2/Portscan|Impact:EC2/PortSweep", resource.tag.role = "scanner"}`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("route: {receiver: a}\nreceivers: [{name: a, webhook: {url: 'https://e.com'}}]\n"))
	f.Add([]byte("route: &a {receiver: x, routes: [*a]}\n"))
	f.Add([]byte("route: {receiver: a}\nreceivers: [{name: a}]\ndigest: {receiver: a}\nsuppressions: [{kind: egress-ip, cidrs: [198.51.100.0/22, 203.0.113.9]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err == nil && (cfg.Route == nil || cfg.Receiver(cfg.Route.Receiver) == nil) {
			t.Fatal("a configuration without a usable root route was accepted")
		}
		if err == nil {
			// Suggested silences are built from what the parser accepted:
			// they must compile.
			for _, s := range cfg.Suppressions {
				s.Matchers()
			}
		}
	})
}

func TestDigestReceiver(t *testing.T) {
	base := "route: {receiver: a}\nreceivers: [{name: a, webhook: {url: \"https://example.com/h\"}}]\n"
	cfg, err := Parse("alerts.yaml", []byte(base+"digest: {receiver: a}\n"))
	if err != nil || cfg.DigestReceiver != "a" {
		t.Fatalf("%v %+v", err, cfg)
	}
	for in, want := range map[string]string{
		"digest: {receiver: b}\n": `alerts.yaml:3:20: digest.receiver: no receiver named "b"`,
		"digest: {recever: a}\n":  `alerts.yaml:3:10: digest: unknown key "recever"`,
		"digest: {}\n":            `alerts.yaml:3:9: digest: name the receiver`,
		"suppressions: [{kind: egress-ip, cidrs: [2001:db8::/32]}]\n":          `alerts.yaml:3:42: suppressions[0].cidrs: 2001:db8::/32: only IPv4 blocks are supported`,
		"suppressions: [{kind: egress-ip}]\n":                                  `suppressions[0]: egress-ip needs the cidrs`,
		"suppressions: [{kind: scanner, tags: {a: b}, cidrs: [10.0.0.0/8]}]\n": `suppressions[0]: cidrs apply to kind egress-ip only`,
	} {
		_, err := Parse("alerts.yaml", []byte(base+in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %s", in, err, want)
		}
	}
}
