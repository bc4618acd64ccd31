package digest

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// awsExampleKey is the public key in AWS's `aws cloudtrail
// list-public-keys` example, with the fingerprint AWS shows for it.
const (
	awsExampleKey = "MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB"
	awsExampleFP  = "7f3f401420072e50a65a141430817ab3"
)

func TestFingerprintOfAWSExample(t *testing.T) {
	pub, der, err := ParsePublicKey([]byte(awsExampleKey))
	if err != nil {
		t.Fatal(err)
	}
	if pub.N.BitLen() != 2048 {
		t.Errorf("key of %d bits", pub.N.BitLen())
	}
	if got := Fingerprint(der); got != awsExampleFP {
		t.Errorf("Fingerprint = %s, want %s", got, awsExampleFP)
	}
	raw, _ := base64.StdEncoding.DecodeString(awsExampleKey)
	if _, der2, err := ParsePublicKey(raw); err != nil || !bytes.Equal(der, der2) {
		t.Errorf("DER form: %v", err)
	}
	if _, _, err := ParsePublicKey([]byte("not a key")); !errors.Is(err, ErrPublicKey) {
		t.Errorf("garbage: %v", err)
	}
}

// sample is the digest of AWS's "CloudTrail digest file structure" page
// (its hashes and signature shortened), with one log file.
const sample = `{
  "awsAccountId": "111122223333",
  "digestStartTime": "2015-08-17T14:01:31Z",
  "digestEndTime": "2015-08-17T15:01:31Z",
  "digestS3Bucket": "amzn-s3-demo-bucket",
  "digestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz",
  "digestPublicKeyFingerprint": "31e8b5433410dfb61a9dc45cc65b22ff",
  "digestSignatureAlgorithm": "SHA256withRSA",
  "newestEventTime": "2015-08-17T14:52:27Z",
  "oldestEventTime": "2015-08-17T14:42:27Z",
  "previousDigestS3Bucket": "amzn-s3-demo-bucket",
  "previousDigestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz",
  "previousDigestHashValue": "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
  "previousDigestHashAlgorithm": "SHA-256",
  "previousDigestSignature": "50887ccffad4c002b97caa37cc9dc626e3c680207d41d27fa5835458e066e0d3",
  "logFiles": [
    {
      "s3Bucket": "amzn-s3-demo-bucket",
      "s3Object": "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
      "hashValue": "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6",
      "hashAlgorithm": "SHA-256",
      "newestEventTime": "2015-08-17T14:52:27Z",
      "oldestEventTime": "2015-08-17T14:42:27Z"
    }
  ]
}`

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestParseSample(t *testing.T) {
	d, inflated, err := Parse("sample.json.gz", gz([]byte(sample)))
	if err != nil {
		t.Fatal(err)
	}
	if string(inflated) != sample || len(d.LogFiles) != 1 || d.End.Sub(d.Start) != time.Hour || *d.PreviousDigestHashAlgorithm != "SHA-256" {
		t.Errorf("parsed %+v", d)
	}
	k, ok := ParseKey(d.DigestS3Object)
	if !ok || k.Trail != "your-trail-name" || k.Region != "us-east-2" || !k.End.Equal(d.End) || k.String() != d.DigestS3Object {
		t.Errorf("ParseKey = %+v, %v", k, ok)
	}
	if lk, ok := ParseLogKey(d.LogFiles[0].S3Object); !ok || lk.Delivered != time.Date(2015, 8, 17, 14, 45, 0, 0, time.UTC) {
		t.Errorf("ParseLogKey = %+v, %v", lk, ok)
	}
	sum := sha256.Sum256([]byte(sample))
	want := "2015-08-17T15:01:31Z\namzn-s3-demo-bucket/" + d.DigestS3Object + "\n" + hex.EncodeToString(sum[:]) + "\n" + *d.PreviousDigestSignature
	if got := string(StringToSign(d, inflated)); got != want {
		t.Errorf("StringToSign:\n%s\nwant\n%s", got, want)
	}
	d.PreviousDigestSignature = nil
	if got := string(StringToSign(d, inflated)); !strings.HasSuffix(got, "\nnull") {
		t.Errorf("first digest of a chain: %q", got)
	}
}

