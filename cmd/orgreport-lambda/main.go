// Command orgreport-lambda is the AWS Lambda function of awssec org-report:
// on each scheduled invocation it reads the AWS Config aggregators of its
// account, and e-mails the non-compliant organization rules and resources
// through SES. Its settings come from the environment (ORG_REPORT_FROM,
// ORG_REPORT_TO, ...; see deploy/org-report). Build it for the
// provided.al2023 runtime:
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap ./cmd/orgreport-lambda
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/awssec/awssec/orgreport"
)

func main() {
	lambda.Start(handle)
}

// handle runs one report. The event (an EventBridge Scheduler payload) is
// not read: everything the run needs is in the function's settings.
func handle(ctx context.Context, _ json.RawMessage) (orgreport.Outcome, error) {
	s, err := orgreport.SettingsFromEnv(os.Getenv)
	if err != nil {
		return orgreport.Outcome{}, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return orgreport.Outcome{}, err
	}
	return orgreport.RunScheduled(ctx, cfg, s, nil, time.Now)
}
