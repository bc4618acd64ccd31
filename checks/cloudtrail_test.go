package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

const testLogGroupARN = "arn:aws:logs:us-east-1:123456789012:log-group:trail-logs:*"

// goodTrail is a multi-region, logging trail with every setting right;
// edit spoils it.
func goodTrail(id string, edit func(t *inventory.Trail)) *inventory.Trail {
	t := &inventory.Trail{
		Meta:                      meta(id),
		HomeRegion:                testRegion,
		IsMultiRegionTrail:        true,
		LogFileValidationEnabled:  inventory.Ptr(true),
		KMSKeyID:                  inventory.Ptr("arn:aws:kms:us-east-1:123456789012:key/1111"),
		S3BucketName:              "trail-bucket",
		CloudWatchLogsLogGroupARN: inventory.Ptr(testLogGroupARN),
		Status:                    &inventory.TrailStatus{IsLogging: true, LatestCloudWatchLogsDeliveryTime: testNow},
		Selectors:                 &inventory.TrailSelectors{},
	}
	t.ARN = "arn:aws:cloudtrail:us-east-1:" + testAccount + ":trail/" + id
	if edit != nil {
		edit(t)
	}
	return t
}

func trailGap(a *inventory.Account, r *inventory.Region) {
	r.Gaps = append(r.Gaps, inventory.Gap{ResourceType: trailType, Call: "cloudtrail:DescribeTrails", Code: "AccessDenied"})
}

func TestCloudTrailMultiRegionLogging(t *testing.T) {
	scope := testAccount
	one := func(tr *inventory.Trail) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) { r.Resources.Trails = []*inventory.Trail{tr} }
	}
	runCases(t, cloudtrailMultiRegionLogging, []checkCase{{
		name: "default selectors, multi-region, logging",
		fill: one(goodTrail("main", nil)),
		want: map[string]finding.Status{scope: finding.Pass, "main": finding.Pass},
	}, {
		name: "advanced selectors with management events pass",
		fill: one(goodTrail("adv", func(t *inventory.Trail) {
			t.Selectors = &inventory.TrailSelectors{AdvancedEventSelectors: []inventory.AdvancedEventSelector{{
				Name: "Management", FieldSelectors: []inventory.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}}
		})),
		want: map[string]finding.Status{scope: finding.Pass, "adv": finding.Pass},
	}, {
		name: "single region and stopped",
		fill: one(goodTrail("local", func(t *inventory.Trail) {
			t.IsMultiRegionTrail = false
			t.Status.IsLogging = false
			t.Status.StopLoggingTime = testNow.AddDate(0, 0, -3)
		})),
		want:     map[string]finding.Status{scope: finding.Fail, "local": finding.Fail},
		contains: map[string]string{scope: "local records only its home region us-east-1, is not logging (stopped 2026-10-29"},
	}, {
		name: "read-only management events",
		fill: one(goodTrail("ro", func(t *inventory.Trail) {
			t.Selectors = &inventory.TrailSelectors{EventSelectors: []inventory.EventSelector{{ReadWriteType: "ReadOnly", IncludeManagementEvents: true}}}
		})),
		want:     map[string]finding.Status{scope: finding.Fail, "ro": finding.Fail},
		contains: map[string]string{scope: "records only read management events"},
	}, {
		name: "write-only advanced selector",
		fill: one(goodTrail("wo", func(t *inventory.Trail) {
			t.Selectors = &inventory.TrailSelectors{AdvancedEventSelectors: []inventory.AdvancedEventSelector{{
				FieldSelectors: []inventory.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}, {Field: "readOnly", Equals: []string{"false"}}}}}}
		})),
		want:     map[string]finding.Status{scope: finding.Fail, "wo": finding.Fail},
		contains: map[string]string{scope: "records only write management events"},
	}, {
		name:     "no trails",
		fill:     func(a *inventory.Account, r *inventory.Region) {},
		want:     map[string]finding.Status{scope: finding.Fail},
		contains: map[string]string{scope: "no CloudTrail trail"},
	}, {
		name: "status not read",
		fill: one(goodTrail("unk", func(t *inventory.Trail) { t.Status = nil })),
		want: map[string]finding.Status{scope: finding.Error, "unk": finding.Error},
	}, {
		name: "known failure beats an unknown selector",
		fill: one(goodTrail("stopped", func(t *inventory.Trail) { t.Status.IsLogging = false; t.Selectors = nil })),
		want: map[string]finding.Status{scope: finding.Fail, "stopped": finding.Fail},
	}, {
		name: "a stale trail next to a good one",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{goodTrail("main", nil),
				goodTrail("pilot", func(t *inventory.Trail) { t.IsMultiRegionTrail = false })}
		},
		want:     map[string]finding.Status{scope: finding.Pass, "main": finding.Pass, "pilot": finding.Fail},
		contains: map[string]string{"pilot": "trail records only its home region us-east-1; the account is recorded by trail main"},
	}, {
		name: "gap",
		fill: trailGap,
		want: map[string]finding.Status{scope + "/" + testRegion: finding.Error},
	}})
}

