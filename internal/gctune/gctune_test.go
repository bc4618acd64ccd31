package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApply(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	if got := Apply(); got != Percent {
		t.Errorf("GOGC unset: Apply() = %d, want %d", got, Percent)
	}
	if got := debug.SetGCPercent(100); got != Percent {
		t.Errorf("GOGC unset: percent %d, want %d", got, Percent)
	}
	t.Setenv("GOGC", "50")
	if got := Apply(); got != 100 {
		t.Errorf("GOGC set: Apply() = %d, want the setting in effect, 100", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: percent changed to %d", got)
	}
}
