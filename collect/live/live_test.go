package live_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// orgOptions collect the whole demo organization from its management
// account, as `awssec scan --org --role-name OrganizationAccountAccessRole` does.
var orgOptions = live.Options{Org: true, RoleName: "OrganizationAccountAccessRole"}

// TestCollectDemo is the key test of the collectors: the double serves the
// demo estate over the real wire protocols, the real SDK clients collect it,
// and what they collect must equal the demo, service by service.
func TestCollectDemo(t *testing.T) {
	for _, svc := range live.Services() {
		t.Run(svc.Name, func(t *testing.T) {
			srv := awstest.New(t)
			srv.PageSize = 2 // every list of more than two items takes several pages
			srv.Serve(demo.Estate())
			got, stats, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{svc}, orgOptions)
			if err != nil {
				t.Fatal(err)
			}
			if n := stats.Failed.Load(); n > 0 {
				t.Errorf("%d calls failed: %v", n, srv.Calls())
			}
			want := project(demo.Estate(), svc)
			if diff := cmp.Diff(normalize(want), normalize(project(got, svc))); diff != "" {
				t.Errorf("collected %s differs from the demo (-demo +collected):\n%s", svc.Name, diff)
			}
			checkOperations(t, svc, srv)
		})
	}
}

// checkOperations insists that the collector declares every call it makes,
// so the least-privilege policy built from the declarations is complete.
func checkOperations(t *testing.T, svc collect.Service, srv *awstest.Server) {
	t.Helper()
	identity := []string{"sts:GetCallerIdentity", "sts:AssumeRole", "ec2:DescribeRegions", "organizations:ListAccounts"}
	for _, op := range srv.Operations() {
		if slices.Contains(identity, op) {
			continue
		}
		if !slices.ContainsFunc(svc.Operations, func(d string) bool { return strings.EqualFold(iamAction(d), iamAction(op)) }) {
			t.Errorf("%s calls %s but does not declare it in Operations", svc.Name, op)
		}
	}
}

// iamAction is the IAM action of a call the double logged.
func iamAction(op string) string { return live.IAMAction(op) }

// project keeps only what svc collects: its resource types (and the
// organization, for the organizations service), and sorts the accounts.
func project(e *inventory.Estate, svc collect.Service) *inventory.Estate {
	cp := *e
	cp.Source, cp.CollectedAt = "", time.Time{} // not compared
	if svc.Name != "organizations" {
		cp.Organization = nil
	}
	cp.Accounts = nil
	for _, a := range e.Accounts {
		ac := *a
		ac.Gaps = keepGaps(a.Gaps, svc.Types)
		keepTypes(reflect.ValueOf(&ac.Resources).Elem(), svc.Types)
		ac.Regions = nil
		for _, r := range a.Regions {
			rc := *r
			rc.Gaps = keepGaps(r.Gaps, svc.Types)
			keepTypes(reflect.ValueOf(&rc.Resources).Elem(), svc.Types)
			ac.Regions = append(ac.Regions, &rc)
		}
		cp.Accounts = append(cp.Accounts, &ac)
	}
	sort.Slice(cp.Accounts, func(i, j int) bool { return cp.Accounts[i].ID < cp.Accounts[j].ID })
	return &cp
}

func keepGaps(gaps []inventory.Gap, types []string) []inventory.Gap {
	var out []inventory.Gap
	for _, g := range gaps {
		if slices.Contains(types, g.ResourceType) || g.ResourceType == inventory.AllTypes {
			out = append(out, g)
		}
	}
	return out
}

// keepTypes zeroes every resource field whose JSON name is not in types.
func keepTypes(v reflect.Value, types []string) {
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if !slices.Contains(types, name) {
			v.Field(i).SetZero()
		}
	}
}

// normalize clears what legitimately differs between the demo and a
// collection: the source kind of every resource ("demo" vs "aws").
func normalize(e *inventory.Estate) *inventory.Estate {
	clearSourceKinds(reflect.ValueOf(e))
	return e
}

var sourceType = reflect.TypeFor[inventory.Source]()

