// Package verify proves that CloudTrail log files were not changed, deleted
// or forged after delivery: it walks the signed hourly digest chains of
// every account, region and trail under a bucket prefix, checks each
// digest's signature, location, key and links to the previous digest, the
// SHA-256 of every log file a digest lists, and the log files no digest
// covers, and reports each as a finding. It reads objects through a Store
// (S3, or a local copy) and keys through a KeySource, so it needs no SDK.
package verify

import (
	"cmp"
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/trail/verify/digest"
)

// ErrNotFound is what a Store returns for an object that does not exist.
var ErrNotFound = errors.New("no such object")

// Object is a stored object: its content and its user metadata (the
// x-amz-meta-* headers without the prefix: "signature",
// "signature-algorithm").
type Object struct {
	Body     io.ReadCloser
	Metadata map[string]string
}

// Store reads a bucket: S3 itself, or the local copy `awssec trail
// download` writes.
type Store interface {
	// List returns the object keys directly under dir (a key prefix that
	// is "" or ends in "/") and the sub-directories below it, each ending
	// in "/", as S3 lists with the delimiter "/".
	List(ctx context.Context, bucket, dir string) (keys, dirs []string, err error)
	// Get opens an object; ErrNotFound when there is none.
	Get(ctx context.Context, bucket, key string) (*Object, error)
}

// Versioned is a Store that keeps the earlier versions of objects (an S3
// bucket with versioning): a log file changed or deleted after delivery
// may still be there as it was.
type Versioned interface {
	// Versions lists the version ids of key, newest first, delete
	// markers left out.
	Versions(ctx context.Context, bucket, key string) ([]string, error)
	// GetVersion opens one version of an object.
	GetVersion(ctx context.Context, bucket, key, version string) (*Object, error)
}

// PublicKey is one CloudTrail digest-signing key.
type PublicKey struct {
	Fingerprint string
	Key         *rsa.PublicKey
	Start, End  time.Time // validity
}

// KeySource returns the public keys of a region whose validity overlaps
// [start, end] (CloudTrail ListPublicKeys, or a saved copy of its answer).
type KeySource func(ctx context.Context, region string, start, end time.Time) ([]PublicKey, error)

// Options say what to verify.
type Options struct {
	Bucket string
	Prefix string // key prefix before AWSLogs/, without slashes at the ends
	// Start and End bound the digests verified by their end times, as the
	// AWS CLI does: digests ending in [Start, End+1h].
	Start, End time.Time
	// Accounts and Regions keep only these chains; empty keeps all.
	Accounts, Regions []string
	// Trail and HomeRegion keep only one trail's chains when set.
	Trail, HomeRegion string
	Keys              KeySource
	// Concurrency bounds the requests in flight (default 32).
	Concurrency int
	// LogPasses keeps a pass result for every valid log file; without it
	// they are only counted (Result.LogsValid), so that a month of an
	// organization's logs does not hold millions of results in memory.
	LogPasses bool
	// Progress, when set, is told how many log files are checked so far;
	// calls are serialized.
	Progress func(done, total int)
}

// Check ids of the results.
const (
	CheckSignature = "cloudtrail-digest-signature"
	CheckKey       = "cloudtrail-digest-key"
	CheckRange     = "cloudtrail-digest-range"
	CheckDeleted   = "cloudtrail-digest-deleted"
	CheckChain     = "cloudtrail-digest-chain"
	CheckLogHash   = "cloudtrail-log-hash"
	CheckLogGone   = "cloudtrail-log-deleted"
	CheckUncovered = "cloudtrail-log-uncovered"
	CheckAccess    = "cloudtrail-digest-access"
)

// Result is what a verification found.
type Result struct {
	Findings []finding.Finding
	// Per-object verdicts, as the AWS CLI counts them.
	DigestsValid, DigestsInvalid int
	LogsValid, LogsInvalid       int
	// FoundStart and FoundEnd span the valid digests (zero when none).
	FoundStart, FoundEnd time.Time
	// Chains is how many digest chains (account × region × trail) were read.
	Chains int
}

// Failed reports whether anything was found invalid.
func (r *Result) Failed() bool { return r.count(finding.Fail) > 0 }

