package setup

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decode re-reads a rendered template as plain JSON, the way
// CloudFormation does.
func decode(t *testing.T, tpl *Template) map[string]any {
	t.Helper()
	b, err := tpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["AWSTemplateFormatVersion"] != "2010-09-09" {
		t.Errorf("version %v", m["AWSTemplateFormatVersion"])
	}
	return m
}

func props(t *testing.T, m map[string]any, name, typ string) map[string]any {
	t.Helper()
	r, ok := m["Resources"].(map[string]any)[name].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s", name)
	}
	if r["Type"] != typ {
		t.Fatalf("%s is %v, want %s", name, r["Type"], typ)
	}
	return r["Properties"].(map[string]any)
}

func TestAPI5xxREST(t *testing.T) {
	a := API5xx{APIName: "orders", Stage: "prod", Threshold: 0.05, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5,
		Targets: Targets{Emails: []string{"oncall@example.com"}, LambdaARN: "arn:aws:lambda:us-east-1:111122223333:function:awssec-alert"}}
	tpl, err := a.Template()
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, tpl)
	p := props(t, m, "Api5xxAlarm", "AWS::CloudWatch::Alarm")
	want := map[string]any{
		"AlarmName": "orders-prod-5xx", "Namespace": "AWS/ApiGateway", "MetricName": "5XXError", "Statistic": "Average",
		"Dimensions": []any{map[string]any{"Name": "ApiName", "Value": "orders"}, map[string]any{"Name": "Stage", "Value": "prod"}},
		"Period":     60.0, "EvaluationPeriods": 5.0, "DatapointsToAlarm": 3.0, "Threshold": 0.05,
		"ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching",
		"AlarmActions": []any{map[string]any{"Ref": "AlertTopic"}}, "OKActions": []any{map[string]any{"Ref": "AlertTopic"}},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, p[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	props(t, m, "AlertTopic", "AWS::SNS::Topic")
	sub := props(t, m, "EmailSubscription1", "AWS::SNS::Subscription")
	if sub["Protocol"] != "email" || sub["Endpoint"] != "oncall@example.com" {
		t.Errorf("email subscription %v", sub)
	}
	perm := props(t, m, "LambdaInvokePermission", "AWS::Lambda::Permission")
	if perm["Principal"] != "sns.amazonaws.com" || perm["Action"] != "lambda:InvokeFunction" {
		t.Errorf("permission %v", perm)
	}
	cli, err := a.CLI()
	if err != nil {
		t.Fatal(err)
	}
	last := cli[len(cli)-1]
	for _, want := range []string{"aws cloudwatch put-metric-alarm", "--namespace AWS/ApiGateway", "--metric-name 5XXError",
		"--dimensions Name=ApiName,Value=orders Name=Stage,Value=prod", "--statistic Average", "--period 60", "--threshold 0.05",
		"--evaluation-periods 5", "--datapoints-to-alarm 3", "--treat-missing-data notBreaching", "--alarm-actions $TOPIC_ARN"} {
		if !strings.Contains(last, want) {
			t.Errorf("CLI lacks %q: %s", want, last)
		}
	}
}

func TestAPI5xxHTTPAndALB(t *testing.T) {
	h := API5xx{APIID: "a1b2c3d4e5", Threshold: 0.1, Period: 60, DatapointsToAlarm: 2, EvaluationPeriods: 3, Targets: Targets{TopicARN: "arn:aws:sns:eu-west-1:111122223333:ops"}}
	tpl, err := h.Template()
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, tpl)
	p := props(t, m, "Api5xxAlarm", "AWS::CloudWatch::Alarm")
	if p["MetricName"] != "5xx" || p["Namespace"] != "AWS/ApiGateway" ||
		!cmp.Equal(p["Dimensions"], []any{map[string]any{"Name": "ApiId", "Value": "a1b2c3d4e5"}}) {
		t.Errorf("HTTP API alarm %v", p)
	}
	if _, ok := m["Resources"].(map[string]any)["AlertTopic"]; ok {
		t.Error("an existing topic was given, but a new one is created")
	}
	alb := API5xx{LoadBalancer: "app/web/50dc6c495c0c9188", Threshold: 0.02, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5, Targets: Targets{Emails: []string{"a@example.com"}}}
	tpl, err = alb.Template()
	if err != nil {
		t.Fatal(err)
	}
	p = props(t, decode(t, tpl), "Api5xxAlarm", "AWS::CloudWatch::Alarm")
	metrics := p["Metrics"].([]any)
	errs := metrics[0].(map[string]any)["MetricStat"].(map[string]any)["Metric"].(map[string]any)
	if errs["MetricName"] != "HTTPCode_Target_5XX_Count" || errs["Namespace"] != "AWS/ApplicationELB" ||
		!cmp.Equal(errs["Dimensions"], []any{map[string]any{"Name": "LoadBalancer", "Value": "app/web/50dc6c495c0c9188"}}) {
		t.Errorf("ALB metric %v", errs)
	}
	if metrics[2].(map[string]any)["Expression"] != "IF(requests > 0, errors / requests, 0)" {
		t.Errorf("rate expression %v", metrics[2])
	}
}

