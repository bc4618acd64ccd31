// Package lambda collects Lambda functions (AWS::Lambda::Function) with
// their resource-based policy, function URLs and reserved concurrency.
// Environment variable values are classified as they are read and then
// dropped: only each variable's name and kind reach the inventory.
package lambda

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const functionType = "AWS::Lambda::Function"

// Service is the Lambda collector.
var Service = collect.Service{
	Name:    "lambda",
	Types:   []string{functionType},
	Collect: collectFunctions,
	Operations: []string{
		"lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs", "lambda:GetFunctionConcurrency",
	},
}

func collectFunctions(ctx context.Context, s *collect.Scope) {
	client := lambda.NewFromConfig(s.Config)
	var fns []*inventory.LambdaFunction
	pages := lambda.NewListFunctionsPaginator(client, &lambda.ListFunctionsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(functionType, "lambda:ListFunctions", err)
			return
		}
		for i := range page.Functions {
			f := function(s, &page.Functions[i])
			details(ctx, client, f)
			fns = append(fns, f)
		}
	}
	s.Region.Resources.LambdaFunctions = fns
}

// function converts a FunctionConfiguration. Environment values are only
// looked at to classify them.
func function(s *collect.Scope, c *types.FunctionConfiguration) *inventory.LambdaFunction {
	name := aws.ToString(c.FunctionName)
	f := &inventory.LambdaFunction{
		Meta:        s.Meta("lambda:ListFunctions", name, aws.ToString(c.FunctionArn), name),
		Runtime:     string(c.Runtime),
		PackageType: string(c.PackageType),
		Handler:     aws.ToString(c.Handler),
		Role:        aws.ToString(c.Role),
		MemorySize:  int(aws.ToInt32(c.MemorySize)),
		Timeout:     int(aws.ToInt32(c.Timeout)),
		KMSKeyARN:   aws.ToString(c.KMSKeyArn),
		Environment: environment(c.Environment),
	}
	for _, a := range c.Architectures {
		f.Architectures = append(f.Architectures, string(a))
	}
	// Lambda writes LastModified as "2024-05-01T12:00:00.000+0000".
	if t, err := time.Parse("2006-01-02T15:04:05.000-0700", aws.ToString(c.LastModified)); err == nil {
		f.LastModified = t.UTC()
	}
	if c.TracingConfig != nil {
		f.TracingMode = string(c.TracingConfig.Mode)
	}
	if c.DeadLetterConfig != nil {
		f.DeadLetterTargetARN = aws.ToString(c.DeadLetterConfig.TargetArn)
	}
	// Functions outside a VPC may still carry an empty VpcConfig.
	if v := c.VpcConfig; v != nil && aws.ToString(v.VpcId) != "" {
		f.VPCConfig = &inventory.LambdaVPCConfig{VPCID: aws.ToString(v.VpcId), SubnetIDs: orNil(v.SubnetIds), SecurityGroupIDs: orNil(v.SecurityGroupIds)}
	}
	return f
}

// environment classifies the variables and keeps their names only, sorted:
// AWS returns them as a map, in no order. When Lambda could not decrypt
// them (Environment.Error) they are unknown.
func environment(env *types.EnvironmentResponse) *[]inventory.LambdaEnvVar {
	vars := []inventory.LambdaEnvVar{}
	if env == nil {
		return &vars
	}
	if env.Error != nil {
		return nil
	}
	for name, value := range env.Variables {
		vars = append(vars, inventory.LambdaEnvVar{Name: name, Kind: inventory.ClassifyEnvVar(name, value)})
	}
	slices.SortFunc(vars, func(a, b inventory.LambdaEnvVar) int { return strings.Compare(a.Name, b.Name) })
	return &vars
}

// details reads what ListFunctions does not return. A failed call leaves
// its field unknown and keeps the function.
func details(ctx context.Context, client *lambda.Client, f *inventory.LambdaFunction) {
	pol, err := client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(f.ID)})
	switch {
	case err == nil:
		f.Policy = aws.String(aws.ToString(pol.Policy))
	case collect.IsCode(err, "ResourceNotFoundException"):
		f.Policy = aws.String("") // the function has no resource-based policy
	}
	f.FunctionURLs = functionURLs(ctx, client, f.ID)
	conc, err := client.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(f.ID)})
	if err != nil {
		f.Unread = append(f.Unread, "reservedConcurrentExecutions")
	} else if conc.ReservedConcurrentExecutions != nil {
		f.ReservedConcurrentExecutions = aws.Int(int(*conc.ReservedConcurrentExecutions))
	}
}

// functionURLs lists the function's URLs; nil when they cannot be read.
func functionURLs(ctx context.Context, client *lambda.Client, name string) *[]inventory.LambdaFunctionURL {
	urls := []inventory.LambdaFunctionURL{}
	pages := lambda.NewListFunctionUrlConfigsPaginator(client, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, c := range page.FunctionUrlConfigs {
			u := inventory.LambdaFunctionURL{URL: aws.ToString(c.FunctionUrl), AuthType: string(c.AuthType), Qualifier: qualifier(aws.ToString(c.FunctionArn))}
			if c.Cors != nil {
				u.CORS = &inventory.LambdaURLCORS{AllowOrigins: orNil(c.Cors.AllowOrigins), AllowMethods: orNil(c.Cors.AllowMethods),
					AllowCredentials: aws.ToBool(c.Cors.AllowCredentials)}
			}
			urls = append(urls, u)
		}
	}
	return &urls
}

// qualifier is the alias of a qualified function ARN
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME:ALIAS); "" when unqualified.
func qualifier(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) == 8 {
		return parts[7]
	}
	return ""
}

// orNil is nil for an empty list: the inventory holds no empty attribute lists.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
