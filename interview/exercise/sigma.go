package exercise

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/awssec/awssec/sigma"
	"github.com/awssec/awssec/trail/ctlog"
)

// sigmaTask is an exercise whose answer is a Sigma rule, graded by running
// it, as awssec trail hunt does, over CloudTrail records written in the
// documented record format: every record of the attack must match, no
// benign record may.
type sigmaTask struct {
	id, title, prompt, seed string
	attack, benign          []filterSample
	model                   string
}

func sigmaExercises() []*Exercise {
	var out []*Exercise
	for _, t := range sigmaTasks {
		out = append(out, &Exercise{ID: t.id, Title: t.title, Kind: "sigma-rule", Prompt: t.prompt, Seed: t.seed,
			Answer: "a Sigma rule (YAML) with logsource product aws, service cloudtrail", grade: t.grade})
	}
	return out
}

func (t *sigmaTask) grade(name string, answer []byte) (*Result, error) {
	rule, err := sigma.Parse(name, answer)
	if err != nil {
		return nil, err
	}
	r := &Result{}
	for _, s := range append(append([]filterSample{}, t.attack...), t.benign...) {
		matched := false
		_, err := ctlog.Read(bytes.NewReader([]byte(s.record)), s.name, func(e *ctlog.Event) error {
			matched = matched || rule.Match(e)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", s.name, err)
		}
		c := Check{Name: s.name, OK: matched == s.match}
		if !c.OK {
			if s.match {
				c.Detail = "part of the attack, not matched"
			} else {
				c.Detail = "benign, but matched: a false positive"
			}
		}
		r.Checks = append(r.Checks, c)
	}
	return r.score(), nil
}

// ctRequest is a CloudTrail record of a call with request parameters.
func ctRequest(eventName, source, params string) string {
	return strings.Replace(ct(eventName, source, ctUser, ""), `"requestParameters":null`, `"requestParameters":`+params, 1)
}

var sigmaTasks = []*sigmaTask{{
	id: "sigma-cloudtrail-tampering", title: "Sigma: catch CloudTrail being switched off",
	prompt: "An attacker stopped a trail and then deleted it. Write a Sigma rule (logsource: product aws, service\n" +
		"cloudtrail) that matches both events, and none of the everyday CloudTrail calls in the benign sample\n" +
		"(starting logging, describing trails, reading their status, creating a trail).",
	attack: []filterSample{
		{"StopLogging", ctRequest("StopLogging", "cloudtrail.amazonaws.com", `{"name":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org"}`), true},
		{"DeleteTrail", ctRequest("DeleteTrail", "cloudtrail.amazonaws.com", `{"name":"org"}`), true},
	},
	benign: []filterSample{
		{"StartLogging", ctRequest("StartLogging", "cloudtrail.amazonaws.com", `{"name":"org"}`), false},
		{"DescribeTrails", ctRequest("DescribeTrails", "cloudtrail.amazonaws.com", `{"includeShadowTrails":true}`), false},
		{"GetTrailStatus", ctRequest("GetTrailStatus", "cloudtrail.amazonaws.com", `{"name":"org"}`), false},
		{"CreateTrail", ctRequest("CreateTrail", "cloudtrail.amazonaws.com", `{"name":"audit","s3BucketName":"acme-trail"}`), false},
		{"a DeleteBucket elsewhere", ctRequest("DeleteBucket", "s3.amazonaws.com", `{"bucketName":"tmp"}`), false},
	},
	model: `title: CloudTrail logging stopped or trail deleted
status: stable
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName:
      - StopLogging
      - DeleteTrail
  condition: selection
level: high
`,
}, {
	id: "sigma-public-snapshot", title: "Sigma: catch an EBS snapshot made public",
	prompt: "An attacker shared an EBS snapshot with everyone (createVolumePermission add group all) to copy the\n" +
		"disk out. Write a Sigma rule that matches that, and not sharing with one named account or taking a\n" +
		"snapshot.",
	attack: []filterSample{
		{"snapshot shared with all", ctRequest("ModifySnapshotAttribute", "ec2.amazonaws.com",
			`{"snapshotId":"snap-0a1b2c3d4e5f67890","createVolumePermission":{"add":{"items":[{"group":"all"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"}`), true},
	},
	benign: []filterSample{
		{"snapshot shared with one account", ctRequest("ModifySnapshotAttribute", "ec2.amazonaws.com",
			`{"snapshotId":"snap-0a1b2c3d4e5f67890","createVolumePermission":{"add":{"items":[{"userId":"444455556666"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"}`), false},
		{"public sharing removed", ctRequest("ModifySnapshotAttribute", "ec2.amazonaws.com",
			`{"snapshotId":"snap-0a1b2c3d4e5f67890","createVolumePermission":{"remove":{"items":[{"group":"all"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"}`), false},
		{"snapshot taken", ctRequest("CreateSnapshot", "ec2.amazonaws.com", `{"volumeId":"vol-0123456789abcdef0"}`), false},
	},
	model: `title: EBS snapshot shared publicly
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: ModifySnapshotAttribute
    requestParameters.createVolumePermission.add.items.group: all
  condition: selection
level: high
`,
}}
