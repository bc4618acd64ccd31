package checks

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

const testTopicARN = "arn:aws:sns:us-east-1:123456789012:security-alerts"

// chain is a CloudTrail log group with one metric filter, one alarm and one
// topic, all correct for spec; the edit functions spoil parts of it.
type chain struct {
	pattern string
	filter  func(f *inventory.MetricFilter)
	alarm   func(al *inventory.Alarm)
	topic   func(t *inventory.SNSTopic)
	trail   func(t *inventory.Trail)
}

func (ch chain) fill(spec *alarmSpec) func(a *inventory.Account, r *inventory.Region) {
	return func(a *inventory.Account, r *inventory.Region) {
		pattern := spec.pattern
		if ch.pattern != "" {
			pattern = ch.pattern
		}
		f := &inventory.MetricFilter{Meta: meta("trail-logs:" + spec.metric), FilterName: spec.metric, LogGroupName: "trail-logs",
			FilterPattern:         pattern,
			MetricTransformations: []inventory.MetricTransformation{{MetricNamespace: "CISBenchmark", MetricName: spec.metric, MetricValue: "1"}}}
		al := &inventory.Alarm{Meta: meta("cis-" + spec.slug), Namespace: "CISBenchmark", MetricName: spec.metric, Statistic: "Sum",
			Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold",
			ActionsEnabled: true, AlarmActions: []string{testTopicARN}}
		tp := &inventory.SNSTopic{Meta: meta("security-alerts"), Subscriptions: []inventory.SNSSubscription{
			{ARN: testTopicARN + ":0b1c", Protocol: "email", Endpoint: "security@example.com"}}}
		tp.ARN = testTopicARN
		tr := goodTrail("main", nil)
		for _, edit := range []func(){
			func() {
				if ch.filter != nil {
					ch.filter(f)
				}
			},
			func() {
				if ch.alarm != nil {
					ch.alarm(al)
				}
			},
			func() {
				if ch.topic != nil {
					ch.topic(tp)
				}
			},
			func() {
				if ch.trail != nil {
					ch.trail(tr)
				}
			},
		} {
			edit()
		}
		r.Resources.Trails = []*inventory.Trail{tr}
		r.Resources.LogGroups = []*inventory.LogGroup{{Meta: meta("trail-logs"), RetentionInDays: inventory.Ptr(365), KMSKeyID: inventory.Ptr("")}}
		r.Resources.MetricFilters = []*inventory.MetricFilter{f}
		r.Resources.Alarms = []*inventory.Alarm{al}
		r.Resources.SNSTopics = []*inventory.SNSTopic{tp}
	}
}

// TestCloudWatchAlarmChecks runs every CIS monitoring check on its own CIS
// pattern (pass), on a log group with no filter (fail) and with a topic
// whose subscriptions were not read (error).
func TestCloudWatchAlarmChecks(t *testing.T) {
	for _, c := range cloudwatchAlarmChecks {
		spec := alarmSpecs[c.ID]
		t.Run(c.ID, func(t *testing.T) {
			runCases(t, c, []checkCase{{
				name: "CIS pattern, alarm, confirmed subscriber",
				fill: chain{}.fill(spec),
				want: map[string]finding.Status{"trail-logs": finding.Pass},
				contains: map[string]string{"trail-logs": "matches every CIS " + spec.cis +
					" event; alarm cis-" + spec.slug + " on CISBenchmark/" + spec.metric + " notifies topic security-alerts (1 confirmed email subscription)"},
			}, {
				name:     "no filter",
				fill:     chain{filter: func(f *inventory.MetricFilter) { f.LogGroupName = "other" }}.fill(spec),
				want:     map[string]finding.Status{"trail-logs": finding.Fail},
				contains: map[string]string{"trail-logs": "no metric filter on log group trail-logs matches " + spec.what},
			}, {
				name: "subscriptions not read",
				fill: chain{topic: func(tp *inventory.SNSTopic) { tp.Subscriptions = nil }}.fill(spec),
				want: map[string]finding.Status{"trail-logs": finding.Error},
			}})
		})
	}
}

func TestCloudWatchAlarmChain(t *testing.T) {
	spec := alarmSpecs[cloudwatchAlarmNACLChanges.ID]
	lg := "trail-logs"
	runCases(t, cloudwatchAlarmNACLChanges, []checkCase{{
		name: "pattern misses two events",
		fill: chain{pattern: `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = ReplaceNetworkAclEntry) }`}.fill(spec),
		want: map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "metric filter NACLChanges on log group trail-logs does not match DeleteNetworkAclEntry, " +
			"ReplaceNetworkAclAssociation (2 of 6 CIS 4.11 events)"},
	}, {
		name:     "wildcard pattern matches all",
		fill:     chain{pattern: `{ ($.eventSource = ec2.amazonaws.com) && ($.eventName = "*NetworkAcl*") }`}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Pass},
		contains: map[string]string{lg: "matches every CIS 4.11 event"},
	}, {
		name:     "unreadable pattern",
		fill:     chain{pattern: `{ $.eventName = CreateNetworkAcl ||`}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "unreadable: filter NACLChanges: filter pattern:"},
	}, {
		name:     "no alarm on the metric",
		fill:     chain{alarm: func(al *inventory.Alarm) { al.MetricName = "Other" }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "filter NACLChanges publishes CISBenchmark/NACLChanges but no alarm watches it"},
	}, {
		name: "metric math alarm",
		fill: chain{alarm: func(al *inventory.Alarm) {
			al.Namespace, al.MetricName = "", ""
			al.Metrics = []inventory.AlarmMetricQuery{{ID: "m1", MetricStat: &inventory.AlarmMetricStat{Namespace: "CISBenchmark", MetricName: "NACLChanges", Stat: "Sum"}},
				{ID: "e1", Expression: "FILL(m1, 0)", ReturnData: true}}
		}}.fill(spec),
		want: map[string]finding.Status{lg: finding.Pass},
	}, {
		name:     "actions disabled",
		fill:     chain{alarm: func(al *inventory.Alarm) { al.ActionsEnabled = false }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "alarm cis-nacl-changes has its actions disabled"},
	}, {
		name:     "no action",
		fill:     chain{alarm: func(al *inventory.Alarm) { al.AlarmActions = nil }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "alarm cis-nacl-changes has no SNS action with a confirmed subscriber"},
	}, {
		name:     "threshold above one event",
		fill:     chain{alarm: func(al *inventory.Alarm) { al.Threshold = 5 }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "fires only when Sum >= 5: a single event does not trigger it"},
	}, {
		name: "pending subscription",
		fill: chain{topic: func(tp *inventory.SNSTopic) {
			tp.Subscriptions[0] = inventory.SNSSubscription{ARN: "PendingConfirmation", Protocol: "email", Pending: true}
		}}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "notifies topic security-alerts, which has no confirmed subscription (1 pending)"},
	}, {
		name:     "topic deleted",
		fill:     chain{topic: func(tp *inventory.SNSTopic) { tp.ARN += "-old" }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Fail},
		contains: map[string]string{lg: "which does not exist"},
	}, {
		name:     "topic in another account",
		fill:     chain{alarm: func(al *inventory.Alarm) { al.AlarmActions = []string{"arn:aws:sns:us-east-1:999988887777:soc"} }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Error},
		contains: map[string]string{lg: "not in the scanned estate"},
	}, {
		name:     "single-region trail: account has no CloudTrail log group",
		fill:     chain{trail: func(tr *inventory.Trail) { tr.IsMultiRegionTrail = false }}.fill(spec),
		want:     map[string]finding.Status{testAccount: finding.Fail},
		contains: map[string]string{testAccount: "no multi-region, logging trail delivers this account's management events to CloudWatch Logs"},
	}, {
		name:     "trail status unknown",
		fill:     chain{trail: func(tr *inventory.Trail) { tr.Selectors = nil }}.fill(spec),
		want:     map[string]finding.Status{lg: finding.Error},
		contains: map[string]string{lg: "a trail delivers to this log group but whether"},
	}, {
		name: "a second trail's log group fails at low severity when the first alerts",
		fill: func(a *inventory.Account, r *inventory.Region) {
			chain{}.fill(spec)(a, r)
			r.Resources.Trails = append(r.Resources.Trails, goodTrail("legacy", func(t *inventory.Trail) {
				t.CloudWatchLogsLogGroupARN = inventory.Ptr("arn:aws:logs:us-east-1:123456789012:log-group:legacy-logs:*")
			}))
			r.Resources.LogGroups = append(r.Resources.LogGroups, &inventory.LogGroup{Meta: meta("legacy-logs")})
		},
		want:     map[string]finding.Status{lg: finding.Pass, "legacy-logs": finding.Fail},
		contains: map[string]string{"legacy-logs": "these events also reach log group trail-logs"},
	}, {
		name: "gap in alarms",
		fill: func(a *inventory.Account, r *inventory.Region) {
			chain{}.fill(spec)(a, r)
			r.Gaps = []inventory.Gap{{ResourceType: alarmType, Call: "cloudwatch:DescribeAlarms", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestCloudWatchAlarmPeerSeverity(t *testing.T) {
	spec := alarmSpecs[cloudwatchAlarmRootUsage.ID]
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		chain{}.fill(spec)(a, r)
		r.Resources.Trails = append(r.Resources.Trails, goodTrail("legacy", func(t *inventory.Trail) {
			t.CloudWatchLogsLogGroupARN = inventory.Ptr("arn:aws:logs:us-east-1:123456789012:log-group:legacy-logs:*")
		}))
		r.Resources.LogGroups = append(r.Resources.LogGroups, &inventory.LogGroup{Meta: meta("legacy-logs")})
	})
	for _, f := range runCheck(t, cloudwatchAlarmRootUsage, e) {
		if f.ResourceID == "legacy-logs" && f.Severity != finding.Low {
			t.Errorf("covered log group failed at %s, want low", f.Severity)
		}
	}
}

func TestCloudWatchTrailLogRetention(t *testing.T) {
	runCases(t, cloudwatchTrailLogRetention, []checkCase{{
		name: "never, long, short, unknown, not a trail log group",
		fill: func(a *inventory.Account, r *inventory.Region) {
			var trails []*inventory.Trail
			for _, n := range []string{"never", "long", "short", "unk"} {
				trails = append(trails, goodTrail("trail-"+n, func(t *inventory.Trail) {
					t.CloudWatchLogsLogGroupARN = inventory.Ptr("arn:aws:logs:us-east-1:123456789012:log-group:" + n + ":*")
				}))
			}
			r.Resources.Trails = trails
			r.Resources.LogGroups = []*inventory.LogGroup{
				{Meta: meta("never"), RetentionInDays: inventory.Ptr(0)},
				{Meta: meta("long"), RetentionInDays: inventory.Ptr(400)},
				{Meta: meta("short"), RetentionInDays: inventory.Ptr(14)},
				{Meta: meta("unk")},
				{Meta: meta("/aws/lambda/app"), RetentionInDays: inventory.Ptr(7)},
			}
		},
		want:     map[string]finding.Status{"never": finding.Pass, "long": finding.Pass, "short": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"short": "deleted after 14 days", "long": "kept 400 days"},
	}})
}

func TestCloudWatchTrailLogKMS(t *testing.T) {
	runCases(t, cloudwatchTrailLogKMS, []checkCase{{
		name: "kms, none, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			var trails []*inventory.Trail
			for _, n := range []string{"kms", "none", "unk"} {
				trails = append(trails, goodTrail("trail-"+n, func(t *inventory.Trail) {
					t.CloudWatchLogsLogGroupARN = inventory.Ptr("arn:aws:logs:us-east-1:123456789012:log-group:" + n + ":*")
				}))
			}
			r.Resources.Trails = trails
			r.Resources.LogGroups = []*inventory.LogGroup{
				{Meta: meta("kms"), KMSKeyID: inventory.Ptr("arn:aws:kms:us-east-1:123456789012:key/2222")},
				{Meta: meta("none"), KMSKeyID: inventory.Ptr("")},
				{Meta: meta("unk")},
			}
		},
		want:     map[string]finding.Status{"kms": finding.Pass, "none": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"none": "trail-none", "kms": "key/2222"},
	}})
}

func TestCloudWatchAlarmPrefersSpecificFilter(t *testing.T) {
	spec := alarmSpecs[cloudwatchAlarmConsoleAuthFailures.ID]
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		chain{}.fill(spec)(a, r)
		// A broader filter, listed first, that also matches failed sign-ins.
		broad := &inventory.MetricFilter{Meta: meta("trail-logs:NoMFA"), FilterName: "NoMFA", LogGroupName: "trail-logs",
			FilterPattern:         `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`,
			MetricTransformations: []inventory.MetricTransformation{{MetricNamespace: "CISBenchmark", MetricName: "NoMFA", MetricValue: "1"}}}
		r.Resources.MetricFilters = append([]*inventory.MetricFilter{broad}, r.Resources.MetricFilters...)
		al := *r.Resources.Alarms[0]
		al.Meta, al.MetricName = meta("cis-no-mfa"), "NoMFA"
		r.Resources.Alarms = append(r.Resources.Alarms, &al)
	})
	fs := runCheck(t, cloudwatchAlarmConsoleAuthFailures, e)
	if len(fs) != 1 || fs[0].Status != finding.Pass || !strings.Contains(fs[0].Message, "filter "+spec.metric+" ") {
		t.Errorf("got %+v, want a pass naming the dedicated filter %s", fs, spec.metric)
	}
}
