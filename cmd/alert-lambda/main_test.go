package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/awssec/awssec/alert/notify/slacktest"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/lambdatest"
)

// TestMain runs the function itself when the test binary is started as
// the Lambda runtime's child process.
func TestMain(m *testing.M) {
	if os.Getenv("ALERT_LAMBDA_TEST_CHILD") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestLambda drives the real lambda.Start loop through the Runtime API
// double: a GuardDuty finding arrives through SNS, goes to the Slack
// double, and its notification log lands in the DynamoDB double, so the
// same event again sends nothing.
func TestLambda(t *testing.T) {
	slack := slacktest.New(t)
	srv := awstest.New(t)
	table := srv.ServeTable("awssec-alert")
	cfg := fmt.Sprintf("route:\n  receiver: s\n  group_by: [account, type]\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", slack.URL+"/hook")
	srv.PutObject("acme-config", "alert/alerts.yaml", []byte(cfg), nil)
	rt := startFunction(t, srv, "ALERT_CONFIG_S3=s3://acme-config/alert/alerts.yaml")
	snsEvent := snsGuardDuty(t)
	for run := 1; run <= 2; run++ {
		res, err := rt.Invoke(awstest.Context(t), snsEvent)
		if err != nil {
			t.Fatal(err)
		}
		if res.Err != nil {
			t.Fatalf("invocation %d failed: %v", run, res.Err)
		}
		var out Outcome
		json.Unmarshal(res.Response, &out)
		want := Outcome{Alerts: 1, Notifications: 1}
		if run == 2 {
			want.Notifications = 0
		}
		if out != want {
			t.Errorf("invocation %d: %+v, want %+v", run, out, want)
		}
	}
	texts := slack.Texts()
	if len(texts) != 1 || !strings.Contains(texts[0], "EC2 instance i-99999999 is querying") {
		t.Errorf("slack got %q", texts)
	}
	if table.Len() != 1 {
		t.Errorf("%d items in the table, want the one log entry", table.Len())
	}
	// A malformed event fails the invocation, so that Lambda retries it
	// or sends it to its dead-letter queue: never dropped.
	res, err := rt.Invoke(awstest.Context(t), []byte(`{"Records": [{"body": "{\"detail-type\": 7}"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || !strings.Contains(res.Err.Message, "event: Records[0]") {
		t.Errorf("bad event: %+v", res.Err)
	}
}

// startFunction starts the test binary as the function, in its own process
// (the function loads its configuration once per execution environment),
// talking to the AWS double srv, and returns the Runtime API double that
// invokes it.
func startFunction(t *testing.T, srv *awstest.Server, env ...string) *lambdatest.Runtime {
	t.Helper()
	rt := lambdatest.New(t)
	key, secret := srv.Credentials("111122223333")
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append([]string{
		"ALERT_LAMBDA_TEST_CHILD=1",
		"HOME=" + home,
		"AWS_LAMBDA_RUNTIME_API=" + rt.Addr,
		"AWS_LAMBDA_FUNCTION_NAME=awssec-alert",
		"AWS_ACCESS_KEY_ID=" + key,
		"AWS_SECRET_ACCESS_KEY=" + secret,
		"AWS_REGION=us-east-1",
		"AWS_ENDPOINT_URL=" + srv.URL,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "none"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "none"),
		"ALERT_TABLE=awssec-alert",
	}, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("function stderr:\n%s", stderr.String())
		}
	})
	return rt
}

// snsGuardDuty is an SNS delivery of the high-severity GuardDuty finding.
func snsGuardDuty(t *testing.T) []byte {
	t.Helper()
	gd, err := os.ReadFile("../../internal/cli/alertcmd/testdata/guardduty_high.json")
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{"EventSource": "aws:sns", "Sns": map[string]any{
		"Type": "Notification", "TopicArn": "arn:aws:sns:us-east-1:111122223333:security-events", "Message": string(gd)}}}})
	return ev
}

// TestLambdaConfigFromSSM reads the routing configuration from a
// SecureString parameter: the function must ask for decryption, or the
// value it gets is ciphertext and the configuration does not parse.
func TestLambdaConfigFromSSM(t *testing.T) {
	slack := slacktest.New(t)
	srv := awstest.New(t)
	srv.ServeTable("awssec-alert")
	cfg := fmt.Sprintf("route:\n  receiver: s\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", slack.URL+"/hook")
	srv.ServeParameter("/awssec/alert/config", cfg)
	rt := startFunction(t, srv, "ALERT_CONFIG_SSM=/awssec/alert/config")
	res, err := rt.Invoke(awstest.Context(t), snsGuardDuty(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil {
		t.Fatalf("invocation failed: %v", res.Err)
	}
	var out Outcome
	json.Unmarshal(res.Response, &out)
	if want := (Outcome{Alerts: 1, Notifications: 1}); out != want {
		t.Errorf("outcome %+v, want %+v", out, want)
	}
	texts := slack.Texts()
	if len(texts) != 1 || !strings.Contains(texts[0], "EC2 instance i-99999999 is querying") {
		t.Errorf("slack got %q", texts)
	}
	var gets int
	for _, c := range srv.Calls() {
		if c.Op == "GetParameter" {
			gets++
		}
	}
	if gets != 1 {
		t.Errorf("%d GetParameter calls, want 1 per execution environment", gets)
	}
}

// TestLambdaConfigSSMMissing: a parameter that does not exist fails every
// invocation with an error that names it, rather than routing nowhere.
func TestLambdaConfigSSMMissing(t *testing.T) {
	srv := awstest.New(t)
	srv.ServeTable("awssec-alert")
	srv.ServeParameter("/awssec/other", "route: {receiver: x}\n")
	rt := startFunction(t, srv, "ALERT_CONFIG_SSM=/awssec/alert/config")
	res, err := rt.Invoke(awstest.Context(t), snsGuardDuty(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || !strings.Contains(res.Err.Message, "ALERT_CONFIG_SSM /awssec/alert/config") || !strings.Contains(res.Err.Message, "ParameterNotFound") {
		t.Errorf("missing parameter: %+v", res.Err)
	}
}

// TestLambdaDigest: with digest: {receiver: …}, the first invocation of a
// day delivers yesterday's suppressed counts to the receiver, and the
// notification log in DynamoDB keeps the next invocation from sending it
// again.
func TestLambdaDigest(t *testing.T) {
	slack := slacktest.New(t)
	srv := awstest.New(t)
	srv.ServeTable("awssec-alert")
	st := &store.Dynamo{Client: dynamodb.NewFromConfig(srv.Config(t, "111122223333")), Table: "awssec-alert"}
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	if err := st.AddSuppressed(awstest.Context(t), yesterday, "silence 0123456789abcdef", 7); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("route: {receiver: s}\nreceivers: [{name: s, slack: {webhook_url: %q}}]\ndigest: {receiver: s}\n", slack.URL+"/hook")
	srv.ServeStringParameter("/awssec/alert/config", cfg)
	rt := startFunction(t, srv, "ALERT_CONFIG_SSM=/awssec/alert/config")
	for run := 1; run <= 2; run++ {
		res, err := rt.Invoke(awstest.Context(t), snsGuardDuty(t))
		if err != nil {
			t.Fatal(err)
		}
		if res.Err != nil {
			t.Fatalf("invocation %d failed: %v", run, res.Err)
		}
		var out Outcome
		json.Unmarshal(res.Response, &out)
		want := Outcome{Alerts: 1, Notifications: 1, Digest: "sent to s/slack"}
		if run == 2 {
			want = Outcome{Alerts: 1}
		}
		if out != want {
			t.Errorf("invocation %d: %+v, want %+v", run, out, want)
		}
	}
	texts := slack.Texts()
	var digests []string
	for _, m := range texts {
		if strings.Contains(m, "digest=") {
			digests = append(digests, m)
		}
	}
	if len(digests) != 1 || !strings.Contains(digests[0], yesterday+": 7 alerts suppressed by silence 0123456789abcdef") {
		t.Errorf("digests sent: %q (all: %q)", digests, texts)
	}
}