func clearSourceKinds(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearSourceKinds(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == sourceType {
			v.FieldByName("Kind").SetString("")
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearSourceKinds(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearSourceKinds(v.Index(i))
		}
	}
}

// probe is a collector that only asks STS who it is, for tests of the
// runner itself.
var probe = collect.Service{Name: "probe", Global: true, Types: []string{}, Operations: []string{"sts:GetCallerIdentity"},
	Collect: func(ctx context.Context, s *collect.Scope) {
		out, err := sts.NewFromConfig(s.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			s.Gap("AWS::IAM::Root", "sts:GetCallerIdentity", err)
			return
		}
		s.Lock()
		s.Account.Alias = "probed-as-" + aws.ToString(out.Account)
		s.Unlock()
	}}

func TestOrganizationAccountsAndRegions(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{probe}, orgOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range e.Accounts {
		var regions []string
		for _, r := range a.Regions {
			regions = append(regions, r.Name)
		}
		got = append(got, a.ID+" "+a.Name+" "+a.Alias+" "+strings.Join(regions, ","))
	}
	sort.Strings(got)
	want := []string{
		demo.ManagementAccount + " management probed-as-" + demo.ManagementAccount + " us-east-1,eu-west-1",
		demo.ProdAccount + " prod probed-as-" + demo.ProdAccount + " us-east-1,eu-west-1",
		demo.DevAccount + " dev probed-as-" + demo.DevAccount + " us-east-1,eu-west-1",
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	for _, a := range e.Accounts {
		if a.Region(awstest.OptInRegion) != nil {
			t.Errorf("%s: opt-in region %s that is not enabled was collected", a.ID, awstest.OptInRegion)
		}
	}
}

// TestAccountWhoseRoleCannotBeAssumed: that account is not assessed (a gap
// over everything), and the others are collected.
func TestAccountWhoseRoleCannotBeAssumed(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.BlockRole("arn:aws:iam::" + demo.DevAccount + ":role/OrganizationAccountAccessRole")
	e, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{probe}, orgOptions)
	if err != nil {
		t.Fatal(err)
	}
	dev := e.Account(demo.DevAccount)
	if dev == nil || len(dev.Gaps) != 1 || dev.Gaps[0].ResourceType != inventory.AllTypes || dev.Gaps[0].Code != "AccessDenied" {
		t.Fatalf("dev account: want one AccessDenied gap over all types, got %+v", dev)
	}
	if prod := e.Account(demo.ProdAccount); prod == nil || prod.Alias == "" {
		t.Errorf("prod was not collected: %+v", prod)
	}
}

func TestRoleARNsAndShards(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	roles := []string{
		"arn:aws:iam::" + demo.ProdAccount + ":role/Audit",
		"arn:aws:iam::" + demo.DevAccount + ":role/Audit",
		"arn:aws:iam::" + demo.ManagementAccount + ":role/Audit",
	}
	seen := map[string]int{}
	for k := 1; k <= 2; k++ {
		e, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{probe},
			live.Options{RoleARNs: roles, ShardK: k, ShardN: 2, Regions: []string{"us-east-1"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range e.Accounts {
			seen[a.ID]++
			if a.Alias != "probed-as-"+a.ID {
				t.Errorf("%s collected with the wrong credentials: %q", a.ID, a.Alias)
			}
		}
	}
	if len(seen) != 3 || seen[demo.ProdAccount] != 1 || seen[demo.DevAccount] != 1 || seen[demo.ManagementAccount] != 1 {
		t.Errorf("shards 1/2 and 2/2 must cover each account exactly once: %v", seen)
	}
}

func TestBadRoleARN(t *testing.T) {
	srv := awstest.New(t)
	_, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{probe},
		live.Options{RoleARNs: []string{"arn:aws:iam::12:user/x"}})
	if err == nil || !strings.Contains(err.Error(), "is not a role ARN") {
		t.Errorf("got %v, want an error naming the malformed role ARN", err)
	}
}

func TestUnknownRegion(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	_, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{probe},
		live.Options{Regions: []string{"mars-north-1"}})
	if err == nil || !strings.Contains(err.Error(), "--region mars-north-1: no such region") {
		t.Errorf("got %v, want an error naming the unknown region", err)
	}
}

// TestLeastPrivilege holds `awssec iam-policy` to what collection really
// calls: every call made against the double is in the policy, and every
// action in the policy is called by some collection (the whole demo
// organization, and again narrowed to an OU).
func TestLeastPrivilege(t *testing.T) {
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	cfg := srv.Config(t, demo.ManagementAccount)
	if _, _, err := live.Collect(awstest.Context(t), cfg, live.Services(), orgOptions); err != nil {
		t.Fatal(err)
	}
	ou := orgOptions
	ou.OU = demo.Estate().Organization.Root.ID
	if _, _, err := live.Collect(awstest.Context(t), cfg, live.Services(), ou); err != nil {
		t.Fatal(err)
	}
	called := map[string]bool{}
	for _, op := range srv.Operations() {
		called[strings.ToLower(iamAction(op))] = true
	}
	policy := map[string]bool{}
	for _, op := range live.Operations() {
		policy[strings.ToLower(op)] = true
	}
	for op := range called {
		if op != "sts:assumerole" && !policy[op] {
			t.Errorf("collection calls %s, which `awssec iam-policy` does not grant", op)
		}
	}
	for op := range policy {
		if !called[op] {
			t.Errorf("`awssec iam-policy` grants %s, which no collection of the demo calls", op)
		}
	}
}

// TestThrottlingStorm: every (account, region, service) may send 10
// requests a second; the collection still completes, equal to the demo,
// with no failed call — the limiter and retries absorb the throttling.
func TestThrottlingStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds of paced calls")
	}
	kms := serviceNamed(t, "kms")
	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	srv.Throttle(10, 2)
	got, stats, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{kms}, orgOptions)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Throttled.Load() == 0 {
		t.Fatal("the storm throttled nothing: the test does not test")
	}
	if n := stats.Failed.Load(); n > 0 {
		t.Errorf("%d calls failed under throttling", n)
	}
	if diff := cmp.Diff(normalize(project(demo.Estate(), kms)), normalize(project(got, kms))); diff != "" {
		t.Errorf("collected under throttling differs from the demo:\n%s", diff)
	}
}

