// Package guardduty collects GuardDuty detectors (AWS::GuardDuty::Detector)
// with their features, administrator, findings export destinations and
// findings filters (suppression rules among them).
package guardduty

//lint:file-ignore SA1019 filters created before 2020 still carry only the deprecated operators (Eq, Gt, ...), so both forms are read

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const detectorType = "AWS::GuardDuty::Detector"

// Service is the GuardDuty collector.
var Service = collect.Service{
	Name:    "guardduty",
	Types:   []string{detectorType},
	Collect: collectDetectors,
	Operations: []string{
		"guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:GetAdministratorAccount",
		"guardduty:ListPublishingDestinations", "guardduty:DescribePublishingDestination",
		"guardduty:ListFilters", "guardduty:GetFilter",
	},
}

func collectDetectors(ctx context.Context, s *collect.Scope) {
	client := guardduty.NewFromConfig(s.Config)
	// A region has at most one detector, but the API lists them. None means
	// GuardDuty is off in the region.
	var detectors []*inventory.GuardDutyDetector
	pages := guardduty.NewListDetectorsPaginator(client, &guardduty.ListDetectorsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(detectorType, "guardduty:ListDetectors", err)
			return
		}
		for _, id := range page.DetectorIds {
			d, err := detector(ctx, s, client, id)
			if err != nil {
				// Without GetDetector the detector's status is unknown, and a
				// detector of unknown status says nothing about coverage.
				s.Gap(detectorType, "guardduty:GetDetector", err)
				return
			}
			detectors = append(detectors, d)
		}
	}
	s.Region.Resources.GuardDutyDetectors = detectors
}

// detector reads one detector; its administrator, destinations and filters
// stay nil (unknown) when their calls fail.
func detector(ctx context.Context, s *collect.Scope, client *guardduty.Client, id string) (*inventory.GuardDutyDetector, error) {
	out, err := client.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
	if err != nil {
		return nil, err
	}
	arn := "arn:" + partition(s) + ":guardduty:" + s.RegionName() + ":" + s.AccountID() + ":detector/" + id
	d := &inventory.GuardDutyDetector{
		Meta:                       s.Meta("guardduty:GetDetector", id, arn, ""),
		Status:                     string(out.Status),
		FindingPublishingFrequency: string(out.FindingPublishingFrequency),
		CreatedAt:                  parseTime(out.CreatedAt),
		UpdatedAt:                  parseTime(out.UpdatedAt),
		ServiceRole:                aws.ToString(out.ServiceRole),
	}
	if len(out.Tags) > 0 {
		d.Tags = out.Tags
	}
	if out.Features != nil {
		d.Features = []inventory.GuardDutyFeature{}
		for _, f := range out.Features {
			feat := inventory.GuardDutyFeature{Name: string(f.Name), Status: string(f.Status), UpdatedAt: aws.ToTime(f.UpdatedAt)}
			for _, c := range f.AdditionalConfiguration {
				feat.AdditionalConfiguration = append(feat.AdditionalConfiguration,
					inventory.GuardDutyFeatureConfiguration{Name: string(c.Name), Status: string(c.Status)})
			}
			d.Features = append(d.Features, feat)
		}
	}
	if adm, err := client.GetAdministratorAccount(ctx, &guardduty.GetAdministratorAccountInput{DetectorId: aws.String(id)}); err == nil {
		d.Administrator = &inventory.GuardDutyAdministrator{} // no administrator: standalone, or the administrator itself
		if a := adm.Administrator; a != nil {
			d.Administrator.AccountID = aws.ToString(a.AccountId)
			d.Administrator.RelationshipStatus = aws.ToString(a.RelationshipStatus)
			d.Administrator.InvitedAt = parseTime(a.InvitedAt)
		}
	}
	d.PublishingDestinations, _ = destinations(ctx, client, id)
	d.Filters, _ = filters(ctx, client, id)
	return d, nil
}

