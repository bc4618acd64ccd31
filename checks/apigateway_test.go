package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func apigwAPI(id string, types []string, pol string) *inventory.RestAPI {
	return &inventory.RestAPI{Meta: meta(id), EndpointTypes: types, Policy: pol}
}

func apigwStage(api, name string, spoil func(*inventory.RestAPIStage)) *inventory.RestAPIStage {
	st := &inventory.RestAPIStage{
		Meta: meta(api + "/" + name), RestAPIID: api, StageName: name,
		Methods: &[]inventory.RestAPIMethod{
			{Path: "/orders", HTTPMethod: "GET", AuthorizationType: "COGNITO_USER_POOLS", AuthorizerID: "abc123"},
			{Path: "/orders", HTTPMethod: "OPTIONS", AuthorizationType: "NONE"},
		},
		WebACLARN:               "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1",
		AccessLogDestinationARN: "arn:aws:logs:us-east-1:123456789012:log-group:api",
		LoggingLevel:            "ERROR",
		ClientCertificateID:     "cert1",
	}
	if spoil != nil {
		spoil(st)
	}
	return st
}

func apigwAddMethod(m inventory.RestAPIMethod) func(*inventory.RestAPIStage) {
	return func(st *inventory.RestAPIStage) { *st.Methods = append(*st.Methods, m) }
}

func TestAPIGatewayRestNoAuthorization(t *testing.T) {
	runCases(t, apigatewayRestNoAuthorization, []checkCase{{
		name: "NONE without a key fails; OPTIONS, API keys and authorizers pass",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.RestAPIs = []*inventory.RestAPI{apigwAPI("pub", []string{"REGIONAL"}, ""), apigwAPI("priv", []string{"PRIVATE"}, "")}
			r.Resources.RestAPIStages = []*inventory.RestAPIStage{
				apigwStage("pub", "open", apigwAddMethod(inventory.RestAPIMethod{Path: "/orders/{id}", HTTPMethod: "DELETE", AuthorizationType: "NONE"})),
				apigwStage("pub", "key", apigwAddMethod(inventory.RestAPIMethod{Path: "/ping", HTTPMethod: "GET", AuthorizationType: "NONE", APIKeyRequired: true})),
				apigwStage("pub", "ok", nil),
				apigwStage("priv", "open", apigwAddMethod(inventory.RestAPIMethod{Path: "/", HTTPMethod: "ANY", AuthorizationType: "NONE"})),
				apigwStage("pub", "unread", func(st *inventory.RestAPIStage) { st.Methods = nil }),
			}
		},
		want: map[string]finding.Status{"pub/open": finding.Fail, "pub/key": finding.Pass, "pub/ok": finding.Pass,
			"priv/open": finding.Fail, "pub/unread": finding.Error},
		contains: map[string]string{"pub/open": "DELETE /orders/{id}", "pub/key": "API key alone", "priv/open": "private API"},
	}})
}

func TestAPIGatewayHTTPRouteNoAuthorization(t *testing.T) {
	api := func(id, proto string, routes ...inventory.HTTPAPIRoute) *inventory.HTTPAPI {
		return &inventory.HTTPAPI{Meta: meta(id), ProtocolType: proto, APIEndpoint: "https://" + id + ".execute-api.us-east-1.amazonaws.com", Routes: &routes}
	}
	runCases(t, apigatewayHTTPRouteNoAuthorization, []checkCase{{
		name: "routes without authorizer fail",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.HTTPAPIs = []*inventory.HTTPAPI{
				api("open", "HTTP", inventory.HTTPAPIRoute{RouteKey: "GET /orders", AuthorizationType: "JWT"},
					inventory.HTTPAPIRoute{RouteKey: "POST /admin", AuthorizationType: "NONE"}),
				api("ok", "HTTP", inventory.HTTPAPIRoute{RouteKey: "GET /orders", AuthorizationType: "JWT"},
					inventory.HTTPAPIRoute{RouteKey: "OPTIONS /orders", AuthorizationType: "NONE"}),
				api("ws", "WEBSOCKET", inventory.HTTPAPIRoute{RouteKey: "$connect", AuthorizationType: "CUSTOM"},
					inventory.HTTPAPIRoute{RouteKey: "sendMessage", AuthorizationType: "NONE"}),
				api("ws-open", "WEBSOCKET", inventory.HTTPAPIRoute{RouteKey: "$connect", AuthorizationType: "NONE"}),
				{Meta: meta("unread"), ProtocolType: "HTTP"},
			}
		},
		want:     map[string]finding.Status{"open": finding.Fail, "ok": finding.Pass, "ws": finding.Pass, "ws-open": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"open": "POST /admin", "ws-open": "$connect"},
	}})
}