// orgEstate is a management account with an organization trail and a
// member with no trail of its own.
func orgEstate(orgTrail bool, gapInManagement bool) *inventory.Estate {
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {})
	e.Accounts[0].ID = "111122223333"
	mr := e.Accounts[0].Regions[0]
	if orgTrail {
		tr := goodTrail("org-trail", func(t *inventory.Trail) {
			t.IsOrganizationTrail = true
			t.ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"
		})
		mr.Resources.Trails = []*inventory.Trail{tr}
	}
	if gapInManagement {
		trailGap(e.Accounts[0], mr)
	}
	member := &inventory.Account{ID: "444455556666", Regions: []*inventory.Region{{Name: testRegion}}}
	e.Accounts = append(e.Accounts, member)
	e.Organization = &inventory.Organization{ID: "o-test", ManagementAccount: "111122223333"}
	return e
}

func TestCloudTrailOrganizationCoverage(t *testing.T) {
	fs := runCheck(t, cloudtrailMultiRegionLogging, orgEstate(true, false))
	if got := statuses(fs)["444455556666"]; got != finding.Pass {
		t.Errorf("member covered by the organization trail: %s, want pass (%+v)", got, fs)
	}
	fs = runCheck(t, cloudtrailMultiRegionLogging, orgEstate(false, true))
	if got := statuses(fs)["444455556666"]; got != finding.Error {
		t.Errorf("member whose management account could not be read: %s, want error", got)
	}
	e := orgEstate(true, false)
	e.Organization = nil
	fs = runCheck(t, cloudtrailMultiRegionLogging, e)
	if got := statuses(fs)["444455556666"]; got != finding.Fail {
		t.Errorf("without an organization the trail covers only its owner: %s, want fail", got)
	}
	// A member scanned alone, listing the organization trail it sees.
	e = testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Resources.Trails = []*inventory.Trail{goodTrail("org-trail", func(t *inventory.Trail) {
			t.IsOrganizationTrail = true
			t.ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"
		})}
	})
	fs = runCheck(t, cloudtrailMultiRegionLogging, e)
	if got := statuses(fs)[testAccount]; got != finding.Pass {
		t.Errorf("member listing a shadow organization trail: %s, want pass", got)
	}
	fs = runCheck(t, cloudtrailLogFileValidation, e)
	if len(fs) != 0 {
		t.Errorf("settings of a trail owned by another account were judged: %+v", fs)
	}
}

func TestCloudTrailLogFileValidation(t *testing.T) {
	runCases(t, cloudtrailLogFileValidation, []checkCase{{
		name: "on, off, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{
				goodTrail("on", nil),
				goodTrail("off", func(t *inventory.Trail) { t.LogFileValidationEnabled = inventory.Ptr(false); t.S3KeyPrefix = "prod" }),
				goodTrail("unk", func(t *inventory.Trail) { t.LogFileValidationEnabled = nil }),
			}
		},
		want:     map[string]finding.Status{"on": finding.Pass, "off": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"off": "s3://trail-bucket/prod can be altered"},
	}, {
		name: "gap",
		fill: trailGap,
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestCloudTrailKMSEncryption(t *testing.T) {
	runCases(t, cloudtrailKMSEncryption, []checkCase{{
		name: "kms, sse-s3, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{
				goodTrail("kms", nil),
				goodTrail("s3", func(t *inventory.Trail) { t.KMSKeyID = inventory.Ptr("") }),
				goodTrail("unk", func(t *inventory.Trail) { t.KMSKeyID = nil }),
			}
		},
		want:     map[string]finding.Status{"kms": finding.Pass, "s3": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"s3": "SSE-S3 only", "kms": "key/1111"},
	}})
}

