// Package organizations collects the AWS Organizations view of the estate
// (the estate's Organization): the organization, its root with the enabled
// policy types, the OU tree, the accounts and where each sits, and the
// policies of every enabled type with their content and targets.
//
// Only the management account (or a delegated administrator) can list an
// organization. Every account's task asks DescribeOrganization, which any
// member may call. The management account's task reads the organization.
// A member account's task leaves it to the management account when that
// account is part of the collection; otherwise it tries as a delegated
// administrator, and if it is denied the organization stays uncollected
// (nil): what a member account cannot see is not claimed as "none". An
// account outside any organization (AWSOrganizationsNotInUseException) has
// no organization to collect.
package organizations

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// The organization's resource types.
const (
	rootType    = "AWS::Organizations::Root"
	accountType = "AWS::Organizations::Account"
	ouType      = "AWS::Organizations::OrganizationalUnit"
	policyType  = "AWS::Organizations::Policy"
)

// Service is the Organizations collector. It is global, and fills the
// estate's Organization rather than the account's resources.
var Service = collect.Service{
	Name:    "organizations",
	Global:  true,
	Types:   []string{rootType, accountType, ouType, policyType},
	Collect: collectOrganization,
	Operations: []string{
		"organizations:DescribeOrganization", "organizations:ListRoots", "organizations:ListAccounts",
		"organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent",
		"organizations:ListPolicies", "organizations:DescribePolicy", "organizations:ListTargetsForPolicy",
	},
}

func collectOrganization(ctx context.Context, s *collect.Scope) {
	client := organizations.NewFromConfig(s.Config)
	out, err := client.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if collect.IsCode(err, "AWSOrganizationsNotInUseException") {
		return // the account belongs to no organization
	}
	if err != nil {
		// Whether the account is an organization's management account, and
		// so what the organization looks like, is unknown.
		s.Gap(accountType, "organizations:DescribeOrganization", err)
		return
	}
	d := out.Organization
	o := &inventory.Organization{
		ID:                aws.ToString(d.Id),
		ARN:               aws.ToString(d.Arn),
		ManagementAccount: aws.ToString(d.MasterAccountId),
		FeatureSet:        string(d.FeatureSet),
	}
	management := o.ManagementAccount == s.AccountID()
	if !management && inEstate(s, o.ManagementAccount) {
		return // the management account's own task collects it
	}

	c := &collector{s: s, client: client, o: o}
	if management {
		c.root(ctx)
	} else {
		// A member finds out whether it is a delegated administrator by
		// asking: AccessDenied is the answer "no", not a failed call.
		c.root(collect.Expect(ctx, "AccessDeniedException"))
	}
	if !management && collect.IsCode(c.rootErr, "AccessDeniedException") {
		return // a plain member account, not a delegated administrator
	}
	c.accounts(ctx)
	c.tree(ctx)
	c.policies(ctx)

	// Scope.Lock guards one account's tasks; the organization is shared by
	// every account's task, so writes to it also take estateMu.
	estateMu.Lock()
	defer estateMu.Unlock()
	s.Lock()
	defer s.Unlock()
	// The management account's view wins (when it is collected, no other
	// account writes); between delegated administrators, the more complete.
	if cur := s.Estate.Organization; cur == nil || management || len(o.Gaps) < len(cur.Gaps) {
		s.Estate.Organization = o
	}
}

// estateMu serializes writes to estates' Organization across accounts.
var estateMu sync.Mutex

// inEstate reports whether the account is one the collection covers and
// reaches (its role was assumed). The runner sets up every account before
// any task runs, so reading is safe.
func inEstate(s *collect.Scope, id string) bool {
	a := s.Estate.Account(id)
	if a == nil {
		return false
	}
	_, unreachable := inventory.GapFor(a.Gaps, inventory.AllTypes)
	return !unreachable
}

// collector reads one organization.
type collector struct {
	s       *collect.Scope
	client  *organizations.Client
	o       *inventory.Organization
	rootErr error // why the root could not be read
}

func (c *collector) gap(resourceType, call string, err error) {
	g := inventory.Gap{ResourceType: resourceType, Call: call}
	g.Code, g.Message = collect.ErrorCode(err)
	c.o.Gaps = append(c.o.Gaps, g)
}

// root reads the root and its enabled policy types.
func (c *collector) root(ctx context.Context) {
	pages := organizations.NewListRootsPaginator(c.client, &organizations.ListRootsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.rootErr = err
			c.gap(rootType, "organizations:ListRoots", err)
			return
		}
		for _, r := range page.Roots {
			root := &inventory.OrgRoot{Meta: c.s.Meta("organizations:ListRoots", aws.ToString(r.Id), aws.ToString(r.Arn), aws.ToString(r.Name))}
			for _, t := range r.PolicyTypes {
				if t.Status == types.PolicyTypeStatusEnabled {
					root.PolicyTypes = append(root.PolicyTypes, string(t.Type))
				}
			}
			c.o.Root = root // an organization has exactly one root
		}
	}
}

