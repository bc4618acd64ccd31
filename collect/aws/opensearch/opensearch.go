// Package opensearch collects Amazon OpenSearch Service domains
// (AWS::OpenSearchService::Domain), legacy Elasticsearch ones included, with
// their access policy, network placement, encryption, endpoint, fine-grained
// access control, logging, Cognito and service software settings.
package opensearch

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/opensearch/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const domainType = "AWS::OpenSearchService::Domain"

// describeBatch is how many domains DescribeDomains takes at once.
const describeBatch = 5

// Service is the OpenSearch Service collector. Its API signs as "es", and
// IAM names its actions es:*.
var Service = collect.Service{
	Name:       "opensearch",
	Types:      []string{domainType},
	Collect:    collectDomains,
	Operations: []string{"es:ListDomainNames", "es:DescribeDomains"},
}

func collectDomains(ctx context.Context, s *collect.Scope) {
	client := opensearch.NewFromConfig(s.Config)
	// ListDomainNames is not paged: it returns every domain of the region.
	list, err := client.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		s.Gap(domainType, "es:ListDomainNames", err)
		return
	}
	var names []string
	for _, d := range list.DomainNames {
		names = append(names, aws.ToString(d.DomainName))
	}
	var domains []*inventory.OpenSearchDomain
	for start := 0; start < len(names); start += describeBatch {
		batch := names[start:min(start+describeBatch, len(names))]
		out, err := client.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
		if err != nil {
			// Everything the checks read comes from this call: without it the
			// region's domains are unknown, not merely incomplete.
			s.Gap(domainType, "es:DescribeDomains", err)
			return
		}
		for i := range out.DomainStatusList {
			if st := &out.DomainStatusList[i]; !aws.ToBool(st.Deleted) {
				domains = append(domains, domain(s, st))
			}
		}
	}
	s.Region.Resources.OpenSearchDomains = domains
}

// domain converts a DomainStatus. An option block missing from the answer
// stays nil (unknown) rather than becoming a default.
func domain(s *collect.Scope, st *types.DomainStatus) *inventory.OpenSearchDomain {
	d := &inventory.OpenSearchDomain{
		Meta:           s.Meta("es:DescribeDomains", aws.ToString(st.DomainId), aws.ToString(st.ARN), aws.ToString(st.DomainName)),
		EngineVersion:  aws.ToString(st.EngineVersion),
		Endpoint:       aws.ToString(st.Endpoint),
		AccessPolicies: aws.ToString(st.AccessPolicies),
	}
	// VPC domains have no public endpoint; their endpoint is Endpoints["vpc"].
	if d.Endpoint == "" {
		d.Endpoint = st.Endpoints["vpc"]
	}
	if v := st.VPCOptions; v != nil && aws.ToString(v.VPCId) != "" {
		d.VPCOptions = &inventory.OpenSearchVPCOptions{VPCID: aws.ToString(v.VPCId), SubnetIDs: orNil(v.SubnetIds), SecurityGroupIDs: orNil(v.SecurityGroupIds)}
	}
	if e := st.EncryptionAtRestOptions; e != nil {
		d.EncryptionAtRestOptions = &inventory.OpenSearchEncryptionAtRest{Enabled: aws.ToBool(e.Enabled), KMSKeyID: aws.ToString(e.KmsKeyId)}
	}
	if n := st.NodeToNodeEncryptionOptions; n != nil {
		d.NodeToNodeEncryptionEnabled = aws.Bool(aws.ToBool(n.Enabled))
	}
	if e := st.DomainEndpointOptions; e != nil {
		d.DomainEndpointOptions = &inventory.OpenSearchEndpointOptions{
			EnforceHTTPS:          aws.ToBool(e.EnforceHTTPS),
			TLSSecurityPolicy:     string(e.TLSSecurityPolicy),
			CustomEndpointEnabled: aws.ToBool(e.CustomEndpointEnabled),
			CustomEndpoint:        aws.ToString(e.CustomEndpoint),
		}
	}
	if a := st.AdvancedSecurityOptions; a != nil {
		d.AdvancedSecurityOptions = &inventory.OpenSearchAdvancedSecurity{
			Enabled:                     aws.ToBool(a.Enabled),
			InternalUserDatabaseEnabled: aws.ToBool(a.InternalUserDatabaseEnabled),
			AnonymousAuthEnabled:        aws.ToBool(a.AnonymousAuthEnabled),
		}
		if a.SAMLOptions != nil {
			d.AdvancedSecurityOptions.SAMLEnabled = aws.ToBool(a.SAMLOptions.Enabled)
		}
	}
	// DescribeDomains always answers with the whole status, so a missing
	// LogPublishingOptions map means no log type is configured.
	d.LogPublishingOptions = &inventory.OpenSearchLogPublishing{
		AuditLogs:         logOption(st.LogPublishingOptions, types.LogTypeAuditLogs),
		ESApplicationLogs: logOption(st.LogPublishingOptions, types.LogTypeEsApplicationLogs),
		SearchSlowLogs:    logOption(st.LogPublishingOptions, types.LogTypeSearchSlowLogs),
		IndexSlowLogs:     logOption(st.LogPublishingOptions, types.LogTypeIndexSlowLogs),
	}
	if c := st.CognitoOptions; c != nil {
		d.CognitoOptions = &inventory.OpenSearchCognitoOptions{Enabled: aws.ToBool(c.Enabled), UserPoolID: aws.ToString(c.UserPoolId),
			IdentityPoolID: aws.ToString(c.IdentityPoolId), RoleARN: aws.ToString(c.RoleArn)}
	}
	if o := st.ServiceSoftwareOptions; o != nil {
		d.ServiceSoftwareOptions = &inventory.OpenSearchServiceSoftware{CurrentVersion: aws.ToString(o.CurrentVersion),
			NewVersion: aws.ToString(o.NewVersion), UpdateAvailable: aws.ToBool(o.UpdateAvailable), UpdateStatus: string(o.UpdateStatus)}
	}
	return d
}

func logOption(opts map[string]types.LogPublishingOption, t types.LogType) *inventory.OpenSearchLog {
	o, ok := opts[string(t)]
	if !ok {
		return nil
	}
	return &inventory.OpenSearchLog{Enabled: aws.ToBool(o.Enabled), CloudWatchLogsLogGroupARN: aws.ToString(o.CloudWatchLogsLogGroupArn)}
}

// orNil is nil for an empty list: the inventory holds no empty attribute lists.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
