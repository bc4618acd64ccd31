package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func cloudtrailChecks() []*Check {
	return []*Check{
		cloudtrailMultiRegionLogging, cloudtrailLogFileValidation, cloudtrailKMSEncryption,
		cloudtrailCloudWatchLogs, cloudtrailS3DataEventsWrite, cloudtrailS3DataEventsRead,
		cloudtrailBucketAccessLogging, cloudtrailOrganizationTrail,
	}
}

const trailType = "AWS::CloudTrail::Trail"

var cloudtrailMultiRegionLogging = &Check{
	ID:           "cloudtrail-multi-region-logging",
	Service:      "cloudtrail",
	Title:        "Every account is recorded by a multi-region CloudTrail trail that logs all management events and is logging",
	Severity:     finding.High,
	ResourceType: trailType,
	Rationale: "CloudTrail is the record of who called which AWS API, from where and when. Without a trail, API " +
		"history lives only 90 days in Event history and cannot feed metric filters, a SIEM or an incident " +
		"investigation. A single-region trail misses an attacker who works in a region nobody uses (crypto " +
		"miners in ap-southeast-3, resources hidden in a far region); a trail that records only read or only " +
		"write events misses half the story (reconnaissance, or the changes); a trail that is stopped records " +
		"nothing — StopLogging is among the first calls an intruder makes. An organization trail owned by " +
		"the management account covers every member account.",
	Verify: "aws cloudtrail describe-trails --include-shadow-trails --query 'trailList[?IsMultiRegionTrail].[Name,HomeRegion,IsOrganizationTrail]'\n" +
		"aws cloudtrail get-trail-status --name TRAIL_ARN --query IsLogging\n" +
		"aws cloudtrail get-event-selectors --trail-name TRAIL_ARN — IncludeManagementEvents true and ReadWriteType All " +
		"(or advanced selectors with eventCategory = Management and no readOnly condition).",
	Remediation: Remediation{
		Summary: "Create (or fix) a multi-region trail that records all management events, read and write, and start logging; in an organization use an organization trail.",
		Console: "CloudTrail > Trails > Create trail: enable for all accounts in my organization (from the management account), " +
			"Management events: Read and Write. Multi-region is the default for console trails. Then Start logging.",
		CLI: "aws cloudtrail create-trail --name org-trail --s3-bucket-name acme-org-cloudtrail-logs --is-multi-region-trail " +
			"--is-organization-trail --enable-log-file-validation --kms-key-id alias/cloudtrail\n" +
			"aws cloudtrail put-event-selectors --trail-name org-trail --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'\n" +
			"aws cloudtrail start-logging --name org-trail",
		Terraform: "resource \"aws_cloudtrail\" \"org\" {\n  name                          = \"org-trail\"\n  s3_bucket_name                = aws_s3_bucket.trail.id\n" +
			"  is_multi_region_trail         = true\n  is_organization_trail         = true\n  include_global_service_events = true\n" +
			"  enable_log_file_validation    = true\n  enable_logging                = true\n  kms_key_id                    = aws_kms_key.trail.arn\n\n" +
			"  event_selector {\n    read_write_type           = \"All\"\n    include_management_events = true\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.1"}, "5.0.0": {"3.1"}},
	Seed: []string{"malicious-activity", "cloudtrail-vs-cloudwatch", "log-storage-monitoring", "incident-response", "cspm-top3"},
	Run: func(c *Context) {
		// Each trail an account owns: does it qualify? A trail that does not,
		// in an account another trail records, fails at low severity.
		for a, r := range c.Regions() {
			for _, t := range ownedTrails(a, r) {
				loc := At(a, r, t)
				ok, known, reason := qualifies(t)
				ev := []finding.Evidence{Ev(t, "IsMultiRegionTrail", t.IsMultiRegionTrail), Ev(t, "IsLogging", isLogging(t.Status))}
				switch {
				case ok:
					c.Pass(loc, "multi-region, logging, records management events (read and write)"+coverage(c.Estate, t), ev...)
				case !known:
					c.Unknown(loc, "settings could not be read: "+reason, ev...)
				default:
					if other := coveringTrail(c, a, t); other != nil {
						c.FailAt(finding.Low, loc, "trail "+reason+"; the account is recorded by "+other.describe(a), ev...)
					} else {
						c.Fail(loc, "trail "+reason, ev...)
					}
				}
			}
		}
		// Each account: is it recorded by a qualifying trail?
		for _, a := range c.Estate.Accounts {
			if hasGap(a, trailType) {
				continue // reported above
			}
			loc := AtScope(a, nil, trailType)
			good, why, unknown := accountCoverage(c, a)
			switch {
			case good != nil:
				c.Pass(loc, "recorded in every region by "+good.describe(a), Ev(good.trail, "IsMultiRegionTrail", true), Ev(good.trail, "IsLogging", true))
			case unknown:
				c.Unknown(loc, "no trail is known to record this account in every region, and some trail settings could not be read")
			case len(why) == 0:
				c.Fail(loc, "no CloudTrail trail records this account's API calls")
			default:
				c.Fail(loc, "no multi-region, logging trail records all management events: "+strings.Join(why, "; "))
			}
		}
	},
}

