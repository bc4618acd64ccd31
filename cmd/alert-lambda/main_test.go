package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

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
	var mu sync.Mutex
	var texts []string
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Text string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &m)
		mu.Lock()
		texts = append(texts, m.Text)
		mu.Unlock()
	}))
	defer slack.Close()
	srv := awstest.New(t)
	table := srv.ServeTable("awssec-alert")
	cfg := fmt.Sprintf("route:\n  receiver: s\n  group_by: [account, type]\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", slack.URL+"/hook")
	srv.PutObject("acme-config", "alert/alerts.yaml", []byte(cfg), nil)
	rt := lambdatest.New(t)
	key, secret := srv.Credentials("111122223333")
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{
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
		"ALERT_CONFIG_S3=s3://acme-config/alert/alerts.yaml",
	}
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
	gd, err := os.ReadFile("../../internal/cli/alertcmd/testdata/guardduty_high.json")
	if err != nil {
		t.Fatal(err)
	}
	snsEvent, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{"EventSource": "aws:sns", "Sns": map[string]any{
		"Type": "Notification", "TopicArn": "arn:aws:sns:us-east-1:111122223333:security-events", "Message": string(gd)}}}})
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
	mu.Lock()
	defer mu.Unlock()
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
