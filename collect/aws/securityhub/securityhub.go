// Package securityhub collects Security Hub (AWS::SecurityHub::Hub) in each
// region where it is enabled, with its enabled standards and the account's
// Security Hub administrator.
package securityhub

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const hubType = "AWS::SecurityHub::Hub"

// Service is the Security Hub collector.
var Service = collect.Service{
	Name:    "securityhub",
	Types:   []string{hubType},
	Collect: collectHub,
	Operations: []string{
		"securityhub:DescribeHub", "securityhub:GetEnabledStandards", "securityhub:GetAdministratorAccount",
	},
}

func collectHub(ctx context.Context, s *collect.Scope) {
	client := securityhub.NewFromConfig(s.Config)
	out, err := client.DescribeHub(collect.Expect(ctx, "InvalidAccessException"), &securityhub.DescribeHubInput{})
	if err != nil {
		// Security Hub answers InvalidAccessException ("Account ... is not
		// subscribed to AWS Security Hub") where it is not enabled: a known
		// "off", not a failure.
		if !collect.IsCode(err, "InvalidAccessException") {
			s.Gap(hubType, "securityhub:DescribeHub", err)
		}
		return
	}
	arn := aws.ToString(out.HubArn)
	h := &inventory.SecurityHub{
		Meta:                    s.Meta("securityhub:DescribeHub", arn, arn, arn[strings.LastIndexByte(arn, '/')+1:]),
		AutoEnableControls:      aws.ToBool(out.AutoEnableControls),
		ControlFindingGenerator: string(out.ControlFindingGenerator),
	}
	if t, err := time.Parse(time.RFC3339Nano, aws.ToString(out.SubscribedAt)); err == nil {
		h.SubscribedAt = t.UTC()
	}
	h.Standards, _ = standards(ctx, client)
	if adm, err := client.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{}); err == nil {
		h.Administrator = &inventory.SecurityHubAdministrator{} // none: standalone, or the administrator itself
		if a := adm.Administrator; a != nil {
			h.Administrator.AccountID = aws.ToString(a.AccountId)
			h.Administrator.MemberStatus = aws.ToString(a.MemberStatus)
		}
	}
	s.Region.Resources.SecurityHubs = []*inventory.SecurityHub{h}
}

// standards lists the standards subscriptions; nil when they cannot be read.
func standards(ctx context.Context, client *securityhub.Client) ([]inventory.SecurityHubStandard, error) {
	out := []inventory.SecurityHubStandard{}
	pages := securityhub.NewGetEnabledStandardsPaginator(client, &securityhub.GetEnabledStandardsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sub := range page.StandardsSubscriptions {
			out = append(out, inventory.SecurityHubStandard{
				StandardsARN:             aws.ToString(sub.StandardsArn),
				StandardsSubscriptionARN: aws.ToString(sub.StandardsSubscriptionArn),
				Status:                   string(sub.StandardsStatus),
			})
		}
	}
	return out, nil
}
