package configsnap

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/awssec/awssec/inventory"
)

// ParseS3URL splits "s3://bucket/prefix" into bucket and prefix.
func ParseS3URL(url string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(url, "s3://")
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !ok || bucket == "" || strings.ContainsAny(bucket, " \t") {
		return "", "", fmt.Errorf("%q is not an S3 URL (s3://bucket/prefix)", url)
	}
	return bucket, prefix, nil
}

// ReadS3 reads every .json and .json.gz object under an s3://bucket/prefix
// URL, one object at a time, in key order, as Read reads files.
func ReadS3(ctx context.Context, cfg aws.Config, url string) (*inventory.Estate, error) {
	bucket, prefix, err := ParseS3URL(url)
	if err != nil {
		return nil, err
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = cfg.BaseEndpoint != nil })
	b := newBuilder(CallSnapshot)
	found := 0
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("s3://%s/%s: s3:ListObjectsV2: %w", bucket, prefix, err)
		}
		for _, obj := range page.Contents {
			key := aws.ToString(obj.Key)
			if !isSnapshotName(key) {
				continue
			}
			found++
			if err := readObject(ctx, b, client, bucket, key); err != nil {
				return nil, err
			}
		}
	}
	if found == 0 {
		return nil, fmt.Errorf("%s: no .json or .json.gz object", url)
	}
	return b.estate(), nil
}

func readObject(ctx context.Context, b *builder, client *s3.Client, bucket, key string) error {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("s3://%s/%s: s3:GetObject: %w", bucket, key, err)
	}
	defer out.Body.Close()
	name := key[strings.LastIndexByte(key, '/')+1:]
	if m := snapshotName.FindStringSubmatch(name); m != nil {
		b.region(b.account(m[1]), m[2])
	}
	return readStream(b, out.Body, name, readSnapshot)
}

// aggregatorQuery selects what the mapping reads of every resource.
const aggregatorQuery = "SELECT resourceId, resourceName, resourceType, accountId, awsRegion, arn, " +
	"availabilityZone, configurationItemCaptureTime, configurationItemStatus, tags, configuration, supplementaryConfiguration"

// Query runs an advanced query on an organization (or multi-account)
// aggregator and reads its results: every resource the aggregator holds, in
// one estate across its accounts and regions.
func Query(ctx context.Context, cfg aws.Config, aggregator string) (*inventory.Estate, error) {
	client := configservice.NewFromConfig(cfg)
	pr, pw := io.Pipe()
	go func() {
		pages := configservice.NewSelectAggregateResourceConfigPaginator(client, &configservice.SelectAggregateResourceConfigInput{
			ConfigurationAggregatorName: aws.String(aggregator), Expression: aws.String(aggregatorQuery), Limit: 100})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				pw.CloseWithError(fmt.Errorf("config:SelectAggregateResourceConfig on %s: %w", aggregator, err))
				return
			}
			for _, r := range page.Results {
				if _, err := io.WriteString(pw, r+"\n"); err != nil {
					return
				}
			}
		}
		pw.Close()
	}()
	e, err := ReadQueryResults(pr, "aggregator "+aggregator)
	pr.CloseWithError(io.ErrClosedPipe) // stop the producer if reading stopped early
	return e, err
}
