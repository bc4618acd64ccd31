package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

func opensearchChecks() []*Check {
	return []*Check{
		opensearchOpenAccessPolicy, opensearchNotInVPC, opensearchEncryptionAtRest, opensearchNodeToNode,
		opensearchHTTPSTLS12, opensearchFineGrainedAccess, opensearchAuditLogs, opensearchEngineOutdated,
	}
}

const osDomainType = "AWS::OpenSearchService::Domain"

// osHTTPActions are the data-plane actions of an OpenSearch domain: what an
// access policy grants when it lets someone search, index or delete.
var osHTTPActions = []string{"es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpHead", "es:ESHttpPatch"}

var opensearchOpenAccessPolicy = &Check{
	ID:           "opensearch-domain-open-access",
	Service:      "opensearch",
	Title:        "OpenSearch domains with a public endpoint do not allow anonymous access in their access policy",
	Severity:     finding.Critical,
	ResourceType: osDomainType,
	Rationale: "A domain outside a VPC has an endpoint on the internet. When its access policy allows " +
		"\"Principal\": \"*\" (or {\"AWS\": \"*\"}) the es:ESHttp* actions with no condition that narrows the " +
		"caller (aws:SourceIp, aws:PrincipalOrgID, ...), AWS stops checking signatures: anyone who finds the " +
		"endpoint can read every index with GET /_search, dump it with the scroll API, write documents and " +
		"DELETE /_all. Scanners such as Shodan index open Elasticsearch clusters within hours, and this is the " +
		"cause of many of the large data leaks of the last years (and of the \"meow\" attacks that wiped " +
		"thousands of them). Fine-grained access control still asks for credentials, so a domain that has it " +
		"is exposed to password guessing rather than wide open.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query " +
		"'DomainStatus.[VPCOptions.VPCId,AccessPolicies,AdvancedSecurityOptions.Enabled]' — a missing VPCId with " +
		"an Allow statement for Principal \"*\" and no Condition is open to the world; confirm with " +
		"curl -s https://ENDPOINT/_cat/indices from outside.",
	Remediation: Remediation{
		Summary: "Restrict the access policy to named IAM principals or source IPs, or move the domain into a VPC.",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Security configuration > Edit > Access policy: " +
			"replace the \"*\" principal with IAM role ARNs (or add an aws:SourceIp condition), and enable fine-grained access control.",
		CLI: "aws opensearch update-domain-config --domain-name DOMAIN --access-policies '{\"Version\":\"2012-10-17\"," +
			"\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/search-writer\"}," +
			"\"Action\":\"es:ESHttp*\",\"Resource\":\"arn:aws:es:us-east-1:111122223333:domain/DOMAIN/*\"}]}'",
		Terraform: "resource \"aws_opensearch_domain_policy\" \"main\" {\n  domain_name = aws_opensearch_domain.main.domain_name\n" +
			"  access_policies = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n" +
			"      Principal = { AWS = aws_iam_role.search_writer.arn }\n      Action    = \"es:ESHttp*\"\n" +
			"      Resource  = \"${aws_opensearch_domain.main.arn}/*\"\n    }]\n  })\n}",
	},
	Seed: []string{"elasticsearch-risk", "public-database", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				if d.AccessPolicies == "" {
					c.Pass(loc, "the domain has no access policy: nobody is allowed by policy", Ev(d, "AccessPolicies", "none"))
					continue
				}
				grants, err := rpPublicAllows(c, d.AccessPolicies, osHTTPActions)
				if err != nil {
					c.Unknown(loc, "access policy could not be read: "+err.Error(), Ev(d, "AccessPolicies", d.AccessPolicies))
					continue
				}
				if len(grants) == 0 {
					c.Pass(loc, "no statement allows anonymous callers without a condition that narrows them (source IP, organization, VPC, ...)", Ev(d, "AccessPolicies", d.AccessPolicies))
					continue
				}
				what := rpDescribe(grants)
				if d.VPCOptions != nil {
					c.Pass(loc, fmt.Sprintf("the access policy %s, but the endpoint is only reachable inside %s (security groups %s)",
						what, d.VPCOptions.VPCID, Show(d.VPCOptions.SecurityGroupIDs)),
						Ev(d, "VPCOptions.VPCId", d.VPCOptions.VPCID), Ev(d, "AccessPolicies", d.AccessPolicies))
					continue
				}
				ev := []finding.Evidence{Ev(d, "Endpoint", orNone(d.Endpoint)), Ev(d, "VPCOptions", "none (public endpoint)"),
					Ev(d, "AccessPolicies", d.AccessPolicies), Ev(d, "AdvancedSecurityOptions.Enabled", osFGAC(d))}
				if aso := d.AdvancedSecurityOptions; aso != nil && aso.Enabled && !aso.AnonymousAuthEnabled {
					c.FailAt(finding.High, loc, fmt.Sprintf("public endpoint %s and the access policy %s; only fine-grained access control's "+
						"credentials stand between the internet and the data", orNone(d.Endpoint), what), ev...)
					continue
				}
				c.Fail(loc, fmt.Sprintf("open to the world: public endpoint %s and the access policy %s, without fine-grained access control",
					orNone(d.Endpoint), what), ev...)
			}
		}
	},
}

