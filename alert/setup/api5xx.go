package setup

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// API5xx describes the alarm on an API's server errors.
type API5xx struct {
	// Exactly one of: a REST API (ApiName and Stage), an HTTP API (ApiID,
	// optional Stage), an Application Load Balancer (LoadBalancer, the
	// "app/name/id" dimension value).
	APIName, Stage, APIID, LoadBalancer string
	// Threshold is the error rate (0.05 = 5 %) above which the alarm fires.
	Threshold float64
	// Period in seconds, and M of N datapoints.
	Period, DatapointsToAlarm, EvaluationPeriods int
	Targets                                      Targets
}

// Defaults: one-minute periods, 3 of 5 datapoints, 5 % errors.
const (
	DefaultPeriod            = 60
	DefaultDatapointsToAlarm = 3
	DefaultEvaluationPeriods = 5
	DefaultThreshold         = 0.05
)

// Kind names the API kind: "rest", "http" or "alb".
func (a *API5xx) Kind() string {
	switch {
	case a.LoadBalancer != "":
		return "alb"
	case a.APIID != "":
		return "http"
	}
	return "rest"
}

// AlarmName is "<api>-<stage>-5xx".
func (a *API5xx) AlarmName() string {
	switch a.Kind() {
	case "alb":
		parts := strings.Split(a.LoadBalancer, "/")
		return parts[min(1, len(parts)-1)] + "-5xx"
	case "http":
		if a.Stage != "" {
			return a.APIID + "-" + a.Stage + "-5xx"
		}
		return a.APIID + "-5xx"
	}
	return a.APIName + "-" + a.Stage + "-5xx"
}

func (a *API5xx) check() error {
	n := 0
	for _, s := range []string{a.APIName, a.APIID, a.LoadBalancer} {
		if s != "" {
			n++
		}
	}
	switch {
	case n != 1:
		return fmt.Errorf("give exactly one of --api-name (REST API), --api-id (HTTP API) or --load-balancer (ALB)")
	case a.APIName != "" && a.Stage == "":
		return fmt.Errorf("--api-name needs --stage: REST API metrics are per stage")
	case a.LoadBalancer != "" && !strings.HasPrefix(a.LoadBalancer, "app/"):
		return fmt.Errorf("--load-balancer %q: want the ALB's dimension value, app/NAME/ID", a.LoadBalancer)
	case a.Threshold <= 0 || a.Threshold >= 1:
		return fmt.Errorf("--threshold %v: want an error rate between 0 and 1 (0.05 = 5%%)", a.Threshold)
	case a.Period < 10 || (a.Period != 10 && a.Period != 30 && a.Period%60 != 0):
		return fmt.Errorf("--period %d: CloudWatch takes 10, 30 or a multiple of 60 seconds", a.Period)
	case a.DatapointsToAlarm < 1 || a.EvaluationPeriods < a.DatapointsToAlarm:
		return fmt.Errorf("--datapoints %d of --evaluation-periods %d: want 1 ≤ M ≤ N", a.DatapointsToAlarm, a.EvaluationPeriods)
	}
	for _, s := range []string{a.APIName, a.Stage, a.APIID} {
		if s != "" && !nameRE.MatchString(s) {
			return fmt.Errorf("%q: names are letters, digits, '.', '_' and '-'", s)
		}
	}
	return a.Targets.check()
}

// metric is the alarm's metric: namespace, name, dimensions, statistic.
func (a *API5xx) metric() (ns, name string, dims [][2]string, stat string) {
	switch a.Kind() {
	case "alb":
		return "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", [][2]string{{"LoadBalancer", a.LoadBalancer}}, "Sum"
	case "http":
		dims = [][2]string{{"ApiId", a.APIID}}
		if a.Stage != "" {
			dims = append(dims, [2]string{"Stage", a.Stage})
		}
		return "AWS/ApiGateway", "5xx", dims, "Average"
	}
	// The Average of 5XXError is the share of requests that failed.
	return "AWS/ApiGateway", "5XXError", [][2]string{{"ApiName", a.APIName}, {"Stage", a.Stage}}, "Average"
}

func dimensions(dims [][2]string) []map[string]string {
	out := make([]map[string]string, len(dims))
	for i, d := range dims {
		out[i] = map[string]string{"Name": d[0], "Value": d[1]}
	}
	return out
}

