// Package notify delivers the router's notifications: Slack (incoming
// webhooks and the Web API, Block Kit, ~1 message per second per channel,
// 429 Retry-After honoured), e-mail (SES or SMTP through internal/mail),
// SNS and generic webhooks (JSON, optional HMAC signature). Each
// integration of each receiver has its own queue, retries with backoff on
// 5xx, 429 and network errors, and a dead-letter file for what finally
// fails, so that one receiver being down never holds up the others.
// Secrets (webhook URLs, tokens) never appear in errors or logs.
package notify

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/router"
)

// Summary is the one-line text of a notification: "[FIRING:2] account=…".
func Summary(n *router.Notification) string {
	var b strings.Builder
	switch {
	case len(n.Firing) > 0:
		fmt.Fprintf(&b, "[FIRING:%d]", len(n.Firing))
	default:
		fmt.Fprintf(&b, "[RESOLVED:%d]", len(n.Resolved))
	}
	if len(n.Firing) > 0 && len(n.Resolved) > 0 {
		fmt.Fprintf(&b, "[RESOLVED:%d]", len(n.Resolved))
	}
	if n.Repeat {
		b.WriteString(" (reminder)")
	}
	if first := top(n); first != nil {
		fmt.Fprintf(&b, " %s %s", first.SeverityLabel(), first.Title)
		if more := len(n.Firing) + len(n.Resolved) - 1; more > 0 {
			fmt.Fprintf(&b, " and %d more", more)
		}
	}
	if len(n.GroupLabels) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(n.GroupLabels, ", "))
	}
	return b.String()
}

func top(n *router.Notification) *alert.Alert {
	if len(n.Firing) > 0 {
		return n.Firing[0]
	}
	if len(n.Resolved) > 0 {
		return n.Resolved[0]
	}
	return nil
}

// Colours by severity band, for Slack attachments.
var colours = map[string]string{
	alert.LabelCritical: "#7b0000", alert.LabelHigh: "#d00000", alert.LabelMedium: "#ff9f1c",
	alert.LabelLow: "#2f80ed", alert.LabelInfo: "#9e9e9e", alert.LabelUnknown: "#6d6d6d",
}

// Colour is the colour of a notification: its most severe alert's, green
// when everything resolved.
func Colour(n *router.Notification) string {
	if len(n.Firing) == 0 {
		return "#2eb67d"
	}
	return colours[n.Firing[0].SeverityLabel()]
}

func account(a *alert.Alert) string {
	if a.AccountName != "" {
		return a.Account + " (" + a.AccountName + ")"
	}
	return a.Account
}

func resource(a *alert.Alert) string {
	r := strings.TrimSpace(a.Resource.Type + " " + a.Resource.ID)
	if r == "" {
		r = a.Resource.ARN
	}
	return r
}

// Text renders a notification as plain text (e-mail, SNS).
func Text(n *router.Notification) string {
	var b strings.Builder
	b.WriteString(Summary(n))
	b.WriteString("\n")
	section := func(title string, as []*alert.Alert) {
		if len(as) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for i := range as {
			a := as[i]
			fmt.Fprintf(&b, "\n- %s\n", a.Title)
			fmt.Fprintf(&b, "  severity: %s\n  source:   %s (%s)\n", a.SeverityText(), a.Source, a.Type)
			fmt.Fprintf(&b, "  account:  %s\n  region:   %s\n", account(a), a.Region)
			if r := resource(a); r != "" {
				fmt.Fprintf(&b, "  resource: %s\n", r)
			}
			if a.Count > 1 {
				fmt.Fprintf(&b, "  seen:     %d times, %s to %s\n", a.Count, ts(a.FirstSeen), ts(a.LastSeen))
			} else if !a.LastSeen.IsZero() {
				fmt.Fprintf(&b, "  seen:     %s\n", ts(a.LastSeen))
			}
			if a.Link != "" {
				fmt.Fprintf(&b, "  console:  %s\n", a.Link)
			}
		}
	}
	section("Firing", n.Firing)
	section("Resolved", n.Resolved)
	return b.String()
}

// HTML renders a notification for e-mail.
func HTML(n *router.Notification) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<h2 style=\"color:%s\">%s</h2>\n", Colour(n), html.EscapeString(Summary(n)))
	section := func(title string, as []*alert.Alert) {
		if len(as) == 0 {
			return
		}
		fmt.Fprintf(&b, "<h3>%s</h3>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n", title)
		b.WriteString("<tr><th>severity</th><th>title</th><th>account</th><th>region</th><th>resource</th><th>count</th></tr>\n")
		for i := range as {
			a := as[i]
			t := html.EscapeString(a.Title)
			if a.Link != "" {
				t = "<a href=\"" + html.EscapeString(a.Link) + "\">" + t + "</a>"
			}
			fmt.Fprintf(&b, "<tr><td style=\"color:%s\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>\n",
				colours[a.SeverityLabel()], html.EscapeString(a.SeverityText()), t, html.EscapeString(account(a)),
				html.EscapeString(a.Region), html.EscapeString(resource(a)), a.Count)
		}
		b.WriteString("</table>\n")
	}
	section("Firing", n.Firing)
	section("Resolved", n.Resolved)
	return b.String()
}

func ts(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}
