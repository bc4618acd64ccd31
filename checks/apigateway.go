package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func apigatewayChecks() []*Check {
	return []*Check{
		apigatewayRestNoAuthorization, apigatewayHTTPRouteNoAuthorization, apigatewayRestPublicNoPolicy,
		apigatewayStageWAF, apigatewayStageLogging, apigatewayStageClientCertificate,
	}
}

const (
	apigwRestAPIType   = "AWS::ApiGateway::RestApi"
	apigwStageType     = "AWS::ApiGateway::Stage"
	apigwHTTPAPIType   = "AWS::ApiGatewayV2::Api"
	apigwHTTPStageType = "AWS::ApiGatewayV2::Stage"
)

// apigwRestAPI finds a stage's REST API in its region, or nil.
func apigwRestAPI(r *inventory.Region, id string) *inventory.RestAPI {
	for _, api := range r.Resources.RestAPIs {
		if api.ID == id {
			return api
		}
	}
	return nil
}

// apigwPrivate reports whether a REST API has only a PRIVATE endpoint.
func apigwPrivate(api *inventory.RestAPI) bool {
	return len(api.EndpointTypes) > 0 && !slices.ContainsFunc(api.EndpointTypes, func(t string) bool { return t != "PRIVATE" })
}

// apigwList renders at most 8 items and says how many more there are.
func apigwList(items []string) string {
	if len(items) <= 8 {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:8], ", ") + fmt.Sprintf(" and %d more", len(items)-8)
}

var apigatewayRestNoAuthorization = &Check{
	ID:           "apigateway-rest-method-no-authorization",
	Service:      "apigateway",
	Title:        "REST API stages serve no method without authorization",
	Severity:     finding.High,
	ResourceType: apigwStageType,
	Needs:        []string{apigwRestAPIType},
	Rationale: "A method with authorization type NONE and no API key requirement runs its integration for anyone " +
		"who can reach the endpoint: EDGE and REGIONAL endpoints are on the internet, and the default " +
		"https://{id}.execute-api.{region}.amazonaws.com URL is easy to enumerate. The backend (a Lambda " +
		"function, an HTTP service, a direct DynamoDB or S3 integration) then does whatever the request asks, " +
		"with its own privileges: reading orders, creating users, running up cost. An IAM (SigV4), Cognito " +
		"user pool or Lambda authorizer makes API Gateway reject unauthenticated calls before they reach the " +
		"backend. OPTIONS methods that only answer CORS preflights are not counted.",
	Verify: "aws apigateway get-resources --rest-api-id API_ID --embed methods --query " +
		"'items[].{path:path,methods:resourceMethods.*.[httpMethod,authorizationType,apiKeyRequired]}'",
	Remediation: Remediation{
		Summary: "Attach an IAM, Cognito user pool or Lambda authorizer to every method, then redeploy the stage.",
		Console: "API Gateway > APIs > API > Resources > select the method > Method request > Edit > Authorization: choose " +
			"AWS_IAM or an authorizer > Save; then Deploy API to the stage.",
		CLI: "aws apigateway update-method --rest-api-id API_ID --resource-id RESOURCE_ID --http-method GET " +
			"--patch-operations op=replace,path=/authorizationType,value=COGNITO_USER_POOLS op=replace,path=/authorizerId,value=AUTHORIZER_ID\n" +
			"aws apigateway create-deployment --rest-api-id API_ID --stage-name prod",
		Terraform: "resource \"aws_api_gateway_method\" \"get_orders\" {\n  rest_api_id   = aws_api_gateway_rest_api.orders.id\n" +
			"  resource_id   = aws_api_gateway_resource.orders.id\n  http_method   = \"GET\"\n  authorization = \"COGNITO_USER_POOLS\"\n" +
			"  authorizer_id = aws_api_gateway_authorizer.cognito.id\n}",
	},
	Seed: []string{"public-api-endpoint", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, st := range r.Resources.RestAPIStages {
				loc := At(a, r, st)
				if st.Methods == nil {
					c.Unknown(loc, "the stage's methods were not read", Ev(st, "Methods", st.Methods))
					continue
				}
				var open, keyOnly []string
				authed := 0
				for _, m := range *st.Methods {
					name := m.HTTPMethod + " " + m.Path
					switch {
					case m.HTTPMethod == "OPTIONS":
					case m.AuthorizationType == "NONE" && !m.APIKeyRequired:
						open = append(open, name)
					case m.AuthorizationType == "NONE":
						keyOnly = append(keyOnly, name)
					default:
						authed++
					}
				}
				if len(open) == 0 {
					msg := fmt.Sprintf("every method requires authorization (%s)", countOf(authed+len(keyOnly), "method", "methods"))
					if len(keyOnly) > 0 {
						msg += fmt.Sprintf("; %d rely on an API key alone (%s), which identifies a client but does not authenticate a user",
							len(keyOnly), apigwList(keyOnly))
					}
					c.Pass(loc, msg, Ev(st, "Methods", len(*st.Methods)))
					continue
				}
				msg := fmt.Sprintf("%d of %d methods have no authorization and no API key: %s",
					len(open), len(open)+len(keyOnly)+authed, apigwList(open))
				sev := c.check.Severity
				if api := apigwRestAPI(r, st.RestAPIID); api != nil && apigwPrivate(api) {
					sev = finding.Medium
					msg += " (private API: reachable only through VPC endpoints)"
				}
				c.FailAt(sev, loc, msg, Ev(st, "Methods[].AuthorizationType", "NONE"), Ev(st, "Methods[].ApiKeyRequired", false))
			}
		}
	},
}

