package awstest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

// TestCollect: a regional collector gets the one region, its config in
// that region; a global one gets the account alone, in us-east-1. Both
// sign as the account, the demo's faults reach them, and nothing retries.
func TestCollect(t *testing.T) {
	// Throttling is retryable: it fails the call only if nothing retries.
	throttled := &awstest.Error{Status: 400, Code: "Throttling", Message: "Rate exceeded"}
	srv := awstest.Demo(t, awstest.Fault{Service: "sts", Op: "GetCallerIdentity", Err: throttled, Times: 1})
	var scopes []*collect.Scope
	probe := collect.Service{Name: "probe", Collect: func(ctx context.Context, s *collect.Scope) {
		scopes = append(scopes, s)
		if _, err := sts.NewFromConfig(s.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
			s.Gap("AWS::Probe::Identity", "sts:GetCallerIdentity", err)
		}
	}}

	a := srv.Collect(t, probe, demo.ProdAccount, demo.West)
	if a.ID != demo.ProdAccount || len(a.Regions) != 1 || a.Region(demo.West) != a.Regions[0] {
		t.Fatalf("want prod with eu-west-1 alone, got %+v", a)
	}
	if s := scopes[0]; s.Account != a || s.Region != a.Regions[0] || s.Config.Region != demo.West || !s.Estate.CollectedAt.Equal(demo.Now) {
		t.Errorf("regional scope: region %v, config region %s, collected at %v", s.Region, s.Config.Region, s.Estate.CollectedAt)
	}
	if g := a.Regions[0].Gaps; len(g) != 1 || g[0].Code != "Throttling" {
		t.Errorf("want the injected fault as the region's gap, got %+v", g)
	}

	g := srv.Collect(t, probe, demo.DevAccount, "")
	if s := scopes[1]; s.Account != g || s.Region != nil || g.Regions != nil || s.Config.Region != "us-east-1" {
		t.Errorf("global scope: region %v, account regions %v, config region %s", s.Region, g.Regions, s.Config.Region)
	}
	if len(g.Gaps) != 0 {
		t.Errorf("the fault was spent, want no gap, got %+v", g.Gaps)
	}

	var calls []string
	for _, c := range srv.Calls() {
		calls = append(calls, c.Account+" "+c.Region+" "+c.Outcome)
	}
	want := []string{demo.ProdAccount + " eu-west-1 Throttling", demo.DevAccount + " us-east-1 ok"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %q, want %q (one attempt each, signed as the account)", calls, want)
	}
}
