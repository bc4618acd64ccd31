package interviewcmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/bank"
)

// QuestionsOptions are the inputs of `awssec interview questions`.
type QuestionsOptions struct {
	IO       *iostreams.IOStreams
	IDs      []string
	Category string
	Search   string
	Format   string
	Bank     string // a directory of the user's own questions
}

// NewCmdQuestions builds `awssec interview questions`. runF replaces the
// run in tests.
func NewCmdQuestions(f *cmdutil.Factory, runF func(*QuestionsOptions) error) *cobra.Command {
	opts := &QuestionsOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "questions [ID...]",
		Short: "List the question bank, or show questions with their answer key",
		Long: "Without ids, list the questions (filtered by --category and --search). With ids, show each\n" +
			"question with the key points of a good answer and their sources, the follow-up questions, and\n" +
			"the awssec command that demonstrates the answer. --bank adds a directory of your own questions\n" +
			"(YAML files in the same shape as the built-in bank).",
		Example: "  awssec interview questions --category iam\n" +
			"  awssec interview questions --search imds\n" +
			"  awssec interview questions imdsv1-ssrf\n" +
			"  awssec interview questions --format json > bank.json",
		RunE: func(_ *cobra.Command, args []string) error {
			opts.IDs = args
			if runF != nil {
				return runF(opts)
			}
			return runQuestions(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Category, "category", "", "only this category: "+strings.Join(bank.Categories, ", "))
	cmd.Flags().StringVar(&opts.Search, "search", "", "only questions whose text, key points or command contain these words")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	cmd.Flags().StringVar(&opts.Bank, "bank", "", "a directory of your own questions (.yaml), added to the built-in bank")
	return cmd
}

// loadBank returns the built-in bank plus the user's directory, if any.
func loadBank(dir string) ([]bank.Question, error) {
	qs, err := bank.Embedded()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return qs, nil
	}
	mine, err := bank.LoadDir(dir)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: fmt.Errorf("--bank: %w", err)}
	}
	return bank.Merge(slices.Clone(qs), mine)
}

func runQuestions(opts *QuestionsOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	if opts.Category != "" {
		if err := cmdutil.OneOf("category", opts.Category, bank.Categories); err != nil {
			return err
		}
	}
	qs, err := loadBank(opts.Bank)
	if err != nil {
		return err
	}
	if len(opts.IDs) > 0 {
		var picked []bank.Question
		for _, id := range opts.IDs {
			i := slices.IndexFunc(qs, func(q bank.Question) bool { return q.ID == id })
			if i < 0 {
				return cmdutil.Usagef("no question %q (list them with: awssec interview questions --search WORD)", id)
			}
			picked = append(picked, qs[i])
		}
		if opts.Format == "json" {
			return cmdutil.WriteJSON(opts.IO.Out, picked)
		}
		for i, q := range picked {
			if i > 0 {
				fmt.Fprintln(opts.IO.Out)
			}
			writeQuestion(opts.IO.Out, q)
		}
		return nil
	}
	qs = bank.Filter(qs, opts.Category, opts.Search)
	if opts.Format == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, qs)
	}
	w := opts.IO.Out
	for _, q := range qs {
		fmt.Fprintf(w, "%-34s %-8s %-6s %s\n", q.ID, q.Category, q.Difficulty, q.Question)
	}
	fmt.Fprintf(opts.IO.ErrOut, "%d questions; show one with: awssec interview questions ID\n", len(qs))
	return nil
}

// writeQuestion prints one question with its answer key, in plain text
// that reads well aloud (no tables, no colour).
func writeQuestion(w io.Writer, q bank.Question) {
	fmt.Fprintf(w, "%s (%s, %s; %s)\n", q.ID, q.Category, q.Difficulty, q.Section)
	if q.Principle != "" {
		fmt.Fprintf(w, "Leadership principle: %s\n", q.Principle)
	}
	fmt.Fprintf(w, "\nQ: %s\n\nKey points:\n", q.Question)
	for i, kp := range q.KeyPoints {
		fmt.Fprintf(w, "  %d. %s\n     Source: %s\n", i+1, kp.Point, kp.Cite)
	}
	if len(q.FollowUps) > 0 {
		fmt.Fprintln(w, "\nFollow-up questions:")
		for _, f := range q.FollowUps {
			fmt.Fprintf(w, "  - %s\n", f)
		}
	}
	fmt.Fprintf(w, "\nSee it for real: %s\n", q.Command)
}
