package alertcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/alert/notify/slacktest"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestConsumeSQS runs the consumer against the SQS double through the
// real SDK client: events arrive directly and wrapped by SNS, a bad
// message stays on the queue, and the finding reaches the Slack double.
func TestConsumeSQS(t *testing.T) {
	slack := slacktest.New(t)
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
	var early atomic.Bool
	go func() {
		// Stop once both good messages are taken and delivered. Each
		// message is its own group: one deleted before its notification
		// was delivered would be lost to a crash.
		for {
			deleted := q.Deleted()
			n := len(slack.Texts())
			if deleted > n {
				early.Store(true)
			}
			if deleted >= 2 && n >= 2 {
				break
			}
			time.Sleep(10 * time.Millisecond)
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
	if early.Load() {
		t.Error("a message was deleted before its notification was delivered")
	}
	texts := slack.Texts()
	all := strings.Join(texts, "\n")
	if len(texts) != 2 || !strings.Contains(all, "EC2 instance i-99999999 is querying") || !strings.Contains(all, "orders-prod-5xx is ALARM") {
		t.Errorf("slack got %q", texts)
	}
	if !strings.Contains(errOut.String(), "malformed JSON") || !strings.Contains(errOut.String(), "left on the queue") {
		t.Errorf("stderr %s", errOut)
	}
}

// TestConsumeDigest: a consumer whose configuration names a digest
// receiver sends yesterday's digest when it starts; a restart the same day
// does not send it again.
func TestConsumeDigest(t *testing.T) {
	slack := slacktest.New(t)
	srv := awstest.New(t)
	q := srv.ServeQueue("https://sqs.us-east-1.amazonaws.com/111122223333/security-events")
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "alerts.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("route: {receiver: s}\nreceivers: [{name: s, slack: {webhook_url: %q}}]\ndigest: {receiver: s}\n", slack.URL+"/hook")), 0o600)
	awsCfg := srv.Config(t, "111122223333")
	now := time.Date(2026, 11, 25, 0, 5, 0, 0, time.UTC)
	for run := 1; run <= 2; run++ {
		ios, _, _, errOut := iostreams.Test()
		f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return now }, ReadFile: os.ReadFile,
			AWSConfig: func(context.Context, string, string) (aws.Config, error) { return awsCfg, nil }}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		go func() {
			// The first run stops once the digest arrived; the second
			// gives the consumer the same time to (wrongly) send it.
			for ctx.Err() == nil {
				n := len(slack.Texts())
				if n >= 1 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			cancel()
		}()
		err := consumeRun(&ConsumeOptions{Factory: f, QueueURL: q.URL, Wait: time.Second, Tick: 100 * time.Millisecond, Context: ctx,
			State: stateFlags{Config: cfgPath, State: filepath.Join(dir, "s.db"), Attempts: 1}})
		cancel()
		if err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, errOut)
		}
		sent := strings.Contains(errOut.String(), "alert consume: digest sent to s/slack")
		if sent != (run == 1) {
			t.Errorf("run %d: stderr %s", run, errOut)
		}
	}
	texts := slack.Texts()
	if len(texts) != 1 || !strings.Contains(texts[0], "No alerts suppressed since 2026-11-24 (digest=2026-11-24)") {
		t.Errorf("slack got %q", texts)
	}
}
