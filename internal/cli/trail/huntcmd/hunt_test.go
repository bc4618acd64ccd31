package huntcmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/klauspost/compress/gzip"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

const stratus = "../../../../trail/testdata/datasets/stratus-red-team/detonation-logs"

func gzipFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func run(t *testing.T, srv *awstest.Server, args ...string) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
		AWSConfig: func(ctx context.Context, profile, endpoint string) (aws.Config, error) {
			if srv == nil {
				t.Fatal("no AWS expected")
			}
			return srv.Config(t, "111122223333"), nil
		}}
	cmd := NewCmdHunt(f)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(awstest.Context(t))
	return out.String(), errOut.String(), err
}

// TestS3 reads a trail's bucket through the real S3 client and the wire
// double: listing pages, gzipped objects, and an object that cannot be read.
func TestS3(t *testing.T) {
	srv := awstest.New(t)
	srv.PageSize = 1 // one object per ListObjectsV2 page
	prefix := "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/02/"
	srv.PutObject("trail-bucket", prefix+"111122223333_CloudTrail_us-east-1_20240802T0820Z_a.json.gz",
		gzipFile(t, filepath.Join(stratus, "aws.defense-evasion.cloudtrail-stop.json")), nil)
	srv.PutObject("trail-bucket", prefix+"111122223333_CloudTrail_us-east-1_20240802T0825Z_b.json.gz",
		gzipFile(t, filepath.Join(stratus, "aws.persistence.iam-backdoor-role.json")), nil)
	srv.PutObject("trail-bucket", "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/08/02/d.json.gz", []byte("digest"), nil)

	out, stderr, err := run(t, srv, "s3://trail-bucket/AWSLogs/", "--endpoint-url", "http://unused")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"\tct-cloudtrail-stopped\t", "\tct-iam-trust-policy-external-principal\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "in 2 inputs") {
		t.Errorf("stderr: %s", stderr)
	}

	// Throttled: the SDK's retries carry the hunt through, nothing lost.
	// Two answers of SlowDown, fewer than the SDK's attempts per object,
	// so the outcome does not depend on how busy the machine is.
	srv.Inject(awstest.Fault{Service: "s3", Op: "GetObject", Times: 2,
		Err: &awstest.Error{Status: 503, Code: "SlowDown", Message: "Please reduce your request rate."}})
	out, stderr, err = run(t, srv, "s3://trail-bucket/AWSLogs/")
	if err != nil || !strings.Contains(out, "\tct-cloudtrail-stopped\t") || !strings.Contains(out, "\tct-iam-trust-policy-external-principal\t") {
		t.Fatalf("throttled: %v\n%s%s", err, out, stderr)
	}

	srv.Inject(awstest.Fault{Service: "s3", Op: "GetObject", Err: awstest.AccessDenied(awstest.RESTXML), Times: 1})
	_, stderr, err = run(t, srv, "s3://trail-bucket/AWSLogs/")
	var pe *cmdutil.PartialError
	if !errors.As(err, &pe) || !strings.Contains(stderr, "AccessDenied") {
		t.Errorf("unreadable object: err %v, stderr %s", err, stderr)
	}

	_, _, err = run(t, srv, "s3://trail-bucket/nothing/")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "no CloudTrail log objects") {
		t.Errorf("empty prefix: %v", err)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	rule := filepath.Join(dir, "r.yml")
	os.WriteFile(rule, []byte("title: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s:\n    eventName: X\n  condition: s and nope\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"x", "--format", "xml"}, `unknown format "xml"`},
		{[]string{"x", "--since", "yesterday"}, `--since "yesterday": want a date`},
		{[]string{"x", "--fail-on", "severe"}, "--fail-on: unknown severity"},
		{[]string{"x", "--detection", "ct-nope"}, `--detection "ct-nope": no such detection`},
		{[]string{"x", "--no-builtin"}, "no detections to run"},
		{[]string{"x", "--rules", rule}, `r.yml:6:20: condition: unknown search identifier "nope"`},
		{[]string{filepath.Join(dir, "missing")}, "no such file or directory"},
		{[]string{dir}, "no CloudTrail log files"},
		{[]string{"-", "-"}, "stdin (-) given twice"},
		{[]string{"s3:/bucket"}, "is not an S3 URL"},
	} {
		_, _, err := run(t, nil, tc.args...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want exit 2 with %q", tc.args, err, tc.want)
		}
	}
}
