// Package chaingen writes CloudTrail log files and signed hourly digest
// chains the way CloudTrail delivers them, following AWS's "CloudTrail
// digest file structure" and "Custom implementations of CloudTrail log
// file integrity validation" pages: the S3 key layouts (organization
// trails, backfill digests), the digest JSON, the string to sign, RSA
// PKCS#1 v1.5 SHA-256 signatures in x-amz-meta-signature. It is the
// fixture generator of the verifier's tests and benchmark, and shares no
// code with the verifier beyond the standard library.
package chaingen

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"
)

// Object is one S3 object CloudTrail would deliver.
type Object struct {
	Bucket, Key string
	Data        []byte
	Metadata    map[string]string // x-amz-meta-* without the prefix
}

// URI is the object's s3:// address.
func (o *Object) URI() string { return "s3://" + o.Bucket + "/" + o.Key }

// Signer is a region's CloudTrail signing key.
type Signer struct {
	Key *rsa.PrivateKey
	// Start and End are the key's validity, as ListPublicKeys reports it.
	Start, End time.Time
}

// DER is the public key as ListPublicKeys returns it: PKCS#1 DER.
func (s Signer) DER() []byte { return x509.MarshalPKCS1PublicKey(&s.Key.PublicKey) }

// Fingerprint is the MD5 hex of DER, as CloudTrail names keys.
func (s Signer) Fingerprint() string {
	sum := md5.Sum(s.DER())
	return hex.EncodeToString(sum[:])
}

// Spec describes one chain: one trail's digests for one account and region.
type Spec struct {
	Bucket, Prefix    string
	OrgID             string // set for an organization trail
	Account, Region   string
	Trail, HomeRegion string
	// Start is the start of the first digest; each digest covers an hour
	// and ends 31 s past the hour mark of Start, as real ones drift.
	Start       time.Time
	Hours       int
	LogsPerHour int
	// Empty hours deliver a digest listing no log files.
	Empty map[int]bool
	// Stopped hours deliver nothing (logging stopped); the next digest
	// starts a new chain with a null previous signature.
	Stopped map[int]bool
	// Backfill hours get a second, backfill digest listing one late log file.
	Backfill map[int]bool
	Signer   Signer
	Seed     uint64
}

// Chain is what one Spec delivered, in delivery order.
type Chain struct {
	Objects   []*Object
	Digests   []*Object // hourly digests, oldest first (backfills not included)
	Backfills []*Object // backfill digests
	Logs      []*Object
}

type logEntry struct {
	S3Bucket        string `json:"s3Bucket"`
	S3Object        string `json:"s3Object"`
	HashValue       string `json:"hashValue"`
	HashAlgorithm   string `json:"hashAlgorithm"`
	NewestEventTime string `json:"newestEventTime"`
	OldestEventTime string `json:"oldestEventTime"`
}

// digestDoc is the digest file's JSON, members in the documented order.
type digestDoc struct {
	AWSAccountID                string     `json:"awsAccountId"`
	DigestStartTime             string     `json:"digestStartTime"`
	DigestEndTime               string     `json:"digestEndTime"`
	DigestS3Bucket              string     `json:"digestS3Bucket"`
	DigestS3Object              string     `json:"digestS3Object"`
	DigestPublicKeyFingerprint  string     `json:"digestPublicKeyFingerprint"`
	DigestSignatureAlgorithm    string     `json:"digestSignatureAlgorithm"`
	NewestEventTime             *string    `json:"newestEventTime"`
	OldestEventTime             *string    `json:"oldestEventTime"`
	PreviousDigestS3Bucket      *string    `json:"previousDigestS3Bucket"`
	PreviousDigestS3Object      *string    `json:"previousDigestS3Object"`
	PreviousDigestHashValue     *string    `json:"previousDigestHashValue"`
	PreviousDigestHashAlgorithm *string    `json:"previousDigestHashAlgorithm"`
	PreviousDigestSignature     *string    `json:"previousDigestSignature"`
	LogFiles                    []logEntry `json:"logFiles"`
}

const (
	stamp       = "2006-01-02T15:04:05Z"
	digestStamp = "20060102T150405Z"
	logStamp    = "20060102T1504Z"
)

func (s *Spec) root() string {
	r := "AWSLogs/"
	if s.Prefix != "" {
		r = s.Prefix + "/" + r
	}
	if s.OrgID != "" {
		r += s.OrgID + "/"
	}
	return r + s.Account + "/"
}

// DigestKey is the key of the digest ending at end.
func (s *Spec) DigestKey(end time.Time, backfill bool) string {
	k := fmt.Sprintf("%sCloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_%s_%s_%s", s.root(), s.Region, end.Format("2006/01/02"),
		s.Account, s.Region, s.Trail, s.HomeRegion, end.Format(digestStamp))
	if backfill {
		k += "_backfill"
	}
	return k + ".json.gz"
}

func (s *Spec) logKey(at time.Time, rnd *mrand.Rand) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var id [16]byte
	for i := range id {
		id[i] = alnum[rnd.IntN(len(alnum))]
	}
	return fmt.Sprintf("%sCloudTrail/%s/%s/%s_CloudTrail_%s_%s_%s.json.gz", s.root(), s.Region, at.Format("2006/01/02"),
		s.Account, s.Region, at.Format(logStamp), id[:])
}