var apigatewayHTTPRouteNoAuthorization = &Check{
	ID:           "apigateway-http-route-no-authorization",
	Service:      "apigateway",
	Title:        "HTTP and WebSocket API routes require authorization",
	Severity:     finding.High,
	ResourceType: apigwHTTPAPIType,
	Rationale: "An HTTP API route with authorization type NONE forwards any request from the internet to its " +
		"integration. HTTP APIs have no resource policies and no WAF support, so the route's authorizer (JWT, " +
		"IAM or Lambda) is the only control in front of the backend. For WebSocket APIs only the $connect " +
		"route can be authorized, and it guards the whole connection. OPTIONS routes for CORS preflight are " +
		"not counted.",
	Verify: "aws apigatewayv2 get-routes --api-id API_ID --query 'Items[].[RouteKey,AuthorizationType]'",
	Remediation: Remediation{
		Summary: "Attach a JWT, IAM or Lambda authorizer to every route (the $connect route for WebSocket APIs).",
		Console: "API Gateway > APIs > API > Authorization > select the route > Attach authorizer (create a JWT authorizer for your identity provider first).",
		CLI:     "aws apigatewayv2 update-route --api-id API_ID --route-id ROUTE_ID --authorization-type JWT --authorizer-id AUTHORIZER_ID",
		Terraform: "resource \"aws_apigatewayv2_route\" \"get_orders\" {\n  api_id             = aws_apigatewayv2_api.orders.id\n" +
			"  route_key          = \"GET /orders\"\n  authorization_type = \"JWT\"\n  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id\n}",
	},
	Seed: []string{"public-api-endpoint", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, api := range r.Resources.HTTPAPIs {
				loc := At(a, r, api)
				if api.Routes == nil {
					c.Unknown(loc, "the API's routes were not read", Ev(api, "Routes", api.Routes))
					continue
				}
				var open []string
				n := 0
				for _, rt := range *api.Routes {
					if strings.HasPrefix(rt.RouteKey, "OPTIONS ") || api.ProtocolType == "WEBSOCKET" && rt.RouteKey != "$connect" {
						continue
					}
					n++
					if rt.AuthorizationType == "NONE" || rt.AuthorizationType == "" {
						open = append(open, rt.RouteKey)
					}
				}
				if len(open) == 0 {
					c.Pass(loc, fmt.Sprintf("every route requires authorization (%s)", countOf(n, "route", "routes")), Ev(api, "Routes", len(*api.Routes)))
					continue
				}
				msg := fmt.Sprintf("%d of %d routes have no authorizer: %s", len(open), n, apigwList(open))
				if api.DisableExecuteAPIEndpoint {
					msg += " (reachable through its custom domain names only)"
				} else if api.APIEndpoint != "" {
					msg += "; callable at " + api.APIEndpoint
				}
				c.Fail(loc, msg, Ev(api, "Routes[].AuthorizationType", "NONE"))
			}
		}
	},
}

