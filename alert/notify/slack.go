package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
)

// maxBlocks is Slack's limit of blocks in one message.
const maxBlocks = 50

// SlackMessage builds the Block Kit message of a notification: a
// top-level text (what notifications and screen readers show), and one
// attachment coloured by severity holding at most 50 blocks.
func SlackMessage(n *router.Notification) (text string, att slack.Attachment) {
	text = Summary(n)
	var blocks []slack.Block
	blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, cut(text, 150), false, false)))
	all := append(append([]alertLine{}, lines(n.Firing, "")...), lines(n.Resolved, "resolved: ")...)
	room := maxBlocks - len(blocks) - 1 // one for "and N more"
	for i, l := range all {
		if i == room && len(all) > room+1 {
			blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
				fmt.Sprintf("…and %d more alerts", len(all)-room), false, false)))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, cut(l.text, 3000), false, false), nil, nil))
	}
	att = slack.Attachment{Color: Colour(n), Blocks: slack.Blocks{BlockSet: blocks}}
	return text, att
}

type alertLine struct{ text string }

func lines(as []*alert.Alert, prefix string) []alertLine {
	out := make([]alertLine, 0, len(as))
	for i := range as {
		a := as[i]
		title := escapeSlack(a.Title)
		if a.Link != "" {
			title = "<" + a.Link + "|" + title + ">"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "*%s%s*\n", prefix, title)
		fmt.Fprintf(&b, "severity *%s* · account %s · region %s", a.SeverityText(), escapeSlack(account(a)), escapeSlack(a.Region))
		if r := resource(a); r != "" {
			fmt.Fprintf(&b, "\nresource `%s`", strings.ReplaceAll(r, "`", "'"))
		}
		if a.Count > 1 {
			fmt.Fprintf(&b, " · seen %d times", a.Count)
		}
		out = append(out, alertLine{b.String()})
	}
	return out
}

// escapeSlack escapes the three characters Slack's mrkdwn reserves.
func escapeSlack(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// channelPacer spaces messages to one channel ~1 s apart, as Slack asks
// of incoming webhooks and chat.postMessage.
type channelPacer struct {
	mu   sync.Mutex
	next map[string]time.Time
	gap  time.Duration
}

func newPacer(gap time.Duration) *channelPacer {
	return &channelPacer{next: map[string]time.Time{}, gap: gap}
}

// wait blocks until the channel may be posted to again.
func (p *channelPacer) wait(ctx context.Context, channel string) error {
	p.mu.Lock()
	now := time.Now()
	at := p.next[channel]
	if at.Before(now) {
		at = now
	}
	p.next[channel] = at.Add(p.gap)
	p.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Slack sends to Slack.
type Slack struct {
	cfg    *config.Slack
	client *http.Client
	api    *slack.Client
	pacer  *channelPacer
	key    string // the pacing key: the channel, never the URL itself
}

func newSlack(cfg *config.Slack, client *http.Client, pacer *channelPacer, receiver string) *Slack {
	s := &Slack{cfg: cfg, client: client, pacer: pacer, key: "webhook:" + receiver}
	if cfg.Token != "" {
		opts := []slack.Option{slack.OptionHTTPClient(client)}
		if cfg.APIURL != "" {
			opts = append(opts, slack.OptionAPIURL(strings.TrimSuffix(cfg.APIURL, "/")+"/"))
		}
		s.api = slack.New(string(cfg.Token), opts...)
		s.key = "channel:" + cfg.Channel
	}
	return s
}

// Send posts one message.
func (s *Slack) Send(ctx context.Context, n *router.Notification) error {
	if err := s.pacer.wait(ctx, s.key); err != nil {
		return err
	}
	text, att := SlackMessage(n)
	var err error
	if s.api != nil {
		_, _, err = s.api.PostMessageContext(ctx, s.cfg.Channel, slack.MsgOptionText(text, false), slack.MsgOptionAttachments(att))
	} else {
		err = slack.PostWebhookCustomHTTPContext(ctx, string(s.cfg.WebhookURL), s.client, &slack.WebhookMessage{Text: text, Attachments: []slack.Attachment{att}})
	}
	return classifySlack(err)
}

func classifySlack(err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &retryable{err: errors.New("slack: 429 rate limited"), after: rl.RetryAfter}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 || sc.Code == http.StatusTooManyRequests {
			return &retryable{err: fmt.Errorf("slack: HTTP %d", sc.Code)}
		}
		return fmt.Errorf("slack: HTTP %d", sc.Code)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		// A Web API refusal (channel_not_found, invalid_auth) will not
		// change by retrying.
		return fmt.Errorf("slack: %s", se.Err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &retryable{err: fmt.Errorf("slack: %w", err)}
}
