package apigateway_test

import (
	"encoding/json"
	"testing"

	"github.com/awssec/awssec/collect/aws/apigateway"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func gapTypes(r *inventory.Region) []string {
	var out []string
	for _, g := range r.Gaps {
		out = append(out, g.ResourceType+" "+g.Call)
	}
	return out
}

// TestRestAPIsDenied: without the REST APIs, their stages are unknown too;
// HTTP APIs are still collected.
func TestRestAPIsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "apigateway", Op: "GetRestApis", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, apigateway.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.RestAPIs != nil || r.Resources.RestAPIStages != nil {
		t.Errorf("REST APIs collected despite the denied list: %v %v", r.Resources.RestAPIs, r.Resources.RestAPIStages)
	}
	want := []string{"AWS::ApiGateway::RestApi apigateway:GetRestApis", "AWS::ApiGateway::Stage apigateway:GetRestApis"}
	if got := gapTypes(r); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("gaps %v, want %v", got, want)
	}
	if len(r.Resources.HTTPAPIs) != 1 || len(r.Resources.HTTPAPIStages) != 1 {
		t.Errorf("HTTP APIs not collected: %v %v", r.Resources.HTTPAPIs, r.Resources.HTTPAPIStages)
	}
}

func TestHTTPAPIsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "apigateway", Op: "GetApis", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, apigateway.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.HTTPAPIs != nil || r.Resources.HTTPAPIStages != nil {
		t.Errorf("HTTP APIs collected despite the denied list: %v %v", r.Resources.HTTPAPIs, r.Resources.HTTPAPIStages)
	}
	if got := gapTypes(r); len(got) != 2 || got[0] != "AWS::ApiGatewayV2::Api apigateway:GetApis" {
		t.Errorf("gaps %v, want gaps on HTTP APIs and their stages", got)
	}
	if len(r.Resources.RestAPIs) != 3 || len(r.Resources.RestAPIStages) != 2 {
		t.Errorf("REST APIs not collected: %d APIs, %d stages", len(r.Resources.RestAPIs), len(r.Resources.RestAPIStages))
	}
}

// TestDetailsDenied: unread methods and routes are unknown (nil), and the
// stages and APIs are kept.
func TestDetailsDenied(t *testing.T) {
	srv := awstest.Demo(t,
		awstest.Fault{Service: "apigateway", Op: "GetResources", Err: awstest.AccessDenied(awstest.RESTJSON)},
		awstest.Fault{Service: "apigateway", Op: "GetRoutes", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, apigateway.Service, demo.ProdAccount, demo.East).Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.RestAPIStages) != 2 || len(r.Resources.HTTPAPIs) != 1 {
		t.Fatalf("want the stages and APIs and no gap, got %+v", r.Gaps)
	}
	for _, st := range r.Resources.RestAPIStages {
		if st.Methods != nil {
			t.Errorf("%s: methods %v, want unknown", st.ID, *st.Methods)
		}
	}
	if rt := r.Resources.HTTPAPIs[0].Routes; rt != nil {
		t.Errorf("routes %v, want unknown", *rt)
	}
}

// TestPolicyUnescaped: API Gateway returns REST API policies escaped; the
// inventory holds the JSON document.
func TestPolicyUnescaped(t *testing.T) {
	r := awstest.Demo(t).Collect(t, apigateway.Service, demo.ProdAccount, demo.East).Regions[0]
	for _, api := range r.Resources.RestAPIs {
		if api.Policy != "" && !json.Valid([]byte(api.Policy)) {
			t.Errorf("%s: policy is not JSON: %s", api.Name, api.Policy)
		}
	}
	if r.Resources.RestAPIs[1].Policy != demo.Estate().Account(demo.ProdAccount).Region(demo.East).Resources.RestAPIs[1].Policy {
		t.Errorf("payments-api policy changed on the way: %s", r.Resources.RestAPIs[1].Policy)
	}
}
