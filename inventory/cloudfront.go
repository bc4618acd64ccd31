package inventory

import "time"

// CloudFrontDistribution is an AWS::CloudFront::Distribution, a global
// resource, as cloudfront:GetDistributionConfig returns it. Meta.ID is the
// distribution id ("E2QWRUHAPOMQZL").
type CloudFrontDistribution struct {
	Meta `json:",inline"`
	// DomainName is the distribution's own name: "d111111abcdef8.cloudfront.net".
	DomainName string `json:"domainName,omitzero"`
	// Aliases are the alternate domain names (CNAMEs) it serves.
	Aliases []string `json:"aliases,omitzero"`
	Enabled bool     `json:"enabled"`
	// DefaultCacheBehavior applies to every path no other behaviour matches.
	DefaultCacheBehavior CloudFrontCacheBehavior `json:"defaultCacheBehavior"`
	// CacheBehaviors are the path-specific behaviours, in precedence order.
	CacheBehaviors []CloudFrontCacheBehavior `json:"cacheBehaviors,omitzero"`
	// ViewerCertificate is nil when not read.
	ViewerCertificate *CloudFrontViewerCertificate `json:"viewerCertificate,omitzero"`
	Origins           []CloudFrontOrigin           `json:"origins,omitzero"`
	// WebACLID is the associated web ACL: a WAFv2 web ACL ARN, or a WAF
	// Classic web ACL id; empty when none.
	WebACLID string `json:"webAclId,omitzero"`
	// Logging is the standard (access) logging configuration; nil when off.
	Logging        *CloudFrontLogging       `json:"logging,omitzero"`
	GeoRestriction CloudFrontGeoRestriction `json:"geoRestriction,omitzero"`
	// PriceClass is "PriceClass_All", "PriceClass_200" or "PriceClass_100".
	PriceClass       string    `json:"priceClass,omitzero"`
	LastModifiedTime time.Time `json:"lastModifiedTime,omitzero"`
}

// Type returns "AWS::CloudFront::Distribution".
func (*CloudFrontDistribution) Type() string { return "AWS::CloudFront::Distribution" }

// CloudFrontCacheBehavior is a distribution's default or a path-specific
// cache behaviour.
type CloudFrontCacheBehavior struct {
	// PathPattern is empty for the default cache behaviour.
	PathPattern    string `json:"pathPattern,omitzero"`
	TargetOriginID string `json:"targetOriginId"`
	// ViewerProtocolPolicy is "allow-all", "redirect-to-https" or "https-only".
	ViewerProtocolPolicy string `json:"viewerProtocolPolicy"`
	// FieldLevelEncryptionID is the field-level encryption configuration; empty when none.
	FieldLevelEncryptionID string `json:"fieldLevelEncryptionId,omitzero"`
}

// CloudFrontViewerCertificate is how a distribution serves HTTPS to viewers.
type CloudFrontViewerCertificate struct {
	// CloudFrontDefaultCertificate is true when the distribution uses the
	// *.cloudfront.net certificate, which allows TLSv1 whatever
	// MinimumProtocolVersion says.
	CloudFrontDefaultCertificate bool   `json:"cloudFrontDefaultCertificate,omitzero"`
	ACMCertificateARN            string `json:"acmCertificateArn,omitzero"`
	IAMCertificateID             string `json:"iamCertificateId,omitzero"`
	// MinimumProtocolVersion is the security policy: "SSLv3", "TLSv1",
	// "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019",
	// "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025".
	MinimumProtocolVersion string `json:"minimumProtocolVersion,omitzero"`
	// SSLSupportMethod is "sni-only", "vip" or "static-ip".
	SSLSupportMethod string `json:"sslSupportMethod,omitzero"`
}

// CloudFrontOrigin is one origin of a distribution.
type CloudFrontOrigin struct {
	ID         string `json:"id"`
	DomainName string `json:"domainName"` // "bucket.s3.us-east-1.amazonaws.com", "alb-123.elb.amazonaws.com"
	OriginPath string `json:"originPath,omitzero"`
	// OriginAccessControlID is the origin access control (OAC) that signs
	// requests to an S3 (or Lambda URL, MediaStore) origin; empty when none.
	OriginAccessControlID string `json:"originAccessControlId,omitzero"`
	// S3OriginConfig is set for S3 REST origins.
	S3OriginConfig *CloudFrontS3Origin `json:"s3OriginConfig,omitzero"`
	// CustomOriginConfig is set for every other origin, S3 website
	// endpoints included.
	CustomOriginConfig *CloudFrontCustomOrigin `json:"customOriginConfig,omitzero"`
}

// CloudFrontS3Origin is an origin's S3OriginConfig.
type CloudFrontS3Origin struct {
	// OriginAccessIdentity is the legacy origin access identity (OAI):
	// "origin-access-identity/cloudfront/E1ABCDEF"; empty when none.
	OriginAccessIdentity string `json:"originAccessIdentity,omitzero"`
}

// CloudFrontCustomOrigin is an origin's CustomOriginConfig.
type CloudFrontCustomOrigin struct {
	HTTPPort  int `json:"httpPort,omitzero"`
	HTTPSPort int `json:"httpsPort,omitzero"`
	// OriginProtocolPolicy is "http-only", "match-viewer" or "https-only".
	OriginProtocolPolicy string `json:"originProtocolPolicy"`
	// OriginSSLProtocols are the TLS versions CloudFront may use to the
	// origin: "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2".
	OriginSSLProtocols []string `json:"originSslProtocols,omitzero"`
}

// CloudFrontLogging is a distribution's standard logging configuration.
type CloudFrontLogging struct {
	Enabled bool   `json:"enabled"`
	Bucket  string `json:"bucket,omitzero"` // "acme-cf-logs.s3.amazonaws.com"
	Prefix  string `json:"prefix,omitzero"`
}

// CloudFrontGeoRestriction is a distribution's geographic restriction.
type CloudFrontGeoRestriction struct {
	// RestrictionType is "none", "whitelist" or "blacklist".
	RestrictionType string   `json:"restrictionType,omitzero"`
	Locations       []string `json:"locations,omitzero"` // ISO 3166-1 alpha-2 codes
}
