// Package iam collects IAM (AWS::IAM::*): users, groups, roles and managed
// policies from GetAccountAuthorizationDetails (one paged call holds every
// principal with its inline and attached policies and every policy document),
// then what that snapshot lacks: each user's MFA devices, access keys with
// their last use and console password, the roles' descriptions and session
// limits (ListRoles), the credential report (password use, root activity),
// the root user (GetAccountSummary, ListVirtualMFADevices), the password
// policy, instance profiles, server certificates and the account alias.
package iam

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// The resource types the collector fills.
const (
	userType            = "AWS::IAM::User"
	groupType           = "AWS::IAM::Group"
	roleType            = "AWS::IAM::Role"
	policyType          = "AWS::IAM::Policy"
	instanceProfileType = "AWS::IAM::InstanceProfile"
	certificateType     = "AWS::IAM::ServerCertificate"
	passwordPolicyType  = "AWS::IAM::PasswordPolicy"
	rootType            = "AWS::IAM::Root"
)

const authDetailsCall = "iam:GetAccountAuthorizationDetails"

// Service is the IAM collector. IAM is global: it is collected once per account.
var Service = collect.Service{
	Name:   "iam",
	Global: true,
	Types: []string{userType, groupType, roleType, policyType, instanceProfileType, certificateType,
		passwordPolicyType, rootType},
	Collect: collectIAM,
	Operations: []string{
		"iam:GetAccountAuthorizationDetails", "iam:ListRoles",
		"iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile",
		"iam:GenerateCredentialReport", "iam:GetCredentialReport",
		"iam:GetAccountSummary", "iam:ListVirtualMFADevices", "iam:GetAccountPasswordPolicy",
		"iam:ListInstanceProfiles", "iam:ListServerCertificates", "iam:ListAccountAliases",
	},
}

// userWorkers bounds the per-user detail calls in flight: accounts with
// hundreds of users would otherwise take minutes one call at a time.
const userWorkers = 8

func collectIAM(ctx context.Context, s *collect.Scope) {
	client := iam.NewFromConfig(s.Config)
	res := &s.Account.Resources

	// IAM builds the credential report asynchronously: asking for it first
	// lets it be built while the rest is read.
	genErr := generateReport(ctx, client)

	details, err := authorizationDetails(ctx, s, client)
	if err == nil {
		addRoleSettings(ctx, client, details.roles)
	}
	report, reportErr := credentialReport(ctx, client, genErr)
	if err != nil {
		for _, t := range []string{userType, groupType, roleType, policyType} {
			s.Gap(t, authDetailsCall, err)
		}
	} else {
		userDetails(ctx, client, details.users, report, reportErr)
		res.IAMUsers, res.IAMGroups, res.IAMRoles, res.IAMPolicies = details.users, details.groups, details.roles, details.policies
	}
	res.IAMRoot = root(ctx, s, client, report, reportErr)
	res.IAMPasswordPolicy = passwordPolicy(ctx, s, client)
	res.IAMInstanceProfiles = instanceProfiles(ctx, s, client)
	res.IAMServerCertificates = serverCertificates(ctx, s, client)
	accountAlias(ctx, s, client)
}

// details is what GetAccountAuthorizationDetails returned, in AWS's order.
type details struct {
	users    []*inventory.IAMUser
	groups   []*inventory.IAMGroup
	roles    []*inventory.IAMRole
	policies []*inventory.IAMPolicy
}

