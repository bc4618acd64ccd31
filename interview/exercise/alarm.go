package exercise

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

func alarmExercises() []*Exercise {
	return []*Exercise{{
		ID: "api-5xx-alarm", Title: "Alarm when an API starts returning 5xx", Kind: "alarm", Seed: "api-5xx-alerting",
		Prompt: "The REST API orders (API Gateway, stage prod) must page the on-call team when more than 5% of its\n" +
			"requests fail with 5xx. Write a CloudFormation template (YAML or JSON) with a single-metric CloudWatch\n" +
			"alarm that watches the error rate every minute, alarms on 3 bad minutes out of 5, does not alarm when\n" +
			"there is no traffic, and notifies an SNS topic (declare it in the template, or name its ARN).",
		Answer: "a CloudFormation template, YAML or JSON",
		grade:  gradeAlarm,
	}}
}

// cfnValue is a template value: a scalar, a reference to a resource of
// the template, or something else (a list, a map, another intrinsic).
type cfnValue struct {
	scalar string
	ref    string
	node   *yaml.Node
}

func readValue(n *yaml.Node) cfnValue {
	if n == nil {
		return cfnValue{}
	}
	switch {
	case n.Tag == "!Ref":
		return cfnValue{ref: n.Value, node: n}
	case n.Kind == yaml.ScalarNode:
		return cfnValue{scalar: n.Value, node: n}
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref":
		return cfnValue{ref: n.Content[1].Value, node: n}
	}
	return cfnValue{node: n}
}

func gradeAlarm(name string, answer []byte) (*Result, error) {
	if len(answer) > maxCodeSize {
		return nil, fmt.Errorf("%s: %d bytes is more than a template may have here (%d)", name, len(answer), maxCodeSize)
	}
	var doc yaml.Node
	if err := yaml.Load(answer, &doc); err != nil {
		return nil, fmt.Errorf("%s: not YAML or JSON: %v", name, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	resources := field(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return nil, errors.New(name + ": a CloudFormation template has a Resources section")
	}
	types := map[string]string{}
	var alarm *yaml.Node
	for i := 0; i+1 < len(resources.Content); i += 2 {
		res := resources.Content[i+1]
		t := readValue(field(res, "Type")).scalar
		types[resources.Content[i].Value] = t
		if t == "AWS::CloudWatch::Alarm" && alarm == nil {
			alarm = field(res, "Properties")
		}
	}
	r := &Result{}
	add := func(name string, ok bool, detail string) {
		c := Check{Name: name, OK: ok}
		if !ok {
			c.Detail = detail
		}
		r.Checks = append(r.Checks, c)
	}
	prop := func(key string) cfnValue { return readValue(field(alarm, key)) }
	num := func(key string) (float64, bool) {
		f, err := strconv.ParseFloat(prop(key).scalar, 64)
		return f, err == nil
	}
	add("an AWS::CloudWatch::Alarm resource", alarm != nil, "the template declares no AWS::CloudWatch::Alarm with Properties")
	if alarm == nil {
		alarm = &yaml.Node{Kind: yaml.MappingNode}
	}
	add("namespace AWS/ApiGateway", prop("Namespace").scalar == "AWS/ApiGateway", fmt.Sprintf("Namespace is %q", prop("Namespace").scalar))
	add("metric 5XXError (what REST APIs publish)", prop("MetricName").scalar == "5XXError",
		fmt.Sprintf("MetricName is %q; REST APIs publish 5XXError (HTTP APIs publish 5xx)", prop("MetricName").scalar))
	dims := map[string]string{}
	if d := field(alarm, "Dimensions"); d != nil {
		for _, item := range d.Content {
			dims[readValue(field(item, "Name")).scalar] = readValue(field(item, "Value")).scalar
		}
	}
	add("dimension ApiName = orders", dims["ApiName"] == "orders", fmt.Sprintf("ApiName dimension is %q", dims["ApiName"]))
	add("dimension Stage = prod", dims["Stage"] == "prod", fmt.Sprintf("Stage dimension is %q", dims["Stage"]))
	add("statistic Average (the share of requests that failed)", prop("Statistic").scalar == "Average",
		fmt.Sprintf("Statistic is %q; the Average of 5XXError is the error rate, Sum a count", prop("Statistic").scalar))
	th, ok := num("Threshold")
	add("threshold a rate above 0 and at most 0.05", ok && th > 0 && th <= 0.05, fmt.Sprintf("Threshold is %q", prop("Threshold").scalar))
	cmp := prop("ComparisonOperator").scalar
	add("alarms above the threshold", cmp == "GreaterThanThreshold" || cmp == "GreaterThanOrEqualToThreshold", fmt.Sprintf("ComparisonOperator is %q", cmp))
	period, ok := num("Period")
	add("one-minute period", ok && period == 60, fmt.Sprintf("Period is %q", prop("Period").scalar))
	evals, okE := num("EvaluationPeriods")
	points, okD := num("DatapointsToAlarm")
	add("3 bad minutes out of 5", okE && okD && evals == 5 && points == 3,
		fmt.Sprintf("EvaluationPeriods %q and DatapointsToAlarm %q", prop("EvaluationPeriods").scalar, prop("DatapointsToAlarm").scalar))
	add("no alarm without traffic (TreatMissingData notBreaching)", prop("TreatMissingData").scalar == "notBreaching",
		fmt.Sprintf("TreatMissingData is %q", prop("TreatMissingData").scalar))
	notifies, detail := false, "AlarmActions names no SNS topic"
	if acts := field(alarm, "AlarmActions"); acts != nil {
		for _, a := range acts.Content {
			v := readValue(a)
			if types[v.ref] == "AWS::SNS::Topic" || strings.HasPrefix(v.scalar, "arn:aws:sns:") {
				notifies = true
			}
		}
	}
	add("notifies an SNS topic", notifies, detail)
	return r.score(), nil
}

// field returns the value node of key in a mapping node.
func field(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
