package awsverify

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/digest"
)

// recorder is a Store that writes a local copy of every object it reads,
// and copies every log file of the days it lists.
type recorder struct {
	*S3Store
	dir string
	sem chan struct{} // bounds the log files copied at once

	mu      sync.Mutex
	n       int
	regions map[string]bool
	digests map[string][]byte // "bucket\x00key" → gzipped digest
}

// List lists and copies the log files listed (verification lists them
// to find the uncovered ones).
func (r *recorder) List(ctx context.Context, bucket, dir string) ([]string, []string, error) {
	keys, dirs, err := r.S3Store.List(ctx, bucket, dir)
	if err != nil {
		return nil, nil, err
	}
	var (
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	for _, k := range keys {
		if strings.Contains(k, "/CloudTrail-Digest/") {
			continue
		}
		r.sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-r.sem }()
			if err := r.copy(ctx, bucket, k); err != nil {
				errMu.Lock()
				first = cmp.Or(first, err)
				errMu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != nil {
		return nil, nil, first
	}
	return keys, dirs, nil
}

// Get reads an object and writes it to the copy with its metadata.
func (r *recorder) Get(ctx context.Context, bucket, key string) (*verify.Object, error) {
	obj, err := r.S3Store.Get(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	defer obj.Body.Close()
	data, err := io.ReadAll(obj.Body)
	if err != nil {
		return nil, err
	}
	if err := r.write(bucket, key, data, obj.Metadata); err != nil {
		return nil, err
	}
	if strings.Contains(key, "/CloudTrail-Digest/") {
		r.mu.Lock()
		r.digests[bucket+"\x00"+key] = data
		r.mu.Unlock()
	}
	return &verify.Object{Body: io.NopCloser(bytes.NewReader(data)), Metadata: obj.Metadata}, nil
}

func (r *recorder) copy(ctx context.Context, bucket, key string) error {
	p, err := verify.DirStore{Root: r.dir}.Path(bucket, key)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil // already copied
	}
	obj, err := r.Get(ctx, bucket, key)
	if err != nil {
		return fmt.Errorf("s3://%s/%s: %w", bucket, key, err)
	}
	return obj.Body.Close()
}

// copyPrevious copies the digest before each copied one when it is not in
// the copy yet, so that offline verification can check the first link.
func (r *recorder) copyPrevious(ctx context.Context) error {
	r.mu.Lock()
	var datas [][]byte
	for _, d := range r.digests {
		datas = append(datas, d)
	}
	r.mu.Unlock()
	for _, data := range datas {
		d, _, err := digest.Parse("digest", data)
		if err != nil || d.PreviousDigestS3Bucket == nil || d.PreviousDigestS3Object == nil {
			continue
		}
		err = r.copy(ctx, *d.PreviousDigestS3Bucket, *d.PreviousDigestS3Object)
		if err != nil && !errors.Is(err, verify.ErrNotFound) {
			return err
		}
	}
	return nil
}

func (r *recorder) write(bucket, key string, data []byte, meta map[string]string) error {
	p, err := verify.DirStore{Root: r.dir}.Path(bucket, key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if len(meta) > 0 {
		m, _ := json.Marshal(meta, json.Deterministic(true))
		if err := os.WriteFile(p+verify.MetadataSuffix, m, 0o644); err != nil {
			return err
		}
	}
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
	return nil
}
