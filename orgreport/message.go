package orgreport

import (
	"bytes"
	"fmt"

	"github.com/awssec/awssec/internal/mail"
)

// MailRows is the most resources the e-mail body lists; the attached CSV
// always has them all. An HTML body with 200,000 rows would be tens of
// megabytes that no mail client renders.
const MailRows = 2000

// Trim returns a copy of the report that lists at most n resources, with
// Truncated saying how many it left out. Totals are those of the whole
// report.
func Trim(r *Report, n int) *Report {
	out := *r
	out.Aggregators = make([]Aggregator, len(r.Aggregators))
	left := n
	for i, ag := range r.Aggregators {
		ag.Rules = append([]Rule(nil), ag.Rules...)
		for j, rule := range ag.Rules {
			rule.Accounts = append([]RuleAccount(nil), rule.Accounts...)
			for k, a := range rule.Accounts {
				keep := min(left, len(a.Resources))
				out.Truncated += len(a.Resources) - keep
				left -= keep
				a.Resources = a.Resources[:keep:keep]
				rule.Accounts[k] = a
			}
			ag.Rules[j] = rule
		}
		out.Aggregators[i] = ag
	}
	return &out
}

// Message is the report as an e-mail: the text table and the HTML body as
// alternatives (at most MailRows resources each), the full CSV attached.
func Message(r *Report, from string, to, cc []string) (mail.Message, error) {
	body := Trim(r, MailRows)
	var text, html, csv bytes.Buffer
	if err := Text(&text, body); err != nil {
		return mail.Message{}, err
	}
	if body.Truncated > 0 {
		fmt.Fprintf(&text, "\n%d more resources are listed in the attached CSV.\n", body.Truncated)
	}
	if err := HTML(&html, body); err != nil {
		return mail.Message{}, err
	}
	if err := CSV(&csv, r); err != nil {
		return mail.Message{}, err
	}
	name := "org-config-report-" + r.GeneratedAt.UTC().Format("2006-01-02") + ".csv"
	return mail.Message{From: from, To: to, Cc: cc, Subject: Subject(r), Text: text.String(), HTML: html.String(), Date: r.GeneratedAt,
		Attachments: []mail.Attachment{{Name: name, ContentType: "text/csv", Data: csv.Bytes(), Lines: true}}}, nil
}
