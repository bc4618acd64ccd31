package alertcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/alert/suppress"
	"github.com/awssec/awssec/internal/cmdutil"
)

// SilenceExportOptions are the inputs of `awssec alert silence export`.
type SilenceExportOptions struct {
	Factory *cmdutil.Factory
	State   stateFlags
	ID      string
	Apply   bool
	// To is where the silence goes: "guardduty" (a filter) or
	// "securityhub" (an automation rule).
	To string
}

func newCmdSilenceExport(f *cmdutil.Factory, runF func(*SilenceExportOptions) error) *cobra.Command {
	opts := &SilenceExportOptions{Factory: f}
	if runF == nil {
		runF = silenceExportRun
	}
	cmd := &cobra.Command{
		Use:   "export ID [--to guardduty|securityhub] [--apply]",
		Short: "Turn a silence into a GuardDuty suppression rule or a Security Hub automation rule: printed for review, created with --apply",
		Long: "export converts a silence's matchers into GuardDuty finding criteria and prints the\n" +
			"`aws guardduty create-filter` command for review. With --apply it creates the filter in every\n" +
			"detector of the region (with the Security Hub rule below, the only writes awssec alert makes to AWS,\n" +
			"and only with --apply). Matchers GuardDuty cannot\n" +
			"express (regular expressions other than a|b|c, fields it does not have) are refused.\n\n" +
			"With --to securityhub it prints the CreateAutomationRule request instead: the silence's\n" +
			"matchers as rule criteria, and the action FINDING_FIELDS_UPDATE setting Workflow.Status to\n" +
			"SUPPRESSED with a note carrying the silence's reason and author; --apply creates the rule.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if opts.To != "guardduty" && opts.To != "securityhub" {
				return cmdutil.Usagef("--to %q: want guardduty or securityhub", opts.To)
			}
			return runF(opts)
		},
	}
	cmd.Flags().StringVar(&opts.To, "to", "guardduty", "export to: guardduty (a filter with action ARCHIVE) or securityhub (an automation rule)")
	cmd.Flags().BoolVar(&opts.Apply, "apply", false, "create the filter or rule in AWS (default: print it for review only)")
	cmd.Flags().StringVar(&opts.State.Profile, "profile", "", "AWS profile for --apply")
	cmd.Flags().StringVar(&opts.State.EndpointURL, "endpoint-url", "", "send GuardDuty or Security Hub calls to this endpoint (a local emulator)")
	opts.State.add(cmd, false)
	return cmd
}

func silenceExportRun(opts *SilenceExportOptions) error {
	f := opts.Factory
	ctx := context.Background()
	st, err := opts.State.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Silences(ctx)
	if err != nil {
		return err
	}
	var si *store.Silence
	for i := range all {
		if all[i].ID == opts.ID {
			si = &all[i]
		}
	}
	if si == nil {
		return cmdutil.Usagef("no silence %q (see awssec alert silence list --all)", opts.ID)
	}
	var ms config.Matchers
	for _, m := range si.Matchers {
		pm, err := config.ParseMatcher(m)
		if err != nil {
			return err
		}
		ms = append(ms, pm)
	}
	if opts.To == "securityhub" {
		return exportSecurityHub(ctx, opts, si, ms)
	}
	crit, err := suppress.GuardDuty(ms)
	if err != nil {
		return cmdutil.Usagef("silence %s: %v", si.ID, err)
	}
	name := "awssec-" + si.ID
	desc := cut(fmt.Sprintf("%s (by %s, awssec alert silence %s)", si.Comment, si.CreatedBy, si.ID), 512)
	critJSON, _ := json.Marshal(crit)
	if !opts.Apply {
		fmt.Fprintf(f.IOStreams.Out, "aws guardduty create-filter --detector-id \"$DETECTOR_ID\" --name %s --action ARCHIVE --rank 1 --description %s --finding-criteria %s\n",
			name, shellQuote(desc), shellQuote(string(critJSON)))
		fmt.Fprintln(f.IOStreams.ErrOut, "review, then run it, or add --apply to create it in every detector of the region")
		return nil
	}
	cfg, err := f.AWSConfig(ctx, opts.State.Profile, opts.State.EndpointURL)
	if err != nil {
		return err
	}
	gd := guardduty.NewFromConfig(cfg)
	criterion := map[string]gdtypes.Condition{}
	for k, c := range crit.Criterion {
		criterion[k] = gdtypes.Condition{Equals: c.Eq, NotEquals: c.Neq, GreaterThanOrEqual: c.Gte, GreaterThan: c.Gt, LessThanOrEqual: c.Lte, LessThan: c.Lt}
	}
	p := guardduty.NewListDetectorsPaginator(gd, &guardduty.ListDetectorsInput{})
	created := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return &cmdutil.PartialError{Msg: "GuardDuty ListDetectors: " + err.Error()}
		}
		for _, id := range page.DetectorIds {
			_, err := gd.CreateFilter(ctx, &guardduty.CreateFilterInput{DetectorId: aws.String(id), Name: aws.String(name),
				Action: gdtypes.FilterActionArchive, Rank: aws.Int32(1), Description: aws.String(desc),
				FindingCriteria: &gdtypes.FindingCriteria{Criterion: criterion}})
			if err != nil {
				return &cmdutil.PartialError{Msg: fmt.Sprintf("GuardDuty CreateFilter in detector %s: %v", id, err)}
			}
			created++
			fmt.Fprintf(f.IOStreams.Out, "created filter %s in detector %s (%s)\n", name, id, cfg.Region)
		}
	}
	if created == 0 {
		return cmdutil.Usagef("no GuardDuty detector in %s", cfg.Region)
	}
	return nil
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
