// Package cloudwatch collects CloudWatch Logs log groups
// (AWS::Logs::LogGroup) and metric filters (AWS::Logs::MetricFilter), and
// CloudWatch metric alarms (AWS::CloudWatch::Alarm): together they say
// whether trail events reach a log group that keeps them and whether the
// CIS monitoring filters raise an alarm someone receives.
//
// CloudWatch Logs speaks JSON 1.1 (signing name "logs"); CloudWatch itself
// speaks Smithy RPC v2 CBOR (signing name "monitoring", IAM prefix
// "cloudwatch").
package cloudwatch

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	logGroupType     = "AWS::Logs::LogGroup"
	metricFilterType = "AWS::Logs::MetricFilter"
	alarmType        = "AWS::CloudWatch::Alarm"
)

// Service is the CloudWatch and CloudWatch Logs collector.
var Service = collect.Service{
	Name:    "cloudwatch",
	Types:   []string{logGroupType, metricFilterType, alarmType},
	Collect: collectAll,
	Operations: []string{
		"logs:DescribeLogGroups", "logs:DescribeMetricFilters", "cloudwatch:DescribeAlarms",
	},
}

func collectAll(ctx context.Context, s *collect.Scope) {
	logs := cloudwatchlogs.NewFromConfig(s.Config)
	collectLogGroups(ctx, s, logs)
	collectMetricFilters(ctx, s, logs)
	collectAlarms(ctx, s, cloudwatch.NewFromConfig(s.Config))
}

func collectLogGroups(ctx context.Context, s *collect.Scope, client *cloudwatchlogs.Client) {
	var groups []*inventory.LogGroup
	pages := cloudwatchlogs.NewDescribeLogGroupsPaginator(client, &cloudwatchlogs.DescribeLogGroupsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(logGroupType, "logs:DescribeLogGroups", err)
			return
		}
		for _, g := range page.LogGroups {
			name := aws.ToString(g.LogGroupName)
			// logGroupArn is the group's own ARN; arn ends in ":*" (its streams).
			groups = append(groups, &inventory.LogGroup{
				Meta: s.Meta("logs:DescribeLogGroups", name, aws.ToString(g.LogGroupArn), name),
				// AWS leaves retentionInDays out for groups that never
				// expire, and kmsKeyId out for groups without a customer
				// key: both are read, as 0 and "".
				RetentionInDays:      aws.Int(int(aws.ToInt32(g.RetentionInDays))),
				KMSKeyID:             aws.String(aws.ToString(g.KmsKeyId)),
				LogGroupClass:        string(g.LogGroupClass),
				StoredBytes:          aws.ToInt64(g.StoredBytes),
				CreationTime:         millis(g.CreationTime),
				DataProtectionStatus: string(g.DataProtectionStatus),
			})
		}
	}
	s.Region.Resources.LogGroups = groups
}

// collectMetricFilters reads every filter of the region in one listing
// (DescribeMetricFilters without a log group name), rather than a call per
// log group.
func collectMetricFilters(ctx context.Context, s *collect.Scope, client *cloudwatchlogs.Client) {
	var filters []*inventory.MetricFilter
	pages := cloudwatchlogs.NewDescribeMetricFiltersPaginator(client, &cloudwatchlogs.DescribeMetricFiltersInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(metricFilterType, "logs:DescribeMetricFilters", err)
			return
		}
		for _, f := range page.MetricFilters {
			name, group := aws.ToString(f.FilterName), aws.ToString(f.LogGroupName)
			mf := &inventory.MetricFilter{
				// Filter names are unique per log group only.
				Meta:          s.Meta("logs:DescribeMetricFilters", group+":"+name, "", name),
				FilterName:    name,
				LogGroupName:  group,
				FilterPattern: aws.ToString(f.FilterPattern),
				CreationTime:  millis(f.CreationTime),
			}
			for _, mt := range f.MetricTransformations {
				mf.MetricTransformations = append(mf.MetricTransformations, inventory.MetricTransformation{
					MetricNamespace: aws.ToString(mt.MetricNamespace),
					MetricName:      aws.ToString(mt.MetricName),
					MetricValue:     aws.ToString(mt.MetricValue),
					DefaultValue:    mt.DefaultValue,
					Unit:            string(mt.Unit),
				})
			}
			filters = append(filters, mf)
		}
	}
	s.Region.Resources.MetricFilters = filters
}

