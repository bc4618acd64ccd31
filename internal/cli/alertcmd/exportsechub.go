package alertcmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/alert/suppress"
	"github.com/awssec/awssec/internal/cmdutil"
)

// automationRule is the CreateAutomationRule request, in the API's JSON
// shape, so that what is printed for review is what --cli-input-json
// takes and what --apply sends.
type automationRule struct {
	RuleName    string            `json:"RuleName"`
	RuleStatus  string            `json:"RuleStatus"`
	RuleOrder   int32             `json:"RuleOrder"`
	Description string            `json:"Description"`
	IsTerminal  bool              `json:"IsTerminal"`
	Criteria    suppress.Filters  `json:"Criteria"`
	Actions     []json.RawMessage `json:"Actions"`
}

func exportSecurityHub(ctx context.Context, opts *SilenceExportOptions, si *store.Silence, ms config.Matchers) error {
	f := opts.Factory
	filters, err := suppress.SecurityHub(ms)
	if err != nil {
		return cmdutil.Usagef("silence %s: %v", si.ID, err)
	}
	name := "awssec-" + si.ID
	desc := cut(fmt.Sprintf("%s (by %s, awssec alert silence %s)", si.Comment, si.CreatedBy, si.ID), 1024)
	note := cut(fmt.Sprintf("Suppressed by awssec alert silence %s: %s", si.ID, si.Comment), 512)
	by := cut(si.CreatedBy, 512)
	action := shtypes.AutomationRulesAction{Type: shtypes.AutomationRulesActionTypeFindingFieldsUpdate,
		FindingFieldsUpdate: &shtypes.AutomationRulesFindingFieldsUpdate{
			Workflow: &shtypes.WorkflowUpdate{Status: shtypes.WorkflowStatusSuppressed},
			Note:     &shtypes.NoteUpdate{Text: aws.String(note), UpdatedBy: aws.String(by)}}}
	if !opts.Apply {
		act, _ := json.Marshal(map[string]any{"Type": action.Type, "FindingFieldsUpdate": map[string]any{
			"Workflow": map[string]any{"Status": action.FindingFieldsUpdate.Workflow.Status},
			"Note":     map[string]any{"Text": note, "UpdatedBy": by}}})
		req, _ := json.MarshalIndent(automationRule{RuleName: name, RuleStatus: "ENABLED", RuleOrder: 1, Description: desc,
			Criteria: filters, Actions: []json.RawMessage{act}}, "", "  ")
		fmt.Fprintf(f.IOStreams.Out, "aws securityhub create-automation-rule --cli-input-json %s\n", shellQuote(string(req)))
		fmt.Fprintln(f.IOStreams.ErrOut, "review, then run it, or add --apply to create the rule in this region's Security Hub")
		return nil
	}
	cfg, err := f.AWSConfig(ctx, opts.State.Profile, opts.State.EndpointURL)
	if err != nil {
		return err
	}
	criteria := &shtypes.AutomationRulesFindingFilters{}
	for attr, fs := range filters.Strings {
		var sf []shtypes.StringFilter
		for _, x := range fs {
			sf = append(sf, shtypes.StringFilter{Value: aws.String(x.Value), Comparison: shtypes.StringFilterComparison(x.Comparison)})
		}
		switch attr {
		case "Id":
			criteria.Id = sf
		case "Type":
			criteria.Type = sf
		case "Title":
			criteria.Title = sf
		case "AwsAccountId":
			criteria.AwsAccountId = sf
		case "AwsAccountName":
			criteria.AwsAccountName = sf
		case "ResourceType":
			criteria.ResourceType = sf
		case "ResourceId":
			criteria.ResourceId = sf
		case "SeverityLabel":
			criteria.SeverityLabel = sf
		case "WorkflowStatus":
			criteria.WorkflowStatus = sf
		case "RecordState":
			criteria.RecordState = sf
		case "ComplianceStatus":
			criteria.ComplianceStatus = sf
		case "ProductName":
			criteria.ProductName = sf
		case "GeneratorId":
			criteria.GeneratorId = sf
		default:
			return fmt.Errorf("internal: no Security Hub criteria field %s", attr)
		}
	}
	for _, t := range filters.Tags {
		criteria.ResourceTags = append(criteria.ResourceTags, shtypes.MapFilter{Key: aws.String(t.Key), Value: aws.String(t.Value),
			Comparison: shtypes.MapFilterComparison(t.Comparison)})
	}
	out, err := securityhub.NewFromConfig(cfg).CreateAutomationRule(ctx, &securityhub.CreateAutomationRuleInput{
		RuleName: aws.String(name), RuleStatus: shtypes.RuleStatusEnabled, RuleOrder: aws.Int32(1), Description: aws.String(desc),
		IsTerminal: aws.Bool(false), Criteria: criteria, Actions: []shtypes.AutomationRulesAction{action}})
	if err != nil {
		return &cmdutil.PartialError{Msg: "Security Hub CreateAutomationRule: " + err.Error()}
	}
	fmt.Fprintf(f.IOStreams.Out, "created automation rule %s: %s (%s)\n", name, aws.ToString(out.RuleArn), cfg.Region)
	return nil
}