// Errors is how many results could not be assessed.
func (r *Result) Errors() int { return r.count(finding.Error) }

func (r *Result) count(s finding.Status) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == s {
			n++
		}
	}
	return n
}

// Verdicts maps each object's s3:// URI to "valid" or "invalid": what the
// AWS CLI prints for it. Objects only awssec judges (uncovered log files)
// are included as "invalid" too; valid log files only with LogPasses.
func (r *Result) Verdicts() map[string]string {
	out := map[string]string{}
	for _, f := range r.Findings {
		if f.Status == finding.Error || !strings.HasPrefix(f.ResourceID, "s3://") {
			continue
		}
		if f.Status == finding.Fail {
			out[f.ResourceID] = "invalid"
		} else if _, ok := out[f.ResourceID]; !ok {
			out[f.ResourceID] = "valid"
		}
	}
	return out
}

// state is one digest file as read and checked.
type state struct {
	bucket, s3key string
	key           digest.Key
	d             *digest.Digest
	hash          string // hex SHA-256 of the inflated content
	sig           string
	ok            bool // authentic: signature, key and location check out
	unread        bool // could not be read or judged: not assessed
	inRange       bool // asked for (not only read to check a link)
}

type run struct {
	ctx   context.Context
	store Store
	opts  Options
	sem   chan struct{}

	mu       sync.Mutex
	findings []finding.Finding
	digests  map[string]*state         // "bucket/key"
	logs     map[string][]string       // "org/account/region" → log keys listed
	restarts map[string][][2]time.Time // "org/account/region" → spans no chain covered
	tails    map[string]time.Time      // "org/account/region" → the trail's newest digest end, for a chain cut short
	// logPasses counts the valid log files not kept as results.
	logPasses int

	keyMu sync.Mutex
	keys  map[string]*keySet // region → keys
}

type keySet struct {
	once sync.Once
	byFP map[string]PublicKey
	err  error
}

// Run verifies the digest chains and log files under opts.Bucket/opts.Prefix.
func Run(ctx context.Context, store Store, opts Options) (*Result, error) {
	if opts.Concurrency < 1 {
		opts.Concurrency = 32
	}
	if opts.Keys == nil {
		return nil, errors.New("verify: no public key source")
	}
	r := &run{ctx: ctx, store: store, opts: opts, sem: make(chan struct{}, opts.Concurrency),
		digests: map[string]*state{}, logs: map[string][]string{}, restarts: map[string][][2]time.Time{}, tails: map[string]time.Time{}, keys: map[string]*keySet{}}
	digestKeys, err := r.discover()
	if err != nil {
		return nil, err
	}
	// Read and authenticate every digest in range, in parallel.
	var wg sync.WaitGroup
	for _, dk := range digestKeys {
		st := &state{bucket: opts.Bucket, s3key: dk.String(), key: dk, inRange: true}
		r.digests[st.bucket+"/"+st.s3key] = st
		wg.Go(func() { r.readDigest(st) })
	}
	wg.Wait()
	chains := r.checkChains()
	r.checkLogs()
	r.checkUncovered()
	return r.result(chains), nil
}

func (r *run) acquire() func() {
	r.sem <- struct{}{}
	return func() { <-r.sem }
}

// original looks for the delivered version of a changed or deleted log
// file among the object's earlier versions, when the store keeps them, and
// says where it is. It runs in the slot of the log file's check.
func (r *run) original(msg string, lf digest.LogFile, ev ...finding.Evidence) (string, []finding.Evidence) {
	vs, ok := r.store.(Versioned)
	if !ok {
		return msg, ev
	}
	ids, err := vs.Versions(r.ctx, lf.S3Bucket, lf.S3Object)
	if err != nil {
		return msg, ev // versioning off or not allowed: nothing to add
	}
	for _, id := range ids {
		obj, err := vs.GetVersion(r.ctx, lf.S3Bucket, lf.S3Object, id)
		if err != nil {
			continue
		}
		sum, err := digest.LogHash(obj.Body)
		obj.Body.Close()
		if err == nil && strings.EqualFold(sum, lf.HashValue) {
			return msg + "; the delivered file is still in the bucket as version " + id,
				append(ev, finding.Evidence{Field: "versionId", Value: id, Source: "s3:ListObjectVersions"})
		}
	}
	return msg, ev
}