func osFGAC(d *inventory.OpenSearchDomain) *bool {
	if d.AdvancedSecurityOptions == nil {
		return nil
	}
	return &d.AdvancedSecurityOptions.Enabled
}

var opensearchNotInVPC = &Check{
	ID:           "opensearch-domain-not-in-vpc",
	Service:      "opensearch",
	Title:        "OpenSearch domains are deployed in a VPC",
	Severity:     finding.High,
	ResourceType: osDomainType,
	Rationale: "A domain created with public access gets an endpoint on the internet, and the only thing " +
		"protecting it is its access policy (and fine-grained access control if enabled). One mistaken policy " +
		"edit — an extra \"*\" while debugging — exposes every index. A VPC domain has its endpoint's network " +
		"interfaces in private subnets, reachable only through the security groups you attach, so a policy " +
		"mistake is not an internet-wide breach. Public access cannot be switched to VPC access in place: it " +
		"needs a new domain and a snapshot restore, which is why it is worth catching early.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.[Endpoint,VPCOptions]' — " +
		"a domain with an Endpoint and no VPCOptions is public.",
	Remediation: Remediation{
		Summary: "Recreate the domain with VPC access in private subnets and restore its data from a snapshot.",
		Console: "Amazon OpenSearch Service > Create domain > Network: VPC access, choose private subnets and a security group " +
			"that allows 443 only from the application; then restore a manual snapshot of the old domain and delete it.",
		CLI: "aws opensearch create-domain --domain-name DOMAIN-vpc --engine-version OpenSearch_2.19 " +
			"--vpc-options SubnetIds=subnet-0private000000001,SecurityGroupIds=sg-0search000000001 ...",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  domain_name    = \"logs-search\"\n  engine_version = \"OpenSearch_2.19\"\n" +
			"  vpc_options {\n    subnet_ids         = [aws_subnet.private.id]\n    security_group_ids = [aws_security_group.search.id]\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "public-database"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				if v := d.VPCOptions; v != nil {
					c.Pass(loc, fmt.Sprintf("in %s, subnets %s, security groups %s", orNone(v.VPCID), Show(v.SubnetIDs), Show(v.SecurityGroupIDs)),
						Ev(d, "VPCOptions.VPCId", v.VPCID))
					continue
				}
				c.Fail(loc, fmt.Sprintf("public endpoint %s: the domain is reachable from the internet", orNone(d.Endpoint)),
					Ev(d, "Endpoint", orNone(d.Endpoint)), Ev(d, "VPCOptions", "none"))
			}
		}
	},
}

var opensearchEncryptionAtRest = &Check{
	ID:           "opensearch-encryption-at-rest",
	Service:      "opensearch",
	Title:        "OpenSearch domains encrypt data at rest",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "Without encryption at rest the domain's indices, automated snapshots, logs and swap files sit " +
		"unencrypted on the service's storage. Encryption with KMS adds a second, separately audited control: " +
		"access to the data needs the key, every use of it is logged in CloudTrail, and disabling the key makes " +
		"the data unreadable. Many standards (PCI DSS, HIPAA) require it, and it cannot be enabled on old " +
		"Elasticsearch versions (before 5.1) at all.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.EncryptionAtRestOptions'",
	Remediation: Remediation{
		Summary: "Enable encryption at rest, preferably with a customer managed KMS key.",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Security configuration > Edit > Encryption: enable encryption of data at rest.",
		CLI:     "aws opensearch update-domain-config --domain-name DOMAIN --encryption-at-rest-options Enabled=true,KmsKeyId=arn:aws:kms:us-east-1:111122223333:key/KEY-ID",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  encrypt_at_rest {\n    enabled    = true\n" +
			"    kms_key_id = aws_kms_key.search.arn\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "data-at-rest", "encryption-at-rest-default"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				switch e := d.EncryptionAtRestOptions; {
				case e == nil:
					c.Unknown(loc, "encryption at rest options were not read", Ev(d, "EncryptionAtRestOptions", e))
				case e.Enabled:
					c.Pass(loc, "encrypted at rest with KMS key "+orNone(e.KMSKeyID), Ev(d, "EncryptionAtRestOptions.KmsKeyId", orNone(e.KMSKeyID)))
				default:
					c.Fail(loc, fmt.Sprintf("data at rest is not encrypted (engine %s)", orNone(d.EngineVersion)),
						Ev(d, "EncryptionAtRestOptions.Enabled", e.Enabled))
				}
			}
		}
	},
}

