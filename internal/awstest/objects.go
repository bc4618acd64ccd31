package awstest

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// object is one stored S3 object: its current version and, when it was
// overwritten or deleted, the versions before (a versioned bucket keeps
// them).
type object struct {
	data     []byte
	metadata map[string]string
	modified time.Time
	version  string
	// deleted: the current version is a delete marker.
	deleted bool
	// older holds the noncurrent versions, newest first.
	older []object
}

// PutObject stores an object that ListObjectsV2 and GetObject then serve
// (CloudTrail log files and digests, Config snapshots). metadata keys are
// the x-amz-meta-* names without the prefix. Putting a key again keeps the
// object before as a noncurrent version, as a versioned bucket does.
func (s *Server) PutObject(bucket, key string, data []byte, metadata map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putVersion(bucket, key, object{data: data, metadata: metadata})
}

// DeleteObject deletes an object the way a versioned bucket does: a delete
// marker becomes the current version and the versions before stay
// readable by version id.
func (s *Server) DeleteObject(bucket, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putVersion(bucket, key, object{deleted: true})
}

// putVersion makes o the current version of key; called with s.mu held.
func (s *Server) putVersion(bucket, key string, o object) {
	if s.objects == nil {
		s.objects = map[string]map[string]object{}
		registerObjects(s)
	}
	if s.objects[bucket] == nil {
		s.objects[bucket] = map[string]object{}
	}
	n := 1
	if prev, ok := s.objects[bucket][key]; ok {
		o.older = append([]object{prev}, prev.older...)
		o.older[0].older = nil
		n = len(o.older) + 1
	}
	o.version = fmt.Sprintf("awstest-v%d", n)
	o.modified = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n-1) * time.Hour)
	s.objects[bucket][key] = o
}