func authorizationDetails(ctx context.Context, s *collect.Scope, client *iam.Client) (*details, error) {
	d := &details{}
	pages := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range page.UserDetailList {
			d.users = append(d.users, &inventory.IAMUser{
				Meta:                withTags(s.Meta(authDetailsCall, aws.ToString(u.UserId), aws.ToString(u.Arn), aws.ToString(u.UserName)), u.Tags),
				Path:                aws.ToString(u.Path),
				UserID:              aws.ToString(u.UserId),
				CreateDate:          aws.ToTime(u.CreateDate),
				InlinePolicies:      inline(u.UserPolicyList),
				AttachedPolicies:    attached(u.AttachedManagedPolicies),
				Groups:              nonEmpty(u.GroupList),
				PermissionsBoundary: boundary(u.PermissionsBoundary),
			})
		}
		for _, g := range page.GroupDetailList {
			d.groups = append(d.groups, &inventory.IAMGroup{
				Meta:             s.Meta(authDetailsCall, aws.ToString(g.GroupId), aws.ToString(g.Arn), aws.ToString(g.GroupName)),
				Path:             aws.ToString(g.Path),
				GroupID:          aws.ToString(g.GroupId),
				CreateDate:       aws.ToTime(g.CreateDate),
				InlinePolicies:   inline(g.GroupPolicyList),
				AttachedPolicies: attached(g.AttachedManagedPolicies),
			})
		}
		for _, r := range page.RoleDetailList {
			role := &inventory.IAMRole{
				Meta:                     withTags(s.Meta(authDetailsCall, aws.ToString(r.RoleId), aws.ToString(r.Arn), aws.ToString(r.RoleName)), r.Tags),
				Path:                     aws.ToString(r.Path),
				RoleID:                   aws.ToString(r.RoleId),
				CreateDate:               aws.ToTime(r.CreateDate),
				AssumeRolePolicyDocument: decode(r.AssumeRolePolicyDocument),
				PermissionsBoundary:      boundary(r.PermissionsBoundary),
				InlinePolicies:           inline(r.RolePolicyList),
				AttachedPolicies:         attached(r.AttachedManagedPolicies),
				ServiceLinked:            strings.HasPrefix(aws.ToString(r.Path), "/aws-service-role/"),
			}
			for _, p := range r.InstanceProfileList {
				role.InstanceProfiles = append(role.InstanceProfiles, aws.ToString(p.Arn))
			}
			if r.RoleLastUsed != nil {
				role.LastUsed = &inventory.RoleLastUsed{LastUsedDate: aws.ToTime(r.RoleLastUsed.LastUsedDate), Region: aws.ToString(r.RoleLastUsed.Region)}
			}
			d.roles = append(d.roles, role)
		}
		for _, p := range page.Policies {
			arn := aws.ToString(p.Arn)
			awsManaged := strings.Contains(arn, ":aws:policy/")
			// AWS managed policies matter to the account only where they are
			// used; the inventory keeps those.
			if awsManaged && aws.ToInt32(p.AttachmentCount) == 0 && aws.ToInt32(p.PermissionsBoundaryUsageCount) == 0 {
				continue
			}
			pol := &inventory.IAMPolicy{
				Meta:             s.Meta(authDetailsCall, aws.ToString(p.PolicyId), arn, aws.ToString(p.PolicyName)),
				Path:             aws.ToString(p.Path),
				AWSManaged:       awsManaged,
				DefaultVersionID: aws.ToString(p.DefaultVersionId),
				AttachmentCount:  int(aws.ToInt32(p.AttachmentCount)),
				CreateDate:       aws.ToTime(p.CreateDate),
				UpdateDate:       aws.ToTime(p.UpdateDate),
			}
			for _, v := range p.PolicyVersionList {
				if v.IsDefaultVersion || aws.ToString(v.VersionId) == pol.DefaultVersionID {
					pol.Document = decode(v.Document)
					break
				}
			}
			d.policies = append(d.policies, pol)
		}
	}
	return d, nil
}

// addRoleSettings adds what GetAccountAuthorizationDetails leaves out of
// roles: the description and the maximum session duration. If ListRoles
// fails they stay unknown.
func addRoleSettings(ctx context.Context, client *iam.Client, roles []*inventory.IAMRole) {
	if len(roles) == 0 {
		return
	}
	byID := map[string]*inventory.IAMRole{}
	for _, r := range roles {
		byID[r.RoleID] = r
	}
	pages := iam.NewListRolesPaginator(client, &iam.ListRolesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			for _, r := range roles {
				unread(&r.Meta, "description", "maxSessionDuration")
			}
			return
		}
		for _, lr := range page.Roles {
			if r := byID[aws.ToString(lr.RoleId)]; r != nil {
				r.Description = aws.ToString(lr.Description)
				r.MaxSessionDuration = int(aws.ToInt32(lr.MaxSessionDuration))
			}
		}
	}
}

