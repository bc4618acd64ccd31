// Command iameval measures awssec's IAM evaluator against
// @cloud-copilot/iam-simulate on the differential corpus of iam/difftest,
// in one run: awssec's decisions per second (policies compiled once,
// EvaluateInto into a reused Decision, one goroutine), iam-simulate's (the
// harness's own timing inside node, without process start or module
// loading, best of several passes so that node's JIT is warm), and the
// ratio (target ≥ 100×). It also prints awssec's single-core rate on one
// simple decision in a tight loop (target ≥ 1,000,000/s) and its
// allocations per decision (target 0).
//
// iam-simulate is installed with npm into a temporary directory, as the
// differential test does; node and npm must be on PATH.
//
//	go run ./bench/iameval [-passes 3] [-min 1s]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/awssec/awssec/iam/difftest"
	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

func main() {
	passes := flag.Int("passes", 3, "iam-simulate passes over the corpus; the fastest counts")
	minTime := flag.Duration("min", time.Second, "least time for each awssec measurement")
	flag.Parse()
	if err := run(*passes, *minTime); err != nil {
		fmt.Fprintln(os.Stderr, "iameval:", err)
		os.Exit(1)
	}
}

func run(passes int, minTime time.Duration) error {
	cases := difftest.Corpus(difftest.Seed)
	prepared, err := difftest.Prepare(cases)
	if err != nil {
		return err
	}

	// awssec on the corpus.
	var d eval.Decision
	ours := make([]eval.Result, len(prepared))
	for i := range prepared {
		prepared[i].Evaluator.EvaluateInto(prepared[i].Request, &d)
		ours[i] = d.Result
	}
	best := time.Duration(1<<63 - 1)
	rounds := 0
	var allocs uint64
	for start := time.Now(); rounds < 3 || time.Since(start) < minTime; rounds++ {
		before := mallocs()
		t := time.Now()
		for i := range prepared {
			prepared[i].Evaluator.EvaluateInto(prepared[i].Request, &d)
		}
		best = min(best, time.Since(t))
		allocs += mallocs() - before
	}
	awssecRate := float64(len(prepared)) / best.Seconds()

	// iam-simulate on the same corpus.
	dir, err := os.MkdirTemp("", "iameval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := difftest.Install(ctx, dir); err != nil {
		return err
	}
	outs, stats, err := difftest.Simulate(ctx, dir, cases, difftest.Options{Passes: passes})
	if err != nil {
		return err
	}
	agree := agreement(outs, ours)
	passMs, simMs := minOf(stats.PassMs), minOf(stats.SimulateMs)
	simRate := float64(len(cases)) / (simMs / 1000)
	passRate := float64(len(cases)) / (passMs / 1000)
	// runUnsafeSimulation skips iam-simulate's validation: its fastest
	// entry point, for a conservative second ratio.
	uouts, ustats, err := difftest.Simulate(ctx, dir, cases, difftest.Options{Passes: passes, Unsafe: true})
	if err != nil {
		return err
	}
	uagree := agreement(uouts, ours)
	unsafeRate := float64(len(cases)) / (minOf(ustats.SimulateMs) / 1000)

	// One simple decision in a tight loop.
	simpleRate, simpleAllocs, err := simple(minTime)
	if err != nil {
		return err
	}

	fmt.Printf("corpus: %d cases (iam/difftest, seed %d); decisions agree on %d\n", len(cases), difftest.Seed, agree)
	fmt.Printf("awssec        %12.0f decisions/s  (compiled policies, EvaluateInto, 1 goroutine; best of %d rounds, %.2f allocs/decision)\n",
		awssecRate, rounds, float64(allocs)/float64(rounds*len(prepared)))
	fmt.Printf("iam-simulate  %12.0f decisions/s  (@cloud-copilot/iam-simulate %s in node %s; inside runSimulation, best of %d passes; %.0f/s counting the whole batch)\n",
		simRate, difftest.SimulateVersion, nodeVersion(), len(stats.SimulateMs), passRate)
	fmt.Printf("ratio         %12.0f×            (target ≥ 100×)\n", awssecRate/simRate)
	fmt.Printf("iam-simulate  %12.0f decisions/s  (runUnsafeSimulation: no validation; agrees with awssec on %d)\n", unsafeRate, uagree)
	fmt.Printf("ratio         %12.0f×            (against runUnsafeSimulation)\n", awssecRate/unsafeRate)
	fmt.Printf("simple        %12.0f decisions/s  (one policy of 4 statements, tight loop, 1 goroutine; %.2f allocs/decision; target ≥ 1,000,000/s, 0 allocs)\n",
		simpleRate, simpleAllocs)
	return nil
}

// simplePolicy is the simple decision: an identity policy of four
// statements, the request allowed by the third.
const simplePolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "EC2Read", "Effect": "Allow", "Action": ["ec2:Describe*", "ec2:Get*"], "Resource": "*"},
    {"Sid": "Logs", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:111122223333:log-group:app:*"},
    {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::hr-data/*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
  ]
}`

func simple(minTime time.Duration) (rate, allocs float64, err error) {
	p, err := policy.Parse("simple.json", []byte(simplePolicy))
	if err != nil {
		return 0, 0, err
	}
	e, err := eval.New(&eval.Policies{Identity: []*policy.Policy{p}})
	if err != nil {
		return 0, 0, err
	}
	r := &eval.Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::hr-data/reports/2024.csv"}
	var d eval.Decision
	e.EvaluateInto(r, &d)
	if d.Result != eval.Allow {
		return 0, 0, fmt.Errorf("simple decision: %v: %s", d.Result, d.Reason())
	}
	const batch = 100_000
	n := 0
	before := mallocs()
	start := time.Now()
	for time.Since(start) < minTime {
		for range batch {
			e.EvaluateInto(r, &d)
		}
		n += batch
	}
	elapsed := time.Since(start)
	return float64(n) / elapsed.Seconds(), float64(mallocs()-before) / float64(n), nil
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

func agreement(outs []difftest.Outcome, ours []eval.Result) int {
	n := 0
	for i := range outs {
		if r, ok := outs[i].Result(); ok && r == ours[i] {
			n++
		}
	}
	return n
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

func nodeVersion() string {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
