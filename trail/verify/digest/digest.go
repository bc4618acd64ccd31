// Package digest reads CloudTrail digest files and checks what AWS signs:
// the digest's JSON form, the S3 key layouts of digests and log files, the
// string to sign, RSA PKCS#1 v1.5 SHA-256 signatures, public-key
// fingerprints, and the SHA-256 of a gzipped log file's content. It does no
// I/O beyond the readers it is given.
package digest

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/klauspost/compress/gzip"

	"github.com/awssec/awssec/internal/jsonerr"
)

// MaxDigestSize bounds an inflated digest file. A digest lists the log
// files of one hour of one region; real ones are kilobytes.
const MaxDigestSize = 64 << 20

// Sentinel errors: what is wrong with a digest or log file.
var (
	ErrGzip              = errors.New("not a valid gzip stream")
	ErrTrailingData      = errors.New("data after the first gzip member")
	ErrTooLarge          = errors.New("digest larger than 64 MiB inflated")
	ErrMissingField      = errors.New("required field missing")
	ErrSignatureEncoding = errors.New("signature is not hex-encoded")
	ErrSignature         = errors.New("signature verification failed")
	ErrPublicKey         = errors.New("not a DER PKCS#1 RSA public key")
)

// Digest is a digest file's content, as documented in "CloudTrail digest
// file structure".
type Digest struct {
	AWSAccountID                string    `json:"awsAccountId"`
	DigestStartTime             string    `json:"digestStartTime"`
	DigestEndTime               string    `json:"digestEndTime"`
	DigestS3Bucket              string    `json:"digestS3Bucket"`
	DigestS3Object              string    `json:"digestS3Object"`
	DigestPublicKeyFingerprint  string    `json:"digestPublicKeyFingerprint"`
	DigestSignatureAlgorithm    string    `json:"digestSignatureAlgorithm"`
	NewestEventTime             *string   `json:"newestEventTime"`
	OldestEventTime             *string   `json:"oldestEventTime"`
	PreviousDigestS3Bucket      *string   `json:"previousDigestS3Bucket"`
	PreviousDigestS3Object      *string   `json:"previousDigestS3Object"`
	PreviousDigestHashValue     *string   `json:"previousDigestHashValue"`
	PreviousDigestHashAlgorithm *string   `json:"previousDigestHashAlgorithm"`
	PreviousDigestSignature     *string   `json:"previousDigestSignature"`
	LogFiles                    []LogFile `json:"logFiles"`

	// Start and End are DigestStartTime and DigestEndTime parsed.
	Start, End time.Time `json:"-"`
}

// LogFile is one log file a digest lists.
type LogFile struct {
	S3Bucket        string `json:"s3Bucket"`
	S3Object        string `json:"s3Object"`
	HashValue       string `json:"hashValue"`
	HashAlgorithm   string `json:"hashAlgorithm"`
	NewestEventTime string `json:"newestEventTime"`
	OldestEventTime string `json:"oldestEventTime"`
}

// ParseError is a digest that cannot be read, with where.
type ParseError struct {
	File         string
	Line, Column int // 0 when the error has no position (gzip)
	Err          error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse inflates a gzipped digest file and decodes it. name is used in
// errors. It returns the inflated bytes too: AWS signs their SHA-256.
func Parse(name string, gz []byte) (*Digest, []byte, error) {
	inflated, err := inflate(gz)
	if err != nil {
		return nil, nil, &ParseError{File: name, Err: err}
	}
	d, err := Decode(name, inflated)
	return d, inflated, err
}

func inflate(gz []byte) ([]byte, error) {
	br := bytes.NewReader(gz)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGzip, err)
	}
	zr.Multistream(false)
	var out bytes.Buffer
	if _, err := io.Copy(&out, io.LimitReader(zr, MaxDigestSize+1)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGzip, err)
	}
	if out.Len() > MaxDigestSize {
		return nil, ErrTooLarge
	}
	if br.Len() > 0 {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTrailingData, br.Len())
	}
	return out.Bytes(), nil
}

// Decode decodes an inflated digest and checks the fields validation needs.
func Decode(name string, data []byte) (*Digest, error) {
	var d Digest
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, positioned(name, data, err)
	}
	for _, f := range []struct{ name, v string }{
		{"awsAccountId", d.AWSAccountID}, {"digestStartTime", d.DigestStartTime}, {"digestEndTime", d.DigestEndTime},
		{"digestS3Bucket", d.DigestS3Bucket}, {"digestS3Object", d.DigestS3Object},
		{"digestPublicKeyFingerprint", d.DigestPublicKeyFingerprint},
	} {
		if f.v == "" {
			return nil, &ParseError{File: name, Err: fmt.Errorf("%w: %q", ErrMissingField, f.name)}
		}
	}
	var err error
	if d.Start, err = time.Parse(time.RFC3339, d.DigestStartTime); err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("digestStartTime %q is not an RFC 3339 time", jsonerr.Escape(d.DigestStartTime))}
	}
	if d.End, err = time.Parse(time.RFC3339, d.DigestEndTime); err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("digestEndTime %q is not an RFC 3339 time", jsonerr.Escape(d.DigestEndTime))}
	}
	for i, lf := range d.LogFiles {
		if lf.S3Bucket == "" || lf.S3Object == "" || lf.HashValue == "" {
			return nil, &ParseError{File: name, Err: fmt.Errorf("%w: logFiles[%d] needs s3Bucket, s3Object and hashValue", ErrMissingField, i)}
		}
	}
	return &d, nil
}

