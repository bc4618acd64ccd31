package mail

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// SES sends through the Amazon SES API v2 (SendEmail with raw content, so
// the message keeps its alternatives and attachments).
type SES struct {
	client *sesv2.Client
	// ConfigurationSet, when set, is the SES configuration set to use.
	ConfigurationSet string
}

// NewSES returns an SES transport for the region and credentials of cfg.
// Throttling (TooManyRequestsException) is retried with exponential
// backoff, up to eight attempts; optFns may change the client's options.
func NewSES(cfg aws.Config, optFns ...func(*sesv2.Options)) *SES {
	opts := append([]func(*sesv2.Options){func(o *sesv2.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 8
			so.MaxBackoff = 20 * time.Second
		})
	}}, optFns...)
	return &SES{client: sesv2.NewFromConfig(cfg, opts...)}
}

// Name is "SES".
func (s *SES) Name() string { return "SES" }

// Send sends one message.
func (s *SES) Send(ctx context.Context, o *Outgoing) (string, error) {
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(o.From),
		Destination:      &types.Destination{ToAddresses: o.To, CcAddresses: o.Cc},
		Content:          &types.EmailContent{Raw: &types.RawMessage{Data: o.Raw}},
	}
	if s.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(s.ConfigurationSet)
	}
	out, err := s.client.SendEmail(ctx, in)
	if err != nil {
		return "", classifySES(err)
	}
	return aws.ToString(out.MessageId), nil
}