// Template writes the alarm, the topic and its subscriptions.
func (a *API5xx) Template() (*Template, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	tpl := &Template{AWSTemplateFormatVersion: "2010-09-09", Resources: map[string]Resource{}, Outputs: map[string]Output{},
		Description: fmt.Sprintf("awssec alert: %s when more than %g%% of requests fail with 5xx (%d of %d one-minute datapoints)",
			a.AlarmName(), a.Threshold*100, a.DatapointsToAlarm, a.EvaluationPeriods)}
	topic := a.Targets.topic(tpl, a.AlarmName()+"-alerts")
	ns, name, dims, stat := a.metric()
	props := map[string]any{
		"AlarmName":          a.AlarmName(),
		"AlarmDescription":   fmt.Sprintf("%s %s rate above %g (awssec alert setup api-5xx)", ns, name, a.Threshold),
		"ComparisonOperator": "GreaterThanThreshold",
		"Threshold":          a.Threshold,
		"EvaluationPeriods":  a.EvaluationPeriods,
		"DatapointsToAlarm":  a.DatapointsToAlarm,
		// No traffic is not an outage.
		"TreatMissingData": "notBreaching",
		"AlarmActions":     []any{topic},
		"OKActions":        []any{topic},
	}
	if a.Kind() == "alb" {
		// The ALB counts errors; the rate is errors over requests.
		props["Metrics"] = []map[string]any{
			{"Id": "errors", "ReturnData": false, "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": ns, "MetricName": name, "Dimensions": dimensions(dims)}, "Period": a.Period, "Stat": stat}},
			{"Id": "requests", "ReturnData": false, "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": ns, "MetricName": "RequestCount", "Dimensions": dimensions(dims)}, "Period": a.Period, "Stat": "Sum"}},
			{"Id": "rate", "Label": "5xx rate", "ReturnData": true, "Expression": "IF(requests > 0, errors / requests, 0)"},
		}
	} else {
		props["Namespace"], props["MetricName"], props["Dimensions"], props["Statistic"], props["Period"] = ns, name, dimensions(dims), stat, a.Period
	}
	tpl.Resources["Api5xxAlarm"] = Resource{Type: "AWS::CloudWatch::Alarm", Properties: props}
	tpl.Outputs["AlarmArn"] = Output{Description: "the alarm", Value: getAtt("Api5xxAlarm", "Arn")}
	return tpl, nil
}

// CLI returns the AWS CLI commands that create the same resources.
func (a *API5xx) CLI() ([]string, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	var cmds []string
	topic := a.Targets.TopicARN
	if topic == "" {
		cmds = append(cmds, "TOPIC_ARN=$(aws sns create-topic --name "+shellQuote(a.AlarmName()+"-alerts")+
			" --attributes KmsMasterKeyId=alias/aws/sns --query TopicArn --output text)")
		topic = "$TOPIC_ARN"
	} else {
		topic = shellQuote(topic)
	}
	for _, e := range a.Targets.Emails {
		cmds = append(cmds, fmt.Sprintf("aws sns subscribe --topic-arn %s --protocol email --notification-endpoint %s", topic, shellQuote(e)))
	}
	if l := a.Targets.LambdaARN; l != "" {
		cmds = append(cmds, fmt.Sprintf("aws lambda add-permission --function-name %s --statement-id awssec-alert-sns --action lambda:InvokeFunction --principal sns.amazonaws.com --source-arn %s", shellQuote(l), topic))
		cmds = append(cmds, fmt.Sprintf("aws sns subscribe --topic-arn %s --protocol lambda --notification-endpoint %s", topic, shellQuote(l)))
	}
	ns, name, dims, stat := a.metric()
	common := fmt.Sprintf("--alarm-name %s --comparison-operator GreaterThanThreshold --threshold %s --evaluation-periods %d --datapoints-to-alarm %d --treat-missing-data notBreaching --alarm-actions %s --ok-actions %s",
		shellQuote(a.AlarmName()), strconv.FormatFloat(a.Threshold, 'f', -1, 64), a.EvaluationPeriods, a.DatapointsToAlarm, topic, topic)
	if a.Kind() == "alb" {
		metrics := []map[string]any{
			{"Id": "errors", "ReturnData": false, "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": ns, "MetricName": name, "Dimensions": dimensions(dims)}, "Period": a.Period, "Stat": stat}},
			{"Id": "requests", "ReturnData": false, "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": ns, "MetricName": "RequestCount", "Dimensions": dimensions(dims)}, "Period": a.Period, "Stat": "Sum"}},
			{"Id": "rate", "Label": "5xx rate", "ReturnData": true, "Expression": "IF(requests > 0, errors / requests, 0)"},
		}
		b, _ := marshal(metrics, "")
		b = bytes.TrimSpace(b)
		cmds = append(cmds, "aws cloudwatch put-metric-alarm "+common+" --metrics "+shellQuote(string(b)))
		return cmds, nil
	}
	var ds []string
	for _, d := range dims {
		ds = append(ds, "Name="+d[0]+",Value="+d[1])
	}
	cmds = append(cmds, fmt.Sprintf("aws cloudwatch put-metric-alarm %s --namespace %s --metric-name %s --dimensions %s --statistic %s --period %d",
		common, ns, name, strings.Join(ds, " "), stat, a.Period))
	return cmds, nil
}