var apigatewayRestPublicNoPolicy = &Check{
	ID:           "apigateway-rest-api-public-no-policy",
	Service:      "apigateway",
	Title:        "REST APIs are private, or narrow who may invoke them with a resource policy",
	Severity:     finding.Medium,
	ResourceType: apigwRestAPIType,
	Rationale: "An EDGE or REGIONAL REST API accepts requests from the whole internet unless a resource policy " +
		"says otherwise. A resource policy is the place to limit an internal or partner API to known source IP " +
		"ranges, VPC endpoints or AWS accounts before any authorizer or backend runs, which also absorbs " +
		"credential-stuffing and scanning traffic at the edge. A PRIVATE API needs a policy that names its VPC " +
		"endpoints: one that allows \"*\" without an aws:SourceVpce or aws:SourceVpc condition can be invoked " +
		"through any VPC endpoint, in any AWS account.",
	Verify: "aws apigateway get-rest-apis --query 'items[].[id,name,endpointConfiguration.types[0],policy]'",
	Remediation: Remediation{
		Summary: "Make internal APIs PRIVATE with a policy naming their VPC endpoints; give public ones a policy that limits source IPs or accounts.",
		Console: "API Gateway > APIs > API > Resource policy: add a policy (for example the IP range allow list or VPC endpoint template) > Save; then Deploy API.",
		CLI: "aws apigateway update-rest-api --rest-api-id API_ID --patch-operations " +
			"'op=replace,path=/policy,value={\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\"," +
			"\"Resource\":\"execute-api:/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"198.51.100.0/24\"]}}}]}'\n" +
			"aws apigateway create-deployment --rest-api-id API_ID --stage-name prod",
		Terraform: "resource \"aws_api_gateway_rest_api_policy\" \"orders\" {\n  rest_api_id = aws_api_gateway_rest_api.orders.id\n" +
			"  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect = \"Allow\", Principal = \"*\", Action = \"execute-api:Invoke\"\n" +
			"      Resource  = \"${aws_api_gateway_rest_api.orders.execution_arn}/*\"\n" +
			"      Condition = { StringEquals = { \"aws:SourceVpce\" = aws_vpc_endpoint.execute_api.id } }\n    }]\n  })\n}",
	},
	Seed: []string{"public-api-endpoint"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, api := range r.Resources.RestAPIs {
				loc := At(a, r, api)
				types := Show(api.EndpointTypes)
				ev := []finding.Evidence{Ev(api, "EndpointConfiguration.Types", api.EndpointTypes), Ev(api, "Policy", orNone(api.Policy))}
				if len(api.EndpointTypes) == 0 {
					c.Unknown(loc, "the API's endpoint type was not read", ev...)
					continue
				}
				private := apigwPrivate(api)
				if api.Policy == "" {
					if private {
						c.FailAt(finding.Low, loc, "private API with no resource policy: it cannot be invoked until one names its VPC endpoints", ev...)
					} else {
						c.Fail(loc, fmt.Sprintf("%s endpoint with no resource policy: anyone on the internet can send requests", types), ev...)
					}
					continue
				}
				grants, err := rpPublicAllows(c, api.Policy, []string{"execute-api:Invoke"})
				if err != nil {
					c.Unknown(loc, "resource policy could not be read: "+err.Error(), ev...)
					continue
				}
				if len(grants) > 0 {
					if private {
						c.Fail(loc, "private API whose resource policy "+rpDescribe(grants)+": any VPC endpoint in any account can invoke it", ev...)
					} else {
						c.Fail(loc, fmt.Sprintf("%s endpoint whose resource policy %s: it narrows nothing", types, rpDescribe(grants)), ev...)
					}
					continue
				}
				c.Pass(loc, fmt.Sprintf("%s endpoint; the resource policy narrows who may invoke it", types), ev...)
			}
		}
	},
}

