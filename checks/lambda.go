package checks

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func lambdaChecks() []*Check {
	return []*Check{lambdaRuntimeDeprecated, lambdaEnvSecrets, lambdaURLPublic, lambdaPolicyPublicInvoke}
}

const lambdaFunctionType = "AWS::Lambda::Function"

func lambdaDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// lambdaDeprecation is the date AWS deprecates (ends support for) each
// managed runtime, from the Lambda developer guide's runtime tables
// (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). After it,
// the runtime gets no security patches and functions on it no technical
// support. Dates in the future are AWS's published plan and may move.
var lambdaDeprecation = map[string]time.Time{
	"nodejs24.x": lambdaDate(2028, 4, 30), "nodejs22.x": lambdaDate(2027, 4, 30), "nodejs20.x": lambdaDate(2026, 4, 30),
	"nodejs18.x": lambdaDate(2025, 9, 1), "nodejs16.x": lambdaDate(2024, 6, 12), "nodejs14.x": lambdaDate(2023, 12, 4),
	"nodejs12.x": lambdaDate(2023, 3, 31), "nodejs10.x": lambdaDate(2021, 7, 30), "nodejs8.10": lambdaDate(2020, 3, 6),
	"nodejs6.10": lambdaDate(2019, 8, 12), "nodejs4.3": lambdaDate(2020, 3, 5), "nodejs4.3-edge": lambdaDate(2020, 3, 5),
	"nodejs":     lambdaDate(2016, 10, 31),
	"python3.14": lambdaDate(2029, 6, 30), "python3.13": lambdaDate(2029, 6, 30), "python3.12": lambdaDate(2028, 10, 31),
	"python3.11": lambdaDate(2026, 6, 30), "python3.10": lambdaDate(2026, 6, 30), "python3.9": lambdaDate(2025, 12, 15),
	"python3.8": lambdaDate(2024, 10, 14), "python3.7": lambdaDate(2023, 12, 4), "python3.6": lambdaDate(2022, 7, 18),
	"python2.7": lambdaDate(2021, 7, 15),
	"java25":    lambdaDate(2029, 6, 30), "java21": lambdaDate(2029, 6, 30), "java17": lambdaDate(2026, 6, 30),
	"java11": lambdaDate(2026, 6, 30), "java8.al2": lambdaDate(2026, 6, 30), "java8": lambdaDate(2024, 1, 8),
	"dotnet10": lambdaDate(2028, 11, 14), "dotnet8": lambdaDate(2026, 11, 10), "dotnet7": lambdaDate(2024, 5, 14),
	"dotnet6": lambdaDate(2024, 11, 12), "dotnet5.0": lambdaDate(2022, 5, 10), "dotnetcore3.1": lambdaDate(2023, 4, 3),
	"dotnetcore2.1": lambdaDate(2022, 1, 5), "dotnetcore2.0": lambdaDate(2019, 5, 30), "dotnetcore1.0": lambdaDate(2019, 7, 27),
	"ruby3.4": lambdaDate(2028, 3, 31), "ruby3.3": lambdaDate(2027, 3, 31), "ruby3.2": lambdaDate(2026, 3, 31),
	"ruby2.7": lambdaDate(2023, 12, 7), "ruby2.5": lambdaDate(2021, 7, 30),
	"go1.x": lambdaDate(2024, 1, 8), "provided": lambdaDate(2024, 1, 8),
	"provided.al2": lambdaDate(2026, 6, 30), "provided.al2023": lambdaDate(2029, 6, 30),
}

func lambdaDays(d time.Duration) int { return int(d.Hours() / 24) }

