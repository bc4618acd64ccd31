// Package cli builds awssec's command tree and maps the errors commands
// return to exit codes, in one place.
package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cli/alertcmd"
	"github.com/awssec/awssec/internal/cli/catalog"
	"github.com/awssec/awssec/internal/cli/collectcmd"
	"github.com/awssec/awssec/internal/cli/diff"
	"github.com/awssec/awssec/internal/cli/estate"
	"github.com/awssec/awssec/internal/cli/history"
	"github.com/awssec/awssec/internal/cli/iamcmd"
	"github.com/awssec/awssec/internal/cli/iampolicy"
	"github.com/awssec/awssec/internal/cli/interviewcmd"
	"github.com/awssec/awssec/internal/cli/orgreport"
	"github.com/awssec/awssec/internal/cli/paths"
	"github.com/awssec/awssec/internal/cli/scan"
	"github.com/awssec/awssec/internal/cli/threatcmd"
	"github.com/awssec/awssec/internal/cli/trail"
	"github.com/awssec/awssec/internal/cli/version"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/gctune"
	"github.com/awssec/awssec/internal/iostreams"
)

// Main runs awssec with the process's arguments and streams, and returns
// the exit code.
func Main() int {
	gctune.Apply()
	f := &cmdutil.Factory{IOStreams: iostreams.System(), Now: time.Now, ReadFile: os.ReadFile, AWSConfig: cmdutil.LoadAWSConfig}
	return Run(f, os.Args[1:])
}

// Run runs one command line against the factory's dependencies and returns
// the exit code. Errors are printed here, once.
func Run(f *cmdutil.Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		fmt.Fprintf(f.IOStreams.ErrOut, "awssec: %v\n", err)
	}
	return cmdutil.ExitCode(err)
}

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "awssec <command>",
		Short: "Secure AWS estates: scan posture, explain risks, verify logs, alert",
		Long: "awssec checks AWS estates for the risks security engineers look for, explains each one,\n" +
			"and says how to fix it. Start with `awssec scan --demo` to scan the built-in demo estate.",
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetIn(f.IOStreams.In)
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.UsageError{Err: err} })
	root.AddCommand(
		scan.NewCmdScan(f, nil),
		paths.NewCmdPaths(f, nil),
		catalog.NewCmdChecks(f, nil),
		estate.NewCmdInventory(f, nil),
		collectcmd.NewCmdCollect(f),
		iampolicy.NewCmdIAMPolicy(f),
		iamcmd.NewCmdIAM(f),
		trail.NewCmdTrail(f),
		threatcmd.NewCmdThreat(f, nil),
		orgreport.NewCmdOrgReport(f, nil),
		interviewcmd.NewCmdInterview(f),
		version.NewCmdVersion(f),
		history.NewCmdHistory(f, nil),
		diff.NewCmdDiff(f, nil),
		alertcmd.NewCmdAlert(f),
	)
	// Unknown commands and wrong argument counts are usage errors too.
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		args := c.Args
		c.Args = func(cmd *cobra.Command, a []string) error {
			if err := args(cmd, a); err != nil {
				return &cmdutil.UsageError{Err: err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}
