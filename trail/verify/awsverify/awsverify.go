// Package awsverify is what `awssec trail verify` and `trail download` read
// from AWS with the SDK: S3 objects with their metadata (the digest
// signatures) and delimiter listings, CloudTrail's public keys, the trail
// behind an ARN; and the local copy that offline verification reads.
package awsverify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/digest"
)

// S3Store reads buckets with the S3 API, each through a client of the
// bucket's own region.
type S3Store struct {
	cfg aws.Config

	mu      sync.Mutex
	clients map[string]*s3.Client // bucket → client
}

// NewS3Store returns a store that signs with cfg. Its HTTP client keeps
// as many idle connections per host as verification has requests in
// flight, so that parallel GETs reuse connections instead of opening one
// each (the SDK's default keeps 10).
func NewS3Store(cfg aws.Config) *S3Store {
	if bc, ok := cfg.HTTPClient.(*awshttp.BuildableClient); ok {
		cfg.HTTPClient = bc.WithTransportOptions(func(tr *http.Transport) {
			tr.MaxIdleConns = max(tr.MaxIdleConns, 256)
			tr.MaxIdleConnsPerHost = max(tr.MaxIdleConnsPerHost, 128)
		})
	}
	return &S3Store{cfg: cfg, clients: map[string]*s3.Client{}}
}

func (s *S3Store) newClient(region string) *s3.Client {
	return s3.NewFromConfig(s.cfg, func(o *s3.Options) {
		o.Region = region
		o.UsePathStyle = s.cfg.BaseEndpoint != nil // emulators serve path-style
		// The SHA-256 of every log file is checked against its digest:
		// S3's own response checksums add nothing to that.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
}

// client returns a client for the bucket's region (GetBucketLocation);
// when the location cannot be read, the configured region is used.
func (s *S3Store) client(ctx context.Context, bucket string) *s3.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clients[bucket]; c != nil {
		return c
	}
	region := s.cfg.Region
	out, err := s.newClient(s.cfg.Region).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if err == nil {
		switch region = string(out.LocationConstraint); region {
		case "":
			region = "us-east-1"
		case "EU":
			region = "eu-west-1"
		}
	}
	c := s.newClient(region)
	s.clients[bucket] = c
	return c
}

// List lists one level below dir with the delimiter "/".
func (s *S3Store) List(ctx context.Context, bucket, dir string) (keys, dirs []string, err error) {
	p := s3.NewListObjectsV2Paginator(s.client(ctx, bucket), &s3.ListObjectsV2Input{
		Bucket: aws.String(bucket), Prefix: aws.String(dir), Delimiter: aws.String("/")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
		for _, c := range page.CommonPrefixes {
			dirs = append(dirs, aws.ToString(c.Prefix))
		}
	}
	return keys, dirs, nil
}

// Get opens an object with its user metadata.
func (s *S3Store) Get(ctx context.Context, bucket, key string) (*verify.Object, error) {
	out, err := s.client(ctx, bucket).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		var nsk *s3types.NoSuchKey
		var ae smithy.APIError
		if errors.As(err, &nsk) || (errors.As(err, &ae) && ae.ErrorCode() == "NoSuchKey") {
			return nil, verify.ErrNotFound
		}
		return nil, err
	}
	return &verify.Object{Body: out.Body, Metadata: out.Metadata}, nil
}

// Versions lists the versions of one object, newest first, delete
// markers left out (ListObjectVersions; an error when versioning cannot
// be read).
func (s *S3Store) Versions(ctx context.Context, bucket, key string) ([]string, error) {
	p := s3.NewListObjectVersionsPaginator(s.client(ctx, bucket), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	var ids []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range page.Versions {
			if aws.ToString(v.Key) == key && aws.ToString(v.VersionId) != "" && aws.ToString(v.VersionId) != "null" {
				ids = append(ids, aws.ToString(v.VersionId))
			}
		}
	}
	return ids, nil
}

// GetVersion opens one version of an object.
func (s *S3Store) GetVersion(ctx context.Context, bucket, key, version string) (*verify.Object, error) {
	out, err := s.client(ctx, bucket).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: aws.String(version)})
	if err != nil {
		return nil, err
	}
	return &verify.Object{Body: out.Body, Metadata: out.Metadata}, nil
}

// PublicKeys returns CloudTrail's digest-signing keys of a region
// (ListPublicKeys, called in that region).
func PublicKeys(cfg aws.Config) verify.KeySource {
	return func(ctx context.Context, region string, start, end time.Time) ([]verify.PublicKey, error) {
		entries, err := publicKeyEntries(ctx, cfg, region, start, end)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return nil, nil
		}
		data, _ := json.Marshal(verify.KeyFile{PublicKeyList: entries})
		return verify.ReadKeyFile("cloudtrail:ListPublicKeys in "+region, data)
	}
}

