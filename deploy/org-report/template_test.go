package orgreportdeploy

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/orgreport"
)

type template struct {
	AWSTemplateFormatVersion string
	Description              string
	Parameters               map[string]struct {
		Description    string
		AllowedPattern string
		Type           string
		Default        *string
		AllowedValues  []string
	}
	Conditions map[string]any
	Resources  map[string]struct {
		Type       string
		DependsOn  []string
		Properties map[string]any
	}
	Outputs map[string]any
}

func load(t *testing.T) template {
	t.Helper()
	var tpl template
	dec := json.NewDecoder(strings.NewReader(string(Template)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tpl); err != nil {
		t.Fatalf("template.json: %v", err)
	}
	return tpl
}

var pseudo = []string{"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::NoValue", "AWS::URLSuffix"}

// walk calls fn on every map in v.
func walk(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, val := range x {
			walk(val, fn)
		}
	case []any:
		for _, val := range x {
			walk(val, fn)
		}
	}
}

// TestReferencesResolve: every Ref, GetAtt, Sub variable, condition and
// DependsOn names something the template defines.
func TestReferencesResolve(t *testing.T) {
	tpl := load(t)
	known := func(name string) bool {
		_, p := tpl.Parameters[name]
		_, r := tpl.Resources[name]
		return p || r || slices.Contains(pseudo, name)
	}
	subVar := regexp.MustCompile(`\$\{([^}!]+)\}`)
	var all []any
	for _, r := range tpl.Resources {
		all = append(all, r.Properties)
		for _, d := range r.DependsOn {
			if _, ok := tpl.Resources[d]; !ok {
				t.Errorf("DependsOn %s: no such resource", d)
			}
		}
	}
	all = append(all, tpl.Outputs, tpl.Conditions)
	walk(all, func(m map[string]any) {
		if ref, ok := m["Ref"].(string); ok && !known(ref) {
			t.Errorf("Ref %s: no such parameter or resource", ref)
		}
		if ga, ok := m["Fn::GetAtt"].([]any); ok {
			if _, ok := tpl.Resources[ga[0].(string)]; !ok {
				t.Errorf("GetAtt %v: no such resource", ga)
			}
		}
		if sub, ok := m["Fn::Sub"].(string); ok {
			for _, v := range subVar.FindAllStringSubmatch(sub, -1) {
				name, _, _ := strings.Cut(v[1], ".")
				if !known(name) {
					t.Errorf("Sub %q: ${%s} is not defined", sub, v[1])
				}
			}
		}
		if cond, ok := m["Fn::If"].([]any); ok {
			if _, ok := tpl.Conditions[cond[0].(string)]; !ok {
				t.Errorf("Fn::If %v: no such condition", cond[0])
			}
		}
	})
}

func props(t *testing.T, tpl template, name, typ string) map[string]any {
	t.Helper()
	r, ok := tpl.Resources[name]
	if !ok || r.Type != typ {
		t.Fatalf("resource %s: %+v, want a %s", name, r, typ)
	}
	return r.Properties
}

func getAtt(v any) string {
	if m, ok := v.(map[string]any); ok {
		if ga, ok := m["Fn::GetAtt"].([]any); ok {
			return ga[0].(string) + "." + ga[1].(string)
		}
		if ref, ok := m["Ref"].(string); ok {
			return ref
		}
	}
	return ""
}

// TestWiring: the function runs the Go bootstrap, fails into the
// dead-letter queue without retries that would send the report twice, and
// the schedule invokes it.
func TestWiring(t *testing.T) {
	tpl := load(t)
	fn := props(t, tpl, "Function", "AWS::Lambda::Function")
	if fn["Runtime"] != "provided.al2023" || fn["Handler"] != "bootstrap" || fn["Code"] != "build/bootstrap.zip" {
		t.Errorf("function runtime %v handler %v code %v", fn["Runtime"], fn["Handler"], fn["Code"])
	}
	if getAtt(fn["Role"]) != "FunctionRole.Arn" || getAtt(fn["DeadLetterConfig"].(map[string]any)["TargetArn"]) != "DeadLetterQueue.Arn" {
		t.Errorf("function role %v, dead letters %v", fn["Role"], fn["DeadLetterConfig"])
	}
	inv := props(t, tpl, "FunctionInvokeConfig", "AWS::Lambda::EventInvokeConfig")
	if inv["MaximumRetryAttempts"] != 0.0 || getAtt(inv["FunctionName"]) != "Function" {
		t.Errorf("invoke config %v", inv)
	}
	sch := props(t, tpl, "Schedule", "AWS::Scheduler::Schedule")
	target := sch["Target"].(map[string]any)
	if getAtt(target["Arn"]) != "Function.Arn" || getAtt(target["RoleArn"]) != "SchedulerRole.Arn" ||
		getAtt(target["DeadLetterConfig"].(map[string]any)["Arn"]) != "DeadLetterQueue.Arn" || getAtt(sch["ScheduleExpression"]) != "ScheduleExpression" {
		t.Errorf("schedule %v", sch)
	}
	if d := tpl.Parameters["ScheduleExpression"].Default; d == nil || !regexp.MustCompile(`^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$`).MatchString(*d) {
		t.Errorf("default schedule %v is not a six-field cron()", d)
	}
	// The environment is exactly what the function reads.
	env := fn["Environment"].(map[string]any)["Variables"].(map[string]any)
	sample := map[string]string{"ORG_REPORT_FROM": "config-report@example.com", "ORG_REPORT_TO": "secops@example.com,cloud@example.com",
		"ORG_REPORT_CC": "", "ORG_REPORT_AGGREGATORS": "AggregatorTest", "ORG_REPORT_ALL_RULES": "false", "ORG_REPORT_SKIP_EMPTY": "true"}
	var names []string
	for k := range env {
		names = append(names, k)
		if _, ok := sample[k]; !ok {
			t.Errorf("environment variable %s is not one the function reads", k)
		}
	}
	if len(names) != len(sample) {
		t.Errorf("environment %v, want %d variables", names, len(sample))
	}
	s, err := orgreport.SettingsFromEnv(func(k string) string { return sample[k] })
	if err != nil || !s.SkipEmpty || len(s.To) != 2 {
		t.Errorf("settings %+v, %v", s, err)
	}
	for _, p := range []string{"AllRules", "SkipEmpty"} {
		if !slices.Equal(tpl.Parameters[p].AllowedValues, []string{"true", "false"}) {
			t.Errorf("parameter %s allows %v", p, tpl.Parameters[p].AllowedValues)
		}
	}
}

