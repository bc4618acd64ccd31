// Package build tells which version of awssec this binary is.
package build

import "runtime/debug"

// Version is set at link time (-ldflags "-X github.com/awssec/awssec/internal/build.Version=v1.2.3");
// otherwise it comes from the module's build information.
var Version = ""

// String returns the version, or "dev" for an untagged build.
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Commit returns the VCS revision the binary was built from, if recorded.
func Commit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}
