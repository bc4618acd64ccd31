package awstest_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/awstest"
)

// TestObjectListingAndVersions: delimiter listings page over keys and
// common prefixes alike; an overwritten or deleted object keeps its
// versions.
func TestObjectListingAndVersions(t *testing.T) {
	srv := awstest.New(t)
	srv.PageSize = 2
	for _, k := range []string{"a/1", "a/2", "b/x/1", "c", "d/1", "e"} {
		srv.PutObject("bk", k, []byte(k), map[string]string{"Signature": "ab"})
	}
	srv.PutObject("bk", "c", []byte("c2"), nil)
	srv.DeleteObject("bk", "e")
	c := s3.NewFromConfig(srv.Config(t, "111122223333"), func(o *s3.Options) { o.UsePathStyle = true })
	ctx := awstest.Context(t)
	var keys, dirs []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String("bk"), Delimiter: aws.String("/")})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range page.Contents {
			keys = append(keys, *o.Key)
		}
		for _, d := range page.CommonPrefixes {
			dirs = append(dirs, *d.Prefix)
		}
	}
	if diff := cmp.Diff([]string{"c"}, keys); diff != "" || pages != 2 {
		t.Errorf("keys (-want +got) in %d pages:\n%s", pages, diff)
	}
	if diff := cmp.Diff([]string{"a/", "b/", "d/"}, dirs); diff != "" {
		t.Errorf("prefixes (-want +got):\n%s", diff)
	}
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bk"), Key: aws.String("a/1")})
	if err != nil || out.Metadata["signature"] != "ab" {
		t.Errorf("metadata %v, %v", out.Metadata, err)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bk"), Key: aws.String("e")})
	var nsk *s3types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("deleted object: %v", err)
	}
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("bk"), Prefix: aws.String("c")})
	if err != nil || len(vs.Versions) != 2 || *vs.Versions[1].VersionId != "awstest-v1" || !*vs.Versions[0].IsLatest {
		t.Fatalf("versions of c: %+v, %v", vs, err)
	}
	old, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bk"), Key: aws.String("c"), VersionId: aws.String("awstest-v1")})
	if err != nil || *old.VersionId != "awstest-v1" {
		t.Errorf("old version: %v", err)
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("bk"), Key: aws.String("a/2")}); err != nil {
		t.Errorf("HeadObject: %v", err)
	}
}
