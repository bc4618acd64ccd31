package apigateway

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// The apigatewayv2 client has no paginators, so its lists follow NextToken
// by hand.

func collectHTTPAPIs(ctx context.Context, s *collect.Scope) {
	client := apigatewayv2.NewFromConfig(s.Config)
	var apis []*inventory.HTTPAPI
	var token *string
	for {
		page, err := client.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token})
		if err != nil {
			// Stages are listed per API: they are unknown too.
			s.Gap(httpAPIType, "apigateway:GetApis", err)
			s.Gap(httpStageType, "apigateway:GetApis", err)
			return
		}
		for i := range page.Items {
			api := httpAPI(s, &page.Items[i])
			api.Routes = routes(ctx, client, api.ID)
			apis = append(apis, api)
		}
		if token = page.NextToken; aws.ToString(token) == "" {
			break
		}
	}
	s.Region.Resources.HTTPAPIs = apis

	var stages []*inventory.HTTPAPIStage
	for _, api := range apis {
		var token *string
		for {
			page, err := client.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: aws.String(api.ID), NextToken: token})
			if err != nil {
				// The region's stages are one list: missing some, it is unknown.
				s.Gap(httpStageType, "apigateway:GetStages", err)
				return
			}
			for i := range page.Items {
				stages = append(stages, httpStage(s, api.ID, &page.Items[i]))
			}
			if token = page.NextToken; aws.ToString(token) == "" {
				break
			}
		}
	}
	s.Region.Resources.HTTPAPIStages = stages
}

func httpAPI(s *collect.Scope, a *types.Api) *inventory.HTTPAPI {
	id := aws.ToString(a.ApiId)
	out := &inventory.HTTPAPI{
		Meta:                      s.Meta("apigateway:GetApis", id, arn(s, "/apis/"+id), aws.ToString(a.Name)),
		ProtocolType:              string(a.ProtocolType),
		APIEndpoint:               aws.ToString(a.ApiEndpoint),
		DisableExecuteAPIEndpoint: aws.ToBool(a.DisableExecuteApiEndpoint),
		CreatedDate:               aws.ToTime(a.CreatedDate),
	}
	if c := a.CorsConfiguration; c != nil {
		out.CORSConfiguration = &inventory.HTTPAPICORS{AllowOrigins: orNil(c.AllowOrigins), AllowMethods: orNil(c.AllowMethods),
			AllowHeaders: orNil(c.AllowHeaders), AllowCredentials: aws.ToBool(c.AllowCredentials), MaxAge: int(aws.ToInt32(c.MaxAge))}
	}
	return out
}

// routes lists the API's routes; nil when they cannot be read.
func routes(ctx context.Context, client *apigatewayv2.Client, apiID string) *[]inventory.HTTPAPIRoute {
	out := []inventory.HTTPAPIRoute{}
	var token *string
	for {
		page, err := client.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(apiID), NextToken: token})
		if err != nil {
			return nil
		}
		for _, r := range page.Items {
			out = append(out, inventory.HTTPAPIRoute{RouteKey: aws.ToString(r.RouteKey), AuthorizationType: string(r.AuthorizationType),
				AuthorizerID: aws.ToString(r.AuthorizerId), APIKeyRequired: aws.ToBool(r.ApiKeyRequired)})
		}
		if token = page.NextToken; aws.ToString(token) == "" {
			return &out
		}
	}
}

func httpStage(s *collect.Scope, apiID string, st *types.Stage) *inventory.HTTPAPIStage {
	name := aws.ToString(st.StageName)
	out := &inventory.HTTPAPIStage{
		Meta:        s.Meta("apigateway:GetStages", apiID+"/"+name, arn(s, "/apis/"+apiID+"/stages/"+name), name),
		APIID:       apiID,
		StageName:   name,
		AutoDeploy:  aws.ToBool(st.AutoDeploy),
		CreatedDate: aws.ToTime(st.CreatedDate),
	}
	if l := st.AccessLogSettings; l != nil {
		out.AccessLogDestinationARN, out.AccessLogFormat = aws.ToString(l.DestinationArn), aws.ToString(l.Format)
	}
	if d := st.DefaultRouteSettings; d != nil {
		if d.ThrottlingBurstLimit != nil {
			out.ThrottlingBurstLimit = aws.Int(int(*d.ThrottlingBurstLimit))
		}
		out.ThrottlingRateLimit = d.ThrottlingRateLimit
	}
	return out
}
