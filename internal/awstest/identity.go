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
}

// nilIfEmpty leaves an empty token out of a response.
func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