func TestAPI5xxBadInput(t *testing.T) {
	for _, tt := range []struct {
		a    API5xx
		want string
	}{
		{API5xx{APIName: "orders", Threshold: 0.05, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5, Targets: Targets{Emails: []string{"a@b.co"}}}, "--api-name needs --stage"},
		{API5xx{APIName: "o", Stage: "p", Threshold: 5, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5, Targets: Targets{Emails: []string{"a@b.co"}}}, "--threshold 5"},
		{API5xx{APIName: "o", Stage: "p", Threshold: 0.05, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5}, "nowhere to send"},
		{API5xx{APIName: "o", Stage: "p", APIID: "x", Threshold: 0.05, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5}, "exactly one of"},
		{API5xx{APIName: "o", Stage: "p", Threshold: 0.05, Period: 60, DatapointsToAlarm: 6, EvaluationPeriods: 5, Targets: Targets{Emails: []string{"a@b.co"}}}, "want 1 ≤ M ≤ N"},
		{API5xx{APIName: "o", Stage: "p", Threshold: 0.05, Period: 60, DatapointsToAlarm: 3, EvaluationPeriods: 5, Targets: Targets{Emails: []string{"not-an-address"}}}, "is not an e-mail address"},
	} {
		if _, err := tt.a.Template(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func TestSecurityEvents(t *testing.T) {
	s := SecurityEvents{GuardDutyMinSeverity: 7, SecurityHubLabels: []string{"HIGH", "CRITICAL"}, Config: true, Inspector: true, RootSignIn: true,
		CloudTrailChanges: true, QueueName: "security-events"}
	tpl, err := s.Template()
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, tpl)
	pattern := func(name string) string {
		p := props(t, m, name, "AWS::Events::Rule")
		b, _ := marshal(p["EventPattern"], "")
		b = bytes.TrimSpace(b)
		tgt := p["Targets"].([]any)[0].(map[string]any)
		if !cmp.Equal(tgt["Arn"], map[string]any{"Fn::GetAtt": []any{"AlertQueue", "Arn"}}) {
			t.Errorf("%s target %v", name, tgt)
		}
		return string(b)
	}
	for name, want := range map[string]string{
		"GuardDutyFindingsRule":   `{"detail":{"severity":[{"numeric":[">=",7]}]},"detail-type":["GuardDuty Finding"],"source":["aws.guardduty"]}`,
		"SecurityHubFindingsRule": `{"detail":{"findings":{"RecordState":["ACTIVE"],"Severity":{"Label":["HIGH","CRITICAL"]},"Workflow":{"Status":["NEW"]}}},"detail-type":["Security Hub Findings - Imported"],"source":["aws.securityhub"]}`,
		"ConfigComplianceRule":    `{"detail":{"messageType":["ComplianceChangeNotification"],"newEvaluationResult":{"complianceType":["NON_COMPLIANT"]}},"detail-type":["Config Rules Compliance Change"],"source":["aws.config"]}`,
		"InspectorFindingsRule":   `{"detail":{"severity":["HIGH","CRITICAL"],"status":["ACTIVE"]},"detail-type":["Inspector2 Finding"],"source":["aws.inspector2"]}`,
		"RootSignInRule":          `{"detail":{"userIdentity":{"type":["Root"]}},"detail-type":["AWS Console Sign In via CloudTrail"]}`,
		"CloudTrailTamperingRule": `{"detail":{"eventName":["StopLogging","DeleteTrail","UpdateTrail","PutEventSelectors","PutInsightSelectors"],"eventSource":["cloudtrail.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.cloudtrail"]}`,
	} {
		if got := pattern(name); got != want {
			t.Errorf("%s pattern\n got %s\nwant %s", name, got, want)
		}
	}
	q := props(t, m, "AlertQueuePolicy", "AWS::SQS::QueuePolicy")
	stmt := q["PolicyDocument"].(map[string]any)["Statement"].([]any)[0].(map[string]any)
	if stmt["Action"] != "sqs:SendMessage" || !cmp.Equal(stmt["Principal"], map[string]any{"Service": "events.amazonaws.com"}) {
		t.Errorf("queue policy %v", stmt)
	}
	if n := len(stmt["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"].([]any)); n != 6 {
		t.Errorf("queue policy names %d rules, want 6", n)
	}
	// Events delivered to the queue must be readable by the normalizer:
	// the detail-types the rules name are the ones it knows.
	for _, r := range s.Rules() {
		dt := r.Pattern["detail-type"].([]string)[0]
		if !strings.Contains(knownDetailTypes, dt) {
			t.Errorf("rule %s sends %q, which awssec alert does not normalize", r.Name, dt)
		}
	}
}

// knownDetailTypes are the EventBridge detail-types alert/event normalizes.
const knownDetailTypes = "GuardDuty Finding|Security Hub Findings - Imported|Findings Imported V2|CloudWatch Alarm State Change|" +
	"Config Rules Compliance Change|Inspector2 Finding|AWS Console Sign In via CloudTrail|AWS API Call via CloudTrail"
