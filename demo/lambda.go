package demo

import (
	"slices"
	"strings"

	"github.com/awssec/awssec/inventory"
)

// lambdaEnv lists environment variables by name and kind; the demo, like
// every source, never holds their values. They are sorted by name, as the
// live collector lists them: Lambda returns them as a map, in no order.
func lambdaEnv(pairs ...string) *[]inventory.LambdaEnvVar {
	vs := []inventory.LambdaEnvVar{}
	for i := 0; i+1 < len(pairs); i += 2 {
		vs = append(vs, inventory.LambdaEnvVar{Name: pairs[i], Kind: pairs[i+1]})
	}
	slices.SortFunc(vs, func(a, b inventory.LambdaEnvVar) int { return strings.Compare(a.Name, b.Name) })
	return &vs
}

func noURLs() *[]inventory.LambdaFunctionURL { return &[]inventory.LambdaFunctionURL{} }

func addLambda(b *builder) {
	// dev-report-export in dev is the bad example: python3.8 (deprecated
	// 2024-10-14), an IAM user's access key pair in AWS_ACCESS_KEY_ID /
	// AWS_SECRET_ACCESS_KEY, and a function URL with auth NONE and CORS "*"
	// (fails the runtime, secrets and function URL checks). Its resource
	// policy holds the public InvokeFunctionUrl permission that the URL needs
	// and a route-scoped permission for API Gateway, so the invoke-policy
	// check passes it and points to the URL check. Its execution role holds
	// AdministratorAccess (demo/iam.go): an attack path.
	dev := b.region(DevAccount, West)
	devFn := arn("lambda", West, DevAccount, "function:dev-report-export")
	dev.Resources.LambdaFunctions = append(dev.Resources.LambdaFunctions, &inventory.LambdaFunction{
		Meta:    meta("lambda:ListFunctions", "dev-report-export", devFn, "dev-report-export"),
		Runtime: "python3.8", PackageType: "Zip", Handler: "export.handler", Architectures: []string{"x86_64"}, MemorySize: 512, Timeout: 300,
		Role: "arn:aws:iam::" + DevAccount + ":role/dev-report-export-role",
		Environment: lambdaEnv("AWS_ACCESS_KEY_ID", "aws-access-key-id", "AWS_SECRET_ACCESS_KEY", "aws-secret-access-key",
			"REPORT_BUCKET", "", "LOG_LEVEL", ""),
		FunctionURLs: &[]inventory.LambdaFunctionURL{{URL: "https://k3v7xq2m9p4n8r1t6w5y0z2b4c6d8f1g.lambda-url.eu-west-1.on.aws/", AuthType: "NONE",
			CORS: &inventory.LambdaURLCORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET", "POST"}}}},
		Policy: inventory.Ptr(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"FunctionURLAllowPublicAccess","Effect":"Allow",` +
			`"Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + devFn + `",` +
			`"Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}},` +
			// The webhooks API's $default route (no authorizer) invokes it too,
			// scoped to that route as API Gateway's console adds it.
			`{"Sid":"webhooks-api-default-route","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},` +
			`"Action":"lambda:InvokeFunction","Resource":"` + devFn + `",` +
			`"Condition":{"ArnLike":{"AWS:SourceArn":"` + arn("execute-api", West, DevAccount, "w8e7b6h5k4/*/$default") + `"}}}]}`),
		LastModified: daysAgo(800), TracingMode: "PassThrough",
	})

	prod := b.region(ProdAccount, East)
	ordersFn := arn("lambda", East, ProdAccount, "function:orders-processor")
	thumbFn := arn("lambda", East, ProdAccount, "function:thumbnail-generator")
	hookFn := arn("lambda", East, ProdAccount, "function:legacy-webhook")
	prod.Resources.LambdaFunctions = append(prod.Resources.LambdaFunctions,
		// orders-processor is the well-configured function: python3.12, the
		// database secret passed by ARN, a customer managed key, no URL, and
		// an S3 trigger permission scoped by source ARN and account. It
		// passes every Lambda check.
		&inventory.LambdaFunction{
			Meta:    meta("lambda:ListFunctions", "orders-processor", ordersFn, "orders-processor"),
			Runtime: "python3.12", PackageType: "Zip", Handler: "orders.handler", Architectures: []string{"arm64"}, MemorySize: 1024, Timeout: 60,
			Role:         "arn:aws:iam::" + ProdAccount + ":role/orders-processor-role",
			Environment:  lambdaEnv("TABLE_NAME", "", "DB_SECRET_ARN", "reference", "POWERTOOLS_SERVICE_NAME", ""),
			KMSKeyARN:    arn("kms", East, ProdAccount, "key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
			FunctionURLs: noURLs(),
			Policy: inventory.Ptr(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3-invoke","Effect":"Allow",` +
				`"Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + ordersFn + `",` +
				`"Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::acme-prod-customer-data"},"StringEquals":{"AWS:SourceAccount":"` + ProdAccount + `"}}}]}`),
			VPCConfig: &inventory.LambdaVPCConfig{VPCID: "vpc-0prod00000000001", SubnetIDs: []string{"subnet-0private000000001"},
				SecurityGroupIDs: []string{"sg-0app0000000000001"}},
			LastModified: daysAgo(12), TracingMode: "Active",
			DeadLetterTargetARN:          arn("sqs", East, ProdAccount, "orders-processor-dlq"),
			ReservedConcurrentExecutions: inventory.Ptr(50),
		},
		// thumbnail-generator runs nodejs18.x (deprecated 2025-09-01) and lets
		// s3.amazonaws.com invoke it with no aws:SourceArn or
		// aws:SourceAccount: a confused deputy (fails at medium).
		&inventory.LambdaFunction{
			Meta:    meta("lambda:ListFunctions", "thumbnail-generator", thumbFn, "thumbnail-generator"),
			Runtime: "nodejs18.x", PackageType: "Zip", Handler: "index.handler", Architectures: []string{"x86_64"}, MemorySize: 256, Timeout: 30,
			Role:         "arn:aws:iam::" + ProdAccount + ":role/thumbnail-generator-role",
			Environment:  lambdaEnv("OUTPUT_BUCKET", ""),
			FunctionURLs: noURLs(),
			Policy: inventory.Ptr(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3-trigger","Effect":"Allow",` +
				`"Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + thumbFn + `"}]}`),
			LastModified: daysAgo(430), TracingMode: "PassThrough",
		},
		// legacy-webhook has a resource policy that lets Principal "*" call
		// lambda:InvokeFunction (fails the invoke-policy check) and a
		// database password in DB_PASSWORD (fails the secrets check); it runs
		// nodejs22.x, still supported (passes the runtime check).
		&inventory.LambdaFunction{
			Meta:    meta("lambda:ListFunctions", "legacy-webhook", hookFn, "legacy-webhook"),
			Runtime: "nodejs22.x", PackageType: "Zip", Handler: "index.handler", Architectures: []string{"x86_64"}, MemorySize: 128, Timeout: 10,
			Role:         "arn:aws:iam::" + ProdAccount + ":role/legacy-webhook-role",
			Environment:  lambdaEnv("DB_HOST", "", "DB_USER", "", "DB_PASSWORD", "password"),
			FunctionURLs: noURLs(),
			Policy: inventory.Ptr(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"AllowPartnerInvoke","Effect":"Allow",` +
				`"Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + hookFn + `"}]}`),
			LastModified: daysAgo(60), TracingMode: "PassThrough",
		},
	)

	// org-report-mailer in management is the Scenario 1 function: a current
	// provided.al2023 runtime, an IAM-authenticated function URL and an
	// EventBridge permission scoped to its schedule rule. It passes.
	mgmt := b.region(ManagementAccount, East)
	mailFn := arn("lambda", East, ManagementAccount, "function:org-report-mailer")
	mgmt.Resources.LambdaFunctions = append(mgmt.Resources.LambdaFunctions, &inventory.LambdaFunction{
		Meta:    meta("lambda:ListFunctions", "org-report-mailer", mailFn, "org-report-mailer"),
		Runtime: "provided.al2023", PackageType: "Zip", Handler: "bootstrap", Architectures: []string{"arm64"}, MemorySize: 256, Timeout: 120,
		Role:         "arn:aws:iam::" + ManagementAccount + ":role/org-report-mailer-role",
		Environment:  lambdaEnv("AGGREGATOR_NAME", "", "SENDER_EMAIL", "", "RECIPIENTS", ""),
		FunctionURLs: &[]inventory.LambdaFunctionURL{{URL: "https://p2q4r6s8t0u1v3w5x7y9z1a3b5c7d9e2.lambda-url.us-east-1.on.aws/", AuthType: "AWS_IAM"}},
		Policy: inventory.Ptr(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"weekly-schedule","Effect":"Allow",` +
			`"Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + mailFn + `",` +
			`"Condition":{"ArnLike":{"AWS:SourceArn":"` + arn("events", East, ManagementAccount, "rule/org-report-weekly") + `"}}}]}`),
		LastModified: daysAgo(20), TracingMode: "Active",
	})
}
