package demo

import "github.com/awssec/awssec/inventory"

// apigwARN is the ARN of an API Gateway resource ("/restapis/ID"): API
// Gateway ARNs carry no account id.
func apigwARN(region, path string) string { return "arn:aws:apigateway:" + region + "::" + path }

func addAPIGateway(b *builder) {
	prod := b.region(ProdAccount, East)

	// The seed's "API endpoint exposed to the public": orders-api is a
	// REGIONAL REST API with no resource policy whose "prod" stage serves
	// POST /orders and GET /orders/{id} with no authorizer and no API key,
	// has no WAF web ACL, no access or execution logging and no client
	// certificate. It fails every API Gateway check on REST APIs.
	prod.Resources.RestAPIs = append(prod.Resources.RestAPIs,
		&inventory.RestAPI{
			Meta:          meta("apigateway:GetRestApis", "a1b2c3d4e5", apigwARN(East, "/restapis/a1b2c3d4e5"), "orders-api"),
			EndpointTypes: []string{"REGIONAL"}, APIKeySource: "HEADER", CreatedDate: daysAgo(540),
		},
		// payments-api is the well-configured peer: its resource policy
		// admits only the organization's principals, every method uses IAM
		// or a Lambda authorizer, and its stage has WAF, logging and a
		// client certificate. It passes every REST API check.
		&inventory.RestAPI{
			Meta:          meta("apigateway:GetRestApis", "p9q8r7s6t5", apigwARN(East, "/restapis/p9q8r7s6t5"), "payments-api"),
			EndpointTypes: []string{"REGIONAL"}, APIKeySource: "HEADER", CreatedDate: daysAgo(300),
			Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",` +
				`"Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"` + OrgID + `"}}}]}`,
		},
		// internal-admin-api is PRIVATE and its policy names the VPC
		// endpoint it is reached through (passes the public-endpoint check).
		&inventory.RestAPI{
			Meta:          meta("apigateway:GetRestApis", "x7y6z5w4v3", apigwARN(East, "/restapis/x7y6z5w4v3"), "internal-admin-api"),
			EndpointTypes: []string{"PRIVATE"}, VPCEndpointIDs: []string{"vpce-0execapi00000001"}, CreatedDate: daysAgo(200),
			DisableExecuteAPIEndpoint: false,
			Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",` +
				`"Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0execapi00000001"}}}]}`,
		},
	)
	prod.Resources.RestAPIStages = append(prod.Resources.RestAPIStages,
		&inventory.RestAPIStage{
			Meta:      meta("apigateway:GetStages", "a1b2c3d4e5/prod", apigwARN(East, "/restapis/a1b2c3d4e5/stages/prod"), "prod"),
			RestAPIID: "a1b2c3d4e5", StageName: "prod", DeploymentID: "d4e5f6", CreatedDate: daysAgo(540),
			Methods: &[]inventory.RestAPIMethod{
				{Path: "/orders", HTTPMethod: "GET", AuthorizationType: "COGNITO_USER_POOLS", AuthorizerID: "cog7a1"},
				{Path: "/orders", HTTPMethod: "OPTIONS", AuthorizationType: "NONE"},
				{Path: "/orders", HTTPMethod: "POST", AuthorizationType: "NONE"},
				{Path: "/orders/{id}", HTTPMethod: "GET", AuthorizationType: "NONE"},
			},
		},
		&inventory.RestAPIStage{
			Meta:      meta("apigateway:GetStages", "p9q8r7s6t5/prod", apigwARN(East, "/restapis/p9q8r7s6t5/stages/prod"), "prod"),
			RestAPIID: "p9q8r7s6t5", StageName: "prod", DeploymentID: "k2l3m4", CreatedDate: daysAgo(300),
			Methods: &[]inventory.RestAPIMethod{
				{Path: "/payments", HTTPMethod: "POST", AuthorizationType: "AWS_IAM"},
				{Path: "/payments/{id}", HTTPMethod: "GET", AuthorizationType: "CUSTOM", AuthorizerID: "lam9b2"},
				{Path: "/payments/{id}/refund", HTTPMethod: "POST", AuthorizationType: "AWS_IAM", APIKeyRequired: true},
			},
			WebACLARN:               arn("wafv2", East, ProdAccount, "regional/webacl/prod-api-protection/a1b2c3d4-5678-90ab-cdef-111111111111"),
			AccessLogDestinationARN: arn("logs", East, ProdAccount, "log-group:/aws/apigateway/payments-api"),
			AccessLogFormat:         `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"}`,
			LoggingLevel:            "ERROR", MetricsEnabled: true, TracingEnabled: true,
			ClientCertificateID: "q1w2e3", CacheClusterEnabled: true, CacheDataEncrypted: true,
		},
	)

	// HTTP APIs: mobile-api in prod authorizes every route with JWT and logs
	// access (passes); webhooks-api in dev takes POST /webhooks/github and
	// $default with no authorizer and keeps no access logs (fails both
	// checks that read HTTP APIs).
	prod.Resources.HTTPAPIs = append(prod.Resources.HTTPAPIs, &inventory.HTTPAPI{
		Meta:         meta("apigateway:GetApis", "m1n2b3v4c5", apigwARN(East, "/apis/m1n2b3v4c5"), "mobile-api"),
		ProtocolType: "HTTP", APIEndpoint: "https://m1n2b3v4c5.execute-api.us-east-1.amazonaws.com", CreatedDate: daysAgo(120),
		Routes: &[]inventory.HTTPAPIRoute{
			{RouteKey: "GET /profile", AuthorizationType: "JWT", AuthorizerID: "jwt01a"},
			{RouteKey: "POST /cart", AuthorizationType: "JWT", AuthorizerID: "jwt01a"},
			{RouteKey: "OPTIONS /cart", AuthorizationType: "NONE"},
		},
		CORSConfiguration: &inventory.HTTPAPICORS{AllowOrigins: []string{"https://app.acme-shop.example"}, AllowMethods: []string{"GET", "POST"}},
	})
	prod.Resources.HTTPAPIStages = append(prod.Resources.HTTPAPIStages, &inventory.HTTPAPIStage{
		Meta:  meta("apigateway:GetStages", "m1n2b3v4c5/prod", apigwARN(East, "/apis/m1n2b3v4c5/stages/prod"), "prod"),
		APIID: "m1n2b3v4c5", StageName: "prod", AutoDeploy: true,
		AccessLogDestinationARN: arn("logs", East, ProdAccount, "log-group:/aws/apigateway/mobile-api"),
		AccessLogFormat:         "$context.requestId $context.identity.sourceIp $context.routeKey $context.status",
		ThrottlingBurstLimit:    inventory.Ptr(200), ThrottlingRateLimit: inventory.Ptr(100.0),
	})
	dev := b.region(DevAccount, West)
	dev.Resources.HTTPAPIs = append(dev.Resources.HTTPAPIs, &inventory.HTTPAPI{
		Meta:         meta("apigateway:GetApis", "w8e7b6h5k4", apigwARN(West, "/apis/w8e7b6h5k4"), "webhooks-api"),
		ProtocolType: "HTTP", APIEndpoint: "https://w8e7b6h5k4.execute-api.eu-west-1.amazonaws.com", CreatedDate: daysAgo(60),
		Routes: &[]inventory.HTTPAPIRoute{
			{RouteKey: "POST /webhooks/github", AuthorizationType: "NONE"},
			{RouteKey: "$default", AuthorizationType: "NONE"},
		},
		CORSConfiguration: &inventory.HTTPAPICORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}},
	})
	dev.Resources.HTTPAPIStages = append(dev.Resources.HTTPAPIStages, &inventory.HTTPAPIStage{
		Meta:  meta("apigateway:GetStages", "w8e7b6h5k4/$default", apigwARN(West, "/apis/w8e7b6h5k4/stages/$default"), "$default"),
		APIID: "w8e7b6h5k4", StageName: "$default", AutoDeploy: true,
	})
}
