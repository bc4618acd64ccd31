package detect

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/trail/ctlog"
)

// Record shapes follow the CloudTrail user guide's userIdentity examples:
// an IAM user, and an assumed role whose session is an EC2 instance's
// (session name = instance id, sessionContext.ec2RoleDelivery).
func userRec(name, ip, t, source, event, extra string) string {
	return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE%s","arn":"arn:aws:iam::111122223333:user/%s","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"%s"},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"%s","userAgent":"aws-cli/2.15.0","eventID":"%s-%s-%s","recipientAccountId":"111122223333"%s}`,
		strings.ToUpper(name), name, name, t, source, event, ip, name, event, t, extra)
}

func instanceRec(instance, ip, t, event string) string {
	return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:%[1]s","arn":"arn:aws:sts::111122223333:assumed-role/web-role/%[1]s","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/web-role","accountId":"111122223333","userName":"web-role"},"attributes":{"creationDate":"2024-03-01T09:00:00Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"%[3]s","eventSource":"s3.amazonaws.com","eventName":"%[4]s","awsRegion":"us-east-1","sourceIPAddress":"%[2]s","userAgent":"aws-sdk-go-v2","eventID":"%[1]s-%[4]s-%[3]s-%[2]s","recipientAccountId":"111122223333"}`,
		instance, ip, t, event)
}

func huntLines(t *testing.T, opts Options, id string, lines ...string) []*Hit {
	t.Helper()
	var dets []*Detection
	for _, d := range Builtins() {
		if d.ID == id {
			dets = append(dets, d)
		}
	}
	if len(dets) != 1 {
		t.Fatalf("no detection %s", id)
	}
	// Split the events over two sources read by two workers, to exercise
	// merging.
	half := len(lines) / 2
	srcs := []ctlog.Source{
		ctlog.Bytes("a.json", []byte(strings.Join(lines[:half], "\n"))),
		ctlog.Bytes("b.json", []byte(strings.Join(lines[half:], "\n"))),
	}
	return hunt(t, srcs, dets, opts, 2)
}

func TestInstanceCredentialsOutside(t *testing.T) {
	inside := []string{
		instanceRec("i-0abc123def4567890", "10.0.1.15", "2024-03-01T09:05:00Z", "ListBuckets"),
		instanceRec("i-0abc123def4567890", "10.0.1.15", "2024-03-01T09:06:00Z", "GetObject"),
		userRec("alice", "198.51.100.20", "2024-03-01T09:07:00Z", "iam.amazonaws.com", "ListUsers", ""),
	}
	if hits := huntLines(t, Options{}, "ct-ec2-instance-credentials-outside", inside...); len(hits) != 0 {
		t.Errorf("instance calling from its own address: %d hits", len(hits))
	}
	stolen := append(slices.Clone(inside),
		userRec("mallory", "203.0.113.50", "2024-03-01T10:00:00Z", "sts.amazonaws.com", "GetCallerIdentity", ""),
		instanceRec("i-0abc123def4567890", "203.0.113.50", "2024-03-01T10:01:00Z", "ListBuckets"))
	hits := huntLines(t, Options{}, "ct-ec2-instance-credentials-outside", stolen...)
	if len(hits) != 1 || !strings.Contains(hits[0].Reason, "used from 203.0.113.50, where arn:aws:iam::111122223333:user/mallory also made calls") {
		t.Fatalf("stolen credentials: %+v", hits)
	}
	twoPublic := []string{
		instanceRec("i-0abc123def4567890", "54.240.1.10", "2024-03-01T09:05:00Z", "ListBuckets"),
		instanceRec("i-0abc123def4567890", "203.0.113.77", "2024-03-01T09:15:00Z", "ListBuckets"),
	}
	hits = huntLines(t, Options{}, "ct-ec2-instance-credentials-outside", twoPublic...)
	if len(hits) != 1 || !strings.Contains(hits[0].Reason, "used from 2 public addresses") {
		t.Fatalf("two public addresses: %+v", hits)
	}
}

func secretRec(who, t, id string) string {
	return userRec(who, "198.51.100.9", t, "secretsmanager.amazonaws.com", "GetSecretValue", `,"requestParameters":{"secretId":"`+id+`"}`)
}

