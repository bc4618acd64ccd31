package awstest

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerConfig serves the region's AWS Config recorders, delivery
// channels, rules with their compliance, and aggregators with their
// aggregated rule compliance (JSON 1.1, StarlingDoveService).
func registerConfig(s *Server) {
	indexes := &aggregateIndexes{m: map[*inventory.ConfigAggregator]*aggregateIndex{}}
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
		size, err := configLimit(r, 1000, s.PageSize)
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
		page, next, err := PageEmpty(s, entries, r.String("NextToken"), size)
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
		// The account, region and rule are required members: AWS answers
		// a request without them with a validation error.
		rule, acct, reg := r.String("ConfigRuleName"), r.String("AccountId"), r.String("AwsRegion")
		for name, v := range map[string]string{"configRuleName": rule, "accountId": acct, "awsRegion": reg} {
			if v == "" {
				return nil, &Error{Status: 400, Code: "ValidationException",
					Message: "1 validation error detected: Value null at '" + name + "' failed to satisfy constraint: Member must not be null"}
			}
		}
		size, err := configLimit(r, 100, s.PageSize)
		if err != nil {
			return nil, err
		}
		ag, err := aggregator(r)
		if err != nil {
			return nil, err
		}
		i := indexes.find(ag, rule, acct, reg)
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
		page, next, err := PageEmpty(s, configEvaluations(c.Compliance.Resources, types), r.String("NextToken"), size)
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
	s.Handle("config", "GetAggregateConfigRuleComplianceSummary", func(r *Request) (any, error) {
		ag, err := aggregator(r)
		if err != nil {
			return nil, err
		}
		size, err := configLimit(r, 1000, s.PageSize)
		if err != nil {
			return nil, err
		}
		if ag.RuleCompliance == nil {
			return nil, AccessDenied(JSON)
		}
		key := r.String("GroupByKey")
		if key != "" && key != "ACCOUNT_ID" && key != "AWS_REGION" {
			return nil, &Error{Status: 400, Code: "ValidationException", Message: "1 validation error detected: Value '" + key +
				"' at 'groupByKey' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT_ID, AWS_REGION]"}
		}
		f, _ := r.Params["Filters"].(map[string]any)
		// Each (rule, account, region) result counts once in its group.
		counts := map[string]*[2]int{}
		var groups []string
		for _, c := range ag.RuleCompliance {
			if !configFilter(f, "AccountId", c.AccountID) || !configFilter(f, "AwsRegion", c.Region) {
				continue
			}
			g := ""
			switch key {
			case "ACCOUNT_ID":
				g = c.AccountID
			case "AWS_REGION":
				g = c.Region
			}
			n := counts[g]
			if n == nil {
				n = &[2]int{}
				counts[g] = n
				groups = append(groups, g)
			}
			switch c.Compliance.ComplianceType {
			case "COMPLIANT":
				n[0]++
			case "NON_COMPLIANT":
				n[1]++
			}
		}
		slices.Sort(groups)
		page, next, err := PageEmpty(s, groups, r.String("NextToken"), size)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, g := range page {
			n := counts[g]
			list = append(list, M{"GroupName": nilIfEmpty(g), "ComplianceSummary": M{
				"CompliantResourceCount":     M{"CappedCount": n[0], "CapExceeded": false},
				"NonCompliantResourceCount":  M{"CappedCount": n[1], "CapExceeded": false},
				"ComplianceSummaryTimestamp": ag.CreationTime}})
		}
		return M{"GroupByKey": nilIfEmpty(key), "AggregateComplianceCounts": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "DescribeOrganizationConfigRules", func(r *Request) (any, error) {
		// Organization rules live in the management account: others are
		// refused, as AWS refuses accounts that are not the management or
		// a delegated administrator account.
		if s.Estate != nil && s.Estate.Organization != nil && s.Estate.Organization.ManagementAccount != r.Account {
			return nil, &Error{Status: 400, Code: "OrganizationAccessDeniedException",
				Message: "This action can only be performed if you are a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API."}
		}
		size, err := configLimit(r, 100, s.PageSize)
		if err != nil {
			return nil, err
		}
		// The estate holds the member rules an organization rule deployed
		// (OrgConfigRule-NAME-SUFFIX); the organization rule is NAME.
		names := r.Strings("OrganizationConfigRuleNames")
		type orgRule struct {
			name, suffix string
			member       *inventory.ConfigRule
		}
		var rules []orgRule
		seen := map[string]bool{}
		for _, rule := range region(r).Resources.ConfigRules {
			rest, ok := strings.CutPrefix(rule.ID, "OrgConfigRule-")
			i := strings.LastIndexByte(rest, '-')
			if !ok || !rule.OrganizationRule || i <= 0 {
				continue
			}
			name := rest[:i]
			if seen[name] || (len(names) > 0 && !slices.Contains(names, name)) {
				continue
			}
			seen[name] = true
			rules = append(rules, orgRule{name: name, suffix: rest[i+1:], member: rule})
		}
		for _, n := range names {
			if !seen[n] {
				return nil, &Error{Status: 400, Code: "NoSuchOrganizationConfigRuleException",
					Message: "The organization config rule " + n + " does not exist."}
			}
		}
		page, next, err := PageEmpty(s, rules, r.String("NextToken"), size)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, o := range page {
			m := M{"OrganizationConfigRuleName": o.name,
				"OrganizationConfigRuleArn": "arn:aws:config:" + r.Region + ":" + r.Account + ":organization-config-rule/" + o.name + "-" + o.suffix}
			src := o.member.RuleSource
			if src.Owner == "AWS" {
				m["OrganizationManagedRuleMetadata"] = M{"RuleIdentifier": src.SourceIdentifier,
					"ResourceTypesScope": configStrings(o.member.ScopeResourceTypes), "InputParameters": nilIfEmpty(o.member.InputParameters)}
			} else {
				m["OrganizationCustomRuleMetadata"] = M{"LambdaFunctionArn": src.SourceIdentifier,
					"OrganizationConfigRuleTriggerTypes": []string{"ConfigurationItemChangeNotification"},
					"ResourceTypesScope":                 configStrings(o.member.ScopeResourceTypes), "InputParameters": nilIfEmpty(o.member.InputParameters)}
			}
			list = append(list, m)
		}
		return M{"OrganizationConfigRules": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("config", "GetOrganizationConfigRuleDetailedStatus", func(r *Request) (any, error) {
		if s.Estate != nil && s.Estate.Organization != nil && s.Estate.Organization.ManagementAccount != r.Account {
			return nil, &Error{Status: 400, Code: "OrganizationAccessDeniedException",
				Message: "This action can only be performed if you are a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API."}
		}
		size, err := configLimit(r, 100, s.PageSize)
		if err != nil {
			return nil, err
		}
		name := r.String("OrganizationConfigRuleName")
		var member string
		for _, rule := range region(r).Resources.ConfigRules {
			if rule.OrganizationRule && strings.HasPrefix(rule.ID, "OrgConfigRule-"+name+"-") && !strings.Contains(rule.ID[len("OrgConfigRule-"+name+"-"):], "-") {
				member = rule.ID
			}
		}
		if member == "" {
			return nil, &Error{Status: 400, Code: "NoSuchOrganizationConfigRuleException", Message: "The organization config rule " + name + " does not exist."}
		}
		// A member account has the rule when the estate holds it there, or
		// an aggregator reports its results; otherwise its deployment failed.
		deployed := map[string]bool{}
		for _, a := range s.Estate.Accounts {
			for _, reg := range a.Regions {
				if slices.ContainsFunc(reg.Resources.ConfigRules, func(c *inventory.ConfigRule) bool { return c.ID == member }) {
					deployed[a.ID] = true
				}
			}
		}
		for _, ag := range region(r).Resources.ConfigAggregators {
			for acct := range indexes.accounts(ag, member) {
				deployed[acct] = true
			}
		}
		var accounts []string
		if o := s.Estate.Organization; o != nil {
			for _, a := range o.Accounts {
				accounts = append(accounts, a.ID)
			}
		} else {
			for _, a := range s.Estate.Accounts {
				accounts = append(accounts, a.ID)
			}
		}
		f, _ := r.Params["Filters"].(map[string]any)
		type status struct{ account, state string }
		var all []status
		for _, a := range accounts {
			st := status{a, "CREATE_SUCCESSFUL"}
			if !deployed[a] {
				st.state = "CREATE_FAILED"
			}
			if configFilter(f, "AccountId", a) && configFilter(f, "MemberAccountRuleStatus", st.state) {
				all = append(all, st)
			}
		}
		page, next, err := PageEmpty(s, all, r.String("NextToken"), size)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, st := range page {
			m := M{"AccountId": st.account, "ConfigRuleName": member, "MemberAccountRuleStatus": st.state}
			if st.state == "CREATE_FAILED" {
				m["ErrorCode"], m["ErrorMessage"] = "InsufficientPermissionsException",
					"The AWSServiceRoleForConfigMultiAccountSetup role does not exist in the member account."
			}
			list = append(list, m)
		}
		return M{"OrganizationConfigRuleDetailedStatus": list, "NextToken": nilIfEmpty(next)}, nil
	})

}

// aggregateIndexes find an aggregator's results by (rule, account,
// region) without a scan: a large organization has hundreds of thousands.
// An index is rebuilt when the results it was built from changed.
type aggregateIndexes struct {
	mu sync.Mutex
	m  map[*inventory.ConfigAggregator]*aggregateIndex
}

type aggregateIndex struct {
	n        int
	byTuple  map[[3]string]int
	byMember map[string]map[string]bool // rule → accounts
}

func (x *aggregateIndexes) get(ag *inventory.ConfigAggregator, check func(*aggregateIndex) bool) *aggregateIndex {
	x.mu.Lock()
	defer x.mu.Unlock()
	idx := x.m[ag]
	if idx != nil && idx.n == len(ag.RuleCompliance) && check(idx) {
		return idx
	}
	idx = &aggregateIndex{n: len(ag.RuleCompliance), byTuple: map[[3]string]int{}, byMember: map[string]map[string]bool{}}
	for i, c := range ag.RuleCompliance {
		idx.byTuple[[3]string{c.ConfigRuleName, c.AccountID, c.Region}] = i
		if idx.byMember[c.ConfigRuleName] == nil {
			idx.byMember[c.ConfigRuleName] = map[string]bool{}
		}
		idx.byMember[c.ConfigRuleName][c.AccountID] = true
	}
	x.m[ag] = idx
	return idx
}

// find returns the index of a (rule, account, region) result, or -1.
func (x *aggregateIndexes) find(ag *inventory.ConfigAggregator, rule, acct, reg string) int {
	key := [3]string{rule, acct, reg}
	idx := x.get(ag, func(idx *aggregateIndex) bool {
		i, ok := idx.byTuple[key]
		if !ok {
			return true
		}
		c := ag.RuleCompliance[i]
		return c.ConfigRuleName == rule && c.AccountID == acct && c.Region == reg
	})
	if i, ok := idx.byTuple[key]; ok {
		return i
	}
	return -1
}

// accounts returns the accounts with results for a rule.
func (x *aggregateIndexes) accounts(ag *inventory.ConfigAggregator, rule string) map[string]bool {
	return x.get(ag, func(*aggregateIndex) bool { return true }).byMember[rule]
}

// configLimit is a request's page size: the server's own page size, or
// the request's Limit member when that is smaller. A Limit above what the
// operation allows (most) is refused, as AWS Config refuses it.
func configLimit(r *Request, most, def int) (int, error) {
	l := r.String("Limit")
	if l == "" || l == "0" {
		return def, nil
	}
	n, err := strconv.Atoi(l)
	if err != nil || n < 0 || n > most {
		return 0, &Error{Status: 400, Code: "InvalidLimitException", Message: "The limit " + l + " is not valid: it must be between 0 and " + strconv.Itoa(most) + "."}
	}
	return min(n, def), nil
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
