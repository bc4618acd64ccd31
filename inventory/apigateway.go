package inventory

import "time"

// RestAPI is an AWS::ApiGateway::RestApi: an API Gateway REST API (v1), as
// apigateway:GetRestApis returns it. Meta.ID is the API id ("a1b2c3d4e5").
type RestAPI struct {
	Meta `json:",inline"`
	// EndpointTypes is EndpointConfiguration.Types: "EDGE", "REGIONAL" or
	// "PRIVATE". EDGE and REGIONAL endpoints are reachable from the internet.
	EndpointTypes []string `json:"endpointTypes,omitzero"`
	// VPCEndpointIDs are the VPC endpoints a PRIVATE API is associated with.
	VPCEndpointIDs []string `json:"vpcEndpointIds,omitzero"`
	// Policy is the API's resource policy as JSON text; empty when it has none.
	Policy string `json:"policy,omitzero"`
	// APIKeySource is "HEADER" or "AUTHORIZER".
	APIKeySource string `json:"apiKeySource,omitzero"`
	// DisableExecuteAPIEndpoint turns off the default
	// https://{id}.execute-api.{region}.amazonaws.com endpoint, leaving only
	// custom domain names.
	DisableExecuteAPIEndpoint bool      `json:"disableExecuteApiEndpoint,omitzero"`
	CreatedDate               time.Time `json:"createdDate,omitzero"`
}

// Type returns "AWS::ApiGateway::RestApi".
func (*RestAPI) Type() string { return "AWS::ApiGateway::RestApi" }

// RestAPIStage is an AWS::ApiGateway::Stage: a deployed stage of a REST API,
// as apigateway:GetStages returns it, with the methods of its deployment.
// Meta.ID is "{restApiId}/{stageName}".
type RestAPIStage struct {
	Meta         `json:",inline"`
	RestAPIID    string `json:"restApiId"`
	StageName    string `json:"stageName"`
	DeploymentID string `json:"deploymentId,omitzero"`
	// Methods are the methods the stage serves (apigateway:GetResources with
	// embed=methods). Nil when not read; an empty list means none.
	Methods *[]RestAPIMethod `json:"methods,omitzero"`
	// WebACLARN is the AWS WAF web ACL associated with the stage; empty when none.
	WebACLARN string `json:"webAclArn,omitzero"`
	// AccessLogDestinationARN is AccessLogSettings.DestinationArn: the
	// CloudWatch Logs log group or Firehose stream; empty when access logging is off.
	AccessLogDestinationARN string `json:"accessLogDestinationArn,omitzero"`
	AccessLogFormat         string `json:"accessLogFormat,omitzero"`
	// LoggingLevel is the stage-wide ("*/*") execution logging level: "OFF",
	// "ERROR" or "INFO". Empty means not set, which is OFF.
	LoggingLevel string `json:"loggingLevel,omitzero"`
	// DataTraceEnabled logs full requests and responses (which may hold secrets).
	DataTraceEnabled bool `json:"dataTraceEnabled,omitzero"`
	// MetricsEnabled turns on detailed CloudWatch metrics (per method 4XX/5XX).
	MetricsEnabled bool `json:"metricsEnabled,omitzero"`
	// TracingEnabled is X-Ray tracing.
	TracingEnabled bool `json:"tracingEnabled,omitzero"`
	// ClientCertificateID is the client certificate API Gateway presents to
	// the backend; empty when none.
	ClientCertificateID string `json:"clientCertificateId,omitzero"`
	CacheClusterEnabled bool   `json:"cacheClusterEnabled,omitzero"`
	// CacheDataEncrypted is the stage-wide ("*/*") cache encryption setting.
	CacheDataEncrypted bool      `json:"cacheDataEncrypted,omitzero"`
	CreatedDate        time.Time `json:"createdDate,omitzero"`
}

// Type returns "AWS::ApiGateway::Stage".
func (*RestAPIStage) Type() string { return "AWS::ApiGateway::Stage" }

