package setup

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// SecurityEvents describes the EventBridge rules to create.
type SecurityEvents struct {
	// GuardDutyMinSeverity is the lowest GuardDuty severity sent (1–10;
	// 0 sends none).
	GuardDutyMinSeverity float64
	// SecurityHubLabels are the ASFF severity labels sent (none: no rule).
	SecurityHubLabels []string
	Config            bool
	Inspector         bool
	RootSignIn        bool
	CloudTrailChanges bool
	// QueueName, when set, sends events to a new SQS queue (for
	// `awssec alert consume`) instead of SNS.
	QueueName string
	Targets   Targets
}

// TrailTamperingCalls are the CloudTrail calls that stop or blind logging.
var TrailTamperingCalls = []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"}

var asffLabels = []string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

// Rule is one EventBridge rule: its resource name and pattern.
type Rule struct {
	Name    string
	Pattern map[string]any
}

// Rules returns the event patterns, by the resource names the template
// gives them.
func (s *SecurityEvents) Rules() []Rule {
	var rules []Rule
	if s.GuardDutyMinSeverity > 0 {
		rules = append(rules, Rule{"GuardDutyFindingsRule", map[string]any{
			"source":      []string{"aws.guardduty"},
			"detail-type": []string{"GuardDuty Finding"},
			"detail":      map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", s.GuardDutyMinSeverity}}}},
		}})
	}
	if len(s.SecurityHubLabels) > 0 {
		rules = append(rules, Rule{"SecurityHubFindingsRule", map[string]any{
			"source":      []string{"aws.securityhub"},
			"detail-type": []string{"Security Hub Findings - Imported"},
			"detail": map[string]any{"findings": map[string]any{
				"Severity":    map[string]any{"Label": s.SecurityHubLabels},
				"Workflow":    map[string]any{"Status": []string{"NEW"}},
				"RecordState": []string{"ACTIVE"},
			}},
		}})
	}
	if s.Config {
		rules = append(rules, Rule{"ConfigComplianceRule", map[string]any{
			"source":      []string{"aws.config"},
			"detail-type": []string{"Config Rules Compliance Change"},
			"detail": map[string]any{
				"messageType":         []string{"ComplianceChangeNotification"},
				"newEvaluationResult": map[string]any{"complianceType": []string{"NON_COMPLIANT"}},
			},
		}})
	}
	if s.Inspector {
		rules = append(rules, Rule{"InspectorFindingsRule", map[string]any{
			"source":      []string{"aws.inspector2"},
			"detail-type": []string{"Inspector2 Finding"},
			"detail":      map[string]any{"severity": []string{"HIGH", "CRITICAL"}, "status": []string{"ACTIVE"}},
		}})
	}
	if s.RootSignIn {
		rules = append(rules, Rule{"RootSignInRule", map[string]any{
			"detail-type": []string{"AWS Console Sign In via CloudTrail"},
			"detail":      map[string]any{"userIdentity": map[string]any{"type": []string{"Root"}}},
		}})
	}
	if s.CloudTrailChanges {
		rules = append(rules, Rule{"CloudTrailTamperingRule", map[string]any{
			"source":      []string{"aws.cloudtrail"},
			"detail-type": []string{"AWS API Call via CloudTrail"},
			"detail":      map[string]any{"eventSource": []string{"cloudtrail.amazonaws.com"}, "eventName": TrailTamperingCalls},
		}})
	}
	return rules
}

func (s *SecurityEvents) check() error {
	if s.GuardDutyMinSeverity < 0 || s.GuardDutyMinSeverity > 10 {
		return fmt.Errorf("--guardduty-min-severity %v: GuardDuty severities run from 1 to 10 (0 turns the rule off)", s.GuardDutyMinSeverity)
	}
	for _, l := range s.SecurityHubLabels {
		if !slices.Contains(asffLabels, l) {
			return fmt.Errorf("--securityhub-severity %q: want one of %s", l, strings.Join(asffLabels, ", "))
		}
	}
	if len(s.Rules()) == 0 {
		return fmt.Errorf("no rules selected")
	}
	if s.QueueName != "" {
		if !nameRE.MatchString(s.QueueName) || len(s.QueueName) > 80 {
			return fmt.Errorf("--to-queue %q is not a queue name", s.QueueName)
		}
		return nil
	}
	return s.Targets.check()
}

