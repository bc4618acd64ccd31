package notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/router"
)

// SNSPublisher is the part of the SNS client the SNS integration uses.
type SNSPublisher interface {
	Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS publishes a notification's text to a topic.
type SNS struct {
	cfg    *config.SNS
	client SNSPublisher
}

// Send publishes one notification.
func (s *SNS) Send(ctx context.Context, n *router.Notification) error {
	_, err := s.client.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(s.cfg.TopicARN),
		Subject:  aws.String(subject(Summary(n))),
		Message:  aws.String(Text(n)),
	})
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if ae.ErrorFault() == smithy.FaultServer || ae.ErrorCode() == "Throttling" || ae.ErrorCode() == "ThrottlingException" {
			return &retryable{err: fmt.Errorf("sns: %s", ae.ErrorCode())}
		}
		return fmt.Errorf("sns: %s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	return &retryable{err: fmt.Errorf("sns: %s", netReason(err))}
}

// subject fits SNS's e-mail subject rules: under 100 characters, one line,
// ASCII.
func subject(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r >= 0x20 && r < 0x7f {
			b = append(b, byte(r))
		}
	}
	if len(b) > 99 {
		b = append(b[:96], "..."...)
	}
	return string(b)
}
