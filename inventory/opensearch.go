package inventory

// OpenSearchDomain is an AWS::OpenSearchService::Domain: an Amazon OpenSearch
// Service domain running OpenSearch or legacy Elasticsearch, as
// es:DescribeDomain(s) / opensearch:DescribeDomain(s) return it. Meta.ID is
// the domain id ("444455556666/logs-search"), Meta.Name the domain name.
type OpenSearchDomain struct {
	Meta `json:",inline"`
	// EngineVersion is "Elasticsearch_6.8", "Elasticsearch_7.10",
	// "OpenSearch_2.11" and so on.
	EngineVersion string `json:"engineVersion,omitzero"`
	// Endpoint is the domain's search endpoint: the public endpoint, or the
	// VPC endpoint ("vpc-logs-search-...es.amazonaws.com") for VPC domains.
	Endpoint string `json:"endpoint,omitzero"`
	// AccessPolicies is the domain's resource-based access policy, as JSON
	// text; empty when the domain has none.
	AccessPolicies string `json:"accessPolicies,omitzero"`
	// VPCOptions places the domain in a VPC. Nil means the domain has a
	// public endpoint, reachable from the internet.
	VPCOptions *OpenSearchVPCOptions `json:"vpcOptions,omitzero"`
	// EncryptionAtRestOptions is nil when not read.
	EncryptionAtRestOptions *OpenSearchEncryptionAtRest `json:"encryptionAtRestOptions,omitzero"`
	// NodeToNodeEncryptionEnabled is NodeToNodeEncryptionOptions.Enabled; nil when not read.
	NodeToNodeEncryptionEnabled *bool `json:"nodeToNodeEncryptionEnabled,omitzero"`
	// DomainEndpointOptions is nil when not read.
	DomainEndpointOptions *OpenSearchEndpointOptions `json:"domainEndpointOptions,omitzero"`
	// AdvancedSecurityOptions (fine-grained access control) is nil when not read.
	AdvancedSecurityOptions *OpenSearchAdvancedSecurity `json:"advancedSecurityOptions,omitzero"`
	// LogPublishingOptions is nil when not read.
	LogPublishingOptions *OpenSearchLogPublishing `json:"logPublishingOptions,omitzero"`
	// CognitoOptions (Cognito authentication for Dashboards/Kibana) is nil when not read.
	CognitoOptions *OpenSearchCognitoOptions `json:"cognitoOptions,omitzero"`
	// ServiceSoftwareOptions is nil when not read.
	ServiceSoftwareOptions *OpenSearchServiceSoftware `json:"serviceSoftwareOptions,omitzero"`
}

// Type returns "AWS::OpenSearchService::Domain".
func (*OpenSearchDomain) Type() string { return "AWS::OpenSearchService::Domain" }

// OpenSearchVPCOptions are the VPC settings of a domain with a VPC endpoint.
type OpenSearchVPCOptions struct {
	VPCID            string   `json:"vpcId,omitzero"`
	SubnetIDs        []string `json:"subnetIds,omitzero"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitzero"`
}

// OpenSearchEncryptionAtRest is a domain's EncryptionAtRestOptions.
type OpenSearchEncryptionAtRest struct {
	Enabled bool `json:"enabled"`
	// KMSKeyID is the KMS key that encrypts the domain's data; the
	// aws/es AWS managed key when the owner chose none.
	KMSKeyID string `json:"kmsKeyId,omitzero"`
}

// OpenSearchEndpointOptions is a domain's DomainEndpointOptions.
type OpenSearchEndpointOptions struct {
	// EnforceHTTPS rejects plain-HTTP requests to the endpoint.
	EnforceHTTPS bool `json:"enforceHttps"`
	// TLSSecurityPolicy is "Policy-Min-TLS-1-0-2019-07",
	// "Policy-Min-TLS-1-2-2019-07" or "Policy-Min-TLS-1-2-PFS-2023-10".
	TLSSecurityPolicy     string `json:"tlsSecurityPolicy,omitzero"`
	CustomEndpointEnabled bool   `json:"customEndpointEnabled,omitzero"`
	CustomEndpoint        string `json:"customEndpoint,omitzero"`
}

// OpenSearchAdvancedSecurity is a domain's AdvancedSecurityOptions: fine-grained
// access control (FGAC) and how users authenticate to it.
type OpenSearchAdvancedSecurity struct {
	// Enabled turns fine-grained access control on.
	Enabled bool `json:"enabled"`
	// InternalUserDatabaseEnabled lets users sign in with a user name and
	// password held in the domain (HTTP basic authentication).
	InternalUserDatabaseEnabled bool `json:"internalUserDatabaseEnabled,omitzero"`
	// SAMLEnabled is SAMLOptions.Enabled: SAML sign-in to Dashboards.
	SAMLEnabled bool `json:"samlEnabled,omitzero"`
	// AnonymousAuthEnabled lets unauthenticated requests in (a migration aid).
	AnonymousAuthEnabled bool `json:"anonymousAuthEnabled,omitzero"`
}

// OpenSearchLogPublishing is a domain's LogPublishingOptions, one field per
// log type. A nil field means the log type is not configured.
type OpenSearchLogPublishing struct {
	AuditLogs         *OpenSearchLog `json:"auditLogs,omitzero"`         // AUDIT_LOGS
	ESApplicationLogs *OpenSearchLog `json:"esApplicationLogs,omitzero"` // ES_APPLICATION_LOGS (error logs)
	SearchSlowLogs    *OpenSearchLog `json:"searchSlowLogs,omitzero"`    // SEARCH_SLOW_LOGS
	IndexSlowLogs     *OpenSearchLog `json:"indexSlowLogs,omitzero"`     // INDEX_SLOW_LOGS
}

// OpenSearchLog is one LogPublishingOption.
type OpenSearchLog struct {
	Enabled                   bool   `json:"enabled"`
	CloudWatchLogsLogGroupARN string `json:"cloudWatchLogsLogGroupArn,omitzero"`
}

// OpenSearchCognitoOptions is a domain's CognitoOptions.
type OpenSearchCognitoOptions struct {
	Enabled        bool   `json:"enabled"`
	UserPoolID     string `json:"userPoolId,omitzero"`
	IdentityPoolID string `json:"identityPoolId,omitzero"`
	RoleARN        string `json:"roleArn,omitzero"`
}

// OpenSearchServiceSoftware is a domain's ServiceSoftwareOptions.
type OpenSearchServiceSoftware struct {
	CurrentVersion  string `json:"currentVersion,omitzero"` // "OpenSearch_2_11_R20240502"
	NewVersion      string `json:"newVersion,omitzero"`
	UpdateAvailable bool   `json:"updateAvailable,omitzero"`
	// UpdateStatus is "ELIGIBLE", "PENDING_UPDATE", "IN_PROGRESS", "COMPLETED", "NOT_ELIGIBLE".
	UpdateStatus string `json:"updateStatus,omitzero"`
}
