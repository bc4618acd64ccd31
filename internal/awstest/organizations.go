package awstest

import (
	"strings"

	"github.com/awssec/awssec/inventory"
)

// registerOrganizations serves the estate's organization (JSON 1.1,
// AWSOrganizationsV20161128) as AWS answers each caller: the management
// account sees everything; a member account may describe the organization
// and is denied the rest; an account outside it gets
// AWSOrganizationsNotInUseException. An organization type with a gap, or a
// value the inventory says was not read, is answered with AccessDenied.
func registerOrganizations(s *Server) {
	notInUse := &Error{Status: 400, Code: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
	memberDenied := &Error{Status: 400, Code: "AccessDeniedException", Message: "You don't have permissions to access this resource."}
	// org returns the organization when the caller is its management
	// account, and the error others get.
	org := func(r *Request) (*inventory.Organization, error) {
		o := s.memberOf(r)
		switch {
		case o == nil:
			return nil, notInUse
		case o.ManagementAccount != r.Account:
			return nil, memberDenied
		}
		return o, nil
	}
	gapped := func(o *inventory.Organization, t string) bool {
		_, ok := inventory.GapFor(o.Gaps, t)
		return ok
	}

	s.Handle("organizations", "DescribeOrganization", func(r *Request) (any, error) {
		o := s.memberOf(r)
		if o == nil {
			return nil, notInUse
		}
		out := M{"Id": o.ID, "Arn": nilIfEmpty(o.ARN), "FeatureSet": nilIfEmpty(o.FeatureSet), "MasterAccountId": o.ManagementAccount}
		if m := o.Account(o.ManagementAccount); m != nil {
			out["MasterAccountArn"] = m.ARN
			out["MasterAccountEmail"] = "root@" + m.EmailDomain
		}
		return M{"Organization": out}, nil
	})
	s.Handle("organizations", "ListRoots", func(r *Request) (any, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		if o.Root == nil {
			return nil, AccessDenied(JSON)
		}
		var types []any
		for _, t := range o.Root.PolicyTypes {
			types = append(types, M{"Type": t, "Status": "ENABLED"})
		}
		return M{"Roots": []any{M{"Id": o.Root.ID, "Arn": o.Root.ARN, "Name": o.Root.Name, "PolicyTypes": types}}}, nil
	})
	s.Handle("organizations", "ListAccounts", func(r *Request) (any, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		if gapped(o, "AWS::Organizations::Account") {
			return nil, AccessDenied(JSON)
		}
		page, next, err := Page(o.Accounts, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Accounts": orgAccounts(page), "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("organizations", "ListAccountsForParent", func(r *Request) (any, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		if gapped(o, "AWS::Organizations::OrganizationalUnit") {
			return nil, AccessDenied(JSON)
		}
		var under []*inventory.OrgAccount
		for _, a := range o.Accounts {
			if a.ParentID == r.String("ParentId") {
				under = append(under, a)
			}
		}
		page, next, err := Page(under, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Accounts": orgAccounts(page), "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("organizations", "ListOrganizationalUnitsForParent", func(r *Request) (any, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		if gapped(o, "AWS::Organizations::OrganizationalUnit") {
			return nil, AccessDenied(JSON)
		}
		var under []any
		for _, ou := range o.OrganizationalUnits {
			if ou.ParentID == r.String("ParentId") {
				under = append(under, M{"Id": ou.ID, "Arn": ou.ARN, "Name": ou.Name})
			}
		}
		page, next, err := Page(under, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"OrganizationalUnits": page, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("organizations", "ListPolicies", func(r *Request) (any, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		if gapped(o, "AWS::Organizations::Policy") {
			return nil, AccessDenied(JSON)
		}
		filter := r.String("Filter")
		if filter == "" {
			return nil, &Error{Status: 400, Code: "ValidationException", Message: "1 validation error detected: Value null at 'filter' failed to satisfy constraint: Member must not be null"}
		}
		var matching []any
		for _, p := range o.Policies {
			if p.PolicyType == filter {
				matching = append(matching, orgPolicySummary(p))
			}
		}
		page, next, err := Page(matching, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Policies": page, "NextToken": nilIfEmpty(next)}, nil
	})
	policy := func(r *Request) (*inventory.OrgPolicy, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		id := r.String("PolicyId")
		for _, p := range o.Policies {
			if p.ID == id {
				return p, nil
			}
		}
		return nil, &Error{Status: 400, Code: "PolicyNotFoundException", Message: "We can't find a policy with the PolicyId that you specified."}
	}
	s.Handle("organizations", "DescribePolicy", func(r *Request) (any, error) {
		p, err := policy(r)
		if err != nil {
			return nil, err
		}
		if p.Content == "" || !p.Known("content") {
			return nil, AccessDenied(JSON)
		}
		return M{"Policy": M{"PolicySummary": orgPolicySummary(p), "Content": p.Content}}, nil
	})
	s.Handle("organizations", "ListTargetsForPolicy", func(r *Request) (any, error) {
		p, err := policy(r)
		if err != nil {
			return nil, err
		}
		if !p.Known("targets") {
			return nil, AccessDenied(JSON)
		}
		o := s.Estate.Organization
		var targets []any
		for _, t := range p.Targets {
			arn := ""
			switch {
			case o.Root != nil && t.TargetID == o.Root.ID:
				arn = o.Root.ARN
			case o.OU(t.TargetID) != nil:
				arn = o.OU(t.TargetID).ARN
			case o.Account(t.TargetID) != nil:
				arn = o.Account(t.TargetID).ARN
			}
			targets = append(targets, M{"TargetId": t.TargetID, "Arn": nilIfEmpty(arn), "Name": t.Name, "Type": t.Type})
		}
		page, next, err := Page(targets, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Targets": page, "NextToken": nilIfEmpty(next)}, nil
	})
}

// memberOf returns the served organization when the caller belongs to it.
func (s *Server) memberOf(r *Request) *inventory.Organization {
	if s.Estate == nil || s.Estate.Organization == nil {
		return nil
	}
	o := s.Estate.Organization
	if o.ManagementAccount != r.Account && o.Account(r.Account) == nil {
		return nil
	}
	return o
}

func orgAccounts(accts []*inventory.OrgAccount) []any {
	out := make([]any, 0, len(accts))
	for _, a := range accts {
		out = append(out, M{"Id": a.ID, "Arn": a.ARN, "Name": a.Name, "Email": "root@" + a.EmailDomain,
			"Status": a.Status, "State": a.Status, "JoinedMethod": a.JoinedMethod, "JoinedTimestamp": a.JoinedTimestamp})
	}
	return out
}

func orgPolicySummary(p *inventory.OrgPolicy) M {
	return M{"Id": p.ID, "Arn": p.ARN, "Name": p.Name, "Description": p.Description, "Type": p.PolicyType,
		"AwsManaged": p.AWSManaged || strings.Contains(p.ARN, "::aws:policy/")}
}