func positioned(name string, data []byte, err error) error {
	var (
		serr *jsontext.SyntacticError
		merr *json.SemanticError
	)
	switch {
	case errors.As(err, &serr):
		line, col := jsonerr.LineCol(data, serr.ByteOffset)
		return &ParseError{File: name, Line: line, Column: col, Err: errors.New(jsonerrText(serr.Err))}
	case errors.As(err, &merr):
		line, col := jsonerr.LineCol(data, merr.ByteOffset)
		return &ParseError{File: name, Line: line, Column: col, Err: fmt.Errorf("%s: %s", merr.JSONPointer, jsonerr.Describe(merr))}
	}
	return &ParseError{File: name, Err: err}
}

func jsonerrText(err error) string {
	if err == nil {
		return "invalid JSON"
	}
	return "invalid JSON: " + err.Error()
}

// StringToSign is what CloudTrail signs for a digest: its end time, its S3
// location, the hex SHA-256 of its inflated content and the previous
// digest's signature, or "null" for the first digest of a chain.
func StringToSign(d *Digest, inflated []byte) []byte {
	prev := "null"
	if d.PreviousDigestSignature != nil {
		prev = *d.PreviousDigestSignature
	}
	sum := sha256.Sum256(inflated)
	return fmt.Appendf(nil, "%s\n%s/%s\n%s\n%s", d.DigestEndTime, d.DigestS3Bucket, d.DigestS3Object, hex.EncodeToString(sum[:]), prev)
}

// Verify checks a hex signature (the x-amz-meta-signature metadata) of the
// string to sign with SHA256withRSA (RSA PKCS#1 v1.5 over SHA-256).
func Verify(pub *rsa.PublicKey, toSign []byte, signatureHex string) error {
	sig, err := hex.DecodeString(signatureHex)
	if err != nil || len(sig) == 0 {
		return ErrSignatureEncoding
	}
	sum := sha256.Sum256(toSign)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return ErrSignature
	}
	return nil
}

// Fingerprint is how CloudTrail names a public key: the hex MD5 of its DER
// PKCS#1 encoding (the form ListPublicKeys returns).
func Fingerprint(der []byte) string {
	sum := md5.Sum(der)
	return hex.EncodeToString(sum[:])
}

// ParsePublicKey reads a ListPublicKeys value: DER PKCS#1 (the SDK's
// decoded blob), or that DER in base64 (as saved key files and the AWS
// CLI print it). It returns the key and its DER bytes.
func ParsePublicKey(value []byte) (*rsa.PublicKey, []byte, error) {
	der := value
	for range 2 {
		if pub, err := x509.ParsePKCS1PublicKey(der); err == nil {
			return pub, der, nil
		}
		dec, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(der)))
		if err != nil {
			break
		}
		der = dec
	}
	return nil, nil, ErrPublicKey
}

// LogHash returns the hex SHA-256 of a gzipped log file's inflated
// content, streaming. A stream with data after its first gzip member is
// rejected: CloudTrail writes one member, and a reader that stops at the
// first would hash less than a reader that does not.
func LogHash(r io.Reader) (string, error) {
	h := sha256.New()
	if err := inflateInto(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readers recycles the buffered and gzip readers of LogHash: a
// verification hashes thousands of small files.
var readers = sync.Pool{New: func() any { return &logReader{br: bufio.NewReaderSize(nil, 64<<10), buf: make([]byte, 64<<10)} }}

type logReader struct {
	br  *bufio.Reader
	zr  *gzip.Reader
	buf []byte
}

func inflateInto(h hash.Hash, r io.Reader) error {
	lr := readers.Get().(*logReader)
	defer readers.Put(lr)
	lr.br.Reset(r)
	defer lr.br.Reset(nil)
	var err error
	if lr.zr == nil {
		lr.zr, err = gzip.NewReader(lr.br)
	} else {
		err = lr.zr.Reset(lr.br)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrGzip, err)
	}
	lr.zr.Multistream(false)
	if _, err := io.CopyBuffer(h, lr.zr, lr.buf); err != nil {
		return fmt.Errorf("%w: %v", ErrGzip, err)
	}
	if _, err := lr.br.Peek(1); err == nil {
		return ErrTrailingData
	}
	return nil
}
