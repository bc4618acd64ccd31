// Package iamcmd implements `awssec iam`, the IAM policy engine's command
// group: one file per subcommand (id.go for `awssec iam id`), each with its
// options struct, NewCmdX(f, runF) and run function.
package iamcmd

import (
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdIAM builds `awssec iam` and its subcommands.
func NewCmdIAM(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "iam <command>",
		Short: "Understand IAM: policies, identifiers, who can do what",
		Long: "Answer IAM questions offline: what an access key id or principal id is and which\n" +
			"account it belongs to; which actions a pattern grants, with their access levels.",
	}
	cmd.AddCommand(
		NewCmdID(f, nil),
		NewCmdActions(f, nil),
		NewCmdExplain(f, nil),
		NewCmdEval(f, nil),
		NewCmdLint(f, nil),
		NewCmdWhoCan(f, nil),
		NewCmdEscalation(f, nil),
	)
	return cmd
}
