package cloudwatch_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/cloudwatch"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectEast collects the management account's us-east-1 (the
// organization trail's log group, its CIS filters and alarms) with the
// given faults injected.
func collectEast(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	srv := awstest.Demo(t, faults...)
	srv.PageSize = 4 // 15 filters, 14 alarms: several pages each
	return srv.Collect(t, cloudwatch.Service, demo.ManagementAccount, "us-east-1").Regions[0]
}

// TestAlarmsDenied drives the RPC v2 CBOR error path: a denied
// DescribeAlarms is a gap over alarms only.
func TestAlarmsDenied(t *testing.T) {
	r := collectEast(t, awstest.Fault{Service: "monitoring", Op: "DescribeAlarms", Err: awstest.AccessDenied(awstest.CBOR)})
	if r.Resources.Alarms != nil {
		t.Errorf("alarms collected despite the denied listing: %d", len(r.Resources.Alarms))
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::CloudWatch::Alarm")
	if !ok || g.Call != "cloudwatch:DescribeAlarms" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDeniedException gap on cloudwatch:DescribeAlarms, got %+v", r.Gaps)
	}
	if len(r.Resources.LogGroups) != 2 || len(r.Resources.MetricFilters) != 15 {
		t.Errorf("log groups and filters must still be collected: %d groups, %d filters",
			len(r.Resources.LogGroups), len(r.Resources.MetricFilters))
	}
}

// TestLogGroupsDenied: denied CloudWatch Logs listings are gaps over their
// own types; alarms, read from another API, are still collected.
func TestLogGroupsDenied(t *testing.T) {
	r := collectEast(t, awstest.Fault{Service: "logs", Op: "DescribeMetricFilters", Err: awstest.AccessDenied(awstest.JSON)},
		awstest.Fault{Service: "logs", Op: "DescribeLogGroups", Err: awstest.AccessDenied(awstest.JSON)})
	for _, typ := range []string{"AWS::Logs::LogGroup", "AWS::Logs::MetricFilter"} {
		if _, ok := inventory.GapFor(r.Gaps, typ); !ok {
			t.Errorf("no gap for %s: %+v", typ, r.Gaps)
		}
	}
	if r.Resources.LogGroups != nil || r.Resources.MetricFilters != nil {
		t.Errorf("denied lists must stay unknown (nil)")
	}
	if len(r.Resources.Alarms) != 14 {
		t.Errorf("alarms must still be collected: got %d", len(r.Resources.Alarms))
	}
}

// TestAlarmFields checks what only CBOR carries: numbers, booleans,
// timestamps and lists of an alarm.
func TestAlarmFields(t *testing.T) {
	r := collectEast(t)
	var vpc *inventory.Alarm
	for _, a := range r.Resources.Alarms {
		if a.ID == "CIS-VPCChanges" {
			vpc = a
		}
	}
	if vpc == nil {
		t.Fatal("CIS-VPCChanges not collected")
	}
	if vpc.ActionsEnabled || vpc.Threshold != 1 || vpc.Period != 300 || vpc.EvaluationPeriods != 1 ||
		vpc.StateUpdatedTimestamp.IsZero() || len(vpc.AlarmActions) != 1 || vpc.OKActions != nil {
		t.Errorf("CIS-VPCChanges decoded wrong: %+v", vpc)
	}
}
