package scan

import (
	"context"
	"fmt"

	"github.com/schollz/progressbar/v3"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/report"
	"github.com/awssec/awssec/securityhub"
)

// sendToSecurityHub imports the report's findings into Security Hub when
// --send-to-security-hub asks for it, and prints what happened on stderr.
// Findings that were not imported make the run partial (exit 3), unless
// the scan's own verdict is a --fail-on threshold, which comes first.
func sendToSecurityHub(ctx context.Context, opts *Options, rep *report.Report, verdict error) error {
	if !opts.SendToSecurityHub {
		return nil
	}
	cfg, err := opts.Factory.AWSConfig(ctx, opts.Live.Profile, opts.Live.EndpointURL)
	if err != nil {
		return err
	}
	im, err := securityhub.New(ctx, cfg)
	if err != nil {
		return firstOf(verdict, &cmdutil.PartialError{Msg: err.Error() + "; no finding was sent"})
	}
	if opts.IO.IsStderrTTY() {
		var bar *progressbar.ProgressBar
		im.Progress = func(sent, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(opts.IO.ErrOut),
					progressbar.OptionSetDescription("importing into Security Hub"), progressbar.OptionClearOnFinish())
			}
			bar.Set(sent)
		}
	}
	res, err := im.Import(ctx, rep.Findings, rep.GeneratedAt)
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, res.Summary())
	fmt.Fprint(opts.IO.ErrOut, res.FailureLines(10))
	if missing := len(res.Failures) + res.OtherAccounts; missing > 0 {
		return firstOf(verdict, &cmdutil.PartialError{Msg: fmt.Sprintf("%d findings were not imported into Security Hub", missing)})
	}
	return nil
}

// firstOf returns the scan's verdict when it is a threshold failure (exit
// 1 wins over 3), and otherwise err.
func firstOf(verdict, err error) error {
	if cmdutil.ExitCode(verdict) == cmdutil.ExitThreshold {
		return verdict
	}
	return err
}
