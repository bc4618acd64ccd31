// Package inspector collects Amazon Inspector's status for the account in
// each region (AWS::Inspector2::Status): which scan types (EC2, ECR, Lambda)
// are enabled, and the organization's delegated administrator.
package inspector

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const statusType = "AWS::Inspector2::Status"

// Service is the Amazon Inspector collector.
var Service = collect.Service{
	Name:       "inspector",
	Types:      []string{statusType},
	Collect:    collectStatus,
	Operations: []string{"inspector2:BatchGetAccountStatus", "inspector2:GetDelegatedAdminAccount"},
}

func collectStatus(ctx context.Context, s *collect.Scope) {
	client := inspector2.NewFromConfig(s.Config)
	out, err := client.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{s.AccountID()}})
	if err != nil {
		s.Gap(statusType, "inspector2:BatchGetAccountStatus", err)
		return
	}
	var acct *types.AccountState
	for i := range out.Accounts {
		if aws.ToString(out.Accounts[i].AccountId) == s.AccountID() {
			acct = &out.Accounts[i]
		}
	}
	if acct == nil {
		// The batch call succeeds but lists the account as failed (for
		// example ACCESS_DENIED): the status is unknown.
		err := &smithy.GenericAPIError{Code: "RequestFailed", Message: "the account's status was not returned"}
		for _, f := range out.FailedAccounts {
			if aws.ToString(f.AccountId) == s.AccountID() {
				err = &smithy.GenericAPIError{Code: string(f.ErrorCode), Message: aws.ToString(f.ErrorMessage)}
			}
		}
		s.Gap(statusType, "inspector2:BatchGetAccountStatus", err)
		return
	}
	st := &inventory.InspectorStatus{
		Meta: s.Meta("inspector2:BatchGetAccountStatus", s.AccountID()+"/"+s.RegionName(), "", ""),
	}
	if acct.State != nil {
		st.Status = string(acct.State.Status)
	}
	if rs := acct.ResourceState; rs != nil {
		st.EC2, st.ECR, st.Lambda, st.LambdaCode = status(rs.Ec2), status(rs.Ecr), status(rs.Lambda), status(rs.LambdaCode)
	}
	// The delegated administrator is informational: when it cannot be read
	// (AccessDenied outside the organization's management and administrator
	// accounts, ResourceNotFound when there is none) it stays empty, which
	// the inventory reads as "not known".
	if adm, err := client.GetDelegatedAdminAccount(ctx, &inspector2.GetDelegatedAdminAccountInput{}); err == nil && adm.DelegatedAdmin != nil {
		st.DelegatedAdmin = aws.ToString(adm.DelegatedAdmin.AccountId)
	}
	s.Region.Resources.Inspector = st
}

// status is a scan type's status; nil when the type was not reported.
func status(st *types.State) *string {
	if st == nil || st.Status == "" {
		return nil
	}
	return aws.String(string(st.Status))
}
