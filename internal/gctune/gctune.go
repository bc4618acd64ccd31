// Package gctune sets the garbage collector for the awssec command's
// workload: a large estate (or log, or report) decoded once and kept
// while later phases allocate their results in bursts. At Go's default
// GOGC of 100 the collector traces the whole estate again for each burst;
// on a scan of 100,000 resources that was about 40% of the check phase,
// while peak memory, set by decoding, moved by 1%.
package gctune

import (
	"os"
	"runtime/debug"
)

// Percent is the GOGC awssec runs with.
const Percent = 200

// Apply sets GOGC to Percent unless the environment sets GOGC, which
// always wins, and returns the GOGC in effect (negative when off).
func Apply() int {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
		return Percent
	}
	p := debug.SetGCPercent(-1) // the only way to read it
	debug.SetGCPercent(p)
	return p
}
