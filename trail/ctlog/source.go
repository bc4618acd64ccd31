package ctlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Source is one input: a file, an S3 object or stdin.
type Source struct {
	Name string
	open func(ctx context.Context) (io.ReadCloser, error)
	// again says whether the input can be opened a second time, to turn a
	// byte offset into a line and column.
	again bool
}

// Open opens the source for reading.
func (s Source) Open(ctx context.Context) (io.ReadCloser, error) { return s.open(ctx) }

// Stdin is the source "-".
func Stdin(r io.Reader) Source {
	return Source{Name: "stdin", open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

// Bytes is a source held in memory (tests, fuzzing).
func Bytes(name string, data []byte) Source {
	return Source{Name: name, again: true, open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// File is a local file.
func File(path string) Source {
	return Source{Name: path, again: true, open: func(context.Context) (io.ReadCloser, error) { return os.Open(path) }}
}

// IsLogName says whether a file or object name looks like a CloudTrail log:
// .json, .jsonl or .ndjson, gzipped or not, and not a digest file (digests
// are for `trail verify`).
func IsLogName(name string) bool {
	if strings.Contains(name, "CloudTrail-Digest") {
		return false
	}
	n := strings.TrimSuffix(strings.ToLower(name), ".gz")
	return strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".ndjson")
}

// Local expands files and directories into sources. A file named
// explicitly is read whatever its name; in a directory, only log names
// (IsLogName) are, in lexical order.
func Local(paths []string) ([]Source, error) {
	var out []Source
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or directory", p)
			}
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, File(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && IsLogName(path) {
				out = append(out, File(path))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ParseS3URL splits "s3://bucket/prefix" into bucket and prefix.
func ParseS3URL(url string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(url, "s3://")
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !ok || bucket == "" || strings.ContainsAny(bucket, " \t") {
		return "", "", fmt.Errorf("%q is not an S3 URL (s3://bucket/prefix)", url)
	}
	return bucket, prefix, nil
}

// S3 lists the log objects under an s3://bucket/prefix URL.
func S3(ctx context.Context, client *s3.Client, url string) ([]Source, error) {
	bucket, prefix, err := ParseS3URL(url)
	if err != nil {
		return nil, err
	}
	var out []Source
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("s3://%s/%s: s3:ListObjectsV2: %w", bucket, prefix, err)
		}
		for _, obj := range page.Contents {
			key := aws.ToString(obj.Key)
			if !IsLogName(key) {
				continue
			}
			out = append(out, Source{Name: "s3://" + bucket + "/" + key, again: true, open: func(ctx context.Context) (io.ReadCloser, error) {
				o, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
				if err != nil {
					return nil, fmt.Errorf("s3:GetObject: %w", err)
				}
				return o.Body, nil
			}})
		}
	}
	return out, nil
}

// Stats counts what a scan read.
type Stats struct {
	Sources int64
	Events  int64
}

// Scan reads the sources on workers goroutines, one source per worker at a
// time, and calls fn with every event and the index of the worker that
// read it, so callers can keep per-worker state without locks. It returns
// every source that could not be read or was malformed (events before the
// fault are still delivered). An error from fn stops the scan.
func Scan(ctx context.Context, sources []Source, workers int, fn func(worker int, e *Event) error) (Stats, []*ReadError, error) {
	return ScanProgress(ctx, sources, workers, fn, nil)
}

// ScanProgress is Scan, calling progress (when not nil) after each source
// with how many are done.
func ScanProgress(ctx context.Context, sources []Source, workers int, fn func(worker int, e *Event) error, progress func(done int)) (Stats, []*ReadError, error) {
	workers = max(1, min(workers, len(sources)))
	var (
		next    atomic.Int64
		events  atomic.Int64
		mu      sync.Mutex
		faults  []*ReadError
		stopErr error
		done    int
		wg      sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(sources) || ctx.Err() != nil {
					return
				}
				src := sources[i]
				n, rerr, err := readSource(ctx, src, func(e *Event) error { return fn(w, e) })
				events.Add(int64(n))
				mu.Lock()
				done++
				if progress != nil {
					progress(done)
				}
				if rerr != nil {
					faults = append(faults, rerr)
				}
				if err != nil && stopErr == nil {
					stopErr = err
					cancel()
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.SortFunc(faults, func(a, b *ReadError) int { return strings.Compare(a.Source, b.Source) })
	return Stats{Sources: int64(len(sources)), Events: events.Load()}, faults, stopErr
}

// readSource reads one source; bad input comes back as a ReadError, an
// error from fn as err.
func readSource(ctx context.Context, src Source, fn func(*Event) error) (int, *ReadError, error) {
	rc, err := src.open(ctx)
	if err != nil {
		return 0, &ReadError{Source: src.Name, Err: err, Unreadable: true}, nil
	}
	defer rc.Close()
	n, err := Read(rc, src.Name, fn)
	if err == nil {
		return n, nil, nil
	}
	var re *ReadError
	if !errors.As(err, &re) {
		if ctx.Err() != nil {
			return n, nil, nil
		}
		return n, nil, err
	}
	if src.again && re.Offset >= 0 {
		re.Line, re.Col = locate(ctx, src, re.Offset)
	}
	return n, re, nil
}

// locate reads a source again up to offset (decompressed) and counts lines.
func locate(ctx context.Context, src Source, offset int64) (line, col int) {
	rc, err := src.open(ctx)
	if err != nil {
		return 0, 0
	}
	defer rc.Close()
	plain, done, err := decompress(rc)
	if err != nil {
		return 0, 0
	}
	defer done()
	line, col = 1, 1
	buf := make([]byte, 64<<10)
	var pos int64
	for pos < offset {
		n, err := plain.Read(buf[:min(int64(len(buf)), offset-pos)])
		chunk := buf[:n]
		if nl := bytes.Count(chunk, []byte{'\n'}); nl > 0 {
			line += nl
			col = n - bytes.LastIndexByte(chunk, '\n')
		} else {
			col += n
		}
		pos += int64(n)
		if err != nil {
			break
		}
	}
	return line, col
}