type statement struct {
	Sid       string
	Effect    string
	Action    any
	Resource  any
	Condition map[string]any
}

func statements(t *testing.T, tpl template, role string) []statement {
	t.Helper()
	var out []statement
	for _, p := range props(t, tpl, role, "AWS::IAM::Role")["Policies"].([]any) {
		b, _ := json.Marshal(p.(map[string]any)["PolicyDocument"].(map[string]any)["Statement"])
		var st []statement
		if err := json.Unmarshal(b, &st); err != nil {
			t.Fatal(err)
		}
		out = append(out, st...)
	}
	return out
}

func actions(s statement) []string {
	switch a := s.Action.(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, x := range a {
			out = append(out, x.(string))
		}
		return out
	}
	return nil
}

// TestLeastPrivilege: the function's role allows what a report run calls
// (measured against the AWS double) and nothing more: Config and
// Organizations reads, ses:SendEmail as the one identity from the one
// sender, its queue and its logs.
func TestLeastPrivilege(t *testing.T) {
	tpl := load(t)
	allowed := map[string]statement{}
	for _, s := range statements(t, tpl, "FunctionRole") {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range actions(s) {
			if strings.Contains(a, "*") {
				t.Errorf("statement %s allows the wildcard action %s", s.Sid, a)
			}
			allowed[a] = s
		}
	}
	want := []string{"config:DescribeAggregateComplianceByConfigRules", "config:DescribeConfigurationAggregators",
		"config:DescribeOrganizationConfigRules", "config:GetAggregateComplianceDetailsByConfigRule",
		"config:GetAggregateConfigRuleComplianceSummary", "config:GetOrganizationConfigRuleDetailedStatus", "logs:CreateLogStream", "logs:PutLogEvents",
		"organizations:ListAccounts", "ses:SendEmail", "sqs:SendMessage"}
	var got []string
	for a := range allowed {
		got = append(got, a)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("allowed actions\n got %v\nwant %v", got, want)
	}
	ses := allowed["ses:SendEmail"]
	if sub, _ := ses.Resource.(map[string]any)["Fn::Sub"].(string); !strings.HasSuffix(sub, ":identity/${SesIdentity}") {
		t.Errorf("ses:SendEmail on %v, want the one identity", ses.Resource)
	}
	if cond, _ := json.Marshal(ses.Condition); !strings.Contains(string(cond), `"ses:FromAddress":{"Ref":"Sender"}`) {
		t.Errorf("ses:SendEmail condition %s, want the sender only", cond)
	}
	if getAtt(allowed["sqs:SendMessage"].Resource) != "DeadLetterQueue.Arn" {
		t.Errorf("sqs:SendMessage on %v", allowed["sqs:SendMessage"].Resource)
	}

	// Every call a report makes is allowed.
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	if _, err := orgreport.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), orgreport.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, op := range srv.Operations() {
		if _, ok := allowed[op]; !ok {
			t.Errorf("a report calls %s, which the role does not allow", op)
		}
	}

	// The scheduler may invoke the function and write dead letters, nothing else.
	var sched []string
	for _, s := range statements(t, tpl, "SchedulerRole") {
		sched = append(sched, actions(s)...)
	}
	slices.Sort(sched)
	if !slices.Equal(sched, []string{"lambda:InvokeFunction", "sqs:SendMessage"}) {
		t.Errorf("scheduler role allows %v", sched)
	}
}