// TestPagination10k pages 10,000 instances, 100 a page, through the real
// EC2 paginator.
func TestPagination10k(t *testing.T) {
	ec2 := serviceNamed(t, "ec2")
	est := demo.Estate()
	r := est.Account(demo.ManagementAccount).Region(demo.East)
	tmpl := *est.Account(demo.ProdAccount).Region(demo.East).Resources.EC2Instances[0]
	r.Resources.EC2Instances = nil
	for i := range 10_000 {
		in := tmpl
		in.ID = fmt.Sprintf("i-%017x", i)
		in.ARN = "arn:aws:ec2:us-east-1:" + demo.ManagementAccount + ":instance/" + in.ID
		r.Resources.EC2Instances = append(r.Resources.EC2Instances, &in)
	}
	srv := awstest.New(t)
	srv.PageSize = 100
	srv.Serve(est)
	got, _, err := live.Collect(awstest.Context(t), srv.Config(t, demo.ManagementAccount), []collect.Service{ec2},
		live.Options{Regions: []string{demo.East}})
	if err != nil {
		t.Fatal(err)
	}
	instances := got.Account(demo.ManagementAccount).Region(demo.East).Resources.EC2Instances
	if len(instances) != 10_000 || instances[9_999].ID != fmt.Sprintf("i-%017x", 9_999) {
		t.Fatalf("collected %d instances, want all 10,000 in order", len(instances))
	}
	pages := 0
	for _, c := range srv.Calls() {
		if c.Op == "DescribeInstances" {
			pages++
		}
	}
	if pages != 100 {
		t.Errorf("%d DescribeInstances pages, want 100", pages)
	}
}

func serviceNamed(t *testing.T, name string) collect.Service {
	for _, s := range live.Services() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no service %q", name)
	return collect.Service{}
}
