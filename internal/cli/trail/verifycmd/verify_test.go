package verifycmd

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
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

// damaged serves the fixture with one scenario's damage ("clean" for none).
func damaged(t *testing.T, scenario string) *awstest.Server {
	k := keys()
	f := chaingen.NewFixture(k[0], k[1], k[2])
	found := false
	for _, sc := range chaingen.Scenarios() {
		if sc.Name == scenario {
			sc.Damage(f)
			found = true
		}
	}
	if !found {
		t.Fatalf("no scenario %q", scenario)
	}
	srv := awstest.New(t)
	chaingen.Serve(srv, f)
	return srv
}

type run struct {
	stdout, stderr string
	code           int
}

func execute(t *testing.T, srv *awstest.Server, cmdName string, args ...string) run {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, ReadFile: os.ReadFile,
		Now: func() time.Time { return chaingen.Start.Add(8 * time.Hour) },
		AWSConfig: func(ctx context.Context, profile, endpoint string) (aws.Config, error) {
			if srv == nil {
				t.Fatal("offline command asked for AWS configuration")
			}
			return srv.Config(t, chaingen.Account), nil
		}}
	cmd := NewCmdVerify(f)
	if cmdName == "download" {
		cmd = NewCmdDownload(f)
	}
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err != nil {
		errOut.WriteString(err.Error() + "\n")
	}
	return run{out.String(), errOut.String(), cmdutil.ExitCode(err)}
}

var (
	start = chaingen.Start.Format(time.RFC3339)
	end   = chaingen.Start.Add(chaingen.Hours * time.Hour).Format(time.RFC3339)
)

func TestVerify(t *testing.T) {
	for _, tc := range []struct {
		name, scenario string
		args           []string
		code           int
		want           []string
	}{
		{"trail arn", "clean", []string{"--trail-arn", chaingen.TrailARN(), "--start", start, "--end", end}, 0,
			[]string{"Results requested for 2026-11-01T00:12:31Z to 2026-11-01T06:12:31Z", "(2 chains)", "12/12 digest files valid", "31/31 log files valid"}},
		{"bucket", "clean", []string{"s3://" + chaingen.Bucket, "--start", start, "--end", end}, 0,
			[]string{"(3 chains)", "18/18 digest files valid", "49/49 log files valid"}},
		{"org trail one member", "clean", []string{"--trail-arn", chaingen.OrgTrailARN(), "--account", chaingen.MemberAccount, "--start", start, "--end", end}, 0,
			[]string{"(1 chain)", "6/6 digest files valid", "18/18 log files valid"}},
		{"tampered", "tampered-log", []string{"s3://" + chaingen.Bucket, "--start", start, "--end", end}, 1,
			[]string{"FAIL\tcloudtrail-log-hash\ts3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/", "tampered log file: SHA-256",
				"18/18 digest files valid", "48/49 log files valid, 1/49 log files INVALID"}},
		{"two deleted digests", "two-deleted-digests", []string{"s3://" + chaingen.Bucket, "--start", start, "--end", end, "--region", "us-east-1"}, 1,
			[]string{"deleted digest: referenced by", "deleted digest: the hour ending about 2026-11-01T03:12:31Z", "11/13 digest files valid, 2/13 digest files INVALID"}},
		{"nothing in range", "clean", []string{"s3://" + chaingen.Bucket, "--start", "2025-01-01", "--end", "2025-01-02"}, 3,
			[]string{"No digests found", "no digest files found in range"}},
		{"no start", "clean", []string{"s3://" + chaingen.Bucket}, 2, []string{"--start is required"}},
		{"bad start", "clean", []string{"s3://" + chaingen.Bucket, "--start", "yesterday"}, 2, []string{`--start "yesterday" is not a time`}},
		{"end before start", "clean", []string{"s3://" + chaingen.Bucket, "--start", end, "--end", start}, 2, []string{"must be before --end"}},
		{"bad account", "clean", []string{"s3://" + chaingen.Bucket, "--start", start, "--account", "12"}, 2, []string{`--account "12" is not a 12-digit account id`}},
		{"unknown trail", "clean", []string{"--trail-arn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/nope", "--start", start}, 2, []string{"--trail-arn: no trail"}},
		{"nothing to verify", "clean", []string{"--start", start}, 2, []string{"say what to verify"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := execute(t, damaged(t, tc.scenario), "verify", tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout+r.stderr, w) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, r.stdout, r.stderr)
				}
			}
		})
	}
}

func TestVerifyJSON(t *testing.T) {
	r := execute(t, damaged(t, "deleted-log"), "verify", "s3://"+chaingen.Bucket, "--start", start, "--end", end, "--format", "json")
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var rep struct {
		Summary  map[string]int `json:"summary"`
		Findings []struct {
			CheckID    string `json:"checkId"`
			Status     string `json:"status"`
			ResourceID string `json:"resourceId"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep, json.RejectUnknownMembers(false)); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Summary["logFilesInvalid"] != 1 || rep.Summary["digestFilesValid"] != 18 {
		t.Errorf("summary %v", rep.Summary)
	}
	fails := 0
	for _, f := range rep.Findings {
		if f.Status == "fail" {
			fails++
			if f.CheckID != "cloudtrail-log-deleted" {
				t.Errorf("unexpected failure %+v", f)
			}
		}
	}
	if fails != 1 {
		t.Errorf("%d failures, want 1", fails)
	}
}

// TestDownloadThenOffline copies a bucket with a tampered log file and
// verifies the copy without AWS.
func TestDownloadThenOffline(t *testing.T) {
	srv := damaged(t, "tampered-log")
	dir := filepath.Join(t.TempDir(), "ct")
	r := execute(t, srv, "download", "s3://"+chaingen.Bucket, dir, "--start", start, "--end", end)
	if r.code != 0 || !strings.Contains(r.stderr, "copied ") {
		t.Fatalf("download: exit %d\n%s", r.code, r.stderr)
	}
	r = execute(t, nil, "verify", dir, "--start", start, "--end", end)
	if r.code != 1 || !strings.Contains(r.stdout, "48/49 log files valid, 1/49 log files INVALID") {
		t.Errorf("offline: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// Bad inputs to the offline mode: a missing and a malformed key file.
	r = execute(t, nil, "verify", dir, "--start", start, "--public-keys", filepath.Join(dir, "nope.json"))
	if r.code != 2 || !strings.Contains(r.stderr, "nope.json") {
		t.Errorf("missing keys: exit %d\n%s", r.code, r.stderr)
	}
	bad := filepath.Join(t.TempDir(), "keys.json")
	os.WriteFile(bad, []byte("{\"PublicKeyList\": [\n  {\"Fingerprint\": 5}]}"), 0o644)
	r = execute(t, nil, "verify", dir, "--start", start, "--public-keys", bad)
	if r.code != 2 || !strings.Contains(r.stderr, "keys.json:2:19:") {
		t.Errorf("malformed keys: exit %d\n%s", r.code, r.stderr)
	}
	r = execute(t, nil, "verify", t.TempDir(), "--start", start)
	if r.code != 2 {
		t.Errorf("empty directory: exit %d\n%s", r.code, r.stderr)
	}
	if bytes.Contains([]byte(r.stdout), []byte("awstest-secret")) {
		t.Error("secret in output")
	}
}