var opensearchNodeToNode = &Check{
	ID:           "opensearch-node-to-node-encryption",
	Service:      "opensearch",
	Title:        "OpenSearch domains encrypt traffic between nodes",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "Documents move between the nodes of a domain on every replication, shard relocation and " +
		"search fan-out. Without node-to-node encryption that traffic is plain HTTP inside the service's " +
		"network; with it, every hop uses TLS. It is also a prerequisite for fine-grained access control.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.NodeToNodeEncryptionOptions.Enabled'",
	Remediation: Remediation{
		Summary:   "Enable node-to-node encryption.",
		Console:   "Amazon OpenSearch Service > Domains > DOMAIN > Security configuration > Edit > Encryption: enable node-to-node encryption.",
		CLI:       "aws opensearch update-domain-config --domain-name DOMAIN --node-to-node-encryption-options Enabled=true",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  node_to_node_encryption {\n    enabled = true\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				switch n := d.NodeToNodeEncryptionEnabled; {
				case n == nil:
					c.Unknown(loc, "node-to-node encryption setting was not read", Ev(d, "NodeToNodeEncryptionOptions.Enabled", n))
				case *n:
					c.Pass(loc, "node-to-node encryption is enabled", Ev(d, "NodeToNodeEncryptionOptions.Enabled", n))
				default:
					c.Fail(loc, "traffic between the domain's nodes is not encrypted", Ev(d, "NodeToNodeEncryptionOptions.Enabled", n))
				}
			}
		}
	},
}

var opensearchHTTPSTLS12 = &Check{
	ID:           "opensearch-https-tls12",
	Service:      "opensearch",
	Title:        "OpenSearch domains require HTTPS with TLS 1.2 or later",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "Unless EnforceHTTPS is on, the endpoint also answers plain HTTP, so queries, documents and the " +
		"credentials of basic-auth users cross the network in clear text. The TLS security policy " +
		"Policy-Min-TLS-1-0-2019-07 still accepts TLS 1.0 and 1.1, which have known weaknesses (BEAST, weak " +
		"ciphers, no AEAD) and are deprecated by RFC 8996; Policy-Min-TLS-1-2-2019-07 or " +
		"Policy-Min-TLS-1-2-PFS-2023-10 accept only TLS 1.2 and later.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.DomainEndpointOptions'",
	Remediation: Remediation{
		Summary: "Enforce HTTPS and set the TLS security policy to Policy-Min-TLS-1-2-PFS-2023-10.",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Security configuration > Edit > Require HTTPS for all traffic, TLS security policy: Policy-Min-TLS-1-2-PFS-2023-10.",
		CLI:     "aws opensearch update-domain-config --domain-name DOMAIN --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  domain_endpoint_options {\n    enforce_https       = true\n" +
			"    tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				o := d.DomainEndpointOptions
				if o == nil {
					c.Unknown(loc, "domain endpoint options were not read", Ev(d, "DomainEndpointOptions", o))
					continue
				}
				ev := []finding.Evidence{Ev(d, "DomainEndpointOptions.EnforceHTTPS", o.EnforceHTTPS),
					Ev(d, "DomainEndpointOptions.TLSSecurityPolicy", orNone(o.TLSSecurityPolicy))}
				tlsMin := osTLSMin(o.TLSSecurityPolicy)
				var problems []string
				if !o.EnforceHTTPS {
					problems = append(problems, "plain HTTP is accepted (EnforceHTTPS is false)")
				}
				switch {
				case tlsMin == "" && o.EnforceHTTPS:
					c.Unknown(loc, fmt.Sprintf("TLS security policy %q is not one awssec knows", o.TLSSecurityPolicy), ev...)
					continue
				case tlsMin == "1.0" || tlsMin == "1.1":
					problems = append(problems, fmt.Sprintf("TLS security policy %s accepts TLS %s", o.TLSSecurityPolicy, tlsMin))
				}
				if len(problems) > 0 {
					sev := finding.Medium
					if !o.EnforceHTTPS {
						sev = finding.High
					}
					c.FailAt(sev, loc, strings.Join(problems, "; "), ev...)
					continue
				}
				c.Pass(loc, fmt.Sprintf("HTTPS is enforced with %s (TLS %s or later)", o.TLSSecurityPolicy, tlsMin), ev...)
			}
		}
	},
}