// RestAPIMethod is one method of a REST API resource.
type RestAPIMethod struct {
	Path       string `json:"path"`       // the resource path: "/orders/{id}"
	HTTPMethod string `json:"httpMethod"` // "GET", "POST", "ANY", "OPTIONS", ...
	// AuthorizationType is "NONE", "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM"
	// (a Lambda authorizer).
	AuthorizationType string `json:"authorizationType"`
	AuthorizerID      string `json:"authorizerId,omitzero"`
	// APIKeyRequired makes callers present an API key of a usage plan.
	APIKeyRequired bool `json:"apiKeyRequired,omitzero"`
}

// HTTPAPI is an AWS::ApiGatewayV2::Api: an API Gateway HTTP or WebSocket
// API (v2), as apigatewayv2:GetApis returns it. Meta.ID is the API id.
type HTTPAPI struct {
	Meta `json:",inline"`
	// ProtocolType is "HTTP" or "WEBSOCKET".
	ProtocolType string `json:"protocolType"`
	APIEndpoint  string `json:"apiEndpoint,omitzero"`
	// Routes are the API's routes (apigatewayv2:GetRoutes). Nil when not
	// read; an empty list means none.
	Routes *[]HTTPAPIRoute `json:"routes,omitzero"`
	// DisableExecuteAPIEndpoint turns off the default execute-api endpoint.
	DisableExecuteAPIEndpoint bool `json:"disableExecuteApiEndpoint,omitzero"`
	// CORSConfiguration is nil when the API has no CORS configuration.
	CORSConfiguration *HTTPAPICORS `json:"corsConfiguration,omitzero"`
	CreatedDate       time.Time    `json:"createdDate,omitzero"`
}

// Type returns "AWS::ApiGatewayV2::Api".
func (*HTTPAPI) Type() string { return "AWS::ApiGatewayV2::Api" }

// HTTPAPIRoute is one route of an HTTP or WebSocket API.
type HTTPAPIRoute struct {
	// RouteKey is "GET /orders", "ANY /{proxy+}", "$default", or for
	// WebSocket APIs "$connect", "$disconnect", "sendMessage".
	RouteKey string `json:"routeKey"`
	// AuthorizationType is "NONE", "AWS_IAM", "JWT" or "CUSTOM".
	AuthorizationType string `json:"authorizationType"`
	AuthorizerID      string `json:"authorizerId,omitzero"`
	APIKeyRequired    bool   `json:"apiKeyRequired,omitzero"`
}

// HTTPAPICORS is an HTTP API's CorsConfiguration.
type HTTPAPICORS struct {
	AllowOrigins     []string `json:"allowOrigins,omitzero"`
	AllowMethods     []string `json:"allowMethods,omitzero"`
	AllowHeaders     []string `json:"allowHeaders,omitzero"`
	AllowCredentials bool     `json:"allowCredentials,omitzero"`
	MaxAge           int      `json:"maxAge,omitzero"`
}

// HTTPAPIStage is an AWS::ApiGatewayV2::Stage. Meta.ID is "{apiId}/{stageName}".
type HTTPAPIStage struct {
	Meta       `json:",inline"`
	APIID      string `json:"apiId"`
	StageName  string `json:"stageName"`
	AutoDeploy bool   `json:"autoDeploy,omitzero"`
	// AccessLogDestinationARN is AccessLogSettings.DestinationArn; empty when
	// access logging is off.
	AccessLogDestinationARN string `json:"accessLogDestinationArn,omitzero"`
	AccessLogFormat         string `json:"accessLogFormat,omitzero"`
	// ThrottlingBurstLimit and ThrottlingRateLimit are the
	// DefaultRouteSettings throttles; nil when not set (account limits apply).
	ThrottlingBurstLimit *int      `json:"throttlingBurstLimit,omitzero"`
	ThrottlingRateLimit  *float64  `json:"throttlingRateLimit,omitzero"`
	CreatedDate          time.Time `json:"createdDate,omitzero"`
}

// Type returns "AWS::ApiGatewayV2::Stage".
func (*HTTPAPIStage) Type() string { return "AWS::ApiGatewayV2::Stage" }