func (r *run) add(f finding.Finding) {
	r.mu.Lock()
	r.findings = append(r.findings, f)
	r.mu.Unlock()
}

func (r *run) uri(bucket, key string) string { return "s3://" + bucket + "/" + key }

// discover lists the digest keys in range and the log keys of the same
// days, walking AWSLogs/[o-id/]account/{CloudTrail-Digest,CloudTrail}/region/yyyy/mm/dd/
// with delimiter listings so that only the days asked for are read.
func (r *run) discover() ([]digest.Key, error) {
	root := "AWSLogs/"
	if r.opts.Prefix != "" {
		root = r.opts.Prefix + "/AWSLogs/"
	}
	_, top, err := r.list(root)
	if err != nil {
		return nil, err
	}
	var accountDirs []string
	for _, d := range top {
		name := strings.TrimSuffix(strings.TrimPrefix(d, root), "/")
		if strings.HasPrefix(name, "o-") {
			_, sub, err := r.list(d)
			if err != nil {
				return nil, err
			}
			accountDirs = append(accountDirs, sub...)
			continue
		}
		accountDirs = append(accountDirs, d)
	}
	// A listing that fails leaves its account or day not assessed: an
	// error result for it, and the walk goes on with the rest.
	notAssessed := func(account, region, dir string, err error) {
		r.add(finding.Finding{CheckID: CheckAccess, Title: titles[CheckAccess], Service: "cloudtrail", Severity: finding.High,
			Status: finding.Error, Account: account, Region: cmp.Or(region, finding.Global), ResourceType: "AWS::S3::Bucket",
			ResourceID: r.uri(r.opts.Bucket, dir), Message: "not assessed: " + err.Error()})
	}
	type day struct{ dir, account, region string }
	var (
		mu   sync.Mutex
		days []day
		wg   sync.WaitGroup
	)
	first := r.opts.Start.Add(-time.Hour).UTC().Truncate(24 * time.Hour)
	last := r.opts.End.Add(2 * time.Hour).UTC()
	for _, ad := range accountDirs {
		account := lastSegment(ad)
		if len(r.opts.Accounts) > 0 && !slices.Contains(r.opts.Accounts, account) {
			continue
		}
		wg.Go(func() {
			_, regions, err := r.list(ad + "CloudTrail-Digest/")
			if err != nil {
				notAssessed(account, "", ad+"CloudTrail-Digest/", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, rd := range regions {
				region := lastSegment(rd)
				if len(r.opts.Regions) > 0 && !slices.Contains(r.opts.Regions, region) {
					continue
				}
				for t := first; !t.After(last); t = t.Add(24 * time.Hour) {
					days = append(days, day{dir: ad + "%s/" + region + "/" + t.Format("2006/01/02") + "/", account: account, region: region})
				}
			}
		})
	}
	wg.Wait()
	var keys []digest.Key
	for _, d := range days {
		wg.Go(func() {
			ddir, ldir := fmt.Sprintf(d.dir, "CloudTrail-Digest"), fmt.Sprintf(d.dir, "CloudTrail")
			dkeys, _, err := r.list(ddir)
			if err != nil {
				notAssessed(d.account, d.region, ddir, err)
			}
			lkeys, _, err := r.list(ldir)
			if err != nil {
				notAssessed(d.account, d.region, ldir, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, k := range dkeys {
				dk, ok := digest.ParseKey(k)
				if !ok || !r.wanted(dk) {
					continue
				}
				keys = append(keys, dk)
			}
			for _, k := range lkeys {
				if lk, ok := digest.ParseLogKey(k); ok {
					scope := lk.OrgID + "/" + lk.Account + "/" + lk.Region
					r.logs[scope] = append(r.logs[scope], k)
				}
			}
		})
	}
	wg.Wait()
	slices.SortFunc(keys, func(a, b digest.Key) int { return strings.Compare(a.String(), b.String()) })
	return keys, nil
}

func (r *run) wanted(k digest.Key) bool {
	if k.End.Before(r.opts.Start) || k.End.After(r.opts.End.Add(time.Hour)) {
		return false
	}
	if r.opts.Trail != "" && (k.Trail != r.opts.Trail || (r.opts.HomeRegion != "" && k.HomeRegion != r.opts.HomeRegion)) {
		return false
	}
	return true
}

func lastSegment(dir string) string {
	dir = strings.TrimSuffix(dir, "/")
	return dir[strings.LastIndexByte(dir, '/')+1:]
}

func (r *run) list(dir string) ([]string, []string, error) {
	defer r.acquire()()
	keys, dirs, err := r.store.List(r.ctx, r.opts.Bucket, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("listing s3://%s/%s: %w", r.opts.Bucket, dir, err)
	}
	return keys, dirs, nil
}

// fetch reads a whole object (digests are small).
func (r *run) fetch(bucket, key string) ([]byte, map[string]string, error) {
	defer r.acquire()()
	obj, err := r.store.Get(r.ctx, bucket, key)
	if err != nil {
		return nil, nil, err
	}
	defer obj.Body.Close()
	data, err := io.ReadAll(io.LimitReader(obj.Body, digest.MaxDigestSize+1))
	return data, obj.Metadata, err
}

func (r *run) finding(check string, sev finding.Severity, status finding.Status, k digest.Key, bucket, key, msg string, ev ...finding.Evidence) finding.Finding {
	return finding.Finding{CheckID: check, Title: titles[check], Service: "cloudtrail", Severity: sev, Status: status,
		Account: k.Account, Region: k.Region, ResourceType: "AWS::S3::Object", ResourceID: r.uri(bucket, key),
		ResourceName: k.Trail, Message: msg, Evidence: ev}
}

var titles = map[string]string{
	CheckSignature: "CloudTrail digest file is authentic",
	CheckKey:       "CloudTrail digest is signed with a known CloudTrail key",
	CheckRange:     "CloudTrail digest times match its name",
	CheckDeleted:   "CloudTrail digest file is present",
	CheckChain:     "CloudTrail digest chain is unbroken",
	CheckLogHash:   "CloudTrail log file is unchanged",
	CheckLogGone:   "CloudTrail log file is present",
	CheckUncovered: "CloudTrail log file is covered by a digest",
	CheckAccess:    "CloudTrail digests could be read",
}

// readDigest fetches, parses and authenticates one digest.
func (r *run) readDigest(st *state) {
	k := st.key
	data, meta, err := r.fetch(st.bucket, st.s3key)
	if err != nil {
		if errors.Is(err, ErrNotFound) { // listed a moment ago, gone now
			r.add(r.finding(CheckDeleted, finding.High, finding.Fail, k, st.bucket, st.s3key, "digest file deleted while being verified"))
			return
		}
		st.unread = true
		r.add(r.finding(CheckSignature, finding.High, finding.Error, k, st.bucket, st.s3key, "not assessed: "+err.Error()))
		return
	}
	fail := func(check, msg string, ev ...finding.Evidence) {
		r.add(r.finding(check, finding.High, finding.Fail, k, st.bucket, st.s3key, msg, ev...))
	}
	d, inflated, err := digest.Parse(r.uri(st.bucket, st.s3key), data)
	if err != nil {
		fail(CheckSignature, "invalid format: "+err.Error())
		return
	}
	sum := sha256.Sum256(inflated)
	st.d, st.hash, st.sig = d, hex.EncodeToString(sum[:]), meta["signature"]
	if d.DigestS3Bucket != st.bucket || d.DigestS3Object != st.s3key {
		fail(CheckSignature, "digest has been moved from its original location s3://"+d.DigestS3Bucket+"/"+d.DigestS3Object)
		return
	}
	if !d.End.Equal(k.End) || !d.Start.Before(d.End) || d.AWSAccountID != k.Account {
		fail(CheckRange, fmt.Sprintf("digest says account %s, %s to %s; its name says account %s, ending %s",
			d.AWSAccountID, d.DigestStartTime, d.DigestEndTime, k.Account, k.End.Format(time.RFC3339)))
		return
	}
	if st.sig == "" {
		fail(CheckSignature, "forged digest: no x-amz-meta-signature metadata")
		return
	}
	if alg := meta["signature-algorithm"]; alg != "SHA256withRSA" {
		fail(CheckSignature, fmt.Sprintf("forged digest: signature algorithm %q, want SHA256withRSA", alg))
		return
	}
	ks := r.keySet(k.Region)
	if ks.err != nil {
		st.unread = true
		r.add(r.finding(CheckKey, finding.High, finding.Error, k, st.bucket, st.s3key, "not assessed: public keys of "+k.Region+": "+ks.err.Error()))
		return
	}
	pk, found := ks.byFP[d.DigestPublicKeyFingerprint]
	if !found {
		fail(CheckKey, fmt.Sprintf("unknown key: no CloudTrail public key in %s has fingerprint %s", k.Region, d.DigestPublicKeyFingerprint),
			finding.Evidence{Field: "digestPublicKeyFingerprint", Value: d.DigestPublicKeyFingerprint, Source: "cloudtrail:ListPublicKeys"})
		return
	}
	if d.End.Before(pk.Start) || (!pk.End.IsZero() && d.End.After(pk.End)) {
		fail(CheckKey, fmt.Sprintf("key %s was valid %s to %s, not at the digest's end %s", pk.Fingerprint,
			pk.Start.Format(time.RFC3339), pk.End.Format(time.RFC3339), d.DigestEndTime))
		return
	}
	if err := digest.Verify(pk.Key, digest.StringToSign(d, inflated), st.sig); err != nil {
		msg := "forged digest: signature verification failed"
		if errors.Is(err, digest.ErrSignatureEncoding) {
			msg = "forged digest: x-amz-meta-signature is not hex"
		}
		fail(CheckSignature, msg, finding.Evidence{Field: "digestPublicKeyFingerprint", Value: pk.Fingerprint})
		return
	}
	st.ok = true
	r.add(r.finding(CheckSignature, finding.High, finding.Pass, k, st.bucket, st.s3key,
		fmt.Sprintf("signature valid (key %s); %d log files listed", pk.Fingerprint, len(d.LogFiles))))
}

func (r *run) keySet(region string) *keySet {
	r.keyMu.Lock()
	ks := r.keys[region]
	if ks == nil {
		ks = &keySet{}
		r.keys[region] = ks
	}
	r.keyMu.Unlock()
	ks.once.Do(func() {
		defer r.acquire()()
		list, err := r.opts.Keys(r.ctx, region, r.opts.Start.Add(-2*time.Hour), r.opts.End.Add(2*time.Hour))
		if err != nil {
			ks.err = err
			return
		}
		ks.byFP = map[string]PublicKey{}
		for _, k := range list {
			ks.byFP[k.Fingerprint] = k
		}
	})
	return ks
}

// checkChains links each digest to its previous one and reports deleted
// digests (one per missing hour), broken links and chain starts. It
// returns how many chains it saw.
func (r *run) checkChains() int {
	chains := map[digest.Chain][]*state{}
	for _, st := range r.digests {
		if !st.key.Backfill {
			chains[st.key.Chain()] = append(chains[st.key.Chain()], st)
		}
	}
	var wg sync.WaitGroup
	for _, list := range chains {
		slices.SortFunc(list, func(a, b *state) int { return a.key.End.Compare(b.key.End) })
		wg.Go(func() {
			for i, st := range list {
				var before *state
				if i > 0 {
					before = list[i-1]
				}
				r.checkLink(st, before)
			}
		})
	}
	wg.Wait()
	r.checkTails(chains)
	return len(chains)
}

// checkTails finds the newest digests deleted from the end of a chain,
// which no later digest can point at: a trail delivers a digest every hour
// for every region and member account it records, so when one of its
// chains stops hours before the others, the hours in between are missing.
func (r *run) checkTails(chains map[digest.Chain][]*state) {
	type trail struct{ org, name, home string }
	latest := map[trail]*state{}
	for c, list := range chains {
		t, last := trail{c.OrgID, c.Trail, c.HomeRegion}, list[len(list)-1]
		if l := latest[t]; l == nil || last.key.End.After(l.key.End) {
			latest[t] = last
		}
	}
	for c, list := range chains {
		last, newest := list[len(list)-1], latest[trail{c.OrgID, c.Trail, c.HomeRegion}]
		missing := int(math.Round(newest.key.End.Sub(last.key.End).Hours()))
		if newest.key.End.Sub(last.key.End) < 90*time.Minute {
			continue // the chains end together, give or take their minutes
		}
		r.mu.Lock()
		r.tails[c.OrgID+"/"+c.Account+"/"+c.Region] = newest.key.End
		r.mu.Unlock()
		for i := 1; i <= missing; i++ {
			gone := last.key
			gone.End = last.key.End.Add(time.Duration(i) * time.Hour)
			if gone.End.After(r.opts.End.Add(time.Hour)) {
				break
			}
			r.add(r.finding(CheckDeleted, finding.High, finding.Fail, gone, last.bucket, gone.String(),
				fmt.Sprintf("deleted digest: the hour ending about %s has no digest after %s, while the trail delivered until %s (%s)",
					gone.End.Format(time.RFC3339), r.uri(last.bucket, last.s3key), newest.key.End.Format(time.RFC3339), newest.key.Region)))
		}
	}
}

func (r *run) checkLink(st, before *state) {
	d, k := st.d, st.key
	if d == nil || !st.ok {
		return // unreadable or not authentic: its links prove nothing
	}
	if d.PreviousDigestS3Object == nil || d.PreviousDigestS3Bucket == nil {
		msg := "chain starts here: no previous digest (logging or validation started)"
		if before != nil && before.d != nil {
			msg = fmt.Sprintf("chain restarts: no digest between %s and %s (logging or validation was off)",
				before.d.End.Format(time.RFC3339), d.Start.Format(time.RFC3339))
			scope := k.OrgID + "/" + k.Account + "/" + k.Region
			r.mu.Lock()
			r.restarts[scope] = append(r.restarts[scope], [2]time.Time{before.d.End, d.Start})
			r.mu.Unlock()
		}
		r.add(r.finding(CheckChain, finding.Info, finding.Pass, k, st.bucket, st.s3key, msg))
		return
	}
	pb, pk := *d.PreviousDigestS3Bucket, *d.PreviousDigestS3Object
	r.mu.Lock()
	prev := r.digests[pb+"/"+pk]
	r.mu.Unlock()
	if prev == nil { // before the range, or deleted: read it to find out
		prev = &state{bucket: pb, s3key: pk}
		data, meta, err := r.fetch(pb, pk)
		switch {
		case errors.Is(err, ErrNotFound):
			r.reportDeleted(st, before, pb, pk)
			return
		case err != nil:
			r.add(r.finding(CheckChain, finding.High, finding.Error, k, st.bucket, st.s3key, "not assessed: previous digest: "+err.Error()))
			return
		}
		if pd, inflated, err := digest.Parse(r.uri(pb, pk), data); err == nil {
			sum := sha256.Sum256(inflated)
			prev.d, prev.hash, prev.sig = pd, hex.EncodeToString(sum[:]), meta["signature"]
		}
	}
	if prev.inRange && !prev.ok {
		return // reported already: a link to it proves nothing more
	}
	if prev.d == nil {
		r.add(r.finding(CheckChain, finding.High, finding.Fail, k, st.bucket, st.s3key, "broken chain: previous digest "+r.uri(pb, pk)+" is unreadable"))
		return
	}
	var problems []string
	if d.PreviousDigestSignature == nil || !strings.EqualFold(*d.PreviousDigestSignature, prev.sig) {
		problems = append(problems, "previousDigestSignature does not match the previous digest's signature")
	}
	if d.PreviousDigestHashValue == nil || !strings.EqualFold(*d.PreviousDigestHashValue, prev.hash) {
		problems = append(problems, "previousDigestHashValue does not match the previous digest's SHA-256")
	}
	if len(problems) > 0 {
		r.add(r.finding(CheckChain, finding.High, finding.Fail, k, st.bucket, st.s3key,
			"broken chain: "+strings.Join(problems, "; ")+" ("+r.uri(pb, pk)+")"))
	}
}

// reportDeleted reports the missing previous digest and every hourly digest
// missing between it and the last digest present before it.
func (r *run) reportDeleted(st, before *state, pb, pk string) {
	k := st.key
	r.add(r.finding(CheckDeleted, finding.High, finding.Fail, k, pb, pk,
		"deleted digest: referenced by "+r.uri(st.bucket, st.s3key)+" but not found"))
	if before == nil || before.d == nil {
		return
	}
	missing := int(math.Round(st.d.Start.Sub(before.d.End).Hours()))
	for i := 1; i < missing; i++ {
		end := st.d.Start.Add(-time.Duration(i) * time.Hour)
		gone := k
		gone.End = end
		r.add(r.finding(CheckDeleted, finding.High, finding.Fail, k, pb, gone.String(),
			fmt.Sprintf("deleted digest: the hour ending about %s between %s and %s has no digest",
				end.Format(time.RFC3339), r.uri(before.bucket, before.s3key), r.uri(st.bucket, st.s3key))))
	}
}

// checkLogs hashes every log file the authentic digests list, on as many
// workers as requests may be in flight: long-lived workers keep the deep
// stacks of SDK calls grown once instead of once per file.
func (r *run) checkLogs() {
	type job struct {
		st *state
		lf digest.LogFile
	}
	jobs := make(chan job)
	total, done := 0, 0
	for _, st := range r.digests {
		if st.ok && st.inRange {
			total += len(st.d.LogFiles)
		}
	}
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Go(func() {
			for j := range jobs {
				r.checkLog(j.st, j.lf)
				if r.opts.Progress != nil {
					r.mu.Lock()
					if done++; done%64 == 0 || done == total {
						r.opts.Progress(done, total)
					}
					r.mu.Unlock()
				}
			}
		})
	}
	for _, st := range r.digests {
		if !st.ok || !st.inRange {
			continue
		}
		for _, lf := range st.d.LogFiles {
			jobs <- job{st, lf}
		}
	}
	close(jobs)
	wg.Wait()
}

func (r *run) checkLog(st *state, lf digest.LogFile) {
	k := st.key
	defer r.acquire()()
	obj, err := r.store.Get(r.ctx, lf.S3Bucket, lf.S3Object)
	switch {
	case errors.Is(err, ErrNotFound):
		msg, evs := r.original("deleted log file: listed by "+r.uri(st.bucket, st.s3key)+" but not found", lf)
		r.add(r.finding(CheckLogGone, finding.High, finding.Fail, k, lf.S3Bucket, lf.S3Object, msg, evs...))
		return
	case err != nil:
		r.add(r.finding(CheckLogHash, finding.High, finding.Error, k, lf.S3Bucket, lf.S3Object, "not assessed: "+err.Error()))
		return
	}
	sum, err := digest.LogHash(obj.Body)
	obj.Body.Close()
	ev := finding.Evidence{Field: "hashValue", Value: lf.HashValue, Source: r.uri(st.bucket, st.s3key)}
	switch {
	case errors.Is(err, digest.ErrGzip) || errors.Is(err, digest.ErrTrailingData):
		msg, evs := r.original("tampered log file: invalid format: "+err.Error(), lf, ev)
		r.add(r.finding(CheckLogHash, finding.High, finding.Fail, k, lf.S3Bucket, lf.S3Object, msg, evs...))
	case err != nil:
		r.add(r.finding(CheckLogHash, finding.High, finding.Error, k, lf.S3Bucket, lf.S3Object, "not assessed: "+err.Error()))
	case !strings.EqualFold(sum, lf.HashValue):
		msg, evs := r.original("tampered log file: SHA-256 "+sum+" does not match the digest's", lf, ev)
		r.add(r.finding(CheckLogHash, finding.High, finding.Fail, k, lf.S3Bucket, lf.S3Object, msg, evs...))
	case r.opts.LogPasses:
		r.add(r.finding(CheckLogHash, finding.High, finding.Pass, k, lf.S3Bucket, lf.S3Object, "hash matches the digest", ev))
	default:
		r.mu.Lock()
		r.logPasses++
		r.mu.Unlock()
	}
}

// checkUncovered reports log files in the bucket that no authentic digest
// lists, delivered while the chain of their account and region was
// running (from its first digest's start to its last digest's start, so
// a file delivered near the end of the range, not digested yet, is not
// blamed).
func (r *run) checkUncovered() {
	covered := map[string]bool{}
	type span struct{ from, to time.Time }
	spans := map[string]span{}
	unread := map[string][]time.Time{} // scope → end times of digests not assessed
	for _, st := range r.digests {
		if st.unread {
			scope := st.key.OrgID + "/" + st.key.Account + "/" + st.key.Region
			unread[scope] = append(unread[scope], st.key.End)
		}
		if !st.ok || !st.inRange {
			continue
		}
		for _, lf := range st.d.LogFiles {
			covered[lf.S3Bucket+"/"+lf.S3Object] = true
		}
		scope := st.key.OrgID + "/" + st.key.Account + "/" + st.key.Region
		sp, ok := spans[scope]
		if !ok || st.d.Start.Before(sp.from) {
			sp.from = st.d.Start
		}
		if !ok || st.d.Start.After(sp.to) {
			sp.to = st.d.Start
		}
		spans[scope] = sp
	}
	for scope, keys := range r.logs {
		sp, ok := spans[scope]
		if !ok {
			continue
		}
		if end, ok := r.tails[scope]; ok && end.Add(-time.Hour).After(sp.to) {
			sp.to = end.Add(-time.Hour) // the chain should have run as long as the trail's others
		}
		for _, key := range keys {
			lk, _ := digest.ParseLogKey(key)
			if covered[r.opts.Bucket+"/"+key] || lk.Delivered.Before(sp.from) || !lk.Delivered.Before(sp.to) ||
				lk.Delivered.Before(r.opts.Start) || lk.Delivered.After(r.opts.End) ||
				slices.ContainsFunc(unread[scope], func(end time.Time) bool { // its digest may be the unread one
					return lk.Delivered.After(end.Add(-2*time.Hour)) && !lk.Delivered.After(end)
				}) {
				continue
			}
			k := digest.Key{Account: lk.Account, Region: lk.Region, OrgID: lk.OrgID}
			sev, msg := finding.Medium, "log file not covered: delivered "+lk.Delivered.Format(time.RFC3339)+" but listed by no digest"
			if slices.ContainsFunc(r.restarts[scope], func(gap [2]time.Time) bool {
				return !lk.Delivered.Before(gap[0].Add(-time.Hour)) && !lk.Delivered.After(gap[1])
			}) {
				// Files delivered while validation was off are expected to
				// have no digest: still unproven, but no sign of tampering.
				sev, msg = finding.Low, msg+", while no digest chain ran (logging or validation was off)"
			}
			r.add(r.finding(CheckUncovered, sev, finding.Fail, k, r.opts.Bucket, key, msg))
		}
	}
}

func (r *run) result(chains int) *Result {
	res := &Result{Findings: r.findings, Chains: chains, LogsValid: r.logPasses}
	slices.SortStableFunc(res.Findings, func(a, b finding.Finding) int {
		return cmp.Or(strings.Compare(a.ResourceID, b.ResourceID), strings.Compare(a.CheckID, b.CheckID))
	})
	verdict := map[string]finding.Status{}
	isLog := map[string]bool{}
	for _, f := range res.Findings {
		if f.CheckID == CheckChain && f.Status == finding.Pass {
			continue
		}
		log := strings.HasPrefix(f.CheckID, "cloudtrail-log-")
		isLog[f.ResourceID] = log
		if v, ok := verdict[f.ResourceID]; !ok || v == finding.Pass || f.Status == finding.Fail {
			verdict[f.ResourceID] = f.Status
		}
	}
	for id, v := range verdict {
		switch {
		case isLog[id] && v == finding.Pass:
			res.LogsValid++
		case isLog[id] && v == finding.Fail:
			res.LogsInvalid++
		case v == finding.Pass:
			res.DigestsValid++
		case v == finding.Fail:
			res.DigestsInvalid++
		}
	}
	for _, st := range r.digests {
		if st.ok && st.inRange {
			if res.FoundStart.IsZero() || st.d.Start.Before(res.FoundStart) {
				res.FoundStart = st.d.Start
			}
			if st.d.End.After(res.FoundEnd) {
				res.FoundEnd = st.d.End
			}
		}
	}
	return res
}
