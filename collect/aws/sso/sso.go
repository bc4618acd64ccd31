// Package sso collects IAM Identity Center (AWS::SSO::*): the account's
// instance and its permission sets, each with its AWS and customer managed
// policies, inline policy, permissions boundary and the accounts it is
// provisioned to.
//
// Identity Center is regional but an account has at most one instance, in
// the region it was enabled in. The collector is global: it looks for the
// instance in each of the account's regions and reads it where it is found.
package sso

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	instanceType      = "AWS::SSO::Instance"
	permissionSetType = "AWS::SSO::PermissionSet"
)

// Service is the Identity Center collector.
var Service = collect.Service{
	Name:    "sso",
	Global:  true,
	Types:   []string{instanceType, permissionSetType},
	Collect: collectSSO,
	Operations: []string{
		"sso:ListInstances", "sso:ListPermissionSets", "sso:DescribePermissionSet",
		"sso:ListManagedPoliciesInPermissionSet", "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
		"sso:GetInlinePolicyForPermissionSet", "sso:GetPermissionsBoundaryForPermissionSet",
		"sso:ListAccountsForProvisionedPermissionSet",
	},
}

// setWorkers bounds the permission sets read at once (six calls each).
const setWorkers = 4

func collectSSO(ctx context.Context, s *collect.Scope) {
	var listErr error
	for _, r := range s.Account.Regions {
		client := ssoadmin.NewFromConfig(s.Config, func(o *ssoadmin.Options) { o.Region = r.Name })
		instances, err := listInstances(ctx, s, client, r.Name)
		if err != nil {
			listErr = errors.Join(listErr, err)
			continue
		}
		if len(instances) == 0 {
			continue
		}
		var sets []*inventory.SSOPermissionSet
		for _, in := range instances {
			found, err := permissionSets(ctx, s, client, in.ARN)
			if err != nil {
				s.Gap(permissionSetType, "sso:ListPermissionSets", err)
				sets = nil
				break
			}
			sets = append(sets, found...)
		}
		s.Account.Resources.SSOInstances = instances
		s.Account.Resources.SSOPermissionSets = sets
		return // an account has one instance: the other regions hold none
	}
	if listErr != nil {
		// The instance may be in a region that could not be read.
		s.Gap(instanceType, "sso:ListInstances", listErr)
		s.Gap(permissionSetType, "sso:ListInstances", listErr)
	}
}

func listInstances(ctx context.Context, s *collect.Scope, client *ssoadmin.Client, region string) ([]*inventory.SSOInstance, error) {
	var out []*inventory.SSOInstance
	pages := ssoadmin.NewListInstancesPaginator(client, &ssoadmin.ListInstancesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, in := range page.Instances {
			arn := aws.ToString(in.InstanceArn)
			home := aws.ToString(in.PrimaryRegion) // set for instances replicated to several regions
			if home == "" {
				home = region
			}
			out = append(out, &inventory.SSOInstance{
				Meta:            s.Meta("sso:ListInstances", lastPart(arn), arn, aws.ToString(in.Name)),
				IdentityStoreID: aws.ToString(in.IdentityStoreId),
				HomeRegion:      home,
				Status:          string(in.Status),
				OwnerAccountID:  aws.ToString(in.OwnerAccountId),
				CreatedDate:     aws.ToTime(in.CreatedDate),
			})
		}
	}
	return out, nil
}

