package alertcmd

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/cmdutil"
)

func newCmdSilence(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "silence <command>",
		Short: "Add, list and expire silences (every one kept, with author and reason)",
	}
	cmd.AddCommand(newCmdSilenceAdd(f, nil), newCmdSilenceList(f, nil), newCmdSilenceExpire(f, nil), newCmdSilenceSuggest(f, nil), newCmdSilenceExport(f, nil))
	return cmd
}

// SilenceAddOptions are the inputs of `awssec alert silence add`.
type SilenceAddOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	Match   []string
	For     string
	Start   string
	Reason  string
	Author  string
}

func newCmdSilenceAdd(f *cmdutil.Factory, runF func(*SilenceAddOptions) error) *cobra.Command {
	opts := &SilenceAddOptions{Factory: f}
	if runF == nil {
		runF = silenceAddRun
	}
	cmd := &cobra.Command{
		Use:   "add --match MATCHER... --for DURATION --reason TEXT",
		Short: "Silence the alerts that match every --match, for a while",
		Example: "  awssec alert silence add --match type=Recon:EC2/Portscan --match resource.tag.role=scanner \\\n" +
			"      --for 30d --reason \"vulnerability scanners scan by design\"",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Match, "match", nil, `a matcher: field=value, field!=value, field=~regex, field!~regex, severity<4 (repeatable; all must match)`)
	fl.StringVar(&opts.For, "for", "", "how long: 2h, 30d, 1w")
	fl.StringVar(&opts.Start, "start", "", "when it starts (RFC 3339; default: now)")
	fl.StringVar(&opts.Reason, "reason", "", "why (required: it goes into the audit trail and the digest)")
	fl.StringVar(&opts.Author, "author", "", "who (default: $USER)")
	opts.State.add(cmd, false)
	return cmd
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func silenceAddRun(opts *SilenceAddOptions) error {
	f := opts.Factory
	if len(opts.Match) == 0 {
		return cmdutil.Usagef("--match is required: a silence of everything would hide every alert")
	}
	if strings.TrimSpace(opts.Reason) == "" {
		return cmdutil.Usagef("--reason is required: say why, for the audit trail")
	}
	if opts.For == "" {
		return cmdutil.Usagef("--for is required: every silence ends (2h, 30d)")
	}
	d, err := config.ParseDuration(opts.For)
	if err != nil || d <= 0 {
		return cmdutil.Usagef("--for %q is not a duration (2h, 30d, 1w)", opts.For)
	}
	var matchers []string
	for _, m := range opts.Match {
		pm, err := config.ParseMatcher(m)
		if err != nil {
			return cmdutil.Usagef("--match: %v", err)
		}
		matchers = append(matchers, pm.String())
	}
	start := f.Now().UTC()
	if opts.Start != "" {
		if start, err = time.Parse(time.RFC3339, opts.Start); err != nil {
			return cmdutil.Usagef("--start %q is not an RFC 3339 time", opts.Start)
		}
	}
	author := opts.Author
	if author == "" {
		author = os.Getenv("USER")
	}
	if author == "" {
		return cmdutil.Usagef("--author is required (no $USER)")
	}
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	s := store.Silence{ID: newID(), Matchers: matchers, StartsAt: start, EndsAt: start.Add(d), CreatedBy: author, Comment: opts.Reason, CreatedAt: f.Now().UTC()}
	if err := st.AddSilence(context.Background(), s); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.Out, "%s\n", s.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "silence %s: {%s} until %s by %s: %s\n", s.ID, strings.Join(matchers, ", "), s.EndsAt.Format(time.RFC3339), author, opts.Reason)
	return nil
}

// SilenceListOptions are the inputs of `awssec alert silence list`.
type SilenceListOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	All     bool
}

func newCmdSilenceList(f *cmdutil.Factory, runF func(*SilenceListOptions) error) *cobra.Command {
	opts := &SilenceListOptions{Factory: f}
	if runF == nil {
		runF = silenceListRun
	}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List active and pending silences (--all: expired ones too)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "include expired silences (the whole audit trail)")
	opts.State.add(cmd, false)
	return cmd
}

func silenceState(s *store.Silence, now time.Time) string {
	switch {
	case !s.ExpiredAt.IsZero() && !s.ExpiredAt.After(now):
		return "expired"
	case now.Before(s.StartsAt):
		return "pending"
	case !now.Before(s.EndsAt):
		return "expired"
	}
	return "active"
}

