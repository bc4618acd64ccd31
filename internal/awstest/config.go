package awstest

import (
	"slices"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerConfig serves the region's AWS Config recorders, delivery
// channels, rules with their compliance, and aggregators with their
// aggregated rule compliance (JSON 1.1, StarlingDoveService).
func registerConfig(s *Server) {
	region := func(r *Request) *inventory.Region {
		_, reg := r.Scope(s)
		if reg == nil {
			return &inventory.Region{}
		}
		return reg
	}
	// recorders are the recorders a Describe call names: by name, ARN or
	// service principal, else the customer managed one (as AWS does).
	recorders := func(r *Request) ([]*inventory.ConfigRecorder, error) {
		names, arn, sp := r.Strings("ConfigurationRecorderNames"), r.String("Arn"), r.String("ServicePrincipal")
		var out []*inventory.ConfigRecorder
		for _, rec := range region(r).Resources.ConfigRecorders {
			switch {
			case len(names) > 0 && !slices.Contains(names, rec.ID),
				arn != "" && rec.ARN != arn,
				sp != "" && rec.ServicePrincipal != sp,
				len(names) == 0 && arn == "" && sp == "" && rec.ServicePrincipal != "":
				continue
			}
			out = append(out, rec)
		}
		if len(out) == 0 && (len(names) > 0 || arn != "" || sp != "") {
			return nil, &Error{Status: 400, Code: "NoSuchConfigurationRecorderException", Message: "Cannot find configuration recorder."}
		}
		return out, nil
	}
	s.Handle("config", "DescribeConfigurationRecorders", func(r *Request) (any, error) {
		recs, err := recorders(r)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, rec := range recs {
			m := M{"name": rec.ID, "arn": nilIfEmpty(rec.ARN), "roleARN": nilIfEmpty(rec.RoleARN),
				"servicePrincipal": nilIfEmpty(rec.ServicePrincipal), "recordingMode": M{"recordingFrequency": "CONTINUOUS"}}
			if g := rec.RecordingGroup; g != nil {
				rg := M{"allSupported": g.AllSupported, "includeGlobalResourceTypes": g.IncludeGlobalResourceTypes,
					"resourceTypes": configStrings(g.ResourceTypes), "exclusionByResourceTypes": M{"resourceTypes": configStrings(g.ExclusionResourceTypes)}}
				if g.RecordingStrategy != "" {
					rg["recordingStrategy"] = M{"useOnly": g.RecordingStrategy}
				}
				m["recordingGroup"] = rg
			}
			list = append(list, m)
		}
		return M{"ConfigurationRecorders": list}, nil
	})
	s.Handle("config", "DescribeConfigurationRecorderStatus", func(r *Request) (any, error) {
		recs, err := recorders(r)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, rec := range recs {
			st := rec.Status
			if st == nil {
				continue // not read: the recorder's status is left out
			}
			m := M{"name": rec.ID, "arn": nilIfEmpty(rec.ARN), "recording": st.Recording, "lastStatus": nilIfEmpty(st.LastStatus),
				"lastErrorCode": nilIfEmpty(st.LastErrorCode), "lastErrorMessage": nilIfEmpty(st.LastErrorMessage),
				"servicePrincipal": nilIfEmpty(rec.ServicePrincipal)}
			configTimes(m, map[string]time.Time{"lastStartTime": st.LastStartTime, "lastStopTime": st.LastStopTime,
				"lastStatusChangeTime": st.LastStatusChangeTime})
			list = append(list, m)
		}
		return M{"ConfigurationRecordersStatus": list}, nil
	})
	channels := func(r *Request) ([]*inventory.ConfigDeliveryChannel, error) {
		names := r.Strings("DeliveryChannelNames")
		var out []*inventory.ConfigDeliveryChannel
		for _, ch := range region(r).Resources.ConfigDeliveryChannels {
			if len(names) == 0 || slices.Contains(names, ch.ID) {
				out = append(out, ch)
			}
		}
		if len(names) > 0 && len(out) == 0 {
			return nil, &Error{Status: 400, Code: "NoSuchDeliveryChannelException", Message: "Cannot find delivery channel."}
		}
		return out, nil
	}
	s.Handle("config", "DescribeDeliveryChannels", func(r *Request) (any, error) {
		chs, err := channels(r)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, ch := range chs {
			m := M{"name": ch.ID, "s3BucketName": nilIfEmpty(ch.S3BucketName), "s3KeyPrefix": nilIfEmpty(ch.S3KeyPrefix),
				"s3KmsKeyArn": nilIfEmpty(ch.S3KMSKeyARN), "snsTopicARN": nilIfEmpty(ch.SNSTopicARN)}
			if ch.DeliveryFrequency != "" {
				m["configSnapshotDeliveryProperties"] = M{"deliveryFrequency": ch.DeliveryFrequency}
			}
			list = append(list, m)
		}
		return M{"DeliveryChannels": list}, nil
	})
	s.Handle("config", "DescribeDeliveryChannelStatus", func(r *Request) (any, error) {
		chs, err := channels(r)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, ch := range chs {
			st := ch.Status
			if st == nil {
				continue
			}
			m := M{"name": ch.ID}
			// History and snapshots are export deliveries; the stream is
			// the SNS notification, with a status change time instead.
			for k, info := range map[string]inventory.ConfigDeliveryInfo{"configHistoryDeliveryInfo": st.ConfigHistory,
				"configSnapshotDeliveryInfo": st.ConfigSnapshot} {
				d := M{"lastStatus": nilIfEmpty(info.LastStatus), "lastErrorCode": nilIfEmpty(info.LastErrorCode),
					"lastErrorMessage": nilIfEmpty(info.LastErrorMessage)}
				configTimes(d, map[string]time.Time{"lastAttemptTime": info.LastAttemptTime,
					"lastSuccessfulTime": info.LastSuccessfulTime, "nextDeliveryTime": info.NextDeliveryTime})
				m[k] = d
			}
			info := st.ConfigStream
			d := M{"lastStatus": nilIfEmpty(info.LastStatus), "lastErrorCode": nilIfEmpty(info.LastErrorCode),
				"lastErrorMessage": nilIfEmpty(info.LastErrorMessage)}
			configTimes(d, map[string]time.Time{"lastStatusChangeTime": info.LastStatusChangeTime})
			m["configStreamDeliveryInfo"] = d
			list = append(list, m)
		}
		return M{"DeliveryChannelsStatus": list}, nil
	})

	rules := func(r *Request) []*inventory.ConfigRule {
		names := r.Strings("ConfigRuleNames")
		var out []*inventory.ConfigRule
		for _, rule := range region(r).Resources.ConfigRules {
			if len(names) == 0 || slices.Contains(names, rule.ID) {
				out = append(out, rule)
			}
		}
		return out
	}
	s.Handle("config", "DescribeConfigRules", func(r *Request) (any, error) {
		page, next, err := Page(rules(r), r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, rule := range page {
			m := M{"ConfigRuleName": rule.ID, "ConfigRuleArn": rule.ARN, "ConfigRuleId": rule.ConfigRuleID,
				"ConfigRuleState": nilIfEmpty(rule.State), "InputParameters": nilIfEmpty(rule.InputParameters),
				"CreatedBy": nilIfEmpty(rule.CreatedBy),
				"Source":    M{"Owner": rule.RuleSource.Owner, "SourceIdentifier": nilIfEmpty(rule.RuleSource.SourceIdentifier)}}
			if len(rule.ScopeResourceTypes) > 0 {
				m["Scope"] = M{"ComplianceResourceTypes": rule.ScopeResourceTypes}
			}
			list = append(list, m)
		}
		return M{"ConfigRules": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "DescribeComplianceByConfigRule", func(r *Request) (any, error) {
		types := r.Strings("ComplianceTypes")
		var known []*inventory.ConfigRule
		for _, rule := range rules(r) {
			// A rule whose compliance was not read is left out.
			if rule.Compliance != nil && (len(types) == 0 || slices.Contains(types, rule.Compliance.ComplianceType)) {
				known = append(known, rule)
			}
		}
		page, next, err := Page(known, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, rule := range page {
			list = append(list, M{"ConfigRuleName": rule.ID, "Compliance": configCompliance(rule.Compliance)})
		}
		return M{"ComplianceByConfigRules": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "GetComplianceDetailsByConfigRule", func(r *Request) (any, error) {
		name := r.String("ConfigRuleName")
		i := slices.IndexFunc(region(r).Resources.ConfigRules, func(c *inventory.ConfigRule) bool { return c.ID == name })
		if i < 0 {
			return nil, &Error{Status: 400, Code: "NoSuchConfigRuleException", Message: "The ConfigRule '" + name + "' provided in the request is invalid. Please check the configRule name."}
		}
		rule := region(r).Resources.ConfigRules[i]
		if rule.Compliance == nil || rule.Compliance.Resources == nil {
			return nil, AccessDenied(JSON)
		}
		results := configEvaluations(rule.Compliance.Resources, r.Strings("ComplianceTypes"))
		page, next, err := Page(results, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, e := range page {
			list = append(list, configEvaluation(rule.ID, e))
		}
		return M{"EvaluationResults": list, "NextToken": nilIfEmpty(next)}, nil
	})

	aggregator := func(r *Request) (*inventory.ConfigAggregator, error) {
		name := r.String("ConfigurationAggregatorName")
		for _, ag := range region(r).Resources.ConfigAggregators {
			if ag.ID == name {
				return ag, nil
			}
		}
		return nil, &Error{Status: 400, Code: "NoSuchConfigurationAggregatorException",
			Message: "The configuration aggregator does not exist. Check the configuration aggregator name and try again."}
	}
	s.Handle("config", "DescribeConfigurationAggregators", func(r *Request) (any, error) {
		names := r.Strings("ConfigurationAggregatorNames")
		var ags []*inventory.ConfigAggregator
		for _, ag := range region(r).Resources.ConfigAggregators {
			if len(names) == 0 || slices.Contains(names, ag.ID) {
				ags = append(ags, ag)
			}
		}
		page, next, err := Page(ags, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, ag := range page {
			m := M{"ConfigurationAggregatorName": ag.ID, "ConfigurationAggregatorArn": ag.ARN}
			if !ag.CreationTime.IsZero() {
				m["CreationTime"], m["LastUpdatedTime"] = ag.CreationTime, ag.CreationTime
			}
			if src := ag.OrganizationSource; src != nil {
				m["OrganizationAggregationSource"] = M{"RoleArn": nilIfEmpty(src.RoleARN), "AllAwsRegions": src.AllAWSRegions,
					"AwsRegions": configStrings(src.AWSRegions)}
			}
			if len(ag.AccountSources) > 0 {
				var srcs []any
				for _, src := range ag.AccountSources {
					srcs = append(srcs, M{"AccountIds": configStrings(src.AccountIDs), "AllAwsRegions": src.AllAWSRegions,
						"AwsRegions": configStrings(src.AWSRegions)})
				}
				m["AccountAggregationSources"] = srcs
			}
			list = append(list, m)
		}
		return M{"ConfigurationAggregators": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "DescribeAggregateComplianceByConfigRules", func(r *Request) (any, error) {
		ag, err := aggregator(r)
		if err != nil {
			return nil, err
		}
		if ag.RuleCompliance == nil {
			return nil, AccessDenied(JSON)
		}
		f, _ := r.Params["Filters"].(map[string]any)
		var entries []inventory.ConfigAggregateRuleCompliance
		for _, c := range ag.RuleCompliance {
			if configFilter(f, "ConfigRuleName", c.ConfigRuleName) && configFilter(f, "ComplianceType", c.Compliance.ComplianceType) &&
				configFilter(f, "AccountId", c.AccountID) && configFilter(f, "AwsRegion", c.Region) {
				entries = append(entries, c)
			}
		}
		page, next, err := Page(entries, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, c := range page {
			list = append(list, M{"ConfigRuleName": c.ConfigRuleName, "AccountId": c.AccountID, "AwsRegion": c.Region,
				"Compliance": configCompliance(&c.Compliance)})
		}
		return M{"AggregateComplianceByConfigRules": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "GetAggregateComplianceDetailsByConfigRule", func(r *Request) (any, error) {
		ag, err := aggregator(r)
		if err != nil {
			return nil, err
		}
		rule, acct, reg := r.String("ConfigRuleName"), r.String("AccountId"), r.String("AwsRegion")
		i := slices.IndexFunc(ag.RuleCompliance, func(c inventory.ConfigAggregateRuleCompliance) bool {
			return c.ConfigRuleName == rule && c.AccountID == acct && c.Region == reg
		})
		if i < 0 {
			return M{"AggregateEvaluationResults": []any{}}, nil
		}
		c := ag.RuleCompliance[i]
		if c.Compliance.Resources == nil {
			return nil, AccessDenied(JSON)
		}
		var types []string
		if t := r.String("ComplianceType"); t != "" {
			types = []string{t}
		}
		page, next, err := Page(configEvaluations(c.Compliance.Resources, types), r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, e := range page {
			m := configEvaluation(rule, e)
			m["AccountId"], m["AwsRegion"] = acct, reg
			list = append(list, m)
		}
		return M{"AggregateEvaluationResults": list, "NextToken": nilIfEmpty(next)}, nil
	})
}

// configCompliance is a Compliance member: the count of non-compliant
// resources only for NON_COMPLIANT results, as AWS sends it.
func configCompliance(c *inventory.ConfigCompliance) M {
	m := M{"ComplianceType": c.ComplianceType}
	if c.ComplianceType == "NON_COMPLIANT" {
		m["ComplianceContributorCount"] = M{"CappedCount": c.NonCompliantResourceCount, "CapExceeded": c.CappedCount}
	}
	return m
}

func configEvaluations(all []inventory.ConfigEvaluation, types []string) []inventory.ConfigEvaluation {
	var out []inventory.ConfigEvaluation
	for _, e := range all {
		if len(types) == 0 || slices.Contains(types, e.ComplianceType) {
			out = append(out, e)
		}
	}
	return out
}

// configEvaluation is an EvaluationResult.
func configEvaluation(rule string, e inventory.ConfigEvaluation) M {
	m := M{"EvaluationResultIdentifier": M{"EvaluationResultQualifier": M{"ConfigRuleName": rule, "ResourceType": e.ResourceType,
		"ResourceId": e.ResourceID, "EvaluationMode": "DETECTIVE"}},
		"ComplianceType": e.ComplianceType, "Annotation": nilIfEmpty(e.Annotation)}
	if !e.ResultRecordedTime.IsZero() {
		m["ResultRecordedTime"], m["ConfigRuleInvokedTime"] = e.ResultRecordedTime, e.ResultRecordedTime
		m["EvaluationResultIdentifier"].(M)["OrderingTimestamp"] = e.ResultRecordedTime
	}
	return m
}

// configFilter reports whether a value passes one member of a Filters
// structure (absent members pass everything).
func configFilter(f map[string]any, key, value string) bool {
	want, ok := f[key].(string)
	return !ok || want == "" || want == value
}

func configTimes(m M, times map[string]time.Time) {
	for k, t := range times {
		if !t.IsZero() {
			m[k] = t
		}
	}
}

// configStrings is a string list, empty rather than absent as AWS sends it.
func configStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
