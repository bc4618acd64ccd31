package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// lambdaFn is a well-configured function that tests then spoil.
func lambdaFn(id string, spoil func(*inventory.LambdaFunction)) *inventory.LambdaFunction {
	f := &inventory.LambdaFunction{
		Meta: meta(id), Runtime: "python3.13", PackageType: "Zip", Handler: "app.handler",
		Role:         "arn:aws:iam::123456789012:role/" + id,
		Environment:  &[]inventory.LambdaEnvVar{{Name: "TABLE_NAME"}, {Name: "DB_SECRET_ARN", Kind: "reference"}},
		FunctionURLs: &[]inventory.LambdaFunctionURL{},
		Policy:       inventory.Ptr(""),
	}
	if spoil != nil {
		spoil(f)
	}
	return f
}

func lambdaFns(fs ...*inventory.LambdaFunction) func(*inventory.Account, *inventory.Region) {
	return func(_ *inventory.Account, r *inventory.Region) { r.Resources.LambdaFunctions = fs }
}

func TestLambdaRuntimeDeprecated(t *testing.T) {
	rt := func(v string) func(*inventory.LambdaFunction) {
		return func(f *inventory.LambdaFunction) { f.Runtime = v }
	}
	// testNow is 2026-11-01.
	runCases(t, lambdaRuntimeDeprecated, []checkCase{{
		name: "deprecated runtimes fail, current ones pass",
		fill: lambdaFns(
			lambdaFn("py38", rt("python3.8")),
			lambdaFn("go1", rt("go1.x")),
			lambdaFn("java8", rt("java8")),
			lambdaFn("node20", rt("nodejs20.x")),
			lambdaFn("dotnet8", rt("dotnet8")), // 2026-11-10: nine days left
			lambdaFn("py313", nil),
			lambdaFn("image", func(f *inventory.LambdaFunction) { f.Runtime = ""; f.PackageType = "Image" }),
			lambdaFn("future", rt("python4.0")),
			lambdaFn("unread", func(f *inventory.LambdaFunction) { f.Runtime = ""; f.PackageType = "" }),
		),
		want: map[string]finding.Status{"py38": finding.Fail, "go1": finding.Fail, "java8": finding.Fail, "node20": finding.Fail,
			"dotnet8": finding.Pass, "py313": finding.Pass, "future": finding.Error, "unread": finding.Error},
		contains: map[string]string{"py38": "2024-10-14 (748 days", "dotnet8": "8 days left", "py313": "2029-06-30"},
	}})
	for rt, d := range lambdaDeprecation {
		if d.Hour() != 0 || d.Location() != time.UTC {
			t.Errorf("%s: deprecation date %v is not a UTC date", rt, d)
		}
	}
}

func TestLambdaEnvSecrets(t *testing.T) {
	env := func(vs ...inventory.LambdaEnvVar) func(*inventory.LambdaFunction) {
		return func(f *inventory.LambdaFunction) { f.Environment = &vs }
	}
	runCases(t, lambdaEnvSecrets, []checkCase{{
		name: "secret-looking values fail, references pass",
		fill: lambdaFns(
			lambdaFn("keys", env(inventory.LambdaEnvVar{Name: "AWS_ACCESS_KEY_ID", Kind: "aws-access-key-id"},
				inventory.LambdaEnvVar{Name: "AWS_SECRET_ACCESS_KEY", Kind: "aws-secret-access-key"}, inventory.LambdaEnvVar{Name: "STAGE"})),
			lambdaFn("ok", nil),
			lambdaFn("empty", env()),
			lambdaFn("unread", func(f *inventory.LambdaFunction) { f.Environment = nil }),
		),
		want:     map[string]finding.Status{"keys": finding.Fail, "ok": finding.Pass, "empty": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"keys": "AWS_SECRET_ACCESS_KEY (looks like aws-secret-access-key)", "ok": "1 point at a secret store"},
	}})
}