func silenceListRun(opts *SilenceListOptions) error {
	f := opts.Factory
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Silences(context.Background())
	if err != nil {
		return err
	}
	now := f.Now()
	tw := tabwriter.NewWriter(f.IOStreams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tMATCHERS\tSTARTS\tENDS\tAUTHOR\tREASON")
	for i := range all {
		s := &all[i]
		state := silenceState(s, now)
		if state == "expired" && !opts.All {
			continue
		}
		end := s.EndsAt
		if !s.ExpiredAt.IsZero() && s.ExpiredAt.Before(end) {
			end = s.ExpiredAt
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, state, strings.Join(s.Matchers, ", "), s.StartsAt.Format(time.RFC3339),
			end.Format(time.RFC3339), s.CreatedBy, s.Comment)
	}
	return tw.Flush()
}

// SilenceExpireOptions are the inputs of `awssec alert silence expire`.
type SilenceExpireOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	IDs     []string
}

func newCmdSilenceExpire(f *cmdutil.Factory, runF func(*SilenceExpireOptions) error) *cobra.Command {
	opts := &SilenceExpireOptions{Factory: f}
	if runF == nil {
		runF = silenceExpireRun
	}
	cmd := &cobra.Command{
		Use:   "expire ID...",
		Short: "End silences now (they stay in the audit trail)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			return runF(opts)
		},
	}
	opts.State.add(cmd, false)
	return cmd
}

func silenceExpireRun(opts *SilenceExpireOptions) error {
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	for _, id := range opts.IDs {
		if err := st.ExpireSilence(context.Background(), id, opts.Factory.Now().UTC()); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return cmdutil.Usagef("no silence %q (see awssec alert silence list --all)", id)
			}
			return err
		}
		fmt.Fprintf(opts.Factory.IOStreams.ErrOut, "silence %s expired\n", id)
	}
	return nil
}

// SilenceSuggestOptions are the inputs of `awssec alert silence suggest`.
type SilenceSuggestOptions struct {
	Factory *cmdutil.Factory
	Config  string
	For     string
}

func newCmdSilenceSuggest(f *cmdutil.Factory, runF func(*SilenceSuggestOptions) error) *cobra.Command {
	opts := &SilenceSuggestOptions{Factory: f}
	if runF == nil {
		runF = silenceSuggestRun
	}
	cmd := &cobra.Command{
		Use:   "suggest --config FILE",
		Short: "Print the silences for AWS's documented GuardDuty false positives, from the suppressions in the configuration",
		Long: "suggest turns each entry of the configuration's suppressions (public-probe: instances meant to be\n" +
			"reachable from the internet; scanner: vulnerability scanners; bastion: SSH/RDP bastions; egress-ip:\n" +
			"the CIDR blocks your on-premises or VPN traffic leaves from) into the `awssec alert silence add`\n" +
			"command that silences the finding types AWS documents as expected for them, limited to instances\n" +
			"with the given tags or, for egress-ip, to instance credentials used from those addresses\n" +
			"(InstanceCredentialExfiltration.OutsideAWS and .InsideAWS). Review, then run the ones you want.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	cmd.Flags().StringVarP(&opts.Config, "config", "c", "", "the routing configuration")
	cmd.Flags().StringVar(&opts.For, "for", "90d", "how long the suggested silences last")
	return cmd
}

func silenceSuggestRun(opts *SilenceSuggestOptions) error {
	cfg, err := loadConfig(opts.Config)
	if err != nil {
		return err
	}
	if len(cfg.Suppressions) == 0 {
		fmt.Fprintf(opts.Factory.IOStreams.ErrOut, "%s has no suppressions: nothing to suggest\n", opts.Config)
		return nil
	}
	reasons := map[string]string{
		"public-probe": "port probes on instances meant to be public",
		"scanner":      "port scans from our vulnerability scanners",
		"bastion":      "SSH/RDP brute force attempts on bastion hosts",
		"egress-ip":    "instance credentials used from our own egress addresses",
	}
	for _, s := range cfg.Suppressions {
		var args []string
		for _, m := range s.Matchers() {
			args = append(args, "--match '"+strings.ReplaceAll(m.Field+string(m.Op)+m.Value, "'", `'\''`)+"'")
		}
		fmt.Fprintf(opts.Factory.IOStreams.Out, "awssec alert silence add %s --for %s --reason '%s (suggested from %s line %d)'\n",
			strings.Join(args, " "), opts.For, reasons[s.Kind], cfg.File, s.Line)
	}
	return nil
}
