package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerAPIGateway serves the region's API Gateway APIs (REST-JSON, both
// signing as "apigateway"): REST APIs with their stages and resources (v1,
// paths under /restapis), and HTTP and WebSocket APIs with their routes and
// stages (v2, paths under /v2/apis).
func registerAPIGateway(s *Server) {
	region := func(r *Request) *inventory.Region {
		if _, reg := r.Scope(s); reg != nil {
			return reg
		}
		return &inventory.Region{}
	}
	restStages := func(r *Request, apiID string) ([]*inventory.RestAPIStage, error) {
		reg := region(r)
		if !slices.ContainsFunc(reg.Resources.RestAPIs, func(a *inventory.RestAPI) bool { return a.ID == apiID }) {
			return nil, NotFound("NotFoundException", "Invalid API identifier specified")
		}
		var out []*inventory.RestAPIStage
		for _, st := range reg.Resources.RestAPIStages {
			if st.RestAPIID == apiID {
				out = append(out, st)
			}
		}
		return out, nil
	}
	s.Route("apigateway", "GET", "/restapis", "GetRestApis", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.RestAPIs, r.String("position"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, a := range page {
			items = append(items, apigwRestAPI(a))
		}
		return M{"item": items, "position": nilIfEmpty(next)}, nil
	})
	s.Route("apigateway", "GET", "/restapis/{restApiId}/stages", "GetStages", func(r *Request) (any, error) {
		stages, err := restStages(r, r.String("restApiId"))
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, st := range stages {
			items = append(items, apigwRestStage(st))
		}
		return M{"item": items}, nil
	})
	s.Route("apigateway", "GET", "/restapis/{restApiId}/resources", "GetResources", func(r *Request) (any, error) {
		stages, err := restStages(r, r.String("restApiId"))
		if err != nil {
			return nil, err
		}
		// The inventory keeps the methods on the stages; the API's resources
		// are those of its first stage.
		var methods []inventory.RestAPIMethod
		if len(stages) > 0 {
			if stages[0].Methods == nil {
				return nil, AccessDenied(RESTJSON)
			}
			methods = *stages[0].Methods
		}
		page, next, err := Page(apigwResources(methods, r.String("embed") == "methods"), r.String("position"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"item": page, "position": nilIfEmpty(next)}, nil
	})

	httpStages := func(r *Request, apiID string) ([]*inventory.HTTPAPIStage, *inventory.HTTPAPI, error) {
		reg := region(r)
		i := slices.IndexFunc(reg.Resources.HTTPAPIs, func(a *inventory.HTTPAPI) bool { return a.ID == apiID })
		if i < 0 {
			return nil, nil, NotFound("NotFoundException", "Invalid API identifier specified "+apiID)
		}
		var out []*inventory.HTTPAPIStage
		for _, st := range reg.Resources.HTTPAPIStages {
			if st.APIID == apiID {
				out = append(out, st)
			}
		}
		return out, reg.Resources.HTTPAPIs[i], nil
	}
	s.Route("apigateway", "GET", "/v2/apis", "GetApis", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.HTTPAPIs, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, a := range page {
			items = append(items, apigwHTTPAPI(a))
		}
		return M{"items": items, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Route("apigateway", "GET", "/v2/apis/{ApiId}/routes", "GetRoutes", func(r *Request) (any, error) {
		_, api, err := httpStages(r, r.String("ApiId"))
		if err != nil {
			return nil, err
		}
		if api.Routes == nil {
			return nil, AccessDenied(RESTJSON)
		}
		page, next, err := Page(*api.Routes, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for i, rt := range page {
			items = append(items, M{"routeId": fmt.Sprintf("rt%05d", i), "routeKey": rt.RouteKey, "authorizationType": rt.AuthorizationType,
				"authorizerId": nilIfEmpty(rt.AuthorizerID), "apiKeyRequired": rt.APIKeyRequired, "apiGatewayManaged": false})
		}
		return M{"items": items, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Route("apigateway", "GET", "/v2/apis/{ApiId}/stages", "GetStages", func(r *Request) (any, error) {
		stages, _, err := httpStages(r, r.String("ApiId"))
		if err != nil {
			return nil, err
		}
		page, next, err := Page(stages, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, st := range page {
			items = append(items, apigwHTTPStage(st))
		}
		return M{"items": items, "nextToken": nilIfEmpty(next)}, nil
	})
}

// apigwRestAPI is a RestApi. API Gateway returns the resource policy as an
// escaped JSON string ({\"Version\":...} with \/ for /), and so does the
// double.
func apigwRestAPI(a *inventory.RestAPI) M {
	out := M{"id": a.ID, "name": a.Name, "createdDate": apigwEpoch(a.CreatedDate), "apiKeySource": nilIfEmpty(a.APIKeySource),
		"disableExecuteApiEndpoint": a.DisableExecuteAPIEndpoint, "rootResourceId": "root00",
		"endpointConfiguration": M{"types": a.EndpointTypes, "vpcEndpointIds": elbOmitEmpty(a.VPCEndpointIDs)}}
	if a.Policy != "" {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(a.Policy)
		quoted := strings.TrimSpace(b.String())
		out["policy"] = strings.ReplaceAll(quoted[1:len(quoted)-1], "/", `\/`)
	}
	return out
}

func apigwRestStage(st *inventory.RestAPIStage) M {
	out := M{"stageName": st.StageName, "deploymentId": nilIfEmpty(st.DeploymentID), "createdDate": apigwEpoch(st.CreatedDate),
		"lastUpdatedDate": apigwEpoch(st.CreatedDate), "cacheClusterEnabled": st.CacheClusterEnabled, "cacheClusterStatus": "NOT_AVAILABLE",
		"tracingEnabled": st.TracingEnabled, "webAclArn": nilIfEmpty(st.WebACLARN), "clientCertificateId": nilIfEmpty(st.ClientCertificateID)}
	if st.CacheClusterEnabled {
		out["cacheClusterSize"], out["cacheClusterStatus"] = "0.5", "AVAILABLE"
	}
	if st.AccessLogDestinationARN != "" {
		out["accessLogSettings"] = M{"destinationArn": st.AccessLogDestinationARN, "format": nilIfEmpty(st.AccessLogFormat)}
	}
	// Stage-wide settings are the "*/*" method setting; a stage that has
	// none set has no method settings.
	settings := M{}
	if st.LoggingLevel != "" || st.DataTraceEnabled || st.MetricsEnabled || st.CacheDataEncrypted {
		settings["*/*"] = M{"loggingLevel": nilIfEmpty(st.LoggingLevel), "dataTraceEnabled": st.DataTraceEnabled,
			"metricsEnabled": st.MetricsEnabled, "cacheDataEncrypted": st.CacheDataEncrypted, "cachingEnabled": st.CacheClusterEnabled,
			"cacheTtlInSeconds": 300, "throttlingBurstLimit": 5000, "throttlingRateLimit": 10000.0,
			"requireAuthorizationForCacheControl": true, "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}
	}
	out["methodSettings"] = settings
	return out
}

// apigwResources is the resource tree of a REST API holding methods: the
// root, every path and the parents of each, with their methods embedded
// (GetResources with embed=methods) or only named.
func apigwResources(methods []inventory.RestAPIMethod, embed bool) []any {
	paths := []string{"/"}
	for _, m := range methods {
		for p := m.Path; p != "/" && p != ""; p = apigwParentPath(p) {
			if !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
	}
	slices.Sort(paths)
	ids := map[string]string{}
	for i, p := range paths {
		ids[p] = fmt.Sprintf("rs%04d", i)
	}
	ids["/"] = "root00"
	var out []any
	for _, p := range paths {
		res := M{"id": ids[p], "path": p}
		if p != "/" {
			res["parentId"], res["pathPart"] = ids[apigwParentPath(p)], p[strings.LastIndexByte(p, '/')+1:]
		}
		rm := M{}
		for _, m := range methods {
			if m.Path != p {
				continue
			}
			if !embed {
				rm[m.HTTPMethod] = M{}
				continue
			}
			rm[m.HTTPMethod] = M{"httpMethod": m.HTTPMethod, "authorizationType": m.AuthorizationType,
				"authorizerId": nilIfEmpty(m.AuthorizerID), "apiKeyRequired": m.APIKeyRequired,
				"methodResponses": M{"200": M{"statusCode": "200"}}}
		}
		if len(rm) > 0 {
			res["resourceMethods"] = rm
		}
		out = append(out, res)
	}
	return out
}

func apigwParentPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// apigwHTTPAPI is a v2 Api. v2 writes its timestamps as ISO 8601 strings.
func apigwHTTPAPI(a *inventory.HTTPAPI) M {
	out := M{"apiId": a.ID, "name": a.Name, "protocolType": a.ProtocolType, "apiEndpoint": nilIfEmpty(a.APIEndpoint),
		"disableExecuteApiEndpoint": a.DisableExecuteAPIEndpoint, "createdDate": apigwTime(a.CreatedDate),
		"apiKeySelectionExpression": "$request.header.x-api-key", "routeSelectionExpression": "$request.method $request.path"}
	if a.ProtocolType == "WEBSOCKET" {
		out["routeSelectionExpression"] = "$request.body.action"
	}
	if c := a.CORSConfiguration; c != nil {
		cors := M{"allowOrigins": elbOmitEmpty(c.AllowOrigins), "allowMethods": elbOmitEmpty(c.AllowMethods),
			"allowHeaders": elbOmitEmpty(c.AllowHeaders), "allowCredentials": c.AllowCredentials}
		if c.MaxAge != 0 {
			cors["maxAge"] = c.MaxAge
		}
		out["corsConfiguration"] = cors
	}
	return out
}

func apigwHTTPStage(st *inventory.HTTPAPIStage) M {
	out := M{"stageName": st.StageName, "autoDeploy": st.AutoDeploy, "createdDate": apigwTime(st.CreatedDate),
		"lastUpdatedDate": apigwTime(st.CreatedDate), "apiGatewayManaged": false, "routeSettings": M{}, "stageVariables": M{}}
	if st.AccessLogDestinationARN != "" {
		out["accessLogSettings"] = M{"destinationArn": st.AccessLogDestinationARN, "format": nilIfEmpty(st.AccessLogFormat)}
	}
	route := M{"detailedMetricsEnabled": false}
	if st.ThrottlingBurstLimit != nil {
		route["throttlingBurstLimit"] = *st.ThrottlingBurstLimit
	}
	if st.ThrottlingRateLimit != nil {
		route["throttlingRateLimit"] = *st.ThrottlingRateLimit
	}
	out["defaultRouteSettings"] = route
	return out
}

func apigwTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// apigwEpoch is a v1 timestamp (epoch seconds once encoded); nil when unset.
func apigwEpoch(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
