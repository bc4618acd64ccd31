// Package trail builds `awssec trail`: verify that CloudTrail logs were not
// tampered with, and hunt through them for malicious activity.
package trail

import (
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cli/trail/huntcmd"
	"github.com/awssec/awssec/internal/cli/trail/verifycmd"
	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdTrail builds `awssec trail` and its subcommands.
func NewCmdTrail(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trail <command>",
		Short: "Verify CloudTrail log integrity and hunt for malicious activity",
	}
	cmd.AddCommand(
		verifycmd.NewCmdVerify(f),
		verifycmd.NewCmdDownload(f),
		huntcmd.NewCmdHunt(f),
		huntcmd.NewCmdDetections(f),
	)
	return cmd
}
