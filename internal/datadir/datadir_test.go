package datadir

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestFile(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if got, _ := File("x.db"); got != "/data/awssec/x.db" {
		t.Errorf("with XDG_DATA_HOME: %s", got)
	}
	if runtime.GOOS == "linux" {
		// A relative XDG_DATA_HOME is invalid and ignored (XDG Base Directory spec).
		t.Setenv("XDG_DATA_HOME", "relative")
		t.Setenv("HOME", "/home/u")
		if got, _ := File("x.db"); got != filepath.Join("/home/u", ".local", "share", "awssec", "x.db") {
			t.Errorf("without XDG_DATA_HOME: %s", got)
		}
	}
}
