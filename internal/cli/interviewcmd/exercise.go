package interviewcmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/exercise"
)

// ExerciseOptions are the inputs of `awssec interview exercise`.
type ExerciseOptions struct {
	IO       *iostreams.IOStreams
	ReadFile func(string) ([]byte, error)
	ID       string
	Answer   string // a file, or "-" for standard input
	Dir      string // where run writes the exercise's materials
	Format   string
}

// NewCmdExercise builds `awssec interview exercise` and its subcommands.
func NewCmdExercise(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exercise <command>",
		Short: "Hands-on exercises graded by awssec's own engines",
		Long: "Write a policy, a metric filter, an alarm, a function, or review an estate; awssec grades the\n" +
			"answer with the engines it uses for real work (the IAM evaluator over hidden requests, the\n" +
			"metric-filter matcher over CloudTrail records, the scan's checks, a sandboxed test run) and says\n" +
			"which hidden check passed or failed, and why. Exit codes: 0 passed, 1 not passed, 2 the answer\n" +
			"could not be read as what the exercise asks for.",
	}
	cmd.AddCommand(newCmdExerciseList(f), newCmdExerciseRun(f), newCmdExerciseCheck(f))
	return cmd
}

func newOptions(f *cmdutil.Factory) *ExerciseOptions {
	rf := f.ReadFile
	if rf == nil {
		rf = os.ReadFile
	}
	return &ExerciseOptions{IO: f.IOStreams, ReadFile: rf}
}

func newCmdExerciseList(f *cmdutil.Factory) *cobra.Command {
	opts := newOptions(f)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the exercises",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
				return err
			}
			all := exercise.All()
			if opts.Format == "json" {
				return cmdutil.WriteJSON(opts.IO.Out, all)
			}
			for _, e := range all {
				fmt.Fprintf(opts.IO.Out, "%-34s %-14s %s\n", e.ID, e.Kind, e.Title)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

func newCmdExerciseRun(f *cmdutil.Factory) *cobra.Command {
	opts := newOptions(f)
	cmd := &cobra.Command{
		Use:   "run <id>",
		Short: "Show an exercise, write its materials, and grade your answer",
		Long: "Print the exercise and write the files it comes with (the estate to review) into --dir. Hand in\n" +
			"your answer with --answer FILE (or --answer - to type or pipe it on standard input); without one,\n" +
			"run shows the exercise only, and awssec interview exercise check grades a file later.",
		Example: "  awssec interview exercise run iam-least-privilege-s3\n" +
			"  awssec interview exercise run iam-least-privilege-s3 --answer policy.json\n" +
			"  awssec interview exercise run find-misconfigurations --dir /tmp/review",
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.ID = args[0]
			return runExercise(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Answer, "answer", "", "grade this answer file (- for standard input)")
	cmd.Flags().StringVar(&opts.Dir, "dir", ".", "where to write the exercise's files")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

func newCmdExerciseCheck(f *cmdutil.Factory) *cobra.Command {
	opts := newOptions(f)
	cmd := &cobra.Command{
		Use:     "check <id> <answer-file>",
		Short:   "Grade an answer file",
		Example: "  awssec interview exercise check nearest-number solution.py\n  awssec interview exercise check api-5xx-alarm alarm.yaml --format json",
		Args:    cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.ID, opts.Answer = args[0], args[1]
			return gradeAnswer(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

func runExercise(opts *ExerciseOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	e, err := exercise.Lookup(opts.ID)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if e.ID == "find-misconfigurations" {
		path := filepath.Join(opts.Dir, "estate.json")
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(opts.IO.ErrOut, "awssec: %s exists; keeping it\n", path)
		} else {
			data, err := exercise.ReviewEstate()
			if err != nil {
				return err
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return &cmdutil.UsageError{Err: fmt.Errorf("--dir: %w", err)}
			}
			fmt.Fprintf(opts.IO.ErrOut, "awssec: wrote %s\n", path)
		}
	}
	if opts.Answer == "" {
		if opts.Format == "json" {
			return cmdutil.WriteJSON(opts.IO.Out, e)
		}
		fmt.Fprintf(opts.IO.Out, "%s: %s\n\n%s\n\nHand in: %s.\nGrade it with: awssec interview exercise check %s FILE\n", e.ID, e.Title, e.Prompt, e.Answer, e.ID)
		return nil
	}
	if opts.Format == "text" {
		fmt.Fprintf(opts.IO.Out, "%s: %s\n\n", e.ID, e.Title)
	}
	return gradeAnswer(opts)
}

// gradeAnswer grades opts.Answer and reports it; exit 1 when it does not
// pass, 2 when it cannot be graded.
func gradeAnswer(opts *ExerciseOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	e, err := exercise.Lookup(opts.ID)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	name, data, err := readAnswerFile(opts)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	r, err := e.Grade(name, data)
	if err != nil {
		return &cmdutil.UsageError{Err: fmt.Errorf("no score: %w", err)}
	}
	if opts.Format == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		writeResult(opts.IO.Out, r)
	}
	if !r.Passed {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%s: not passed yet (%.0f%%)", e.ID, 100*r.Score)}
	}
	return nil
}

func readAnswerFile(opts *ExerciseOptions) (string, []byte, error) {
	if opts.Answer == "-" {
		data, err := io.ReadAll(io.LimitReader(opts.IO.In, 1<<20+1))
		if err != nil {
			return "", nil, err
		}
		if len(data) > 1<<20 {
			return "", nil, errors.New("standard input: an answer is at most 1 MiB")
		}
		return "answer", data, nil
	}
	data, err := opts.ReadFile(opts.Answer)
	return opts.Answer, data, err
}

// writeResult prints a grade in words, one hidden check per line.
func writeResult(w io.Writer, r *exercise.Result) {
	ok := 0
	for _, c := range r.Checks {
		if c.OK {
			ok++
		}
	}
	verdict := "not passed yet"
	if r.Passed {
		verdict = "passed"
	}
	fmt.Fprintf(w, "Score: %d of %d checks (%.0f%%), %s.\n", ok, len(r.Checks), 100*r.Score, verdict)
	for _, c := range r.Checks {
		mark := "pass"
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s  %s", mark, c.Name)
		if c.Detail != "" {
			fmt.Fprintf(w, ": %s", c.Detail)
		}
		fmt.Fprintln(w)
	}
}
