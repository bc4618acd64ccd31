// Package setup writes the CloudFormation templates (and the equivalent
// AWS CLI commands) that feed awssec alert: a CloudWatch alarm on an API's
// 5xx rate with an SNS topic, and the EventBridge rules that send
// GuardDuty, Security Hub, Config, Inspector, root sign-in and CloudTrail
// tampering events to an SNS topic, an SQS queue or the alert Lambda.
package setup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Template is a CloudFormation template.
type Template struct {
	AWSTemplateFormatVersion string              `json:"AWSTemplateFormatVersion"`
	Description              string              `json:"Description"`
	Resources                map[string]Resource `json:"Resources"`
	Outputs                  map[string]Output   `json:"Outputs,omitempty"`
}

// Resource is one CloudFormation resource.
type Resource struct {
	Type       string         `json:"Type"`
	Properties map[string]any `json:"Properties"`
}

// Output is one stack output.
type Output struct {
	Description string `json:"Description"`
	Value       any    `json:"Value"`
}

// JSON renders the template. Patterns keep their ">=" as written.
func (t *Template) JSON() ([]byte, error) {
	return marshal(t, "  ")
}

func marshal(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	err := enc.Encode(v)
	return b.Bytes(), err
}

func ref(name string) map[string]any { return map[string]any{"Ref": name} }

func getAtt(name, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []string{name, attr}}
}

// Targets say where alarms and events go.
type Targets struct {
	// TopicARN is an existing SNS topic; empty creates one.
	TopicARN string
	Emails   []string
	// LambdaARN is the awssec alert Lambda (cmd/alert-lambda).
	LambdaARN string
}

var (
	emailRE  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	lambdaRE = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$`)
	topicRE  = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$`)
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

func (t *Targets) check() error {
	if t.TopicARN != "" && !topicRE.MatchString(t.TopicARN) {
		return fmt.Errorf("--topic-arn %q is not an SNS topic ARN", t.TopicARN)
	}
	for _, e := range t.Emails {
		if !emailRE.MatchString(e) {
			return fmt.Errorf("--to-email %q is not an e-mail address", e)
		}
	}
	if t.LambdaARN != "" && !lambdaRE.MatchString(t.LambdaARN) {
		return fmt.Errorf("--to-lambda %q is not a Lambda function ARN", t.LambdaARN)
	}
	if t.TopicARN == "" && len(t.Emails) == 0 && t.LambdaARN == "" {
		return fmt.Errorf("nowhere to send: give --to-email, --to-lambda or --topic-arn")
	}
	return nil
}

// topic adds the SNS topic (unless an existing one is given) and its
// subscriptions, and returns how to refer to the topic.
func (t *Targets) topic(tpl *Template, name string) any {
	var topic any = t.TopicARN
	if t.TopicARN == "" {
		tpl.Resources["AlertTopic"] = Resource{Type: "AWS::SNS::Topic", Properties: map[string]any{
			"TopicName":      name,
			"KmsMasterKeyId": "alias/aws/sns",
		}}
		topic = ref("AlertTopic")
		tpl.Outputs["TopicArn"] = Output{Description: "the SNS topic alarms and events are published to", Value: topic}
	}
	for i, e := range t.Emails {
		tpl.Resources[fmt.Sprintf("EmailSubscription%d", i+1)] = Resource{Type: "AWS::SNS::Subscription", Properties: map[string]any{
			"TopicArn": topic, "Protocol": "email", "Endpoint": e,
		}}
	}
	if t.LambdaARN != "" {
		tpl.Resources["LambdaSubscription"] = Resource{Type: "AWS::SNS::Subscription", Properties: map[string]any{
			"TopicArn": topic, "Protocol": "lambda", "Endpoint": t.LambdaARN,
		}}
		tpl.Resources["LambdaInvokePermission"] = Resource{Type: "AWS::Lambda::Permission", Properties: map[string]any{
			"Action": "lambda:InvokeFunction", "FunctionName": t.LambdaARN, "Principal": "sns.amazonaws.com", "SourceArn": topic,
		}}
	}
	return topic
}

// shellQuote quotes a value for the printed CLI commands.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