// userDetails reads each user's MFA devices, access keys and console
// password, with when the password was last used and changed from the
// credential report.
func userDetails(ctx context.Context, client *iam.Client, users []*inventory.IAMUser, report map[string]reportRow, reportErr error) {
	next := make(chan *inventory.IAMUser)
	var wg sync.WaitGroup
	for range min(userWorkers, len(users)) {
		wg.Go(func() {
			for u := range next {
				row, ok := report[u.Name]
				if reportErr != nil {
					ok = false
				}
				userDetail(ctx, client, u, row, ok)
			}
		})
	}
	for _, u := range users {
		next <- u
	}
	close(next)
	wg.Wait()
}

func userDetail(ctx context.Context, client *iam.Client, u *inventory.IAMUser, row reportRow, inReport bool) {
	name := aws.String(u.Name)
	mfa := iam.NewListMFADevicesPaginator(client, &iam.ListMFADevicesInput{UserName: name})
	for mfa.HasMorePages() {
		page, err := mfa.NextPage(ctx)
		if err != nil {
			u.MFADevices = nil
			unread(&u.Meta, inventory.ListMFADevices)
			break
		}
		for _, d := range page.MFADevices {
			serial := aws.ToString(d.SerialNumber)
			u.MFADevices = append(u.MFADevices, inventory.MFADevice{SerialNumber: serial, Type: mfaType(serial), EnableDate: aws.ToTime(d.EnableDate)})
		}
	}

	keys := iam.NewListAccessKeysPaginator(client, &iam.ListAccessKeysInput{UserName: name})
	for keys.HasMorePages() {
		page, err := keys.NextPage(ctx)
		if err != nil {
			u.AccessKeys = nil
			unread(&u.Meta, inventory.ListAccessKeys)
			break
		}
		for _, k := range page.AccessKeyMetadata {
			key := inventory.AccessKey{AccessKeyID: aws.ToString(k.AccessKeyId), Status: string(k.Status), CreateDate: aws.ToTime(k.CreateDate)}
			used, err := client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: k.AccessKeyId})
			if err != nil {
				// A zero last use would read as "never used": the keys are
				// only half known, so checks on them must not judge.
				unread(&u.Meta, inventory.ListAccessKeys)
			} else if lu := used.AccessKeyLastUsed; lu != nil {
				key.LastUsedDate = aws.ToTime(lu.LastUsedDate)
				key.LastUsedService, key.LastUsedRegion = notApplicable(lu.ServiceName), notApplicable(lu.Region)
			}
			u.AccessKeys = append(u.AccessKeys, key)
		}
	}

	// The login profile says whether there is a console password now (the
	// report may be hours old); NoSuchEntity means none.
	_, err := client.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: name})
	switch {
	case err == nil:
		u.PasswordEnabled = aws.Bool(true)
	case collect.IsCode(err, "NoSuchEntity"):
		u.PasswordEnabled = aws.Bool(false)
	case inReport:
		u.PasswordEnabled = aws.Bool(row["password_enabled"] == "true") // as of the report
	}
	if u.PasswordEnabled != nil && !*u.PasswordEnabled {
		return // no password: nothing was used or changed
	}
	// When it was last used and changed comes from the credential report;
	// without the report, or for a password set since the report was
	// built, that is unknown.
	if !inReport || row["password_enabled"] != "true" {
		unread(&u.Meta, "passwordLastUsed", "passwordLastChanged")
		return
	}
	u.PasswordLastUsed, u.PasswordLastChanged = row.time("password_last_used"), row.time("password_last_changed")
}

// mfaType tells the device kind from its serial: virtual devices are
// "arn:...:mfa/NAME", security keys "arn:...:u2f/...", and hardware TOTP
// tokens have a plain serial number.
func mfaType(serial string) string {
	switch {
	case strings.Contains(serial, ":mfa/"):
		return "virtual"
	case strings.Contains(serial, ":u2f/"):
		return "fido"
	}
	return "hardware"
}

// notApplicable drops the "N/A" IAM reports for keys never used.
func notApplicable(s *string) string {
	if v := aws.ToString(s); v != "N/A" {
		return v
	}
	return ""
}

// decode turns a URL-encoded policy document (as GetAccountAuthorizationDetails
// returns them, RFC 3986) into JSON text. PathUnescape, not QueryUnescape: a
// "+" in a document is a plus, not a space.
func decode(doc *string) string {
	s := aws.ToString(doc)
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func inline(list []types.PolicyDetail) []inventory.InlinePolicy {
	var out []inventory.InlinePolicy
	for _, p := range list {
		out = append(out, inventory.InlinePolicy{PolicyName: aws.ToString(p.PolicyName), PolicyDocument: decode(p.PolicyDocument)})
	}
	return out
}

func attached(list []types.AttachedPolicy) []inventory.AttachedPolicy {
	var out []inventory.AttachedPolicy
	for _, p := range list {
		out = append(out, inventory.AttachedPolicy{PolicyName: aws.ToString(p.PolicyName), PolicyARN: aws.ToString(p.PolicyArn)})
	}
	return out
}

func boundary(b *types.AttachedPermissionsBoundary) string {
	if b == nil {
		return ""
	}
	return aws.ToString(b.PermissionsBoundaryArn)
}

// nonEmpty keeps "none" as nil, as the inventory holds it.
func nonEmpty(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// unread marks fields or sub-lists of a resource as not read.
func unread(m *inventory.Meta, keys ...string) {
	for _, k := range keys {
		if m.Known(k) {
			m.Unread = append(m.Unread, k)
		}
	}
}

func withTags(m inventory.Meta, tags []types.Tag) inventory.Meta {
	for _, t := range tags {
		if m.Tags == nil {
			m.Tags = map[string]string{}
		}
		m.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

func instanceProfiles(ctx context.Context, s *collect.Scope, client *iam.Client) []*inventory.IAMInstanceProfile {
	var out []*inventory.IAMInstanceProfile
	pages := iam.NewListInstanceProfilesPaginator(client, &iam.ListInstanceProfilesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(instanceProfileType, "iam:ListInstanceProfiles", err)
			return nil
		}
		for _, p := range page.InstanceProfiles {
			ip := &inventory.IAMInstanceProfile{
				Meta: withTags(s.Meta("iam:ListInstanceProfiles", aws.ToString(p.InstanceProfileId), aws.ToString(p.Arn), aws.ToString(p.InstanceProfileName)), p.Tags),
				Path: aws.ToString(p.Path), CreateDate: aws.ToTime(p.CreateDate),
			}
			for _, r := range p.Roles {
				ip.Roles = append(ip.Roles, aws.ToString(r.RoleName))
			}
			out = append(out, ip)
		}
	}
	return out
}

func serverCertificates(ctx context.Context, s *collect.Scope, client *iam.Client) []*inventory.IAMServerCertificate {
	var out []*inventory.IAMServerCertificate
	pages := iam.NewListServerCertificatesPaginator(client, &iam.ListServerCertificatesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(certificateType, "iam:ListServerCertificates", err)
			return nil
		}
		for _, c := range page.ServerCertificateMetadataList {
			out = append(out, &inventory.IAMServerCertificate{
				Meta: s.Meta("iam:ListServerCertificates", aws.ToString(c.ServerCertificateId), aws.ToString(c.Arn), aws.ToString(c.ServerCertificateName)),
				Path: aws.ToString(c.Path), UploadDate: aws.ToTime(c.UploadDate), Expiration: aws.ToTime(c.Expiration),
			})
		}
	}
	return out
}

// accountAlias names the account by its alias (an account has at most
// one). It is a label only: when it cannot be read the account goes unnamed.
func accountAlias(ctx context.Context, s *collect.Scope, client *iam.Client) {
	// An account has at most one alias: the first page is the whole list.
	out, err := client.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
	if err != nil || len(out.AccountAliases) == 0 {
		return
	}
	s.Lock()
	s.Account.Alias = out.AccountAliases[0]
	s.Unlock()
}
