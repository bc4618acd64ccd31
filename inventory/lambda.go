package inventory

import (
	"regexp"
	"strings"
	"time"
)

// LambdaFunction is an AWS::Lambda::Function, as lambda:ListFunctions and
// lambda:GetFunction return it. Meta.ID is the function name. Environment
// variable values are never kept: only their names and a classification.
type LambdaFunction struct {
	Meta `json:",inline"`
	// Runtime is the managed runtime identifier ("python3.12", "nodejs20.x",
	// "provided.al2023"); empty for container-image functions.
	Runtime string `json:"runtime,omitzero"`
	// PackageType is "Zip" or "Image".
	PackageType string `json:"packageType,omitzero"`
	Handler     string `json:"handler,omitzero"`
	// Role is the ARN of the function's execution role.
	Role          string   `json:"role,omitzero"`
	Architectures []string `json:"architectures,omitzero"` // "x86_64", "arm64"
	MemorySize    int      `json:"memorySize,omitzero"`    // MB
	Timeout       int      `json:"timeout,omitzero"`       // seconds
	// Environment lists the function's environment variables, by name, each
	// with a classification of its value. Nil when not read; empty when the
	// function has none.
	Environment *[]LambdaEnvVar `json:"environment,omitzero"`
	// KMSKeyARN is the customer managed key that encrypts the environment
	// variables at rest; empty means the aws/lambda AWS managed key.
	KMSKeyARN string `json:"kmsKeyArn,omitzero"`
	// FunctionURLs are the function's URLs (lambda:ListFunctionUrlConfigs),
	// one per qualifier. Nil when not read; empty when it has none.
	FunctionURLs *[]LambdaFunctionURL `json:"functionUrls,omitzero"`
	// Policy is the function's resource-based policy as JSON text
	// (lambda:GetPolicy): nil when not read, empty when it has none.
	Policy *string `json:"policy,omitzero"`
	// VPCConfig is nil when the function is not attached to a VPC.
	VPCConfig    *LambdaVPCConfig `json:"vpcConfig,omitzero"`
	LastModified time.Time        `json:"lastModified,omitzero"`
	// TracingMode is "Active" (X-Ray) or "PassThrough".
	TracingMode string `json:"tracingMode,omitzero"`
	// DeadLetterTargetARN is DeadLetterConfig.TargetArn, an SQS queue or SNS
	// topic for failed asynchronous invocations; empty when none.
	DeadLetterTargetARN string `json:"deadLetterTargetArn,omitzero"`
	// ReservedConcurrentExecutions is the function's reserved concurrency;
	// nil when none is reserved.
	ReservedConcurrentExecutions *int `json:"reservedConcurrentExecutions,omitzero"`
}

// Type returns "AWS::Lambda::Function".
func (*LambdaFunction) Type() string { return "AWS::Lambda::Function" }

// LambdaEnvVar is one environment variable of a function: its name and what
// its value looks like. The value itself is never stored.
type LambdaEnvVar struct {
	Name string `json:"name"`
	// Kind classifies the value (see ClassifyEnvVar): empty when it does not
	// look like a secret; a secret kind ("aws-access-key-id",
	// "aws-secret-access-key", "private-key", "password", "token",
	// "api-key", "secret", "connection-string") when it does; "reference"
	// when it points at a secret store (a Secrets Manager secret or SSM
	// parameter) instead of holding the secret.
	Kind string `json:"kind,omitzero"`
}

// LambdaFunctionURL is one function URL configuration.
type LambdaFunctionURL struct {
	URL string `json:"url"`
	// Qualifier is the alias the URL invokes; empty for the unqualified function.
	Qualifier string `json:"qualifier,omitzero"`
	// AuthType is "NONE" (anyone on the internet may call it) or "AWS_IAM".
	AuthType string `json:"authType"`
	// CORS is nil when the URL has no CORS configuration.
	CORS *LambdaURLCORS `json:"cors,omitzero"`
}

// LambdaURLCORS is a function URL's CORS configuration.
type LambdaURLCORS struct {
	AllowOrigins     []string `json:"allowOrigins,omitzero"`
	AllowMethods     []string `json:"allowMethods,omitzero"`
	AllowCredentials bool     `json:"allowCredentials,omitzero"`
}

// LambdaVPCConfig is the VPC a function is attached to.
type LambdaVPCConfig struct {
	VPCID            string   `json:"vpcId,omitzero"`
	SubnetIDs        []string `json:"subnetIds,omitzero"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitzero"`
}

// SecretKind reports whether an environment variable kind (LambdaEnvVar.Kind)
// is a secret held in the clear.
func SecretKind(kind string) bool { return kind != "" && kind != "reference" }

var (
	awsAccessKeyID = regexp.MustCompile(`^(AKIA|ASIA)[A-Z2-7]{16}$`)
	jwtValue       = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$`)
	credentialURL  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]+:[^@\s]+@`)
	tokenPrefixes  = []string{"ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "sk_live_", "rk_live_", "SG.", "npm_"}
	referencePrefs = []string{"arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws-us-gov:secretsmanager:", "arn:aws-cn:secretsmanager:", "{{resolve:", "/aws/reference/secretsmanager/"}
	// Names ending like these name where a secret is, not the secret.
	pointerSuffixes = []string{"_ARN", "_NAME", "_PATH", "_PARAM", "_PARAMETER", "_ID", "_URL", "_URI", "_FILE", "_ENDPOINT", "_REGION", "_HEADER", "_TTL", "_EXPIRY"}
)

// ClassifyEnvVar says what an environment variable's value looks like,
// from its name and value, for LambdaEnvVar.Kind. Sources call it while
// reading a function and then drop the value.
func ClassifyEnvVar(name, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		return ""
	}
	switch {
	case strings.Contains(v, "-----BEGIN") && strings.Contains(v, "PRIVATE KEY"):
		return "private-key"
	case awsAccessKeyID.MatchString(v):
		return "aws-access-key-id"
	case jwtValue.MatchString(v):
		return "token"
	case credentialURL.MatchString(v):
		return "connection-string"
	}
	for _, p := range tokenPrefixes {
		if strings.HasPrefix(v, p) && len(v) >= len(p)+16 {
			return "token"
		}
	}
	for _, p := range referencePrefs {
		if strings.HasPrefix(v, p) {
			return "reference"
		}
	}
	n := strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	for _, s := range pointerSuffixes {
		if strings.HasSuffix(n, s) {
			return ""
		}
	}
	if len(v) < 8 || strings.EqualFold(v, "true") || strings.EqualFold(v, "false") {
		return ""
	}
	switch {
	case strings.Contains(n, "SECRET_ACCESS_KEY"), strings.Contains(n, "SECRETACCESSKEY"):
		return "aws-secret-access-key"
	case strings.Contains(n, "PRIVATE_KEY"), strings.Contains(n, "PRIVATEKEY"):
		return "private-key"
	case strings.Contains(n, "PASSWORD"), strings.Contains(n, "PASSWD"), strings.HasSuffix(n, "_PWD"):
		return "password"
	case strings.Contains(n, "TOKEN"):
		return "token"
	case strings.Contains(n, "API_KEY"), strings.Contains(n, "APIKEY"):
		return "api-key"
	case strings.Contains(n, "SECRET"), strings.Contains(n, "CREDENTIAL"):
		return "secret"
	}
	return ""
}
