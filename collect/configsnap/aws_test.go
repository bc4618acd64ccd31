package configsnap

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// TestReadS3 serves the fixture snapshots from the S3 double and reads them
// through the real S3 client: the estate equals reading the files.
func TestReadS3(t *testing.T) {
	srv := awstest.New(t)
	srv.PageSize = 1 // one object per ListObjectsV2 page
	root := filepath.Join("testdata", "estate")
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		srv.PutObject("config-bucket", "org/"+filepath.ToSlash(rel), data, nil)
		files = append(files, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.PutObject("config-bucket", "org/README.txt", []byte("not a snapshot"), nil)
	want, err := Read(files)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadS3(awstest.Context(t), srv.Config(t, "111122223333"), "s3://config-bucket/org/")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("estate from S3 differs from the files (-files +s3):\n%s", diff)
	}
	if _, err := ReadS3(awstest.Context(t), srv.Config(t, "111122223333"), "s3://config-bucket/nothing-here/"); err == nil ||
		!strings.Contains(err.Error(), "no .json or .json.gz object") {
		t.Errorf("empty prefix: got %v", err)
	}
	if _, err := ReadS3(awstest.Context(t), srv.Config(t, "111122223333"), "s3://no-such-bucket/x"); err == nil ||
		!strings.Contains(err.Error(), "NoSuchBucket") {
		t.Errorf("missing bucket: got %v", err)
	}
}

func TestParseS3URL(t *testing.T) {
	for url, want := range map[string]string{
		"s3://b/p/q": "b|p/q", "s3://b": "b|", "s3://b/": "b|",
		"https://b/p": "error", "s3:///p": "error", "b/p": "error",
	} {
		b, p, err := ParseS3URL(url)
		got := b + "|" + p
		if err != nil {
			got = "error"
		}
		if got != want {
			t.Errorf("ParseS3URL(%q) = %s, want %s", url, got, want)
		}
	}
}

// TestQuery runs an aggregator query through the real Config client: the
// estate equals reading the CLI's saved output of the same query.
func TestQuery(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "query", "select-page1.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The file holds the CLI's pages one after another.
	var results []string
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var page struct{ Results []string }
		if err := dec.Decode(&page); err != nil {
			t.Fatal(err)
		}
		results = append(results, page.Results...)
	}
	srv := awstest.New(t)
	srv.PageSize = 1
	srv.SetQueryResults("org-agg", results)
	want, err := ReadQueryResults(bytes.NewReader(data), "aggregator org-agg")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Query(awstest.Context(t), srv.Config(t, "111122223333"), "org-agg")
	if err != nil {
		t.Fatal(err)
	}
	// These results carry no capture time, so each read is stamped with
	// the time it was made: the two may fall in different seconds.
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(inventory.Estate{}, "CollectedAt")); diff != "" {
		t.Errorf("estate from the query differs (-saved +queried):\n%s", diff)
	}
	if _, err := Query(awstest.Context(t), srv.Config(t, "111122223333"), "nope"); err == nil ||
		!strings.Contains(err.Error(), "NoSuchConfigurationAggregatorException") {
		t.Errorf("unknown aggregator: got %v", err)
	}
}