func TestClassifyEnvVar(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "aws-access-key-id"},
		{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-access-key"},
		{"DB_PASSWORD", "hunter2hunter2", "password"},
		{"DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "reference"},
		{"DB_PASSWORD_PARAM", "/prod/db/password", ""},
		{"DATABASE_URL", "postgres://app:s3cr3t@db.internal:5432/orders", "connection-string"},
		{"SLACK_BOT", "xoxb-123456789012-1234567890123-abcdefghij", "token"},
		{"AUTH", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "token"},
		{"SIGNING_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIE", "private-key"},
		{"STRIPE_API_KEY", "abcdefgh12345678", "api-key"},
		{"ENABLE_TOKEN_AUTH", "true", ""},
		{"TABLE_NAME", "orders", ""},
		{"HOME_URL", "https://example.com", ""},
		{"EMPTY_SECRET", "", ""},
	} {
		if got := inventory.ClassifyEnvVar(tc.name, tc.value); got != tc.want {
			t.Errorf("ClassifyEnvVar(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLambdaURLPublic(t *testing.T) {
	urls := func(us ...inventory.LambdaFunctionURL) func(*inventory.LambdaFunction) {
		return func(f *inventory.LambdaFunction) { f.FunctionURLs = &us }
	}
	runCases(t, lambdaURLPublic, []checkCase{{
		name: "auth NONE fails",
		fill: lambdaFns(
			lambdaFn("open", urls(inventory.LambdaFunctionURL{URL: "https://abc.lambda-url.us-east-1.on.aws/", AuthType: "NONE",
				CORS: &inventory.LambdaURLCORS{AllowOrigins: []string{"*"}}})),
			lambdaFn("alias-open", urls(inventory.LambdaFunctionURL{URL: "https://a.lambda-url.us-east-1.on.aws/", AuthType: "AWS_IAM"},
				inventory.LambdaFunctionURL{URL: "https://b.lambda-url.us-east-1.on.aws/", Qualifier: "live", AuthType: "NONE"})),
			lambdaFn("iam", urls(inventory.LambdaFunctionURL{URL: "https://c.lambda-url.us-east-1.on.aws/", AuthType: "AWS_IAM"})),
			lambdaFn("none", nil),
			lambdaFn("unread", func(f *inventory.LambdaFunction) { f.FunctionURLs = nil }),
		),
		want:     map[string]finding.Status{"open": finding.Fail, "alias-open": finding.Fail, "iam": finding.Pass, "none": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"open": "CORS origins *", "alias-open": "alias live"},
	}})
}

func TestLambdaPolicyPublicInvoke(t *testing.T) {
	pol := func(stmts ...string) func(*inventory.LambdaFunction) {
		return func(f *inventory.LambdaFunction) {
			f.Policy = inventory.Ptr(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`)
		}
	}
	const (
		public   = `{"Sid":"AnyoneInvoke","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}`
		urlNone  = `{"Sid":"FunctionURLAllowPublicAccess","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"*","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}`
		s3Bare   = `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}`
		s3Scoped = `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"AWS:SourceAccount":"123456789012"}}}`
		account  = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:InvokeFunction","Resource":"*"}`
		orgAll   = `{"Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}`
	)
	runCases(t, lambdaPolicyPublicInvoke, []checkCase{{
		name: "public and confused-deputy statements fail",
		fill: lambdaFns(
			lambdaFn("public", pol(public)),
			lambdaFn("deputy", pol(s3Bare)),
			lambdaFn("url-only", pol(urlNone)),
			lambdaFn("scoped", pol(s3Scoped, account, orgAll)),
			lambdaFn("none", nil),
			lambdaFn("bad", func(f *inventory.LambdaFunction) { f.Policy = inventory.Ptr("{") }),
			lambdaFn("unread", func(f *inventory.LambdaFunction) { f.Policy = nil }),
		),
		want: map[string]finding.Status{"public": finding.Fail, "deputy": finding.Fail, "url-only": finding.Pass, "scoped": finding.Pass,
			"none": finding.Pass, "bad": finding.Error, "unread": finding.Error},
		contains: map[string]string{"public": `"AnyoneInvoke"`, "deputy": "s3.amazonaws.com", "url-only": "lambda-function-url-public"},
	}})
}
