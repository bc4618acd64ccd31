package lambda_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/awssec/awssec/collect/aws/lambda"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestListDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "lambda", Op: "ListFunctions", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, lambda.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.LambdaFunctions != nil {
		t.Errorf("functions collected despite the denied list: %v", r.Resources.LambdaFunctions)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::Lambda::Function" || r.Gaps[0].Call != "lambda:ListFunctions" {
		t.Errorf("want one gap on lambda:ListFunctions, got %+v", r.Gaps)
	}
}

// TestDetailsDenied: a failed detail call leaves its field unknown and
// keeps the function; a function without a policy has a known empty one.
func TestDetailsDenied(t *testing.T) {
	e := demo.Estate()
	fns := e.Account(demo.ProdAccount).Region(demo.East).Resources.LambdaFunctions
	*fns[1].Policy = "" // thumbnail-generator: no resource-based policy
	srv := awstest.New(t)
	srv.Serve(e)
	deny := awstest.AccessDenied(awstest.RESTJSON)
	srv.Inject(awstest.Fault{Service: "lambda", Op: "GetPolicy", Err: deny, Times: 1})
	srv.Inject(awstest.Fault{Service: "lambda", Op: "ListFunctionUrlConfigs", Err: deny})
	srv.Inject(awstest.Fault{Service: "lambda", Op: "GetFunctionConcurrency", Err: deny})
	r := srv.Collect(t, lambda.Service, demo.ProdAccount, demo.East).Regions[0]
	got := r.Resources.LambdaFunctions
	if len(got) != 3 || len(r.Gaps) != 0 {
		t.Fatalf("want the 3 functions and no gap, got %d and %+v", len(got), r.Gaps)
	}
	if got[0].Policy != nil {
		t.Errorf("%s: policy %q, want unknown (nil)", got[0].ID, *got[0].Policy)
	}
	if got[1].Policy == nil || *got[1].Policy != "" {
		t.Errorf("%s: policy %v, want known and empty", got[1].ID, got[1].Policy)
	}
	for _, f := range got {
		if f.FunctionURLs != nil || f.Known("reservedConcurrentExecutions") || f.ReservedConcurrentExecutions != nil {
			t.Errorf("%s: URLs %v, unread %v: want URLs and reserved concurrency unknown", f.ID, f.FunctionURLs, f.Unread)
		}
		if f.Environment == nil || f.Runtime == "" {
			t.Errorf("%s: the ListFunctions fields are missing", f.ID)
		}
	}
}

// TestEnvironmentValuesNotKept: the double serves made-up secrets in the
// environment; the collected inventory holds their names and kinds only.
func TestEnvironmentValuesNotKept(t *testing.T) {
	r := awstest.Demo(t).Collect(t, lambda.Service, demo.DevAccount, demo.West).Regions[0]
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"AKIAAWSTEST", "awstest-0000"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the collected inventory holds an environment value (%s): %s", secret, b)
		}
	}
	env := *r.Resources.LambdaFunctions[0].Environment
	if env[0] != (inventory.LambdaEnvVar{Name: "AWS_ACCESS_KEY_ID", Kind: "aws-access-key-id"}) {
		t.Errorf("first variable %+v, want AWS_ACCESS_KEY_ID classified as an access key id", env[0])
	}
}

// TestEnvironmentUndecryptable: when Lambda cannot decrypt the variables
// they are unknown, not absent.
func TestEnvironmentUndecryptable(t *testing.T) {
	e := demo.Estate()
	e.Account(demo.DevAccount).Region(demo.West).Resources.LambdaFunctions[0].Environment = nil
	srv := awstest.New(t)
	srv.Serve(e)
	r := srv.Collect(t, lambda.Service, demo.DevAccount, demo.West).Regions[0]
	if env := r.Resources.LambdaFunctions[0].Environment; env != nil {
		t.Errorf("environment %v, want unknown (nil)", *env)
	}
}
