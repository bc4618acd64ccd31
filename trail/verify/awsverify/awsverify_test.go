package awsverify_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/awsverify"
	"github.com/awssec/awssec/trail/verify/chaingen"
)

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

func options(cfgKeys verify.KeySource) verify.Options {
	return verify.Options{Bucket: chaingen.Bucket, Start: chaingen.Start, End: chaingen.Start.Add(chaingen.Hours * time.Hour), Keys: cfgKeys, Concurrency: 8, LogPasses: true}
}

func results(res *verify.Result) (fails, errs []string) {
	for _, f := range res.Findings {
		switch f.Status {
		case finding.Fail:
			fails = append(fails, f.CheckID+" "+f.ResourceID)
		case finding.Error:
			errs = append(errs, f.CheckID+" "+f.ResourceID+": "+f.Message)
		}
	}
	slices.Sort(fails)
	return fails, errs
}

// TestScenariosOverS3 runs every damage scenario with the real S3 and
// CloudTrail clients against the double, listing pages of two keys.
func TestScenariosOverS3(t *testing.T) {
	for _, sc := range chaingen.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			f := fixture()
			want := sc.Damage(f)
			slices.Sort(want)
			srv := awstest.New(t)
			srv.PageSize = 2
			chaingen.Serve(srv, f)
			cfg := srv.Config(t, chaingen.Account)
			res, err := verify.Run(awstest.Context(t), awsverify.NewS3Store(cfg), options(awsverify.PublicKeys(cfg)))
			if err != nil {
				t.Fatal(err)
			}
			fails, errs := results(res)
			if diff := cmp.Diff(want, fails); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
			if len(errs) > 0 {
				t.Errorf("not assessed: %v", errs)
			}
		})
	}
}

// TestThrottledAndDenied: throttling is retried to the same verdicts; a
// log file that cannot be read is an error (not assessed), never a pass.
func TestThrottledAndDenied(t *testing.T) {
	f := fixture()
	srv := awstest.New(t)
	chaingen.Serve(srv, f)
	srv.Throttle(400, 20)
	srv.Inject(awstest.Fault{Service: "s3", Op: "GetObject", Err: awstest.AccessDenied(awstest.RESTXML), Times: 1})
	cfg := srv.Config(t, chaingen.Account)
	res, err := verify.Run(awstest.Context(t), awsverify.NewS3Store(cfg), options(awsverify.PublicKeys(cfg)))
	if err != nil {
		t.Fatal(err)
	}
	fails, errs := results(res)
	if len(fails) > 0 || len(errs) != 1 {
		t.Errorf("fails %v, errors %v; want one error", fails, errs)
	}
	throttled := 0
	for _, c := range srv.Calls() {
		if c.Outcome == "throttled" {
			throttled++
		}
	}
	t.Logf("%d calls, %d throttled", len(srv.Calls()), throttled)
}

// TestFindTrail reads an account trail and an organization trail.
func TestFindTrail(t *testing.T) {
	srv := awstest.New(t)
	chaingen.Serve(srv, fixture())
	cfg := srv.Config(t, chaingen.Account)
	for _, tc := range []struct {
		arn  string
		want awsverify.Trail
	}{
		{chaingen.TrailARN(), awsverify.Trail{Name: chaingen.Trail, HomeRegion: "us-east-1", Account: chaingen.Account, Bucket: chaingen.Bucket}},
		{chaingen.OrgTrailARN(), awsverify.Trail{Name: chaingen.OrgTrail, HomeRegion: "us-east-1", Account: chaingen.Account, Bucket: chaingen.Bucket,
			Organization: true, OrgID: chaingen.OrgID}},
	} {
		got, err := awsverify.FindTrail(awstest.Context(t), cfg, tc.arn)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, *got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.arn, diff)
		}
	}
	if _, err := awsverify.FindTrail(awstest.Context(t), cfg, "arn:aws:cloudtrail:us-east-1:111122223333:trail/nope"); err == nil {
		t.Error("unknown trail: no error")
	}
}

// TestDownloadThenVerifyOffline copies a damaged bucket and verifies the
// copy with no AWS access: the same failures as online.
func TestDownloadThenVerifyOffline(t *testing.T) {
	for _, name := range []string{"clean", "tampered-log", "two-deleted-digests", "bad-signature-encoding"} {
		t.Run(name, func(t *testing.T) {
			f := fixture()
			var sc chaingen.Scenario
			for _, s := range chaingen.Scenarios() {
				if s.Name == name {
					sc = s
				}
			}
			want := sc.Damage(f)
			slices.Sort(want)
			srv := awstest.New(t)
			chaingen.Serve(srv, f)
			cfg := srv.Config(t, chaingen.Account)
			dir := t.TempDir()
			o := options(nil)
			n, err := awsverify.Download(awstest.Context(t), cfg, awsverify.NewS3Store(cfg), awsverify.DownloadOptions{
				Bucket: o.Bucket, Start: o.Start, End: o.End, Concurrency: 4, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if n < len(f.Objects)/2 {
				t.Errorf("copied %d of %d objects", n, len(f.Objects))
			}
			data, err := os.ReadFile(filepath.Join(dir, verify.KeysFile))
			if err != nil {
				t.Fatal(err)
			}
			pub, err := verify.ReadKeyFile(verify.KeysFile, data)
			if err != nil {
				t.Fatal(err)
			}
			calls := len(srv.Calls())
			o.Keys = verify.StaticKeys(pub)
			res, err := verify.Run(context.Background(), verify.DirStore{Root: dir}, o)
			if err != nil {
				t.Fatal(err)
			}
			fails, errs := results(res)
			if diff := cmp.Diff(want, fails); diff != "" {
				t.Errorf("offline failures (-want +got):\n%s", diff)
			}
			if len(errs) > 0 || len(srv.Calls()) != calls {
				t.Errorf("errors %v; %d AWS calls while offline", errs, len(srv.Calls())-calls)
			}
		})
	}
}

// TestVersionsFindTheOriginal: in a versioned bucket, a changed or deleted
// log file's delivered version is named in the finding.
func TestVersionsFindTheOriginal(t *testing.T) {
	f := fixture()
	var sc chaingen.Scenario
	for _, s := range chaingen.Scenarios() {
		if s.Name == "versioned-bucket" {
			sc = s
		}
	}
	want := sc.Damage(f)
	srv := awstest.New(t)
	chaingen.Serve(srv, f)
	cfg := srv.Config(t, chaingen.Account)
	res, err := verify.Run(awstest.Context(t), awsverify.NewS3Store(cfg), options(awsverify.PublicKeys(cfg)))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, fd := range res.Findings {
		if fd.Status != finding.Fail {
			continue
		}
		found++
		if !strings.HasSuffix(fd.Message, "; the delivered file is still in the bucket as version awstest-v1") {
			t.Errorf("%s %s: %s", fd.CheckID, fd.ResourceID, fd.Message)
		}
	}
	if found != len(want) {
		t.Errorf("%d failures, want %d", found, len(want))
	}
}

// TestListingDenied: a bucket that cannot be listed is an error, not an
// empty pass.
func TestListingDenied(t *testing.T) {
	srv := awstest.New(t)
	chaingen.Serve(srv, fixture())
	srv.Inject(awstest.Fault{Service: "s3", Op: "ListBucket", Err: awstest.AccessDenied(awstest.RESTXML)})
	cfg := srv.Config(t, chaingen.Account)
	cfg.RetryMaxAttempts = 1
	res, err := verify.Run(awstest.Context(t), awsverify.NewS3Store(cfg), options(awsverify.PublicKeys(cfg)))
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("err = %v; result %+v", err, res)
	}
}
