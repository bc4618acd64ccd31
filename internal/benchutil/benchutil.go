// Package benchutil holds what the bench commands share: reading the
// process's peak memory and building large synthetic estates.
package benchutil

import (
	"os"
	"strconv"
	"strings"
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
