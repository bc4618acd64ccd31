package mutelist

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	data, err := os.ReadFile("testdata/mutelist.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ml, err := Parse("mutelist.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Line, Column                     int
		Check, Account, Region, Resource string
		Tags                             map[string]string
		Reason, Owner, Expires           string
	}
	var got []entry
	for _, e := range ml.Entries {
		exp := ""
		if !e.Expires.IsZero() {
			exp = e.Expires.Format(time.DateOnly)
		}
		got = append(got, entry{e.Line, e.Column, e.Check, e.Account, e.Region, e.Resource, e.Tags, e.Reason, e.Owner, exp})
	}
	want := []entry{
		{3, 5, "s3-bucket-policy-public", "", "", "arn:aws:s3:::acme-*-public-assets", nil,
			"static assets for the public website", "web-team@example.com", "2027-03-31"},
		{8, 5, "ec2-*", "777788889999", "eu-*", "", map[string]string{"Environment": "sandbox"},
			"sandbox account, no customer data", "platform@example.com", ""},
		{15, 5, "iam-root-mfa", "", "", "", nil, "root of the old account, closed next quarter", "", "2026-01-31"},
		{18, 5, "kms-key-rotation", "000000000000", "", "", nil, "an account that is gone", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		cause    error
		want     string
	}{
		{"unknown top key", "mutes: []\nmute: []\n", ErrUnknownKey, `m.yaml:2:1: unknown key: "mute" (valid: mutes)`},
		{"unknown entry key", "mutes:\n  - check: x\n    reason: r\n    expiry: 2027-01-01\n", ErrUnknownKey,
			`m.yaml:4:5: unknown key: "expiry" (valid: check, account, region, resource, tags, reason, owner, expires)`},
		{"bad glob", "mutes:\n  - check: x\n    resource: arn:aws:s3:::[abc\n    reason: r\n", ErrBadGlob,
			`m.yaml:3:32: bad glob: resource "arn:aws:s3:::[abc": unexpected end of input`},
		{"bad glob quoted", "mutes:\n  - check: \"s3-{a,b\"\n    reason: r\n", ErrBadGlob, `m.yaml:2:20: bad glob: check "s3-{a,b": unclosed `},
		{"bad tag glob", "mutes:\n  - check: x\n    tags: {env: \"[\"}\n    reason: r\n", ErrBadGlob, `m.yaml:3:`},
		{"bad date", "mutes:\n  - check: x\n    reason: r\n    expires: 2027-02-30\n", ErrBadDate,
			`m.yaml:4:14: bad date: expires "2027-02-30": want a date as YYYY-MM-DD`},
		{"date with time", "mutes:\n  - check: x\n    reason: r\n    expires: 2027-02-01T00:00:00Z\n", ErrBadDate, `m.yaml:4:14: bad date`},
		{"no reason", "mutes:\n  - check: x\n", ErrMissing, `m.yaml:2:5: missing key: the entry needs "reason"`},
		{"no check", "mutes:\n  - reason: r\n", ErrMissing, `m.yaml:2:5: missing key: the entry needs "check"`},
		{"empty", "", ErrMissing, `m.yaml:1:1: missing key`},
		{"no mutes", "other: 1\n", ErrUnknownKey, `m.yaml:1:1: unknown key: "other"`},
		{"mutes not a list", "mutes: {check: x}\n", ErrType, `m.yaml:1:8: wrong type`},
		{"entry not a mapping", "mutes:\n  - x\n", ErrType, `m.yaml:2:5: wrong type`},
		{"list value", "mutes:\n  - check: [a, b]\n    reason: r\n", ErrType, `m.yaml:2:12: wrong type: "check" must be a single value`},
		{"duplicate key", "mutes:\n  - check: a\n    check: b\n    reason: r\n", nil, `m.yaml:3:5:`},
		{"yaml syntax", "mutes:\n  - check: \"x\n", ErrSyntax, `m.yaml:`},
		{"tabs", "mutes:\n\t- check: x\n", ErrSyntax, `m.yaml:2:`},
		{"two documents", "mutes:\n  - check: a\n    reason: r\n---\nmutes: []\n", ErrSyntax,
			`m.yaml:4:1: not valid YAML: a mutelist is one YAML document; another starts here`},
		{"comment only", "# nothing yet\n", ErrMissing, `m.yaml:1:1: missing key`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix %q", err, tc.want)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("error %q is not %v", err, tc.cause)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestParseEmptyList(t *testing.T) {
	ml, err := Parse("m.yaml", []byte("mutes:\n"))
	if err != nil || len(ml.Entries) != 0 {
		t.Fatalf("Parse = %v, %v; want no entries", ml, err)
	}
}

// estate holds the resources the findings below are about; only the
// sandbox instance carries the tag the second entry asks for.
func estate() *inventory.Estate {
	return &inventory.Estate{Accounts: []*inventory.Account{{
		ID: "777788889999",
		Regions: []*inventory.Region{{Name: "eu-west-1", Resources: inventory.RegionalResources{
			EC2Instances: []*inventory.EC2Instance{
				{Meta: inventory.Meta{ID: "i-sandbox", Tags: map[string]string{"Environment": "sandbox"}}},
				{Meta: inventory.Meta{ID: "i-prod", Tags: map[string]string{"Environment": "production"}}},
			},
		}}},
	}}}
}

func TestApply(t *testing.T) {
	data, err := os.ReadFile("testdata/mutelist.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ml, err := Parse("mutelist.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{
		{CheckID: "s3-bucket-policy-public", Status: finding.Fail, Account: "777788889999", Region: "eu-west-1",
			ResourceType: "AWS::S3::Bucket", ResourceID: "acme-dev-public-assets", ResourceARN: "arn:aws:s3:::acme-dev-public-assets"},
		{CheckID: "s3-bucket-policy-public", Status: finding.Fail, Account: "777788889999", Region: "eu-west-1",
			ResourceType: "AWS::S3::Bucket", ResourceID: "acme-dev-private", ResourceARN: "arn:aws:s3:::acme-dev-private"},
		{CheckID: "ec2-imdsv1-allowed", Status: finding.Fail, Account: "777788889999", Region: "eu-west-1",
			ResourceType: "AWS::EC2::Instance", ResourceID: "i-sandbox"},
		{CheckID: "ec2-imdsv1-allowed", Status: finding.Error, Account: "777788889999", Region: "eu-west-1",
			ResourceType: "AWS::EC2::Instance", ResourceID: "i-prod"},
		{CheckID: "ec2-ebs-encrypted", Status: finding.Pass, Account: "777788889999", Region: "eu-west-1",
			ResourceType: "AWS::EC2::Instance", ResourceID: "i-sandbox"},
		{CheckID: "iam-root-mfa", Status: finding.Fail, Account: "777788889999", Region: "global",
			ResourceType: "AWS::IAM::Root", ResourceID: "777788889999"},
	}
	res := ml.Apply(fs, EstateTags(estate()), now)
	var muted []string
	for _, f := range fs {
		if f.Muted {
			muted = append(muted, f.CheckID+" "+f.ResourceID+": "+f.MuteReason)
		}
		if f.Status == "" {
			t.Errorf("%s lost its status", f.CheckID)
		}
	}
	wantMuted := []string{
		"s3-bucket-policy-public acme-dev-public-assets: static assets for the public website; owner web-team@example.com; until 2027-03-31 (mutelist.yaml:3)",
		"ec2-imdsv1-allowed i-sandbox: sandbox account, no customer data; owner platform@example.com (mutelist.yaml:8)",
	}
	if diff := cmp.Diff(wantMuted, muted); diff != "" {
		t.Errorf("muted (-want +got):\n%s", diff)
	}
	if res.Muted != 2 {
		t.Errorf("Muted = %d, want 2", res.Muted)
	}
	var warnings []string
	for _, w := range res.Warnings {
		warnings = append(warnings, w.String())
	}
	wantWarnings := []string{
		"mutelist.yaml:15:5: warning: entry iam-root-mfa expired on 2026-01-31: its findings are no longer muted",
		"mutelist.yaml:18:5: warning: entry kms-key-rotation 000000000000 matches no finding",
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestApplyOnlyPasses(t *testing.T) {
	ml, err := Parse("m.yaml", []byte("mutes:\n  - check: s3-*\n    reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{{CheckID: "s3-bucket-versioning", Status: finding.Pass, ResourceID: "b"}}
	res := ml.Apply(fs, nil, now)
	if fs[0].Muted || res.Muted != 0 {
		t.Errorf("a passing finding was muted")
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, "only passing findings") {
		t.Errorf("warnings = %v, want one about passing findings", res.Warnings)
	}
}

func TestExpiryIsInclusive(t *testing.T) {
	e := &Entry{Expires: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	if e.Expired(time.Date(2026, 11, 25, 23, 59, 0, 0, time.UTC)) {
		t.Error("expired during its last day")
	}
	if !e.Expired(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) {
		t.Error("not expired the day after")
	}
}

// A glob's * crosses "/" and ":", so one pattern covers whole ARNs.
func TestGlobCrossesSeparators(t *testing.T) {
	ml, err := Parse("m.yaml", []byte("mutes:\n  - check: \"*\"\n    resource: \"arn:aws:ec2:*:instance/*\"\n    reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{{CheckID: "ec2-x", Status: finding.Fail, ResourceARN: "arn:aws:ec2:eu-west-1:123456789012:instance/i-1"}}
	if ml.Apply(fs, nil, now).Muted != 1 {
		t.Error("the ARN glob did not match")
	}
}
