package detect

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRulesOnRecords covers the built-in rules that no Stratus Red Team
// detonation exercises, each on records in CloudTrail's documented shape
// for the API (request parameters as the service logs them), with a
// near miss that must not fire.
func TestRulesOnRecords(t *testing.T) {
	const t0 = "2026-11-01T10:00:00Z"
	root := `{"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE"%s},"eventTime":"2026-11-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","userAgent":"console.amazonaws.com","eventID":"root-%s","eventType":"%s","recipientAccountId":"111122223333"}`
	inline := func(action string) string {
		return `,"requestParameters":{"roleName":"ops","policyName":"p","policyDocument":"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ` + action + `, \"Resource\": \"*\"}]\n}"}`
	}
	for _, tc := range []struct {
		id       string
		fire     []string
		miss     []string
		contains string
	}{
		{"ct-cloudtrail-trail-updated",
			[]string{userRec("m", "203.0.113.1", t0, "cloudtrail.amazonaws.com", "UpdateTrail", `,"requestParameters":{"name":"org","s3BucketName":"attacker-logs"}`),
				userRec("m", "203.0.113.1", t0, "cloudtrail.amazonaws.com", "UpdateTrail", `,"requestParameters":{"name":"org","enableLogFileValidation":false}`)},
			[]string{userRec("m", "203.0.113.1", t0, "cloudtrail.amazonaws.com", "UpdateTrail", `,"requestParameters":{"name":"org","enableLogFileValidation":true}`)},
			"s3BucketName|exists"},
		{"ct-guardduty-disabled",
			[]string{userRec("m", "203.0.113.1", t0, "guardduty.amazonaws.com", "DeleteDetector", `,"requestParameters":{"detectorId":"12abc34d567e8fa901bc2d34e56789f0"}`),
				userRec("n", "203.0.113.1", t0, "guardduty.amazonaws.com", "UpdateDetector", `,"requestParameters":{"detectorId":"12abc34d567e8fa901bc2d34e56789f0","enable":false}`)},
			[]string{userRec("m", "203.0.113.1", t0, "guardduty.amazonaws.com", "UpdateDetector", `,"requestParameters":{"detectorId":"12abc34d567e8fa901bc2d34e56789f0","findingPublishingFrequency":"SIX_HOURS"}`)},
			"DeleteDetector"},
		{"ct-guardduty-filter-or-ipset",
			[]string{userRec("m", "203.0.113.1", t0, "guardduty.amazonaws.com", "CreateIPSet", `,"requestParameters":{"detectorId":"12abc","name":"trusted","format":"TXT","location":"https://s3.amazonaws.com/b/ips.txt","activate":true}`)},
			[]string{userRec("m", "203.0.113.1", t0, "guardduty.amazonaws.com", "ListIPSets", `,"requestParameters":{"detectorId":"12abc"}`)},
			"CreateIPSet"},
		{"ct-config-disabled",
			[]string{userRec("m", "203.0.113.1", t0, "config.amazonaws.com", "StopConfigurationRecorder", `,"requestParameters":{"configurationRecorderName":"default"}`)},
			[]string{userRec("m", "203.0.113.1", t0, "config.amazonaws.com", "StartConfigurationRecorder", `,"requestParameters":{"configurationRecorderName":"default"}`)},
			"StopConfigurationRecorder"},
		{"ct-securityhub-disabled",
			[]string{userRec("m", "203.0.113.1", t0, "securityhub.amazonaws.com", "DisableSecurityHub", `,"requestParameters":null`)},
			[]string{userRec("m", "203.0.113.1", t0, "securityhub.amazonaws.com", "EnableSecurityHub", `,"requestParameters":{"enableDefaultStandards":true}`)},
			"DisableSecurityHub"},
		{"ct-root-activity",
			[]string{sprintf(root, "", "a", "AwsApiCall")},
			[]string{sprintf(root, `,"invokedBy":"support.amazonaws.com"`, "b", "AwsApiCall"), sprintf(root, "", "c", "AwsServiceEvent")},
			"userIdentity.type=Root"},
		{"ct-iam-inline-admin-policy",
			[]string{userRec("m", "203.0.113.1", t0, "iam.amazonaws.com", "PutRolePolicy", inline(`\"*\"`)),
				userRec("n", "203.0.113.1", t0, "iam.amazonaws.com", "PutRolePolicy", inline(`[\"*\"]`))},
			[]string{userRec("m", "203.0.113.1", t0, "iam.amazonaws.com", "PutRolePolicy", inline(`\"s3:GetObject\"`))},
			"PutRolePolicy"},
		{"ct-s3-bucket-made-public",
			[]string{userRec("m", "203.0.113.1", t0, "s3.amazonaws.com", "PutBucketAcl", `,"requestParameters":{"bucketName":"b","acl":"","AccessControlPolicy":{"AccessControlList":{"Grant":[{"Grantee":{"xsi:type":"Group","URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"}]},"Owner":{"ID":"abc"}}}`),
				userRec("n", "203.0.113.1", t0, "s3.amazonaws.com", "PutBucketPolicy", `,"requestParameters":{"bucketName":"b","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}}`),
				userRec("o", "203.0.113.1", t0, "s3.amazonaws.com", "DeleteBucketPublicAccessBlock", `,"requestParameters":{"bucketName":"b","publicAccessBlock":""}`)},
			[]string{userRec("m", "203.0.113.1", t0, "s3.amazonaws.com", "PutBucketPolicy", `,"requestParameters":{"bucketName":"b","bucketPolicy":{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject"}]}}`),
				userRec("n", "203.0.113.1", t0, "s3.amazonaws.com", "PutBucketAcl", `,"requestParameters":{"bucketName":"b","AccessControlPolicy":{"AccessControlList":{"Grant":[{"Grantee":{"xsi:type":"CanonicalUser","ID":"abc"},"Permission":"FULL_CONTROL"}]}}}`)},
			"acl: "},
		{"ct-kms-key-deletion",
			[]string{userRec("m", "203.0.113.1", t0, "kms.amazonaws.com", "ScheduleKeyDeletion", `,"requestParameters":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab","pendingWindowInDays":7}`)},
			[]string{userRec("m", "203.0.113.1", t0, "kms.amazonaws.com", "CancelKeyDeletion", `,"requestParameters":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}`)},
			"ScheduleKeyDeletion"},
	} {
		hits := huntLines(t, Options{}, tc.id, append(slices.Clone(tc.fire), tc.miss...)...)
		count := 0
		for _, h := range hits {
			count += h.Count
		}
		if count != len(tc.fire) {
			t.Errorf("%s: %d events matched, want %d: %+v", tc.id, count, len(tc.fire), hits)
			continue
		}
		var reasons []string
		for _, h := range hits {
			reasons = append(reasons, h.Reason)
		}
		if !strings.Contains(strings.Join(reasons, "\n"), tc.contains) {
			t.Errorf("%s: reasons %q lack %q", tc.id, reasons, tc.contains)
		}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
