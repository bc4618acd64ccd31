package opensearch_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/awssec/awssec/collect/aws/opensearch"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestListDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "es", Op: "ListDomainNames", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, opensearch.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.OpenSearchDomains != nil {
		t.Errorf("domains collected despite the denied list: %v", r.Resources.OpenSearchDomains)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].ResourceType != "AWS::OpenSearchService::Domain" || r.Gaps[0].Call != "es:ListDomainNames" ||
		r.Gaps[0].Code != "AccessDeniedException" {
		t.Errorf("want one AccessDeniedException gap on es:ListDomainNames, got %+v", r.Gaps)
	}
}

// TestDescribeDenied: every field the checks read comes from
// DescribeDomains, so without it the domains are unknown (a gap), not
// domains with nothing configured.
func TestDescribeDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "es", Op: "DescribeDomains", Err: awstest.AccessDenied(awstest.RESTJSON)})
	r := srv.Collect(t, opensearch.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.OpenSearchDomains != nil || len(r.Gaps) != 1 || r.Gaps[0].Call != "es:DescribeDomains" {
		t.Errorf("want no domains and a gap on es:DescribeDomains, got %v and %+v", r.Resources.OpenSearchDomains, r.Gaps)
	}
}

// TestBatches: DescribeDomains takes five names at most, so seven domains
// take two calls, and all come back in order.
func TestBatches(t *testing.T) {
	e := demo.Estate()
	r := e.Account(demo.DevAccount).Region(demo.East)
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("search-%d", i)
		r.Resources.OpenSearchDomains = append(r.Resources.OpenSearchDomains, &inventory.OpenSearchDomain{
			Meta:          inventory.Meta{ID: demo.DevAccount + "/" + name, Name: name, ARN: "arn:aws:es:us-east-1:" + demo.DevAccount + ":domain/" + name},
			EngineVersion: "OpenSearch_2.11",
		})
		want = append(want, name)
	}
	srv := awstest.New(t)
	srv.Serve(e)
	got := srv.Collect(t, opensearch.Service, demo.DevAccount, demo.East).Regions[0]
	var names []string
	for _, d := range got.Resources.OpenSearchDomains {
		names = append(names, d.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("got domains %v, want %v", names, want)
	}
	n := 0
	for _, c := range srv.Calls() {
		if c.Op == "DescribeDomains" && c.Outcome == "ok" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d DescribeDomains calls for 7 domains, want 2", n)
	}
}
