package scan

import (
	"context"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cli/alertcmd"
	"github.com/awssec/awssec/internal/cmdutil"
)

// sendAlerts routes the scan's failing findings through awssec alert when
// --alert names a routing configuration. The scan's own verdict (a
// --fail-on threshold) comes first; undelivered alerts make the run
// partial.
func sendAlerts(ctx context.Context, opts *Options, results []finding.Finding, verdict error) error {
	if opts.Alert == "" {
		return nil
	}
	err := alertcmd.SendFindings(ctx, opts.Factory, opts.Alert, results)
	if err != nil && cmdutil.ExitCode(err) != cmdutil.ExitUsage {
		return firstOf(verdict, err)
	}
	return err
}
