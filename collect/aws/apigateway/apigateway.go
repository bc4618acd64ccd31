// Package apigateway collects API Gateway APIs: REST APIs
// (AWS::ApiGateway::RestApi) with their stages and the methods they serve
// (AWS::ApiGateway::Stage), through the apigateway API, and HTTP and
// WebSocket APIs (AWS::ApiGatewayV2::Api) with their routes and stages
// (AWS::ApiGatewayV2::Stage), through the apigatewayv2 API. Both sign as
// "apigateway".
package apigateway

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	restAPIType   = "AWS::ApiGateway::RestApi"
	restStageType = "AWS::ApiGateway::Stage"
	httpAPIType   = "AWS::ApiGatewayV2::Api"
	httpStageType = "AWS::ApiGatewayV2::Stage"
)

// Service is the API Gateway collector. IAM authorizes these reads as
// apigateway:GET on the resources' paths; Operations names the API calls.
var Service = collect.Service{
	Name:    "apigateway",
	Types:   []string{restAPIType, restStageType, httpAPIType, httpStageType},
	Collect: collectAPIs,
	Operations: []string{
		"apigateway:GetRestApis", "apigateway:GetStages", "apigateway:GetResources",
		"apigateway:GetApis", "apigateway:GetRoutes",
	},
}

func collectAPIs(ctx context.Context, s *collect.Scope) {
	collectRestAPIs(ctx, s)
	collectHTTPAPIs(ctx, s)
}

// arn is the ARN of an API Gateway resource path ("/restapis/ID"); API
// Gateway ARNs carry no account.
func arn(s *collect.Scope, path string) string {
	partition := s.Account.Partition
	if partition == "" {
		partition = "aws"
	}
	return "arn:" + partition + ":apigateway:" + s.RegionName() + "::" + path
}

func collectRestAPIs(ctx context.Context, s *collect.Scope) {
	client := apigateway.NewFromConfig(s.Config)
	var apis []*inventory.RestAPI
	pages := apigateway.NewGetRestApisPaginator(client, &apigateway.GetRestApisInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			// Stages are listed per API: they are unknown too.
			s.Gap(restAPIType, "apigateway:GetRestApis", err)
			s.Gap(restStageType, "apigateway:GetRestApis", err)
			return
		}
		for i := range page.Items {
			apis = append(apis, restAPI(s, &page.Items[i]))
		}
	}
	s.Region.Resources.RestAPIs = apis

	var stages []*inventory.RestAPIStage
	for _, api := range apis {
		out, err := client.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(api.ID)})
		if err != nil {
			// The region's stages are one list: missing some, it is unknown.
			s.Gap(restStageType, "apigateway:GetStages", err)
			return
		}
		if len(out.Item) == 0 {
			continue
		}
		methods := restMethods(ctx, client, api.ID)
		for i := range out.Item {
			st := restStage(s, api.ID, &out.Item[i])
			if methods != nil {
				own := slices.Clone(*methods) // each stage owns its list
				st.Methods = &own
			}
			stages = append(stages, st)
		}
	}
	s.Region.Resources.RestAPIStages = stages
}

func restAPI(s *collect.Scope, a *types.RestApi) *inventory.RestAPI {
	id := aws.ToString(a.Id)
	out := &inventory.RestAPI{
		Meta:                      s.Meta("apigateway:GetRestApis", id, arn(s, "/restapis/"+id), aws.ToString(a.Name)),
		Policy:                    policy(aws.ToString(a.Policy)),
		APIKeySource:              string(a.ApiKeySource),
		DisableExecuteAPIEndpoint: a.DisableExecuteApiEndpoint,
		CreatedDate:               aws.ToTime(a.CreatedDate),
	}
	if e := a.EndpointConfiguration; e != nil {
		for _, t := range e.Types {
			out.EndpointTypes = append(out.EndpointTypes, string(t))
		}
		out.VPCEndpointIDs = orNil(e.VpcEndpointIds)
	}
	return out
}

// policy undoes API Gateway's escaping of REST API policies: it returns
// the document as the body of a JSON string ({\"Version\":... with \/ for /).
func policy(p string) string {
	if p == "" || json.Valid([]byte(p)) {
		return p
	}
	var doc string
	if err := json.Unmarshal([]byte(`"`+p+`"`), &doc); err != nil {
		return p
	}
	return doc
}

func restStage(s *collect.Scope, apiID string, st *types.Stage) *inventory.RestAPIStage {
	name := aws.ToString(st.StageName)
	out := &inventory.RestAPIStage{
		Meta:                s.Meta("apigateway:GetStages", apiID+"/"+name, arn(s, "/restapis/"+apiID+"/stages/"+name), name),
		RestAPIID:           apiID,
		StageName:           name,
		DeploymentID:        aws.ToString(st.DeploymentId),
		WebACLARN:           aws.ToString(st.WebAclArn),
		TracingEnabled:      st.TracingEnabled,
		ClientCertificateID: aws.ToString(st.ClientCertificateId),
		CacheClusterEnabled: st.CacheClusterEnabled,
		CreatedDate:         aws.ToTime(st.CreatedDate),
	}
	if l := st.AccessLogSettings; l != nil {
		out.AccessLogDestinationARN, out.AccessLogFormat = aws.ToString(l.DestinationArn), aws.ToString(l.Format)
	}
	// Stage-wide settings are the "*/*" method setting.
	if m, ok := st.MethodSettings["*/*"]; ok {
		out.LoggingLevel = aws.ToString(m.LoggingLevel)
		out.DataTraceEnabled, out.MetricsEnabled, out.CacheDataEncrypted = m.DataTraceEnabled, m.MetricsEnabled, m.CacheDataEncrypted
	}
	return out
}

// restMethods lists the API's methods, sorted by path and method (API
// Gateway returns a resource's methods as a map, in no order); nil when
// they cannot be read.
func restMethods(ctx context.Context, client *apigateway.Client, apiID string) *[]inventory.RestAPIMethod {
	methods := []inventory.RestAPIMethod{}
	pages := apigateway.NewGetResourcesPaginator(client, &apigateway.GetResourcesInput{RestApiId: aws.String(apiID), Embed: []string{"methods"}})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil
		}
		for _, res := range page.Items {
			for verb, m := range res.ResourceMethods {
				if aws.ToString(m.HttpMethod) != "" {
					verb = aws.ToString(m.HttpMethod)
				}
				methods = append(methods, inventory.RestAPIMethod{Path: aws.ToString(res.Path), HTTPMethod: verb,
					AuthorizationType: aws.ToString(m.AuthorizationType), AuthorizerID: aws.ToString(m.AuthorizerId),
					APIKeyRequired: aws.ToBool(m.ApiKeyRequired)})
			}
		}
	}
	slices.SortFunc(methods, func(a, b inventory.RestAPIMethod) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.HTTPMethod, b.HTTPMethod)
	})
	return &methods
}

// orNil is nil for an empty list: the inventory holds no empty attribute lists.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
