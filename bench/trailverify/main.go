// Command trailverify measures CloudTrail log file integrity validation
// against the AWS double: one trail's hourly digest chain and its log files
// (default 10,000 log files in 100 digests), served over S3's and
// CloudTrail's wire protocols on loopback. It times `awssec trail verify`'s
// engine with the real SDK clients and `aws cloudtrail validate-logs` (the
// Debian AWS CLI v2, a separate process) on the same data in one run, and
// prints both times, the ratio (target ≥ 5×) and whether their verdicts on
// every object agree.
//
//	go run ./bench/trailverify [-logs 10000] [-per-digest 100] [-concurrency 32]
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"strings"
	"syscall"
	"time"

	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/awsverify"
	"github.com/awssec/awssec/trail/verify/chaingen"
	"github.com/awssec/awssec/trail/verify/clipeer"
)

func main() {
	logs := flag.Int("logs", 10_000, "log files in all")
	perDigest := flag.Int("per-digest", 100, "log files per hourly digest")
	concurrency := flag.Int("concurrency", 32, "awssec requests in flight")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the awssec run to this file")
	traceFile := flag.String("trace", "", "write an execution trace of the awssec run to this file")
	flag.Parse()
	r := &runner{}
	defer r.cleanup()
	if !clipeer.Available() {
		r.Fatalf("%s not found: run scripts/test, which installs Debian's awscli", clipeer.Path)
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		r.Fatalf("%v", err)
	}
	hours := (*logs + *perDigest - 1) / *perDigest
	signer := chaingen.Signer{Key: key, Start: chaingen.Start.Add(-24 * time.Hour), End: chaingen.Start.Add(time.Duration(hours+24) * time.Hour)}
	chain := chaingen.Generate(chaingen.Spec{Bucket: chaingen.Bucket, Account: chaingen.Account, Region: "us-east-1",
		Trail: chaingen.Trail, HomeRegion: "us-east-1", Start: chaingen.Start, Hours: hours, LogsPerHour: *perDigest, Signer: signer, Seed: 1})
	srv := awstest.New(r)
	srv.PageSize = 1000 // S3's own page size
	srv.Serve(chaingen.Estate())
	for _, o := range chain.Objects {
		srv.PutObject(o.Bucket, o.Key, o.Data, o.Metadata)
	}
	srv.ServePublicKeys(map[string][]awstest.PublicKey{"us-east-1": {{DER: signer.DER(), Start: signer.Start, End: signer.End}}})
	start, end := chaingen.Start, chaingen.Start.Add(time.Duration(hours)*time.Hour)
	fmt.Printf("one trail, one region: %d log files in %d hourly digests, served by the loopback AWS double\n\n", len(chain.Logs), len(chain.Digests))

	ctx := context.Background()
	cfg := srv.Config(r, chaingen.Account)
	load := "?"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Fields(string(b))[0]
	}
	stopProfile, err := benchutil.StartCPUProfile(*cpuprofile)
	if err != nil {
		r.Fatalf("%v", err)
	}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			r.Fatalf("%v", err)
		}
		trace.Start(f)
	}
	cpu0 := cpuTime()
	t0 := time.Now()
	res, err := verify.Run(ctx, awsverify.NewS3Store(cfg), verify.Options{Bucket: chaingen.Bucket, Start: start, End: end,
		Trail: chaingen.Trail, HomeRegion: "us-east-1", Accounts: []string{chaingen.Account},
		Keys: awsverify.PublicKeys(cfg), Concurrency: *concurrency, LogPasses: true})
	if err != nil {
		r.Fatalf("awssec: %v", err)
	}
	ours := time.Since(t0)
	oursCPU := cpuTime() - cpu0
	stopProfile()
	trace.Stop()
	fmt.Printf("awssec trail verify           %8.2f s  %6.0f log files/s  CPU %6.2f s  (%d/%d digest, %d/%d log files valid; peak RSS %d MiB)\n",
		ours.Seconds(), float64(res.LogsValid)/ours.Seconds(), oursCPU.Seconds(), res.DigestsValid, res.DigestsValid+res.DigestsInvalid,
		res.LogsValid, res.LogsValid+res.LogsInvalid, benchutil.PeakRSS()>>20)

	accessKey, secret := srv.Credentials(chaingen.Account)
	dir, err := os.MkdirTemp("", "trailverify")
	if err != nil {
		r.Fatalf("%v", err)
	}
	defer os.RemoveAll(dir)
	peer, err := clipeer.New(dir, srv.URL, accessKey, secret)
	if err != nil {
		r.Fatalf("%v", err)
	}
	cpu0 = cpuTime()
	t0 = time.Now()
	theirs, output, err := peer.Validate(ctx, clipeer.Run{TrailARN: chaingen.TrailARN(), Region: "us-east-1", Start: start, End: end})
	if err != nil {
		r.Fatalf("%v\n%s", err, output)
	}
	cli := time.Since(t0)
	cliCPU := cpuTime() - cpu0
	valid := 0
	for _, v := range theirs {
		if v == "valid" {
			valid++
		}
	}
	fmt.Printf("aws cloudtrail validate-logs  %8.2f s  %6.0f log files/s  CPU %6.2f s  (%d/%d objects valid)\n\n", cli.Seconds(),
		float64(len(chain.Logs))/cli.Seconds(), cliCPU.Seconds(), valid, len(theirs))

	ratio := cli.Seconds() / ours.Seconds()
	verdict := "met"
	if ratio < 5 {
		verdict = "NOT met"
	}
	fmt.Printf("ratio: awssec is %.1f× faster than the AWS CLI (target ≥ 5×: %s); %.1f× less CPU\n", ratio, verdict, cliCPU.Seconds()/oursCPU.Seconds())
	fmt.Printf("       (CPU: client and the in-process double serving it; load average at start %s on %d CPUs)\n", load, runtime.NumCPU())

	mine := res.Verdicts()
	agree, differ := 0, 0
	for uri, v := range theirs {
		if mine[uri] == v {
			agree++
		} else {
			differ++
			fmt.Printf("  differs: %s: aws %s, awssec %q\n", uri, v, mine[uri])
		}
	}
	if differ == 0 && agree == len(chain.Logs)+len(chain.Digests) {
		fmt.Printf("verdicts: the same on all %d objects (%d digest files, %d log files)\n", agree, len(chain.Digests), len(chain.Logs))
	} else {
		fmt.Printf("verdicts: %d agree, %d differ, of %d objects\n", agree, differ, len(chain.Logs)+len(chain.Digests))
		r.cleanup()
		os.Exit(1)
	}
}

// cpuTime is the CPU time used so far by this process and its finished
// children (the AWS CLI).
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(children.Utime) + tv(children.Stime)
}

// runner lets the double run outside go test: it reports problems on
// stderr and runs cleanups at exit.
type runner struct{ cleanups []func() }

func (r *runner) Helper() {}
func (r *runner) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
func (r *runner) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.cleanup()
	os.Exit(1)
}
func (r *runner) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *runner) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}