func TestCloudTrailCloudWatchLogs(t *testing.T) {
	runCases(t, cloudtrailCloudWatchLogs, []checkCase{{
		name: "delivering, none, failing, stopped, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{
				goodTrail("ok", nil),
				goodTrail("none", func(t *inventory.Trail) { t.CloudWatchLogsLogGroupARN = inventory.Ptr("") }),
				goodTrail("denied", func(t *inventory.Trail) {
					t.Status.LatestCloudWatchLogsDeliveryError = "AccessDeniedException"
				}),
				goodTrail("stopped", func(t *inventory.Trail) { t.Status.IsLogging = false }),
				goodTrail("unk", func(t *inventory.Trail) { t.CloudWatchLogsLogGroupARN = nil }),
				goodTrail("nostatus", func(t *inventory.Trail) { t.Status = nil }),
			}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "none": finding.Fail, "denied": finding.Fail,
			"stopped": finding.Fail, "unk": finding.Error, "nostatus": finding.Error},
		contains: map[string]string{"ok": "log group trail-logs", "denied": "AccessDeniedException", "none": "does not deliver"},
	}})
}

func TestCloudTrailS3DataEvents(t *testing.T) {
	scope := testAccount
	with := func(s *inventory.TrailSelectors) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{goodTrail("t", func(t *inventory.Trail) { t.Selectors = s })}
		}
	}
	allBuckets := func(rw string) *inventory.TrailSelectors {
		return &inventory.TrailSelectors{EventSelectors: []inventory.EventSelector{{ReadWriteType: rw, IncludeManagementEvents: true,
			DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}}
	}
	advanced := func(extra ...inventory.AdvancedFieldSelector) *inventory.TrailSelectors {
		fs := append([]inventory.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}, extra...)
		return &inventory.TrailSelectors{AdvancedEventSelectors: []inventory.AdvancedEventSelector{{Name: "S3", FieldSelectors: fs}}}
	}
	oneBucket := &inventory.TrailSelectors{EventSelectors: []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true,
		DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::customer-data/"}}}}}}
	for _, tc := range []struct {
		check *Check
		cases []checkCase
	}{{cloudtrailS3DataEventsWrite, []checkCase{
		{name: "all buckets, all events", fill: with(allBuckets("All")), want: map[string]finding.Status{scope: finding.Pass}},
		{name: "write only", fill: with(allBuckets("WriteOnly")), want: map[string]finding.Status{scope: finding.Pass}},
		{name: "read only", fill: with(allBuckets("ReadOnly")), want: map[string]finding.Status{scope: finding.Fail}},
		{name: "advanced write", fill: with(advanced(inventory.AdvancedFieldSelector{Field: "readOnly", Equals: []string{"false"}})),
			want: map[string]finding.Status{scope: finding.Pass}},
		{name: "one bucket", fill: with(oneBucket), want: map[string]finding.Status{scope: finding.Fail},
			contains: map[string]string{scope: "only for customer-data/"}},
		{name: "advanced narrowed to a bucket", fill: with(advanced(inventory.AdvancedFieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::logs/"}})),
			want: map[string]finding.Status{scope: finding.Fail}, contains: map[string]string{scope: "only for logs/"}},
		{name: "management only", fill: with(&inventory.TrailSelectors{}), want: map[string]finding.Status{scope: finding.Fail},
			contains: map[string]string{scope: "records no S3 write data events"}},
		{name: "selectors unknown", fill: with(nil), want: map[string]finding.Status{scope: finding.Error}},
	}}, {cloudtrailS3DataEventsRead, []checkCase{
		{name: "all buckets, all events", fill: with(allBuckets("All")), want: map[string]finding.Status{scope: finding.Pass}},
		{name: "write only", fill: with(allBuckets("WriteOnly")), want: map[string]finding.Status{scope: finding.Fail}},
		{name: "advanced, no readOnly field", fill: with(advanced()), want: map[string]finding.Status{scope: finding.Pass}},
		{name: "advanced read", fill: with(advanced(inventory.AdvancedFieldSelector{Field: "readOnly", Equals: []string{"true"}})),
			want: map[string]finding.Status{scope: finding.Pass}},
		{name: "no trail", fill: func(a *inventory.Account, r *inventory.Region) {}, want: map[string]finding.Status{scope: finding.Fail}},
		{name: "gap", fill: trailGap, want: map[string]finding.Status{scope + "/" + testRegion: finding.Error}},
	}}} {
		t.Run(tc.check.ID, func(t *testing.T) { runCases(t, tc.check, tc.cases) })
	}
}

func TestCloudTrailOrganizationTrail(t *testing.T) {
	st := func(e *inventory.Estate) map[string]finding.Status {
		return statuses(runCheck(t, cloudtrailOrganizationTrail, e))
	}
	if got := st(orgEstate(true, false)); got["org-trail"] != finding.Pass || len(got) != 1 {
		t.Errorf("organization trail: %v, want org-trail pass only", got)
	}
	if got := st(orgEstate(false, false)); got["111122223333"] != finding.Fail {
		t.Errorf("no organization trail: %v, want a failure on the management account", got)
	}
	e := orgEstate(true, false)
	tr := e.Accounts[0].Regions[0].Resources.Trails[0]
	tr.IsMultiRegionTrail = false
	if got := st(e); got["org-trail"] != finding.Fail {
		t.Errorf("single-region organization trail: %v, want fail", got)
	}
	tr.IsMultiRegionTrail, tr.Status = true, nil
	if got := st(e); got["org-trail"] != finding.Error {
		t.Errorf("organization trail with unknown status: %v, want error", got)
	}
	if got := st(orgEstate(false, true)); got["111122223333/"+testRegion] != finding.Error {
		t.Errorf("management trails not read: %v, want error", got)
	}
}

func TestCloudTrailBucketAccessLogging(t *testing.T) {
	bucket := func(name, target string) *inventory.S3Bucket {
		return &inventory.S3Bucket{Meta: meta(name), Logging: &inventory.S3Logging{TargetBucket: target}}
	}
	runCases(t, cloudtrailBucketAccessLogging, []checkCase{{
		name: "logged, not logged, logging unknown, bucket elsewhere",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{
				goodTrail("logged", func(t *inventory.Trail) { t.S3BucketName = "trail-a" }),
				goodTrail("unlogged", func(t *inventory.Trail) { t.S3BucketName = "trail-b" }),
				goodTrail("unread", func(t *inventory.Trail) { t.S3BucketName = "trail-c" }),
				goodTrail("elsewhere", func(t *inventory.Trail) { t.S3BucketName = "log-archive-trail" }),
			}
			a.Resources.S3Buckets = []*inventory.S3Bucket{bucket("trail-a", "access-logs"), bucket("trail-b", ""),
				{Meta: meta("trail-c")}}
		},
		want: map[string]finding.Status{"logged": finding.Pass, "unlogged": finding.Fail, "unread": finding.Error,
			"elsewhere": finding.Error},
		contains: map[string]string{"logged": "logs its access to access-logs", "unlogged": "trail bucket trail-b has no server access logging",
			"elsewhere": "not in the scanned estate"},
	}, {
		name: "bucket gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.Trails = []*inventory.Trail{goodTrail("t", nil)}
			a.Gaps = []inventory.Gap{{ResourceType: bucketType, Call: "s3:ListBuckets", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestCloudTrailStaleTrailIsLow(t *testing.T) {
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Resources.Trails = []*inventory.Trail{goodTrail("main", nil),
			goodTrail("pilot", func(t *inventory.Trail) { t.Status.IsLogging = false })}
	})
	for _, f := range runCheck(t, cloudtrailMultiRegionLogging, e) {
		if f.ResourceID == "pilot" && (f.Status != finding.Fail || f.Severity != finding.Low) {
			t.Errorf("stopped trail in a recorded account: %s %s, want a low failure", f.Status, f.Severity)
		}
	}
}
