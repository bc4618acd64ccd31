package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// cfDist is a well-configured distribution with an S3 origin (OAC) and an
// ALB origin, which tests then spoil.
func cfDist(id string, spoil func(*inventory.CloudFrontDistribution)) *inventory.CloudFrontDistribution {
	d := &inventory.CloudFrontDistribution{
		Meta: meta(id), DomainName: id + ".cloudfront.net", Aliases: []string{id + ".example.com"}, Enabled: true,
		DefaultCacheBehavior: inventory.CloudFrontCacheBehavior{TargetOriginID: "s3", ViewerProtocolPolicy: "redirect-to-https"},
		CacheBehaviors:       []inventory.CloudFrontCacheBehavior{{PathPattern: "/api/*", TargetOriginID: "alb", ViewerProtocolPolicy: "https-only"}},
		ViewerCertificate: &inventory.CloudFrontViewerCertificate{ACMCertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/c",
			MinimumProtocolVersion: "TLSv1.2_2021", SSLSupportMethod: "sni-only"},
		Origins: []inventory.CloudFrontOrigin{
			{ID: "s3", DomainName: "site.s3.us-east-1.amazonaws.com", OriginAccessControlID: "E2OAC", S3OriginConfig: &inventory.CloudFrontS3Origin{}},
			{ID: "alb", DomainName: "web-1.us-east-1.elb.amazonaws.com", CustomOriginConfig: &inventory.CloudFrontCustomOrigin{
				HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only", OriginSSLProtocols: []string{"TLSv1.2"}}},
		},
		WebACLID: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1",
	}
	if spoil != nil {
		spoil(d)
	}
	return d
}

func cfDists(ds ...*inventory.CloudFrontDistribution) func(*inventory.Account, *inventory.Region) {
	return func(a *inventory.Account, _ *inventory.Region) { a.Resources.CloudFrontDistributions = ds }
}

func cfGap(a *inventory.Account, _ *inventory.Region) {
	a.Gaps = append(a.Gaps, inventory.Gap{ResourceType: cfDistributionType, Call: "cloudfront:ListDistributions", Code: "AccessDenied"})
}

func TestCloudFrontViewerAllowAll(t *testing.T) {
	runCases(t, cloudfrontViewerAllowAll, []checkCase{{
		name: "allow-all on any behaviour fails",
		fill: cfDists(
			cfDist("default", func(d *inventory.CloudFrontDistribution) { d.DefaultCacheBehavior.ViewerProtocolPolicy = "allow-all" }),
			cfDist("path", func(d *inventory.CloudFrontDistribution) { d.CacheBehaviors[0].ViewerProtocolPolicy = "allow-all" }),
			cfDist("ok", nil),
			cfDist("unread", func(d *inventory.CloudFrontDistribution) { d.CacheBehaviors[0].ViewerProtocolPolicy = "" }),
		),
		want:     map[string]finding.Status{"default": finding.Fail, "path": finding.Fail, "ok": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"default": "default (*)", "path": "/api/*"},
	}})
}

func TestCloudFrontViewerTLS(t *testing.T) {
	cfMin := func(v string) func(*inventory.CloudFrontDistribution) {
		return func(d *inventory.CloudFrontDistribution) { d.ViewerCertificate.MinimumProtocolVersion = v }
	}
	runCases(t, cloudfrontViewerTLS, []checkCase{{
		name: "old policies and the default certificate fail",
		fill: cfDists(
			cfDist("tls1", cfMin("TLSv1")),
			cfDist("tls11", cfMin("TLSv1.1_2016")),
			cfDist("tls12-2019", cfMin("TLSv1.2_2019")),
			cfDist("default-cert", func(d *inventory.CloudFrontDistribution) {
				d.ViewerCertificate = &inventory.CloudFrontViewerCertificate{CloudFrontDefaultCertificate: true, MinimumProtocolVersion: "TLSv1"}
			}),
			cfDist("ok", nil),
			cfDist("tls13", cfMin("TLSv1.3_2025")),
			cfDist("odd", cfMin("TLSv9")),
			cfDist("unread", func(d *inventory.CloudFrontDistribution) { d.ViewerCertificate = nil }),
		),
		want: map[string]finding.Status{"tls1": finding.Fail, "tls11": finding.Fail, "tls12-2019": finding.Fail, "default-cert": finding.Fail,
			"ok": finding.Pass, "tls13": finding.Pass, "odd": finding.Error, "unread": finding.Error},
		contains: map[string]string{"default-cert": "*.cloudfront.net", "tls12-2019": "CBC"},
	}})
}

func TestCloudFrontS3OriginAccess(t *testing.T) {
	runCases(t, cloudfrontS3OriginAccess, []checkCase{{
		name: "S3 origins without OAC/OAI and website endpoints fail",
		fill: cfDists(
			cfDist("open", func(d *inventory.CloudFrontDistribution) { d.Origins[0].OriginAccessControlID = "" }),
			cfDist("website", func(d *inventory.CloudFrontDistribution) {
				d.Origins[0] = inventory.CloudFrontOrigin{ID: "s3", DomainName: "site.s3-website-us-east-1.amazonaws.com",
					CustomOriginConfig: &inventory.CloudFrontCustomOrigin{OriginProtocolPolicy: "http-only"}}
			}),
			cfDist("bare-domain", func(d *inventory.CloudFrontDistribution) {
				d.Origins[0] = inventory.CloudFrontOrigin{ID: "s3", DomainName: "site.s3.amazonaws.com"}
			}),
			cfDist("oai", func(d *inventory.CloudFrontDistribution) {
				d.Origins[0].OriginAccessControlID = ""
				d.Origins[0].S3OriginConfig.OriginAccessIdentity = "origin-access-identity/cloudfront/E1OAI"
			}),
			cfDist("oac", nil),
			cfDist("no-s3", func(d *inventory.CloudFrontDistribution) { d.Origins = d.Origins[1:] }),
		),
		want: map[string]finding.Status{"open": finding.Fail, "website": finding.Fail, "bare-domain": finding.Fail,
			"oai": finding.Pass, "oac": finding.Pass},
		contains: map[string]string{"website": "website endpoint", "oai": "legacy"},
	}, {
		name: "gap", fill: cfGap, want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestCloudFrontOriginHTTP(t *testing.T) {
	origin := func(f func(*inventory.CloudFrontCustomOrigin)) func(*inventory.CloudFrontDistribution) {
		return func(d *inventory.CloudFrontDistribution) { f(d.Origins[1].CustomOriginConfig) }
	}
	runCases(t, cloudfrontOriginHTTP, []checkCase{{
		name: "http-only and match-viewer behind allow-all fail",
		fill: cfDists(
			cfDist("http", origin(func(o *inventory.CloudFrontCustomOrigin) { o.OriginProtocolPolicy = "http-only" })),
			cfDist("match-open", func(d *inventory.CloudFrontDistribution) {
				d.Origins[1].CustomOriginConfig.OriginProtocolPolicy = "match-viewer"
				d.CacheBehaviors[0].ViewerProtocolPolicy = "allow-all"
			}),
			cfDist("match-https", origin(func(o *inventory.CloudFrontCustomOrigin) { o.OriginProtocolPolicy = "match-viewer" })),
			cfDist("old-tls", origin(func(o *inventory.CloudFrontCustomOrigin) {
				o.OriginSSLProtocols = []string{"TLSv1", "TLSv1.1", "TLSv1.2"}
			})),
			cfDist("ok", nil),
			cfDist("s3-only", func(d *inventory.CloudFrontDistribution) { d.Origins = d.Origins[:1] }),
			cfDist("unread", origin(func(o *inventory.CloudFrontCustomOrigin) { o.OriginProtocolPolicy = "" })),
		),
		want: map[string]finding.Status{"http": finding.Fail, "match-open": finding.Fail, "match-https": finding.Pass,
			"old-tls": finding.Fail, "ok": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"http": "web-1.us-east-1.elb.amazonaws.com (http-only)", "old-tls": "TLSv1, TLSv1.1"},
	}})
}

func TestCloudFrontWAF(t *testing.T) {
	runCases(t, cloudfrontWAF, []checkCase{{
		name:     "no web ACL fails",
		fill:     cfDists(cfDist("bare", func(d *inventory.CloudFrontDistribution) { d.WebACLID = "" }), cfDist("waf", nil)),
		want:     map[string]finding.Status{"bare": finding.Fail, "waf": finding.Pass},
		contains: map[string]string{"bare": "bare.example.com"},
	}, {
		name: "gap", fill: cfGap, want: map[string]finding.Status{testAccount: finding.Error},
	}})
}
