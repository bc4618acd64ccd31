package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func cloudfrontChecks() []*Check {
	return []*Check{cloudfrontViewerAllowAll, cloudfrontViewerTLS, cloudfrontS3OriginAccess, cloudfrontOriginHTTP, cloudfrontWAF}
}

const cfDistributionType = "AWS::CloudFront::Distribution"

// cfBehaviors returns a distribution's cache behaviours, the default first.
func cfBehaviors(d *inventory.CloudFrontDistribution) []inventory.CloudFrontCacheBehavior {
	return append([]inventory.CloudFrontCacheBehavior{d.DefaultCacheBehavior}, d.CacheBehaviors...)
}

// cfPath names a cache behaviour: its path pattern, or "default (*)".
func cfPath(b inventory.CloudFrontCacheBehavior) string {
	if b.PathPattern == "" {
		return "default (*)"
	}
	return b.PathPattern
}

// cfName names a distribution by its first alias, else its domain name.
func cfName(d *inventory.CloudFrontDistribution) string {
	if len(d.Aliases) > 0 {
		return d.Aliases[0]
	}
	return orNone(d.DomainName)
}

var cloudfrontViewerAllowAll = &Check{
	ID:           "cloudfront-viewer-protocol-allow-all",
	Service:      "cloudfront",
	Title:        "CloudFront distributions serve viewers over HTTPS only",
	Severity:     finding.Medium,
	ResourceType: cfDistributionType,
	Rationale: "A cache behaviour with viewer protocol policy allow-all serves its paths over plain HTTP as well " +
		"as HTTPS. Anyone on the network path can read and modify those responses — inject script into " +
		"pages, steal session cookies that lack the Secure flag, replace downloads — and links or bookmarks " +
		"that start with http:// never upgrade. redirect-to-https sends a 301 to the HTTPS URL; https-only " +
		"refuses plain HTTP.",
	Verify: "aws cloudfront get-distribution-config --id DIST_ID --query " +
		"'DistributionConfig.[DefaultCacheBehavior.ViewerProtocolPolicy,CacheBehaviors.Items[].[PathPattern,ViewerProtocolPolicy]]'",
	Remediation: Remediation{
		Summary: "Set the viewer protocol policy of every cache behaviour to redirect-to-https or https-only.",
		Console: "CloudFront > Distributions > DIST > Behaviors > select each behaviour > Edit > Viewer protocol policy: Redirect HTTP to HTTPS.",
		CLI: "aws cloudfront get-distribution-config --id DIST_ID > dist.json  # edit ViewerProtocolPolicy to redirect-to-https in DistributionConfig\n" +
			"aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://config.json",
		Terraform: "resource \"aws_cloudfront_distribution\" \"site\" {\n  default_cache_behavior {\n" +
			"    viewer_protocol_policy = \"redirect-to-https\"\n  }\n  ordered_cache_behavior {\n    path_pattern           = \"/static/*\"\n" +
			"    viewer_protocol_policy = \"redirect-to-https\"\n  }\n}",
	},
	Seed: []string{"data-in-transit", "encrypted-channel", "wordpress-posture"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, d := range a.Resources.CloudFrontDistributions {
				loc := At(a, nil, d)
				var open, unknown []string
				for _, b := range cfBehaviors(d) {
					switch b.ViewerProtocolPolicy {
					case "allow-all":
						open = append(open, cfPath(b))
					case "":
						unknown = append(unknown, cfPath(b))
					}
				}
				switch {
				case len(open) > 0:
					c.Fail(loc, fmt.Sprintf("%s serves plain HTTP (viewer protocol policy allow-all) for %s", cfName(d), strings.Join(open, ", ")),
						Ev(d, "ViewerProtocolPolicy", "allow-all"))
				case len(unknown) > 0:
					c.Unknown(loc, "viewer protocol policy not read for "+strings.Join(unknown, ", "), Ev(d, "ViewerProtocolPolicy", nil))
				default:
					c.Pass(loc, fmt.Sprintf("every cache behaviour requires or redirects to HTTPS (%s)", countOf(len(cfBehaviors(d)), "behaviour", "behaviours")),
						Ev(d, "DefaultCacheBehavior.ViewerProtocolPolicy", d.DefaultCacheBehavior.ViewerProtocolPolicy))
				}
			}
		}
	},
}