// osTLSMin is the lowest TLS version an OpenSearch TLS security policy
// accepts, or "" for a policy it does not know.
func osTLSMin(p string) string {
	switch {
	case strings.Contains(p, "TLS-1-0"):
		return "1.0"
	case strings.Contains(p, "TLS-1-1"):
		return "1.1"
	case strings.Contains(p, "TLS-1-2"):
		return "1.2"
	case strings.Contains(p, "TLS-1-3"):
		return "1.3"
	}
	return ""
}

var opensearchFineGrainedAccess = &Check{
	ID:           "opensearch-fine-grained-access-control",
	Service:      "opensearch",
	Title:        "OpenSearch domains use fine-grained access control",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "A domain access policy decides who may send requests to the domain at all; it cannot say which " +
		"indices, documents or fields a caller may see. Without fine-grained access control, any principal " +
		"allowed by the policy can read and delete every index, including the security audit index. Fine-grained " +
		"access control adds role-based permissions down to document and field level, maps IAM roles and SAML " +
		"groups to those roles, and enables audit logging. Anonymous authentication, if left on after a " +
		"migration, lets unauthenticated requests through with the anonymous role.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.AdvancedSecurityOptions'",
	Remediation: Remediation{
		Summary: "Enable fine-grained access control with an IAM master role (or SAML) and turn off anonymous authentication.",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Security configuration > Edit > Enable fine-grained access control; set an IAM ARN as master user.",
		CLI: "aws opensearch update-domain-config --domain-name DOMAIN --advanced-security-options " +
			"'Enabled=true,InternalUserDatabaseEnabled=false,AnonymousAuthEnabled=false,MasterUserOptions={MasterUserARN=arn:aws:iam::111122223333:role/search-admin}'",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  advanced_security_options {\n    enabled                        = true\n" +
			"    anonymous_auth_enabled         = false\n    internal_user_database_enabled = false\n    master_user_options {\n" +
			"      master_user_arn = aws_iam_role.search_admin.arn\n    }\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				aso := d.AdvancedSecurityOptions
				switch {
				case aso == nil:
					c.Unknown(loc, "advanced security options were not read", Ev(d, "AdvancedSecurityOptions", aso))
				case !aso.Enabled:
					c.Fail(loc, "fine-grained access control is disabled: every caller the access policy admits can read and delete every index",
						Ev(d, "AdvancedSecurityOptions.Enabled", aso.Enabled))
				case aso.AnonymousAuthEnabled:
					c.Fail(loc, "fine-grained access control is enabled but anonymous authentication lets unauthenticated requests in",
						Ev(d, "AdvancedSecurityOptions.AnonymousAuthEnabled", aso.AnonymousAuthEnabled))
				default:
					c.Pass(loc, "fine-grained access control is enabled; sign-in: "+osAuthMethods(d),
						Ev(d, "AdvancedSecurityOptions.Enabled", aso.Enabled))
				}
			}
		}
	},
}

func osAuthMethods(d *inventory.OpenSearchDomain) string {
	var m []string
	m = append(m, "IAM")
	if d.AdvancedSecurityOptions.InternalUserDatabaseEnabled {
		m = append(m, "internal user database")
	}
	if d.AdvancedSecurityOptions.SAMLEnabled {
		m = append(m, "SAML")
	}
	if d.CognitoOptions != nil && d.CognitoOptions.Enabled {
		m = append(m, "Cognito")
	}
	return strings.Join(m, ", ")
}

