// Command collect measures live collection against the AWS double: a
// synthetic organization (default 20 accounts × 4 regions, 50,000 resources
// with the demo's mix), every call delayed by 20 ms, every (account, region,
// service) throttled at 20 requests/s. It prints the collection time against
// the lower bound that latency and throttling impose, as a ratio (target ≤
// 1.3), the failed calls (target 0), peak memory, and the same for a
// sequential collector as the baseline.
//
//	go run ./bench/collect [-accounts 20] [-regions 4] [-resources 50000]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
)

func main() {
	accounts := flag.Int("accounts", 20, "accounts in the synthetic organization")
	regions := flag.Int("regions", 4, "regions per account")
	resources := flag.Int("resources", 50_000, "resources in all")
	latency := flag.Duration("latency", 20*time.Millisecond, "latency of every call")
	rate := flag.Float64("rate", 20, "throttle: requests per second per account, region and service")
	burst := flag.Int("burst", 5, "throttle burst")
	concurrency := flag.Int("concurrency", 64, "--max-concurrency of the parallel run")
	verbose := flag.Bool("v", false, "list the slowest (account, region, service) call sequences")
	flag.Parse()

	r := &runner{}
	defer r.cleanup()
	est, err := synthetic(*accounts, *regions, *resources)
	if err != nil {
		r.Fatalf("%v", err)
	}
	fmt.Printf("synthetic organization: %d accounts × %d regions, %d resources; latency %s, throttle %.0f req/s (burst %d) per account-region-service\n\n",
		*accounts, *regions, inventory.Count(est), *latency, *rate, *burst)

	par := measure(r, est, *latency, *rate, *burst, *concurrency, nil)
	fmt.Printf("parallel   (--max-concurrency %d): %s\n", *concurrency, par)
	if *verbose {
		fmt.Print(par.slowest)
	}

	// The sequential baseline on one account and one region, scaled to the
	// whole organization: running it all would take hours.
	one := firstRegionOnly(est)
	seq := measure(r, one, *latency, *rate, *burst, 1, []string{one.Accounts[0].Regions[0].Name})
	scale := float64(*accounts * *regions)
	fmt.Printf("sequential (one account-region, ×%.0f): %s elapsed, %s for the organization\n", scale,
		seq.elapsed.Round(time.Millisecond), time.Duration(float64(seq.elapsed)*scale).Round(time.Second))
	fmt.Printf("\nparallel vs lower bound: %.2f (target ≤ 1.30); failed calls: %d (target 0); speed-up over sequential: %.0f×\n",
		par.ratio(), par.failed, float64(seq.elapsed)*scale/float64(par.elapsed))
	fmt.Printf("peak RSS: %d MiB (target ≤ 1024 MiB)\n", benchutil.PeakRSS()>>20)
}

// result is one measured collection.
type result struct {
	elapsed, bound           time.Duration
	calls, throttled, failed int64
	slowest                  string
}

func (r result) ratio() float64 { return float64(r.elapsed) / float64(r.bound) }

func (r result) String() string {
	return fmt.Sprintf("%s elapsed, lower bound %s, ratio %.2f; %d calls, %d throttled, %d failed",
		r.elapsed.Round(time.Millisecond), r.bound.Round(time.Millisecond), r.ratio(), r.calls, r.throttled, r.failed)
}

func measure(t *runner, est *inventory.Estate, latency time.Duration, rate float64, burst, concurrency int, regions []string) result {
	srv := awstest.New(t)
	srv.Serve(est)
	srv.SetLatency(latency)
	srv.Throttle(rate, burst)
	cfg := srv.Config(t, est.Organization.ManagementAccount)
	opts := live.Options{Org: true, RoleName: "OrganizationAccountAccessRole", MaxConcurrency: concurrency, Regions: regions}
	start := time.Now()
	_, stats, err := live.Collect(context.Background(), cfg, live.Services(), opts)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	return result{elapsed: elapsed, bound: lowerBound(srv.Calls(), latency, rate, burst, concurrency),
		calls: stats.Calls.Load(), throttled: stats.Throttled.Load(), failed: stats.Failed.Load(),
		slowest: slowest(srv.Calls(), start)}
}

// lowerBound is the least time the successful calls could take: within one
// (account, region, service) calls are sequential (≥ latency each) and
// throttled (≥ (calls − burst) / rate); tasks share at most concurrency
// workers; account and region discovery come first.
func lowerBound(calls []awstest.Call, latency time.Duration, rate float64, burst, concurrency int) time.Duration {
	per := map[string]int{}
	for _, c := range calls {
		if c.Outcome != "throttled" { // answers that are errors (404s) cost a call too
			per[c.Account+"/"+c.Region+"/"+c.Service]++
		}
	}
	var longest, sum time.Duration
	for _, n := range per {
		d := max(time.Duration(n)*latency, time.Duration(float64(max(n-burst, 0))/rate*float64(time.Second)))
		longest = max(longest, d)
		sum += d
	}
	return max(longest, sum/time.Duration(concurrency))
}

// slowest lists the five (account, region, service) sequences that ended
// last, with their first and last call and how many calls they made.
func slowest(calls []awstest.Call, start time.Time) string {
	type span struct {
		key         string
		first, last time.Time
		ok, other   int
	}
	spans := map[string]*span{}
	for _, c := range calls {
		k := c.Account + "/" + c.Region + "/" + c.Service
		sp := spans[k]
		if sp == nil {
			sp = &span{key: k, first: c.At}
			spans[k] = sp
		}
		sp.last = c.At
		if c.Outcome == "throttled" {
			sp.other++
		} else {
			sp.ok++
		}
	}
	var all []*span
	for _, sp := range spans {
		all = append(all, sp)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].last.After(all[j].last) })
	var b strings.Builder
	for _, sp := range all[:min(5, len(all))] {
		fmt.Fprintf(&b, "  %-50s %6s → %6s  %d answered, %d throttled\n", sp.key, sp.first.Sub(start).Round(time.Millisecond),
			sp.last.Sub(start).Round(time.Millisecond), sp.ok, sp.other)
	}
	outcomes := map[string]int{}
	for _, c := range calls {
		if c.Outcome != "ok" && c.Outcome != "throttled" {
			outcomes[c.Service+":"+c.Op+" "+c.Outcome]++
		}
	}
	for k, n := range outcomes {
		fmt.Fprintf(&b, "  error answer %s ×%d\n", k, n)
	}
	return b.String()
}

// synthetic builds an organization from the demo: its prod account's
// regional resources repeated (with fresh ids) into every account-region
// until there are about total resources, plus its global resources once
// per account.
func synthetic(accounts, regions, total int) (*inventory.Estate, error) {
	base := demo.Estate()
	tmpl := base.Account(demo.ProdAccount)
	perRegion := 0
	for _, r := range tmpl.Regions {
		perRegion += inventory.Count(&inventory.Estate{Accounts: []*inventory.Account{{Regions: []*inventory.Region{r}}}})
	}
	perRegion /= len(tmpl.Regions)
	copies := max(1, total/(accounts*regions*max(perRegion, 1)))
	names := []string{"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ca-central-1", "sa-east-1", "ap-northeast-1"}
	mgmt := fmt.Sprintf("%012d", 100000000000)
	e := &inventory.Estate{SchemaVersion: inventory.SchemaVersion, CollectedAt: base.CollectedAt, Source: "synthetic",
		Organization: &inventory.Organization{ID: "o-synthetic01", ManagementAccount: mgmt, FeatureSet: "ALL",
			Root: &inventory.OrgRoot{Meta: inventory.Meta{ID: "r-synt", Name: "Root", ARN: "arn:aws:organizations::" + mgmt + ":root/o-synthetic01/r-synt"}}}}
	for i := range accounts {
		id := fmt.Sprintf("%012d", 100000000000+i)
		a := &inventory.Account{ID: id, Name: "account-" + strconv.Itoa(i), Partition: "aws"}
		if err := clone(&a.Resources, tmpl.Resources, id, 0); err != nil {
			return nil, err
		}
		for j := range min(regions, len(names)) {
			r := &inventory.Region{Name: names[j]}
			for k := range copies {
				src := tmpl.Regions[(j+k)%len(tmpl.Regions)].Resources
				var part inventory.RegionalResources
				if err := clone(&part, src, id, k); err != nil {
					return nil, err
				}
				appendResources(&r.Resources, part)
			}
			a.Regions = append(a.Regions, r)
		}
		e.Accounts = append(e.Accounts, a)
		e.Organization.Accounts = append(e.Organization.Accounts, &inventory.OrgAccount{
			Meta:   inventory.Meta{ID: id, Name: a.Name, ARN: "arn:aws:organizations::" + mgmt + ":account/o-synthetic01/" + id},
			Status: "ACTIVE", JoinedMethod: "CREATED", EmailDomain: "example.com", ParentID: "r-synt"})
	}
	return e, nil
}

// clone deep-copies src into dst through the JSON form, then gives every
// resource a fresh id (and ARN and name) for copy k in account id.
func clone[T any](dst *T, src T, account string, k int) error {
	data, err := json.Marshal(src)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return err
	}
	suffix := fmt.Sprintf("-%s-%d", account[len(account)-4:], k)
	renumber(reflect.ValueOf(dst).Elem(), suffix)
	return nil
}

var metaType = reflect.TypeFor[inventory.Meta]()

func renumber(v reflect.Value, suffix string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			renumber(v.Elem(), suffix)
		}
	case reflect.Slice:
		for i := range v.Len() {
			renumber(v.Index(i), suffix)
		}
	case reflect.Struct:
		if v.Type() == metaType {
			m := v.Addr().Interface().(*inventory.Meta)
			m.ID += suffix
			if m.ARN != "" {
				m.ARN += suffix
			}
			if m.Name != "" && !strings.HasPrefix(m.Name, "alias/") {
				m.Name += suffix
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				renumber(v.Field(i), suffix)
			}
		}
	}
}

// appendResources appends every list of src to dst's.
func appendResources(dst *inventory.RegionalResources, src inventory.RegionalResources) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	for i := range d.NumField() {
		switch d.Field(i).Kind() {
		case reflect.Slice:
			d.Field(i).Set(reflect.AppendSlice(d.Field(i), s.Field(i)))
		case reflect.Pointer:
			if d.Field(i).IsNil() {
				d.Field(i).Set(s.Field(i))
			}
		}
	}
}

// firstRegionOnly is the first account with only its first region, for the
// sequential baseline.
func firstRegionOnly(e *inventory.Estate) *inventory.Estate {
	cp := *e
	a := *e.Accounts[0]
	a.Regions = a.Regions[:1]
	cp.Accounts = []*inventory.Account{&a}
	org := *e.Organization
	org.Accounts = org.Accounts[:1]
	cp.Organization = &org
	return &cp
}

// runner lets the double run outside go test: it reports problems on
// stderr and runs cleanups at exit.
type runner struct{ cleanups []func() }

func (r *runner) Helper() {}
func (r *runner) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
func (r *runner) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.cleanup()
	os.Exit(1)
}
func (r *runner) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *runner) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}
