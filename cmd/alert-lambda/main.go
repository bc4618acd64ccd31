// Command alert-lambda is the AWS Lambda function of awssec alert: it
// receives security events from EventBridge directly, or through SNS or
// SQS, and routes them with the same code and configuration as
// `awssec alert send`, keeping the notification log, silences and
// suppressed counts in DynamoDB.
//
// Settings come from the environment: ALERT_TABLE (the DynamoDB table,
// string keys "pk" and "sk"), and the configuration from ALERT_CONFIG_S3
// (s3://bucket/key), ALERT_CONFIG_SSM (a Parameter Store parameter name or
// ARN, String or SecureString, read with decryption so that webhook URLs
// can stay encrypted at rest) or ALERT_CONFIG (a file in the deployment
// package; default alerts.yaml in LAMBDA_TASK_ROOT). An invocation whose
// notifications could not all be delivered fails, so that Lambda retries
// it; the notification log makes the retry send only what is missing.
// With digest: {receiver: NAME} in the configuration, the first
// invocation of each UTC day also sends the previous day's digest of
// suppressed alerts to that receiver.
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
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	alertconfig "github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/digest"
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
	// Digest is set on the invocation that delivered yesterday's digest
	// of suppressed alerts (configuration: digest: {receiver: …}).
	Digest string `json:"digest,omitempty"`
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
	if os.Getenv("ALERT_CONFIG_S3") != "" && os.Getenv("ALERT_CONFIG_SSM") != "" {
		return nil, errors.New("ALERT_CONFIG_S3 and ALERT_CONFIG_SSM are both set: set one")
	}
	if name := os.Getenv("ALERT_CONFIG_SSM"); name != "" {
		out, err := ssm.NewFromConfig(awsCfg).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
		if err != nil {
			return nil, fmt.Errorf("ALERT_CONFIG_SSM %s: %w", name, err)
		}
		if out.Parameter == nil || out.Parameter.Value == nil {
			return nil, fmt.Errorf("ALERT_CONFIG_SSM %s: the parameter has no value", name)
		}
		// Positions in errors name the parameter, never its (secret) value.
		return alertconfig.Parse("ssm:"+name, []byte(*out.Parameter.Value))
	}
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
	// The first invocation of a day sends yesterday's digest. A digest
	// that cannot go out is logged and tried again by the next
	// invocation; it never makes Lambda retry the events.
	results, derr := digest.Daily(ctx, routes, st, now, notify.Options{
		AWSConfig:   func(context.Context) (aws.Config, error) { return awsCfg, nil },
		Logf:        func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) },
		MaxAttempts: 3,
	})
	if derr != nil {
		fmt.Fprintf(os.Stderr, "digest: %v\n", derr)
	}
	for _, res := range results {
		switch {
		case res.Err != nil:
			fmt.Fprintf(os.Stderr, "digest to %s/%s failed; the next invocation tries again\n", routes.DigestReceiver, res.Integration)
		case !res.Skipped:
			out.Digest = "sent to " + routes.DigestReceiver + "/" + res.Integration
		}
	}
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
