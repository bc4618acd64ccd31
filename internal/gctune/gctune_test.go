package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApply(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	Apply()
	if got := debug.SetGCPercent(100); got != Percent {
		t.Errorf("GOGC unset: percent %d, want %d", got, Percent)
	}
	t.Setenv("GOGC", "50")
	Apply()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: percent changed to %d", got)
	}
}
