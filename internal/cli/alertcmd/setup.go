package alertcmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/alert/setup"
	"github.com/awssec/awssec/internal/cmdutil"
)

func newCmdSetup(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "setup <command>",
		Short: "Write the CloudFormation (or AWS CLI commands) that feed alerts: API 5xx alarms, security event rules",
	}
	cmd.AddCommand(newCmdSetupAPI5xx(f, nil), newCmdSetupSecurityEvents(f, nil))
	return cmd
}

// targetFlags are where alarms and events go.
type targetFlags struct {
	Emails   []string
	Lambda   string
	TopicARN string
	Format   string
	Output   string
}

func (t *targetFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&t.Emails, "to-email", nil, "subscribe this address to the SNS topic (repeatable; AWS asks it to confirm)")
	fl.StringVar(&t.Lambda, "to-lambda", "", "subscribe the awssec alert Lambda (cmd/alert-lambda) by its ARN: it routes to Slack, e-mail and webhooks with your alerts.yaml")
	fl.StringVar(&t.TopicARN, "topic-arn", "", "use this existing SNS topic instead of creating one")
	fl.StringVar(&t.Format, "format", "cloudformation", "cloudformation (a JSON template) or cli (the equivalent AWS CLI commands)")
	fl.StringVarP(&t.Output, "output", "o", "", "write to this file (default: stdout)")
}

func (t *targetFlags) targets() setup.Targets {
	return setup.Targets{Emails: t.Emails, LambdaARN: t.Lambda, TopicARN: t.TopicARN}
}

type generator interface {
	Template() (*setup.Template, error)
	CLI() ([]string, error)
}

