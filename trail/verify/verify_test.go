package verify_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/chaingen"
	"github.com/awssec/awssec/trail/verify/digest"
)

// keys are the test binary's RSA keys: us-east-1, eu-west-1 and a rogue one.
var keys = sync.OnceValue(func() [3]*rsa.PrivateKey {
	var out [3]*rsa.PrivateKey
	for i := range out {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		out[i] = k
	}
	return out
})

func fixture() *chaingen.Fixture {
	k := keys()
	return chaingen.NewFixture(k[0], k[1], k[2])
}

// memStore serves a fixture's objects the way S3 lists them.
type memStore struct{ objects map[string]*chaingen.Object }

func (m memStore) List(_ context.Context, bucket, dir string) (keys, dirs []string, err error) {
	seen := map[string]bool{}
	for k, o := range m.objects {
		if o.Bucket != bucket || !strings.HasPrefix(k, dir) {
			continue
		}
		rest := k[len(dir):]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			if d := dir + rest[:i+1]; !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Sort(dirs)
	return keys, dirs, nil
}

func (m memStore) Get(_ context.Context, bucket, key string) (*verify.Object, error) {
	o, ok := m.objects[key]
	if !ok || o.Bucket != bucket {
		return nil, verify.ErrNotFound
	}
	return &verify.Object{Body: io.NopCloser(bytes.NewReader(o.Data)), Metadata: o.Metadata}, nil
}

// keySource serves the fixture's published keys.
func keySource(f *chaingen.Fixture) verify.KeySource {
	return func(_ context.Context, region string, _, _ time.Time) ([]verify.PublicKey, error) {
		var out []verify.PublicKey
		for _, s := range f.Keys[region] {
			out = append(out, verify.PublicKey{Fingerprint: s.Fingerprint(), Key: &s.Key.PublicKey, Start: s.Start, End: s.End})
		}
		return out, nil
	}
}

func options(f *chaingen.Fixture) verify.Options {
	return verify.Options{Bucket: chaingen.Bucket, Start: chaingen.Start, End: chaingen.Start.Add(chaingen.Hours * time.Hour), Keys: keySource(f)}
}

// failures lists the failed results as "check-id uri", sorted.
func failures(t *testing.T, res *verify.Result) []string {
	t.Helper()
	var out []string
	for _, f := range res.Findings {
		switch f.Status {
		case finding.Fail:
			out = append(out, f.CheckID+" "+f.ResourceID)
		case finding.Error:
			t.Errorf("not assessed: %s %s: %s", f.CheckID, f.ResourceID, f.Message)
		}
	}
	slices.Sort(out)
	return out
}

func TestScenarios(t *testing.T) {
	for _, sc := range chaingen.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			f := fixture()
			want := sc.Damage(f)
			slices.Sort(want)
			res, err := verify.Run(context.Background(), memStore{f.Objects}, options(f))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, failures(t, res)); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
				for _, f := range res.Findings {
					if f.Status == finding.Fail {
						t.Logf("%s %s: %s", f.CheckID, f.ResourceID, f.Message)
					}
				}
			}
			if res.Failed() != (len(want) > 0) {
				t.Errorf("Failed() = %v with %d expected failures", res.Failed(), len(want))
			}
		})
	}
}

// TestClean checks what a clean bucket yields: every digest and log file
// valid, backfill digests included, the chains and the restart seen.
func TestClean(t *testing.T) {
	f := fixture()
	res, err := verify.Run(context.Background(), memStore{f.Objects}, options(f))
	if err != nil {
		t.Fatal(err)
	}
	digests, logs := 0, 0
	for _, c := range f.Chains {
		digests += len(c.Digests) + len(c.Backfills)
		logs += len(c.Logs)
	}
	if res.DigestsValid != digests || res.LogsValid != logs || res.DigestsInvalid+res.LogsInvalid != 0 {
		t.Errorf("valid digests %d/%d, logs %d/%d; invalid %d, %d", res.DigestsValid, digests, res.LogsValid, logs, res.DigestsInvalid, res.LogsInvalid)
	}
	if res.Chains != 3 {
		t.Errorf("chains = %d, want 3", res.Chains)
	}
	var starts []string
	for _, fd := range res.Findings {
		if fd.CheckID == verify.CheckChain {
			starts = append(starts, fd.Region+" "+fd.Message[:strings.IndexByte(fd.Message, ':')])
		}
	}
	slices.Sort(starts)
	want := []string{"eu-west-1 chain restarts", "eu-west-1 chain starts here", "us-east-1 chain starts here", "us-east-1 chain starts here"}
	if diff := cmp.Diff(want, starts); diff != "" {
		t.Errorf("chain starts (-want +got):\n%s", diff)
	}
}

// TestFilters keeps one account's chains, and one trail's.
func TestFilters(t *testing.T) {
	f := fixture()
	for _, tc := range []struct {
		name    string
		set     func(*verify.Options)
		digests int
	}{
		{"member account", func(o *verify.Options) { o.Accounts = []string{chaingen.MemberAccount} }, chaingen.Hours},
		{"one region", func(o *verify.Options) { o.Regions = []string{"eu-west-1"} }, chaingen.Hours - 1},
		{"one trail", func(o *verify.Options) { o.Trail, o.HomeRegion = chaingen.Trail, "us-east-1" }, 2*chaingen.Hours - 1 + 1},
		{"narrow range", func(o *verify.Options) {
			o.Start, o.End = chaingen.Start.Add(2*time.Hour), chaingen.Start.Add(3*time.Hour)
			o.Regions = []string{"us-east-1"}
			o.Accounts = []string{chaingen.Account}
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options(f)
			tc.set(&o)
			res, err := verify.Run(context.Background(), memStore{f.Objects}, o)
			if err != nil {
				t.Fatal(err)
			}
			if res.DigestsValid != tc.digests || res.Failed() {
				t.Errorf("valid digests = %d, want %d; failed %v", res.DigestsValid, tc.digests, res.Failed())
			}
		})
	}
}