func TestBursts(t *testing.T) {
	var lines []string
	base := time.Date(2024, 3, 1, 12, 3, 0, 0, time.UTC)
	for i := range 12 {
		lines = append(lines, secretRec("bob", base.Add(time.Duration(i)*10*time.Second).Format(time.RFC3339), fmt.Sprintf("prod/db-%d", i)))
	}
	hits := huntLines(t, Options{}, "ct-secret-retrieval-burst", lines...)
	if len(hits) != 1 || hits[0].Count != 12 || !strings.Contains(hits[0].Reason, "12 distinct secrets") {
		t.Fatalf("secret burst: %+v", hits)
	}
	// Windows close as their principal moves on, so 5000 later reads by
	// frank leave few open; bob's burst is still reported.
	late := slices.Clone(lines)
	for i := range 5000 {
		late = append(late, secretRec("frank", base.Add(6*time.Hour+time.Duration(i)*time.Minute).Format(time.RFC3339), "same"))
	}
	tr := newBurst(burstSecrets)
	for _, l := range late {
		ctlog.Read(strings.NewReader(l), "x", func(e *ctlog.Event) error { tr.observe(e); return nil })
	}
	if len(tr.sets) > 500 { // 2000 windows without expiry
		t.Errorf("after 5000 later events: %d open windows", len(tr.sets))
	}
	if hits := tr.finish(&Detection{ID: "x"}, &Options{}); len(hits) != 1 || !strings.HasSuffix(hits[0].Principal, "user/bob") {
		t.Errorf("closed burst lost: %+v", hits)
	}
	// The same secret read again and again is not a burst, nor are reads
	// spread over hours.
	var calm []string
	for i := range 12 {
		calm = append(calm, secretRec("bob", base.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), "prod/db"))
		calm = append(calm, secretRec("carol", base.Add(time.Duration(i)*time.Hour).Format(time.RFC3339), fmt.Sprintf("s-%d", i)))
	}
	if hits := huntLines(t, Options{}, "ct-secret-retrieval-burst", calm...); len(hits) != 0 {
		t.Errorf("calm reads: %+v", hits)
	}
	// Decrypted SSM parameters count; undecrypted ones do not.
	ssm := []string{
		userRec("dan", "198.51.100.9", "2024-03-01T12:00:00Z", "ssm.amazonaws.com", "GetParameters", `,"requestParameters":{"names":["/a","/b","/c","/d","/e","/f"],"withDecryption":true}`),
		userRec("dan", "198.51.100.9", "2024-03-01T12:00:05Z", "ssm.amazonaws.com", "GetParameters", `,"requestParameters":{"names":["/g","/h","/i","/j"],"withDecryption":true}`),
		userRec("erin", "198.51.100.9", "2024-03-01T12:00:05Z", "ssm.amazonaws.com", "GetParameters", `,"requestParameters":{"names":["/a","/b","/c","/d","/e","/f","/g","/h","/i","/j"],"withDecryption":false}`),
	}
	hits = huntLines(t, Options{}, "ct-secret-retrieval-burst", ssm...)
	if len(hits) != 1 || !strings.HasSuffix(hits[0].Principal, "user/dan") {
		t.Fatalf("ssm burst: %+v", hits)
	}

	// Enumeration: many distinct denied Describe/List calls.
	var enum []string
	for i := range 11 {
		enum = append(enum, userRec("eve", "203.0.113.5", base.Add(time.Duration(i)*time.Second).Format(time.RFC3339),
			"ec2.amazonaws.com", fmt.Sprintf("DescribeThing%d", i), `,"errorCode":"Client.UnauthorizedOperation"`))
	}
	hits = huntLines(t, Options{}, "ct-enumeration-burst", enum...)
	if len(hits) != 1 || !strings.Contains(hits[0].Reason, "11 distinct List/Describe/Get APIs denied") {
		t.Fatalf("enumeration: %+v", hits)
	}

	// Brute force: failed console sign-ins (signin event shape from the
	// CloudTrail user guide's ConsoleLogin examples).
	var brute []string
	for i := range 6 {
		brute = append(brute, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","accountId":"111122223333","accessKeyId":"","userName":"admin"},"eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventID":"fail-%d","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`,
			base.Add(time.Duration(i)*20*time.Second).Format(time.RFC3339), i))
	}
	hits = huntLines(t, Options{}, "ct-console-brute-force", brute...)
	if len(hits) != 1 || !strings.Contains(hits[0].Reason, "6 failed console sign-ins within 10m0s for admin") {
		t.Fatalf("brute force: %+v", hits)
	}
}

func TestTrustPolicies(t *testing.T) {
	own := `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}`
	other := `{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"444455556666\",\"arn:aws:iam::111122223333:role/x\"]},\"Action\":\"sts:AssumeRole\"}}`
	lines := []string{
		userRec("admin", "198.51.100.1", "2024-03-01T12:00:00Z", "iam.amazonaws.com", "CreateRole", `,"requestParameters":{"roleName":"ok","assumeRolePolicyDocument":"`+own+`"}`),
		userRec("admin", "198.51.100.1", "2024-03-01T12:01:00Z", "iam.amazonaws.com", "UpdateAssumeRolePolicy", `,"requestParameters":{"roleName":"ops","policyDocument":"`+other+`"}`),
	}
	hits := huntLines(t, Options{}, "ct-iam-trust-policy-external-principal", lines...)
	if len(hits) != 1 || hits[0].Reason != "UpdateAssumeRolePolicy on role ops trusts 444455556666" {
		t.Fatalf("trust: %+v", hits)
	}
	// S3 logs the bucket policy as an object.
	bucket := userRec("admin", "198.51.100.1", "2024-03-01T12:02:00Z", "s3.amazonaws.com", "PutBucketPolicy",
		`,"requestParameters":{"bucketName":"logs","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}]}}`)
	hits = huntLines(t, Options{}, "ct-s3-bucket-policy-external-principal", bucket, lines[0])
	if len(hits) != 1 || hits[0].Reason != "PutBucketPolicy on bucket logs grants *" {
		t.Fatalf("bucket: %+v", hits)
	}
}

// geoCSV is in the GeoLite2 City blocks layout, with documentation
// address ranges placed in Sydney and London.
const geoCSV = `network,geoname_id,registered_country_geoname_id,represented_country_geoname_id,is_anonymous_proxy,is_satellite_provider,postal_code,latitude,longitude,accuracy_radius
198.51.100.0/24,2147714,2077456,,0,0,2000,-33.8688,151.2093,50
203.0.113.0/24,2643743,2635167,,0,0,EC1A,51.5072,-0.1276,50
192.0.2.0/24,2643743,2635167,,0,0,,51.5,-0.12,50
100.64.0.0/10,,,,1,0,,,,
`

func TestImpossibleTravel(t *testing.T) {
	geo, err := ReadGeoCSV("geo.csv", strings.NewReader(geoCSV))
	if err != nil {
		t.Fatal(err)
	}
	if lat, _, ok := geo.Locate("203.0.113.200"); !ok || lat != 51.5072 {
		t.Errorf("Locate = %v %v", lat, ok)
	}
	if _, _, ok := geo.Locate("100.64.0.1"); ok {
		t.Error("a network without a location was located")
	}
	lines := []string{
		userRec("alice", "198.51.100.7", "2024-03-01T12:00:00Z", "s3.amazonaws.com", "ListBuckets", ""),
		userRec("alice", "203.0.113.8", "2024-03-01T13:00:00Z", "s3.amazonaws.com", "ListBuckets", ""),
		// London to London in minutes is fine.
		userRec("bob", "203.0.113.8", "2024-03-01T12:00:00Z", "s3.amazonaws.com", "ListBuckets", ""),
		userRec("bob", "192.0.2.1", "2024-03-01T12:05:00Z", "s3.amazonaws.com", "ListBuckets", ""),
		// Sydney, then London a day later, is possible.
		userRec("carol", "198.51.100.7", "2024-03-01T00:00:00Z", "s3.amazonaws.com", "ListBuckets", ""),
		userRec("carol", "203.0.113.8", "2024-03-02T02:00:00Z", "s3.amazonaws.com", "ListBuckets", ""),
	}
	hits := huntLines(t, Options{Geo: geo}, "ct-impossible-travel", lines...)
	if len(hits) != 1 || !strings.HasSuffix(hits[0].Principal, "user/alice") || !strings.Contains(hits[0].Reason, "km apart, 1h0m0s apart") {
		t.Fatalf("travel: %+v", hits)
	}
	if hits := huntLines(t, Options{}, "ct-impossible-travel", lines...); len(hits) != 0 {
		t.Errorf("without a geo database: %+v", hits)
	}
	for _, bad := range []string{"net,lat\n", "network,latitude,longitude\nnot-a-net,1,2\n", "network,latitude,longitude\n10.0.0.0/8,100,2\n"} {
		if _, err := ReadGeoCSV("bad.csv", strings.NewReader(bad)); err == nil || !strings.HasPrefix(err.Error(), "bad.csv:") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestOutputs(t *testing.T) {
	hits := huntLines(t, Options{}, "ct-iam-trust-policy-external-principal",
		userRec("admin", "198.51.100.1", "2024-03-01T12:01:00Z", "iam.amazonaws.com", "UpdateAssumeRolePolicy",
			`,"requestParameters":{"roleName":"ops","policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"444455556666\"}}]}"}`))
	f := hits[0].Finding()
	if f.CheckID != "ct-iam-trust-policy-external-principal" || f.Account != "111122223333" || f.ResourceID != "arn:aws:iam::111122223333:user/admin" ||
		len(f.Evidence) != 1 || !strings.Contains(f.Evidence[0].Value, "iam:UpdateAssumeRolePolicy from 198.51.100.1") || f.Compliance[MITRE][0] != "T1098.003" {
		t.Errorf("finding: %+v", f)
	}
	var b bytes.Buffer
	if err := OCSF(&b, hits, "awssec", "test", time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"class_uid":2004`, `"type_uid":200401`, `"category_uid":2`, `"severity_id":4`, `"uid":"T1098.003"`,
		`"operation":"UpdateAssumeRolePolicy"`, `"ip":"198.51.100.1"`, `"account":{"uid":"111122223333"}`, `"time":1709337600000`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("OCSF lacks %s:\n%s", want, b.String())
		}
	}
}

func TestIsInstanceID(t *testing.T) {
	for s, want := range map[string]bool{
		"i-0123456789abcdef0": true, "i-12345678": true, "I-0ABCDEF12": true,
		"i-1234567": false, "i-0123456789abcdef01": false, "i-0123456g": false,
		"j-12345678": false, "i_12345678": false, "": false, "session-1": false,
	} {
		if got := isInstanceID(s); got != want {
			t.Errorf("isInstanceID(%q) = %v, want %v", s, got, want)
		}
	}
}