func TestAPIGatewayRestPublicNoPolicy(t *testing.T) {
	const ipPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}`
	const openPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`
	const vpcePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`
	runCases(t, apigatewayRestPublicNoPolicy, []checkCase{{
		name: "public without policy or with an open one fails",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.RestAPIs = []*inventory.RestAPI{
				apigwAPI("edge", []string{"EDGE"}, ""),
				apigwAPI("open", []string{"REGIONAL"}, openPolicy),
				apigwAPI("ip", []string{"REGIONAL"}, ipPolicy),
				apigwAPI("priv-open", []string{"PRIVATE"}, openPolicy),
				apigwAPI("priv-none", []string{"PRIVATE"}, ""),
				apigwAPI("priv", []string{"PRIVATE"}, vpcePolicy),
				apigwAPI("unread", nil, ""),
				apigwAPI("bad", []string{"EDGE"}, "not json"),
			}
		},
		want: map[string]finding.Status{"edge": finding.Fail, "open": finding.Fail, "ip": finding.Pass, "priv-open": finding.Fail,
			"priv-none": finding.Fail, "priv": finding.Pass, "unread": finding.Error, "bad": finding.Error},
		contains: map[string]string{"edge": "EDGE endpoint with no resource policy", "priv-open": "any VPC endpoint"},
	}})
}

func TestAPIGatewayStageWAF(t *testing.T) {
	runCases(t, apigatewayStageWAF, []checkCase{{
		name: "public stage without web ACL fails; private is not assessed",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.RestAPIs = []*inventory.RestAPI{apigwAPI("pub", []string{"REGIONAL"}, ""), apigwAPI("priv", []string{"PRIVATE"}, "")}
			r.Resources.RestAPIStages = []*inventory.RestAPIStage{
				apigwStage("pub", "bare", func(st *inventory.RestAPIStage) { st.WebACLARN = "" }),
				apigwStage("pub", "waf", nil),
				apigwStage("priv", "bare", func(st *inventory.RestAPIStage) { st.WebACLARN = "" }),
				apigwStage("gone", "prod", nil),
			}
		},
		want:     map[string]finding.Status{"pub/bare": finding.Fail, "pub/waf": finding.Pass, "gone/prod": finding.Error},
		contains: map[string]string{"pub/bare": "REGIONAL stage \"bare\""},
	}})
}

func TestAPIGatewayStageLogging(t *testing.T) {
	runCases(t, apigatewayStageLogging, []checkCase{{
		name: "REST and HTTP stages",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.RestAPIStages = []*inventory.RestAPIStage{
				apigwStage("a", "none", func(st *inventory.RestAPIStage) { st.AccessLogDestinationARN = ""; st.LoggingLevel = "" }),
				apigwStage("a", "noexec", func(st *inventory.RestAPIStage) { st.LoggingLevel = "OFF" }),
				apigwStage("a", "ok", nil),
			}
			r.Resources.HTTPAPIStages = []*inventory.HTTPAPIStage{
				{Meta: meta("h/$default"), APIID: "h", StageName: "$default"},
				{Meta: meta("h/prod"), APIID: "h", StageName: "prod", AccessLogDestinationARN: "arn:aws:logs:us-east-1:123456789012:log-group:h"},
			}
		},
		want: map[string]finding.Status{"a/none": finding.Fail, "a/noexec": finding.Fail, "a/ok": finding.Pass,
			"h/$default": finding.Fail, "h/prod": finding.Pass},
		contains: map[string]string{"a/none": "access logging is off; execution logging is OFF", "a/noexec": "execution logging is OFF"},
	}, {
		name: "HTTP stages not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: apigwHTTPStageType, Call: "apigatewayv2:GetStages", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestAPIGatewayStageClientCertificate(t *testing.T) {
	runCases(t, apigatewayStageClientCertificate, []checkCase{{
		name: "stage without certificate fails",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.RestAPIStages = []*inventory.RestAPIStage{
				apigwStage("a", "bare", func(st *inventory.RestAPIStage) { st.ClientCertificateID = "" }),
				apigwStage("a", "ok", nil),
			}
		},
		want: map[string]finding.Status{"a/bare": finding.Fail, "a/ok": finding.Pass},
	}, {
		name: "stages not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: apigwStageType, Call: "apigateway:GetStages", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}
