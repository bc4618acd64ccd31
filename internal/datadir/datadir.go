// Package datadir names where awssec keeps its local state (scan history,
// interview progress, alert silences): $XDG_DATA_HOME/awssec, else
// ~/.local/share/awssec on Unix and the user's configuration directory
// elsewhere.
package datadir

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// File returns the path of a state file in awssec's data directory. The
// directory is not created.
func File(name string) (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "awssec", name), nil
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no data directory for %s: %w", name, err)
		}
		return filepath.Join(home, ".local", "share", "awssec", name), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no data directory for %s: %w", name, err)
	}
	return filepath.Join(dir, "awssec", name), nil
}
