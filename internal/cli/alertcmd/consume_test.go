package alertcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestConsumeSQS runs the consumer against the SQS double through the
// real SDK client: events arrive directly and wrapped by SNS, a bad
// message stays on the queue, and the finding reaches the Slack double.
func TestConsumeSQS(t *testing.T) {
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
	q := srv.ServeQueue("https://sqs.us-east-1.amazonaws.com/111122223333/security-events")
	gd, _ := os.ReadFile("testdata/guardduty_high.json")
	alarm, _ := os.ReadFile("testdata/alarm_5xx.json")
	sns, _ := json.Marshal(map[string]string{"Type": "Notification", "MessageId": "m1", "Message": string(alarm)})
	q.Send(string(gd))
	q.Send(string(sns))
	q.Send(`{"version": "0", "detail-type": `)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "alerts.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("route:\n  receiver: s\n  group_by: [type]\n  group_wait: 1s\nreceivers: [{name: s, slack: {webhook_url: %q}}]\n", slack.URL+"/hook")), 0o600)

	ios, _, _, errOut := iostreams.Test()
	awsCfg := srv.Config(t, "111122223333")
	f := &cmdutil.Factory{IOStreams: ios, Now: time.Now, ReadFile: os.ReadFile,
		AWSConfig: func(context.Context, string, string) (aws.Config, error) { return awsCfg, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Stop once both good messages are taken and delivered.
		for {
			mu.Lock()
			n := len(texts)
			mu.Unlock()
			if q.Deleted() >= 2 && n >= 2 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
	}()
	err := consumeRun(&ConsumeOptions{Factory: f, QueueURL: q.URL, Wait: time.Second, Tick: 100 * time.Millisecond, Context: ctx,
		State: stateFlags{Config: cfgPath, State: filepath.Join(dir, "s.db"), Attempts: 1}})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if q.Len() != 1 {
		t.Errorf("%d messages left, want the bad one", q.Len())
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(texts, "\n")
	if len(texts) != 2 || !strings.Contains(all, "EC2 instance i-99999999 is querying") || !strings.Contains(all, "orders-prod-5xx is ALARM") {
		t.Errorf("slack got %q", texts)
	}
	if !strings.Contains(errOut.String(), "malformed JSON") || !strings.Contains(errOut.String(), "left on the queue") {
		t.Errorf("stderr %s", errOut)
	}
}
