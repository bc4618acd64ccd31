package orgreport_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/orgreport"
)

// TestStateRoundTrip: a report's state, written and read back, marks
// nothing new and nothing fixed in the same report.
func TestStateRoundTrip(t *testing.T) {
	r := demoReport(t, orgreport.Options{})
	var buf bytes.Buffer
	if err := orgreport.WriteState(&buf, orgreport.StateOf(r, nil)); err != nil {
		t.Fatal(err)
	}
	st, err := orgreport.ReadState("state.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 4 || !st.GeneratedAt.Equal(demo.Now) {
		t.Errorf("state %+v", st)
	}
	again := demoReport(t, orgreport.Options{})
	orgreport.SinceLast(again, st)
	rules, resources, _ := again.Totals()
	if len(again.Fixed) != 0 || rules != 3 || resources != 3 || strings.Contains(textOf(t, again), "(new)") {
		t.Errorf("fixed %v; text:\n%s", again.Fixed, textOf(t, again))
	}
}

// TestStateKeepsUnassessed: a resource whose tuple could not be assessed is
// neither fixed nor forgotten.
func TestStateKeepsUnassessed(t *testing.T) {
	prev := &orgreport.State{Version: 1, GeneratedAt: demo.Now, Resources: []orgreport.StateEntry{{Aggregator: "AggregatorTest",
		Rule: "encrypted-volumes", ConfigRuleName: "OrgConfigRule-encrypted-volumes-xk2mq9d", AccountID: demo.DevAccount, Region: demo.East,
		ResourceType: "AWS::EC2::Volume", ResourceID: "vol-0dev"}}}
	r := demoReport(t, orgreport.Options{Aggregators: []string{"AggregatorTest"}})
	r.NotAssessed = append(r.NotAssessed, orgreport.Gap{Aggregator: "AggregatorTest", Rule: "OrgConfigRule-encrypted-volumes-xk2mq9d",
		AccountID: demo.DevAccount, Region: demo.East, Call: "config:GetAggregateComplianceDetailsByConfigRule", Error: "AccessDenied"})
	orgreport.SinceLast(r, prev)
	if len(r.Fixed) != 0 {
		t.Errorf("fixed %+v", r.Fixed)
	}
	st := orgreport.StateOf(r, prev)
	if !cmp.Equal(st.Resources[1], prev.Resources[0]) && !cmp.Equal(st.Resources[0], prev.Resources[0]) {
		t.Errorf("state lost the unassessed resource: %+v", st.Resources)
	}
}

func textOf(t *testing.T, r *orgreport.Report) string {
	var buf bytes.Buffer
	if err := orgreport.Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestReadStateErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{``, "state.json:1:1: not an org-report state file: invalid JSON: unexpected EOF"},
		{`{"version": 1, "resources": [], "extra": true}`, `state.json:1:33: not an org-report state file: at /extra: unknown field "extra"`},
		{`{"version": 2, "resources": []}`, "state.json:1:1: state file version 2, want 1"},
		{`{"version": 1, "resources": [{"aggregator": "a"}]}`, "state.json: at /resources/0: aggregator, configRuleName, accountId and resourceId are required"},
		{`{"version": 1, "generatedAt": "yesterday"}`, `state.json:1:31: not an org-report state file: at /generatedAt:`},
		{"{\"version\": 1, \"resources\": [], \"version\": 1}", "duplicate"},
		{"[1,2]", "state.json:1:1: not an org-report state file: wrong type: got array, want object"},
	} {
		_, err := orgreport.ReadState("state.json", []byte(tc.data))
		var se *orgreport.StateError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.data, err, tc.want)
		}
	}
}

// FuzzReadState: any input gives a state or a positioned error, never a
// panic; a state that reads back writes back the same.
func FuzzReadState(f *testing.F) {
	f.Add([]byte(`{"version": 1, "generatedAt": "2026-11-01T09:00:00Z", "resources": [{"aggregator": "AggregatorTest", "rule": "r", "configRuleName": "OrgConfigRule-r-x1", "accountId": "111122223333", "awsRegion": "us-east-1", "resourceType": "AWS::EC2::VPC", "resourceId": "vpc-1"}]}`))
	f.Add([]byte(`{"version": 1, "resources": "all"}`))
	f.Add([]byte("{\"version\": 1,\n \"generatedAt\": \"2026-10-25T09:00:00Z\",\n }"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := orgreport.ReadState("f.json", data)
		if err != nil {
			var se *orgreport.StateError
			if !errors.As(err, &se) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not a one-line StateError", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := orgreport.WriteState(&buf, st); err != nil {
			t.Fatal(err)
		}
		again, err := orgreport.ReadState("f.json", buf.Bytes())
		if err != nil {
			t.Fatalf("written state does not read back: %v\n%s", err, buf.Bytes())
		}
		if d := cmp.Diff(st, again); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}
