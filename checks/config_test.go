package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func recorder(id string, edit func(r *inventory.ConfigRecorder)) *inventory.ConfigRecorder {
	rec := &inventory.ConfigRecorder{Meta: meta(id),
		RecordingGroup: &inventory.ConfigRecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true},
		Status:         &inventory.ConfigRecorderStatus{Recording: true, LastStatus: "Success"}}
	if edit != nil {
		edit(rec)
	}
	return rec
}

func TestConfigRecorderAllRegions(t *testing.T) {
	scope := testAccount + "/" + testRegion
	one := func(rec *inventory.ConfigRecorder) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigRecorders = []*inventory.ConfigRecorder{rec}
		}
	}
	runCases(t, configRecorderAllRegions, []checkCase{{
		name: "all types, recording",
		fill: one(recorder("default", nil)),
		want: map[string]finding.Status{"default": finding.Pass},
	}, {
		name: "stopped",
		fill: one(recorder("default", func(r *inventory.ConfigRecorder) {
			r.Status.Recording = false
			r.Status.LastStopTime = testNow.AddDate(0, 0, -40)
		})),
		want:     map[string]finding.Status{"default": finding.Fail},
		contains: map[string]string{"default": "the recorder is stopped (since 2026-09-22"},
	}, {
		name: "selected types only, no global types anywhere",
		fill: one(recorder("default", func(r *inventory.ConfigRecorder) {
			r.RecordingGroup = &inventory.ConfigRecordingGroup{RecordingStrategy: "INCLUSION_BY_RESOURCE_TYPES",
				ResourceTypes: []string{"AWS::EC2::Instance", "AWS::S3::Bucket"}}
		})),
		want: map[string]finding.Status{"default": finding.Fail},
		contains: map[string]string{"default": "it records only 2 selected types (AWS::EC2::Instance, AWS::S3::Bucket); " +
			"no region of the account records global resource types"},
	}, {
		name: "last recording failed",
		fill: one(recorder("default", func(r *inventory.ConfigRecorder) {
			r.Status.LastStatus, r.Status.LastErrorCode = "Failure", "AccessDenied"
		})),
		want:     map[string]finding.Status{"default": finding.Fail},
		contains: map[string]string{"default": "the last recording failed: AccessDenied"},
	}, {
		name: "global types recorded in another region",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigRecorders = []*inventory.ConfigRecorder{recorder("default", func(r *inventory.ConfigRecorder) {
				r.RecordingGroup.IncludeGlobalResourceTypes = false
			})}
			a.Regions = append(a.Regions, &inventory.Region{Name: "eu-west-1", Resources: inventory.RegionalResources{
				ConfigRecorders: []*inventory.ConfigRecorder{recorder("eu-default", nil)}}})
		},
		want:     map[string]finding.Status{"default": finding.Pass, "eu-default": finding.Pass},
		contains: map[string]string{"default": "global types are recorded in another region"},
	}, {
		name: "global types: the other region is unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigRecorders = []*inventory.ConfigRecorder{recorder("default", func(r *inventory.ConfigRecorder) {
				r.RecordingGroup.IncludeGlobalResourceTypes = false
			})}
			a.Regions = append(a.Regions, &inventory.Region{Name: "eu-west-1", Resources: inventory.RegionalResources{
				ConfigRecorders: []*inventory.ConfigRecorder{recorder("eu-default", func(r *inventory.ConfigRecorder) { r.Status = nil })}}})
		},
		want: map[string]finding.Status{"default": finding.Error, "eu-default": finding.Error},
	}, {
		name: "service-linked recorder only",
		fill: one(recorder("securityhub", func(r *inventory.ConfigRecorder) { r.ServicePrincipal = "securityhub.amazonaws.com" })),
		want: map[string]finding.Status{scope: finding.Fail},
	}, {
		name:     "no recorder",
		fill:     func(a *inventory.Account, r *inventory.Region) {},
		want:     map[string]finding.Status{scope: finding.Fail},
		contains: map[string]string{scope: "no configuration recorder in us-east-1"},
	}, {
		name: "gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: recorderType, Call: "config:DescribeConfigurationRecorders", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{scope: finding.Error},
	}})
}

func TestConfigDeliveryChannel(t *testing.T) {
	scope := testAccount + "/" + testRegion
	ok := inventory.ConfigDeliveryInfo{LastStatus: "Success", LastSuccessfulTime: testNow}
	channel := func(id string, edit func(c *inventory.ConfigDeliveryChannel)) *inventory.ConfigDeliveryChannel {
		ch := &inventory.ConfigDeliveryChannel{Meta: meta(id), S3BucketName: "config-history", DeliveryFrequency: "TwentyFour_Hours",
			Status: &inventory.ConfigDeliveryChannelStatus{ConfigHistory: ok, ConfigSnapshot: ok}}
		if edit != nil {
			edit(ch)
		}
		return ch
	}
	runCases(t, configDeliveryChannel, []checkCase{{
		name: "healthy, failing history, failing snapshot, no bucket, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigDeliveryChannels = []*inventory.ConfigDeliveryChannel{
				channel("ok", nil),
				channel("history", func(c *inventory.ConfigDeliveryChannel) {
					c.Status.ConfigHistory = inventory.ConfigDeliveryInfo{LastStatus: "Failure", LastErrorCode: "NoSuchBucket",
						LastErrorMessage: "The specified bucket does not exist.", LastSuccessfulTime: testNow.AddDate(0, 0, -40)}
				}),
				channel("snapshot", func(c *inventory.ConfigDeliveryChannel) {
					c.Status.ConfigSnapshot = inventory.ConfigDeliveryInfo{LastStatus: "Failure", LastErrorCode: "AccessDenied"}
				}),
				channel("nobucket", func(c *inventory.ConfigDeliveryChannel) { c.S3BucketName = "" }),
				channel("unk", func(c *inventory.ConfigDeliveryChannel) { c.Status = nil }),
			}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "history": finding.Fail, "snapshot": finding.Fail,
			"nobucket": finding.Fail, "unk": finding.Error},
		contains: map[string]string{"ok": "snapshots twentyfour hours", "history": "NoSuchBucket", "snapshot": "AccessDenied"},
	}, {
		name: "recorder without a channel",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigRecorders = []*inventory.ConfigRecorder{recorder("default", nil)}
		},
		want: map[string]finding.Status{scope: finding.Fail},
	}, {
		name: "neither recorder nor channel: nothing to say",
		fill: func(a *inventory.Account, r *inventory.Region) {},
		want: map[string]finding.Status{},
	}, {
		name: "recorder gap",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: recorderType, Call: "config:DescribeConfigurationRecorders", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{scope: finding.Error},
	}})
}

