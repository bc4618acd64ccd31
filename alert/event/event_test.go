package event

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/alert"
)

// summary is what a test checks of an alert: the normalized fields.
type summary struct {
	Key, Source, Type, Severity, Account, AccountName, Region string
	ResType, ResID, ResARN                                    string
	Tags                                                      map[string]string
	Count                                                     int
	Status                                                    alert.Status
	First, Last                                               string
	Labels                                                    map[string]string
	LinkPrefix                                                string
}

func summarize(a alert.Alert) summary {
	s := summary{Key: a.Key, Source: a.Source, Type: a.Type, Severity: a.SeverityText(), Account: a.Account, AccountName: a.AccountName,
		Region: a.Region, ResType: a.Resource.Type, ResID: a.Resource.ID, ResARN: a.Resource.ARN, Tags: a.Resource.Tags,
		Count: a.Count, Status: a.Status, Labels: a.Labels}
	if !a.FirstSeen.IsZero() {
		s.First = a.FirstSeen.Format("2006-01-02T15:04:05Z")
	}
	if !a.LastSeen.IsZero() {
		s.Last = a.LastSeen.Format("2006-01-02T15:04:05Z")
	}
	if a.Link != "" {
		s.LinkPrefix = a.Link[:strings.Index(a.Link, "#")]
	}
	return s
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		file string
		want []summary
	}{
		{"guardduty.json", []summary{{
			Key: "aws.guardduty/16afba5c5c43e07c9e3e5e2e544e95df", Source: "aws.guardduty", Type: "Recon:EC2/Portscan",
			Severity: "low (2.0)", Account: "123456789012", Region: "us-east-1", ResType: "Instance", ResID: "i-99999999",
			ResARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-99999999",
			Tags:   map[string]string{"role": "scanner", "Name": "vuln-scanner-1"}, Count: 4, Status: alert.Firing,
			First: "2024-05-15T10:25:28Z", Last: "2024-05-15T11:02:46Z",
			Labels:     map[string]string{"action": "PORT_PROBE", "resource_role": "TARGET"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1",
		}}},
		// The remote address of an API call with instance credentials
		// is the source_ip a silence for a known egress range matches.
		{"guardduty_credential_exfiltration.json", []summary{{
			Key: "aws.guardduty/a6c5b1e0f3e14e1d9b0c2d3e4f5a6b7c", Source: "aws.guardduty",
			Type:     "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
			Severity: "high (8.0)", Account: "123456789012", Region: "us-east-1", ResType: "AccessKey", ResID: "ASIAIOSFODNN7EXAMPLE",
			Count: 3, Status: alert.Firing, First: "2026-11-24T08:55:10Z", Last: "2026-11-24T09:10:31Z",
			Labels:     map[string]string{"action": "AWS_API_CALL", "resource_role": "TARGET", "user": "build-runner", "source_ip": "198.51.100.77"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1",
		}}},
		{"sns_wrapped.json", []summary{{
			Key: "aws.guardduty/16afba5c5c43e07c9e3e5e2e544e95df", Source: "aws.guardduty", Type: "Recon:EC2/Portscan",
			Severity: "low (2.0)", Account: "123456789012", Region: "us-east-1", ResType: "Instance", ResID: "i-99999999",
			ResARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-99999999",
			Tags:   map[string]string{"role": "scanner", "Name": "vuln-scanner-1"}, Count: 4, Status: alert.Firing,
			First: "2024-05-15T10:25:28Z", Last: "2024-05-15T11:02:46Z",
			Labels:     map[string]string{"action": "PORT_PROBE", "resource_role": "TARGET"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1",
		}}},
		// Archiving a finding carries no severity: it must say so, not
		// pretend to be informational.
		{"guardduty_archive.json", []summary{{
			Key: "cloudtrail/0b5f0c2e-1111-4c3d-8e9f-abcdefabcdef", Source: "aws.guardduty", Type: "guardduty:ArchiveFindings",
			Severity: "unknown", Account: "123456789012", Region: "us-east-1", Count: 1, Status: alert.Firing,
			First: "2024-05-16T08:12:40Z", Last: "2024-05-16T08:12:40Z",
			Labels: map[string]string{"event_name": "ArchiveFindings", "event_source": "guardduty.amazonaws.com",
				"user": "arn:aws:sts::123456789012:assumed-role/SecOps/alice", "user_type": "AssumedRole", "source_ip": "203.0.113.10"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1",
		}}},
		{"securityhub_asff.json", []summary{{
			Key:    "aws.securityhub/arn:aws:securityhub:us-west-2:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/01234567-89ab-cdef-0123-456789abcdef",
			Source: "aws.securityhub", Type: "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices",
			Severity: "high (7.0)", Account: "123456789012", AccountName: "prod-data", Region: "us-west-2", ResType: "AwsS3Bucket",
			ResID: "arn:aws:s3:::example-public-bucket", ResARN: "arn:aws:s3:::example-public-bucket", Tags: map[string]string{"team": "data"},
			Count: 1, Status: alert.Firing, First: "2024-05-14T22:01:00Z", Last: "2024-05-15T10:30:55Z",
			Labels: map[string]string{"workflow": "NEW", "record_state": "ACTIVE", "compliance": "FAILED", "product": "Security Hub",
				"generator": "aws-foundational-security-best-practices/v/1.0.0/S3.8"},
			LinkPrefix: "https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2",
		}, {
			Key:    "aws.securityhub/arn:aws:securityhub:us-west-2:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0/IAM.6/finding/fedcba98-7654-3210-fedc-ba9876543210",
			Source: "aws.securityhub", Type: "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices",
			Severity: "critical (9.0)", Account: "123456789012", Region: "us-west-2", ResType: "AwsAccount", ResID: "AWS::::Account:123456789012",
			Count: 1, Status: alert.Resolved, First: "2024-05-01T09:00:00Z", Last: "2024-05-15T10:30:55Z",
			Labels: map[string]string{"workflow": "SUPPRESSED", "record_state": "ACTIVE", "compliance": "FAILED", "product": "Security Hub",
				"generator": "aws-foundational-security-best-practices/v/1.0.0/IAM.6"},
			LinkPrefix: "https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2",
		}}},
		{"securityhub_ocsf.json", []summary{{
			Key:    "aws.securityhub/arn:aws:guardduty:us-west-2:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/2ec0d2c8cc9b8a1e1e1b1d1f1a1b1c1d",
			Source: "aws.securityhub", Type: "Backdoor:EC2/C&CActivity.B!DNS", Severity: "high (7.0)", Account: "111122223333",
			AccountName: "workloads-prod", Region: "us-west-2", ResType: "AWS::EC2::Instance",
			ResID: "arn:aws:ec2:us-west-2:111122223333:instance/i-0abcd1234ef567890", ResARN: "arn:aws:ec2:us-west-2:111122223333:instance/i-0abcd1234ef567890",
			Tags: map[string]string{"role": "web"}, Count: 3, Status: alert.Firing, First: "2025-06-17T11:40:00Z", Last: "2025-06-17T11:59:00Z",
			Labels:     map[string]string{"workflow": "New", "product": "GuardDuty"},
			LinkPrefix: "https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2",
		}}},
		{"alarm_5xx.json", []summary{{
			Key: "aws.cloudwatch/123456789012/us-east-1/orders-prod-5xx", Source: "aws.cloudwatch", Type: "CloudWatch Alarm",
			Severity: "high (7.0)", Account: "123456789012", Region: "us-east-1", ResType: "AWS::CloudWatch::Alarm", ResID: "orders-prod-5xx",
			ResARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-5xx", Tags: map[string]string{"team": "payments"},
			Count: 1, Status: alert.Firing, First: "2024-05-15T17:04:40Z", Last: "2024-05-15T17:04:40Z",
			Labels: map[string]string{"alarm": "orders-prod-5xx", "state": "ALARM", "previous_state": "OK", "namespace": "AWS/ApiGateway",
				"metric": "5XXError", "dimension.ApiName": "orders", "dimension.Stage": "prod"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1",
		}}},
		{"alarm_ok.json", []summary{{
			Key: "aws.cloudwatch/123456789012/us-east-1/orders-prod-5xx", Source: "aws.cloudwatch", Type: "CloudWatch Alarm",
			Severity: "info (0.0)", Account: "123456789012", Region: "us-east-1", ResType: "AWS::CloudWatch::Alarm", ResID: "orders-prod-5xx",
			ResARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-5xx",
			Count:  1, Status: alert.Resolved, First: "2024-05-15T17:20:40Z", Last: "2024-05-15T17:20:40Z",
			Labels: map[string]string{"alarm": "orders-prod-5xx", "state": "OK", "previous_state": "ALARM", "namespace": "AWS/ApiGateway",
				"metric": "5XXError", "dimension.ApiName": "orders", "dimension.Stage": "prod"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1",
		}}},
		{"config.json", []summary{{
			Key: "aws.config/123456789012/us-east-2/encrypted-volumes/AWS::EC2::Volume/vol-0a1b2c3d4e5f67890", Source: "aws.config",
			Type: "encrypted-volumes", Severity: "medium (4.0)", Account: "123456789012", Region: "us-east-2", ResType: "AWS::EC2::Volume",
			ResID: "vol-0a1b2c3d4e5f67890", Count: 1, Status: alert.Firing, First: "2024-05-15T09:12:27Z", Last: "2024-05-15T09:12:27Z",
			Labels:     map[string]string{"rule": "encrypted-volumes", "compliance": "NON_COMPLIANT", "previous_compliance": "COMPLIANT"},
			LinkPrefix: "https://us-east-2.console.aws.amazon.com/config/home?region=us-east-2",
		}}},
		{"cloudtrail_stoplogging.json", []summary{{
			Key: "cloudtrail/eae87c48-d421-4626-94f5-EXAMPLEac994", Source: "aws.cloudtrail", Type: "cloudtrail:StopLogging",
			Severity: "high (8.0)", Account: "123456789012", Region: "us-east-1",
			ResID: "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events", ResARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events",
			Count: 1, Status: alert.Firing, First: "2024-05-15T21:36:01Z", Last: "2024-05-15T21:36:01Z",
			Labels:     map[string]string{"event_name": "StopLogging", "event_source": "cloudtrail.amazonaws.com", "user": "arn:aws:iam::123456789012:user/mallory", "user_type": "IAMUser", "source_ip": "198.51.100.77"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1",
		}}},
		{"signin_root.json", []summary{{
			Key: "cloudtrail/deb1e1f9-c99b-4612-8e9f-21f93b5ac79a", Source: "aws.signin", Type: "signin:ConsoleLogin",
			Severity: "critical (9.0)", Account: "123456789012", Region: "us-east-1", Count: 1, Status: alert.Firing,
			First: "2024-05-15T07:45:11Z", Last: "2024-05-15T07:45:11Z",
			Labels: map[string]string{"event_name": "ConsoleLogin", "event_source": "signin.amazonaws.com", "user": "root", "user_type": "Root",
				"source_ip": "192.0.2.110", "result": "Success", "mfa": "No"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1",
		}}},
		{"inspector.json", []summary{{
			Key: "aws.inspector2/arn:aws:inspector2:us-east-1:123456789012:finding/FINDING_ID", Source: "aws.inspector2", Type: "PACKAGE_VULNERABILITY",
			Severity: "high (7.5)", Account: "123456789012", Region: "us-east-1", ResType: "AWS_EC2_INSTANCE", ResID: "i-0c2a343f1948d5205",
			Tags: map[string]string{"Name": "Test"}, Count: 1, Status: alert.Firing, First: "2023-01-19T22:46:15Z", Last: "2023-01-19T22:46:15Z",
			Labels:     map[string]string{"vulnerability": "CVE-2022-43680", "workflow": "ACTIVE"},
			LinkPrefix: "https://us-east-1.console.aws.amazon.com/inspector/v2/home?region=us-east-1",
		}}},
		{"awssec.json", []summary{{
			Key: "awssec/ec2-sg-open-admin-port/111111111111/eu-west-1/sg-0123456789abcdef0", Source: "awssec", Type: "ec2-sg-open-admin-port",
			Severity: "high (7.0)", Account: "111111111111", Region: "eu-west-1", ResType: "AWS::EC2::SecurityGroup", ResID: "sg-0123456789abcdef0",
			ResARN: "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0123456789abcdef0", Count: 1, Status: alert.Firing,
			Labels: map[string]string{"check": "ec2-sg-open-admin-port", "service": "ec2", "finding_status": "fail"},
		}}},
		// An event nobody normalizes still becomes an alert.
		{"unknown.json", []summary{{
			Key: "unknown/5bdc0a35-1111-2222-3333-444455556666", Source: "aws.macie", Type: UnknownType, Severity: "unknown",
			Account: "123456789012", Region: "us-east-1", Count: 1, Status: alert.Firing, First: "2024-05-15T10:00:00Z", Last: "2024-05-15T10:00:00Z",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			as, err := Normalize(data)
			if err != nil {
				t.Fatal(err)
			}
			var got []summary
			for _, a := range as {
				got = append(got, summarize(a))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("alerts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecoderKeepsGoingAfterBadEvents(t *testing.T) {
	gd, _ := os.ReadFile("testdata/alarm_ok.json")
	gd = []byte(strings.TrimSpace(string(gd)))
	input := string(gd) + "\n" +
		`{"source": "aws.guardduty", "detail-type": "GuardDuty Finding", "detail": {"id": 1}}` + "\n" +
		`{"version": "0", "id": }` + "\n" +
		"42\n" +
		string(gd) + "\n"
	d := NewDecoder("events.jsonl", []byte(input))
	var errs []string
	n := 0
	for {
		as, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		n += len(as)
	}
	want := []string{
		`events.jsonl:2:1: event 2: GuardDuty Finding detail/id: wrong type: got number, want string`,
		`events.jsonl:3:24: event 3: malformed JSON: invalid character '}' at start of value`,
		`events.jsonl:4:1: event 4: got number, want an event object`,
	}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if n != 2 {
		t.Errorf("decoded %d alerts, want 2", n)
	}
}

func TestDecoderArray(t *testing.T) {
	a, _ := os.ReadFile("testdata/alarm_5xx.json")
	b, _ := os.ReadFile("testdata/config.json")
	d := NewDecoder("x.json", []byte("[\n"+string(a)+",\n"+string(b)+"\n]\n"))
	var keys []string
	for {
		as, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range as {
			keys = append(keys, x.Source)
		}
	}
	if diff := cmp.Diff([]string{"aws.cloudwatch", "aws.config"}, keys); diff != "" {
		t.Error(diff)
	}
}

func TestUnknownSeverityNeverMatchesNumbers(t *testing.T) {
	a := alert.Alert{Score: alert.Unknown}
	if _, ok := a.Field("severity"); ok {
		t.Error("an unknown severity has a numeric value")
	}
	if !math.IsNaN(a.Score) || a.SeverityLabel() != "unknown" {
		t.Errorf("label %q", a.SeverityLabel())
	}
}

func FuzzDecoder(f *testing.F) {
	for _, name := range []string{"guardduty.json", "guardduty_credential_exfiltration.json", "securityhub_asff.json", "sns_wrapped.json", "signin_root.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"checkId": "x"}, 1, {"Records": [{"body": "{}"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder("fuzz", data)
		for i := 0; i < len(data)+2; i++ {
			_, err := d.Next()
			if err == io.EOF {
				return
			}
		}
		t.Fatalf("decoder did not finish on %q", data)
	})
}
