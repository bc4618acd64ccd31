// Command scan measures the scan pipeline on a synthetic estate with the
// demo's mix of resources: (a) decoding the inventory's JSON, (b) running
// every check, (c) writing the JSON report. It prints each figure, the
// ratio b/a against its target (≤ 0.5), how the check phase grows from 10k
// to 100k resources, and the process's peak memory. It runs with the
// garbage collector set as the awssec command sets it (gctune).
//
//	go run ./bench/scan [-resources 100000] [-runs 3]
package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/internal/gctune"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/report"
)

func main() {
	resources := flag.Int("resources", 100_000, "size of the large synthetic estate")
	runs := flag.Int("runs", 3, "runs of each phase; the fastest counts")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	benchutil.RunProfiled(*cpuProfile, func() error { return run(*resources, *runs) })
}

func run(n, runs int) error {
	gogc := gctune.Apply()
	fmt.Printf("GOGC %d, as awssec runs (GOGC in the environment overrides it)\n\n", gogc)
	small, err := measure(n/10, runs)
	if err != nil {
		return err
	}
	large, err := measure(n, runs)
	if err != nil {
		return err
	}
	fmt.Printf("%-10s %12s %12s %12s %10s\n", "resources", "(a) decode", "(b) checks", "(c) report", "b/a")
	for _, m := range []phases{small, large} {
		fmt.Printf("%-10d %12s %12s %12s %10.2f\n", m.resources, m.decode.Round(time.Microsecond),
			m.checks.Round(time.Microsecond), m.report.Round(time.Microsecond), ratio(m.checks, m.decode))
	}
	fmt.Printf("\nchecks vs decode at %d resources: %.2f (target ≤ 0.50)\n", large.resources, ratio(large.checks, large.decode))
	perSmall := float64(small.checks) / float64(small.resources)
	perLarge := float64(large.checks) / float64(large.resources)
	fmt.Printf("checks per resource: %.0f ns at %d, %.0f ns at %d: growth %.2f (1.00 is linear)\n",
		perSmall, small.resources, perLarge, large.resources, perLarge/perSmall)
	fmt.Printf("findings at %d resources: %d\n", large.resources, large.findings)
	fmt.Printf("peak RSS: %d MiB (target ≤ 1024 MiB)\n", benchutil.PeakRSS()>>20)
	return nil
}

type phases struct {
	resources, findings    int
	decode, checks, report time.Duration
}

func measure(n, runs int) (phases, error) {
	data, count, err := benchutil.SyntheticEstate(n)
	if err != nil {
		return phases{}, err
	}
	m := phases{resources: count}
	var e *inventory.Estate
	m.decode = fastest(runs, func() {
		e, err = inventory.Decode("synthetic.json", data)
	})
	if err != nil {
		return m, err
	}
	all := checks.All()
	var rep *report.Report
	m.checks = fastest(runs, func() {
		rep = &report.Report{Findings: checks.Run(e, all), Estate: report.Describe(e), Checks: len(all)}
	})
	m.findings = len(rep.Findings)
	m.report = fastest(runs, func() {
		err = report.WriteJSON(io.Discard, rep)
	})
	return m, err
}

func fastest(runs int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range runs {
		runtime.GC()
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }
