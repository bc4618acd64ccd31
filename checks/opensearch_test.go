package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

const (
	osOpenPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"arn:aws:es:us-east-1:123456789012:domain/d/*"}]}`
	osIPPolicy   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"es:ESHttp*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["198.51.100.0/24"]}}}]}`
	osWorldIP    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"es:ESHttp*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["0.0.0.0/0"]}}}]}`
	osNotIP      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"es:ESHttp*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["198.51.100.0/24"]}}}]}`
	osDenyGuard  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"es:*","Resource":"*"},` +
		`{"Effect":"Deny","Principal":"*","Action":"es:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["198.51.100.0/24"]}}}]}`
	osRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"es:ESHttp*","Resource":"*"}]}`
)

// osDomain is a well-configured VPC domain that tests then spoil.
func osDomain(id string, spoil func(d *inventory.OpenSearchDomain)) *inventory.OpenSearchDomain {
	d := &inventory.OpenSearchDomain{
		Meta: meta(id), EngineVersion: "OpenSearch_2.11", Endpoint: "vpc-" + id + ".us-east-1.es.amazonaws.com",
		AccessPolicies:              osRolePolicy,
		VPCOptions:                  &inventory.OpenSearchVPCOptions{VPCID: "vpc-1", SubnetIDs: []string{"subnet-1"}, SecurityGroupIDs: []string{"sg-1"}},
		EncryptionAtRestOptions:     &inventory.OpenSearchEncryptionAtRest{Enabled: true, KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k"},
		NodeToNodeEncryptionEnabled: inventory.Ptr(true),
		DomainEndpointOptions:       &inventory.OpenSearchEndpointOptions{EnforceHTTPS: true, TLSSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10"},
		AdvancedSecurityOptions:     &inventory.OpenSearchAdvancedSecurity{Enabled: true, SAMLEnabled: true},
		LogPublishingOptions: &inventory.OpenSearchLogPublishing{
			AuditLogs: &inventory.OpenSearchLog{Enabled: true, CloudWatchLogsLogGroupARN: "arn:aws:logs:us-east-1:123456789012:log-group:audit"}},
	}
	if spoil != nil {
		spoil(d)
	}
	return d
}

func osDomains(ds ...*inventory.OpenSearchDomain) func(*inventory.Account, *inventory.Region) {
	return func(_ *inventory.Account, r *inventory.Region) { r.Resources.OpenSearchDomains = ds }
}

func osGap(a *inventory.Account, r *inventory.Region) {
	r.Gaps = append(r.Gaps, inventory.Gap{ResourceType: osDomainType, Call: "es:DescribeDomains", Code: "AccessDenied"})
}

func osPublic(d *inventory.OpenSearchDomain) {
	d.VPCOptions = nil
	d.Endpoint = "search-d.us-east-1.es.amazonaws.com"
}

func TestOpenSearchOpenAccess(t *testing.T) {
	runCases(t, opensearchOpenAccessPolicy, []checkCase{{
		name: "public endpoints with open policies fail, narrowed or VPC ones pass",
		fill: osDomains(
			osDomain("open", func(d *inventory.OpenSearchDomain) {
				osPublic(d)
				d.AccessPolicies = osOpenPolicy
				d.AdvancedSecurityOptions.Enabled = false
			}),
			osDomain("open-fgac", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osOpenPolicy }),
			osDomain("world-ip", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osWorldIP }),
			osDomain("not-ip", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osNotIP }),
			osDomain("ip", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osIPPolicy }),
			osDomain("deny-guard", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osDenyGuard }),
			osDomain("role", osPublic),
			osDomain("none", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = "" }),
			osDomain("vpc-open", func(d *inventory.OpenSearchDomain) { d.AccessPolicies = osOpenPolicy }),
			osDomain("bad", func(d *inventory.OpenSearchDomain) { d.AccessPolicies = `{"Statement":` }),
		),
		want: map[string]finding.Status{
			"open": finding.Fail, "open-fgac": finding.Fail, "world-ip": finding.Fail, "not-ip": finding.Fail,
			"ip": finding.Pass, "deny-guard": finding.Pass, "role": finding.Pass, "none": finding.Pass, "vpc-open": finding.Pass,
			"bad": finding.Error,
		},
		contains: map[string]string{"open": `statement "Open"`, "open-fgac": "fine-grained", "vpc-open": "vpc-1"},
	}, {
		name: "gap", fill: osGap, want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
	// The FGAC case is reported one level lower.
	fs := runCheck(t, opensearchOpenAccessPolicy, testEstate(osDomains(
		osDomain("open-fgac", func(d *inventory.OpenSearchDomain) { osPublic(d); d.AccessPolicies = osOpenPolicy }))))
	if len(fs) != 1 || fs[0].Severity != finding.High {
		t.Errorf("open policy with FGAC: got %+v, want one high failure", fs)
	}
}

func TestOpenSearchNotInVPC(t *testing.T) {
	runCases(t, opensearchNotInVPC, []checkCase{{
		name:     "public fails, vpc passes",
		fill:     osDomains(osDomain("pub", osPublic), osDomain("vpc", nil)),
		want:     map[string]finding.Status{"pub": finding.Fail, "vpc": finding.Pass},
		contains: map[string]string{"pub": "search-d.us-east-1", "vpc": "vpc-1"},
	}, {
		name: "gap", fill: osGap, want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestOpenSearchEncryptionAtRest(t *testing.T) {
	runCases(t, opensearchEncryptionAtRest, []checkCase{{
		name: "off fails, on passes, unread is unknown",
		fill: osDomains(
			osDomain("off", func(d *inventory.OpenSearchDomain) { d.EncryptionAtRestOptions.Enabled = false }),
			osDomain("on", nil),
			osDomain("unread", func(d *inventory.OpenSearchDomain) { d.EncryptionAtRestOptions = nil }),
		),
		want:     map[string]finding.Status{"off": finding.Fail, "on": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"on": "key/k"},
	}})
}

func TestOpenSearchNodeToNode(t *testing.T) {
	runCases(t, opensearchNodeToNode, []checkCase{{
		name: "off fails, on passes, unread is unknown",
		fill: osDomains(
			osDomain("off", func(d *inventory.OpenSearchDomain) { d.NodeToNodeEncryptionEnabled = inventory.Ptr(false) }),
			osDomain("on", nil),
			osDomain("unread", func(d *inventory.OpenSearchDomain) { d.NodeToNodeEncryptionEnabled = nil }),
		),
		want: map[string]finding.Status{"off": finding.Fail, "on": finding.Pass, "unread": finding.Error},
	}})
}

func TestOpenSearchHTTPSTLS12(t *testing.T) {
	opts := func(https bool, pol string) func(d *inventory.OpenSearchDomain) {
		return func(d *inventory.OpenSearchDomain) {
			d.DomainEndpointOptions = &inventory.OpenSearchEndpointOptions{EnforceHTTPS: https, TLSSecurityPolicy: pol}
		}
	}
	runCases(t, opensearchHTTPSTLS12, []checkCase{{
		name: "plain HTTP and TLS 1.0 fail, TLS 1.2 passes",
		fill: osDomains(
			osDomain("http", opts(false, "Policy-Min-TLS-1-2-2019-07")),
			osDomain("tls10", opts(true, "Policy-Min-TLS-1-0-2019-07")),
			osDomain("both", opts(false, "Policy-Min-TLS-1-0-2019-07")),
			osDomain("tls12", opts(true, "Policy-Min-TLS-1-2-2019-07")),
			osDomain("pfs", nil),
			osDomain("odd", opts(true, "Policy-Custom")),
			osDomain("unread", func(d *inventory.OpenSearchDomain) { d.DomainEndpointOptions = nil }),
		),
		want: map[string]finding.Status{"http": finding.Fail, "tls10": finding.Fail, "both": finding.Fail,
			"tls12": finding.Pass, "pfs": finding.Pass, "odd": finding.Error, "unread": finding.Error},
		contains: map[string]string{"tls10": "accepts TLS 1.0", "both": "plain HTTP is accepted"},
	}})
}

func TestOpenSearchFineGrainedAccess(t *testing.T) {
	runCases(t, opensearchFineGrainedAccess, []checkCase{{
		name: "off and anonymous fail, on passes",
		fill: osDomains(
			osDomain("off", func(d *inventory.OpenSearchDomain) { d.AdvancedSecurityOptions.Enabled = false }),
			osDomain("anon", func(d *inventory.OpenSearchDomain) { d.AdvancedSecurityOptions.AnonymousAuthEnabled = true }),
			osDomain("on", nil),
			osDomain("unread", func(d *inventory.OpenSearchDomain) { d.AdvancedSecurityOptions = nil }),
		),
		want:     map[string]finding.Status{"off": finding.Fail, "anon": finding.Fail, "on": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"anon": "anonymous", "on": "SAML"},
	}})
}

func TestOpenSearchAuditLogs(t *testing.T) {
	runCases(t, opensearchAuditLogs, []checkCase{{
		name: "missing or disabled audit logs fail",
		fill: osDomains(
			osDomain("none", func(d *inventory.OpenSearchDomain) {
				d.LogPublishingOptions = &inventory.OpenSearchLogPublishing{}
				d.AdvancedSecurityOptions.Enabled = false
			}),
			osDomain("disabled", func(d *inventory.OpenSearchDomain) { d.LogPublishingOptions.AuditLogs.Enabled = false }),
			osDomain("on", nil),
			osDomain("unread", func(d *inventory.OpenSearchDomain) { d.LogPublishingOptions = nil }),
		),
		want:     map[string]finding.Status{"none": finding.Fail, "disabled": finding.Fail, "on": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"none": "fine-grained access control"},
	}})
}

func TestOpenSearchEngineOutdated(t *testing.T) {
	v := func(ver string) func(d *inventory.OpenSearchDomain) {
		return func(d *inventory.OpenSearchDomain) { d.EngineVersion = ver }
	}
	runCases(t, opensearchEngineOutdated, []checkCase{{
		name: "old Elasticsearch and OpenSearch 1.0-1.2 fail",
		fill: osDomains(
			osDomain("es56", v("Elasticsearch_5.6")),
			osDomain("es68", v("Elasticsearch_6.8")),
			osDomain("es63", v("Elasticsearch_6.3")),
			osDomain("es77", v("Elasticsearch_7.7")),
			osDomain("os12", v("OpenSearch_1.2")),
			osDomain("es710", v("Elasticsearch_7.10")),
			osDomain("os13", v("OpenSearch_1.3")),
			osDomain("os211", nil),
			osDomain("junk", v("Solr_9")),
		),
		want: map[string]finding.Status{"es56": finding.Fail, "es68": finding.Fail, "es63": finding.Fail, "es77": finding.Fail,
			"os12": finding.Fail, "es710": finding.Pass, "os13": finding.Pass, "os211": finding.Pass, "junk": finding.Error},
		contains: map[string]string{"es68": "2022-02-10", "es77": "2025-11-07", "es710": "legacy"},
	}})
}
