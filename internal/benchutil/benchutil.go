// Package benchutil holds what the bench commands share: reading the
// process's peak memory, CPU profiles and building large synthetic
// estates.
package benchutil

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
)

// PeakRSS reads the process's high-water resident set size in bytes
// (Linux; 0 where /proc is not available).
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// StartCPUProfile starts writing a CPU profile to path ("" for none) and
// returns the function that stops it and closes the file; calling that
// more than once is harmless.
func StartCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// RunProfiled runs a bench command's body with a CPU profile written to
// path ("" for none); on an error it prints it as "bench: …" and exits 1.
func RunProfiled(path string, run func() error) {
	stop, err := StartCPUProfile(path)
	if err == nil {
		err = run()
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
