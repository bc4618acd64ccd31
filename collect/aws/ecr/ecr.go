// Package ecr collects ECR private repositories (AWS::ECR::Repository) with
// their repository policy and the registry scanning configuration that
// applies to each.
package ecr

import (
	"context"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const repositoryType = "AWS::ECR::Repository"

// Service is the ECR collector.
var Service = collect.Service{
	Name:    "ecr",
	Types:   []string{repositoryType},
	Collect: collectRepositories,
	Operations: []string{
		"ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", "ecr:GetRegistryScanningConfiguration",
	},
}

func collectRepositories(ctx context.Context, s *collect.Scope) {
	client := ecr.NewFromConfig(s.Config)
	var repos []*inventory.ECRRepository
	pages := ecr.NewDescribeRepositoriesPaginator(client, &ecr.DescribeRepositoriesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(repositoryType, "ecr:DescribeRepositories", err)
			return
		}
		for _, r := range page.Repositories {
			repos = append(repos, repository(ctx, s, client, r))
		}
	}
	if len(repos) == 0 {
		s.Region.Resources.ECRRepositories = repos
		return
	}
	// The scan type is the registry's; which repositories enhanced
	// scanning covers depends on its rules' filters. A failure leaves
	// RegistryScanType empty (not read): the repository's own scan on push
	// is still known.
	scanning, err := client.GetRegistryScanningConfiguration(ctx, &ecr.GetRegistryScanningConfigurationInput{})
	if err == nil && scanning.ScanningConfiguration != nil {
		for _, repo := range repos {
			repo.RegistryScanType = scanType(scanning.ScanningConfiguration, repo.Name)
		}
	}
	s.Region.Resources.ECRRepositories = repos
}

func repository(ctx context.Context, s *collect.Scope, client *ecr.Client, r types.Repository) *inventory.ECRRepository {
	name := aws.ToString(r.RepositoryName)
	repo := &inventory.ECRRepository{
		Meta:               s.Meta("ecr:DescribeRepositories", name, aws.ToString(r.RepositoryArn), name),
		RepositoryURI:      aws.ToString(r.RepositoryUri),
		CreatedAt:          aws.ToTime(r.CreatedAt),
		ImageTagMutability: string(r.ImageTagMutability),
	}
	if c := r.ImageScanningConfiguration; c != nil {
		repo.ScanOnPush = aws.Bool(c.ScanOnPush)
	}
	if c := r.EncryptionConfiguration; c != nil {
		repo.EncryptionType, repo.KMSKey = string(c.EncryptionType), aws.ToString(c.KmsKey)
	}
	// RepositoryPolicyNotFoundException is how ECR says "no policy".
	pol, err := client.GetRepositoryPolicy(collect.Expect(ctx, "RepositoryPolicyNotFoundException"),
		&ecr.GetRepositoryPolicyInput{RepositoryName: r.RepositoryName, RegistryId: r.RegistryId})
	switch {
	case err == nil:
		repo.Policy = aws.ToString(pol.PolicyText)
	case collect.IsCode(err, "RepositoryPolicyNotFoundException"):
		// No policy: only the account's own principals have access.
	default:
		repo.Unread = append(repo.Unread, "policy")
	}
	return repo
}

// scanType is the registry scan type that applies to a repository: ENHANCED
// only when one of the enhanced rules' filters matches it (enhanced
// scanning leaves the others unscanned by Inspector), else BASIC, where
// the repository's own scan on push decides.
func scanType(c *types.RegistryScanningConfiguration, repo string) string {
	if c.ScanType != types.ScanTypeEnhanced {
		return string(types.ScanTypeBasic)
	}
	for _, rule := range c.Rules {
		if rule.ScanFrequency == types.ScanFrequencyManual {
			continue
		}
		for _, f := range rule.RepositoryFilters {
			if matches(aws.ToString(f.Filter), repo) {
				return string(types.ScanTypeEnhanced)
			}
		}
	}
	return string(types.ScanTypeBasic)
}

// matches applies an ECR scanning filter: without a wildcard it matches
// names that contain it; "*" stands for any run of characters, "/"
// included.
func matches(filter, name string) bool {
	if !strings.Contains(filter, "*") {
		return strings.Contains(name, filter)
	}
	parts := strings.Split(filter, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	ok, err := regexp.MatchString("^"+strings.Join(parts, ".*")+"$", name)
	return err == nil && ok
}
