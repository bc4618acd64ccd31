package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"awssec": func() { os.Exit(cli.Main()) },
	})
}

// serveConfigRecords puts the Config snapshot fixtures in the double's S3
// (bucket acme-config) and the query fixtures behind aggregator
// AggregatorTest, for the --config-snapshot s3:// and --config-query scripts.
func serveConfigRecords(t *testing.T, srv *awstest.Server) {
	root := filepath.Join("..", "..", "collect", "configsnap", "testdata")
	err := filepath.WalkDir(filepath.Join(root, "estate"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			rel, _ := filepath.Rel(filepath.Join(root, "estate"), path)
			srv.PutObject("acme-config", filepath.ToSlash(rel), data, nil)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "query", "select-page1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var results []string
	for dec := json.NewDecoder(bytes.NewReader(data)); dec.More(); {
		var page struct{ Results []string }
		if err := dec.Decode(&page); err != nil {
			t.Fatal(err)
		}
		results = append(results, page.Results...)
	}
	srv.SetQueryResults("AggregatorTest", results)
}

// Secret values planted in the environment of every script.
const (
	plantedSecret = "plantedSecretKey0123456789abcdefABCDEF0123"
	plantedToken  = "plantedSessionToken/xyzzy+0123456789"
)

// TestScripts runs the end-to-end scripts in testdata/script: the real
// command, in-process, with its stdout, stderr and exit code checked together.
//
// Two AWS doubles serve the demo estate over the wire protocols: $AWSSEC_ENDPOINT
// answers everything, $AWSSEC_ENDPOINT_DENIED refuses KMS to the prod account.
// Credentials are the management account's, with planted secret values that
// no output may ever contain.
func TestScripts(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	denied := awstest.New(t)
	denied.Serve(demo.Estate())
	denied.Inject(awstest.Fault{Service: "kms", Op: "ListKeys", Account: demo.ProdAccount, Err: awstest.AccessDenied(awstest.JSON)})
	serveConfigRecords(t, srv)
	key, _ := srv.Credentials(demo.ManagementAccount)
	denied.Credentials(demo.ManagementAccount)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("AWSSEC_ENDPOINT", srv.URL)
			// A live command that forgets --endpoint-url still reaches only the double.
			env.Setenv("AWS_ENDPOINT_URL", srv.URL)
			env.Setenv("AWSSEC_ENDPOINT_DENIED", denied.URL)
			env.Setenv("AWS_ACCESS_KEY_ID", key)
			env.Setenv("AWS_SECRET_ACCESS_KEY", plantedSecret)
			env.Setenv("AWS_SESSION_TOKEN", plantedToken)
			env.Setenv("AWS_REGION", "us-east-1")
			env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
			env.Setenv("PLANTED_SECRET", plantedSecret)
			env.Setenv("PLANTED_TOKEN", plantedToken)
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			// exitcode N cmd args... runs cmd and insists on exit code N;
			// stdout and stderr stay available to the next commands.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
		},
	})
}
