package exercise

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/checks"
)

// filterTask is an exercise whose answer is a CloudWatch Logs metric
// filter pattern, graded by matching CloudTrail records written in the
// documented record format: some must match, some must not.
type filterTask struct {
	id, title, prompt, seed string
	samples                 []filterSample
	model                   string
}

type filterSample struct {
	name   string
	record string
	match  bool
}

func filterExercises() []*Exercise {
	var out []*Exercise
	for _, t := range filterTasks {
		out = append(out, &Exercise{ID: t.id, Title: t.title, Kind: "metric-filter", Prompt: t.prompt, Seed: t.seed,
			Answer: "a CloudWatch Logs filter pattern (JSON syntax), on one line", grade: t.grade})
	}
	return out
}

func (t *filterTask) grade(name string, answer []byte) (*Result, error) {
	text := strings.TrimSpace(string(answer))
	if strings.Contains(text, "\n") {
		return nil, fmt.Errorf("%s: write the pattern on one line", name)
	}
	p, err := checks.ParseFilterPattern(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r := &Result{}
	for _, s := range t.samples {
		got := p.Match([]byte(s.record))
		c := Check{Name: s.name, OK: got == s.match}
		if !c.OK {
			if s.match {
				c.Detail = "should match, does not"
			} else {
				c.Detail = "should not match, does"
			}
		}
		r.Checks = append(r.Checks, c)
	}
	return r.score(), nil
}

// ct is a CloudTrail record with the fields the samples vary.
func ct(eventName, source, identity, extra string) string {
	return `{"eventVersion":"1.08","userIdentity":` + identity + `,"eventTime":"2026-11-20T08:14:02Z","eventSource":"` + source +
		`","eventName":"` + eventName + `","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0",` +
		`"requestParameters":null,"eventID":"8f2c1c1e-1f0a-4c53-9a0d-0e6d4d5f1a11","readOnly":false,"eventType":"AwsApiCall",` +
		`"managementEvent":true,"recipientAccountId":"111122223333"` + extra + `}`
}

const (
	ctUser = `{"type":"IAMUser","principalId":"AIDAJ45Q7YFFAREXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"alice"}`
	ctRoot = `{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}`
)

func consoleLogin(identity, result, mfa string) string {
	return strings.Replace(ct("ConsoleLogin", "signin.amazonaws.com", identity,
		`,"responseElements":{"ConsoleLogin":"`+result+`"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"`+mfa+`"}`),
		`"eventType":"AwsApiCall"`, `"eventType":"AwsConsoleSignIn"`, 1)
}

var filterTasks = []*filterTask{{
	id: "metric-filter-console-no-mfa", title: "Metric filter: console sign-in without MFA", seed: "metric-filters",
	prompt: "Write the CloudWatch Logs metric filter pattern (for CloudTrail delivered to CloudWatch Logs) that matches\n" +
		"successful console sign-ins made without MFA, and nothing else.",
	samples: []filterSample{
		{"sign-in without MFA", consoleLogin(ctUser, "Success", "No"), true},
		{"root sign-in without MFA", consoleLogin(ctRoot, "Success", "No"), true},
		{"sign-in with MFA", consoleLogin(ctUser, "Success", "Yes"), false},
		{"an API call", ct("GetObject", "s3.amazonaws.com", ctUser, ""), false},
		{"a failed sign-in", consoleLogin(ctUser, "Failure", "No"), false},
	},
	model: `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.responseElements.ConsoleLogin = "Success") }`,
}, {
	id: "metric-filter-unauthorized-calls", title: "Metric filter: unauthorized API calls", seed: "metric-filters",
	prompt: "Write the metric filter pattern that matches API calls refused for lack of permission — EC2's\n" +
		"*UnauthorizedOperation errors and every service's AccessDenied* errors — and not other failures.",
	samples: []filterSample{
		{"EC2 unauthorized", ct("RunInstances", "ec2.amazonaws.com", ctUser, `,"errorCode":"Client.UnauthorizedOperation","errorMessage":"You are not authorized to perform this operation."`), true},
		{"S3 access denied", ct("GetObject", "s3.amazonaws.com", ctUser, `,"errorCode":"AccessDenied","errorMessage":"Access Denied"`), true},
		{"IAM access denied exception", ct("CreateUser", "iam.amazonaws.com", ctUser, `,"errorCode":"AccessDeniedException","errorMessage":"User is not authorized"`), true},
		{"throttled", ct("DescribeInstances", "ec2.amazonaws.com", ctUser, `,"errorCode":"Client.RequestLimitExceeded"`), false},
		{"a successful call", ct("GetObject", "s3.amazonaws.com", ctUser, ""), false},
	},
	model: `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`,
}, {
	id: "metric-filter-root-usage", title: "Metric filter: root user activity",
	prompt: "Write the metric filter pattern that matches what the root user does itself — not actions AWS services\n" +
		"take on its behalf (invokedBy set, or AwsServiceEvent records) and not other principals.",
	samples: []filterSample{
		{"root signs in", consoleLogin(ctRoot, "Success", "Yes"), true},
		{"root calls an API", ct("CreateAccessKey", "iam.amazonaws.com", ctRoot, ""), true},
		{"a service on root's behalf", ct("PutObject", "s3.amazonaws.com", `{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","invokedBy":"cloudtrail.amazonaws.com"}`, ""), false},
		{"a service event", strings.Replace(ct("SharedSnapshotVolumeCreated", "ec2.amazonaws.com", ctRoot, ""), `"eventType":"AwsApiCall"`, `"eventType":"AwsServiceEvent"`, 1), false},
		{"an IAM user", ct("CreateAccessKey", "iam.amazonaws.com", ctUser, ""), false},
	},
	model: `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
}}