// collectAlarms reads the metric alarms. Composite alarms watch other
// alarms, not metrics, and the inventory does not hold them.
func collectAlarms(ctx context.Context, s *collect.Scope, client *cloudwatch.Client) {
	var alarms []*inventory.Alarm
	pages := cloudwatch.NewDescribeAlarmsPaginator(client, &cloudwatch.DescribeAlarmsInput{
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(alarmType, "cloudwatch:DescribeAlarms", err)
			return
		}
		for _, a := range page.MetricAlarms {
			alarms = append(alarms, alarm(s, a))
		}
	}
	s.Region.Resources.Alarms = alarms
}

func alarm(s *collect.Scope, a cwtypes.MetricAlarm) *inventory.Alarm {
	name := aws.ToString(a.AlarmName)
	al := &inventory.Alarm{
		Meta:                    s.Meta("cloudwatch:DescribeAlarms", name, aws.ToString(a.AlarmArn), name),
		Namespace:               aws.ToString(a.Namespace),
		MetricName:              aws.ToString(a.MetricName),
		Dimensions:              dimensions(a.Dimensions),
		Statistic:               string(a.Statistic),
		ExtendedStatistic:       aws.ToString(a.ExtendedStatistic),
		Period:                  int(aws.ToInt32(a.Period)),
		EvaluationPeriods:       int(aws.ToInt32(a.EvaluationPeriods)),
		DatapointsToAlarm:       int(aws.ToInt32(a.DatapointsToAlarm)),
		Threshold:               aws.ToFloat64(a.Threshold),
		ComparisonOperator:      string(a.ComparisonOperator),
		TreatMissingData:        aws.ToString(a.TreatMissingData),
		ActionsEnabled:          aws.ToBool(a.ActionsEnabled),
		AlarmActions:            nonEmpty(a.AlarmActions),
		OKActions:               nonEmpty(a.OKActions),
		InsufficientDataActions: nonEmpty(a.InsufficientDataActions),
		StateValue:              string(a.StateValue),
		StateUpdatedTimestamp:   aws.ToTime(a.StateUpdatedTimestamp),
	}
	for _, q := range a.Metrics {
		mq := inventory.AlarmMetricQuery{ID: aws.ToString(q.Id), Expression: aws.ToString(q.Expression), ReturnData: aws.ToBool(q.ReturnData)}
		if ms := q.MetricStat; ms != nil {
			stat := &inventory.AlarmMetricStat{Stat: aws.ToString(ms.Stat), Period: int(aws.ToInt32(ms.Period))}
			if m := ms.Metric; m != nil {
				stat.Namespace, stat.MetricName, stat.Dimensions = aws.ToString(m.Namespace), aws.ToString(m.MetricName), dimensions(m.Dimensions)
			}
			mq.MetricStat = stat
		}
		al.Metrics = append(al.Metrics, mq)
	}
	return al
}

func dimensions(ds []cwtypes.Dimension) []inventory.AlarmDimension {
	var out []inventory.AlarmDimension
	for _, d := range ds {
		out = append(out, inventory.AlarmDimension{Name: aws.ToString(d.Name), Value: aws.ToString(d.Value)})
	}
	return out
}

// millis converts CloudWatch Logs' epoch milliseconds.
func millis(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

// nonEmpty keeps the inventory's convention that an empty list is absent
// (the SDK decodes AWS's [] as an empty, non-nil slice).
func nonEmpty(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
