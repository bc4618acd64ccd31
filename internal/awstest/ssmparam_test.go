package awstest_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/awssec/awssec/internal/awstest"
)

// TestServeParameter reads parameters through the real SSM client: a
// SecureString is clear text only WithDecryption, and a missing name is
// the SDK's typed ParameterNotFound.
func TestServeParameter(t *testing.T) {
	s := awstest.New(t)
	s.ServeParameter("/app/secret", "s3cr3t")
	s.ServeStringParameter("/app/plain", "hello")
	c := ssm.NewFromConfig(s.Config(t, "111122223333"))
	ctx := awstest.Context(t)
	get := func(name string, decrypt bool) (*ssmtypes.Parameter, error) {
		out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(decrypt)})
		if err != nil {
			return nil, err
		}
		return out.Parameter, nil
	}
	p, err := get("/app/secret", true)
	if err != nil || aws.ToString(p.Value) != "s3cr3t" || p.Type != ssmtypes.ParameterTypeSecureString ||
		aws.ToString(p.ARN) != "arn:aws:ssm:us-east-1:111122223333:parameter/app/secret" {
		t.Fatalf("decrypted: %+v %v", p, err)
	}
	if p, err = get("/app/secret", false); err != nil || aws.ToString(p.Value) == "s3cr3t" {
		t.Errorf("without decryption: %+v %v", p, err)
	}
	if p, err = get("/app/plain", false); err != nil || aws.ToString(p.Value) != "hello" || p.Type != ssmtypes.ParameterTypeString {
		t.Errorf("string: %+v %v", p, err)
	}
	var nf *ssmtypes.ParameterNotFound
	if _, err = get("/app/none", true); !errors.As(err, &nf) {
		t.Errorf("missing: %v", err)
	}
}
