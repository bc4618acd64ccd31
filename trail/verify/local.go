package verify

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
	"github.com/awssec/awssec/trail/verify/digest"
)

// MetadataSuffix names the sidecar file that keeps an object's S3 user
// metadata in a local copy: <key>.metadata.json next to <key>, a JSON
// object of the x-amz-meta-* values without the prefix.
const MetadataSuffix = ".metadata.json"

// KeysFile is the name of the public keys a local copy keeps at its root.
const KeysFile = "public-keys.json"

// DirStore reads the local copy `awssec trail download` writes:
// <root>/<bucket>/<key>, with each digest's signature in its sidecar.
type DirStore struct{ Root string }

// Buckets lists the buckets a local copy holds.
func (s DirStore) Buckets() ([]string, error) {
	entries, err := os.ReadDir(s.Root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Path is where the copy keeps an object; keys that would leave the copy are refused.
// Path is where the copy keeps an object; keys that would leave the copy are refused.
func (s DirStore) Path(bucket, key string) (string, error) {
	if bucket == "" || strings.ContainsAny(bucket, `/\`) || bucket == "." || bucket == ".." {
		return "", fmt.Errorf("bucket name %q", bucket)
	}
	if !filepath.IsLocal(filepath.FromSlash(key)) && key != "" {
		return "", fmt.Errorf("key %q leaves the copy", key)
	}
	return filepath.Join(s.Root, bucket, filepath.FromSlash(key)), nil
}

// List lists a directory of the copy.
func (s DirStore) List(_ context.Context, bucket, dir string) (keys, dirs []string, err error) {
	p, err := s.Path(bucket, dir)
	if err != nil {
		return nil, nil, err
	}
	entries, err := os.ReadDir(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		switch {
		case e.IsDir():
			dirs = append(dirs, dir+e.Name()+"/")
		case !strings.HasSuffix(e.Name(), MetadataSuffix):
			keys = append(keys, dir+e.Name())
		}
	}
	return keys, dirs, nil
}

// Get opens a file of the copy and reads its sidecar, if any.
func (s DirStore) Get(_ context.Context, bucket, key string) (*Object, error) {
	p, err := s.Path(bucket, key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	meta := map[string]string{}
	if data, err := os.ReadFile(p + MetadataSuffix); err == nil {
		if err := json.Unmarshal(data, &meta); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s%s: %v", p, MetadataSuffix, err)
		}
	}
	return &Object{Body: f, Metadata: meta}, nil
}

// KeyFile is the JSON form of saved public keys: the answer of
// `aws cloudtrail list-public-keys` (ValidityStartTime and ValidityEndTime
// as epoch seconds or RFC 3339; Value as base64 DER).
type KeyFile struct {
	PublicKeyList []KeyEntry `json:"PublicKeyList"`
}

// KeyEntry is one saved key.
type KeyEntry struct {
	Region            string         `json:"Region,omitempty"`
	Fingerprint       string         `json:"Fingerprint"`
	Value             string         `json:"Value"`
	ValidityStartTime jsontext.Value `json:"ValidityStartTime,omitempty"`
	ValidityEndTime   jsontext.Value `json:"ValidityEndTime,omitempty"`
}

// EntryOf is the saved form of a key; der is its DER encoding.
func EntryOf(region string, der []byte, start, end time.Time) KeyEntry {
	e := KeyEntry{Region: region, Fingerprint: digest.Fingerprint(der), Value: base64.StdEncoding.EncodeToString(der)}
	e.ValidityStartTime, _ = json.Marshal(start.UTC().Format(time.RFC3339))
	if !end.IsZero() {
		e.ValidityEndTime, _ = json.Marshal(end.UTC().Format(time.RFC3339))
	}
	return e
}

// ReadKeyFile reads saved public keys. Each key's fingerprint must be the
// MD5 of its DER encoding, as CloudTrail computes it.
func ReadKeyFile(name string, data []byte) ([]PublicKey, error) {
	var kf KeyFile
	if err := json.Unmarshal(data, &kf); err != nil {
		var serr *jsontext.SyntacticError
		var merr *json.SemanticError
		switch {
		case errors.As(err, &serr):
			return nil, positionedAt(name, data, serr.ByteOffset, fmt.Errorf("invalid JSON: %v", serr.Err))
		case errors.As(err, &merr):
			return nil, positionedAt(name, data, merr.ByteOffset, fmt.Errorf("%s: %s", merr.JSONPointer, jsonerr.Describe(merr)))
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(kf.PublicKeyList) == 0 {
		return nil, fmt.Errorf("%s: no keys in PublicKeyList", name)
	}
	var out []PublicKey
	for i, e := range kf.PublicKeyList {
		pub, der, err := digest.ParsePublicKey([]byte(e.Value))
		if err != nil {
			return nil, fmt.Errorf("%s: PublicKeyList[%d].Value: %w", name, i, err)
		}
		if fp := digest.Fingerprint(der); !strings.EqualFold(fp, e.Fingerprint) {
			return nil, fmt.Errorf("%s: PublicKeyList[%d]: fingerprint %q is not the key's (%s)", name, i, e.Fingerprint, fp)
		}
		start, err := keyTime(e.ValidityStartTime)
		if err != nil {
			return nil, fmt.Errorf("%s: PublicKeyList[%d].ValidityStartTime: %v", name, i, err)
		}
		end, err := keyTime(e.ValidityEndTime)
		if err != nil {
			return nil, fmt.Errorf("%s: PublicKeyList[%d].ValidityEndTime: %v", name, i, err)
		}
		out = append(out, PublicKey{Fingerprint: digest.Fingerprint(der), Key: pub, Start: start, End: end})
	}
	return out, nil
}

func positionedAt(name string, data []byte, off int64, err error) error {
	line, col := jsonerr.LineCol(data, off)
	return fmt.Errorf("%s:%d:%d: %v", name, line, col, err)
}

func keyTime(v jsontext.Value) (time.Time, error) {
	if len(v) == 0 || string(v) == "null" {
		return time.Time{}, nil
	}
	if v.Kind() == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339, s)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return time.Time{}, fmt.Errorf("%s is not a time", v)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// StaticKeys serves saved keys for every region: fingerprints name keys
// uniquely, and a key of another region cannot verify a digest anyway.
func StaticKeys(keys []PublicKey) KeySource {
	return func(context.Context, string, time.Time, time.Time) ([]PublicKey, error) { return keys, nil }
}