var opensearchAuditLogs = &Check{
	ID:           "opensearch-audit-logs",
	Service:      "opensearch",
	Title:        "OpenSearch domains publish audit logs to CloudWatch Logs",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "CloudTrail records changes to a domain's configuration, not who searched, read or deleted which " +
		"index. Audit logs record authentication failures, privilege use and (optionally) document reads and " +
		"writes, which is what an investigation of a data leak or a ransom wipe needs. They require " +
		"fine-grained access control and must be both enabled in the domain and published to a log group.",
	Verify: "aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.LogPublishingOptions.AUDIT_LOGS'",
	Remediation: Remediation{
		Summary: "Enable fine-grained access control and publish AUDIT_LOGS to a CloudWatch Logs log group.",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Logs > Audit logs > Enable, choose a log group; then configure audit categories in Dashboards > Security > Audit logs.",
		CLI: "aws opensearch update-domain-config --domain-name DOMAIN --log-publishing-options " +
			"'AUDIT_LOGS={CloudWatchLogsLogGroupArn=arn:aws:logs:us-east-1:111122223333:log-group:/aws/opensearch/DOMAIN/audit,Enabled=true}'",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  log_publishing_options {\n    log_type                 = \"AUDIT_LOGS\"\n" +
			"    cloudwatch_log_group_arn = aws_cloudwatch_log_group.audit.arn\n    enabled                  = true\n  }\n}",
	},
	Seed: []string{"elasticsearch-risk", "log-storage-monitoring", "malicious-activity"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				lp := d.LogPublishingOptions
				switch {
				case lp == nil:
					c.Unknown(loc, "log publishing options were not read", Ev(d, "LogPublishingOptions", lp))
				case lp.AuditLogs != nil && lp.AuditLogs.Enabled:
					c.Pass(loc, "audit logs are published to "+orNone(lp.AuditLogs.CloudWatchLogsLogGroupARN),
						Ev(d, "LogPublishingOptions.AUDIT_LOGS.CloudWatchLogsLogGroupArn", orNone(lp.AuditLogs.CloudWatchLogsLogGroupARN)))
				default:
					msg := "audit logs are not published"
					if aso := d.AdvancedSecurityOptions; aso != nil && !aso.Enabled {
						msg += " (and cannot be until fine-grained access control is enabled)"
					}
					c.Fail(loc, msg, Ev(d, "LogPublishingOptions.AUDIT_LOGS", "not enabled"))
				}
			}
		}
	},
}

var opensearchEngineOutdated = &Check{
	ID:           "opensearch-engine-version-outdated",
	Service:      "opensearch",
	Title:        "OpenSearch domains run an engine version that still receives fixes",
	Severity:     finding.Medium,
	ResourceType: osDomainType,
	Rationale: "Elasticsearch 6.x and older stopped receiving upstream fixes years ago (Elastic ended 6.8 on " +
		"2022-02-10), and AWS ended standard support for Elasticsearch 1.5–6.7 and 7.1–7.8 and for OpenSearch " +
		"1.0–1.2 on 2025-11-07: they get no new security patches under standard support, cost extra under " +
		"Extended Support, and lack fine-grained access control, audit logs and TLS policy choices that later " +
		"versions have. Old clusters are also the ones most often found open on the internet.",
	Verify: "aws opensearch list-domain-names --query 'DomainNames[].[DomainName,EngineType]'; " +
		"aws opensearch describe-domain --domain-name DOMAIN --query 'DomainStatus.EngineVersion'; " +
		"aws opensearch get-compatible-versions --domain-name DOMAIN",
	Remediation: Remediation{
		Summary: "Upgrade the domain in place to a current OpenSearch version (through Elasticsearch 7.10 if needed).",
		Console: "Amazon OpenSearch Service > Domains > DOMAIN > Actions > Upgrade: choose the latest compatible version; repeat until on OpenSearch 2.x.",
		CLI: "aws opensearch get-compatible-versions --domain-name DOMAIN\n" +
			"aws opensearch upgrade-domain --domain-name DOMAIN --target-version Elasticsearch_7.10\n" +
			"aws opensearch upgrade-domain --domain-name DOMAIN --target-version OpenSearch_2.19",
		Terraform: "resource \"aws_opensearch_domain\" \"main\" {\n  engine_version = \"OpenSearch_2.19\"\n}",
	},
	Seed: []string{"elasticsearch-risk", "patch-management", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, d := range r.Resources.OpenSearchDomains {
				loc := At(a, r, d)
				ev := Ev(d, "EngineVersion", orNone(d.EngineVersion))
				engine, major, minor, ok := osParseEngine(d.EngineVersion)
				if !ok {
					c.Unknown(loc, fmt.Sprintf("engine version %q could not be read", d.EngineVersion), ev)
					continue
				}
				eoss := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC) // AWS end of standard support for the oldest versions
				ended := c.Estate.CollectedAt.After(eoss)
				switch {
				case engine == "Elasticsearch" && major <= 5:
					c.FailAt(finding.High, loc, fmt.Sprintf("%s: Elasticsearch %d.x, long out of upstream support; AWS standard support ended 2025-11-07",
						d.EngineVersion, major), ev)
				case engine == "Elasticsearch" && major == 6 && !ended:
					c.Fail(loc, fmt.Sprintf("%s: Elasticsearch 6.x, which Elastic stopped fixing on 2022-02-10; upgrade to OpenSearch", d.EngineVersion), ev)
				case engine == "Elasticsearch" && major == 6 && minor == 8:
					c.Fail(loc, fmt.Sprintf("%s: Elasticsearch 6.x, which Elastic stopped fixing on 2022-02-10, and AWS ended standard support "+
						"for every other 6.x version on 2025-11-07; upgrade to OpenSearch", d.EngineVersion), ev)
				case ended && (engine == "Elasticsearch" && (major == 6 || major == 7 && minor <= 8) || engine == "OpenSearch" && major == 1 && minor <= 2):
					c.Fail(loc, fmt.Sprintf("%s: AWS standard support ended 2025-11-07 (%d days before collection)", d.EngineVersion,
						int(c.Estate.CollectedAt.Sub(eoss).Hours()/24)), ev)
				case engine == "Elasticsearch":
					c.Pass(loc, d.EngineVersion+" is still supported; it is a legacy Elasticsearch engine, so plan the move to OpenSearch", ev)
				default:
					c.Pass(loc, d.EngineVersion+" is a supported OpenSearch version", ev)
				}
			}
		}
	},
}