// accountCoverage returns the first qualifying trail that records account
// a, or why none does and whether that is only unknown.
func accountCoverage(c *Context, a *inventory.Account) (good *trailCover, why []string, unknown bool) {
	covers, unknown := coveringTrails(c, a)
	for _, tc := range covers {
		ok, known, reason := qualifies(tc.trail)
		if ok {
			return &tc, nil, false
		}
		unknown = unknown || !known
		why = append(why, tc.trail.DisplayName()+" "+reason)
	}
	return nil, why, unknown
}

// isLogging renders a trail's logging state for evidence.
func isLogging(st *inventory.TrailStatus) any {
	if st == nil {
		return nil
	}
	return st.IsLogging
}

// coverage says whose events a qualifying trail records.
func coverage(e *inventory.Estate, t *inventory.Trail) string {
	if t.IsOrganizationTrail && e.Organization != nil {
		return ": records every account of " + e.Organization.ID
	}
	return ""
}

// coveringTrail returns a qualifying trail other than t that records
// account a, if any.
func coveringTrail(c *Context, a *inventory.Account, t *inventory.Trail) *trailCover {
	covers, _ := coveringTrails(c, a)
	for _, tc := range covers {
		if tc.trail == t {
			continue
		}
		if ok, _, _ := qualifies(tc.trail); ok {
			return &tc
		}
	}
	return nil
}

var cloudtrailLogFileValidation = &Check{
	ID:           "cloudtrail-log-file-validation",
	Service:      "cloudtrail",
	Title:        "CloudTrail trails have log file validation (signed digest files) enabled",
	Severity:     finding.Medium,
	ResourceType: trailType,
	Rationale: "An intruder with write access to the trail bucket can delete or edit the log files that show " +
		"what they did. With log file validation CloudTrail writes an hourly digest file holding the SHA-256 " +
		"hash of every log file delivered and the hash of the previous digest, signed with a CloudTrail " +
		"private key. `aws cloudtrail validate-logs` (or `awssec trail verify`) then proves that each file is " +
		"unchanged, and that none was removed from the chain — evidence that holds in an investigation or an " +
		"audit. Without it, altered logs are indistinguishable from genuine ones.",
	Verify: "aws cloudtrail describe-trails --query 'trailList[].[Name,LogFileValidationEnabled]'\n" +
		"aws cloudtrail validate-logs --trail-arn TRAIL_ARN --start-time 2026-10-01T00:00:00Z",
	Remediation: Remediation{
		Summary:   "Enable log file validation on the trail.",
		Console:   "CloudTrail > Trails > select the trail > General details > Edit > Additional settings > Log file validation: Enabled > Save changes.",
		CLI:       "aws cloudtrail update-trail --name legacy-prod-trail --enable-log-file-validation",
		Terraform: "resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  enable_log_file_validation = true\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.2"}, "5.0.0": {"3.2"}},
	Seed: []string{"cloudtrail-integrity", "incident-response", "regulatory-compliance"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range ownedTrails(a, r) {
				loc := At(a, r, t)
				switch v := t.LogFileValidationEnabled; {
				case v == nil:
					c.Unknown(loc, "log file validation setting was not read", Ev(t, "LogFileValidationEnabled", v))
				case *v:
					c.Pass(loc, "log file validation is enabled: digest files are written to s3://"+t.S3BucketName,
						Ev(t, "LogFileValidationEnabled", v))
				default:
					c.Fail(loc, fmt.Sprintf("log file validation is disabled: files in s3://%s can be altered or deleted without trace", path(t.S3BucketName, t.S3KeyPrefix)),
						Ev(t, "LogFileValidationEnabled", v), Ev(t, "S3BucketName", t.S3BucketName))
				}
			}
		}
	},
}