// TestDirStore verifies a local copy: the fixture written in the layout
// `trail download` writes, keys from a saved ListPublicKeys answer.
func TestDirStore(t *testing.T) {
	f := fixture()
	dir := t.TempDir()
	writeCopy(t, dir, f)
	var entries []verify.KeyEntry
	for region, ss := range f.Keys {
		for _, s := range ss {
			entries = append(entries, verify.EntryOf(region, s.DER(), s.Start, s.End))
		}
	}
	data := mustJSON(t, verify.KeyFile{PublicKeyList: entries})
	pub, err := verify.ReadKeyFile("keys.json", data)
	if err != nil {
		t.Fatal(err)
	}
	o := options(f)
	o.Keys = verify.StaticKeys(pub)
	res, err := verify.Run(context.Background(), verify.DirStore{Root: dir}, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := failures(t, res); len(got) > 0 || res.DigestsValid == 0 {
		t.Errorf("local copy: %d valid digests, failures %v", res.DigestsValid, got)
	}
}

func TestDigestKeyRoundTrip(t *testing.T) {
	f := fixture()
	n := 0
	for _, o := range f.Objects {
		if !strings.Contains(o.Key, "CloudTrail-Digest") {
			if _, ok := digest.ParseLogKey(o.Key); !ok {
				t.Errorf("log key %s not parsed", o.Key)
			}
			continue
		}
		k, ok := digest.ParseKey(o.Key)
		if !ok || k.String() != o.Key {
			t.Errorf("ParseKey(%s) = %+v, %v; String() = %s", o.Key, k, ok, k.String())
		}
		n++
	}
	if n == 0 {
		t.Fatal("no digests in the fixture")
	}
}

// TestUncoveredWhileStopped: a log file delivered while the chain was
// stopped is reported, with low severity and the reason.
func TestUncoveredWhileStopped(t *testing.T) {
	f := fixture()
	for _, sc := range chaingen.Scenarios() {
		if sc.Name == "log-while-stopped" {
			sc.Damage(f)
		}
	}
	res, err := verify.Run(context.Background(), memStore{f.Objects}, options(f))
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range res.Findings {
		if fd.Status == finding.Fail && (fd.Severity != finding.Low || !strings.HasSuffix(fd.Message, "while no digest chain ran (logging or validation was off)")) {
			t.Errorf("%s %s: %s %s", fd.CheckID, fd.ResourceID, fd.Severity, fd.Message)
		}
	}
}

// TestProgress: every log file is counted once, the last call says all.
func TestProgress(t *testing.T) {
	f := fixture()
	o := options(f)
	var last, total, calls int
	o.Progress = func(done, n int) { last, total = done, n; calls++ }
	if _, err := verify.Run(context.Background(), memStore{f.Objects}, o); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != total || total != 49 {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
}

// failingList refuses to list one directory.
type failingList struct {
	memStore
	dir string
}

func (f failingList) List(ctx context.Context, bucket, dir string) ([]string, []string, error) {
	if dir == f.dir {
		return nil, nil, errors.New("AccessDenied")
	}
	return f.memStore.List(ctx, bucket, dir)
}

// TestDayNotListed: a day whose listing fails is not assessed; the other
// days and chains are verified all the same.
func TestDayNotListed(t *testing.T) {
	f := fixture()
	dir := "AWSLogs/" + chaingen.Account + "/CloudTrail-Digest/eu-west-1/2026/11/01/"
	res, err := verify.Run(context.Background(), failingList{memStore{f.Objects}, dir}, options(f))
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, fd := range res.Findings {
		if fd.Status == finding.Error {
			errs = append(errs, fd.CheckID+" "+fd.ResourceID)
		}
	}
	want := []string{verify.CheckAccess + " s3://" + chaingen.Bucket + "/" + dir}
	if diff := cmp.Diff(want, errs); diff != "" || res.Failed() || res.DigestsValid != 13 {
		t.Errorf("errors (-want +got):\n%s\nfailed %v, %d valid digests", diff, res.Failed(), res.DigestsValid)
	}
}

// TestDirStoreStaysInside: keys and buckets named in a digest cannot
// reach files outside the copy.
func TestDirStoreStaysInside(t *testing.T) {
	s := verify.DirStore{Root: t.TempDir()}
	for _, tc := range []struct{ bucket, key string }{
		{"b", "../../etc/passwd"}, {"..", "x"}, {"b/c", "x"}, {"b", "/etc/passwd"},
	} {
		if _, err := s.Get(context.Background(), tc.bucket, tc.key); err == nil || errors.Is(err, verify.ErrNotFound) {
			t.Errorf("Get(%q, %q) = %v, want a refusal", tc.bucket, tc.key, err)
		}
	}
	if _, _, err := s.List(context.Background(), "b", "../"); err == nil {
		t.Error("List of ../ allowed")
	}
}