// osParseEngine splits "Elasticsearch_7.10" into its engine, major and minor.
func osParseEngine(v string) (engine string, major, minor int, ok bool) {
	engine, ver, found := strings.Cut(v, "_")
	if !found || (engine != "Elasticsearch" && engine != "OpenSearch") {
		return "", 0, 0, false
	}
	ma, mi, _ := strings.Cut(ver, ".")
	var err1, err2 error
	major, err1 = strconv.Atoi(ma)
	minor, err2 = strconv.Atoi(mi)
	return engine, major, minor, err1 == nil && err2 == nil
}

// Resource policy helpers, shared by the OpenSearch, API Gateway and Lambda
// checks.

// rpPublicAllows returns the Allow statements of a resource policy that let
// anyone perform one of actions, with no condition that narrows the caller
// or network. It returns none when a Deny statement for everyone outside a
// named caller or network covers those actions.
func rpPublicAllows(c *Context, doc string, actions []string) ([]policy.Statement, error) {
	d, err := c.Policy(doc)
	if err != nil {
		return nil, err
	}
	var out []policy.Statement
	for _, s := range d.Statements {
		if s.Effect == "Allow" && s.PublicPrincipal() && rpCoversAny(&s, actions) && !rpRestricted(&s, false) {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		for _, s := range d.Statements {
			if s.Effect == "Deny" && s.PublicPrincipal() && rpCoversAny(&s, actions) && rpRestricted(&s, true) {
				return nil, nil
			}
		}
	}
	return out, nil
}

func rpCoversAny(s *policy.Statement, actions []string) bool {
	return slices.ContainsFunc(actions, s.CoversAction)
}

// rpRestricted reports whether a statement's condition narrows who or
// where it applies to: positive operators in an Allow, a deny-everyone-else
// guard in a Deny.
func rpRestricted(s *policy.Statement, deny bool) bool {
	if deny {
		return s.GuardsByCondition()
	}
	return s.RestrictedByCondition()
}

// rpDescribe says what public statements allow: "allows Principal \"*\" es:ESHttp* (statement \"Open\")".
func rpDescribe(ss []policy.Statement) string {
	var parts []string
	for _, s := range ss {
		acts := s.Action
		if len(s.NotAction) > 0 {
			acts = []string{"all actions but " + strings.Join(s.NotAction, ", ")}
		}
		p := fmt.Sprintf("allows Principal \"*\" %s", strings.Join(acts, ", "))
		if s.Sid != "" {
			p += fmt.Sprintf(" (statement %q)", s.Sid)
		}
		if len(s.Condition) > 0 {
			p += " under a condition that does not narrow the caller"
		} else {
			p += " with no condition"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}
