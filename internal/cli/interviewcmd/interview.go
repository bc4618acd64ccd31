// Package interviewcmd implements `awssec interview`: practise the
// interview guide's questions. One file per subcommand.
package interviewcmd

import (
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdInterview builds `awssec interview` and its subcommands.
func NewCmdInterview(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "interview <command>",
		Short: "Practise the AWS security interview guide's questions",
		Long: "Browse the question bank: every question of the AWS security interview guide and more on\n" +
			"its topics, each with the key points of a good answer, their sources, follow-up questions\n" +
			"and the awssec command that demonstrates the answer.",
	}
	cmd.AddCommand(NewCmdQuestions(f, nil), NewCmdPractice(f, nil), NewCmdStats(f, nil), NewCmdExercise(f), NewCmdMock(f, nil))
	return cmd
}
