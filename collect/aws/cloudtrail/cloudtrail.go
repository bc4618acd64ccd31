// Package cloudtrail collects CloudTrail trails (AWS::CloudTrail::Trail)
// with their logging status, event selectors and Insights selectors.
//
// Each trail is collected once, in its home region of the account that owns
// it: DescribeTrails is called with includeShadowTrails=false, so the copies
// AWS shows in a multi-region trail's other regions, and an organization
// trail in member accounts, are left out (the inventory's convention).
package cloudtrail

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const trailType = "AWS::CloudTrail::Trail"

// Service is the CloudTrail collector.
var Service = collect.Service{
	Name:    "cloudtrail",
	Types:   []string{trailType},
	Collect: collectTrails,
	Operations: []string{
		"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors",
	},
}

func collectTrails(ctx context.Context, s *collect.Scope) {
	client := cloudtrail.NewFromConfig(s.Config)
	// DescribeTrails has no paginator: it returns every trail at once.
	out, err := client.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		s.Gap(trailType, "cloudtrail:DescribeTrails", err)
		return
	}
	var trails []*inventory.Trail
	for _, t := range out.TrailList {
		trails = append(trails, trail(ctx, s, client, t))
	}
	s.Region.Resources.Trails = trails
}

// trail reads one trail. The detail calls only fill their own fields: a
// failure leaves that field unknown, and the trail is kept.
func trail(ctx context.Context, s *collect.Scope, client *cloudtrail.Client, t types.Trail) *inventory.Trail {
	arn := aws.ToString(t.TrailARN)
	tr := &inventory.Trail{
		Meta:                       s.Meta("cloudtrail:DescribeTrails", arn, arn, aws.ToString(t.Name)),
		HomeRegion:                 aws.ToString(t.HomeRegion),
		IsMultiRegionTrail:         aws.ToBool(t.IsMultiRegionTrail),
		IsOrganizationTrail:        aws.ToBool(t.IsOrganizationTrail),
		IncludeGlobalServiceEvents: aws.ToBool(t.IncludeGlobalServiceEvents),
		// DescribeTrails always answers these: an absent key or log group
		// means none, not unknown.
		LogFileValidationEnabled:  aws.Bool(aws.ToBool(t.LogFileValidationEnabled)),
		KMSKeyID:                  aws.String(aws.ToString(t.KmsKeyId)),
		CloudWatchLogsLogGroupARN: aws.String(aws.ToString(t.CloudWatchLogsLogGroupArn)),
		S3BucketName:              aws.ToString(t.S3BucketName),
		S3KeyPrefix:               aws.ToString(t.S3KeyPrefix),
		SNSTopicARN:               aws.ToString(t.SnsTopicARN),
		CloudWatchLogsRoleARN:     aws.ToString(t.CloudWatchLogsRoleArn),
		HasCustomEventSelectors:   aws.ToBool(t.HasCustomEventSelectors),
		HasInsightSelectors:       aws.ToBool(t.HasInsightSelectors),
	}
	// The ARN names the trail unambiguously, whichever account or region asks.
	if st, err := client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: t.TrailARN}); err == nil {
		tr.Status = &inventory.TrailStatus{
			IsLogging:                         aws.ToBool(st.IsLogging),
			StartLoggingTime:                  aws.ToTime(st.StartLoggingTime),
			StopLoggingTime:                   aws.ToTime(st.StopLoggingTime),
			LatestDeliveryTime:                aws.ToTime(st.LatestDeliveryTime),
			LatestDeliveryError:               aws.ToString(st.LatestDeliveryError),
			LatestDigestDeliveryTime:          aws.ToTime(st.LatestDigestDeliveryTime),
			LatestDigestDeliveryError:         aws.ToString(st.LatestDigestDeliveryError),
			LatestCloudWatchLogsDeliveryTime:  aws.ToTime(st.LatestCloudWatchLogsDeliveryTime),
			LatestCloudWatchLogsDeliveryError: aws.ToString(st.LatestCloudWatchLogsDeliveryError),
			LatestNotificationError:           aws.ToString(st.LatestNotificationError),
		}
	}
	if sel, err := client.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: t.TrailARN}); err == nil {
		tr.Selectors = selectors(sel)
	}
	// GetInsightSelectors fails with InsightNotEnabledException on a trail
	// without Insights, so it is asked only of trails that have them.
	if tr.HasInsightSelectors {
		ins, err := client.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: t.TrailARN})
		if err != nil {
			tr.Unread = append(tr.Unread, "insightSelectors")
		} else {
			for _, is := range ins.InsightSelectors {
				tr.InsightSelectors = append(tr.InsightSelectors, inventory.TrailInsightSelector{InsightType: string(is.InsightType)})
			}
		}
	}
	return tr
}

// selectors converts GetEventSelectors' answer. A trail never given
// selectors reports AWS's default one (all management events, read and
// write, no data events); the inventory writes the default as no selectors.
func selectors(out *cloudtrail.GetEventSelectorsOutput) *inventory.TrailSelectors {
	sel := &inventory.TrailSelectors{}
	if len(out.EventSelectors) == 1 && len(out.AdvancedEventSelectors) == 0 && isDefault(out.EventSelectors[0]) {
		return sel
	}
	for _, es := range out.EventSelectors {
		e := inventory.EventSelector{
			ReadWriteType:                 string(es.ReadWriteType),
			IncludeManagementEvents:       aws.ToBool(es.IncludeManagementEvents),
			ExcludeManagementEventSources: nonEmpty(es.ExcludeManagementEventSources),
		}
		for _, d := range es.DataResources {
			e.DataResources = append(e.DataResources, inventory.DataResource{Type: aws.ToString(d.Type), Values: nonEmpty(d.Values)})
		}
		sel.EventSelectors = append(sel.EventSelectors, e)
	}
	for _, as := range out.AdvancedEventSelectors {
		a := inventory.AdvancedEventSelector{Name: aws.ToString(as.Name)}
		for _, f := range as.FieldSelectors {
			a.FieldSelectors = append(a.FieldSelectors, inventory.AdvancedFieldSelector{
				Field:         aws.ToString(f.Field),
				Equals:        nonEmpty(f.Equals),
				NotEquals:     nonEmpty(f.NotEquals),
				StartsWith:    nonEmpty(f.StartsWith),
				NotStartsWith: nonEmpty(f.NotStartsWith),
				EndsWith:      nonEmpty(f.EndsWith),
				NotEndsWith:   nonEmpty(f.NotEndsWith),
			})
		}
		sel.AdvancedEventSelectors = append(sel.AdvancedEventSelectors, a)
	}
	return sel
}

// isDefault reports whether es is the selector AWS reports for a trail
// without selectors of its own.
func isDefault(es types.EventSelector) bool {
	return (es.ReadWriteType == types.ReadWriteTypeAll || es.ReadWriteType == "") &&
		aws.ToBool(es.IncludeManagementEvents) && len(es.DataResources) == 0 && len(es.ExcludeManagementEventSources) == 0
}

// nonEmpty keeps the inventory's convention that an empty list is absent
// (the SDK decodes AWS's [] as an empty, non-nil slice).
func nonEmpty(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