// Template writes the rules and their target.
func (s *SecurityEvents) Template() (*Template, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rules := s.Rules()
	tpl := &Template{AWSTemplateFormatVersion: "2010-09-09", Resources: map[string]Resource{}, Outputs: map[string]Output{},
		Description: fmt.Sprintf("awssec alert: %d EventBridge rules sending security events to awssec alert", len(rules))}
	var target any
	var targetID string
	if s.QueueName != "" {
		tpl.Resources["AlertQueue"] = Resource{Type: "AWS::SQS::Queue", Properties: map[string]any{
			"QueueName": s.QueueName, "SqsManagedSseEnabled": true, "MessageRetentionPeriod": 1209600,
			// Long polling by default; awssec alert consume asks for it too.
			"ReceiveMessageWaitTimeSeconds": 20,
		}}
		target, targetID = getAtt("AlertQueue", "Arn"), "AlertQueue"
		var arns []any
		for _, r := range rules {
			arns = append(arns, getAtt(r.Name, "Arn"))
		}
		tpl.Resources["AlertQueuePolicy"] = Resource{Type: "AWS::SQS::QueuePolicy", Properties: map[string]any{
			"Queues": []any{ref("AlertQueue")},
			"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Sid": "EventBridgeSendsSecurityEvents", "Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
				"Action": "sqs:SendMessage", "Resource": getAtt("AlertQueue", "Arn"),
				"Condition": map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": arns}},
			}}},
		}}
		tpl.Outputs["QueueUrl"] = Output{Description: "for awssec alert consume --queue-url", Value: ref("AlertQueue")}
	} else {
		target, targetID = s.Targets.topic(tpl, "awssec-security-events"), "AlertTopic"
		if s.Targets.TopicARN == "" {
			tpl.Resources["AlertTopicPolicy"] = Resource{Type: "AWS::SNS::TopicPolicy", Properties: map[string]any{
				"Topics": []any{ref("AlertTopic")},
				"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
					"Sid": "EventBridgePublishesSecurityEvents", "Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
					"Action": "sns:Publish", "Resource": ref("AlertTopic"),
				}}},
			}}
			// The topic uses the AWS managed SNS key, which EventBridge
			// cannot use; an unencrypted topic is what AWS documents here.
			delete(tpl.Resources["AlertTopic"].Properties, "KmsMasterKeyId")
		}
	}
	for _, r := range rules {
		tpl.Resources[r.Name] = Resource{Type: "AWS::Events::Rule", Properties: map[string]any{
			"Description":  "awssec alert setup security-events",
			"State":        "ENABLED",
			"EventPattern": r.Pattern,
			"Targets":      []any{map[string]any{"Id": targetID, "Arn": target}},
		}}
	}
	return tpl, nil
}

// CLI returns the AWS CLI commands that create the same rules.
func (s *SecurityEvents) CLI() ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var cmds []string
	target := "$TARGET_ARN"
	if s.QueueName != "" {
		cmds = append(cmds, "QUEUE_URL=$(aws sqs create-queue --queue-name "+shellQuote(s.QueueName)+" --attributes SqsManagedSseEnabled=true,ReceiveMessageWaitTimeSeconds=20 --query QueueUrl --output text)",
			`TARGET_ARN=$(aws sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names QueueArn --query Attributes.QueueArn --output text)`,
			"# then allow events.amazonaws.com sqs:SendMessage on the queue (see the template's AlertQueuePolicy)")
	} else if s.Targets.TopicARN != "" {
		target = shellQuote(s.Targets.TopicARN)
	} else {
		cmds = append(cmds, "TARGET_ARN=$(aws sns create-topic --name awssec-security-events --query TopicArn --output text)",
			"# then allow events.amazonaws.com sns:Publish on the topic (see the template's AlertTopicPolicy)")
		for _, e := range s.Targets.Emails {
			cmds = append(cmds, "aws sns subscribe --topic-arn $TARGET_ARN --protocol email --notification-endpoint "+shellQuote(e))
		}
		if l := s.Targets.LambdaARN; l != "" {
			cmds = append(cmds, "aws sns subscribe --topic-arn $TARGET_ARN --protocol lambda --notification-endpoint "+shellQuote(l))
		}
	}
	for _, r := range s.Rules() {
		p, _ := marshal(r.Pattern, "")
		p = bytes.TrimSpace(p)
		name := "awssec-" + strings.TrimSuffix(r.Name, "Rule")
		cmds = append(cmds, fmt.Sprintf("aws events put-rule --name %s --event-pattern %s", name, shellQuote(string(p))),
			fmt.Sprintf("aws events put-targets --rule %s --targets Id=1,Arn=%s", name, target))
	}
	return cmds, nil
}
