package awstest

import (
	"sync"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

// Demo starts a server (New) that serves demo.Estate() with faults
// injected: the setup of most collector tests. Set PageSize on the result
// to page the demo's lists more finely.
func Demo(t TB, faults ...Fault) *Server {
	t.Helper()
	s := New(t)
	s.Serve(demo.Estate())
	for _, f := range faults {
		s.Inject(f)
	}
	return s
}

// Collect runs one collector over one account of the served estate, signed
// as that account, and returns what it collected: a fresh account holding
// the one region (Regions[0], also reachable as .Region(region)), or, when
// region is "", nothing but the account-level resources of a global
// service, collected from us-east-1 as the runner does.
//
// It is the runner's work for one task without the runner (collect/live
// cannot be imported here): no account discovery, no region listing, no
// pacing. The estate around the account has that account alone and is
// stamped with the served estate's CollectedAt (the demo's clock), which
// collectors judging time (Backup's vault locks) read. Calls are not
// retried, so a Fault with Times fails exactly that many calls.
func (s *Server) Collect(t TB, svc collect.Service, account, region string) *inventory.Account {
	t.Helper()
	cfg := s.Config(t, account)
	cfg.RetryMaxAttempts = 1
	a := &inventory.Account{ID: account, Partition: "aws"}
	e := &inventory.Estate{Accounts: []*inventory.Account{a}}
	if s.Estate != nil {
		e.CollectedAt = s.Estate.CollectedAt
	}
	var r *inventory.Region
	if region == "" {
		cfg.Region = "us-east-1"
	} else {
		r = &inventory.Region{Name: region}
		a.Regions = []*inventory.Region{r}
		cfg.Region = region
	}
	svc.Collect(Context(t), collect.NewScope(cfg, e, a, r, &sync.Mutex{}))
	return a
}
