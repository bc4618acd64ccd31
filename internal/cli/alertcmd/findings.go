package alertcmd

import (
	"context"

	"github.com/awssec/awssec/alert/event"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
)

// SendFindings routes a scan's findings through the alert router with the
// configuration at configPath and the default state: failing findings
// fire, passing ones resolve what fired before, muted ones (accepted
// risks) are left out. The notification log makes only new failures
// notify. Delivery lines go to stderr, the scan's report keeps stdout.
// The error is a UsageError for a bad configuration and a PartialError
// when notifications could not be delivered.
func SendFindings(ctx context.Context, f *cmdutil.Factory, configPath string, findings []finding.Finding) error {
	sf := &stateFlags{Config: configPath, Attempts: 5, Backoff: defaultBackoff}
	p, err := openPipeline(ctx, f, sf)
	if err != nil {
		return err
	}
	p.out = f.IOStreams.ErrOut
	now := f.Now()
	for _, fd := range findings {
		if fd.Muted || (fd.Status != finding.Fail && fd.Status != finding.Pass) {
			continue
		}
		p.r.Ingest(event.FromFinding(fd, nil), now)
	}
	ferr := p.flush(ctx, now, true)
	if cerr := p.close(); ferr == nil {
		ferr = cerr
	}
	if ferr != nil {
		return &cmdutil.PartialError{Msg: "alert state: " + ferr.Error()}
	}
	return p.verdict(0)
}
