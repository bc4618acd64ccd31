// Package s3 collects an account's S3 buckets (AWS::S3::Bucket) with their
// security settings, and the account's own Block Public Access settings
// (AWS::S3::AccountPublicAccessBlock, through S3 Control).
//
// S3 is global for listing: ListBuckets returns every bucket of the account
// from one endpoint. A bucket's settings, though, must be read in the
// bucket's home region (S3 answers other regions with a redirect), so the
// collector asks GetBucketLocation first and keeps one client per region.
package s3

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	bucketType       = "AWS::S3::Bucket"
	accountBlockType = "AWS::S3::AccountPublicAccessBlock"
)

// Service is the S3 collector.
var Service = collect.Service{
	Name:    "s3",
	Global:  true,
	Types:   []string{bucketType, accountBlockType},
	Collect: collectS3,
	// IAM actions: several differ from the API names (ListBuckets is
	// s3:ListAllMyBuckets, GetBucketEncryption s3:GetEncryptionConfiguration,
	// S3 Control's GetPublicAccessBlock s3:GetAccountPublicAccessBlock).
	Operations: []string{
		"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketPolicyStatus",
		"s3:GetBucketAcl", "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration",
		"s3:GetBucketVersioning", "s3:GetBucketLogging", "s3:GetBucketObjectLockConfiguration",
		"s3:GetBucketTagging", "s3:GetAccountPublicAccessBlock",
	},
}

// bucketWorkers bounds how many buckets are read at once in an account:
// each takes about ten calls, and accounts with hundreds of buckets are
// common.
const bucketWorkers = 8

func collectS3(ctx context.Context, s *collect.Scope) {
	collectAccountBlock(ctx, s)
	collectBuckets(ctx, s)
}

func collectBuckets(ctx context.Context, s *collect.Scope) {
	global := newClient(s.Config, s.Config.Region)
	type listed struct {
		name, region string
		entry        *inventory.S3Bucket
	}
	var all []listed
	pages := s3.NewListBucketsPaginator(global, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(bucketType, "s3:ListBuckets", err)
			return
		}
		for _, b := range page.Buckets {
			name := aws.ToString(b.Name)
			bucket := &inventory.S3Bucket{
				Meta:         s.Meta("s3:ListBuckets", name, "arn:"+partition(s)+":s3:::"+name, name),
				CreationDate: aws.ToTime(b.CreationDate),
			}
			all = append(all, listed{name: name, region: aws.ToString(b.BucketRegion), entry: bucket})
		}
	}
	if len(all) == 0 {
		return
	}

	clients := &regionalClients{cfg: s.Config, byRegion: map[string]*s3.Client{s.Config.Region: global}}
	out := make([]*inventory.S3Bucket, len(all))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(bucketWorkers, len(all)) {
		wg.Go(func() {
			for i := range next {
				l := all[i]
				readBucket(ctx, global, clients, l.entry, l.region)
				out[i] = l.entry
			}
		})
	}
	for i := range all {
		next <- i
	}
	close(next)
	wg.Wait()
	s.Account.Resources.S3Buckets = out
}

// regionalClients keeps one S3 client per region.
type regionalClients struct {
	cfg      aws.Config
	mu       sync.Mutex
	byRegion map[string]*s3.Client
}

func (c *regionalClients) get(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.byRegion[region]; ok {
		return cl
	}
	cl := newClient(c.cfg, region)
	c.byRegion[region] = cl
	return cl
}

func newClient(cfg aws.Config, region string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.Region = region
		// A custom endpoint (a test double, LocalStack) cannot take bucket
		// names as host labels.
		o.UsePathStyle = cfg.BaseEndpoint != nil
	})
}

// readBucket finds the bucket's region, then reads each setting there. A
// setting that cannot be read stays nil (unknown); a 404 that means "not
// configured" is a known none (and, through collect.Expect, not a failed
// call in the statistics).
func readBucket(ctx context.Context, global *s3.Client, clients *regionalClients, b *inventory.S3Bucket, listedRegion string) {
	name := aws.String(b.Name)
	loc, err := global.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: name})
	switch {
	case err == nil:
		b.Region = bucketRegion(string(loc.LocationConstraint))
	case listedRegion != "":
		// ListBuckets names the region too nowadays; use it when
		// GetBucketLocation is refused.
		b.Region = listedRegion
	default:
		b.Unread = append(b.Unread, "region", "policy", "tags")
		return
	}
	c := clients.get(b.Region)

	pol, err := c.GetBucketPolicy(collect.Expect(ctx, "NoSuchBucketPolicy"), &s3.GetBucketPolicyInput{Bucket: name})
	switch {
	case err == nil:
		b.Policy = aws.ToString(pol.Policy)
	case !collect.IsCode(err, "NoSuchBucketPolicy"):
		b.Unread = append(b.Unread, "policy")
	}

	status, err := c.GetBucketPolicyStatus(collect.Expect(ctx, "NoSuchBucketPolicy"), &s3.GetBucketPolicyStatusInput{Bucket: name})
	switch {
	case err == nil && status.PolicyStatus != nil:
		b.PolicyIsPublic = aws.Bool(aws.ToBool(status.PolicyStatus.IsPublic))
	case collect.IsCode(err, "NoSuchBucketPolicy"):
		b.PolicyIsPublic = aws.Bool(false) // no policy: nothing public through one
	}

	if acl, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: name}); err == nil {
		b.ACL = convertACL(acl)
	}

	pab, err := c.GetPublicAccessBlock(collect.Expect(ctx, "NoSuchPublicAccessBlockConfiguration"), &s3.GetPublicAccessBlockInput{Bucket: name})
	switch {
	case err == nil && pab.PublicAccessBlockConfiguration != nil:
		p := pab.PublicAccessBlockConfiguration
		b.PublicAccessBlock = &inventory.S3PublicAccessBlock{Configured: true,
			BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}
	case collect.IsCode(err, "NoSuchPublicAccessBlockConfiguration"):
		b.PublicAccessBlock = &inventory.S3PublicAccessBlock{}
	}

	enc, err := c.GetBucketEncryption(collect.Expect(ctx, "ServerSideEncryptionConfigurationNotFoundError"), &s3.GetBucketEncryptionInput{Bucket: name})
	switch {
	case err == nil:
		b.Encryption = &inventory.S3Encryption{}
		if cfg := enc.ServerSideEncryptionConfiguration; cfg != nil && len(cfg.Rules) > 0 {
			rule := cfg.Rules[0] // S3 allows one rule
			if d := rule.ApplyServerSideEncryptionByDefault; d != nil {
				b.Encryption.SSEAlgorithm = string(d.SSEAlgorithm)
				b.Encryption.KMSMasterKeyID = aws.ToString(d.KMSMasterKeyID)
			}
			b.Encryption.BucketKeyEnabled = aws.ToBool(rule.BucketKeyEnabled)
		}
	case collect.IsCode(err, "ServerSideEncryptionConfigurationNotFoundError"):
		b.Encryption = &inventory.S3Encryption{} // before 2023 buckets could have none
	}

	if v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: name}); err == nil {
		b.Versioning = &inventory.S3Versioning{Status: string(v.Status), MFADelete: string(v.MFADelete)}
	}

	if l, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: name}); err == nil {
		b.Logging = &inventory.S3Logging{}
		if e := l.LoggingEnabled; e != nil {
			b.Logging.TargetBucket, b.Logging.TargetPrefix = aws.ToString(e.TargetBucket), aws.ToString(e.TargetPrefix)
		}
	}

	lock, err := c.GetObjectLockConfiguration(collect.Expect(ctx, "ObjectLockConfigurationNotFoundError"), &s3.GetObjectLockConfigurationInput{Bucket: name})
	switch {
	case err == nil:
		b.ObjectLock = &inventory.S3ObjectLock{}
		if cfg := lock.ObjectLockConfiguration; cfg != nil {
			b.ObjectLock.Enabled = cfg.ObjectLockEnabled == "Enabled"
			if cfg.Rule != nil && cfg.Rule.DefaultRetention != nil {
				r := cfg.Rule.DefaultRetention
				b.ObjectLock.Mode = string(r.Mode)
				b.ObjectLock.Days, b.ObjectLock.Years = int(aws.ToInt32(r.Days)), int(aws.ToInt32(r.Years))
			}
		}
	case collect.IsCode(err, "ObjectLockConfigurationNotFoundError"):
		b.ObjectLock = &inventory.S3ObjectLock{}
	}

	tags, err := c.GetBucketTagging(collect.Expect(ctx, "NoSuchTagSet"), &s3.GetBucketTaggingInput{Bucket: name})
	switch {
	case err == nil && len(tags.TagSet) > 0:
		b.Tags = map[string]string{}
		for _, t := range tags.TagSet {
			b.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	case err != nil && !collect.IsCode(err, "NoSuchTagSet"):
		b.Unread = append(b.Unread, "tags")
	}
}

