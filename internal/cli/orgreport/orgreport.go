// Package orgreport implements `awssec org-report`: the seed guide's
// Scenario 1, every non-compliant organization Config rule per aggregator
// with its non-compliant resources, printed or e-mailed through SES or
// SMTP.
package orgreport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/mail"
	org "github.com/awssec/awssec/orgreport"
)

// PasswordEnv is the environment variable that holds the SMTP password.
const PasswordEnv = "AWSSEC_SMTP_PASSWORD"

// Options are the inputs of `awssec org-report`.
type Options struct {
	Factory *cmdutil.Factory
	Getenv  func(string) string

	Aggregators []string
	AllRules    bool
	Demo        bool
	DryRun      bool
	Format      string
	Output      string
	SinceLast   string
	SkipEmpty   bool

	From, Via    string
	To, Cc       []string
	SMTPURL      string
	SMTPPassFile string
	SMTPNoTLS    bool
	SMTPPassword string // refused: only here to say so
	// SMTPTLS overrides the TLS settings of SMTP (tests trust their own CA).
	SMTPTLS   *tls.Config
	ConfigSet string

	Profile, EndpointURL, Region string
	Concurrency                  int
}

// NewCmdOrgReport builds `awssec org-report`. runF replaces the run in
// tests.
func NewCmdOrgReport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f, Getenv: os.Getenv}
	cmd := &cobra.Command{
		Use:   "org-report",
		Short: "Report non-compliant organization Config rules per aggregator, and e-mail it through SES or SMTP",
		Long: "org-report reads the AWS Config aggregators of the account it runs in (the organization's\n" +
			"aggregator account) and lists, per aggregator, every non-compliant organization Config rule\n" +
			"with every non-compliant resource: account id, resource id, resource type and region.\n" +
			"Without --to it prints the report; with --to it e-mails it (text and HTML, the full CSV\n" +
			"attached) through SES (default) or SMTP. The SMTP password comes from " + PasswordEnv + "\n" +
			"or --smtp-password-file, never from a flag value.\n" +
			"Exit codes: 0 done, 2 bad usage or input or a failed send, 3 parts could not be assessed.",
		Example: "  awssec org-report --demo --dry-run\n" +
			"  awssec org-report --aggregator AggregatorTest --format csv --output report.csv\n" +
			"  awssec org-report --to secops@example.com --from config-report@example.com\n" +
			"  awssec org-report --via smtp --smtp-url smtp://reporter@mail.example.com:587 --to secops@example.com --from config-report@example.com\n" +
			"  awssec org-report --since-last state.json --to secops@example.com --from config-report@example.com",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("smtp-password") {
				return cmdutil.Usagef("--smtp-password is refused: a password on the command line shows in process lists and shell history; set %s or use --smtp-password-file", PasswordEnv)
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Aggregators, "aggregator", nil, "report this aggregator (repeatable; default: every aggregator in the account and region)")
	fl.BoolVar(&opts.AllRules, "all-rules", false, "report every non-compliant rule, not only organization rules")
	fl.BoolVar(&opts.Demo, "demo", false, "report on the built-in demo organization (no AWS account needed)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the report instead of sending it")
	fl.StringVar(&opts.Format, "format", "table", "printed format: "+strings.Join(org.Formats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file (default: stdout when printing; with --to, a copy of what was sent)")
	fl.StringVar(&opts.SinceLast, "since-last", "", "state file: mark what is new and what was fixed since the last report, then update it")
	fl.BoolVar(&opts.SkipEmpty, "skip-empty", false, "send nothing when no resource is non-compliant")
	fl.StringVar(&opts.From, "from", "", "sender address (an SES-verified identity)")
	fl.StringSliceVar(&opts.To, "to", nil, "recipient (repeatable or comma-separated)")
	fl.StringSliceVar(&opts.Cc, "cc", nil, "copy recipient (repeatable or comma-separated)")
	fl.StringVar(&opts.Via, "via", "ses", "send through: ses, smtp")
	fl.StringVar(&opts.SMTPURL, "smtp-url", "", "SMTP server: smtp://[user@]host[:port] (STARTTLS) or smtps://[user@]host[:port] (TLS)")
	fl.StringVar(&opts.SMTPPassFile, "smtp-password-file", "", "read the SMTP password from this file (default: $"+PasswordEnv+")")
	fl.BoolVar(&opts.SMTPNoTLS, "smtp-insecure-no-tls", false, "send to a loopback SMTP server without TLS (refused for any other host)")
	fl.StringVar(&opts.SMTPPassword, "smtp-password", "", "refused: use $"+PasswordEnv+" or --smtp-password-file")
	fl.MarkHidden("smtp-password")
	fl.StringVar(&opts.ConfigSet, "ses-configuration-set", "", "SES configuration set to send with")
	fl.StringVar(&opts.Profile, "profile", "", "AWS profile (default: AWS_PROFILE, then the default chain)")
	fl.StringVar(&opts.Region, "region", "", "region of the aggregators (default: the profile's region)")
	fl.StringVar(&opts.EndpointURL, "endpoint-url", "", "send every AWS client to this endpoint (a local emulator)")
	fl.IntVar(&opts.Concurrency, "max-concurrency", 32, "detail calls in flight")
	return cmd
}

// sending reports whether the run e-mails the report.
func (o *Options) sending() bool { return len(o.To) > 0 || len(o.Cc) > 0 }

// validate checks every input before anything is read or sent.
func (o *Options) validate() (mail.Transport, *org.State, error) {
	if err := cmdutil.OneOf("--format", o.Format, org.Formats); err != nil {
		return nil, nil, err
	}
	if err := cmdutil.OneOf("--via", o.Via, []string{"ses", "smtp"}); err != nil {
		return nil, nil, err
	}
	if o.Concurrency < 1 {
		return nil, nil, cmdutil.Usagef("--max-concurrency must be at least 1")
	}
	var prev *org.State
	if o.SinceLast != "" {
		data, err := o.Factory.ReadFile(o.SinceLast)
		switch {
		case errors.Is(err, os.ErrNotExist):
			// The first report: everything is new, and the file is created.
		case err != nil:
			return nil, nil, cmdutil.Usagef("--since-last: %v", err)
		default:
			if prev, err = org.ReadState(o.SinceLast, data); err != nil {
				return nil, nil, &cmdutil.UsageError{Err: err}
			}
		}
	}
	if !o.sending() {
		if o.From != "" || o.SMTPURL != "" {
			return nil, prev, cmdutil.Usagef("--from and --smtp-url need recipients: add --to")
		}
		return nil, prev, nil
	}
	m := mail.Message{From: o.From, To: o.To, Cc: o.Cc, Text: "-"}
	if err := m.Validate(); err != nil {
		return nil, nil, &cmdutil.UsageError{Err: err}
	}
	if o.Via == "ses" {
		if o.SMTPURL != "" || o.SMTPPassFile != "" || o.SMTPNoTLS {
			return nil, nil, cmdutil.Usagef("the --smtp-* flags need --via smtp")
		}
		return nil, prev, nil // the SES client needs the AWS configuration: built in Run
	}
	if o.SMTPURL == "" {
		return nil, nil, cmdutil.Usagef("--via smtp needs --smtp-url")
	}
	password := o.Getenv(PasswordEnv)
	if o.SMTPPassFile != "" {
		data, err := o.Factory.ReadFile(o.SMTPPassFile)
		if err != nil {
			return nil, nil, cmdutil.Usagef("--smtp-password-file: %v", err)
		}
		password = strings.TrimRight(string(data), "\r\n")
	}
	tr, err := mail.NewSMTP(mail.SMTPConfig{URL: o.SMTPURL, Password: password, InsecureNoTLS: o.SMTPNoTLS, TLSConfig: o.SMTPTLS})
	if err != nil {
		return nil, nil, &cmdutil.UsageError{Err: err}
	}
	return tr, prev, nil
}

// Run builds the report, prints or sends it, and updates the state file.
func Run(ctx context.Context, o *Options) error {
	f := o.Factory
	tr, prev, err := o.validate()
	if err != nil {
		return err
	}
	// The AWS configuration is loaded once, and only when needed: the
	// demo printed or sent over SMTP needs no credentials.
	var cfg *aws.Config
	loadAWS := func() (aws.Config, error) {
		if cfg == nil {
			c, err := f.AWSConfig(ctx, o.Profile, o.EndpointURL)
			if err != nil {
				return c, err
			}
			if o.Region != "" {
				c.Region = o.Region
			}
			cfg = &c
		}
		return *cfg, nil
	}

	var r *org.Report
	copts := org.Options{Aggregators: o.Aggregators, AllRules: o.AllRules, Concurrency: o.Concurrency, Now: f.Now}
	finish := func() {}
	if f.IOStreams.IsStderrTTY() {
		var bar *progressbar.ProgressBar
		copts.Progress = func(done, known int) {
			if bar == nil {
				bar = progressbar.NewOptions(known, progressbar.OptionSetWriter(f.IOStreams.ErrOut),
					progressbar.OptionSetDescription("reading non-compliant resources"), progressbar.OptionClearOnFinish(),
					progressbar.OptionSetRenderBlankState(true)) // show the bar at once, however fast the reading goes
			}
			bar.ChangeMax(known)
			bar.Set(done)
		}
		finish = func() {
			if bar != nil {
				bar.Finish()
			}
		}
	}
	if o.Demo {
		r, err = org.FromEstate(demo.Estate(), demo.ManagementAccount, demo.East, copts, demo.Now)
	} else {
		c, lerr := loadAWS()
		if lerr != nil {
			return lerr
		}
		r, err = org.Collect(ctx, c, copts)
		finish()
	}
	var unknown *org.UnknownAggregatorError
	if errors.As(err, &unknown) {
		return &cmdutil.UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	if o.SinceLast != "" {
		if prev == nil {
			prev = &org.State{} // the first report: everything is new
		}
		org.SinceLast(r, prev)
	}

	if !o.sending() || o.DryRun {
		if err := cmdutil.WriteOutput(f, o.Output, func(w io.Writer) error { return org.Render(w, r, o.Format) }); err != nil {
			return err
		}
		if o.sending() {
			fmt.Fprintf(f.IOStreams.ErrOut, "dry run: would send %q via %s to %s\n", org.Subject(r), o.Via, strings.Join(append(append([]string{}, o.To...), o.Cc...), ", "))
		}
	} else {
		if err := o.send(ctx, r, tr, loadAWS); err != nil {
			return err
		}
		// A copy of what was sent, in the chosen format, when asked for.
		if o.Output != "" {
			if err := cmdutil.WriteOutput(f, o.Output, func(w io.Writer) error { return org.Render(w, r, o.Format) }); err != nil {
				return err
			}
		}
	}
	fmt.Fprintln(f.IOStreams.ErrOut, summary(r))
	if o.SinceLast != "" && !o.DryRun {
		if err := cmdutil.WriteOutput(f, o.SinceLast, func(w io.Writer) error { return org.WriteState(w, org.StateOf(r, prev)) }); err != nil {
			return err
		}
	}
	if r.Partial() {
		return &cmdutil.PartialError{Msg: fmt.Sprintf("%d parts of the report could not be assessed (listed under \"Not assessed\")", len(r.NotAssessed))}
	}
	return nil
}

func (o *Options) send(ctx context.Context, r *org.Report, tr mail.Transport, loadAWS func() (aws.Config, error)) error {
	errOut := o.Factory.IOStreams.ErrOut
	if r.Empty() && o.SkipEmpty && !r.Partial() {
		fmt.Fprintln(errOut, "no non-compliant resources: nothing sent (--skip-empty)")
		return nil
	}
	if tr == nil {
		c, err := loadAWS()
		if err != nil {
			return err
		}
		ses := mail.NewSES(c)
		ses.ConfigurationSet = o.ConfigSet
		tr = ses
	}
	m, err := org.Message(r, o.From, o.To, o.Cc)
	if err != nil {
		return err
	}
	sent, err := mail.Send(ctx, tr, m, mail.SESLimits)
	for _, s := range sent {
		part := ""
		if s.Parts > 1 {
			part = fmt.Sprintf(" (part %d of %d)", s.Part, s.Parts)
		}
		fmt.Fprintf(errOut, "sent%s via %s to %s, %d bytes, message id %s\n", part, tr.Name(), plural(len(s.Recipients), "recipient"), s.Size, s.ID)
	}
	if err != nil {
		return fmt.Errorf("sending the report: %w", err)
	}
	return nil
}

func summary(r *org.Report) string {
	rules, resources, accounts := r.Totals()
	s := fmt.Sprintf("org-report: %s, %s in %s, %s", plural(rules, "non-compliant rule"), plural(resources, "resource"),
		plural(accounts, "account"), plural(len(r.Aggregators), "aggregator"))
	if r.Partial() {
		s += fmt.Sprintf("; %d not assessed", len(r.NotAssessed))
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
