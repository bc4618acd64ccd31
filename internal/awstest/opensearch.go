package awstest

import (
	"strings"

	"github.com/awssec/awssec/inventory"
)

// registerOpenSearch serves the region's OpenSearch Service domains
// (REST-JSON, signing name "es", API version 2021-01-01).
func registerOpenSearch(s *Server) {
	domains := func(r *Request) []*inventory.OpenSearchDomain {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.OpenSearchDomains
		}
		return nil
	}
	// ListDomainNames is not paged: it returns every domain of the region.
	s.Route("es", "GET", "/2021-01-01/domain", "ListDomainNames", func(r *Request) (any, error) {
		names := []any{}
		for _, d := range domains(r) {
			engine := "OpenSearch"
			if strings.HasPrefix(d.EngineVersion, "Elasticsearch") {
				engine = "Elasticsearch"
			}
			if t := r.String("engineType"); t != "" && t != engine {
				continue
			}
			names = append(names, M{"DomainName": d.Name, "EngineType": engine})
		}
		return M{"DomainNames": names}, nil
	})
	s.Route("es", "POST", "/2021-01-01/opensearch/domain-info", "DescribeDomains", func(r *Request) (any, error) {
		asked := r.Strings("DomainNames")
		if len(asked) == 0 || len(asked) > 5 {
			return nil, &Error{Status: 400, Code: "ValidationException", Message: "1 validation error detected: Value at 'domainNames' failed to satisfy constraint: Member must have length less than or equal to 5"}
		}
		list := []any{}
		for _, name := range asked {
			for _, d := range domains(r) {
				if d.Name == name {
					list = append(list, esDomainStatus(d))
				}
			}
		}
		return M{"DomainStatusList": list}, nil
	})
}

// esDomainStatus is a domain as DescribeDomains returns it. VPC domains have
// no public Endpoint, only Endpoints["vpc"]. Options the inventory did not
// read are left out.
func esDomainStatus(d *inventory.OpenSearchDomain) M {
	out := M{"DomainId": d.ID, "DomainName": d.Name, "ARN": d.ARN, "Created": true, "Deleted": false, "Processing": false,
		"EngineVersion": d.EngineVersion, "AccessPolicies": nilIfEmpty(d.AccessPolicies)}
	if v := d.VPCOptions; v != nil {
		out["VPCOptions"] = M{"VPCId": v.VPCID, "SubnetIds": v.SubnetIDs, "SecurityGroupIds": v.SecurityGroupIDs}
		out["Endpoints"] = M{"vpc": d.Endpoint}
	} else {
		out["Endpoint"] = nilIfEmpty(d.Endpoint)
	}
	if e := d.EncryptionAtRestOptions; e != nil {
		out["EncryptionAtRestOptions"] = M{"Enabled": e.Enabled, "KmsKeyId": nilIfEmpty(e.KMSKeyID)}
	}
	if d.NodeToNodeEncryptionEnabled != nil {
		out["NodeToNodeEncryptionOptions"] = M{"Enabled": *d.NodeToNodeEncryptionEnabled}
	}
	if e := d.DomainEndpointOptions; e != nil {
		out["DomainEndpointOptions"] = M{"EnforceHTTPS": e.EnforceHTTPS, "TLSSecurityPolicy": nilIfEmpty(e.TLSSecurityPolicy),
			"CustomEndpointEnabled": e.CustomEndpointEnabled, "CustomEndpoint": nilIfEmpty(e.CustomEndpoint)}
	}
	if a := d.AdvancedSecurityOptions; a != nil {
		out["AdvancedSecurityOptions"] = M{"Enabled": a.Enabled, "InternalUserDatabaseEnabled": a.InternalUserDatabaseEnabled,
			"AnonymousAuthEnabled": a.AnonymousAuthEnabled, "SAMLOptions": M{"Enabled": a.SAMLEnabled}}
	}
	if l := d.LogPublishingOptions; l != nil {
		logs := M{}
		for key, opt := range map[string]*inventory.OpenSearchLog{"AUDIT_LOGS": l.AuditLogs, "ES_APPLICATION_LOGS": l.ESApplicationLogs,
			"SEARCH_SLOW_LOGS": l.SearchSlowLogs, "INDEX_SLOW_LOGS": l.IndexSlowLogs} {
			if opt != nil {
				logs[key] = M{"Enabled": opt.Enabled, "CloudWatchLogsLogGroupArn": nilIfEmpty(opt.CloudWatchLogsLogGroupARN)}
			}
		}
		out["LogPublishingOptions"] = logs
	}
	if c := d.CognitoOptions; c != nil {
		out["CognitoOptions"] = M{"Enabled": c.Enabled, "UserPoolId": nilIfEmpty(c.UserPoolID),
			"IdentityPoolId": nilIfEmpty(c.IdentityPoolID), "RoleArn": nilIfEmpty(c.RoleARN)}
	}
	if o := d.ServiceSoftwareOptions; o != nil {
		out["ServiceSoftwareOptions"] = M{"CurrentVersion": o.CurrentVersion, "NewVersion": o.NewVersion,
			"UpdateAvailable": o.UpdateAvailable, "UpdateStatus": nilIfEmpty(o.UpdateStatus), "Cancellable": false}
	}
	return out
}