var apigatewayStageWAF = &Check{
	ID:           "apigateway-rest-stage-waf",
	Service:      "apigateway",
	Title:        "Public REST API stages are protected by an AWS WAF web ACL",
	Severity:     finding.Medium,
	ResourceType: apigwStageType,
	Needs:        []string{apigwRestAPIType},
	Rationale: "A stage of an EDGE or REGIONAL REST API takes traffic from the whole internet. Without a WAF " +
		"web ACL nothing inspects it before the backend: SQL injection and XSS payloads, known bad inputs " +
		"(Log4Shell), bots and scrapers, and request floods reach the integration, and stage throttling " +
		"limits only the rate, not who is sending. A web ACL with the AWS managed rule groups and a rate-based " +
		"rule blocks these at the edge and is the usual answer to layer-7 DDoS.",
	Verify: "aws apigateway get-stages --rest-api-id API_ID --query 'item[].[stageName,webAclArn]'",
	Remediation: Remediation{
		Summary: "Associate a regional AWS WAF web ACL (managed rule groups plus a rate-based rule) with the stage.",
		Console: "AWS WAF > Web ACLs > (Region) > WEB-ACL > Associated AWS resources > Add > API Gateway REST API > API and stage.",
		CLI: "aws wafv2 associate-web-acl --web-acl-arn arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api-protection/ID " +
			"--resource-arn arn:aws:apigateway:us-east-1::/restapis/API_ID/stages/prod",
		Terraform: "resource \"aws_wafv2_web_acl_association\" \"api\" {\n  resource_arn = aws_api_gateway_stage.prod.arn\n" +
			"  web_acl_arn  = aws_wafv2_web_acl.api.arn\n}",
	},
	Seed: []string{"public-api-endpoint", "ddos"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, st := range r.Resources.RestAPIStages {
				loc := At(a, r, st)
				api := apigwRestAPI(r, st.RestAPIID)
				switch {
				case api == nil || len(api.EndpointTypes) == 0:
					c.Unknown(loc, fmt.Sprintf("REST API %s of the stage (and so its endpoint type) was not found", st.RestAPIID), Ev(st, "RestApiId", st.RestAPIID))
				case apigwPrivate(api):
					continue // not reachable from the internet: not assessed here
				case st.WebACLARN != "":
					c.Pass(loc, "protected by web ACL "+st.WebACLARN, Ev(st, "WebAclArn", st.WebACLARN))
				default:
					c.Fail(loc, fmt.Sprintf("%s stage %q of %s has no WAF web ACL", Show(api.EndpointTypes), st.StageName, api.DisplayName()),
						Ev(st, "WebAclArn", "none"), Ev(api, "EndpointConfiguration.Types", api.EndpointTypes))
				}
			}
		}
	},
}

var apigatewayStageLogging = &Check{
	ID:           "apigateway-stage-logging",
	Service:      "apigateway",
	Title:        "API Gateway stages have access logging, and REST stages execution logging",
	Severity:     finding.Medium,
	ResourceType: apigwStageType,
	Needs:        []string{apigwHTTPStageType},
	Rationale: "Access logs record who called which route, from which IP, with which status and latency; " +
		"execution logs record authorizer decisions, integration errors and backend 5XX responses. Without " +
		"them an abused or attacked API leaves no trace beyond aggregate metrics: you cannot tell which " +
		"client scraped data, which key was leaked, or which backend call returned the 5XX that an alarm " +
		"fired on. Keep data tracing (full request and response bodies) off in production: it writes " +
		"tokens and personal data to the logs.",
	Verify: "aws apigateway get-stages --rest-api-id API_ID --query " +
		"'item[].[stageName,accessLogSettings.destinationArn,methodSettings.\"*/*\".loggingLevel]'; " +
		"aws apigatewayv2 get-stages --api-id API_ID --query 'Items[].[StageName,AccessLogSettings.DestinationArn]'",
	Remediation: Remediation{
		Summary: "Send stage access logs to a CloudWatch Logs group and set execution logging to ERROR (or INFO).",
		Console: "API Gateway > APIs > API > Stages > STAGE > Logs and tracing > Edit: CloudWatch logs ERROR, Custom access logging on with a log group ARN and format.",
		CLI: "aws apigateway update-stage --rest-api-id API_ID --stage-name prod --patch-operations " +
			"op=replace,path=/*/*/logging/loglevel,value=ERROR " +
			"op=replace,path=/accessLogSettings/destinationArn,value=arn:aws:logs:us-east-1:111122223333:log-group:/aws/apigateway/orders-api " +
			"'op=replace,path=/accessLogSettings/format,value={\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"status\":\"$context.status\"}'\n" +
			"aws apigatewayv2 update-stage --api-id API_ID --stage-name '$default' --access-log-settings " +
			"DestinationArn=arn:aws:logs:us-east-1:111122223333:log-group:/aws/apigateway/http-api,Format='$context.requestId $context.status'",
		Terraform: "resource \"aws_api_gateway_stage\" \"prod\" {\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n" +
			"    format          = jsonencode({ requestId = \"$context.requestId\", ip = \"$context.identity.sourceIp\", status = \"$context.status\" })\n  }\n}\n" +
			"resource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.orders.id\n" +
			"  stage_name  = aws_api_gateway_stage.prod.stage_name\n  method_path = \"*/*\"\n  settings {\n    logging_level   = \"ERROR\"\n" +
			"    metrics_enabled = true\n  }\n}",
	},
	Seed: []string{"api-5xx-alerting", "log-storage-monitoring", "public-api-endpoint"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, st := range r.Resources.RestAPIStages {
				loc := At(a, r, st)
				level := st.LoggingLevel
				if level == "" {
					level = "OFF"
				}
				ev := []finding.Evidence{Ev(st, "AccessLogSettings.DestinationArn", orNone(st.AccessLogDestinationARN)),
					Ev(st, "MethodSettings.*/*.LoggingLevel", level)}
				var missing []string
				if st.AccessLogDestinationARN == "" {
					missing = append(missing, "access logging is off")
				}
				if level == "OFF" {
					missing = append(missing, "execution logging is OFF")
				}
				switch len(missing) {
				case 0:
					msg := fmt.Sprintf("access logs go to %s; execution logging %s", st.AccessLogDestinationARN, level)
					if st.DataTraceEnabled {
						msg += " (data tracing is on: full requests and responses are logged)"
					}
					c.Pass(loc, msg, ev...)
				case 1:
					c.FailAt(finding.Low, loc, missing[0], ev...)
				default:
					c.Fail(loc, strings.Join(missing, "; ")+": calls and 5XX errors of this stage leave no log", ev...)
				}
			}
			for _, st := range r.Resources.HTTPAPIStages {
				loc := At(a, r, st)
				ev := Ev(st, "AccessLogSettings.DestinationArn", orNone(st.AccessLogDestinationARN))
				if st.AccessLogDestinationARN == "" {
					c.Fail(loc, fmt.Sprintf("access logging is off on stage %q of HTTP API %s", st.StageName, st.APIID), ev)
				} else {
					c.Pass(loc, "access logs go to "+st.AccessLogDestinationARN, ev)
				}
			}
		}
	},
}

