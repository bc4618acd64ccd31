package cmdutil

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// LoadAWSConfig is the real AWSConfig loader: the SDK's default chain
// (environment, shared config and credentials files, SSO, web identity,
// container and instance roles), a profile when given, and one endpoint for
// every client when given. It fails with a usage error when no credentials
// are found, naming what was tried.
func LoadAWSConfig(ctx context.Context, profile, endpointURL string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if endpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(endpointURL))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, &UsageError{Err: fmt.Errorf("AWS configuration: %w", err)}
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return cfg, Usagef("no AWS credentials found: tried the environment (AWS_ACCESS_KEY_ID), the shared config and " +
			"credentials files (AWS_PROFILE / --profile), SSO, web identity, and the container and instance roles; " +
			"set AWS_PROFILE or --profile (after `aws sso login` for SSO profiles), or scan offline with --demo or --inventory")
	}
	return cfg, nil
}