func TestKeys(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want Key
		ok   bool
	}{
		{"AWSLogs/o-aa111bb222/444455556666/CloudTrail-Digest/eu-west-1/2026/11/01/444455556666_CloudTrail-Digest_eu-west-1_my_org_trail_us-east-1_20261101T051231Z_backfill.json.gz",
			Key{OrgID: "o-aa111bb222", Account: "444455556666", Region: "eu-west-1", Trail: "my_org_trail", HomeRegion: "us-east-1",
				End: time.Date(2026, 11, 1, 5, 12, 31, 0, time.UTC), Backfill: true}, true},
		{"logs/prod/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261101T051231Z.json.gz",
			Key{Prefix: "logs/prod", Account: "111122223333", Region: "us-east-1", Trail: "t", HomeRegion: "us-east-1", End: time.Date(2026, 11, 1, 5, 12, 31, 0, time.UTC)}, true},
		// the date path and the end time disagree
		{"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261101T051231Z.json.gz", Key{}, false},
		// the account in the path and in the name disagree
		{"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/01/999922223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261101T051231Z.json.gz", Key{}, false},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/111122223333_CloudTrail_us-east-1_20261101T0515Z_abc.json.gz", Key{}, false},
	} {
		got, ok := ParseKey(tc.key)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseKey(%s) = %+v, %v; want %+v, %v", tc.key, got, ok, tc.want, tc.ok)
		}
		if ok && got.String() != tc.key {
			t.Errorf("String() = %s", got.String())
		}
	}
}

func TestBadInput(t *testing.T) {
	good := gz([]byte(sample))
	for _, tc := range []struct {
		name string
		data []byte
		want string
		is   error
	}{
		{"not gzip", []byte(sample), "d.json.gz: not a valid gzip stream", ErrGzip},
		{"truncated", good[:len(good)/2], "d.json.gz: not a valid gzip stream", ErrGzip},
		{"second member", append(append([]byte{}, good...), gz([]byte("{}"))...), "data after the first gzip member", ErrTrailingData},
		{"garbage after", append(append([]byte{}, good...), 'x'), "data after the first gzip member", ErrTrailingData},
		{"bad json", gz([]byte("{\n  \"awsAccountId\": 1111,\n}")), "d.json.gz:2:19: /awsAccountId: wrong type", nil},
		{"syntax", gz([]byte("{\n  \"awsAccountId\" \"1\"}")), "d.json.gz:2:18: invalid JSON", nil},
		{"missing field", gz([]byte(`{"awsAccountId":"111122223333"}`)), `required field missing: "digestStartTime"`, ErrMissingField},
		{"bad time", gz([]byte(strings.Replace(sample, "2015-08-17T15:01:31Z\"", "yesterday\"", 1))), `digestEndTime "yesterday" is not an RFC 3339 time`, nil},
		{"duplicate member", gz([]byte(strings.Replace(sample, `"awsAccountId": "111122223333",`, `"awsAccountId": "111122223333", "awsAccountId": "444455556666",`, 1))), "duplicate", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse("d.json.gz", tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestVerifySignature(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("2026-11-01T01:00:00Z\nb/k\nabc\nnull")
	h := sha256.Sum256(msg)
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, h[:])
	good := hex.EncodeToString(sig)
	for _, tc := range []struct {
		name, sig string
		want      error
	}{
		{"good", good, nil},
		{"upper-case hex", strings.ToUpper(good), nil},
		{"not hex", "zz" + good[2:], ErrSignatureEncoding},
		{"odd length", good[1:], ErrSignatureEncoding},
		{"empty", "", ErrSignatureEncoding},
		{"other bytes", good[:len(good)-2] + "00", ErrSignature},
		{"short", good[:64], ErrSignature},
	} {
		if err := Verify(&key.PublicKey, msg, tc.sig); !errors.Is(err, tc.want) && err != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestLogHash(t *testing.T) {
	content := []byte(`{"Records":[]}`)
	sum := sha256.Sum256(content)
	got, err := LogHash(bytes.NewReader(gz(content)))
	if err != nil || got != hex.EncodeToString(sum[:]) {
		t.Errorf("LogHash = %s, %v", got, err)
	}
	if _, err := LogHash(bytes.NewReader(append(gz(content), gz(content)...))); !errors.Is(err, ErrTrailingData) {
		t.Errorf("two members: %v", err)
	}
	if _, err := LogHash(bytes.NewReader(gz(content)[:10])); !errors.Is(err, ErrGzip) {
		t.Errorf("truncated: %v", err)
	}
}

// The fingerprint of the key in AWS's `list-public-keys` example is the
// one AWS prints next to it.
func ExampleFingerprint() {
	_, der, err := ParsePublicKey([]byte(awsExampleKey))
	if err != nil {
		panic(err)
	}
	fmt.Println(Fingerprint(der))
	// Output: 7f3f401420072e50a65a141430817ab3
}

func ExampleParseKey() {
	k, ok := ParseKey("AWSLogs/o-aa111bb222/444455556666/CloudTrail-Digest/eu-west-1/2026/11/01/" +
		"444455556666_CloudTrail-Digest_eu-west-1_org-trail_us-east-1_20261101T051231Z.json.gz")
	fmt.Println(ok, k.Chain(), k.End.Format(time.RFC3339))
	// Output: true o-aa111bb222/444455556666/eu-west-1 trail org-trail (home us-east-1) 2026-11-01T05:12:31Z
}