var cloudfrontViewerTLS = &Check{
	ID:           "cloudfront-viewer-tls-outdated",
	Service:      "cloudfront",
	Title:        "CloudFront distributions use a custom certificate with security policy TLSv1.2_2021 or newer",
	Severity:     finding.Medium,
	ResourceType: cfDistributionType,
	Rationale: "The security policy (MinimumProtocolVersion) decides which protocols and ciphers CloudFront " +
		"negotiates with viewers. SSLv3, TLSv1, TLSv1_2016 and TLSv1.1_2016 accept TLS 1.0 or 1.1, deprecated " +
		"by RFC 8996 and forbidden by PCI DSS; TLSv1.2_2018 and TLSv1.2_2019 require TLS 1.2 but still offer " +
		"CBC and SHA-1 cipher suites. A distribution on the default *.cloudfront.net certificate always " +
		"accepts TLSv1, whatever its setting says, so it needs a custom (ACM) certificate to enforce more.",
	Verify: "aws cloudfront get-distribution-config --id DIST_ID --query 'DistributionConfig.ViewerCertificate'",
	Remediation: Remediation{
		Summary: "Use an ACM certificate with SNI and security policy TLSv1.2_2021 (or TLSv1.2_2025 / TLSv1.3_2025).",
		Console: "CloudFront > Distributions > DIST > General > Settings > Edit > Custom SSL certificate (ACM, us-east-1), Security policy: TLSv1.2_2021.",
		CLI: "aws cloudfront get-distribution-config --id DIST_ID  # set ViewerCertificate.ACMCertificateArn, SSLSupportMethod=sni-only, MinimumProtocolVersion=TLSv1.2_2021\n" +
			"aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://config.json",
		Terraform: "resource \"aws_cloudfront_distribution\" \"site\" {\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n" +
			"    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}",
	},
	Seed: []string{"data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		good := []string{"TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}
		weakCiphers := []string{"TLSv1.2_2018", "TLSv1.2_2019"}
		oldTLS := []string{"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"}
		for a := range c.Accounts() {
			for _, d := range a.Resources.CloudFrontDistributions {
				loc := At(a, nil, d)
				vc := d.ViewerCertificate
				if vc == nil {
					c.Unknown(loc, "viewer certificate was not read", Ev(d, "ViewerCertificate", vc))
					continue
				}
				ev := []finding.Evidence{Ev(d, "ViewerCertificate.MinimumProtocolVersion", orNone(vc.MinimumProtocolVersion)),
					Ev(d, "ViewerCertificate.CloudFrontDefaultCertificate", vc.CloudFrontDefaultCertificate)}
				v := vc.MinimumProtocolVersion
				switch {
				case vc.CloudFrontDefaultCertificate:
					c.FailAt(finding.Low, loc, fmt.Sprintf("%s uses the default *.cloudfront.net certificate, which accepts TLSv1", cfName(d)), ev...)
				case slices.Contains(good, v):
					c.Pass(loc, fmt.Sprintf("custom certificate with security policy %s", v), ev...)
				case slices.Contains(weakCiphers, v):
					c.FailAt(finding.Low, loc, fmt.Sprintf("security policy %s requires TLS 1.2 but still offers CBC/SHA-1 cipher suites", v), ev...)
				case slices.Contains(oldTLS, v):
					c.Fail(loc, fmt.Sprintf("security policy %s accepts TLS versions older than 1.2", v), ev...)
				default:
					c.Unknown(loc, fmt.Sprintf("security policy %q is not one awssec knows", v), ev...)
				}
			}
		}
	},
}

// cfS3Kind says whether an origin is an S3 REST endpoint ("rest"), an S3
// static website endpoint ("website"), or neither ("").
func cfS3Kind(o inventory.CloudFrontOrigin) string {
	dn := strings.ToLower(o.DomainName)
	switch {
	case strings.Contains(dn, ".s3-website"):
		return "website"
	case o.S3OriginConfig != nil:
		return "rest"
	case strings.HasSuffix(dn, ".amazonaws.com") && (strings.Contains(dn, ".s3.") || strings.Contains(dn, ".s3-")):
		return "rest"
	}
	return ""
}

var cloudfrontS3OriginAccess = &Check{
	ID:           "cloudfront-s3-origin-no-oac",
	Service:      "cloudfront",
	Title:        "CloudFront S3 origins are reached through origin access control",
	Severity:     finding.Medium,
	ResourceType: cfDistributionType,
	Rationale: "When CloudFront fetches from an S3 origin without origin access control (OAC) or the legacy " +
		"origin access identity (OAI), its requests are anonymous, so the bucket must allow public reads. " +
		"Then anyone can bypass the distribution — its WAF, geo restriction, signed URLs and logging — and " +
		"read or list the bucket directly. S3 static website endpoints cannot use OAC at all and always need " +
		"a public bucket. With OAC the bucket policy allows only cloudfront.amazonaws.com for this " +
		"distribution's ARN and Block Public Access can stay on; OAC also supports SSE-KMS and all regions, " +
		"which OAI does not.",
	Verify: "aws cloudfront get-distribution-config --id DIST_ID --query " +
		"'DistributionConfig.Origins.Items[].[DomainName,OriginAccessControlId,S3OriginConfig.OriginAccessIdentity]'",
	Remediation: Remediation{
		Summary: "Create an origin access control, attach it to the S3 origin, and allow only that distribution in the bucket policy.",
		Console: "CloudFront > Distributions > DIST > Origins > select the S3 origin > Edit > Origin access: Origin access control settings > Create control setting; " +
			"copy the bucket policy it offers into the bucket, then turn on Block Public Access.",
		CLI: "aws cloudfront create-origin-access-control --origin-access-control-config " +
			"Name=site-oac,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3\n" +
			"aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://config.json  # set Origins[].OriginAccessControlId",
		Terraform: "resource \"aws_cloudfront_origin_access_control\" \"site\" {\n  name                              = \"site-oac\"\n" +
			"  origin_access_control_origin_type = \"s3\"\n  signing_behavior                  = \"always\"\n  signing_protocol                  = \"sigv4\"\n}\n" +
			"resource \"aws_cloudfront_distribution\" \"site\" {\n  origin {\n    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name\n" +
			"    origin_id                = \"s3-site\"\n    origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n  }\n}",
	},
	Seed: []string{"secure-configuration", "data-at-rest"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, d := range a.Resources.CloudFrontDistributions {
				var open, oai, oac []string
				for _, o := range d.Origins {
					switch cfS3Kind(o) {
					case "website":
						open = append(open, o.DomainName+" (S3 website endpoint: the bucket must be public)")
					case "rest":
						switch {
						case o.OriginAccessControlID != "":
							oac = append(oac, o.DomainName)
						case o.S3OriginConfig != nil && o.S3OriginConfig.OriginAccessIdentity != "":
							oai = append(oai, o.DomainName)
						default:
							open = append(open, o.DomainName)
						}
					}
				}
				if len(open)+len(oai)+len(oac) == 0 {
					continue // no S3 origin
				}
				loc := At(a, nil, d)
				switch {
				case len(open) > 0:
					c.Fail(loc, "S3 origins without origin access control, served from a bucket anyone can read: "+strings.Join(open, ", "),
						Ev(d, "Origins[].OriginAccessControlId", "none"))
				case len(oai) > 0:
					c.Pass(loc, "S3 origins use a legacy origin access identity (consider migrating to OAC): "+strings.Join(oai, ", "),
						Ev(d, "Origins[].S3OriginConfig.OriginAccessIdentity", "set"))
				default:
					c.Pass(loc, "S3 origins use origin access control: "+strings.Join(oac, ", "), Ev(d, "Origins[].OriginAccessControlId", "set"))
				}
			}
		}
	},
}

var cloudfrontOriginHTTP = &Check{
	ID:           "cloudfront-origin-http-only",
	Service:      "cloudfront",
	Title:        "CloudFront reaches custom origins over HTTPS with TLS 1.2",
	Severity:     finding.Medium,
	ResourceType: cfDistributionType,
	Rationale: "HTTPS between the viewer and CloudFront protects only the first leg. With origin protocol " +
		"policy http-only — or match-viewer behind a behaviour that allows HTTP — CloudFront fetches from the " +
		"origin (an ALB, an EC2 web server such as WordPress, an API) in clear text across the internet, so " +
		"responses, cookies and form posts can be read or changed there. Allowing SSLv3, TLSv1 or TLSv1.1 to " +
		"the origin lets that leg be downgraded.",
	Verify: "aws cloudfront get-distribution-config --id DIST_ID --query " +
		"'DistributionConfig.Origins.Items[].[DomainName,CustomOriginConfig.OriginProtocolPolicy,CustomOriginConfig.OriginSslProtocols.Items]'",
	Remediation: Remediation{
		Summary: "Set the origin protocol policy to https-only with origin SSL protocols TLSv1.2, and serve a valid certificate at the origin.",
		Console: "CloudFront > Distributions > DIST > Origins > select the origin > Edit > Protocol: HTTPS only, Minimum origin SSL protocol: TLSv1.2.",
		CLI: "aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://config.json  " +
			"# set CustomOriginConfig.OriginProtocolPolicy=https-only and OriginSslProtocols={Quantity=1,Items=[TLSv1.2]}",
		Terraform: "resource \"aws_cloudfront_distribution\" \"site\" {\n  origin {\n    domain_name = aws_lb.web.dns_name\n    origin_id   = \"alb\"\n" +
			"    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n" +
			"      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n}",
	},
	Seed: []string{"data-in-transit", "encrypted-channel", "wordpress-posture"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, d := range a.Resources.CloudFrontDistributions {
				var plain, weak, unknown []string
				n := 0
				for _, o := range d.Origins {
					co := o.CustomOriginConfig
					if co == nil {
						continue
					}
					n++
					switch co.OriginProtocolPolicy {
					case "http-only":
						plain = append(plain, o.DomainName+" (http-only)")
						continue
					case "match-viewer":
						if cfOriginAllowsHTTPViewers(d, o.ID) {
							plain = append(plain, o.DomainName+" (match-viewer behind an allow-all behaviour)")
							continue
						}
					case "https-only":
					default:
						unknown = append(unknown, o.DomainName)
						continue
					}
					var old []string
					for _, p := range co.OriginSSLProtocols {
						if p != "TLSv1.2" && p != "TLSv1.3" {
							old = append(old, p)
						}
					}
					if len(old) > 0 {
						weak = append(weak, fmt.Sprintf("%s (allows %s)", o.DomainName, strings.Join(old, ", ")))
					}
				}
				if n == 0 {
					continue // no custom origin
				}
				loc := At(a, nil, d)
				switch {
				case len(plain) > 0:
					c.Fail(loc, "CloudFront fetches from these origins over plain HTTP: "+strings.Join(plain, ", "),
						Ev(d, "Origins[].CustomOriginConfig.OriginProtocolPolicy", "http"))
				case len(unknown) > 0:
					c.Unknown(loc, "origin protocol policy not read for "+strings.Join(unknown, ", "), Ev(d, "Origins[].CustomOriginConfig.OriginProtocolPolicy", nil))
				case len(weak) > 0:
					c.FailAt(finding.Low, loc, "origins reached over HTTPS but with TLS versions older than 1.2 allowed: "+strings.Join(weak, ", "),
						Ev(d, "Origins[].CustomOriginConfig.OriginSslProtocols", "old"))
				default:
					c.Pass(loc, fmt.Sprintf("every custom origin is reached over HTTPS with TLS 1.2 (%s)", countOf(n, "origin", "origins")),
						Ev(d, "Origins[].CustomOriginConfig.OriginProtocolPolicy", "https-only"))
				}
			}
		}
	},
}

// cfOriginAllowsHTTPViewers reports whether a behaviour that targets the
// origin lets viewers in over plain HTTP.
func cfOriginAllowsHTTPViewers(d *inventory.CloudFrontDistribution, originID string) bool {
	return slices.ContainsFunc(cfBehaviors(d), func(b inventory.CloudFrontCacheBehavior) bool {
		return b.TargetOriginID == originID && b.ViewerProtocolPolicy == "allow-all"
	})
}

var cloudfrontWAF = &Check{
	ID:           "cloudfront-waf",
	Service:      "cloudfront",
	Title:        "CloudFront distributions are protected by an AWS WAF web ACL",
	Severity:     finding.Medium,
	ResourceType: cfDistributionType,
	Rationale: "CloudFront absorbs network and transport-layer floods (AWS Shield Standard), but it passes every " +
		"well-formed HTTP request on to the origin. Without a WAF web ACL nothing filters application-layer " +
		"attacks at the edge: HTTP request floods, credential stuffing, scrapers and bad bots, SQL injection, " +
		"XSS and known-exploit payloads all reach the origin, and the origin pays for them. A web ACL with " +
		"rate-based rules and the AWS managed rule groups is the standard layer-7 DDoS mitigation.",
	Verify: "aws cloudfront get-distribution-config --id DIST_ID --query 'DistributionConfig.WebACLId'",
	Remediation: Remediation{
		Summary: "Associate a global (CLOUDFRONT scope) WAF web ACL with managed rules and a rate-based rule.",
		Console: "CloudFront > Distributions > DIST > Security > Edit > Enable AWS WAF protections (or WAF > Web ACLs > Global (CloudFront) > Add AWS resources).",
		CLI: "aws wafv2 create-web-acl --scope CLOUDFRONT --region us-east-1 --name edge-protection ...\n" +
			"aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://config.json  # set WebACLId to the web ACL ARN",
		Terraform: "resource \"aws_cloudfront_distribution\" \"site\" {\n  web_acl_id = aws_wafv2_web_acl.edge.arn  # scope = \"CLOUDFRONT\"\n}",
	},
	Seed: []string{"ddos", "wordpress-posture"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, d := range a.Resources.CloudFrontDistributions {
				loc := At(a, nil, d)
				if d.WebACLID != "" {
					c.Pass(loc, "protected by web ACL "+d.WebACLID, Ev(d, "WebACLId", d.WebACLID))
					continue
				}
				c.Fail(loc, fmt.Sprintf("%s has no WAF web ACL: application-layer attacks reach the origin unfiltered", cfName(d)),
					Ev(d, "WebACLId", "none"))
			}
		}
	},
}
