package mail_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/mail"
	"github.com/awssec/awssec/internal/mail/mailtest"
)

const csvData = "aggregator,rule,account_id\nAggregatorTest,vpc-flow-logs-enabled,777788889999\n"

func message(to ...string) mail.Message {
	return mail.Message{
		From: "config-report@example.com", To: to, Subject: "AWS Config: 1 non-compliant rule",
		Text: "1 non-compliant rule\n", HTML: "<p>1 non-compliant rule</p>",
		Attachments: []mail.Attachment{{Name: "org-report.csv", ContentType: "text/csv", Data: []byte(csvData), Lines: true}},
		Date:        time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
	}
}

func addresses(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("secops%03d@example.com", i))
	}
	return out
}

// sesServer is the SES double and a transport to it that retries
// quickly.
func sesServer(t *testing.T) (*awstest.Server, *mail.SES) {
	srv := awstest.New(t)
	srv.Serve(nil)
	return srv, mail.NewSES(srv.Config(t, "111122223333"), func(o *sesv2.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts, so.MaxBackoff = 5, 20*time.Millisecond
		})
	})
}

// checkParts reads a sent message back and checks its alternatives and
// its attachment.
func checkParts(t *testing.T, raw []byte, wantCSV string) *mailtest.Parsed {
	t.Helper()
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p.Text = strings.ReplaceAll(p.Text, "\r\n", "\n")
	if !p.Alternatives || p.Text != "1 non-compliant rule\n" || p.HTML != "<p>1 non-compliant rule</p>" {
		t.Errorf("body: alternatives=%v text=%q html=%q", p.Alternatives, p.Text, p.HTML)
	}
	if len(p.Attachments) != 1 || p.Attachments[0].Name != "org-report.csv" || string(p.Attachments[0].Data) != wantCSV {
		t.Errorf("attachments: %+v", p.Attachments)
	}
	return p
}