// Generate delivers the chain.
func Generate(s Spec) *Chain {
	rnd := mrand.New(mrand.NewPCG(s.Seed, 0x5eed))
	c := &Chain{}
	var prev *Object
	var prevInflated []byte
	start := s.Start.UTC().Truncate(time.Second)
	for h := range s.Hours {
		end := start.Add(time.Hour)
		if s.Stopped[h] {
			prev, prevInflated = nil, nil
			start = end
			continue
		}
		var entries []logEntry
		if !s.Empty[h] {
			for i := range s.LogsPerHour {
				at := start.Add(time.Duration(i+1) * time.Hour / time.Duration(s.LogsPerHour+1))
				entries = append(entries, c.addLog(&s, at, rnd))
			}
		}
		d, inflated := s.digest(start, end, false, entries, prev, prevInflated)
		c.Objects = append(c.Objects, d)
		c.Digests = append(c.Digests, d)
		if s.Backfill[h] {
			late := c.addLog(&s, start.Add(59*time.Minute), rnd)
			b, _ := s.digest(start, end.Add(7*time.Minute), true, []logEntry{late}, nil, nil)
			c.Objects = append(c.Objects, b)
			c.Backfills = append(c.Backfills, b)
		}
		prev, prevInflated = d, inflated
		start = end
	}
	return c
}

func (c *Chain) addLog(s *Spec, at time.Time, rnd *mrand.Rand) logEntry {
	content := LogContent(s.Account, s.Region, at, 3+rnd.IntN(5), rnd)
	o := &Object{Bucket: s.Bucket, Key: s.logKey(at, rnd), Data: Gzip(content)}
	c.Objects = append(c.Objects, o)
	c.Logs = append(c.Logs, o)
	sum := sha256.Sum256(content)
	return logEntry{S3Bucket: o.Bucket, S3Object: o.Key, HashValue: hex.EncodeToString(sum[:]), HashAlgorithm: "SHA-256",
		NewestEventTime: at.Add(-time.Minute).Format(stamp), OldestEventTime: at.Add(-6 * time.Minute).Format(stamp)}
}

func (s *Spec) digest(start, end time.Time, backfill bool, entries []logEntry, prev *Object, prevInflated []byte) (*Object, []byte) {
	key := s.DigestKey(end, backfill)
	doc := digestDoc{AWSAccountID: s.Account, DigestStartTime: start.Format(stamp), DigestEndTime: end.Format(stamp),
		DigestS3Bucket: s.Bucket, DigestS3Object: key, DigestPublicKeyFingerprint: s.Signer.Fingerprint(),
		DigestSignatureAlgorithm: "SHA256withRSA", LogFiles: entries}
	if doc.LogFiles == nil {
		doc.LogFiles = []logEntry{}
	}
	if len(entries) > 0 {
		doc.NewestEventTime, doc.OldestEventTime = &entries[len(entries)-1].NewestEventTime, &entries[0].OldestEventTime
	}
	prevSig := "null"
	if prev != nil {
		sum := sha256.Sum256(prevInflated)
		h, alg, sig := hex.EncodeToString(sum[:]), "SHA-256", prev.Metadata["signature"]
		doc.PreviousDigestS3Bucket, doc.PreviousDigestS3Object = &prev.Bucket, &prev.Key
		doc.PreviousDigestHashValue, doc.PreviousDigestHashAlgorithm, doc.PreviousDigestSignature = &h, &alg, &sig
		prevSig = sig
	}
	inflated, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	o := &Object{Bucket: s.Bucket, Key: key, Data: Gzip(inflated),
		Metadata: map[string]string{"signature": Sign(s.Signer.Key, doc.DigestEndTime, s.Bucket, key, inflated, prevSig), "signature-algorithm": "SHA256withRSA"}}
	return o, inflated
}

// Sign is CloudTrail's digest signature: hex RSA PKCS#1 v1.5 over SHA-256
// of "end\nbucket/key\nhex(sha256(inflated digest))\nprevious signature".
func Sign(key *rsa.PrivateKey, end, bucket, s3key string, inflated []byte, prevSig string) string {
	sum := sha256.Sum256(inflated)
	toSign := end + "\n" + bucket + "/" + s3key + "\n" + hex.EncodeToString(sum[:]) + "\n" + prevSig
	h := sha256.Sum256([]byte(toSign))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, h[:])
	if err != nil {
		panic(err)
	}
	return hex.EncodeToString(sig)
}

// Gzip compresses data as one gzip member.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// Gunzip inflates data (tests use it to tamper with content).
func Gunzip(data []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(zr); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// LogContent is a log file's JSON: {"Records":[...]} with n management
// events in CloudTrail's record format.
func LogContent(account, region string, at time.Time, n int, rnd *mrand.Rand) []byte {
	events := []struct{ source, name string }{
		{"ec2.amazonaws.com", "DescribeInstances"}, {"s3.amazonaws.com", "ListBuckets"},
		{"iam.amazonaws.com", "ListRoles"}, {"sts.amazonaws.com", "AssumeRole"}, {"kms.amazonaws.com", "Decrypt"},
	}
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i := range n {
		e := events[rnd.IntN(len(events))]
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:session-%d",`+
			`"arn":"arn:aws:sts::%s:assumed-role/Admin/session-%d","accountId":"%s"},"eventTime":"%s","eventSource":"%s",`+
			`"eventName":"%s","awsRegion":"%s","sourceIPAddress":"198.51.100.%d","userAgent":"aws-cli/2.9.19",`+
			`"requestParameters":null,"responseElements":null,"requestID":"%08x-0000-4000-8000-%012x","eventID":"%08x-1111-4000-8000-%012x",`+
			`"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}`,
			i, account, i, account, at.Add(-time.Duration(n-i)*time.Minute).Format(stamp), e.source, e.name, region, 1+rnd.IntN(250),
			rnd.Uint32(), rnd.Uint64()&0xffffffffffff, rnd.Uint32(), rnd.Uint64()&0xffffffffffff, account)
	}
	b.WriteString("]}")
	return []byte(b.String())
}