var lambdaRuntimeDeprecated = &Check{
	ID:           "lambda-runtime-deprecated",
	Service:      "lambda",
	Title:        "Lambda functions run on a runtime AWS still supports",
	Severity:     finding.Medium,
	ResourceType: lambdaFunctionType,
	Rationale: "When a Lambda runtime reaches its deprecation date, AWS stops applying security patches to its " +
		"language runtime and operating system (python3.8, nodejs16.x, go1.x and java8 on Amazon Linux 1 are " +
		"long past it), functions on it lose technical support, and a while later AWS blocks creating and then " +
		"updating them — so an urgent fix to the function's own code cannot be deployed without a runtime " +
		"migration at the worst moment. Dependencies pinned for an old language version are usually out of " +
		"date too. Dates are measured against the time the estate was collected.",
	Verify: "aws lambda list-functions --query 'Functions[].[FunctionName,Runtime,LastModified]' --output table; " +
		"compare with the deprecation dates at https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
	Remediation: Remediation{
		Summary:   "Move the function to a supported runtime (python3.13, nodejs22.x, java21, provided.al2023, ...), test and redeploy.",
		Console:   "Lambda > Functions > FUNCTION > Code > Runtime settings > Edit > Runtime: choose a supported version; update dependencies and test.",
		CLI:       "aws lambda update-function-configuration --function-name FUNCTION --runtime python3.13",
		Terraform: "resource \"aws_lambda_function\" \"fn\" {\n  runtime = \"python3.13\"\n}",
	},
	Seed: []string{"lambda-iam", "patch-management", "secure-configuration"},
	Run: func(c *Context) {
		now := c.Estate.CollectedAt
		for a, r := range c.Regions() {
			for _, f := range r.Resources.LambdaFunctions {
				loc := At(a, r, f)
				ev := Ev(f, "Runtime", orNone(f.Runtime))
				if f.Runtime == "" {
					if f.PackageType == "Image" {
						continue // container image: the runtime is part of the image
					}
					c.Unknown(loc, "the function's runtime was not read", ev)
					continue
				}
				dep, ok := lambdaDeprecation[f.Runtime]
				switch {
				case !ok:
					c.Unknown(loc, fmt.Sprintf("runtime %s is not in awssec's deprecation table", f.Runtime), ev)
				case !now.Before(dep):
					c.Fail(loc, fmt.Sprintf("runtime %s was deprecated on %s (%d days before collection): it gets no security patches",
						f.Runtime, dep.Format(time.DateOnly), lambdaDays(now.Sub(dep))), ev)
				case dep.Sub(now) <= 180*24*time.Hour:
					c.Pass(loc, fmt.Sprintf("runtime %s is supported until %s — %d days left: plan the upgrade",
						f.Runtime, dep.Format(time.DateOnly), lambdaDays(dep.Sub(now))), ev)
				default:
					c.Pass(loc, fmt.Sprintf("runtime %s is supported until %s", f.Runtime, dep.Format(time.DateOnly)), ev)
				}
			}
		}
	},
}

var lambdaEnvSecrets = &Check{
	ID:           "lambda-env-secrets",
	Service:      "lambda",
	Title:        "Lambda functions keep no secrets in plain environment variables",
	Severity:     finding.High,
	ResourceType: lambdaFunctionType,
	Rationale: "Environment variables are returned in clear text by lambda:GetFunctionConfiguration and " +
		"lambda:GetFunction, which read-only and auditor roles (ReadOnlyAccess, many third-party tools) " +
		"hold; they appear in the console to anyone who can open the function, are copied into " +
		"CloudFormation templates, Terraform state and CI logs, and are visible to any code or dependency " +
		"running in the function. An AWS access key pair in an environment variable is a long-lived " +
		"credential that bypasses the function's execution role entirely. Secrets belong in Secrets Manager " +
		"or SSM Parameter Store (SecureString), fetched at run time by the execution role; the variable " +
		"should hold only the secret's name or ARN. awssec never reads or prints the values: it reports " +
		"names and the kind of secret each value looks like.",
	Verify: "aws lambda get-function-configuration --function-name FUNCTION --query 'keys(Environment.Variables)' — " +
		"then inspect the suspicious variables in the console, not in shared terminals or logs.",
	Remediation: Remediation{
		Summary: "Move the secret to Secrets Manager, pass its ARN instead, rotate the exposed value, and use the execution role instead of access keys.",
		Console: "Secrets Manager > Store a new secret; Lambda > FUNCTION > Configuration > Environment variables > Edit: replace the value with the secret's ARN; " +
			"grant the execution role secretsmanager:GetSecretValue on it; then rotate (or for access keys, deactivate and delete) the old value.",
		CLI: "aws secretsmanager create-secret --name prod/orders/db --secret-string file://secret.json\n" +
			"aws lambda update-function-configuration --function-name FUNCTION --environment 'Variables={DB_SECRET_ARN=arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-AbCdEf}'\n" +
			"aws iam update-access-key --user-name USER --access-key-id AKIA... --status Inactive",
		Terraform: "resource \"aws_lambda_function\" \"fn\" {\n  environment {\n    variables = {\n" +
			"      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn\n    }\n  }\n}",
	},
	Seed: []string{"lambda-iam", "secure-configuration", "database-sensitive-data"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, f := range r.Resources.LambdaFunctions {
				loc := At(a, r, f)
				if f.Environment == nil {
					c.Unknown(loc, "the function's environment variables were not read", Ev(f, "Environment", f.Environment))
					continue
				}
				var found []string
				refs := 0
				for _, v := range *f.Environment {
					switch {
					case inventory.SecretKind(v.Kind):
						found = append(found, fmt.Sprintf("%s (looks like %s)", v.Name, v.Kind))
					case v.Kind == "reference":
						refs++
					}
				}
				if len(found) == 0 {
					msg := fmt.Sprintf("no environment variable looks like a secret (%s)", countOf(len(*f.Environment), "variable", "variables"))
					if refs > 0 {
						msg += fmt.Sprintf("; %d point at a secret store", refs)
					}
					c.Pass(loc, msg, Ev(f, "Environment.Variables", len(*f.Environment)))
					continue
				}
				key := "the AWS managed key aws/lambda"
				if f.KMSKeyARN != "" {
					key = f.KMSKeyARN
				}
				c.Fail(loc, fmt.Sprintf("environment variables hold secrets in clear text: %s; readable by anyone with lambda:GetFunctionConfiguration (encrypted at rest with %s)",
					strings.Join(found, ", "), key), Ev(f, "Environment.Variables", strings.Join(found, ", ")), Ev(f, "KMSKeyArn", orNone(f.KMSKeyARN)))
			}
		}
	},
}

