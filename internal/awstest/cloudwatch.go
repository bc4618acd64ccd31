package awstest

import (
	"strconv"
	"strings"

	"github.com/awssec/awssec/inventory"
)

// registerCloudWatch serves the region's CloudWatch Logs log groups and
// metric filters (JSON 1.1, Logs_20140328, signing name "logs") and its
// CloudWatch metric alarms (RPC v2 CBOR, signing name "monitoring").
func registerCloudWatch(s *Server) {
	region := func(r *Request) *inventory.Region {
		_, reg := r.Scope(s)
		return reg
	}
	s.Handle("logs", "DescribeLogGroups", func(r *Request) (any, error) {
		reg := region(r)
		if reg == nil {
			return M{"logGroups": []any{}}, nil
		}
		var groups []*inventory.LogGroup
		for _, g := range reg.Resources.LogGroups {
			if p := r.String("logGroupNamePrefix"); strings.HasPrefix(g.ID, p) {
				groups = append(groups, g)
			}
		}
		page, next, err := Page(groups, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, g := range page {
			m := M{"logGroupName": g.ID, "logGroupArn": g.ARN, "arn": g.ARN + ":*", "creationTime": g.CreationTime.UnixMilli(),
				"storedBytes": g.StoredBytes, "metricFilterCount": logMetricFilterCount(reg, g.ID),
				"logGroupClass": nilIfEmpty(g.LogGroupClass), "kmsKeyId": trailString(g.KMSKeyID),
				"dataProtectionStatus": nilIfEmpty(g.DataProtectionStatus)}
			if g.RetentionInDays != nil && *g.RetentionInDays > 0 { // never-expiring groups have no retentionInDays
				m["retentionInDays"] = *g.RetentionInDays
			}
			list = append(list, m)
		}
		return M{"logGroups": list, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("logs", "DescribeMetricFilters", func(r *Request) (any, error) {
		reg := region(r)
		if reg == nil {
			return M{"metricFilters": []any{}}, nil
		}
		var filters []*inventory.MetricFilter
		for _, f := range reg.Resources.MetricFilters {
			if g := r.String("logGroupName"); g != "" && f.LogGroupName != g {
				continue
			}
			filters = append(filters, f)
		}
		page, next, err := Page(filters, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, f := range page {
			var mts []any
			for _, mt := range f.MetricTransformations {
				m := M{"metricNamespace": mt.MetricNamespace, "metricName": mt.MetricName, "metricValue": mt.MetricValue,
					"unit": nilIfEmpty(mt.Unit)}
				if mt.DefaultValue != nil {
					m["defaultValue"] = *mt.DefaultValue
				}
				mts = append(mts, m)
			}
			list = append(list, M{"filterName": f.FilterName, "logGroupName": f.LogGroupName, "filterPattern": f.FilterPattern,
				"metricTransformations": mts, "creationTime": f.CreationTime.UnixMilli()})
		}
		return M{"metricFilters": list, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("monitoring", "DescribeAlarms", func(r *Request) (any, error) {
		var alarms []*inventory.Alarm
		if reg := region(r); reg != nil && alarmTypeAsked(r, "MetricAlarm") {
			alarms = reg.Resources.Alarms
		}
		size := s.PageSize
		if n, err := strconv.Atoi(r.String("MaxRecords")); err == nil && n > 0 {
			size = min(size, n)
		}
		page, next, err := Page(alarms, r.String("NextToken"), size)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, a := range page {
			m := M{"AlarmName": a.ID, "AlarmArn": a.ARN, "ActionsEnabled": a.ActionsEnabled,
				"AlarmActions": alarmStrings(a.AlarmActions), "OKActions": alarmStrings(a.OKActions),
				"InsufficientDataActions": alarmStrings(a.InsufficientDataActions),
				"StateValue":              nilIfEmpty(a.StateValue), "Threshold": a.Threshold, "ComparisonOperator": a.ComparisonOperator,
				"Namespace": nilIfEmpty(a.Namespace), "MetricName": nilIfEmpty(a.MetricName), "Dimensions": alarmDimensions(a.Dimensions),
				"Statistic": nilIfEmpty(a.Statistic), "ExtendedStatistic": nilIfEmpty(a.ExtendedStatistic),
				"TreatMissingData": nilIfEmpty(a.TreatMissingData)}
			for k, v := range map[string]int{"Period": a.Period, "EvaluationPeriods": a.EvaluationPeriods, "DatapointsToAlarm": a.DatapointsToAlarm} {
				if v != 0 {
					m[k] = v
				}
			}
			if !a.StateUpdatedTimestamp.IsZero() {
				m["StateUpdatedTimestamp"] = a.StateUpdatedTimestamp
				m["StateTransitionedTimestamp"] = a.StateUpdatedTimestamp
			}
			if len(a.Metrics) > 0 {
				var qs []any
				for _, q := range a.Metrics {
					qm := M{"Id": q.ID, "ReturnData": q.ReturnData, "Expression": nilIfEmpty(q.Expression)}
					if ms := q.MetricStat; ms != nil {
						stat := M{"Metric": M{"Namespace": ms.Namespace, "MetricName": ms.MetricName, "Dimensions": alarmDimensions(ms.Dimensions)},
							"Stat": ms.Stat}
						if ms.Period != 0 {
							stat["Period"] = ms.Period
						}
						qm["MetricStat"] = stat
					}
					qs = append(qs, qm)
				}
				m["Metrics"] = qs
			}
			list = append(list, m)
		}
		out := M{"MetricAlarms": list, "NextToken": nilIfEmpty(next)}
		if alarmTypeAsked(r, "CompositeAlarm") {
			out["CompositeAlarms"] = []any{} // the inventory holds no composite alarms
		}
		return out, nil
	})
}

// logMetricFilterCount is how many metric filters read a log group.
func logMetricFilterCount(reg *inventory.Region, group string) int {
	n := 0
	for _, f := range reg.Resources.MetricFilters {
		if f.LogGroupName == group {
			n++
		}
	}
	return n
}

// alarmTypeAsked reports whether DescribeAlarms asks for alarms of type t:
// without AlarmTypes, AWS returns metric alarms only.
func alarmTypeAsked(r *Request, t string) bool {
	types := r.Strings("AlarmTypes")
	if len(types) == 0 {
		return t == "MetricAlarm"
	}
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// alarmStrings is a CloudWatch string list: AWS sends empty lists, not none.
func alarmStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func alarmDimensions(ds []inventory.AlarmDimension) []any {
	out := []any{}
	for _, d := range ds {
		out = append(out, M{"Name": d.Name, "Value": d.Value})
	}
	return out
}
