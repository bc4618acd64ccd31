// Command history measures keeping scans in the history store and
// comparing them, against the time of the scan's check phase, on a
// synthetic estate with about 100,000 findings: (a) running every check,
// (b) storing the scan in a new SQLite store, (c) storing a second scan with
// some changes (fixed, regressed, gone and new findings), (d) diffing the
// two: reading both back and comparing them. It prints each figure and the
// ratio (b+d)/a against its target (< 1), and the process's peak memory.
//
//	go run ./bench/history [-findings 100000] [-runs 3]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/history"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/scandiff"
)

func main() {
	findings := flag.Int("findings", 100_000, "about how many findings the scanned estate yields")
	runs := flag.Int("runs", 3, "runs of each phase; the fastest counts")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	benchutil.RunProfiled(*cpuProfile, func() error { return run(*findings, *runs) })
}

func run(target, runs int) error {
	ctx := context.Background()
	// The demo yields about two findings per resource; size the estate so
	// the scan reaches the target.
	probe, n, err := benchutil.SyntheticEstate(1)
	if err != nil {
		return err
	}
	e0, err := inventory.Decode("demo.json", probe)
	if err != nil {
		return err
	}
	perResource := float64(len(checks.Run(e0, checks.All()))) / float64(n)
	data, resources, err := benchutil.SyntheticEstate(int(float64(target)/perResource) + n)
	if err != nil {
		return err
	}
	e, err := inventory.Decode("synthetic.json", data)
	if err != nil {
		return err
	}
	all := checks.All()
	var results []finding.Finding
	checkPhase := fastest(runs, func() { results = checks.Run(e, all) })
	changed := change(results)
	accounts := make([]string, len(e.Accounts))
	for i, a := range e.Accounts {
		accounts[i] = a.ID
	}

	dir, err := os.MkdirTemp("", "awssec-bench-history")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var first, second int64
	var storeErr error
	// Each run stores into a new file, so every run measures the same work.
	storeFirst := fastest(runs, func() {
		st, err := history.Create(ctx, filepath.Join(dir, fmt.Sprintf("h%d.db", time.Now().UnixNano())), false)
		if err != nil {
			storeErr = err
			return
		}
		defer st.Close()
		first, storeErr = st.Save(ctx, history.Scan{At: time.Now(), Source: "synthetic", Accounts: accounts}, results)
	})
	if storeErr != nil {
		return storeErr
	}
	path := filepath.Join(dir, "history.db")
	st, err := history.Create(ctx, path, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if first, err = st.Save(ctx, history.Scan{At: time.Now(), Source: "synthetic", Accounts: accounts}, results); err != nil {
		return err
	}
	storeSecond := fastest(1, func() {
		second, storeErr = st.Save(ctx, history.Scan{At: time.Now(), Source: "synthetic", Accounts: accounts}, changed)
	})
	if storeErr != nil {
		return storeErr
	}
	var res scandiff.Result
	var diffErr error
	diff := fastest(runs, func() {
		a, err := st.Findings(ctx, first)
		if err != nil {
			diffErr = err
			return
		}
		b, err := st.Findings(ctx, second)
		if err != nil {
			diffErr = err
			return
		}
		res = scandiff.Compare(a, b)
	})
	if diffErr != nil {
		return diffErr
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}

	fmt.Printf("estate: %d resources, %d findings per scan (second scan: %d)\n", resources, len(results), len(changed))
	fmt.Printf("%-34s %12s\n", "(a) check phase", checkPhase.Round(time.Millisecond))
	fmt.Printf("%-34s %12s\n", "(b) store a scan", storeFirst.Round(time.Millisecond))
	fmt.Printf("%-34s %12s\n", "(c) store the second scan", storeSecond.Round(time.Millisecond))
	fmt.Printf("%-34s %12s\n", "(d) diff: read both, compare", diff.Round(time.Millisecond))
	fmt.Printf("diff: %d new, %d newly not assessed, %d still failing, %d muted, %d fixed\n",
		res.Counts[scandiff.New], res.Counts[scandiff.NewlyNotAssessed], res.Counts[scandiff.StillFailing],
		res.Counts[scandiff.Muted], res.Counts[scandiff.Fixed])
	fmt.Printf("store size: %d KiB for two scans\n", fi.Size()>>10)
	fmt.Printf("\nstore vs check phase: %.2f\n", ratio(storeFirst, checkPhase))
	fmt.Printf("diff vs check phase: %.2f\n", ratio(diff, checkPhase))
	fmt.Printf("store + diff vs check phase: %.2f (target < 1.00)\n", ratio(storeFirst+diff, checkPhase))
	fmt.Printf("peak RSS: %d MiB\n", benchutil.PeakRSS()>>20)
	return nil
}

// change makes the second scan: about 1% of failures fixed, 1% of passes
// regressed, 0.5% of results gone with their resources, a few hundred new
// failing resources, and some results no longer assessable.
func change(fs []finding.Finding) []finding.Finding {
	out := make([]finding.Finding, 0, len(fs)+500)
	for i, f := range fs {
		switch {
		case i%199 == 0:
			continue
		case i%97 == 0 && f.Status == finding.Fail:
			f.Status = finding.Pass
		case i%97 == 0 && f.Status == finding.Pass:
			f.Status = finding.Fail
		case i%331 == 0:
			f.Status = finding.Error
		}
		out = append(out, f)
	}
	for i := range 500 {
		f := fs[i*len(fs)/500]
		f.ResourceID += "-new"
		f.ResourceARN += "-new"
		f.Status = finding.Fail
		out = append(out, f)
	}
	return out
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