var lambdaURLPublic = &Check{
	ID:           "lambda-function-url-public",
	Service:      "lambda",
	Title:        "Lambda function URLs require IAM authentication",
	Severity:     finding.High,
	ResourceType: lambdaFunctionType,
	Rationale: "A function URL with auth type NONE is an HTTPS endpoint on the internet that invokes the function " +
		"for anyone, with no API Gateway, WAF, throttling or logging in front of it. Whatever the function " +
		"can do with its execution role — read a table, write to a bucket, call other services — anyone who " +
		"finds the URL can make it do, and every call is billed to you (denial of wallet). Function URL " +
		"names are random but leak through browsers, logs and front-end code. With AWS_IAM, callers must " +
		"sign requests with credentials allowed lambda:InvokeFunctionUrl.",
	Verify: "aws lambda list-function-url-configs --function-name FUNCTION --query 'FunctionUrlConfigs[].[FunctionUrl,AuthType,Cors.AllowOrigins]'",
	Remediation: Remediation{
		Summary: "Set the function URL's auth type to AWS_IAM (or delete it and put API Gateway with an authorizer in front).",
		Console: "Lambda > Functions > FUNCTION > Configuration > Function URL > Edit > Auth type: AWS_IAM; remove the public lambda:InvokeFunctionUrl statement from the resource policy.",
		CLI: "aws lambda update-function-url-config --function-name FUNCTION --auth-type AWS_IAM\n" +
			"aws lambda remove-permission --function-name FUNCTION --statement-id FunctionURLAllowPublicAccess",
		Terraform: "resource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = aws_lambda_function.fn.function_name\n" +
			"  authorization_type = \"AWS_IAM\"\n}",
	},
	Seed: []string{"lambda-iam", "public-api-endpoint"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, f := range r.Resources.LambdaFunctions {
				loc := At(a, r, f)
				if f.FunctionURLs == nil {
					c.Unknown(loc, "the function's URL configuration was not read", Ev(f, "FunctionUrlConfigs", f.FunctionURLs))
					continue
				}
				var open []string
				for _, u := range *f.FunctionURLs {
					if u.AuthType == "AWS_IAM" {
						continue
					}
					s := u.URL + " (auth " + orNone(u.AuthType)
					if u.Qualifier != "" {
						s += ", alias " + u.Qualifier
					}
					if u.CORS != nil && len(u.CORS.AllowOrigins) > 0 {
						s += ", CORS origins " + strings.Join(u.CORS.AllowOrigins, " ")
					}
					open = append(open, s+")")
				}
				switch {
				case len(open) > 0:
					c.Fail(loc, "anyone on the internet can invoke the function through "+strings.Join(open, "; "),
						Ev(f, "FunctionUrlConfigs[].AuthType", "NONE"), Ev(f, "Role", orNone(f.Role)))
				case len(*f.FunctionURLs) == 0:
					c.Pass(loc, "the function has no function URL", Ev(f, "FunctionUrlConfigs", "none"))
				default:
					c.Pass(loc, fmt.Sprintf("every function URL requires AWS_IAM auth (%s)", countOf(len(*f.FunctionURLs), "URL", "URLs")),
						Ev(f, "FunctionUrlConfigs[].AuthType", "AWS_IAM"))
				}
			}
		}
	},
}