func publicKeyEntries(ctx context.Context, cfg aws.Config, region string, start, end time.Time) ([]verify.KeyEntry, error) {
	c := cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.Region = region })
	in := &cloudtrail.ListPublicKeysInput{StartTime: aws.Time(start), EndTime: aws.Time(end)}
	var out []verify.KeyEntry
	for {
		page, err := c.ListPublicKeys(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, k := range page.PublicKeyList {
			_, der, err := digest.ParsePublicKey(k.Value)
			if err != nil {
				return nil, fmt.Errorf("public key %s: %w", aws.ToString(k.Fingerprint), err)
			}
			e := verify.EntryOf(region, der, aws.ToTime(k.ValidityStartTime), aws.ToTime(k.ValidityEndTime))
			e.Fingerprint = aws.ToString(k.Fingerprint) // as AWS names it; ReadKeyFile checks it
			out = append(out, e)
		}
		if aws.ToString(page.NextToken) == "" {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Trail is where a trail delivers.
type Trail struct {
	Name, HomeRegion, Account string
	Bucket, Prefix            string
	Organization              bool
	OrgID                     string // organization trails
}

// FindTrail looks a trail up by ARN (DescribeTrails in its home region)
// and, for an organization trail, reads the organization id.
func FindTrail(ctx context.Context, cfg aws.Config, arn string) (*Trail, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "cloudtrail" || !strings.HasPrefix(parts[5], "trail/") {
		return nil, fmt.Errorf("%q is not a trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)", arn)
	}
	t := &Trail{Name: strings.TrimPrefix(parts[5], "trail/"), HomeRegion: parts[3], Account: parts[4]}
	c := cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.Region = t.HomeRegion })
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{arn}})
	if err != nil {
		return nil, err
	}
	for _, tr := range out.TrailList {
		if aws.ToString(tr.TrailARN) != arn {
			continue
		}
		t.Bucket, t.Prefix = aws.ToString(tr.S3BucketName), strings.Trim(aws.ToString(tr.S3KeyPrefix), "/")
		if t.Organization = aws.ToBool(tr.IsOrganizationTrail); t.Organization {
			org, err := organizations.NewFromConfig(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
			if err != nil {
				return nil, fmt.Errorf("organization trail: %w", err)
			}
			t.OrgID = aws.ToString(org.Organization.Id)
		}
		return t, nil
	}
	return nil, fmt.Errorf("no trail %s", arn)
}

// DownloadOptions say what to copy.
type DownloadOptions struct {
	Bucket, Prefix    string
	Start, End        time.Time
	Accounts, Regions []string
	Concurrency       int
	Dir               string
}

// Download copies what verification of the same range reads: the digests
// ending in [Start, End+1h] and the one before each, every log file of
// the days they cover, and the regions' public keys. The copy is laid out
// as <dir>/<bucket>/<key>, each object's user metadata (a digest's
// signature) in <key>.metadata.json, the keys in <dir>/public-keys.json.
// It returns how many objects it wrote.
func Download(ctx context.Context, cfg aws.Config, store *S3Store, opts DownloadOptions) (int, error) {
	rec := &recorder{S3Store: store, dir: opts.Dir, sem: make(chan struct{}, max(opts.Concurrency, 1)),
		regions: map[string]bool{}, digests: map[string][]byte{}}
	noKeys := func(_ context.Context, region string, _, _ time.Time) ([]verify.PublicKey, error) {
		rec.mu.Lock()
		rec.regions[region] = true
		rec.mu.Unlock()
		return nil, nil // nothing is judged during a copy
	}
	// A verification walk reads what verification reads; the recorder
	// saves every object on the way.
	if _, err := verify.Run(ctx, rec, verify.Options{Bucket: opts.Bucket, Prefix: opts.Prefix, Start: opts.Start, End: opts.End,
		Accounts: opts.Accounts, Regions: opts.Regions, Keys: noKeys, Concurrency: opts.Concurrency}); err != nil {
		return rec.n, err
	}
	if err := rec.copyPrevious(ctx); err != nil {
		return rec.n, err
	}
	all := []verify.KeyEntry{}
	for region := range rec.regions {
		entries, err := publicKeyEntries(ctx, cfg, region, opts.Start.Add(-2*time.Hour), opts.End.Add(2*time.Hour))
		if err != nil {
			return rec.n, fmt.Errorf("public keys of %s: %w", region, err)
		}
		all = append(all, entries...)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return rec.n, err
	}
	data, _ := json.Marshal(verify.KeyFile{PublicKeyList: all}, json.Deterministic(true))
	return rec.n, os.WriteFile(filepath.Join(opts.Dir, verify.KeysFile), data, 0o644)
}
