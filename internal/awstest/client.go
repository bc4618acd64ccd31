package awstest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
)

// Config returns an SDK configuration that signs as account and sends
// every client to the server. Nothing is read from the environment or the
// user's files.
func (s *Server) Config(t TB, account string) aws.Config {
	t.Helper()
	key, secret := s.Credentials(account)
	cfg, err := config.LoadDefaultConfig(Context(t),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, secret, "")),
		config.WithBaseEndpoint(s.URL),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithEC2IMDSClientEnableState(imds.ClientDisabled),
	)
	if err != nil {
		t.Fatalf("awstest: %v", err)
	}
	return cfg
}
