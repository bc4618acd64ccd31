package awstest

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerSSO serves IAM Identity Center (sso-admin: JSON 1.1,
// SWBExternalService, signing name "sso"). An account's instance is listed
// in its home region only; its permission sets are served there. A type
// with a gap, or a part the inventory says was not read, is answered with
// AccessDenied.
func registerSSO(s *Server) {
	account := func(r *Request) *inventory.Account {
		a, _ := r.Scope(s)
		return a
	}
	gapped := func(a *inventory.Account, t string) bool {
		_, ok := inventory.GapFor(a.Gaps, t)
		return ok
	}
	// set finds the permission set of the request, in the instance's home
	// region.
	set := func(r *Request) (*inventory.SSOPermissionSet, error) {
		a := account(r)
		if a == nil {
			return nil, AccessDenied(JSON)
		}
		arn := r.String("PermissionSetArn")
		for _, ps := range a.Resources.SSOPermissionSets {
			if ps.ARN == arn && ps.InstanceARN == r.String("InstanceArn") && ssoHome(a, ps.InstanceARN) == r.Region {
				return ps, nil
			}
		}
		return nil, &Error{Status: 404, Code: "ResourceNotFoundException", Message: "Could not find PermissionSet with ARN " + arn}
	}
	known := func(ps *inventory.SSOPermissionSet, list string) error {
		if !ps.Known(list) {
			return AccessDenied(JSON)
		}
		return nil
	}

	s.Handle("sso", "ListInstances", func(r *Request) (any, error) {
		a := account(r)
		var items []any
		if a != nil {
			if gapped(a, "AWS::SSO::Instance") {
				return nil, AccessDenied(JSON)
			}
			for _, in := range a.Resources.SSOInstances {
				if in.HomeRegion != r.Region {
					continue
				}
				items = append(items, M{"InstanceArn": in.ARN, "IdentityStoreId": in.IdentityStoreID, "Name": nilIfEmpty(in.Name),
					"OwnerAccountId": in.OwnerAccountID, "Status": in.Status, "CreatedDate": ssoTime(in.CreatedDate),
					"PrimaryRegion": in.HomeRegion})
			}
		}
		page, next, err := Page(items, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Instances": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sso", "ListPermissionSets", func(r *Request) (any, error) {
		a := account(r)
		if a == nil {
			return nil, AccessDenied(JSON)
		}
		if gapped(a, "AWS::SSO::PermissionSet") {
			return nil, AccessDenied(JSON)
		}
		instance := r.String("InstanceArn")
		if ssoHome(a, instance) != r.Region {
			return nil, &Error{Status: 404, Code: "ResourceNotFoundException", Message: "Could not find instance " + instance}
		}
		var arns []any
		for _, ps := range a.Resources.SSOPermissionSets {
			if ps.InstanceARN == instance {
				arns = append(arns, ps.ARN)
			}
		}
		page, next, err := Page(arns, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"PermissionSets": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sso", "DescribePermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if ps.SessionDuration == "" {
			return nil, AccessDenied(JSON) // the inventory's "not read"
		}
		return M{"PermissionSet": M{"Name": ps.Name, "PermissionSetArn": ps.ARN, "Description": nilIfEmpty(ps.Description),
			"CreatedDate": ssoTime(ps.CreatedDate), "SessionDuration": ps.SessionDuration, "RelayState": nilIfEmpty(ps.RelayState)}}, nil
	})
	s.Handle("sso", "ListManagedPoliciesInPermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if err := known(ps, inventory.ListManagedPolicies); err != nil {
			return nil, err
		}
		var items []any
		for _, arn := range ps.AWSManagedPolicies {
			items = append(items, M{"Arn": arn, "Name": ssoLastSegment(arn)})
		}
		page, next, err := Page(items, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"AttachedManagedPolicies": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sso", "ListCustomerManagedPolicyReferencesInPermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if err := known(ps, inventory.ListCustomerManagedPolicies); err != nil {
			return nil, err
		}
		var items []any
		for _, ref := range ps.CustomerManagedPolicies {
			items = append(items, M{"Name": ref.Name, "Path": nilIfEmpty(ref.Path)})
		}
		page, next, err := Page(items, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"CustomerManagedPolicyReferences": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("sso", "GetInlinePolicyForPermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if err := known(ps, inventory.ListInlinePolicy); err != nil {
			return nil, err
		}
		return M{"InlinePolicy": ps.InlinePolicy}, nil
	})
	s.Handle("sso", "GetPermissionsBoundaryForPermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if err := known(ps, inventory.ListPermissionsBoundary); err != nil {
			return nil, err
		}
		b := ps.PermissionsBoundary
		if b == nil {
			return nil, &Error{Status: 404, Code: "ResourceNotFoundException", Message: "Permissions boundary not found for permission set " + ps.ARN}
		}
		out := M{"ManagedPolicyArn": nilIfEmpty(b.ManagedPolicyARN)}
		if ref := b.CustomerManagedPolicyReference; ref != nil {
			out["CustomerManagedPolicyReference"] = M{"Name": ref.Name, "Path": nilIfEmpty(ref.Path)}
		}
		return M{"PermissionsBoundary": out}, nil
	})
	s.Handle("sso", "ListAccountsForProvisionedPermissionSet", func(r *Request) (any, error) {
		ps, err := set(r)
		if err != nil {
			return nil, err
		}
		if err := known(ps, inventory.ListProvisionedAccounts); err != nil {
			return nil, err
		}
		var ids []any
		for _, id := range ps.ProvisionedAccounts {
			ids = append(ids, id)
		}
		page, next, err := Page(ids, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"AccountIds": page, "NextToken": nilIfEmpty(next)}, nil
	})
}

// ssoHome is the home region of one of the account's instances ("" when
// the account has no such instance).
func ssoHome(a *inventory.Account, instanceARN string) string {
	for _, in := range a.Resources.SSOInstances {
		if in.ARN == instanceARN {
			return in.HomeRegion
		}
	}
	return ""
}

func ssoLastSegment(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == '/' {
			return arn[i+1:]
		}
	}
	return arn
}

// ssoTime leaves an unset time out of a response.
func ssoTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