func TestConfigOrganizationAggregator(t *testing.T) {
	run := func(ags ...*inventory.ConfigAggregator) map[string]finding.Status {
		e := testEstate(func(a *inventory.Account, r *inventory.Region) { r.Resources.ConfigAggregators = ags })
		e.Organization = &inventory.Organization{ID: "o-test", ManagementAccount: testAccount}
		return statuses(runCheck(t, configOrganizationAggregator, e))
	}
	org := &inventory.ConfigAggregator{Meta: meta("AggregatorTest"), OrganizationSource: &inventory.ConfigOrganizationSource{AllAWSRegions: true}}
	listed := &inventory.ConfigAggregator{Meta: meta("listed"), OrganizationSource: &inventory.ConfigOrganizationSource{AWSRegions: []string{testRegion}}}
	other := &inventory.ConfigAggregator{Meta: meta("other"), OrganizationSource: &inventory.ConfigOrganizationSource{AWSRegions: []string{"eu-west-1"}}}
	accts := &inventory.ConfigAggregator{Meta: meta("accounts"), AccountSources: []inventory.ConfigAccountSource{{AccountIDs: []string{"444455556666"}, AllAWSRegions: true}}}
	if got := run(org, other, accts); got["AggregatorTest"] != finding.Pass || got["other"] != finding.Fail || got["accounts"] != finding.Fail || len(got) != 3 {
		t.Errorf("organization, wrong-region and account aggregators: %v", got)
	}
	if got := run(listed); got["listed"] != finding.Pass {
		t.Errorf("aggregator listing every region in use: %v, want pass", got)
	}
	if got := run(accts); got["accounts"] != finding.Fail || got[testAccount] != finding.Fail {
		t.Errorf("only an account aggregator: %v, want both to fail", got)
	}
	// Not the management account: nothing to assess.
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {})
	if fs := runCheck(t, configOrganizationAggregator, e); len(fs) != 0 {
		t.Errorf("estate without an organization: %+v, want no results", fs)
	}
	e = testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Gaps = []inventory.Gap{{ResourceType: aggregatorType, Call: "config:DescribeConfigurationAggregators", Code: "AccessDenied"}}
	})
	e.Organization = &inventory.Organization{ID: "o-test", ManagementAccount: testAccount}
	if got := statuses(runCheck(t, configOrganizationAggregator, e)); got[testAccount+"/"+testRegion] != finding.Error {
		t.Errorf("aggregators not read: %v, want error", got)
	}
}

func TestConfigRuleCompliance(t *testing.T) {
	rule := func(id string, org bool, cp *inventory.ConfigCompliance) *inventory.ConfigRule {
		return &inventory.ConfigRule{Meta: meta(id), State: "ACTIVE", OrganizationRule: org,
			RuleSource: inventory.ConfigRuleSource{Owner: "AWS", SourceIdentifier: "VPC_FLOW_LOGS_ENABLED"}, Compliance: cp}
	}
	runCases(t, configRuleCompliance, []checkCase{{
		name: "compliant, non-compliant, not applicable, insufficient data, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.ConfigRules = []*inventory.ConfigRule{
				rule("ok", false, &inventory.ConfigCompliance{ComplianceType: "COMPLIANT"}),
				rule("OrgConfigRule-vpc-flow-logs-enabled-abc", true, &inventory.ConfigCompliance{ComplianceType: "NON_COMPLIANT",
					NonCompliantResourceCount: 1, Resources: []inventory.ConfigEvaluation{
						{ResourceType: "AWS::EC2::VPC", ResourceID: "vpc-1", ComplianceType: "NON_COMPLIANT"},
						{ResourceType: "AWS::EC2::VPC", ResourceID: "vpc-2", ComplianceType: "COMPLIANT"}}}),
				rule("capped", false, &inventory.ConfigCompliance{ComplianceType: "NON_COMPLIANT", NonCompliantResourceCount: 100, CappedCount: true}),
				rule("na", false, &inventory.ConfigCompliance{ComplianceType: "NOT_APPLICABLE"}),
				rule("new", false, &inventory.ConfigCompliance{ComplianceType: "INSUFFICIENT_DATA"}),
				rule("unk", false, nil),
			}
		},
		want: map[string]finding.Status{"ok": finding.Pass, "OrgConfigRule-vpc-flow-logs-enabled-abc": finding.Fail, "capped": finding.Fail,
			"na": finding.Pass, "new": finding.Error, "unk": finding.Error},
		contains: map[string]string{
			"OrgConfigRule-vpc-flow-logs-enabled-abc": "organization rule OrgConfigRule-vpc-flow-logs-enabled-abc (AWS managed VPC_FLOW_LOGS_ENABLED) is NON_COMPLIANT: 1 resource (vpc-1)",
			"capped": "more than 100 resources",
		},
	}})
}
