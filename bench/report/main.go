// Command report measures rendering a scan report of 100,000 findings in
// each format against rendering it as JSON (targets: HTML and SARIF each
// ≤ 1 × JSON), and the time a headless Chromium takes from navigation to
// the first rendered page of the HTML report (usable at that size).
//
//	go run ./bench/report [-findings 100000] [-runs 3] [-browser=false]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/report"
	"github.com/awssec/awssec/report/asff"
	htmlreport "github.com/awssec/awssec/report/html"
	"github.com/awssec/awssec/report/ocsf"
	"github.com/awssec/awssec/report/sarif"
)

func main() {
	n := flag.Int("findings", 100_000, "findings in the report")
	runs := flag.Int("runs", 3, "runs of each renderer; the fastest counts")
	browser := flag.Bool("browser", true, "also load the HTML report in headless Chromium (skipped when chromium is not installed)")
	flag.Parse()
	if err := run(*n, *runs, *browser); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type format struct {
	name   string
	write  func(io.Writer, *report.Report) error
	target float64 // ratio to JSON; 0 for none
}

func run(n, runs int, browser bool) error {
	rep, err := findings(n)
	if err != nil {
		return err
	}
	fmt.Printf("report of %d findings (%d checks, synthetic estate of %d resources)\n\n", len(rep.Findings), rep.Checks, rep.Estate.Resources)
	formats := []format{
		{"json", report.WriteJSON, 0},
		{"sarif", sarif.Write, 1},
		{"html", htmlreport.Write, 1},
		{"ocsf", ocsf.Write, 0},
		{"asff", asff.Write, 0},
	}
	var jsonTime time.Duration
	var page []byte
	fmt.Printf("%-6s %12s %10s %12s %s\n", "format", "render", "size", "vs json", "target")
	for _, f := range formats {
		var size int64
		best := fastest(runs, func() error {
			cw := &countingWriter{}
			err := f.write(cw, rep)
			size = cw.n
			return err
		})
		if best.err != nil {
			return fmt.Errorf("%s: %w", f.name, best.err)
		}
		if f.name == "json" {
			jsonTime = best.d
		}
		target := ""
		if f.target > 0 {
			verdict := "met"
			if ratio(best.d, jsonTime) > f.target {
				verdict = "MISSED"
			}
			target = fmt.Sprintf("≤ %.2f (%s)", f.target, verdict)
		}
		fmt.Printf("%-6s %12s %8.1f MB %12.2f %s\n", f.name, best.d.Round(time.Millisecond), float64(size)/1e6, ratio(best.d, jsonTime), target)
		if f.name == "html" {
			var buf bytes.Buffer
			if err := f.write(&buf, rep); err != nil {
				return err
			}
			page = buf.Bytes()
		}
	}
	fmt.Printf("\npeak RSS: %d MiB\n", benchutil.PeakRSS()>>20)
	if browser {
		return firstRender(page, len(rep.Findings))
	}
	return nil
}

// findings scans a synthetic estate large enough and keeps the first n
// findings, in report order.
func findings(n int) (*report.Report, error) {
	data, _, err := benchutil.SyntheticEstate(n / 2)
	if err != nil {
		return nil, err
	}
	e, err := inventory.Decode("synthetic.json", data)
	if err != nil {
		return nil, err
	}
	all := checks.All()
	fs := checks.Run(e, all)
	for len(fs) < n { // the demo's mix yields about two results a resource
		data, _, err = benchutil.SyntheticEstate(inventory.Count(e) * 2)
		if err != nil {
			return nil, err
		}
		if e, err = inventory.Decode("synthetic.json", data); err != nil {
			return nil, err
		}
		fs = checks.Run(e, all)
	}
	report.Sort(fs)
	return &report.Report{Tool: report.Tool{Name: "awssec", Version: "bench"}, GeneratedAt: time.Now(),
		Estate: report.Describe(e), Checks: len(all), Findings: fs[:n]}, nil
}

// firstRender loads the HTML report from a file in headless Chromium and
// reads the page's own measure of navigation start to first rendered page.
func firstRender(page []byte, n int) error {
	path, err := exec.LookPath("chromium")
	if err != nil {
		fmt.Println("chromium: not installed (scripts/test installs it); first render not measured")
		return nil
	}
	dir, err := os.MkdirTemp("", "awssec-bench-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1400, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`))); err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.awssecFirstRenderMs`))
	if err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	fmt.Printf("chromium: %d findings (%.1f MB of HTML): first page rendered %.0f ms after navigation start\n", n, float64(len(page))/1e6, ms)
	return nil
}

type timing struct {
	d   time.Duration
	err error
}

func fastest(runs int, f func() error) timing {
	best := timing{d: time.Duration(1<<63 - 1)}
	for range runs {
		runtime.GC()
		start := time.Now()
		if err := f(); err != nil {
			return timing{err: err}
		}
		best.d = min(best.d, time.Since(start))
	}
	return best
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }
