package attackpath_test

import (
	"bytes"
	"testing"

	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// FuzzFind runs the path rules over estates decoded from mutated inventory
// JSON: whatever an estate holds (missing links, nil settings, odd
// policies), finding paths never panics and every path is complete.
func FuzzFind(f *testing.F) {
	var demoJSON bytes.Buffer
	if err := inventory.Encode(&demoJSON, demo.Estate()); err != nil {
		f.Fatal(err)
	}
	f.Add(demoJSON.Bytes())
	f.Add([]byte(`{"schemaVersion":1,"accounts":[{"id":"111122223333","resources":{"AWS::IAM::Role":[{"id":"r","arn":"arn:aws:iam::111122223333:role/r","name":"r","assumeRolePolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}"}]},"regions":[{"name":"us-east-1","resources":{"AWS::Lambda::Function":[{"id":"f","role":"arn:aws:iam::111122223333:role/r","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:111122223333:abc/*\"}}}]}","functionUrls":[{"url":"https://x","authType":"NONE"}]}]}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := inventory.Decode("fuzz.json", data)
		if err != nil {
			return
		}
		results := checks.Run(e, checks.All())
		for _, p := range attackpath.Find(e, results) {
			if p.ID == "" || p.Fix == "" || len(p.Steps) < 2 || p.Severity < finding.Info {
				t.Fatalf("incomplete path %+v", p)
			}
		}
	})
}