var cloudtrailKMSEncryption = &Check{
	ID:           "cloudtrail-kms-encryption",
	Service:      "cloudtrail",
	Title:        "CloudTrail log files are encrypted with a customer managed KMS key (SSE-KMS)",
	Severity:     finding.Medium,
	ResourceType: trailType,
	Rationale: "By default CloudTrail log files get SSE-S3: anyone with s3:GetObject on the bucket reads them. " +
		"Logs hold account ids, role names, source IPs, request parameters and resource names — a map of " +
		"the estate for an attacker. With SSE-KMS reading a log also needs kms:Decrypt on a key whose policy " +
		"the security team controls, every decryption is itself logged, and revoking the key grant cuts off " +
		"a compromised reader at once.",
	Verify: "aws cloudtrail describe-trails --query 'trailList[].[Name,KmsKeyId]' — KmsKeyId must be set.",
	Remediation: Remediation{
		Summary: "Configure the trail to encrypt log files with a customer managed KMS key whose policy lets CloudTrail encrypt and only log readers decrypt.",
		Console: "CloudTrail > Trails > select the trail > General details > Edit > Log file SSE-KMS encryption: Enabled > choose or create a key > Save changes.",
		CLI:     "aws cloudtrail update-trail --name legacy-prod-trail --kms-key-id arn:aws:kms:us-east-1:444455556666:alias/cloudtrail",
		Terraform: "resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  kms_key_id = aws_kms_key.cloudtrail.arn\n}\n\n" +
			"resource \"aws_kms_key\" \"cloudtrail\" {\n  description         = \"CloudTrail log files\"\n  enable_key_rotation = true\n  policy              = data.aws_iam_policy_document.cloudtrail_key.json\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.5"}, "5.0.0": {"3.5"}},
	Seed: []string{"log-storage-monitoring", "data-at-rest", "encryption-at-rest-default"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range ownedTrails(a, r) {
				loc := At(a, r, t)
				switch k := t.KMSKeyID; {
				case k == nil:
					c.Unknown(loc, "the trail's encryption setting was not read", Ev(t, "KmsKeyId", k))
				case *k != "":
					c.Pass(loc, "log files are encrypted with KMS key "+*k, Ev(t, "KmsKeyId", k))
				default:
					c.Fail(loc, fmt.Sprintf("log files in s3://%s are encrypted with SSE-S3 only: anyone who can read the bucket reads the logs", t.S3BucketName),
						Ev(t, "KmsKeyId", "none"), Ev(t, "S3BucketName", t.S3BucketName))
				}
			}
		}
	},
}

var cloudtrailCloudWatchLogs = &Check{
	ID:           "cloudtrail-cloudwatch-logs",
	Service:      "cloudtrail",
	Title:        "Logging CloudTrail trails deliver to CloudWatch Logs, and the last delivery succeeded",
	Severity:     finding.Medium,
	ResourceType: trailType,
	Rationale: "CloudTrail answers \"who did what\" after the fact, from files in S3 delivered every few minutes. " +
		"CloudWatch Logs is where those events become alerts: metric filters count ConsoleLogin without MFA, " +
		"root usage or StopLogging, and alarms page the security team in minutes. A trail that is not sent " +
		"to CloudWatch Logs (or whose delivery fails because its role lost permission) cannot drive any of " +
		"the CIS monitoring alarms.",
	Verify: "aws cloudtrail describe-trails --query 'trailList[].[Name,CloudWatchLogsLogGroupArn]'\n" +
		"aws cloudtrail get-trail-status --name TRAIL_ARN --query '[LatestCloudWatchLogsDeliveryTime,LatestCloudWatchLogsDeliveryError]'",
	Remediation: Remediation{
		Summary: "Send the trail to a CloudWatch Logs log group with a role CloudTrail can assume, and fix delivery errors.",
		Console: "CloudTrail > Trails > select the trail > CloudWatch Logs > Edit > Enabled; choose a log group and an IAM role (new or existing) > Save changes.",
		CLI: "aws logs create-log-group --log-group-name aws-cloudtrail-logs-legacy-prod\n" +
			"aws cloudtrail update-trail --name legacy-prod-trail " +
			"--cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:444455556666:log-group:aws-cloudtrail-logs-legacy-prod:* " +
			"--cloud-watch-logs-role-arn arn:aws:iam::444455556666:role/CloudTrailRoleForCloudWatchLogs",
		Terraform: "resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n" +
			"  cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_cwl.arn\n}",
	},
	Seed: []string{"cloudtrail-vs-cloudwatch", "log-storage-monitoring", "metric-filters", "security-alerting"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range ownedTrails(a, r) {
				loc := At(a, r, t)
				lg := t.CloudWatchLogsLogGroupARN
				switch {
				case lg == nil:
					c.Unknown(loc, "the trail's CloudWatch Logs setting was not read", Ev(t, "CloudWatchLogsLogGroupArn", lg))
				case *lg == "":
					c.Fail(loc, "the trail does not deliver to CloudWatch Logs: no metric filter or alarm can see its events",
						Ev(t, "CloudWatchLogsLogGroupArn", "none"))
				case t.Status == nil:
					c.Unknown(loc, "the trail's delivery status was not read", Ev(t, "CloudWatchLogsLogGroupArn", lg))
				case !t.Status.IsLogging:
					c.Fail(loc, "the trail names log group "+logGroupName(*lg)+" but is not logging", Ev(t, "IsLogging", false))
				case t.Status.LatestCloudWatchLogsDeliveryError != "":
					c.Fail(loc, fmt.Sprintf("delivery to log group %s fails: %s (last success %s)", logGroupName(*lg),
						t.Status.LatestCloudWatchLogsDeliveryError, showTime(t.Status.LatestCloudWatchLogsDeliveryTime)),
						Ev(t, "LatestCloudWatchLogsDeliveryError", t.Status.LatestCloudWatchLogsDeliveryError),
						Ev(t, "CloudWatchLogsRoleArn", t.CloudWatchLogsRoleARN))
				default:
					c.Pass(loc, fmt.Sprintf("delivers to log group %s (last delivery %s)", logGroupName(*lg), showTime(t.Status.LatestCloudWatchLogsDeliveryTime)),
						Ev(t, "CloudWatchLogsLogGroupArn", lg))
				}
			}
		}
	},
}