// destinations lists where the detector exports findings; the ARN and KMS
// key of each are only in DescribePublishingDestination.
func destinations(ctx context.Context, client *guardduty.Client, id string) ([]inventory.GuardDutyPublishingDestination, error) {
	out := []inventory.GuardDutyPublishingDestination{}
	pages := guardduty.NewListPublishingDestinationsPaginator(client, &guardduty.ListPublishingDestinationsInput{DetectorId: aws.String(id)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, dst := range page.Destinations {
			desc, err := client.DescribePublishingDestination(ctx, &guardduty.DescribePublishingDestinationInput{
				DetectorId: aws.String(id), DestinationId: dst.DestinationId})
			if err != nil {
				return nil, err
			}
			pd := inventory.GuardDutyPublishingDestination{
				DestinationID:   aws.ToString(desc.DestinationId),
				DestinationType: string(desc.DestinationType),
				Status:          string(desc.Status),
			}
			if p := desc.DestinationProperties; p != nil {
				pd.DestinationARN = aws.ToString(p.DestinationArn)
				pd.KMSKeyARN = aws.ToString(p.KmsKeyArn)
			}
			out = append(out, pd)
		}
	}
	return out, nil
}

// filters reads the detector's findings filters. One unreadable filter
// makes the whole list unknown: a missing suppression rule must not look
// like no rule.
func filters(ctx context.Context, client *guardduty.Client, id string) ([]inventory.GuardDutyFilter, error) {
	out := []inventory.GuardDutyFilter{}
	pages := guardduty.NewListFiltersPaginator(client, &guardduty.ListFiltersInput{DetectorId: aws.String(id)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, name := range page.FilterNames {
			f, err := client.GetFilter(ctx, &guardduty.GetFilterInput{DetectorId: aws.String(id), FilterName: aws.String(name)})
			if err != nil {
				return nil, err
			}
			filter := inventory.GuardDutyFilter{
				Name:        aws.ToString(f.Name),
				Description: aws.ToString(f.Description),
				Action:      string(f.Action),
				Rank:        int(aws.ToInt32(f.Rank)),
			}
			if f.FindingCriteria != nil {
				filter.Criteria = criteria(f.FindingCriteria.Criterion)
			}
			out = append(out, filter)
		}
	}
	return out, nil
}

// criteria converts the criterion map, sorted by field since a JSON object
// has no order. The deprecated Eq/Neq/Gt... members are read when the
// current ones are absent (filters made with the old API).
func criteria(m map[string]types.Condition) []inventory.GuardDutyCriterion {
	fields := make([]string, 0, len(m))
	for f := range m {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	var out []inventory.GuardDutyCriterion
	for _, field := range fields {
		c := m[field]
		out = append(out, inventory.GuardDutyCriterion{
			Field:              field,
			Equals:             firstList(c.Equals, c.Eq),
			NotEquals:          firstList(c.NotEquals, c.Neq),
			GreaterThan:        firstInt(c.GreaterThan, c.Gt),
			GreaterThanOrEqual: firstInt(c.GreaterThanOrEqual, c.Gte),
			LessThan:           firstInt(c.LessThan, c.Lt),
			LessThanOrEqual:    firstInt(c.LessThanOrEqual, c.Lte),
		})
	}
	return out
}

func firstList(current, deprecated []string) []string {
	if len(current) > 0 {
		return current
	}
	if len(deprecated) > 0 {
		return deprecated
	}
	return nil
}

func firstInt(current *int64, deprecated *int32) *int64 {
	if current != nil {
		return current
	}
	if deprecated != nil {
		return aws.Int64(int64(*deprecated))
	}
	return nil
}

// parseTime reads GuardDuty's string timestamps ("2024-01-02T03:04:05.678Z");
// anything else is left zero.
func parseTime(s *string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, aws.ToString(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func partition(s *collect.Scope) string {
	if p := s.Account.Partition; p != "" {
		return p
	}
	return "aws"
}