func writeSetup(f *cmdutil.Factory, t *targetFlags, g generator) error {
	if err := cmdutil.OneOf("--format", t.Format, []string{"cloudformation", "cli"}); err != nil {
		return err
	}
	var data []byte
	if t.Format == "cli" {
		cmds, err := g.CLI()
		if err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		data = []byte(strings.Join(cmds, "\n") + "\n")
	} else {
		tpl, err := g.Template()
		if err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		if data, err = tpl.JSON(); err != nil {
			return err
		}
	}
	return cmdutil.WriteOutput(f, t.Output, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// SetupAPI5xxOptions are the inputs of `awssec alert setup api-5xx`.
type SetupAPI5xxOptions struct {
	Factory *cmdutil.Factory
	API     setup.API5xx
	Targets targetFlags
}

func newCmdSetupAPI5xx(f *cmdutil.Factory, runF func(*SetupAPI5xxOptions) error) *cobra.Command {
	opts := &SetupAPI5xxOptions{Factory: f}
	if runF == nil {
		runF = setupAPI5xxRun
	}
	cmd := &cobra.Command{
		Use:   "api-5xx (--api-name NAME --stage STAGE | --api-id ID | --load-balancer app/NAME/ID)",
		Short: "Alarm when an API's 5xx error rate passes a threshold, to SNS, e-mail and the alert Lambda",
		Long: "api-5xx writes a CloudFormation template with a CloudWatch alarm on the server error rate of an API\n" +
			"Gateway REST API (AWS/ApiGateway 5XXError, Average over ApiName and Stage: the share of failed\n" +
			"requests), an HTTP API (AWS/ApiGateway 5xx, ApiId) or an Application Load Balancer\n" +
			"(HTTPCode_Target_5XX_Count over RequestCount), an SNS topic for its ALARM and OK transitions, and\n" +
			"the subscriptions. Defaults: one-minute periods, 3 of 5 datapoints, missing data not breaching.\n" +
			"--format cli prints the equivalent AWS CLI commands instead. Nothing is deployed.",
		Example: "  awssec alert setup api-5xx --api-name orders --stage prod --threshold 0.05 --to-email oncall@example.com > api-5xx.json\n" +
			"  aws cloudformation deploy --template-file api-5xx.json --stack-name orders-prod-5xx",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.API.APIName, "api-name", "", "REST API name (the ApiName dimension)")
	fl.StringVar(&opts.API.Stage, "stage", "", "the stage (required with --api-name)")
	fl.StringVar(&opts.API.APIID, "api-id", "", "HTTP API id (the ApiId dimension)")
	fl.StringVar(&opts.API.LoadBalancer, "load-balancer", "", "Application Load Balancer, as its dimension value app/NAME/ID")
	fl.Float64Var(&opts.API.Threshold, "threshold", setup.DefaultThreshold, "the error rate that fires the alarm (0.05 = 5%)")
	fl.IntVar(&opts.API.Period, "period", setup.DefaultPeriod, "seconds per datapoint")
	fl.IntVar(&opts.API.DatapointsToAlarm, "datapoints", setup.DefaultDatapointsToAlarm, "M: breaching datapoints that fire the alarm")
	fl.IntVar(&opts.API.EvaluationPeriods, "evaluation-periods", setup.DefaultEvaluationPeriods, "N: datapoints looked at")
	opts.Targets.add(cmd)
	return cmd
}

func setupAPI5xxRun(opts *SetupAPI5xxOptions) error {
	opts.API.Targets = opts.Targets.targets()
	return writeSetup(opts.Factory, &opts.Targets, &opts.API)
}

// SetupSecurityEventsOptions are the inputs of `awssec alert setup security-events`.
type SetupSecurityEventsOptions struct {
	Factory          *cmdutil.Factory
	Events           setup.SecurityEvents
	SecurityHubLevel string
	Targets          targetFlags
}

func newCmdSetupSecurityEvents(f *cmdutil.Factory, runF func(*SetupSecurityEventsOptions) error) *cobra.Command {
	opts := &SetupSecurityEventsOptions{Factory: f}
	if runF == nil {
		runF = setupSecurityEventsRun
	}
	cmd := &cobra.Command{
		Use:   "security-events",
		Short: "EventBridge rules for GuardDuty, Security Hub, Config, Inspector, root sign-in and CloudTrail tampering",
		Long: "security-events writes a CloudFormation template of EventBridge rules that send security events to\n" +
			"an SNS topic (e-mail, the alert Lambda) or, with --to-queue, to an SQS queue for\n" +
			"`awssec alert consume`: GuardDuty findings at or above --guardduty-min-severity, Security Hub\n" +
			"findings (new, active) at or above --securityhub-min-severity, Config rules turning NON_COMPLIANT,\n" +
			"Inspector HIGH and CRITICAL findings, root user console sign-ins, and calls that stop or change\n" +
			"CloudTrail logging. Deploy it in every region you use (GuardDuty and Security Hub are regional).",
		Example: "  awssec alert setup security-events --guardduty-min-severity 7 --to-queue security-events > events.json",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runF(opts) },
	}
	fl := cmd.Flags()
	fl.Float64Var(&opts.Events.GuardDutyMinSeverity, "guardduty-min-severity", 4, "lowest GuardDuty severity sent, 1–10 (0: no GuardDuty rule)")
	fl.StringVar(&opts.SecurityHubLevel, "securityhub-min-severity", "HIGH", "lowest Security Hub label sent: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, or none")
	fl.BoolVar(&opts.Events.Config, "config-rules", true, "Config rules turning NON_COMPLIANT")
	fl.BoolVar(&opts.Events.Inspector, "inspector", true, "Inspector HIGH and CRITICAL findings")
	fl.BoolVar(&opts.Events.RootSignIn, "root-sign-in", true, "root user console sign-ins")
	fl.BoolVar(&opts.Events.CloudTrailChanges, "cloudtrail-changes", true, "calls that stop or change CloudTrail logging")
	fl.StringVar(&opts.Events.QueueName, "to-queue", "", "send events to a new SQS queue of this name (for awssec alert consume) instead of SNS")
	opts.Targets.add(cmd)
	return cmd
}

func setupSecurityEventsRun(opts *SetupSecurityEventsOptions) error {
	opts.Events.Targets = opts.Targets.targets()
	levels := []string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	switch l := strings.ToUpper(opts.SecurityHubLevel); l {
	case "NONE", "":
	default:
		i := -1
		for j, x := range levels {
			if x == l {
				i = j
			}
		}
		if i < 0 {
			return cmdutil.Usagef("--securityhub-min-severity %q: want %s or none", opts.SecurityHubLevel, strings.Join(levels, ", "))
		}
		opts.Events.SecurityHubLabels = levels[i:]
	}
	if opts.Events.QueueName != "" && (len(opts.Targets.Emails) > 0 || opts.Targets.Lambda != "" || opts.Targets.TopicARN != "") {
		return cmdutil.Usagef("--to-queue sends to SQS: leave out --to-email, --to-lambda and --topic-arn")
	}
	err := writeSetup(opts.Factory, &opts.Targets, &opts.Events)
	if err == nil && opts.Targets.Format == "cloudformation" {
		fmt.Fprintf(opts.Factory.IOStreams.ErrOut, "%d rules; deploy in every region you use\n", len(opts.Events.Rules()))
	}
	return err
}