var cloudtrailS3DataEventsWrite = s3DataEventsCheck(true)
var cloudtrailS3DataEventsRead = s3DataEventsCheck(false)

// s3DataEventsCheck builds the CIS 3.8 (write) or 3.9 (read) check.
func s3DataEventsCheck(write bool) *Check {
	kind, cis, sev, events, rwType := "read", "3.9", finding.Low, "GetObject, HeadObject", "ReadOnly"
	if write {
		kind, cis, sev, events, rwType = "write", "3.8", finding.Medium, "PutObject, DeleteObject, CopyObject", "WriteOnly"
	}
	return &Check{
		ID:           "cloudtrail-s3-data-events-" + kind,
		Service:      "cloudtrail",
		Title:        "A multi-region trail records S3 object-level " + kind + " events for all buckets",
		Severity:     sev,
		ResourceType: trailType,
		Rationale: "Management events show who changed a bucket's policy, not who read or wrote its objects: " +
			events + " are data events that trails skip unless asked. Without them, a leaked access key " +
			"that downloads the customer-data bucket, or ransomware that overwrites and deletes objects, leaves " +
			"no trace in CloudTrail, and an investigation cannot say which objects were taken (breach " +
			"notification depends on it). GuardDuty S3 Protection reads the same events to detect exfiltration.",
		Verify: "aws cloudtrail get-event-selectors --trail-name TRAIL_ARN — a DataResources entry of type AWS::S3::Object " +
			"with value arn:aws:s3 and ReadWriteType All or " + rwType + ", or advanced selectors with " +
			"eventCategory = Data and resources.type = AWS::S3::Object.",
		Remediation: Remediation{
			Summary: "Add S3 object-level " + kind + " data events for all buckets to a multi-region trail (advanced event selectors).",
			Console: "CloudTrail > Trails > select the trail > Data events > Edit > Add data event type: S3 > Log selector template: " +
				"Log all events (or Log " + kind + "only events) > Save changes.",
			CLI: "aws cloudtrail put-event-selectors --trail-name org-trail --advanced-event-selectors " +
				"'[{\"Name\":\"Management\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}," +
				"{\"Name\":\"S3 objects\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]}]}]'",
			Terraform: "resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  advanced_event_selector {\n    name = \"Management\"\n" +
				"    field_selector {\n      field  = \"eventCategory\"\n      equals = [\"Management\"]\n    }\n  }\n" +
				"  advanced_event_selector {\n    name = \"S3 objects\"\n    field_selector {\n      field  = \"eventCategory\"\n      equals = [\"Data\"]\n    }\n" +
				"    field_selector {\n      field  = \"resources.type\"\n      equals = [\"AWS::S3::Object\"]\n    }\n  }\n}",
		},
		CIS:  map[string][]string{"3.0.0": {cis}, "5.0.0": {cis}},
		Seed: []string{"malicious-activity", "log-storage-monitoring", "incident-response", "database-sensitive-data"},
		Run: func(c *Context) {
			for a := range c.Accounts() {
				loc := AtScope(a, nil, trailType)
				covers, unknown := coveringTrails(c, a)
				var why []string
				var good *trailCover
				for _, tc := range covers {
					t := tc.trail
					if !t.IsMultiRegionTrail {
						continue
					}
					if t.Selectors == nil || t.Status == nil {
						unknown = true
						continue
					}
					if !t.Status.IsLogging {
						why = append(why, t.DisplayName()+" is not logging")
						continue
					}
					read, wr, partial := s3DataEvents(t.Selectors)
					if write && wr || !write && read {
						good = &tc
						break
					}
					if len(partial) > 0 {
						why = append(why, fmt.Sprintf("%s records S3 %s data events only for %s", t.DisplayName(), kind, strings.Join(partial, ", ")))
					} else {
						why = append(why, t.DisplayName()+" records no S3 "+kind+" data events")
					}
				}
				switch {
				case good != nil:
					c.Pass(loc, fmt.Sprintf("%s records S3 object-level %s events for all buckets", good.describe(a), kind),
						Ev(good.trail, "EventSelectors", selectorSummary(good.trail.Selectors)))
				case unknown:
					c.Unknown(loc, "no trail is known to record S3 "+kind+" data events and some trail settings could not be read")
				case len(why) == 0:
					c.Fail(loc, "no multi-region trail records this account's S3 object-level "+kind+" events")
				default:
					c.Fail(loc, "S3 object-level "+kind+" events ("+events+") are not recorded for all buckets: "+strings.Join(why, "; "))
				}
			}
		},
	}
}

