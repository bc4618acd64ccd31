package demo

import "github.com/awssec/awssec/inventory"

func addCloudFront(b *builder) {
	prod := b.account(ProdAccount)
	https12 := &inventory.CloudFrontCustomOrigin{HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only", OriginSSLProtocols: []string{"TLSv1.2"}}

	// shop (E2QWRUHAPOMQZL) in prod is the well-configured distribution: an
	// ACM certificate on TLSv1.2_2021, every behaviour HTTPS-only or
	// redirecting, the static-site bucket behind origin access control,
	// orders-alb reached over HTTPS with TLS 1.2, a WAF web ACL and logging.
	// It passes every CloudFront check.
	prod.Resources.CloudFrontDistributions = append(prod.Resources.CloudFrontDistributions,
		&inventory.CloudFrontDistribution{
			Meta:       meta("cloudfront:GetDistributionConfig", "E2QWRUHAPOMQZL", arn("cloudfront", "", ProdAccount, "distribution/E2QWRUHAPOMQZL"), "shop"),
			DomainName: "d111111abcdef8.cloudfront.net", Aliases: []string{"www.acme-shop.example"}, Enabled: true,
			DefaultCacheBehavior: inventory.CloudFrontCacheBehavior{TargetOriginID: "static-site", ViewerProtocolPolicy: "redirect-to-https"},
			CacheBehaviors: []inventory.CloudFrontCacheBehavior{
				{PathPattern: "/api/*", TargetOriginID: "orders-alb", ViewerProtocolPolicy: "https-only"},
				{PathPattern: "/checkout/*", TargetOriginID: "orders-alb", ViewerProtocolPolicy: "https-only", FieldLevelEncryptionID: "C3FLE0123456"},
			},
			ViewerCertificate: &inventory.CloudFrontViewerCertificate{ACMCertificateARN: arn("acm", East, ProdAccount, "certificate/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"),
				MinimumProtocolVersion: "TLSv1.2_2021", SSLSupportMethod: "sni-only"},
			Origins: []inventory.CloudFrontOrigin{
				{ID: "static-site", DomainName: "acme-prod-static-site.s3.us-east-1.amazonaws.com", OriginAccessControlID: "E3OAC7EXAMPLE1",
					S3OriginConfig: &inventory.CloudFrontS3Origin{}},
				{ID: "orders-alb", DomainName: "orders-alb-1234567890.us-east-1.elb.amazonaws.com", CustomOriginConfig: https12},
			},
			WebACLID:         arn("wafv2", East, ProdAccount, "global/webacl/edge-protection/c3d4e5f6-7890-12ab-cdef-333333333333"),
			Logging:          &inventory.CloudFrontLogging{Enabled: true, Bucket: "acme-prod-cf-logs.s3.amazonaws.com", Prefix: "shop/"},
			GeoRestriction:   inventory.CloudFrontGeoRestriction{RestrictionType: "none"},
			PriceClass:       "PriceClass_100",
			LastModifiedTime: daysAgo(45),
		},
		// blog (E3LEGACYBLOG01) puts CloudFront in front of the WordPress
		// instance, which only serves HTTP: viewers get HTTPS, but the origin
		// leg is http-only (fails the origin check); its ACM certificate is
		// on the old TLSv1 policy (fails the TLS check) and it has no WAF
		// (fails). Its media bucket uses a legacy OAI (passes the S3 check).
		&inventory.CloudFrontDistribution{
			Meta:       meta("cloudfront:GetDistributionConfig", "E3LEGACYBLOG01", arn("cloudfront", "", ProdAccount, "distribution/E3LEGACYBLOG01"), "blog"),
			DomainName: "d222222abcdef8.cloudfront.net", Aliases: []string{"blog.acme-shop.example"}, Enabled: true,
			DefaultCacheBehavior: inventory.CloudFrontCacheBehavior{TargetOriginID: "wordpress-web", ViewerProtocolPolicy: "redirect-to-https"},
			CacheBehaviors: []inventory.CloudFrontCacheBehavior{
				{PathPattern: "/wp-content/uploads/*", TargetOriginID: "media", ViewerProtocolPolicy: "redirect-to-https"},
			},
			ViewerCertificate: &inventory.CloudFrontViewerCertificate{ACMCertificateARN: arn("acm", East, ProdAccount, "certificate/6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c"),
				MinimumProtocolVersion: "TLSv1", SSLSupportMethod: "sni-only"},
			Origins: []inventory.CloudFrontOrigin{
				{ID: "wordpress-web", DomainName: "ec2-203-0-113-10.compute-1.amazonaws.com",
					CustomOriginConfig: &inventory.CloudFrontCustomOrigin{HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "http-only",
						OriginSSLProtocols: []string{"TLSv1", "TLSv1.1", "TLSv1.2"}}},
				{ID: "media", DomainName: "acme-prod-blog-media.s3.amazonaws.com",
					S3OriginConfig: &inventory.CloudFrontS3Origin{OriginAccessIdentity: "origin-access-identity/cloudfront/E1OAIBLOG00001"}},
			},
			GeoRestriction:   inventory.CloudFrontGeoRestriction{RestrictionType: "none"},
			PriceClass:       "PriceClass_All",
			LastModifiedTime: daysAgo(1500),
		},
	)

	// assets (E1DEVASSETS001) in dev serves the public acme-dev-public-assets
	// bucket without OAC or OAI, allows plain HTTP, runs on the default
	// *.cloudfront.net certificate, reaches a legacy origin over HTTP, and has
	// no WAF: it fails every CloudFront check.
	dev := b.account(DevAccount)
	dev.Resources.CloudFrontDistributions = append(dev.Resources.CloudFrontDistributions, &inventory.CloudFrontDistribution{
		Meta:       meta("cloudfront:GetDistributionConfig", "E1DEVASSETS001", arn("cloudfront", "", DevAccount, "distribution/E1DEVASSETS001"), "dev-assets"),
		DomainName: "d333333abcdef8.cloudfront.net", Enabled: true,
		DefaultCacheBehavior: inventory.CloudFrontCacheBehavior{TargetOriginID: "public-assets", ViewerProtocolPolicy: "allow-all"},
		CacheBehaviors: []inventory.CloudFrontCacheBehavior{
			{PathPattern: "/legacy/*", TargetOriginID: "legacy-app", ViewerProtocolPolicy: "allow-all"},
		},
		ViewerCertificate: &inventory.CloudFrontViewerCertificate{CloudFrontDefaultCertificate: true, MinimumProtocolVersion: "TLSv1"},
		Origins: []inventory.CloudFrontOrigin{
			{ID: "public-assets", DomainName: "acme-dev-public-assets.s3.amazonaws.com", S3OriginConfig: &inventory.CloudFrontS3Origin{}},
			{ID: "legacy-app", DomainName: "legacy.dev.acme-shop.example",
				CustomOriginConfig: &inventory.CloudFrontCustomOrigin{HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "match-viewer",
					OriginSSLProtocols: []string{"TLSv1.2"}}},
		},
		GeoRestriction:   inventory.CloudFrontGeoRestriction{RestrictionType: "none"},
		PriceClass:       "PriceClass_100",
		LastModifiedTime: daysAgo(200),
	})
}
