// Command attackpath measures attack-path finding on a synthetic estate
// with the demo's mix of resources: (a) running every check, (b) building
// the index over the results and evaluating every path rule. It prints
// both figures and the ratio b/a against its target (≤ 1), the number of
// findings and paths, and the process's peak memory.
//
//	go run ./bench/attackpath [-resources 100000] [-runs 3]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
)

func main() {
	resources := flag.Int("resources", 100_000, "size of the synthetic estate")
	runs := flag.Int("runs", 3, "runs of each phase; the fastest counts")
	flag.Parse()
	if err := run(*resources, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(n, runs int) error {
	data, count, err := benchutil.SyntheticEstate(n)
	if err != nil {
		return err
	}
	e, err := inventory.Decode("synthetic.json", data)
	if err != nil {
		return err
	}
	all := checks.All()
	var checkTime, pathTime time.Duration
	var findings, paths int
	for i := range runs {
		runtime.GC()
		start := time.Now()
		results := checks.Run(e, all)
		d := time.Since(start)
		if i == 0 || d < checkTime {
			checkTime = d
		}
		runtime.GC()
		start = time.Now()
		ps := attackpath.Find(e, results)
		d = time.Since(start)
		if i == 0 || d < pathTime {
			pathTime = d
		}
		findings, paths = len(results), len(ps)
	}
	ratio := float64(pathTime) / float64(checkTime)
	fmt.Printf("estate: %d resources, %d accounts; %d findings (all statuses); %d attack paths\n", count, len(e.Accounts), findings, paths)
	fmt.Printf("(a) checks:             %v\n", checkTime.Round(time.Microsecond))
	fmt.Printf("(b) graph + path rules: %v\n", pathTime.Round(time.Microsecond))
	verdict := "met"
	if ratio > 1 {
		verdict = "NOT met"
	}
	fmt.Printf("b/a: %.2f (target ≤ 1.00: %s)\n", ratio, verdict)
	fmt.Printf("peak RSS: %d MiB\n", benchutil.PeakRSS()>>20)
	return nil
}