const bucketType = "AWS::S3::Bucket"

var cloudtrailBucketAccessLogging = &Check{
	ID:           "cloudtrail-bucket-access-logging",
	Service:      "cloudtrail",
	Title:        "The S3 buckets that receive CloudTrail logs have server access logging enabled",
	Severity:     finding.Low,
	ResourceType: trailType,
	Needs:        []string{bucketType},
	Rationale: "CloudTrail records changes to the trail bucket's configuration, but not who downloaded or deleted " +
		"the log files in it unless S3 data events are on for that bucket. Server access logging writes a " +
		"record of every request to the bucket (requester, operation, key, source IP) to another bucket, so " +
		"an attempt to read the audit trail for reconnaissance or to delete the files that show an intrusion " +
		"leaves its own trace.",
	Verify: "aws cloudtrail describe-trails --query 'trailList[].S3BucketName'\n" +
		"aws s3api get-bucket-logging --bucket BUCKET — LoggingEnabled.TargetBucket must be set.",
	Remediation: Remediation{
		Summary: "Enable server access logging on the trail bucket, to a separate log bucket.",
		Console: "S3 > Buckets > the trail bucket > Properties > Server access logging > Edit > Enable; choose a target bucket > Save changes.",
		CLI: "aws s3api put-bucket-logging --bucket acme-prod-cloudtrail-legacy --bucket-logging-status " +
			"'{\"LoggingEnabled\":{\"TargetBucket\":\"acme-prod-access-logs\",\"TargetPrefix\":\"acme-prod-cloudtrail-legacy/\"}}'",
		Terraform: "resource \"aws_s3_bucket_logging\" \"trail\" {\n  bucket        = aws_s3_bucket.trail.id\n" +
			"  target_bucket = aws_s3_bucket.access_logs.id\n  target_prefix = \"cloudtrail/\"\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"3.4"}, "5.0.0": {"3.4"}},
	Seed: []string{"cloudtrail-integrity", "log-storage-monitoring", "incident-response"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, t := range ownedTrails(a, r) {
				loc := At(a, r, t)
				if t.S3BucketName == "" {
					c.Unknown(loc, "the trail's bucket was not read", Ev(t, "S3BucketName", nil))
					continue
				}
				b, known := findBucket(c.Estate, t.S3BucketName)
				switch {
				case b == nil && !known:
					c.Unknown(loc, "trail bucket "+t.S3BucketName+" could not be read (another account's buckets were not collected)")
				case b == nil:
					c.Unknown(loc, "trail bucket "+t.S3BucketName+" is not in the scanned estate (it belongs to an account that was not scanned)")
				case b.Logging == nil:
					c.Unknown(loc, "server access logging of bucket "+b.ID+" was not read", Ev(b, "LoggingEnabled", nil))
				case b.Logging.TargetBucket == "":
					c.Fail(loc, "trail bucket "+b.ID+" has no server access logging: reads and deletions of the log files leave no trace",
						Ev(b, "LoggingEnabled", "none"))
				default:
					c.Pass(loc, "trail bucket "+b.ID+" logs its access to "+b.Logging.TargetBucket, Ev(b, "LoggingEnabled.TargetBucket", b.Logging.TargetBucket))
				}
			}
		}
	},
}

// findBucket looks a bucket up by name in every account. known is false
// when it is missing and some account's buckets were not read.
func findBucket(e *inventory.Estate, name string) (b *inventory.S3Bucket, known bool) {
	known = true
	for _, a := range e.Accounts {
		if _, gap := inventory.GapFor(a.Gaps, bucketType); gap {
			known = false
		}
		for _, b := range a.Resources.S3Buckets {
			if b.ID == name {
				return b, true
			}
		}
	}
	return nil, known
}

var cloudtrailOrganizationTrail = &Check{
	ID:           "cloudtrail-organization-trail",
	Service:      "cloudtrail",
	Title:        "The organization's management account runs a multi-region organization trail that is logging",
	Severity:     finding.High,
	ResourceType: trailType,
	Rationale: "Trails created account by account drift: a new account joins without one, a team stops theirs, " +
		"and the member account's administrators can delete their own trail. An organization trail, created " +
		"in the management account, records every current and future member account, and members cannot " +
		"stop, change or delete it. It is the one place the security team controls where every account's " +
		"API history lands. An organization trail that is single-region or stopped gives a false sense of " +
		"coverage.",
	Verify: "From the management account: aws cloudtrail describe-trails --query 'trailList[?IsOrganizationTrail].[Name,IsMultiRegionTrail,HomeRegion]' " +
		"and aws cloudtrail get-trail-status --name TRAIL_ARN --query IsLogging.",
	Remediation: Remediation{
		Summary: "From the management account, create a multi-region organization trail (or convert the existing trail) and start logging.",
		Console: "Sign in to the management account > CloudTrail > Trails > Create trail > Enable for all accounts in my organization > " +
			"Management events: Read and Write > Create trail.",
		CLI: "aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com\n" +
			"aws cloudtrail create-trail --name org-trail --s3-bucket-name acme-org-cloudtrail-logs --is-multi-region-trail --is-organization-trail --enable-log-file-validation\n" +
			"aws cloudtrail start-logging --name org-trail",
		Terraform: "resource \"aws_cloudtrail\" \"org\" {\n  name                       = \"org-trail\"\n  s3_bucket_name             = aws_s3_bucket.trail.id\n" +
			"  is_organization_trail      = true\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n}",
	},
	Seed: []string{"org-guidelines", "malicious-activity", "incident-response", "cspm-top3"},
	Run: func(c *Context) {
		org := c.Estate.Organization
		for a := range c.Accounts() {
			if org == nil || a.ID != org.ManagementAccount {
				continue
			}
			found := false
			for _, r := range a.Regions {
				for _, t := range ownedTrails(a, r) {
					if !t.IsOrganizationTrail {
						continue
					}
					found = true
					loc := At(a, r, t)
					ok, known, reason := qualifies(t)
					switch {
					case ok:
						c.Pass(loc, fmt.Sprintf("organization trail records every account of %s in every region and is logging", org.ID),
							Ev(t, "IsOrganizationTrail", true), Ev(t, "IsMultiRegionTrail", true))
					case !known:
						c.Unknown(loc, "organization trail settings could not be read: "+reason)
					default:
						c.Fail(loc, "organization trail "+reason, Ev(t, "IsMultiRegionTrail", t.IsMultiRegionTrail), Ev(t, "Status", t.Status))
					}
				}
			}
			if !found {
				c.Fail(AtScope(a, nil, trailType), fmt.Sprintf("the management account of %s owns no organization trail: each member account must keep its own", org.ID))
			}
		}
	},
}

// --- helpers shared by the CloudTrail and CloudWatch checks ---

// arnPart returns field i of an ARN (3 region, 4 account), or "".
func arnPart(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[i]
}

// ownedTrails returns the trails listed in r that account a owns (its ARN
// names a, or it has no ARN).
func ownedTrails(a *inventory.Account, r *inventory.Region) []*inventory.Trail {
	var out []*inventory.Trail
	for _, t := range r.Resources.Trails {
		if acct := arnPart(t.ARN, 4); acct == "" || acct == a.ID {
			out = append(out, t)
		}
	}
	return out
}

// trailCover is a trail that records an account's events.
type trailCover struct {
	trail *inventory.Trail
	owner *inventory.Account
}

// describe names the trail as seen from account a.
func (tc trailCover) describe(a *inventory.Account) string {
	if tc.owner != nil && tc.owner.ID != a.ID {
		return fmt.Sprintf("organization trail %s (owned by %s)", tc.trail.DisplayName(), tc.owner.ID)
	}
	return "trail " + tc.trail.DisplayName()
}

// coveringTrails returns the trails that record account a's events: its own
// trails, then the organization trails owned by other accounts of the
// estate (in estate order, each once). unknown is true when the estate has
// an organization and another account's trails could not be read, so an
// organization trail may exist unseen.
func coveringTrails(c *Context, a *inventory.Account) (covers []trailCover, unknown bool) {
	e := c.Estate
	seen := map[string]bool{}
	add := func(t *inventory.Trail, owner *inventory.Account) {
		key := t.ARN
		if key == "" {
			key = owner.ID + "/" + t.ID
		}
		if !seen[key] {
			seen[key] = true
			covers = append(covers, trailCover{t, owner})
		}
	}
	for _, r := range a.Regions {
		for _, t := range ownedTrails(a, r) {
			add(t, a)
		}
	}
	// Copies of organization trails owned elsewhere that a lists (a member
	// scanned alone): their settings are whatever was read there.
	for _, r := range a.Regions {
		for _, t := range r.Resources.Trails {
			if owner := arnPart(t.ARN, 4); owner != "" && owner != a.ID && t.IsOrganizationTrail {
				add(t, &inventory.Account{ID: owner})
			}
		}
	}
	if e.Organization == nil {
		return covers, false
	}
	idx := memo(c, "organization-trails", func() orgTrailIndex { return indexOrgTrails(e) })
	for _, ot := range idx.trails {
		if ot.owner.ID != a.ID {
			add(ot.trail, ot.owner)
		}
	}
	return covers, idx.gapped > 1 || (idx.gapped == 1 && !hasGap(a, trailType))
}

// orgTrailIndex lists the organization trails of an estate, with their
// owners, and how many accounts' trails could not be read.
type orgTrailIndex struct {
	trails []trailCover
	gapped int
}

func indexOrgTrails(e *inventory.Estate) orgTrailIndex {
	var idx orgTrailIndex
	for _, o := range e.Accounts {
		if hasGap(o, trailType) {
			idx.gapped++
		}
		for _, r := range o.Regions {
			for _, t := range ownedTrails(o, r) {
				if t.IsOrganizationTrail {
					idx.trails = append(idx.trails, trailCover{t, o})
				}
			}
		}
	}
	return idx
}

// hasGap reports whether account a lacks resource type t anywhere.
func hasGap(a *inventory.Account, t string) bool {
	if _, ok := inventory.GapFor(a.Gaps, t); ok {
		return true
	}
	for _, r := range a.Regions {
		if _, ok := inventory.GapFor(r.Gaps, t); ok {
			return true
		}
	}
	return false
}

// qualifies reports whether a trail is multi-region, logging and records
// all management events, read and write (CIS 3.1). known is false when a
// setting it needs was not read; reason says what is wrong or unknown.
func qualifies(t *inventory.Trail) (ok, known bool, reason string) {
	var bad []string
	if !t.IsMultiRegionTrail {
		bad = append(bad, "records only its home region "+orNone(t.HomeRegion))
	}
	known = true
	switch {
	case t.Status == nil:
		known = false
		bad = append(bad, "has an unknown logging status")
	case !t.Status.IsLogging:
		msg := "is not logging"
		if !t.Status.StopLoggingTime.IsZero() {
			msg += " (stopped " + showTime(t.Status.StopLoggingTime) + ")"
		}
		bad = append(bad, msg)
	}
	if t.Selectors == nil {
		known = false
		bad = append(bad, "has unknown event selectors")
	} else if read, write := managementEvents(t.Selectors); !read || !write {
		switch {
		case !read && !write:
			bad = append(bad, "records no management events")
		case !read:
			bad = append(bad, "records only write management events")
		default:
			bad = append(bad, "records only read management events")
		}
	}
	if len(bad) == 0 {
		return true, true, ""
	}
	// A trail that fails on a known setting is known not to qualify.
	if !known && (!t.IsMultiRegionTrail || t.Status != nil && !t.Status.IsLogging) {
		known = true
	}
	return false, known, strings.Join(bad, ", ")
}

