package orgreport

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/internal/mail"
)

// Settings are a scheduled run's, read from the environment of the Lambda
// function (see deploy/org-report).
type Settings struct {
	Aggregators      []string // ORG_REPORT_AGGREGATORS, comma-separated; empty: all
	AllRules         bool     // ORG_REPORT_ALL_RULES=true
	From             string   // ORG_REPORT_FROM
	To, Cc           []string // ORG_REPORT_TO, ORG_REPORT_CC, comma-separated
	SkipEmpty        bool     // ORG_REPORT_SKIP_EMPTY=true
	Concurrency      int      // ORG_REPORT_MAX_CONCURRENCY (default 32)
	ConfigurationSet string   // ORG_REPORT_SES_CONFIGURATION_SET
}

// SettingsFromEnv reads and checks the settings; the error names the
// variable.
func SettingsFromEnv(getenv func(string) string) (Settings, error) {
	list := func(name string) []string {
		var out []string
		for _, v := range strings.Split(getenv(name), ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	flag := func(name string) (bool, error) {
		v := getenv(name)
		if v == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, fmt.Errorf("%s=%q: want true or false", name, v)
		}
		return b, nil
	}
	s := Settings{Aggregators: list("ORG_REPORT_AGGREGATORS"), From: strings.TrimSpace(getenv("ORG_REPORT_FROM")),
		To: list("ORG_REPORT_TO"), Cc: list("ORG_REPORT_CC"), ConfigurationSet: getenv("ORG_REPORT_SES_CONFIGURATION_SET"), Concurrency: 32}
	var err error
	if s.AllRules, err = flag("ORG_REPORT_ALL_RULES"); err != nil {
		return s, err
	}
	if s.SkipEmpty, err = flag("ORG_REPORT_SKIP_EMPTY"); err != nil {
		return s, err
	}
	if v := getenv("ORG_REPORT_MAX_CONCURRENCY"); v != "" {
		if s.Concurrency, err = strconv.Atoi(v); err != nil || s.Concurrency < 1 {
			return s, fmt.Errorf("ORG_REPORT_MAX_CONCURRENCY=%q: want a positive number", v)
		}
	}
	m := mail.Message{From: s.From, To: s.To, Cc: s.Cc, Text: "-"}
	if err := m.Validate(); err != nil {
		return s, fmt.Errorf("ORG_REPORT_FROM / ORG_REPORT_TO / ORG_REPORT_CC: %w", err)
	}
	return s, nil
}

// Outcome is what a scheduled run returns: the Lambda function's response.
type Outcome struct {
	Aggregators           int      `json:"aggregators"`
	NonCompliantRules     int      `json:"nonCompliantRules"`
	NonCompliantResources int      `json:"nonCompliantResources"`
	Accounts              int      `json:"accounts"`
	NotAssessed           int      `json:"notAssessed"`
	MessageIDs            []string `json:"messageIds"`
}

// ErrPartial marks a run that sent its report but could not assess all of
// it: the Lambda function fails, so that its alarm and dead-letter queue
// see it.
var ErrPartial = errors.New("parts of the report could not be assessed")

// RunScheduled collects the report, e-mails it through tr (SES from cfg
// when nil) and returns what it did. A partial report is sent, then
// reported as an error wrapping ErrPartial.
func RunScheduled(ctx context.Context, cfg aws.Config, s Settings, tr mail.Transport, now func() time.Time) (Outcome, error) {
	r, err := Collect(ctx, cfg, Options{Aggregators: s.Aggregators, AllRules: s.AllRules, Concurrency: s.Concurrency, Now: now})
	if err != nil {
		return Outcome{}, err
	}
	rules, resources, accounts := r.Totals()
	out := Outcome{Aggregators: len(r.Aggregators), NonCompliantRules: rules, NonCompliantResources: resources, Accounts: accounts,
		NotAssessed: len(r.NotAssessed), MessageIDs: []string{}}
	if !(r.Empty() && s.SkipEmpty && !r.Partial()) {
		if tr == nil {
			ses := mail.NewSES(cfg)
			ses.ConfigurationSet = s.ConfigurationSet
			tr = ses
		}
		m, err := Message(r, s.From, s.To, s.Cc)
		if err != nil {
			return out, err
		}
		sent, err := mail.Send(ctx, tr, m, mail.SESLimits)
		for _, x := range sent {
			out.MessageIDs = append(out.MessageIDs, x.ID)
		}
		if err != nil {
			return out, err
		}
	}
	if r.Partial() {
		var parts []string
		for _, g := range r.NotAssessed {
			var where []string
			for _, f := range []string{g.Aggregator, g.Rule, g.AccountID, g.Region, g.Call} {
				if f != "" {
					where = append(where, f)
				}
			}
			parts = append(parts, strings.Join(where, " ")+": "+g.Error)
		}
		return out, fmt.Errorf("%w (%d): %s", ErrPartial, len(r.NotAssessed), strings.Join(parts, "; "))
	}
	return out, nil
}
