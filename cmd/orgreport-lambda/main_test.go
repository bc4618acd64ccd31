package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/lambdatest"
	"github.com/awssec/awssec/internal/mail/mailtest"
	"github.com/awssec/awssec/orgreport"
)

// TestMain runs the function itself when the test binary is started as
// the Lambda runtime's child process.
func TestMain(m *testing.M) {
	if os.Getenv("ORGREPORT_LAMBDA_TEST_CHILD") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestLambda drives the real lambda.Start loop through the Runtime API
// double: the function collects from the AWS double as the management
// account and sends through its SES; a partial report is sent and then
// fails the invocation.
func TestLambda(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	rt := lambdatest.New(t)
	key, secret := srv.Credentials(demo.ManagementAccount)
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{
		"ORGREPORT_LAMBDA_TEST_CHILD=1",
		"HOME=" + home,
		"AWS_LAMBDA_RUNTIME_API=" + rt.Addr,
		"AWS_LAMBDA_FUNCTION_NAME=awssec-org-report",
		"AWS_ACCESS_KEY_ID=" + key,
		"AWS_SECRET_ACCESS_KEY=" + secret,
		"AWS_REGION=us-east-1",
		"AWS_ENDPOINT_URL=" + srv.URL,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + home + "/none",
		"AWS_SHARED_CREDENTIALS_FILE=" + home + "/none",
		"ORG_REPORT_FROM=config-report@example.com",
		"ORG_REPORT_TO=secops@example.com, cloud@example.com",
		"ORG_REPORT_AGGREGATORS=AggregatorTest",
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

	res, err := rt.Invoke(awstest.Context(t), []byte(`{"version":"0","source":"aws.scheduler","detail-type":"Scheduled Event","detail":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil {
		t.Fatalf("invocation failed: %v", res.Err)
	}
	var out orgreport.Outcome
	if err := json.Unmarshal(res.Response, &out); err != nil {
		t.Fatalf("response %s: %v", res.Response, err)
	}
	sent := srv.SES().Sent()
	if len(sent) != 1 || len(out.MessageIDs) != 1 || out.MessageIDs[0] != sent[0].ID {
		t.Fatalf("outcome %+v, SES got %d messages", out, len(sent))
	}
	if out.Aggregators != 1 || out.NonCompliantRules != 3 || out.NonCompliantResources != 3 || out.NotAssessed != 0 {
		t.Errorf("outcome %+v", out)
	}
	p, err := mailtest.Parse(sent[0].Raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Attachments) != 1 || !strings.Contains(p.HTML, "Aggregator name = AggregatorTest") || sent[0].To[1] != "cloud@example.com" {
		t.Errorf("message: to %v, attachments %d", sent[0].To, len(p.Attachments))
	}

	// The same process serves the next invocation: one aggregator's
	// compliance is denied; the report still goes out, and the
	// invocation fails so the alarm and the dead-letter queue see it.
	srv.Inject(awstest.Fault{Service: "config", Op: "DescribeAggregateComplianceByConfigRules", Err: awstest.AccessDenied(awstest.JSON)})
	res, err = rt.Invoke(awstest.Context(t), []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || !strings.Contains(res.Err.Message, "parts of the report could not be assessed (1): AggregatorTest config:DescribeAggregateComplianceByConfigRules: AccessDeniedException") {
		t.Errorf("second invocation: %+v", res)
	}
	if n := len(srv.SES().Sent()); n != 2 {
		t.Errorf("SES got %d messages, want the partial report too", n)
	}
}

// TestSettingsErrors: a function without its settings fails each
// invocation with a message naming the variable.
func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"ORG_REPORT_TO": "secops@example.com"}, "ORG_REPORT_FROM / ORG_REPORT_TO / ORG_REPORT_CC: no sender: set --from"},
		{map[string]string{"ORG_REPORT_FROM": "a@example.com", "ORG_REPORT_TO": "x", "ORG_REPORT_ALL_RULES": "yes please"}, `ORG_REPORT_ALL_RULES="yes please": want true or false`},
		{map[string]string{"ORG_REPORT_FROM": "a@example.com", "ORG_REPORT_TO": "b@example.com", "ORG_REPORT_MAX_CONCURRENCY": "0"}, "ORG_REPORT_MAX_CONCURRENCY"},
	} {
		_, err := orgreport.SettingsFromEnv(func(k string) string { return tc.env[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.env, err, tc.want)
		}
	}
}