func permissionSets(ctx context.Context, s *collect.Scope, client *ssoadmin.Client, instanceARN string) ([]*inventory.SSOPermissionSet, error) {
	var arns []string
	pages := ssoadmin.NewListPermissionSetsPaginator(client, &ssoadmin.ListPermissionSetsInput{InstanceArn: aws.String(instanceARN)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		arns = append(arns, page.PermissionSets...)
	}
	out := make([]*inventory.SSOPermissionSet, len(arns))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(setWorkers, len(arns)) {
		wg.Go(func() {
			for i := range next {
				out[i] = permissionSet(ctx, s, client, instanceARN, arns[i])
			}
		})
	}
	for i := range arns {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// permissionSet reads one permission set. A failed call leaves its part
// unknown: an empty session duration, or the sub-list named in Unread.
func permissionSet(ctx context.Context, s *collect.Scope, client *ssoadmin.Client, instanceARN, arn string) *inventory.SSOPermissionSet {
	in, set := aws.String(instanceARN), aws.String(arn)
	ps := &inventory.SSOPermissionSet{Meta: s.Meta("sso:ListPermissionSets", lastPart(arn), arn, ""), InstanceARN: instanceARN}
	if out, err := client.DescribePermissionSet(ctx, &ssoadmin.DescribePermissionSetInput{InstanceArn: in, PermissionSetArn: set}); err == nil && out.PermissionSet != nil {
		d := out.PermissionSet
		ps.Meta = s.Meta("sso:DescribePermissionSet", lastPart(arn), arn, aws.ToString(d.Name))
		ps.Description, ps.SessionDuration, ps.RelayState = aws.ToString(d.Description), aws.ToString(d.SessionDuration), aws.ToString(d.RelayState)
		ps.CreatedDate = aws.ToTime(d.CreatedDate)
	}

	managed := ssoadmin.NewListManagedPoliciesInPermissionSetPaginator(client, &ssoadmin.ListManagedPoliciesInPermissionSetInput{InstanceArn: in, PermissionSetArn: set})
	for managed.HasMorePages() {
		page, err := managed.NextPage(ctx)
		if err != nil {
			ps.AWSManagedPolicies = nil
			ps.Unread = append(ps.Unread, inventory.ListManagedPolicies)
			break
		}
		for _, p := range page.AttachedManagedPolicies {
			ps.AWSManagedPolicies = append(ps.AWSManagedPolicies, aws.ToString(p.Arn))
		}
	}

	customer := ssoadmin.NewListCustomerManagedPolicyReferencesInPermissionSetPaginator(client,
		&ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetInput{InstanceArn: in, PermissionSetArn: set})
	for customer.HasMorePages() {
		page, err := customer.NextPage(ctx)
		if err != nil {
			ps.CustomerManagedPolicies = nil
			ps.Unread = append(ps.Unread, inventory.ListCustomerManagedPolicies)
			break
		}
		for _, ref := range page.CustomerManagedPolicyReferences {
			ps.CustomerManagedPolicies = append(ps.CustomerManagedPolicies, policyRef(ref))
		}
	}

	if out, err := client.GetInlinePolicyForPermissionSet(ctx, &ssoadmin.GetInlinePolicyForPermissionSetInput{InstanceArn: in, PermissionSetArn: set}); err != nil {
		ps.Unread = append(ps.Unread, inventory.ListInlinePolicy)
	} else {
		ps.InlinePolicy = aws.ToString(out.InlinePolicy) // empty: none
	}

	// A set without a boundary answers ResourceNotFoundException: none.
	out, err := client.GetPermissionsBoundaryForPermissionSet(ctx, &ssoadmin.GetPermissionsBoundaryForPermissionSetInput{InstanceArn: in, PermissionSetArn: set})
	switch {
	case err == nil && out.PermissionsBoundary != nil:
		b := out.PermissionsBoundary
		ps.PermissionsBoundary = &inventory.SSOPermissionsBoundary{ManagedPolicyARN: aws.ToString(b.ManagedPolicyArn)}
		if b.CustomerManagedPolicyReference != nil {
			ref := policyRef(*b.CustomerManagedPolicyReference)
			ps.PermissionsBoundary.CustomerManagedPolicyReference = &ref
		}
	case err != nil && !collect.IsCode(err, "ResourceNotFoundException"):
		ps.Unread = append(ps.Unread, inventory.ListPermissionsBoundary)
	}

	accounts := ssoadmin.NewListAccountsForProvisionedPermissionSetPaginator(client,
		&ssoadmin.ListAccountsForProvisionedPermissionSetInput{InstanceArn: in, PermissionSetArn: set})
	for accounts.HasMorePages() {
		page, err := accounts.NextPage(ctx)
		if err != nil {
			ps.ProvisionedAccounts = nil
			ps.Unread = append(ps.Unread, inventory.ListProvisionedAccounts)
			break
		}
		ps.ProvisionedAccounts = append(ps.ProvisionedAccounts, page.AccountIds...)
	}
	return ps
}

func policyRef(ref types.CustomerManagedPolicyReference) inventory.CustomerManagedPolicyReference {
	return inventory.CustomerManagedPolicyReference{Name: aws.ToString(ref.Name), Path: aws.ToString(ref.Path)}
}

// lastPart is the id at the end of an Identity Center ARN
// ("arn:aws:sso:::permissionSet/ssoins-.../ps-..." → "ps-...").
func lastPart(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }
