package awstest

import (
	"github.com/awssec/awssec/inventory"
)

const cloudFrontXMLNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

// registerCloudFront serves the account's CloudFront distributions
// (REST-XML, a global service). A distribution has no name of its own:
// the double keeps the inventory's name in its Comment.
func registerCloudFront(s *Server) {
	dists := func(r *Request) []*inventory.CloudFrontDistribution {
		if a, _ := r.Scope(s); a != nil {
			return a.Resources.CloudFrontDistributions
		}
		return nil
	}
	s.Route("cloudfront", "GET", "/2020-05-31/distribution", "ListDistributions", func(r *Request) (any, error) {
		page, next, err := Page(dists(r), r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, d := range page {
			sum := cfDistributionConfig(d)
			delete(sum, "CallerReference")
			delete(sum, "DefaultRootObject")
			delete(sum, "Logging") // summaries do not carry the logging configuration
			sum["Id"], sum["ARN"], sum["ETag"] = d.ID, d.ARN, "E2AWSTEST"+d.ID
			sum["Status"], sum["DomainName"], sum["LastModifiedTime"] = "Deployed", d.DomainName, d.LastModifiedTime
			sum["Staging"] = false
			items = append(items, sum)
		}
		body := M{"Marker": r.String("Marker"), "MaxItems": s.PageSize, "IsTruncated": next != "", "Quantity": len(items),
			"NextMarker": nilIfEmpty(next)}
		if len(items) > 0 {
			body["Items"] = List{Member: "DistributionSummary", Items: items}
		}
		return XMLDoc{Root: "DistributionList", XMLNS: cloudFrontXMLNS, Body: body}, nil
	})
	s.Route("cloudfront", "GET", "/2020-05-31/distribution/{Id}/config", "GetDistributionConfig", func(r *Request) (any, error) {
		id := r.String("Id")
		for _, d := range dists(r) {
			if d.ID != id {
				continue
			}
			if !d.Known("logging") {
				return nil, AccessDenied(RESTXML)
			}
			return XMLDoc{Root: "DistributionConfig", XMLNS: cloudFrontXMLNS, Body: cfDistributionConfig(d)}, nil
		}
		return nil, NotFound("NoSuchDistribution", "The specified distribution does not exist.")
	})
}

// cfQuantity is CloudFront's list shape: a Quantity and, when there are
// any, the Items under their own member name.
func cfQuantity(member string, items []any) M {
	out := M{"Quantity": len(items)}
	if len(items) > 0 {
		out["Items"] = List{Member: member, Items: items}
	}
	return out
}

func cfItems(v []string) []any {
	out := make([]any, 0, len(v))
	for _, s := range v {
		out = append(out, s)
	}
	return out
}

// cfBehavior is a cache behaviour; the default one has no PathPattern.
func cfBehavior(b inventory.CloudFrontCacheBehavior) M {
	get := cfQuantity("Method", []any{"HEAD", "GET"})
	return M{"PathPattern": nilIfEmpty(b.PathPattern), "TargetOriginId": b.TargetOriginID, "ViewerProtocolPolicy": b.ViewerProtocolPolicy,
		"FieldLevelEncryptionId": b.FieldLevelEncryptionID, "Compress": true, "SmoothStreaming": false,
		"CachePolicyId":  "658327ea-f89d-4fab-a63d-7e88639e58f6",
		"AllowedMethods": M{"Quantity": 2, "Items": get["Items"], "CachedMethods": get},
		"TrustedSigners": M{"Enabled": false, "Quantity": 0}, "TrustedKeyGroups": M{"Enabled": false, "Quantity": 0},
		"LambdaFunctionAssociations": M{"Quantity": 0}, "FunctionAssociations": M{"Quantity": 0}}
}

// cfDistributionConfig is a distribution's DistributionConfig.
func cfDistributionConfig(d *inventory.CloudFrontDistribution) M {
	var behaviors, origins []any
	for _, b := range d.CacheBehaviors {
		behaviors = append(behaviors, cfBehavior(b))
	}
	for _, o := range d.Origins {
		origin := M{"Id": o.ID, "DomainName": o.DomainName, "OriginPath": o.OriginPath, "OriginAccessControlId": o.OriginAccessControlID,
			"CustomHeaders": M{"Quantity": 0}, "ConnectionAttempts": 3, "ConnectionTimeout": 10, "OriginShield": M{"Enabled": false}}
		if o.S3OriginConfig != nil {
			origin["S3OriginConfig"] = M{"OriginAccessIdentity": o.S3OriginConfig.OriginAccessIdentity}
		}
		if c := o.CustomOriginConfig; c != nil {
			origin["CustomOriginConfig"] = M{"HTTPPort": c.HTTPPort, "HTTPSPort": c.HTTPSPort, "OriginProtocolPolicy": c.OriginProtocolPolicy,
				"OriginSslProtocols": cfQuantity("SslProtocol", cfItems(c.OriginSSLProtocols)), "OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5}
		}
		origins = append(origins, origin)
	}
	geo := cfQuantity("Location", cfItems(d.GeoRestriction.Locations))
	geo["RestrictionType"] = d.GeoRestriction.RestrictionType
	out := M{"CallerReference": "awstest-" + d.ID, "Comment": d.Name, "Enabled": d.Enabled, "Aliases": cfQuantity("CNAME", cfItems(d.Aliases)),
		"DefaultCacheBehavior": cfBehavior(d.DefaultCacheBehavior), "CacheBehaviors": cfQuantity("CacheBehavior", behaviors),
		"Origins": cfQuantity("Origin", origins), "OriginGroups": M{"Quantity": 0}, "CustomErrorResponses": M{"Quantity": 0},
		"WebACLId": d.WebACLID, "PriceClass": nilIfEmpty(d.PriceClass), "HttpVersion": "http2", "IsIPV6Enabled": true,
		"DefaultRootObject": "", "Restrictions": M{"GeoRestriction": geo}}
	if v := d.ViewerCertificate; v != nil {
		cert := M{"MinimumProtocolVersion": nilIfEmpty(v.MinimumProtocolVersion), "SSLSupportMethod": nilIfEmpty(v.SSLSupportMethod)}
		switch {
		case v.CloudFrontDefaultCertificate:
			cert["CloudFrontDefaultCertificate"], cert["CertificateSource"] = true, "cloudfront"
		case v.ACMCertificateARN != "":
			cert["ACMCertificateArn"], cert["Certificate"], cert["CertificateSource"] = v.ACMCertificateARN, v.ACMCertificateARN, "acm"
		case v.IAMCertificateID != "":
			cert["IAMCertificateId"], cert["Certificate"], cert["CertificateSource"] = v.IAMCertificateID, v.IAMCertificateID, "iam"
		}
		out["ViewerCertificate"] = cert
	}
	// Logging is always in the configuration; off, it is disabled and empty.
	logging := M{"Enabled": false, "IncludeCookies": false, "Bucket": "", "Prefix": ""}
	if l := d.Logging; l != nil {
		logging = M{"Enabled": l.Enabled, "IncludeCookies": false, "Bucket": l.Bucket, "Prefix": l.Prefix}
	}
	out["Logging"] = logging
	return out
}