// managementEvents reports whether the selectors record read and write
// management events.
func managementEvents(s *inventory.TrailSelectors) (read, write bool) {
	if len(s.EventSelectors) == 0 && len(s.AdvancedEventSelectors) == 0 {
		return true, true // the default selector
	}
	for _, es := range s.EventSelectors {
		if !es.IncludeManagementEvents {
			continue
		}
		r, w := readWrite(es.ReadWriteType)
		read, write = read || r, write || w
	}
	for _, as := range s.AdvancedEventSelectors {
		if !fieldEquals(as, "eventCategory", "Management") {
			continue
		}
		r, w := advancedReadWrite(as)
		read, write = read || r, write || w
	}
	return read, write
}

func readWrite(t string) (read, write bool) {
	switch t {
	case "ReadOnly":
		return true, false
	case "WriteOnly":
		return false, true
	default: // "All"
		return true, true
	}
}

// advancedReadWrite reads an advanced selector's readOnly condition.
func advancedReadWrite(as inventory.AdvancedEventSelector) (read, write bool) {
	for _, f := range as.FieldSelectors {
		if f.Field != "readOnly" {
			continue
		}
		switch {
		case slices.Contains(f.Equals, "true") || slices.Contains(f.NotEquals, "false"):
			return true, false
		case slices.Contains(f.Equals, "false") || slices.Contains(f.NotEquals, "true"):
			return false, true
		}
	}
	return true, true
}

// fieldEquals reports whether an advanced selector has field = value.
func fieldEquals(as inventory.AdvancedEventSelector, field, value string) bool {
	for _, f := range as.FieldSelectors {
		if f.Field == field && slices.Contains(f.Equals, value) {
			return true
		}
	}
	return false
}

// s3DataEvents reports whether the selectors record S3 object-level read
// and write events for all buckets, and which buckets they record when
// they record only some.
func s3DataEvents(s *inventory.TrailSelectors) (read, write bool, partial []string) {
	for _, es := range s.EventSelectors {
		for _, dr := range es.DataResources {
			if dr.Type != "AWS::S3::Object" {
				continue
			}
			r, w := readWrite(es.ReadWriteType)
			for _, v := range dr.Values {
				if v == "arn:aws:s3" || v == "arn:aws:s3:::" {
					read, write = read || r, write || w
				} else {
					partial = append(partial, strings.TrimPrefix(v, "arn:aws:s3:::"))
				}
			}
		}
	}
	for _, as := range s.AdvancedEventSelectors {
		if !fieldEquals(as, "eventCategory", "Data") || !fieldEquals(as, "resources.type", "AWS::S3::Object") {
			continue
		}
		var narrowed []string
		for _, f := range as.FieldSelectors {
			if f.Field == "resources.ARN" {
				for _, v := range slices.Concat(f.Equals, f.StartsWith) {
					narrowed = append(narrowed, strings.TrimPrefix(v, "arn:aws:s3:::"))
				}
				if len(f.Equals)+len(f.StartsWith) == 0 {
					narrowed = append(narrowed, "all but excluded buckets")
				}
			}
		}
		if len(narrowed) > 0 {
			partial = append(partial, narrowed...)
			continue
		}
		r, w := advancedReadWrite(as)
		read, write = read || r, write || w
	}
	return read, write, partial
}

// selectorSummary renders selectors for evidence.
func selectorSummary(s *inventory.TrailSelectors) string {
	var parts []string
	for _, es := range s.EventSelectors {
		p := "ReadWriteType=" + es.ReadWriteType + fmt.Sprintf(" IncludeManagementEvents=%t", es.IncludeManagementEvents)
		for _, dr := range es.DataResources {
			p += " " + dr.Type + "=" + strings.Join(dr.Values, "|")
		}
		parts = append(parts, p)
	}
	for _, as := range s.AdvancedEventSelectors {
		var fs []string
		for _, f := range as.FieldSelectors {
			fs = append(fs, f.Field+"="+strings.Join(f.Equals, "|"))
		}
		parts = append(parts, orNone(as.Name)+"{"+strings.Join(fs, " ")+"}")
	}
	if len(parts) == 0 {
		return "default (all management events)"
	}
	return strings.Join(parts, "; ")
}

// logGroupName extracts the name from a log group ARN
// ("arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*").
func logGroupName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":log-group:")
	if !ok {
		return arn
	}
	return strings.TrimSuffix(rest, ":*")
}

func path(bucket, prefix string) string {
	if prefix == "" {
		return bucket
	}
	return bucket + "/" + prefix
}

// showTime renders a time for messages; the zero time is "never".
func showTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
