package demo

import "github.com/awssec/awssec/inventory"

func addOpenSearch(b *builder) {
	// The seed's "Elasticsearch risks": logs-search in prod is a legacy
	// Elasticsearch 6.8 domain with a public endpoint and an access policy
	// that allows "Principal": "*" with no condition — open to the world.
	// It fails every OpenSearch check: open access (critical), not in a
	// VPC, no encryption at rest or node-to-node, plain HTTP and TLS 1.0
	// accepted, no fine-grained access control, no audit logs, outdated engine.
	prod := b.region(ProdAccount, East)
	logsARN := arn("es", East, ProdAccount, "domain/logs-search")
	prod.Resources.OpenSearchDomains = append(prod.Resources.OpenSearchDomains,
		&inventory.OpenSearchDomain{
			Meta:          meta("es:DescribeDomains", ProdAccount+"/logs-search", logsARN, "logs-search"),
			EngineVersion: "Elasticsearch_6.8",
			Endpoint:      "search-logs-search-7h2kq4xw3m5zpa6r1b9c0d8e7f.us-east-1.es.amazonaws.com",
			AccessPolicies: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},` +
				`"Action":"es:*","Resource":"` + logsARN + `/*"}]}`,
			EncryptionAtRestOptions:     &inventory.OpenSearchEncryptionAtRest{Enabled: false},
			NodeToNodeEncryptionEnabled: inventory.Ptr(false),
			DomainEndpointOptions:       &inventory.OpenSearchEndpointOptions{EnforceHTTPS: false, TLSSecurityPolicy: "Policy-Min-TLS-1-0-2019-07"},
			AdvancedSecurityOptions:     &inventory.OpenSearchAdvancedSecurity{Enabled: false},
			LogPublishingOptions: &inventory.OpenSearchLogPublishing{
				ESApplicationLogs: &inventory.OpenSearchLog{Enabled: true,
					CloudWatchLogsLogGroupARN: arn("logs", East, ProdAccount, "log-group:/aws/aes/domains/logs-search/application-logs")}},
			CognitoOptions:         &inventory.OpenSearchCognitoOptions{Enabled: false},
			ServiceSoftwareOptions: &inventory.OpenSearchServiceSoftware{CurrentVersion: "R20230928-P3", NewVersion: "R20240625", UpdateAvailable: true, UpdateStatus: "ELIGIBLE"},
		},
		// The well-configured peer: orders-search, OpenSearch 2.11 in the
		// prod VPC's private subnet, an access policy naming the app's role,
		// KMS encryption, TLS 1.2 enforced, fine-grained access control with
		// SAML, and audit logs. It passes every OpenSearch check.
		&inventory.OpenSearchDomain{
			Meta:          meta("es:DescribeDomains", ProdAccount+"/orders-search", arn("es", East, ProdAccount, "domain/orders-search"), "orders-search"),
			EngineVersion: "OpenSearch_2.11",
			Endpoint:      "vpc-orders-search-q3w8e5r1t6y2u9i4o7p0a5s3d2.us-east-1.es.amazonaws.com",
			AccessPolicies: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + ProdAccount +
				`:role/orders-app-role"},"Action":"es:ESHttp*","Resource":"` + arn("es", East, ProdAccount, "domain/orders-search/*") + `"}]}`,
			VPCOptions: &inventory.OpenSearchVPCOptions{VPCID: "vpc-0prod00000000001",
				SubnetIDs: []string{"subnet-0private000000001"}, SecurityGroupIDs: []string{"sg-0search00000000001"}},
			EncryptionAtRestOptions:     &inventory.OpenSearchEncryptionAtRest{Enabled: true, KMSKeyID: arn("kms", East, ProdAccount, "key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")},
			NodeToNodeEncryptionEnabled: inventory.Ptr(true),
			DomainEndpointOptions:       &inventory.OpenSearchEndpointOptions{EnforceHTTPS: true, TLSSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10"},
			AdvancedSecurityOptions:     &inventory.OpenSearchAdvancedSecurity{Enabled: true, SAMLEnabled: true},
			LogPublishingOptions: &inventory.OpenSearchLogPublishing{
				AuditLogs: &inventory.OpenSearchLog{Enabled: true,
					CloudWatchLogsLogGroupARN: arn("logs", East, ProdAccount, "log-group:/aws/opensearch/orders-search/audit")},
				ESApplicationLogs: &inventory.OpenSearchLog{Enabled: true,
					CloudWatchLogsLogGroupARN: arn("logs", East, ProdAccount, "log-group:/aws/opensearch/orders-search/application")}},
			CognitoOptions:         &inventory.OpenSearchCognitoOptions{Enabled: false},
			ServiceSoftwareOptions: &inventory.OpenSearchServiceSoftware{CurrentVersion: "OpenSearch_2_11_R20240502", UpdateStatus: "COMPLETED"},
		},
	)

	// A middle case in dev: a public Elasticsearch 7.10 domain whose access
	// policy is narrowed to the office range with aws:SourceIp (passes the
	// open-access check) and which has FGAC and encryption, but still has a
	// public endpoint and no audit logs (fails those two checks).
	dev := b.region(DevAccount, West)
	devARN := arn("es", West, DevAccount, "domain/dev-analytics")
	dev.Resources.OpenSearchDomains = append(dev.Resources.OpenSearchDomains, &inventory.OpenSearchDomain{
		Meta:          meta("es:DescribeDomains", DevAccount+"/dev-analytics", devARN, "dev-analytics"),
		EngineVersion: "Elasticsearch_7.10",
		Endpoint:      "search-dev-analytics-m4n8b2v6c1x5z9l3k7j0h4g2f6.eu-west-1.es.amazonaws.com",
		AccessPolicies: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:ESHttp*",` +
			`"Resource":"` + devARN + `/*","Condition":{"IpAddress":{"aws:SourceIp":["198.51.100.0/24"]}}}]}`,
		EncryptionAtRestOptions:     &inventory.OpenSearchEncryptionAtRest{Enabled: true, KMSKeyID: arn("kms", West, DevAccount, "alias/aws/es")},
		NodeToNodeEncryptionEnabled: inventory.Ptr(true),
		DomainEndpointOptions:       &inventory.OpenSearchEndpointOptions{EnforceHTTPS: true, TLSSecurityPolicy: "Policy-Min-TLS-1-2-2019-07"},
		AdvancedSecurityOptions:     &inventory.OpenSearchAdvancedSecurity{Enabled: true, InternalUserDatabaseEnabled: true},
		LogPublishingOptions:        &inventory.OpenSearchLogPublishing{},
		CognitoOptions:              &inventory.OpenSearchCognitoOptions{Enabled: false},
		ServiceSoftwareOptions:      &inventory.OpenSearchServiceSoftware{CurrentVersion: "R20240625", UpdateStatus: "COMPLETED"},
	})
}
