package awstest

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// object is one stored S3 object.
type object struct {
	data     []byte
	metadata map[string]string
	modified time.Time
}

// PutObject stores an object that ListObjectsV2 and GetObject then serve
// (CloudTrail log files and digests, Config snapshots). metadata keys are
// the x-amz-meta-* names without the prefix.
func (s *Server) PutObject(bucket, key string, data []byte, metadata map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.objects == nil {
		s.objects = map[string]map[string]object{}
		registerObjects(s)
	}
	if s.objects[bucket] == nil {
		s.objects[bucket] = map[string]object{}
	}
	s.objects[bucket][key] = object{data: data, metadata: metadata, modified: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

// registerObjects adds the object routes; called with s.mu held.
func registerObjects(s *Server) {
	s.routes = append(s.routes,
		newRoute("s3", http.MethodGet, "/{Bucket}?list-type", "ListBucket", s.listObjects),
		newRoute("s3", http.MethodGet, "/{Bucket}/{Key+}", "GetObject", s.getObject),
	)
}

func (s *Server) bucket(name string) (map[string]object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.objects[name]
	if !ok {
		return nil, NotFound("NoSuchBucket", "The specified bucket does not exist")
	}
	return b, nil
}

func (s *Server) listObjects(r *Request) (any, error) {
	b, err := s.bucket(r.String("Bucket"))
	if err != nil {
		return nil, err
	}
	prefix := r.String("prefix")
	s.mu.Lock()
	var keys []string
	for k := range b {
		if strings.HasPrefix(k, prefix) && k > r.String("start-after") {
			keys = append(keys, k)
		}
	}
	s.mu.Unlock()
	slices.Sort(keys)
	size := s.PageSize
	if n, err := strconv.Atoi(r.String("max-keys")); err == nil && n > 0 {
		size = min(size, n)
	}
	page, next, err := Page(keys, r.String("continuation-token"), size)
	if err != nil {
		return nil, err
	}
	var contents Flat
	s.mu.Lock()
	for _, k := range page {
		o := b[k]
		contents = append(contents, M{"Key": k, "Size": len(o.data), "ETag": etag(o.data), "LastModified": o.modified, "StorageClass": "STANDARD"})
	}
	s.mu.Unlock()
	body := M{"Name": r.String("Bucket"), "Prefix": prefix, "KeyCount": len(page), "MaxKeys": size,
		"IsTruncated": next != "", "Contents": contents}
	if next != "" {
		body["NextContinuationToken"] = next
	}
	if t := r.String("continuation-token"); t != "" {
		body["ContinuationToken"] = t
	}
	return XMLDoc{Root: "ListBucketResult", XMLNS: "http://s3.amazonaws.com/doc/2006-03-01/", Body: body}, nil
}

func (s *Server) getObject(r *Request) (any, error) {
	b, err := s.bucket(r.String("Bucket"))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	o, ok := b[r.String("Key")]
	s.mu.Unlock()
	if !ok {
		return nil, NotFound("NoSuchKey", "The specified key does not exist.")
	}
	h := http.Header{}
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(o.data)))
	h.Set("ETag", etag(o.data))
	crc := crc32.ChecksumIEEE(o.data)
	h.Set("X-Amz-Checksum-Crc32", base64.StdEncoding.EncodeToString([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)}))
	h.Set("Last-Modified", o.modified.Format(http.TimeFormat))
	for k, v := range o.metadata {
		h.Set("X-Amz-Meta-"+k, v)
	}
	return Raw{Status: 200, Header: h, Body: o.data}, nil
}

func etag(data []byte) string {
	sum := md5.Sum(data)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}
