package ecr

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectProdEast collects the demo's prod us-east-1 repositories
// (orders-api with a policy and enhanced scanning, wordpress-web without
// either) with the given faults.
func collectProdEast(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	srv := awstest.Demo(t, faults...)
	srv.PageSize = 1
	return srv.Collect(t, Service, demo.ProdAccount, "us-east-1").Regions[0]
}

func TestRepositoriesDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "ecr", Op: "DescribeRepositories", Err: awstest.AccessDenied(awstest.JSON)})
	if r.Resources.ECRRepositories != nil {
		t.Errorf("repositories collected despite the failed list: %v", r.Resources.ECRRepositories)
	}
	if g, ok := inventory.GapFor(r.Gaps, repositoryType); !ok || g.Call != "ecr:DescribeRepositories" || g.Code != "AccessDeniedException" {
		t.Errorf("want an AccessDeniedException gap on DescribeRepositories, got %+v", r.Gaps)
	}
}

func TestPolicyDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "ecr", Op: "GetRepositoryPolicy", Err: awstest.AccessDenied(awstest.JSON)})
	if len(r.Resources.ECRRepositories) != 2 || len(r.Gaps) != 0 {
		t.Fatalf("want both repositories and no gap, got %d and %+v", len(r.Resources.ECRRepositories), r.Gaps)
	}
	for _, repo := range r.Resources.ECRRepositories {
		if repo.Known("policy") || repo.Policy != "" {
			t.Errorf("%s: want the policy unread, got %q (unread %v)", repo.Name, repo.Policy, repo.Unread)
		}
	}
}

func TestNoPolicyIsKnown(t *testing.T) {
	r := collectProdEast(t)
	for _, repo := range r.Resources.ECRRepositories {
		if !repo.Known("policy") {
			t.Errorf("%s: policy unread", repo.Name)
		}
		if (repo.Name == "wordpress-web") != (repo.Policy == "") {
			t.Errorf("%s: policy %q", repo.Name, repo.Policy)
		}
	}
}

func TestRegistryScanningDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "ecr", Op: "GetRegistryScanningConfiguration", Err: awstest.AccessDenied(awstest.JSON)})
	for _, repo := range r.Resources.ECRRepositories {
		if repo.RegistryScanType != "" || repo.ScanOnPush == nil {
			t.Errorf("%s: want the registry scan type unread and scan on push known, got %q, %v", repo.Name, repo.RegistryScanType, repo.ScanOnPush)
		}
	}
}

func TestScanType(t *testing.T) {
	enhanced := func(freq types.ScanFrequency, filters ...string) *types.RegistryScanningConfiguration {
		var fs []types.ScanningRepositoryFilter
		for _, f := range filters {
			fs = append(fs, types.ScanningRepositoryFilter{Filter: aws.String(f), FilterType: types.ScanningRepositoryFilterTypeWildcard})
		}
		return &types.RegistryScanningConfiguration{ScanType: types.ScanTypeEnhanced,
			Rules: []types.RegistryScanningRule{{ScanFrequency: freq, RepositoryFilters: fs}}}
	}
	for _, c := range []struct {
		conf *types.RegistryScanningConfiguration
		repo string
		want string
	}{
		{&types.RegistryScanningConfiguration{ScanType: types.ScanTypeBasic}, "app", "BASIC"},
		{enhanced(types.ScanFrequencyContinuousScan, "*"), "team/app", "ENHANCED"},
		{enhanced(types.ScanFrequencyScanOnPush, "prod-*"), "prod-api", "ENHANCED"},
		{enhanced(types.ScanFrequencyScanOnPush, "prod-*"), "dev/prod-api", "BASIC"},
		{enhanced(types.ScanFrequencyScanOnPush, "orders"), "team/orders-api", "ENHANCED"}, // no wildcard: contains
		{enhanced(types.ScanFrequencyContinuousScan, "billing"), "orders-api", "BASIC"},
	} {
		if got := scanType(c.conf, c.repo); got != c.want {
			t.Errorf("%s under %+v: got %s, want %s", c.repo, c.conf.Rules, got, c.want)
		}
	}
}