func TestSESSplitsRecipients(t *testing.T) {
	srv, ses := sesServer(t)
	to := addresses(120)
	m := message(to[:100]...)
	m.Cc = to[100:]
	sent, err := mail.Send(context.Background(), ses, m, mail.SESLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.SES().Sent()
	if len(sent) != 3 || len(got) != 3 {
		t.Fatalf("sent %d messages, SES got %d; want 3", len(sent), len(got))
	}
	var all []string
	for i, msg := range got {
		n := len(msg.To) + len(msg.Cc)
		if n > 50 {
			t.Errorf("message %d has %d recipients", i, n)
		}
		all = append(all, msg.To...)
		all = append(all, msg.Cc...)
		p := checkParts(t, msg.Raw, csvData)
		if p.Subject != m.Subject {
			t.Errorf("subject %q", p.Subject)
		}
		if sent[i].ID != msg.ID {
			t.Errorf("message id %q, SES gave %q", sent[i].ID, msg.ID)
		}
	}
	if d := cmp.Diff(to, all); d != "" {
		t.Errorf("recipients (-want +got):\n%s", d)
	}
	// The last message carries the Cc recipients in its Cc header.
	if len(got[2].Cc) != 20 {
		t.Errorf("last message Cc %v", got[2].Cc)
	}
}

// bigCSV is a CSV whose rows compress poorly (random ids), n rows.
func bigCSV(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("aggregator,rule,account_id,resource_id\n")
	for i := range n {
		fmt.Fprintf(&b, "AggregatorTest,rule-%d,%012d,i-%016x%016x\n", i%40, r.IntN(1e12), r.Uint64(), r.Uint64())
	}
	return b.Bytes()
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSESOversizeCompressesThenSplits(t *testing.T) {
	data := bigCSV(5000) // ~375 KB, ~200 KB gzipped
	for _, tc := range []struct {
		name      string
		max       int
		wantParts int
	}{
		{"fits", 1 << 20, 1},
		{"compressed", 400 << 10, 1},
		{"split", 60 << 10, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ses := sesServer(t)
			srv.SES().SetMaxSize(tc.max)
			m := message("secops@example.com")
			m.Attachments[0].Data = data
			sent, err := mail.Send(context.Background(), ses, m, mail.Limits{MaxRecipients: 50, MaxSize: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			got := srv.SES().Sent()
			if len(sent) != tc.wantParts || len(got) != tc.wantParts {
				t.Fatalf("sent %d, SES got %d, want %d", len(sent), len(got), tc.wantParts)
			}
			// Put the pieces back together: nothing lost, header once.
			var whole []byte
			for i, msg := range got {
				if len(msg.Raw) > tc.max {
					t.Errorf("message %d is %d bytes, over %d", i, len(msg.Raw), tc.max)
				}
				p, err := mailtest.Parse(msg.Raw)
				if err != nil {
					t.Fatal(err)
				}
				a := p.Attachments[0]
				body := a.Data
				switch {
				case tc.name == "fits":
					if a.Name != "org-report.csv" {
						t.Errorf("attachment %q", a.Name)
					}
				default:
					if !strings.HasSuffix(a.Name, ".gz") || a.ContentType != "application/gzip" {
						t.Errorf("attachment %q %s, want gzip", a.Name, a.ContentType)
					}
					body = gunzip(t, body)
				}
				if i > 0 {
					_, body, _ = bytes.Cut(body, []byte("\n"))
				}
				whole = append(whole, body...)
				if tc.wantParts > 1 && !strings.HasSuffix(p.Subject, fmt.Sprintf("(part %d of %d)", i+1, tc.wantParts)) {
					t.Errorf("subject %q", p.Subject)
				}
			}
			if !bytes.Equal(whole, data) {
				t.Errorf("reassembled attachment differs: %d bytes, want %d", len(whole), len(data))
			}
		})
	}
}

func TestSESBodyTooLarge(t *testing.T) {
	_, ses := sesServer(t)
	m := message("secops@example.com")
	m.HTML = strings.Repeat("<p>x</p>", 100000)
	_, err := mail.Send(context.Background(), ses, m, mail.Limits{MaxSize: 100 << 10})
	if !errors.Is(err, mail.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestSESErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(*awstest.Server)
		to       []string
		limits   mail.Limits
		kind     mail.Kind
		contains string
		sent     int
	}{
		{"unverified sender", func(s *awstest.Server) { s.SES().Verify(false, "other@example.com") }, []string{"secops@example.com"},
			mail.SESLimits, mail.KindUnverified, `identity not verified: "config-report@example.com"`, 0},
		{"sandbox recipient", func(s *awstest.Server) { s.SES().Verify(true, "config-report@example.com", "secops@example.com") },
			[]string{"secops@example.com", "cfo@corp.example.net"}, mail.SESLimits, mail.KindUnverified, `"cfo@corp.example.net"`, 0},
		{"verified domain", func(s *awstest.Server) { s.SES().Verify(true, "example.com") }, []string{"secops@example.com"},
			mail.SESLimits, "", "", 1},
		{"too many recipients", nil, addresses(60), mail.Limits{MaxRecipients: 60}, mail.KindRejected,
			"MessageRejected: Recipient count exceeds 50.; sent 0 of 1 messages, not sent to 60 recipients (secops000@example.com, secops001@example.com, secops002@example.com, ...)", 0},
		{"unverified after one sent", func(s *awstest.Server) { s.SES().Verify(true, "example.com") },
			append(addresses(50), "cfo@corp.example.net"), mail.SESLimits, mail.KindUnverified,
			`"cfo@corp.example.net" (verify it in SES, and in the SES sandbox verify every recipient too); sent 1 of 2 messages, not sent to cfo@corp.example.net`, 1},
		{"throttled then sent", func(s *awstest.Server) {
			s.Inject(awstest.Fault{Service: "ses", Op: "SendEmail", Times: 3,
				Err: &awstest.Error{Status: 429, Code: "TooManyRequestsException", Message: "Maximum sending rate exceeded."}})
		}, []string{"secops@example.com"}, mail.SESLimits, "", "", 1},
		{"throttled for good", func(s *awstest.Server) {
			s.Inject(awstest.Fault{Service: "ses", Op: "SendEmail",
				Err: &awstest.Error{Status: 429, Code: "TooManyRequestsException", Message: "Maximum sending rate exceeded."}})
		}, []string{"secops@example.com"}, mail.SESLimits, mail.KindThrottled, "throttled", 0},
		{"paused", func(s *awstest.Server) {
			s.Inject(awstest.Fault{Service: "ses", Op: "SendEmail",
				Err: &awstest.Error{Status: 400, Code: "SendingPausedException", Message: "Sending is paused for this account."}})
		}, []string{"secops@example.com"}, mail.SESLimits, mail.KindAccount, "SendingPausedException", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ses := sesServer(t)
			if tc.setup != nil {
				tc.setup(srv)
			}
			sent, err := mail.Send(awstest.Context(t), ses, message(tc.to...), tc.limits)
			if len(sent) != tc.sent || len(srv.SES().Sent()) != tc.sent {
				t.Errorf("sent %d, SES got %d, want %d", len(sent), len(srv.SES().Sent()), tc.sent)
			}
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var se *mail.SendError
			if !errors.As(err, &se) || se.Kind != tc.kind {
				t.Fatalf("err = %v, want a %s SendError", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not say %q", err, tc.contains)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		m    mail.Message
		want string
	}{
		{mail.Message{To: []string{"a@example.com"}, Text: "x"}, "no sender: set --from"},
		{mail.Message{From: "not-an-address", To: []string{"a@example.com"}, Text: "x"}, `--from "not-an-address" is not an e-mail address`},
		{mail.Message{From: "a@example.com", Text: "x"}, "no recipients: set --to"},
		{mail.Message{From: "a@example.com", To: []string{"b@example.com\r\nBcc: evil@example.net"}, Text: "x"}, "is not an e-mail address"},
		{mail.Message{From: "a@example.com", Cc: []string{"Sec Ops <b@example.com>"}, Text: "x"}, "give the bare address (b@example.com)"},
	} {
		err := tc.m.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.m, err, tc.want)
		}
	}
}

func TestSMTP(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts mailtest.Options
		cfg  func(*mailtest.Server) mail.SMTPConfig
	}{
		{"starttls with auth", mailtest.Options{User: "reporter", Password: "s3cret-pw"}, func(s *mailtest.Server) mail.SMTPConfig {
			return mail.SMTPConfig{URL: s.URL(), Password: "s3cret-pw", TLSConfig: s.ClientTLS}
		}},
		{"implicit tls", mailtest.Options{ImplicitTLS: true, User: "reporter", Password: "s3cret-pw"}, func(s *mailtest.Server) mail.SMTPConfig {
			return mail.SMTPConfig{URL: s.URL(), Password: "s3cret-pw", TLSConfig: s.ClientTLS}
		}},
		{"loopback without tls", mailtest.Options{NoTLS: true}, func(s *mailtest.Server) mail.SMTPConfig {
			return mail.SMTPConfig{URL: s.URL(), InsecureNoTLS: true}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, tc.opts)
			tr, err := mail.NewSMTP(tc.cfg(srv))
			if err != nil {
				t.Fatal(err)
			}
			m := message("secops@example.com", "cloud@example.com")
			m.Cc = []string{"audit@example.com"}
			sent, err := mail.Send(awstest.Context(t), tr, m, mail.SESLimits)
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Received()
			if len(sent) != 1 || len(got) != 1 {
				t.Fatalf("sent %d, received %d", len(sent), len(got))
			}
			msg := got[0]
			if msg.From != m.From || !slices.Equal(msg.To, []string{"secops@example.com", "cloud@example.com", "audit@example.com"}) {
				t.Errorf("envelope from %q to %v", msg.From, msg.To)
			}
			if msg.TLS == tc.opts.NoTLS || msg.User != tc.opts.User {
				t.Errorf("TLS %v, user %q", msg.TLS, msg.User)
			}
			p := checkParts(t, msg.Data, csvData)
			if p.Header.Get("Cc") != "<audit@example.com>" {
				t.Errorf("Cc header %q", p.Header.Get("Cc"))
			}
			if strings.Contains(string(msg.Data), "s3cret-pw") {
				t.Error("the password is in the message")
			}
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "reporter", Password: "right"})
	tr, err := mail.NewSMTP(mail.SMTPConfig{URL: srv.URL(), Password: "wrong", TLSConfig: srv.ClientTLS})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mail.Send(awstest.Context(t), tr, message("secops@example.com"), mail.SESLimits)
	var se *mail.SendError
	if !errors.As(err, &se) || se.Kind != mail.KindAuth {
		t.Errorf("wrong password: err = %v, want an auth SendError", err)
	}

	srv = mailtest.Start(t, mailtest.Options{})
	srv.Reject(1, 554, "Message rejected as spam")
	tr, err = mail.NewSMTP(mail.SMTPConfig{URL: srv.URL(), TLSConfig: srv.ClientTLS})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mail.Send(awstest.Context(t), tr, message("secops@example.com"), mail.SESLimits)
	if !errors.As(err, &se) || se.Kind != mail.KindRejected {
		t.Errorf("554: err = %v, want a rejected SendError", err)
	}
}

func TestSMTPConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  mail.SMTPConfig
		want string
	}{
		{mail.SMTPConfig{URL: "http://mail.example.com"}, "the scheme must be smtp:// or smtps://"},
		{mail.SMTPConfig{URL: "smtp://user:pw@mail.example.com"}, "must not carry a password"},
		{mail.SMTPConfig{URL: "smtp://user@mail.example.com:587"}, `names user "user" but no password was given`},
		{mail.SMTPConfig{URL: "smtp://mail.example.com:587", InsecureNoTLS: true}, "only allowed to a loopback host"},
		{mail.SMTPConfig{URL: "smtp://mail.example.com:99999"}, "bad port"},
		{mail.SMTPConfig{URL: "smtp:///nohost"}, "has no host"},
	} {
		_, err := mail.NewSMTP(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.cfg.URL, err, tc.want)
		}
	}
}

// TestPlanSizesEveryGroup: the size limit holds for every recipient group,
// including a later one with longer addresses than the first.
func TestPlanSizesEveryGroup(t *testing.T) {
	long := []string{}
	for i := range 8 {
		long = append(long, fmt.Sprintf("a-much-longer-recipient-address-%d-%s@example.com", i, strings.Repeat("x", 150)))
	}
	m := message(append(addresses(50), long...)...)
	m.Attachments[0].Data = bigCSV(200)
	loose, err := mail.Plan(m, mail.Limits{MaxRecipients: 50, MaxSize: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	largest := 0
	for _, o := range loose {
		largest = max(largest, len(o.Raw))
	}
	if len(loose) != 2 || len(loose[1].Raw) != largest {
		t.Fatalf("%d messages; the second (long addresses) should be the largest", len(loose))
	}
	for _, tc := range []struct {
		max        int
		compressed bool
	}{{largest, false}, {largest - 1, true}} {
		out, err := mail.Plan(m, mail.Limits{MaxRecipients: 50, MaxSize: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if len(o.Raw) > tc.max || o.Compressed != tc.compressed {
				t.Errorf("max %d: a message of %d bytes, compressed %v", tc.max, len(o.Raw), o.Compressed)
			}
		}
	}
}
