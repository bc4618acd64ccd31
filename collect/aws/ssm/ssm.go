// Package ssm collects the nodes Systems Manager manages
// (AWS::SSM::ManagedInstance) with their Patch Manager state.
package ssm

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const instanceType = "AWS::SSM::ManagedInstance"

// patchBatch is the most instance ids DescribeInstancePatchStates takes.
const patchBatch = 50

// Service is the Systems Manager collector.
var Service = collect.Service{
	Name:    "ssm",
	Types:   []string{instanceType},
	Collect: collectInstances,
	Operations: []string{
		"ssm:DescribeInstanceInformation", "ssm:DescribeInstancePatchStates", "ssm:ListResourceComplianceSummaries",
	},
}

func collectInstances(ctx context.Context, s *collect.Scope) {
	client := ssm.NewFromConfig(s.Config)
	var instances []*inventory.SSMManagedInstance
	pages := ssm.NewDescribeInstanceInformationPaginator(client, &ssm.DescribeInstanceInformationInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(instanceType, "ssm:DescribeInstanceInformation", err)
			return
		}
		for _, info := range page.InstanceInformationList {
			instances = append(instances, instance(s, info))
		}
	}
	if len(instances) > 0 {
		patchStates(ctx, client, instances)
	}
	s.Region.Resources.SSMManagedInstances = instances
}

func instance(s *collect.Scope, info types.InstanceInformation) *inventory.SSMManagedInstance {
	id := aws.ToString(info.InstanceId)
	partition := s.Account.Partition
	if partition == "" {
		partition = "aws"
	}
	arn := "arn:" + partition + ":ec2:" + s.RegionName() + ":" + s.AccountID() + ":instance/" + id
	if info.ResourceType == types.ResourceTypeManagedInstance {
		arn = "arn:" + partition + ":ssm:" + s.RegionName() + ":" + s.AccountID() + ":managed-instance/" + id
	}
	// Name is only set for hybrid nodes (their activation's instance name):
	// SSM does not return an EC2 instance's Name tag.
	return &inventory.SSMManagedInstance{
		Meta:             s.Meta("ssm:DescribeInstanceInformation", id, arn, aws.ToString(info.Name)),
		PingStatus:       string(info.PingStatus),
		LastPingDateTime: aws.ToTime(info.LastPingDateTime),
		AgentVersion:     aws.ToString(info.AgentVersion),
		IsLatestVersion:  info.IsLatestVersion,
		PlatformType:     string(info.PlatformType),
		PlatformName:     aws.ToString(info.PlatformName),
		PlatformVersion:  aws.ToString(info.PlatformVersion),
		ResourceType:     string(info.ResourceType),
		ComputerName:     aws.ToString(info.ComputerName),
		IPAddress:        aws.ToString(info.IPAddress),
	}
}

// patchStates fills each instance's PatchCompliance: the counts from
// DescribeInstancePatchStates and the compliance status from the Patch
// compliance summaries. An instance with no patch state has never reported
// a scan (an empty PatchCompliance); when either call fails the instances
// it covers keep PatchCompliance nil (unknown).
func patchStates(ctx context.Context, client *ssm.Client, instances []*inventory.SSMManagedInstance) {
	status, err := patchStatus(ctx, client)
	if err != nil {
		return
	}
	for start := 0; start < len(instances); start += patchBatch {
		batch := instances[start:min(start+patchBatch, len(instances))]
		ids := make([]string, len(batch))
		for i, in := range batch {
			ids[i] = in.ID
		}
		found := map[string]*inventory.PatchCompliance{}
		pages := ssm.NewDescribeInstancePatchStatesPaginator(client, &ssm.DescribeInstancePatchStatesInput{InstanceIds: ids})
		failed := false
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				failed = true
				break
			}
			for _, ps := range page.InstancePatchStates {
				found[aws.ToString(ps.InstanceId)] = &inventory.PatchCompliance{
					BaselineID:                  aws.ToString(ps.BaselineId),
					PatchGroup:                  aws.ToString(ps.PatchGroup),
					MissingCount:                int(ps.MissingCount),
					FailedCount:                 int(ps.FailedCount),
					InstalledCount:              int(ps.InstalledCount),
					InstalledPendingRebootCount: int(aws.ToInt32(ps.InstalledPendingRebootCount)),
					CriticalNonCompliantCount:   int(aws.ToInt32(ps.CriticalNonCompliantCount)),
					SecurityNonCompliantCount:   int(aws.ToInt32(ps.SecurityNonCompliantCount)),
					Operation:                   string(ps.Operation),
					OperationStartTime:          aws.ToTime(ps.OperationStartTime),
					OperationEndTime:            aws.ToTime(ps.OperationEndTime),
				}
			}
		}
		if failed {
			continue
		}
		for _, in := range batch {
			pc := found[in.ID]
			if pc == nil {
				pc = &inventory.PatchCompliance{} // never scanned
			}
			pc.State = status[in.ID]
			in.PatchCompliance = pc
		}
	}
}

// patchStatus maps managed instance ids to their Patch compliance status
// ("COMPLIANT", "NON_COMPLIANT"), which DescribeInstancePatchStates does not
// report.
func patchStatus(ctx context.Context, client *ssm.Client) (map[string]string, error) {
	out := map[string]string{}
	pages := ssm.NewListResourceComplianceSummariesPaginator(client, &ssm.ListResourceComplianceSummariesInput{
		Filters: []types.ComplianceStringFilter{{Key: aws.String("ComplianceType"), Values: []string{"Patch"}, Type: types.ComplianceQueryOperatorTypeEqual}},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range page.ResourceComplianceSummaryItems {
			if aws.ToString(item.ComplianceType) == "Patch" {
				out[aws.ToString(item.ResourceId)] = string(item.Status)
			}
		}
	}
	return out, nil
}
