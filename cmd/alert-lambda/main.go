// Command alert-lambda is the AWS Lambda function of awssec alert: it
// receives security events from EventBridge directly, or through SNS or
// SQS, and routes them with the same code and configuration as
// `awssec alert send`, keeping the notification log, silences and
// suppressed counts in DynamoDB.
//
// Settings come from the environment: ALERT_TABLE (the DynamoDB table,
// string keys "pk" and "sk"), and the configuration from ALERT_CONFIG_S3
// (s3://bucket/key) or ALERT_CONFIG (a file in the deployment package;
// default alerts.yaml in LAMBDA_TASK_ROOT). An invocation whose
// notifications could not all be delivered fails, so that Lambda retries
// it; the notification log makes the retry send only what is missing.
// Build it for the provided.al2023 runtime:
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap ./cmd/alert-lambda
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	alertconfig "github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/event"
	"github.com/awssec/awssec/alert/notify"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
)

func main() {
	lambda.Start(handle)
}

// Outcome is the function's response.
type Outcome struct {
	Alerts        int `json:"alerts"`
	Notifications int `json:"notifications"`
	Failed        int `json:"failed"`
	Suppressed    int `json:"suppressed"`
}

var (
	loadOnce sync.Once
	awsCfg   aws.Config
	routes   *alertconfig.Config
	loadErr  error
)

// load reads the AWS configuration and the routing configuration once per
// execution environment.
func load(ctx context.Context) error {
	loadOnce.Do(func() {
		awsCfg, loadErr = config.LoadDefaultConfig(ctx)
		if loadErr != nil {
			return
		}
		routes, loadErr = loadRoutes(ctx)
	})
	return loadErr
}

func loadRoutes(ctx context.Context) (*alertconfig.Config, error) {
	if loc := os.Getenv("ALERT_CONFIG_S3"); loc != "" {
		bucket, key, ok := strings.Cut(strings.TrimPrefix(loc, "s3://"), "/")
		if !strings.HasPrefix(loc, "s3://") || !ok || bucket == "" || key == "" {
			return nil, fmt.Errorf("ALERT_CONFIG_S3 %q: want s3://bucket/key", loc)
		}
		out, err := s3.NewFromConfig(awsCfg, func(o *s3.Options) { o.UsePathStyle = true }).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return nil, fmt.Errorf("ALERT_CONFIG_S3 %s: %w", loc, err)
		}
		defer out.Body.Close()
		data, err := io.ReadAll(io.LimitReader(out.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		return alertconfig.Parse(loc, data)
	}
	path := os.Getenv("ALERT_CONFIG")
	if path == "" {
		path = filepath.Join(os.Getenv("LAMBDA_TASK_ROOT"), "alerts.yaml")
	}
	return alertconfig.Load(path)
}

// handle routes the events of one invocation: an EventBridge event, or an
// SNS or SQS batch of them.
func handle(ctx context.Context, raw json.RawMessage) (Outcome, error) {
	if err := load(ctx); err != nil {
		return Outcome{}, err
	}
	table := os.Getenv("ALERT_TABLE")
	if table == "" {
		return Outcome{}, errors.New("ALERT_TABLE is not set")
	}
	alerts, err := event.Normalize(raw)
	if err != nil {
		return Outcome{}, fmt.Errorf("event: %w", err)
	}
	st := &store.Dynamo{Client: dynamodb.NewFromConfig(awsCfg), Table: table}
	r := router.New(routes, st)
	now := time.Now()
	for _, a := range alerts {
		r.Ingest(a, now)
	}
	var mu sync.Mutex
	var doneErr error
	d, err := notify.NewDispatcher(ctx, routes, notify.Options{
		AWSConfig: func(context.Context) (aws.Config, error) { return awsCfg, nil },
		Logf:      func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) },
		// Within a Lambda's time limit: three tries.
		MaxAttempts: 3,
		Done: func(n *router.Notification, err error) {
			if rerr := r.Done(ctx, n, err); rerr != nil {
				mu.Lock()
				doneErr = rerr
				mu.Unlock()
			}
		},
	})
	if err != nil {
		return Outcome{}, err
	}
	ns, ferr := r.Flush(ctx, now, true)
	for _, n := range ns {
		d.Submit(n)
	}
	d.Close()
	s := r.Stats()
	out := Outcome{Alerts: s.Events, Notifications: s.Notifications, Failed: s.Failed, Suppressed: s.Suppressed}
	switch {
	case ferr != nil:
		return out, ferr
	case doneErr != nil:
		return out, fmt.Errorf("notification log: %w", doneErr)
	case s.Failed > 0:
		return out, fmt.Errorf("%d of %d notifications could not be delivered", s.Failed, s.Failed+s.Notifications)
	}
	return out, nil
}