// registerObjects adds the object routes; called with s.mu held.
// ListObjects (version 1) is matched by its marker parameter, which the
// AWS CLI's paginated listings always send.
func registerObjects(s *Server) {
	s.routes = append(s.routes,
		newRoute("s3", http.MethodGet, "/{Bucket}?list-type", "ListBucket", s.listObjects),
		newRoute("s3", http.MethodGet, "/{Bucket}?marker", "ListBucket", s.listObjectsV1),
		newRoute("s3", http.MethodGet, "/{Bucket}?versions", "ListBucketVersions", s.listObjectVersions),
		newRoute("s3", http.MethodGet, "/{Bucket}/{Key+}", "GetObject", s.getObject),
		newRoute("s3", http.MethodHead, "/{Bucket}/{Key+}", "GetObject", s.headObject),
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

// listed is one page of a bucket listing: keys in order after start,
// with keys below a delimiter rolled up into common prefixes, as S3 does.
type listed struct {
	keys, prefixes []string
	next           string // last key or prefix of a truncated page; "" at the end
}

func (s *Server) listKeys(b map[string]object, prefix, delimiter, after string, size int) listed {
	s.mu.Lock()
	var keys []string
	for k, o := range b {
		if strings.HasPrefix(k, prefix) && k > after && !o.deleted {
			keys = append(keys, k)
		}
	}
	s.mu.Unlock()
	slices.Sort(keys)
	var out listed
	for _, k := range keys {
		entry, isPrefix := k, false
		if delimiter != "" {
			if i := strings.Index(k[len(prefix):], delimiter); i >= 0 {
				entry, isPrefix = k[:len(prefix)+i+len(delimiter)], true
			}
		}
		if isPrefix && len(out.prefixes) > 0 && out.prefixes[len(out.prefixes)-1] == entry {
			continue
		}
		if isPrefix && entry <= after { // the rest of a prefix already returned
			continue
		}
		if len(out.keys)+len(out.prefixes) == size {
			out.next = max(lastOf(out.keys), lastOf(out.prefixes))
			break
		}
		if isPrefix {
			out.prefixes = append(out.prefixes, entry)
		} else {
			out.keys = append(out.keys, k)
		}
	}
	return out
}

func lastOf(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// pageSize is the page size of a listing: the server's, or max-keys when smaller.
func (s *Server) pageSize(r *Request) int {
	size := s.PageSize
	if n, err := strconv.Atoi(r.String("max-keys")); err == nil && n > 0 {
		size = min(size, n)
	}
	return size
}

func (s *Server) listContents(b map[string]object, page listed) (Flat, Flat) {
	var contents, prefixes Flat
	s.mu.Lock()
	for _, k := range page.keys {
		o := b[k]
		contents = append(contents, M{"Key": k, "Size": len(o.data), "ETag": etag(o.data), "LastModified": o.modified, "StorageClass": "STANDARD"})
	}
	s.mu.Unlock()
	for _, p := range page.prefixes {
		prefixes = append(prefixes, M{"Prefix": p})
	}
	return contents, prefixes
}

// listObjects is ListObjectsV2: continuation tokens name the last key or
// prefix returned.
func (s *Server) listObjects(r *Request) (any, error) {
	b, err := s.bucket(r.String("Bucket"))
	if err != nil {
		return nil, err
	}
	prefix, after := r.String("prefix"), r.String("start-after")
	if t := r.String("continuation-token"); t != "" {
		k, ok := strings.CutPrefix(t, "awstest-after-")
		if !ok {
			return nil, &Error{Status: 400, Code: "InvalidArgument", Message: "The continuation token provided is incorrect"}
		}
		after = k
	}
	size := s.pageSize(r)
	page := s.listKeys(b, prefix, r.String("delimiter"), after, size)
	contents, prefixes := s.listContents(b, page)
	body := M{"Name": r.String("Bucket"), "Prefix": prefix, "KeyCount": len(page.keys) + len(page.prefixes), "MaxKeys": size,
		"IsTruncated": page.next != "", "Contents": contents, "CommonPrefixes": prefixes}
	if d := r.String("delimiter"); d != "" {
		body["Delimiter"] = d
	}
	if page.next != "" {
		body["NextContinuationToken"] = "awstest-after-" + page.next
	}
	if t := r.String("continuation-token"); t != "" {
		body["ContinuationToken"] = t
	}
	return XMLDoc{Root: "ListBucketResult", XMLNS: "http://s3.amazonaws.com/doc/2006-03-01/", Body: body}, nil
}

// listObjectsV1 is ListObjects: pages continue after a marker key.
func (s *Server) listObjectsV1(r *Request) (any, error) {
	b, err := s.bucket(r.String("Bucket"))
	if err != nil {
		return nil, err
	}
	prefix, delimiter := r.String("prefix"), r.String("delimiter")
	size := s.pageSize(r)
	page := s.listKeys(b, prefix, delimiter, r.String("marker"), size)
	contents, prefixes := s.listContents(b, page)
	body := M{"Name": r.String("Bucket"), "Prefix": prefix, "Marker": r.String("marker"), "MaxKeys": size,
		"IsTruncated": page.next != "", "Contents": contents, "CommonPrefixes": prefixes}
	if delimiter != "" {
		body["Delimiter"] = delimiter
		if page.next != "" {
			body["NextMarker"] = page.next
		}
	}
	return XMLDoc{Root: "ListBucketResult", XMLNS: "http://s3.amazonaws.com/doc/2006-03-01/", Body: body}, nil
}

// headObject answers HeadObject: GetObject's headers, no body.
func (s *Server) headObject(r *Request) (any, error) {
	out, err := s.getObject(r)
	if err != nil {
		// HEAD responses have no body: the SDK sees only the status.
		return nil, err
	}
	raw := out.(Raw)
	raw.Body = nil
	return raw, nil
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
	if id := r.String("versionId"); id != "" {
		found := false
		for _, v := range append([]object{o}, o.older...) {
			if v.version == id {
				o, found = v, true
				break
			}
		}
		if !found {
			return nil, &Error{Status: 404, Code: "NoSuchVersion", Message: "The specified version does not exist."}
		}
		if o.deleted {
			return nil, &Error{Status: 405, Code: "MethodNotAllowed", Message: "The specified method is not allowed against this resource."}
		}
	}
	if o.deleted {
		return nil, NotFound("NoSuchKey", "The specified key does not exist.")
	}
	h := http.Header{}
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(o.data)))
	h.Set("ETag", etag(o.data))
	h.Set("X-Amz-Version-Id", o.version)
	crc := crc32.ChecksumIEEE(o.data)
	h.Set("X-Amz-Checksum-Crc32", base64.StdEncoding.EncodeToString([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)}))
	h.Set("Last-Modified", o.modified.Format(http.TimeFormat))
	// S3 keeps user metadata names in lower case and sends them so; the
	// header map is filled directly to keep net/http from capitalizing
	// them (botocore reads the names as sent: "signature", not "Signature").
	for k, v := range o.metadata {
		h["x-amz-meta-"+strings.ToLower(k)] = []string{v}
	}
	return Raw{Status: 200, Header: h, Body: o.data}, nil
}

// listObjectVersions is ListObjectVersions for one prefix, newest version
// of each key first. It does not page: the verifier asks about one key.
func (s *Server) listObjectVersions(r *Request) (any, error) {
	b, err := s.bucket(r.String("Bucket"))
	if err != nil {
		return nil, err
	}
	prefix := r.String("prefix")
	s.mu.Lock()
	var keys []string
	for k := range b {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var versions, markers Flat
	for _, k := range keys {
		cur := b[k]
		for i, v := range append([]object{cur}, cur.older...) {
			m := M{"Key": k, "VersionId": v.version, "IsLatest": i == 0, "LastModified": v.modified}
			if v.deleted {
				markers = append(markers, m)
				continue
			}
			m["ETag"], m["Size"], m["StorageClass"] = etag(v.data), len(v.data), "STANDARD"
			versions = append(versions, m)
		}
	}
	s.mu.Unlock()
	return XMLDoc{Root: "ListVersionsResult", XMLNS: s3NS, Body: M{"Name": r.String("Bucket"), "Prefix": prefix,
		"MaxKeys": 1000, "IsTruncated": false, "Version": versions, "DeleteMarker": markers}}, nil
}

func etag(data []byte) string {
	sum := md5.Sum(data)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}
