// Package version implements `awssec version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/build"
	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdVersion builds `awssec version`.
func NewCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of awssec",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			line := "awssec " + build.String()
			if c := build.Commit(); c != "" {
				line += " (" + c[:min(len(c), 12)] + ")"
			}
			_, err := fmt.Fprintf(f.IOStreams.Out, "%s %s %s/%s\n", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