// lambdaInvokeActions are what a resource policy grants when it lets a
// principal run the function through the Lambda API.
var lambdaInvokeActions = []string{"lambda:InvokeFunction", "lambda:InvokeAsync"}

var lambdaPolicyPublicInvoke = &Check{
	ID:           "lambda-policy-public-invoke",
	Service:      "lambda",
	Title:        "Lambda resource policies do not let anyone invoke the function",
	Severity:     finding.High,
	ResourceType: lambdaFunctionType,
	Rationale: "A resource-based policy statement that allows lambda:InvokeFunction to Principal \"*\" without a " +
		"condition lets any AWS account in the world run the function, with its execution role's permissions " +
		"and at your cost. A statement for a service principal (s3.amazonaws.com, sns.amazonaws.com, " +
		"events.amazonaws.com) without aws:SourceArn or aws:SourceAccount is a confused-deputy hole: another " +
		"customer's bucket, topic or rule can be configured to invoke your function. When an event triggers " +
		"a Lambda, the trigger's permission should name exactly that source. (Function URLs with auth NONE " +
		"are reported by lambda-function-url-public.)",
	Verify: "aws lambda get-policy --function-name FUNCTION --query Policy --output text | jq '.Statement[] | {Sid,Principal,Action,Condition}'",
	Remediation: Remediation{
		Summary: "Remove the public statement; grant invoke to the exact account or service with aws:SourceArn and aws:SourceAccount conditions.",
		Console: "Lambda > Functions > FUNCTION > Configuration > Permissions > Resource-based policy statements: delete the statement and re-add it with a source ARN and account.",
		CLI: "aws lambda remove-permission --function-name FUNCTION --statement-id STATEMENT_ID\n" +
			"aws lambda add-permission --function-name FUNCTION --statement-id s3-invoke --action lambda:InvokeFunction " +
			"--principal s3.amazonaws.com --source-arn arn:aws:s3:::acme-uploads --source-account 111122223333",
		Terraform: "resource \"aws_lambda_permission\" \"s3\" {\n  statement_id   = \"s3-invoke\"\n  action         = \"lambda:InvokeFunction\"\n" +
			"  function_name  = aws_lambda_function.fn.function_name\n  principal      = \"s3.amazonaws.com\"\n" +
			"  source_arn     = aws_s3_bucket.uploads.arn\n  source_account = data.aws_caller_identity.current.account_id\n}",
	},
	Seed: []string{"lambda-iam", "cross-account-access"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, f := range r.Resources.LambdaFunctions {
				loc := At(a, r, f)
				if f.Policy == nil {
					c.Unknown(loc, "the function's resource policy was not read", Ev(f, "Policy", f.Policy))
					continue
				}
				if *f.Policy == "" {
					c.Pass(loc, "the function has no resource-based policy", Ev(f, "Policy", "none"))
					continue
				}
				ev := Ev(f, "Policy", *f.Policy)
				public, err := rpPublicAllows(c, *f.Policy, lambdaInvokeActions)
				if err != nil {
					c.Unknown(loc, "resource policy could not be read: "+err.Error(), ev)
					continue
				}
				if len(public) > 0 {
					c.Fail(loc, "the resource policy "+rpDescribe(public)+": any AWS account can invoke the function", ev)
					continue
				}
				deputies, _ := lambdaConfusedDeputies(c, *f.Policy)
				if len(deputies) > 0 {
					c.FailAt(finding.Medium, loc, "service principals may invoke the function with no aws:SourceArn or aws:SourceAccount condition: "+
						strings.Join(deputies, ", ")+"; another account's resources could trigger it", ev)
					continue
				}
				if urls, _ := rpPublicAllows(c, *f.Policy, []string{"lambda:InvokeFunctionUrl"}); len(urls) > 0 {
					c.Pass(loc, "no statement lets anyone call lambda:InvokeFunction; the public function URL permission is "+
						"reported by lambda-function-url-public", ev)
					continue
				}
				c.Pass(loc, "every statement names its caller or narrows it with a condition", ev)
			}
		}
	},
}

// lambdaConfusedDeputies lists the service principals an Allow statement
// lets invoke the function with no condition naming the source.
func lambdaConfusedDeputies(c *Context, doc string) ([]string, error) {
	d, err := c.Policy(doc)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range d.Statements {
		if s.Effect != "Allow" || !rpCoversAny(&s, lambdaInvokeActions) || rpRestricted(&s, false) {
			continue
		}
		svcs := append([]string(nil), s.Principal["Service"]...)
		sort.Strings(svcs)
		out = append(out, svcs...)
	}
	return out, nil
}
