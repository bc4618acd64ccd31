// Package cloudfront collects CloudFront distributions
// (AWS::CloudFront::Distribution), a global resource: their viewer
// certificate, cache behaviours, origins, web ACL, logging and geographic
// restriction.
package cloudfront

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const distributionType = "AWS::CloudFront::Distribution"

// Service is the CloudFront collector.
var Service = collect.Service{
	Name:       "cloudfront",
	Global:     true,
	Types:      []string{distributionType},
	Collect:    collectDistributions,
	Operations: []string{"cloudfront:ListDistributions", "cloudfront:GetDistributionConfig"},
}

func collectDistributions(ctx context.Context, s *collect.Scope) {
	client := cloudfront.NewFromConfig(s.Config)
	var dists []*inventory.CloudFrontDistribution
	pages := cloudfront.NewListDistributionsPaginator(client, &cloudfront.ListDistributionsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(distributionType, "cloudfront:ListDistributions", err)
			return
		}
		if page.DistributionList == nil {
			continue
		}
		for i := range page.DistributionList.Items {
			dists = append(dists, distribution(ctx, s, client, &page.DistributionList.Items[i]))
		}
	}
	s.Account.Resources.CloudFrontDistributions = dists
}

// distribution reads a distribution's configuration. The summary has all
// of it but the logging configuration: when GetDistributionConfig fails,
// the distribution is kept from its summary with logging unknown.
func distribution(ctx context.Context, s *collect.Scope, client *cloudfront.Client, sum *types.DistributionSummary) *inventory.CloudFrontDistribution {
	id := aws.ToString(sum.Id)
	// A distribution has no name; its comment is the label people give it.
	d := &inventory.CloudFrontDistribution{
		Meta:             s.Meta("cloudfront:GetDistributionConfig", id, aws.ToString(sum.ARN), aws.ToString(sum.Comment)),
		DomainName:       aws.ToString(sum.DomainName),
		LastModifiedTime: aws.ToTime(sum.LastModifiedTime),
	}
	out, err := client.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: sum.Id})
	if err != nil || out.DistributionConfig == nil {
		d.Source.Call = "cloudfront:ListDistributions"
		d.Unread = append(d.Unread, "logging")
		fill(d, config{sum.Enabled, sum.Aliases, sum.DefaultCacheBehavior, sum.CacheBehaviors, sum.ViewerCertificate,
			sum.Origins, sum.WebACLId, sum.Restrictions, sum.PriceClass})
		return d
	}
	c := out.DistributionConfig
	d.Name = aws.ToString(c.Comment)
	fill(d, config{c.Enabled, c.Aliases, c.DefaultCacheBehavior, c.CacheBehaviors, c.ViewerCertificate,
		c.Origins, c.WebACLId, c.Restrictions, c.PriceClass})
	if l := c.Logging; l != nil && aws.ToBool(l.Enabled) {
		d.Logging = &inventory.CloudFrontLogging{Enabled: true, Bucket: aws.ToString(l.Bucket), Prefix: aws.ToString(l.Prefix)}
	}
	return d
}

// config is what a DistributionSummary and a DistributionConfig share.
type config struct {
	enabled         *bool
	aliases         *types.Aliases
	defaultBehavior *types.DefaultCacheBehavior
	behaviors       *types.CacheBehaviors
	cert            *types.ViewerCertificate
	origins         *types.Origins
	webACLID        *string
	restrictions    *types.Restrictions
	priceClass      types.PriceClass
}

func fill(d *inventory.CloudFrontDistribution, c config) {
	d.Enabled = aws.ToBool(c.enabled)
	d.WebACLID = aws.ToString(c.webACLID)
	d.PriceClass = string(c.priceClass)
	if c.aliases != nil {
		d.Aliases = orNil(c.aliases.Items)
	}
	if b := c.defaultBehavior; b != nil {
		d.DefaultCacheBehavior = inventory.CloudFrontCacheBehavior{TargetOriginID: aws.ToString(b.TargetOriginId),
			ViewerProtocolPolicy: string(b.ViewerProtocolPolicy), FieldLevelEncryptionID: aws.ToString(b.FieldLevelEncryptionId)}
	}
	if c.behaviors != nil {
		for _, b := range c.behaviors.Items {
			d.CacheBehaviors = append(d.CacheBehaviors, inventory.CloudFrontCacheBehavior{PathPattern: aws.ToString(b.PathPattern),
				TargetOriginID: aws.ToString(b.TargetOriginId), ViewerProtocolPolicy: string(b.ViewerProtocolPolicy),
				FieldLevelEncryptionID: aws.ToString(b.FieldLevelEncryptionId)})
		}
	}
	if v := c.cert; v != nil {
		d.ViewerCertificate = &inventory.CloudFrontViewerCertificate{
			CloudFrontDefaultCertificate: aws.ToBool(v.CloudFrontDefaultCertificate),
			ACMCertificateARN:            aws.ToString(v.ACMCertificateArn),
			IAMCertificateID:             aws.ToString(v.IAMCertificateId),
			MinimumProtocolVersion:       string(v.MinimumProtocolVersion),
			SSLSupportMethod:             string(v.SSLSupportMethod),
		}
	}
	if c.origins != nil {
		for _, o := range c.origins.Items {
			d.Origins = append(d.Origins, origin(o))
		}
	}
	if r := c.restrictions; r != nil && r.GeoRestriction != nil {
		d.GeoRestriction = inventory.CloudFrontGeoRestriction{RestrictionType: string(r.GeoRestriction.RestrictionType),
			Locations: orNil(r.GeoRestriction.Items)}
	}
}

func origin(o types.Origin) inventory.CloudFrontOrigin {
	out := inventory.CloudFrontOrigin{ID: aws.ToString(o.Id), DomainName: aws.ToString(o.DomainName), OriginPath: aws.ToString(o.OriginPath),
		OriginAccessControlID: aws.ToString(o.OriginAccessControlId)}
	if o.S3OriginConfig != nil {
		out.S3OriginConfig = &inventory.CloudFrontS3Origin{OriginAccessIdentity: aws.ToString(o.S3OriginConfig.OriginAccessIdentity)}
	}
	if c := o.CustomOriginConfig; c != nil {
		out.CustomOriginConfig = &inventory.CloudFrontCustomOrigin{HTTPPort: int(aws.ToInt32(c.HTTPPort)), HTTPSPort: int(aws.ToInt32(c.HTTPSPort)),
			OriginProtocolPolicy: string(c.OriginProtocolPolicy)}
		if c.OriginSslProtocols != nil {
			for _, p := range c.OriginSslProtocols.Items {
				out.CustomOriginConfig.OriginSSLProtocols = append(out.CustomOriginConfig.OriginSSLProtocols, string(p))
			}
		}
	}
	return out
}

// orNil is nil for an empty list: the inventory holds no empty attribute lists.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
