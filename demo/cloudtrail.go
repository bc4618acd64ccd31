package demo

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// CloudTrail names other demo files refer to.
var (
	orgTrailARN    = arn("cloudtrail", East, ManagementAccount, "trail/org-trail")
	legacyTrailARN = arn("cloudtrail", East, ProdAccount, "trail/legacy-prod-trail")
)

// The CloudWatch Logs log groups the trails deliver to (see cloudwatch.go).
const (
	orgTrailLogGroup    = "aws-cloudtrail-logs-" + OrgID
	legacyTrailLogGroup = "legacy-prod-trail-logs"
)

// minutesAgo is a time the given number of minutes before the demo's clock.
func minutesAgo(m int) time.Time { return Now.Add(-time.Duration(m) * time.Minute) }

// How the demo's trails cover the organization: org-trail, an organization
// trail owned by the management account, records every account (prod and
// dev have no trail of their own to be covered), so
// cloudtrail-multi-region-logging passes for all three accounts. Trails are
// listed once, in their home region of the owning account.
func addCloudTrail(b *builder) {
	mgmtEast, mgmtWest := b.region(ManagementAccount, East), b.region(ManagementAccount, West)
	prodEast := b.region(ProdAccount, East)

	// org-trail: the organization trail in management us-east-1. Multi-region,
	// all management events, log file validation, SSE-KMS with the trail key,
	// delivered to CloudWatch Logs, bucket with access logging. Passes every
	// per-trail check; it records no data events, so the S3 data event checks
	// fail for management and dev (prod records its own).
	mgmtEast.Resources.Trails = append(mgmtEast.Resources.Trails, &inventory.Trail{
		Meta:                       meta("cloudtrail:DescribeTrails", orgTrailARN, orgTrailARN, "org-trail"),
		HomeRegion:                 East,
		IsMultiRegionTrail:         true,
		IsOrganizationTrail:        true,
		IncludeGlobalServiceEvents: true,
		LogFileValidationEnabled:   inventory.Ptr(true),
		KMSKeyID:                   inventory.Ptr(kmsMgmtTrailKey),
		S3BucketName:               "acme-org-cloudtrail-logs",
		CloudWatchLogsLogGroupARN:  inventory.Ptr(arn("logs", East, ManagementAccount, "log-group:"+orgTrailLogGroup+":*")),
		CloudWatchLogsRoleARN:      "arn:aws:iam::" + ManagementAccount + ":role/CloudTrailRoleForCloudWatchLogs_org-trail",
		HasCustomEventSelectors:    true,
		HasInsightSelectors:        true,
		Status: &inventory.TrailStatus{IsLogging: true, StartLoggingTime: daysAgo(820),
			LatestDeliveryTime: minutesAgo(4), LatestDigestDeliveryTime: minutesAgo(38), LatestCloudWatchLogsDeliveryTime: minutesAgo(2)},
		Selectors: &inventory.TrailSelectors{AdvancedEventSelectors: []inventory.AdvancedEventSelector{{
			Name:           "Management events",
			FieldSelectors: []inventory.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}},
		}}},
		InsightSelectors: []inventory.TrailInsightSelector{{InsightType: "ApiCallRateInsight"}, {InsightType: "ApiErrorRateInsight"}},
	})

	// org-trail-eu-pilot: an organization trail left over from a 2025 landing
	// zone pilot in eu-west-1: single-region, stopped, SSE-S3 only, no
	// CloudWatch Logs. It fails cloudtrail-organization-trail,
	// cloudtrail-kms-encryption and cloudtrail-cloudwatch-logs, and
	// cloudtrail-multi-region-logging at low severity (org-trail covers the
	// account). Its validation and bucket logging pass.
	pilot := arn("cloudtrail", West, ManagementAccount, "trail/org-trail-eu-pilot")
	mgmtWest.Resources.Trails = append(mgmtWest.Resources.Trails, &inventory.Trail{
		Meta:                       meta("cloudtrail:DescribeTrails", pilot, pilot, "org-trail-eu-pilot"),
		HomeRegion:                 West,
		IsOrganizationTrail:        true,
		IncludeGlobalServiceEvents: false,
		LogFileValidationEnabled:   inventory.Ptr(true),
		KMSKeyID:                   inventory.Ptr(""),
		S3BucketName:               "acme-org-cloudtrail-logs",
		S3KeyPrefix:                "eu-pilot",
		CloudWatchLogsLogGroupARN:  inventory.Ptr(""),
		Status: &inventory.TrailStatus{IsLogging: false, StartLoggingTime: daysAgo(540), StopLoggingTime: daysAgo(310),
			LatestDeliveryTime: daysAgo(310), LatestDigestDeliveryTime: daysAgo(310)},
		Selectors: &inventory.TrailSelectors{},
	})

	// legacy-prod-trail: prod's own trail from before the organization
	// existed. Multi-region and logging, with S3 object-level events for every
	// bucket (prod passes both S3 data event checks), delivered to its own
	// log group, but without log file validation or KMS, to a bucket without
	// access logging: it fails cloudtrail-log-file-validation,
	// cloudtrail-kms-encryption and cloudtrail-bucket-access-logging.
	prodEast.Resources.Trails = append(prodEast.Resources.Trails, &inventory.Trail{
		Meta:                       meta("cloudtrail:DescribeTrails", legacyTrailARN, legacyTrailARN, "legacy-prod-trail"),
		HomeRegion:                 East,
		IsMultiRegionTrail:         true,
		IncludeGlobalServiceEvents: true,
		LogFileValidationEnabled:   inventory.Ptr(false),
		KMSKeyID:                   inventory.Ptr(""),
		S3BucketName:               "acme-prod-cloudtrail-legacy",
		CloudWatchLogsLogGroupARN:  inventory.Ptr(arn("logs", East, ProdAccount, "log-group:"+legacyTrailLogGroup+":*")),
		CloudWatchLogsRoleARN:      "arn:aws:iam::" + ProdAccount + ":role/CloudTrail_CloudWatchLogs_Role",
		HasCustomEventSelectors:    true,
		Status: &inventory.TrailStatus{IsLogging: true, StartLoggingTime: daysAgo(1900),
			LatestDeliveryTime: minutesAgo(6), LatestCloudWatchLogsDeliveryTime: minutesAgo(3)},
		Selectors: &inventory.TrailSelectors{EventSelectors: []inventory.EventSelector{{
			ReadWriteType: "All", IncludeManagementEvents: true,
			DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}},
		}}},
	})

	// The legacy trail's bucket (prod, us-east-1): private, SSE-S3, a policy
	// that lets only CloudTrail write, but no server access logging. It is
	// defined here because only this trail uses it.
	legacy := s3Bucket(ProdAccount, East, "acme-prod-cloudtrail-legacy", "", 1900)
	legacy.Policy = s3Policy("acme-prod-cloudtrail-legacy",
		`{"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl",`+
			`"Resource":"arn:aws:s3:::acme-prod-cloudtrail-legacy","Condition":{"StringEquals":{"aws:SourceArn":"`+legacyTrailARN+`"}}}`,
		`{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",`+
			`"Resource":"arn:aws:s3:::acme-prod-cloudtrail-legacy/AWSLogs/444455556666/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control",`+
			`"aws:SourceArn":"`+legacyTrailARN+`"}}}`)
	prod := b.account(ProdAccount)
	prod.Resources.S3Buckets = append(prod.Resources.S3Buckets, legacy)
}