// bucketRegion maps a LocationConstraint to a region: us-east-1 buckets
// have none, and the oldest eu-west-1 buckets say "EU".
func bucketRegion(constraint string) string {
	switch constraint {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return constraint
}

func convertACL(out *s3.GetBucketAclOutput) *inventory.S3ACL {
	acl := &inventory.S3ACL{}
	if out.Owner != nil {
		acl.Owner = aws.ToString(out.Owner.ID)
	}
	for _, g := range out.Grants {
		grant := inventory.S3Grant{Permission: string(g.Permission)}
		if e := g.Grantee; e != nil {
			grant.GranteeType = string(e.Type)
			grant.URI, grant.ID = aws.ToString(e.URI), aws.ToString(e.ID)
			grant.DisplayName, grant.EmailAddress = aws.ToString(e.DisplayName), aws.ToString(e.EmailAddress)
		}
		acl.Grants = append(acl.Grants, grant)
	}
	return acl
}

// collectAccountBlock reads the account-wide Block Public Access settings
// through S3 Control. Without a configuration every flag is off: that is a
// known state, not a failure.
func collectAccountBlock(ctx context.Context, s *collect.Scope) {
	client := s3control.NewFromConfig(s.Config, func(o *s3control.Options) {
		if s.Config.BaseEndpoint != nil && literalHost(*s.Config.BaseEndpoint) {
			o.EndpointResolverV2 = noAccountPrefix{s3control.NewDefaultEndpointResolverV2()}
		}
	})
	id := s.AccountID()
	block := &inventory.S3AccountPublicAccessBlock{
		Meta: s.Meta("s3control:GetPublicAccessBlock", id, "arn:"+partition(s)+":s3:::"+id+"/public-access-block", ""),
	}
	out, err := client.GetPublicAccessBlock(collect.Expect(ctx, "NoSuchPublicAccessBlockConfiguration"), &s3control.GetPublicAccessBlockInput{AccountId: aws.String(id)})
	switch {
	case err == nil && out.PublicAccessBlockConfiguration != nil:
		p := out.PublicAccessBlockConfiguration
		block.S3PublicAccessBlock = inventory.S3PublicAccessBlock{Configured: true,
			BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}
	case err == nil, collect.IsCode(err, "NoSuchPublicAccessBlockConfiguration"):
		// not configured: every flag off
	default:
		s.Gap(accountBlockType, "s3control:GetPublicAccessBlock", err)
		return
	}
	s.Account.Resources.S3AccountPublicAccessBlock = block
}

// noAccountPrefix undoes S3 Control's account-id host prefix. With a custom
// endpoint the endpoint rules still address https://{AccountId}.{endpoint}
// (the account id also travels in the x-amz-account-id header), which
// cannot work when the endpoint is an IP address (a loopback test double,
// a local emulator): no name resolves under an IP literal.
type noAccountPrefix struct{ s3control.EndpointResolverV2 }

func (r noAccountPrefix) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.EndpointResolverV2.ResolveEndpoint(ctx, p)
	if err == nil && p.AccountId != nil {
		ep.URI.Host = strings.TrimPrefix(ep.URI.Host, *p.AccountId+".")
	}
	return ep, err
}

// literalHost reports whether an endpoint's host is an IP address or
// localhost, which cannot take a host prefix.
func literalHost(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || net.ParseIP(h) != nil
}

func partition(s *collect.Scope) string {
	if s.Account.Partition != "" {
		return s.Account.Partition
	}
	return "aws"
}