var apigatewayStageClientCertificate = &Check{
	ID:           "apigateway-rest-stage-client-certificate",
	Service:      "apigateway",
	Title:        "REST API stages present a client certificate to HTTP backends",
	Severity:     finding.Low,
	ResourceType: apigwStageType,
	Rationale: "An HTTP backend behind API Gateway usually has a public endpoint of its own. Unless it can tell " +
		"that a request came from API Gateway, callers can skip the gateway — and its authorizers, WAF, " +
		"throttling and logging — and call the backend directly. A stage client certificate lets the " +
		"backend require mutual TLS and accept only requests signed by API Gateway. (Lambda and AWS service " +
		"integrations are invoked with IAM and do not need it.)",
	Verify: "aws apigateway get-stages --rest-api-id API_ID --query 'item[].[stageName,clientCertificateId]'",
	Remediation: Remediation{
		Summary: "Generate an API Gateway client certificate, attach it to the stage, and make the backend verify it.",
		Console: "API Gateway > Client certificates > Generate; then APIs > API > Stages > STAGE > Edit > Client certificate: choose it.",
		CLI: "aws apigateway generate-client-certificate --description orders-backend\n" +
			"aws apigateway update-stage --rest-api-id API_ID --stage-name prod --patch-operations op=replace,path=/clientCertificateId,value=CERT_ID",
		Terraform: "resource \"aws_api_gateway_client_certificate\" \"backend\" {\n  description = \"orders backend\"\n}\n" +
			"resource \"aws_api_gateway_stage\" \"prod\" {\n  client_certificate_id = aws_api_gateway_client_certificate.backend.id\n}",
	},
	Seed: []string{"encrypted-channel", "public-api-endpoint"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, st := range r.Resources.RestAPIStages {
				loc := At(a, r, st)
				if st.ClientCertificateID != "" {
					c.Pass(loc, "presents client certificate "+st.ClientCertificateID+" to the backend", Ev(st, "ClientCertificateId", st.ClientCertificateID))
					continue
				}
				c.Fail(loc, fmt.Sprintf("stage %q presents no client certificate: an HTTP backend cannot tell gateway traffic from direct calls", st.StageName),
					Ev(st, "ClientCertificateId", "none"))
			}
		}
	},
}
