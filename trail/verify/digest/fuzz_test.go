package digest

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParse feeds digest files, gzipped or not, to the parser: it must
// return a digest or a one-line error, never panic.
func FuzzParse(f *testing.F) {
	f.Add(gz([]byte(sample)))
	f.Add(gz([]byte(`{"awsAccountId":"1","logFiles":[{}]}`)))
	f.Add(append(gz([]byte(sample)), gz([]byte("{}"))...))
	f.Add([]byte(sample))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := Parse("f.json.gz", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
			return
		}
		if d.DigestS3Object == "" || d.End.IsZero() {
			t.Errorf("accepted a digest without its required fields: %+v", d)
		}
	})
}

// FuzzDecode is FuzzParse without the gzip layer, so the fuzzer reaches
// the JSON decoder.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"awsAccountId":"1","digestStartTime":"2026-11-01T00:00:00Z","logFiles":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Decode("f.json", data); err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error: %q", err)
		}
	})
}

// FuzzParseKey: a key that parses prints back as itself.
func FuzzParseKey(f *testing.F) {
	f.Add("AWSLogs/o-aa111bb222/444455556666/CloudTrail-Digest/eu-west-1/2026/11/01/444455556666_CloudTrail-Digest_eu-west-1_my_trail_us-east-1_20261101T051231Z_backfill.json.gz")
	f.Add("p/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261101T051231Z.json.gz")
	f.Fuzz(func(t *testing.T, key string) {
		if k, ok := ParseKey(key); ok && k.String() != key {
			t.Errorf("ParseKey(%q).String() = %q", key, k.String())
		}
		ParseLogKey(key)
	})
}

// FuzzLogHash: streams of any shape hash or fail, never panic or hang.
func FuzzLogHash(f *testing.F) {
	f.Add(gz([]byte(`{"Records":[]}`)))
	f.Add(append(gz([]byte(`{}`)), 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		LogHash(bytes.NewReader(data))
	})
}

// FuzzPublicKey: any value is a key or ErrPublicKey.
func FuzzPublicKey(f *testing.F) {
	f.Add([]byte(awsExampleKey))
	f.Add([]byte("MIIB"))
	f.Fuzz(func(t *testing.T, v []byte) {
		if pub, der, err := ParsePublicKey(v); err == nil && (pub == nil || len(der) == 0) {
			t.Error("no key and no error")
		}
	})
}