func (c *collector) accounts(ctx context.Context) {
	pages := organizations.NewListAccountsPaginator(c.client, &organizations.ListAccountsInput{})
	var out []*inventory.OrgAccount
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.gap(accountType, "organizations:ListAccounts", err)
			return
		}
		for _, a := range page.Accounts {
			status := string(a.State) // State replaces the deprecated Status
			if status == "" {
				status = string(a.Status)
			}
			email := aws.ToString(a.Email)
			out = append(out, &inventory.OrgAccount{
				Meta: c.s.Meta("organizations:ListAccounts", aws.ToString(a.Id), aws.ToString(a.Arn), aws.ToString(a.Name)),
				// Only the domain: the root e-mail address is personal data
				// and a phishing target, the domain is what checks need.
				EmailDomain:     email[strings.LastIndexByte(email, '@')+1:],
				Status:          status,
				JoinedMethod:    string(a.JoinedMethod),
				JoinedTimestamp: aws.ToTime(a.JoinedTimestamp),
			})
		}
	}
	c.o.Accounts = out
}

// tree walks the OU tree from the root, depth first, and places each
// account under its parent. Without the root there is no tree to walk.
func (c *collector) tree(ctx context.Context) {
	if c.o.Root == nil {
		if c.rootErr != nil {
			c.gap(ouType, "organizations:ListRoots", c.rootErr)
		}
		return
	}
	parents := map[string]string{}
	var ous []*inventory.OrganizationalUnit
	var walk func(parent string) error
	walk = func(parent string) error {
		accts := organizations.NewListAccountsForParentPaginator(c.client, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent)})
		for accts.HasMorePages() {
			page, err := accts.NextPage(ctx)
			if err != nil {
				c.gap(ouType, "organizations:ListAccountsForParent", err)
				return err
			}
			for _, a := range page.Accounts {
				parents[aws.ToString(a.Id)] = parent
			}
		}
		var children []*inventory.OrganizationalUnit
		pages := organizations.NewListOrganizationalUnitsForParentPaginator(c.client, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				c.gap(ouType, "organizations:ListOrganizationalUnitsForParent", err)
				return err
			}
			for _, ou := range page.OrganizationalUnits {
				children = append(children, &inventory.OrganizationalUnit{
					Meta:     c.s.Meta("organizations:ListOrganizationalUnitsForParent", aws.ToString(ou.Id), aws.ToString(ou.Arn), aws.ToString(ou.Name)),
					ParentID: parent,
				})
			}
		}
		for _, ou := range children {
			ous = append(ous, ou)
			if err := walk(ou.ID); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(c.o.Root.ID); err != nil {
		return // the tree, and where accounts sit, are unknown
	}
	c.o.OrganizationalUnits = ous
	for _, a := range c.o.Accounts {
		a.ParentID = parents[a.ID]
	}
}

// policies reads the policies of every type enabled on the root (or, with
// the root unknown, of every type the inventory knows), each with its
// content and targets.
func (c *collector) policies(ctx context.Context) {
	kinds := []string{inventory.ServiceControlPolicy, inventory.ResourceControlPolicy, inventory.TagPolicy, inventory.BackupPolicy}
	if c.o.Root != nil {
		kinds = c.o.Root.PolicyTypes
	}
	var out []*inventory.OrgPolicy
	for _, kind := range kinds {
		pages := organizations.NewListPoliciesPaginator(c.client, &organizations.ListPoliciesInput{Filter: types.PolicyType(kind)})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				c.gap(policyType, "organizations:ListPolicies", err)
				return
			}
			for _, sum := range page.Policies {
				out = append(out, c.policy(ctx, sum))
			}
		}
	}
	c.o.Policies = out
}

// policy reads one policy's content and targets; either failing leaves
// that field unknown.
func (c *collector) policy(ctx context.Context, sum types.PolicySummary) *inventory.OrgPolicy {
	p := &inventory.OrgPolicy{
		Meta:        c.s.Meta("organizations:DescribePolicy", aws.ToString(sum.Id), aws.ToString(sum.Arn), aws.ToString(sum.Name)),
		PolicyType:  string(sum.Type),
		Description: aws.ToString(sum.Description),
		AWSManaged:  sum.AwsManaged,
	}
	out, err := c.client.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: sum.Id})
	if err != nil || out.Policy == nil {
		p.Unread = append(p.Unread, "content")
	} else {
		p.Content = aws.ToString(out.Policy.Content)
	}
	targets := organizations.NewListTargetsForPolicyPaginator(c.client, &organizations.ListTargetsForPolicyInput{PolicyId: sum.Id})
	for targets.HasMorePages() {
		page, err := targets.NextPage(ctx)
		if err != nil {
			p.Targets = nil
			p.Unread = append(p.Unread, "targets")
			break
		}
		for _, t := range page.Targets {
			p.Targets = append(p.Targets, inventory.PolicyTarget{TargetID: aws.ToString(t.TargetId), Type: string(t.Type), Name: aws.ToString(t.Name)})
		}
	}
	return p
}
