package awstest

import (
	"fmt"
	"strings"
	"time"

	"github.com/awssec/awssec/inventory"
)

// Serve makes the server answer for estate: identity (STS), regions, the
// organization's account list, and every service's read calls.
func (s *Server) Serve(estate *inventory.Estate) {
	s.Estate = estate
	registerIdentity(s)
	for _, register := range serviceHandlers {
		register(s)
	}
}

// OptInRegion is a region that DescribeRegions lists but that no served
// account has enabled.
const OptInRegion = "ap-east-1"

// BlockRole makes AssumeRole of roleARN fail with AccessDenied.
func (s *Server) BlockRole(roleARN string) {
	s.Inject(Fault{Service: "sts", Op: "AssumeRole:" + roleARN,
		Err: &Error{Status: 403, Code: "AccessDenied", Message: "User is not authorized to perform: sts:AssumeRole on resource: " + roleARN}})
}

func registerIdentity(s *Server) {
	s.Handle("sts", "GetCallerIdentity", func(r *Request) (any, error) {
		return M{"Account": r.Account, "Arn": "arn:aws:iam::" + r.Account + ":user/awstest", "UserId": "AIDAAWSTEST" + r.Account}, nil
	})
	s.Handle("sts", "AssumeRole", func(r *Request) (any, error) {
		arn := r.String("RoleArn")
		parts := strings.SplitN(arn, ":", 6)
		if len(parts) != 6 || !strings.HasPrefix(parts[5], "role/") {
			return nil, &Error{Status: 400, Code: "ValidationError", Message: "invalid RoleArn " + arn}
		}
		if f := s.fault(&Request{Service: "sts", Op: "AssumeRole:" + arn, Account: r.Account, Region: r.Region}); f != nil {
			return nil, f
		}
		target := parts[4]
		if s.Estate != nil && s.Estate.Account(target) == nil {
			return nil, &Error{Status: 403, Code: "AccessDenied", Message: "no such account " + target}
		}
		key, secret := s.Credentials(target)
		return M{
			"Credentials": M{"AccessKeyId": key, "SecretAccessKey": secret, "SessionToken": "awstest-session-token",
				"Expiration": time.Now().Add(time.Hour).UTC()},
			"AssumedRoleUser": M{"Arn": fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", target, strings.TrimPrefix(parts[5], "role/"), r.String("RoleSessionName")),
				"AssumedRoleId": "AROAAWSTEST:" + r.String("RoleSessionName")},
		}, nil
	})
	s.Handle("ec2", "DescribeRegions", func(r *Request) (any, error) {
		a, _ := r.Scope(s)
		var items []any
		if a != nil {
			for _, reg := range a.Regions {
				items = append(items, M{"regionName": reg.Name, "regionEndpoint": "ec2." + reg.Name + ".amazonaws.com", "optInStatus": "opt-in-not-required"})
			}
		}
		items = append(items, M{"regionName": OptInRegion, "regionEndpoint": "ec2." + OptInRegion + ".amazonaws.com", "optInStatus": "not-opted-in"})
		return M{"regionInfo": items}, nil
	})
	s.Handle("organizations", "ListAccounts", func(r *Request) (any, error) {
		o := s.org(r)
		if o == nil {
			return nil, &Error{Status: 400, Code: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
		}
		page, next, err := Page(o.Accounts, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Accounts": orgAccounts(o, page), "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("organizations", "ListAccountsForParent", func(r *Request) (any, error) {
		o := s.org(r)
		if o == nil {
			return nil, &Error{Status: 400, Code: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
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
		return M{"Accounts": orgAccounts(o, page), "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("organizations", "ListOrganizationalUnitsForParent", func(r *Request) (any, error) {
		o := s.org(r)
		if o == nil {
			return nil, &Error{Status: 400, Code: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
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
}

// org returns the served organization when the caller is its management account.
func (s *Server) org(r *Request) *inventory.Organization {
	if s.Estate == nil || s.Estate.Organization == nil || s.Estate.Organization.ManagementAccount != r.Account {
		return nil
	}
	return s.Estate.Organization
}

func orgAccounts(o *inventory.Organization, accts []*inventory.OrgAccount) []any {
	out := make([]any, 0, len(accts))
	for _, a := range accts {
		out = append(out, M{"Id": a.ID, "Arn": a.ARN, "Name": a.Name, "Email": "root@" + a.EmailDomain,
			"Status": a.Status, "State": a.Status, "JoinedMethod": a.JoinedMethod, "JoinedTimestamp": a.JoinedTimestamp})
	}
	return out
}

// nilIfEmpty leaves an empty token out of a response.
func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
