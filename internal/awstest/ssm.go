package awstest

import (
	"slices"

	"github.com/awssec/awssec/inventory"
)

// registerSSM serves the region's managed instances and their patch state
// (JSON 1.1, AmazonSSM). An instance whose patch state the inventory did
// not read makes DescribeInstancePatchStates for it answer AccessDenied; an
// instance that never reported a scan has no patch state entry.
func registerSSM(s *Server) {
	instances := func(r *Request) []*inventory.SSMManagedInstance {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.SSMManagedInstances
		}
		return nil
	}
	s.Handle("ssm", "DescribeInstanceInformation", func(r *Request) (any, error) {
		page, next, err := Page(instances(r), r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, in := range page {
			info := M{"InstanceId": in.ID, "PingStatus": in.PingStatus, "AgentVersion": in.AgentVersion,
				"PlatformType": in.PlatformType, "PlatformName": in.PlatformName, "PlatformVersion": in.PlatformVersion,
				"ResourceType": in.ResourceType, "ComputerName": in.ComputerName, "IPAddress": in.IPAddress}
			if !in.LastPingDateTime.IsZero() {
				info["LastPingDateTime"] = in.LastPingDateTime
			}
			if in.IsLatestVersion != nil {
				info["IsLatestVersion"] = *in.IsLatestVersion
			}
			switch in.ResourceType {
			case "EC2Instance":
				info["SourceId"], info["SourceType"] = in.ID, "AWS::EC2::Instance"
			case "ManagedInstance":
				info["Name"] = in.Name // hybrid nodes only: the activation's instance name
			}
			list = append(list, info)
		}
		return M{"InstanceInformationList": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("ssm", "DescribeInstancePatchStates", func(r *Request) (any, error) {
		ids := r.Strings("InstanceIds")
		if len(ids) == 0 || len(ids) > 50 {
			return nil, &Error{Status: 400, Code: "ValidationException", Message: "1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length between 1 and 50"}
		}
		var states []any
		for _, in := range instances(r) {
			if !slices.Contains(ids, in.ID) {
				continue
			}
			pc := in.PatchCompliance
			if pc == nil {
				return nil, AccessDenied(JSON)
			}
			if pc.Operation == "" && pc.OperationEndTime.IsZero() {
				continue // never scanned: no patch state
			}
			states = append(states, M{"InstanceId": in.ID, "PatchGroup": pc.PatchGroup, "BaselineId": pc.BaselineID,
				"OperationStartTime": pc.OperationStartTime, "OperationEndTime": pc.OperationEndTime, "Operation": pc.Operation,
				"MissingCount": pc.MissingCount, "FailedCount": pc.FailedCount, "InstalledCount": pc.InstalledCount,
				"InstalledOtherCount": 0, "InstalledRejectedCount": 0, "NotApplicableCount": 0, "UnreportedNotApplicableCount": 0,
				"InstalledPendingRebootCount": pc.InstalledPendingRebootCount, "CriticalNonCompliantCount": pc.CriticalNonCompliantCount,
				"SecurityNonCompliantCount": pc.SecurityNonCompliantCount, "OtherNonCompliantCount": 0, "RebootOption": "RebootIfNeeded"})
		}
		page, next, err := Page(states, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"InstancePatchStates": ssmList(page), "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("ssm", "ListResourceComplianceSummaries", func(r *Request) (any, error) {
		// Only Patch compliance is served: anything else filtered for is empty.
		onlyPatch := true
		if filters, ok := r.Params["Filters"].([]any); ok {
			for _, f := range filters {
				if m, ok := f.(map[string]any); ok && m["Key"] == "ComplianceType" {
					vals, _ := m["Values"].([]any)
					onlyPatch = slices.Contains(vals, any("Patch"))
				}
			}
		}
		var items []any
		for _, in := range instances(r) {
			if !onlyPatch || in.PatchCompliance == nil || in.PatchCompliance.State == "" {
				continue
			}
			pc := in.PatchCompliance
			severity := "UNSPECIFIED"
			if pc.State == "NON_COMPLIANT" {
				severity = "CRITICAL"
			}
			items = append(items, M{"ComplianceType": "Patch", "ResourceType": "ManagedInstance", "ResourceId": in.ID,
				"Status": pc.State, "OverallSeverity": severity,
				"ExecutionSummary": M{"ExecutionTime": pc.OperationEndTime, "ExecutionType": "Command"}})
		}
		page, next, err := Page(items, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"ResourceComplianceSummaryItems": ssmList(page), "NextToken": nilIfEmpty(next)}, nil
	})
}

// ssmList keeps an empty list an empty JSON array, as SSM answers.
func ssmList(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}
