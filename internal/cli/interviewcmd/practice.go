package interviewcmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/datadir"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/bank"
	"github.com/awssec/awssec/interview/fsrs"
	"github.com/awssec/awssec/interview/progress"
)

// PracticeOptions are the inputs of `awssec interview practice`.
type PracticeOptions struct {
	IO       *iostreams.IOStreams
	Now      func() time.Time
	Category string
	New      int // new questions per session
	Limit    int // questions per session, due first
	Format   string
	Bank     string
	Progress string // the progress file
	// TUI runs the session in the full-screen interface; set when standard
	// input and output are a terminal, unless --plain.
	TUI   bool
	Plain bool
}

// NewCmdPractice builds `awssec interview practice`.
func NewCmdPractice(f *cmdutil.Factory, runF func(*PracticeOptions) error) *cobra.Command {
	opts := &PracticeOptions{IO: f.IOStreams, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "practice",
		Short: "Drill the question bank with spaced repetition (FSRS-6)",
		Long: "Ask the questions that are due, then a few new ones. For each: write your answer (end it with\n" +
			"an empty line), read the key points of a good answer, and grade yourself again, hard, good or\n" +
			"easy. FSRS-6 schedules the next review from your grades; your answers are kept so you can\n" +
			"compare them later (awssec interview stats). Everything stays on this machine, in\n" +
			"--progress (default: awssec's data directory). Type skip to pass a question, quit to stop.\n" +
			"--format json prints the session's questions with their answer keys instead, for scripts.",
		Example: "  awssec interview practice\n" +
			"  awssec interview practice --category iam --new 5\n" +
			"  awssec interview practice --format json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.TUI = !opts.Plain && opts.Format == "text" && opts.IO.IsStdinTTY() && opts.IO.IsStdoutTTY()
			if runF != nil {
				return runF(opts)
			}
			return runPractice(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Category, "category", "", "only this category: "+strings.Join(bank.Categories, ", "))
	fl.IntVar(&opts.New, "new", 10, "new questions to add to a session")
	fl.IntVar(&opts.Limit, "limit", 20, "questions in a session at most, the most overdue first")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	fl.StringVar(&opts.Bank, "bank", "", "a directory of your own questions (.yaml), added to the built-in bank")
	fl.StringVar(&opts.Progress, "progress", "", "the progress file (default: interview.db in awssec's data directory)")
	fl.BoolVar(&opts.Plain, "plain", false, "line-by-line mode even on a terminal (screen readers, no colour)")
	return cmd
}

// openProgress opens the progress file named, or the default one.
func openProgress(ctx context.Context, path string) (*progress.Store, error) {
	if path == "" {
		p, err := datadir.File("interview.db")
		if err != nil {
			return nil, &cmdutil.UsageError{Err: fmt.Errorf("%w (name a file with --progress)", err)}
		}
		path = p
	}
	s, err := progress.Open(ctx, path)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: fmt.Errorf("--progress: %w", err)}
	}
	return s, nil
}

// session picks the questions to ask at now: due ones, most overdue
// first, then new ones in bank order.
func session(qs []bank.Question, cards map[string]fsrs.Card, now time.Time, newCount, limit int) []bank.Question {
	var due, fresh []bank.Question
	for _, q := range qs {
		c, seen := cards[q.ID]
		switch {
		case !seen:
			if len(fresh) < newCount {
				fresh = append(fresh, q)
			}
		case !c.Due.After(now):
			due = append(due, q)
		}
	}
	slices.SortStableFunc(due, func(a, b bank.Question) int { return cards[a.ID].Due.Compare(cards[b.ID].Due) })
	all := append(due, fresh...)
	return all[:min(len(all), limit)]
}

func runPractice(ctx context.Context, opts *PracticeOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	if opts.Category != "" {
		if err := cmdutil.OneOf("category", opts.Category, bank.Categories); err != nil {
			return err
		}
	}
	if opts.New < 0 || opts.Limit < 1 {
		return cmdutil.Usagef("--new must be 0 or more and --limit 1 or more")
	}
	qs, err := loadBank(opts.Bank)
	if err != nil {
		return err
	}
	qs = bank.Filter(qs, opts.Category, "")
	store, err := openProgress(ctx, opts.Progress)
	if err != nil {
		return err
	}
	defer store.Close()
	cards, err := store.Cards(ctx)
	if err != nil {
		return err
	}
	now := opts.Now()
	queue := session(qs, cards, now, opts.New, opts.Limit)
	if opts.Format == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, queue)
	}
	w := opts.IO.Out
	if len(queue) == 0 {
		fmt.Fprintln(w, "Nothing is due. Come back later, or add new questions with --new.")
		return nil
	}
	sch := fsrs.Default()
	record := func(q bank.Question, r fsrs.Rating, answer string) (time.Time, error) {
		c, seen := cards[q.ID]
		if !seen {
			c = fsrs.NewCard(now)
		}
		c = sch.Review(c, r, opts.Now())
		cards[q.ID] = c
		return c.Due, store.Record(ctx, q.ID, q.Category, c, r, answer)
	}
	if opts.TUI {
		m := newPracticeTUI(queue, opts.Now, record)
		if _, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(opts.IO.In), tea.WithOutput(opts.IO.Out)).Run(); err != nil {
			return err
		}
		return m.err
	}
	in := bufio.NewScanner(opts.IO.In)
	in.Buffer(make([]byte, 0, 64*1024), 1<<20)
	done := 0
	for i, q := range queue {
		fmt.Fprintf(w, "\nQuestion %d of %d (%s, %s)\n%s\n", i+1, len(queue), q.Category, q.Difficulty, q.Question)
		fmt.Fprintln(w, "Your answer (end with an empty line; skip to pass; quit to stop):")
		answer, cmd, ok := readAnswer(in)
		if !ok || cmd == "quit" {
			break
		}
		if cmd == "skip" {
			continue
		}
		fmt.Fprintln(w, "\nKey points of a good answer:")
		for j, kp := range q.KeyPoints {
			fmt.Fprintf(w, "  %d. %s\n     Source: %s\n", j+1, kp.Point, kp.Cite)
		}
		fmt.Fprintf(w, "  See it for real: %s\n", q.Command)
		r, ok := readRating(in, w)
		if !ok {
			break
		}
		due, err := record(q, r, answer)
		if err != nil {
			return err
		}
		done++
		fmt.Fprintf(w, "Next review: %s.\n", describeDue(due, opts.Now()))
	}
	fmt.Fprintf(w, "\n%d reviewed. See your progress with: awssec interview stats\n", done)
	return nil
}

// readAnswer reads lines up to an empty line. A first line of skip or quit
// is a command; ok is false at the end of input.
func readAnswer(in *bufio.Scanner) (answer, cmd string, ok bool) {
	var lines []string
	for in.Scan() {
		line := strings.TrimRight(in.Text(), "\r")
		if len(lines) == 0 {
			switch strings.TrimSpace(strings.ToLower(line)) {
			case "skip", "quit":
				return "", strings.TrimSpace(strings.ToLower(line)), true
			}
		}
		if strings.TrimSpace(line) == "" {
			return strings.Join(lines, "\n"), "", true
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		return strings.Join(lines, "\n"), "", true
	}
	return "", "", false
}

// readRating asks until it reads a rating; ok is false at the end of input.
func readRating(in *bufio.Scanner, w io.Writer) (fsrs.Rating, bool) {
	for {
		fmt.Fprint(w, "How well did you know it? again, hard, good or easy (1-4): ")
		if !in.Scan() {
			fmt.Fprintln(w)
			return 0, false
		}
		r, err := fsrs.ParseRating(strings.TrimSpace(strings.ToLower(in.Text())))
		if err == nil {
			return r, true
		}
		fmt.Fprintln(w, err)
	}
}

// describeDue says when a review is due, in words a learner reads at a
// glance.
func describeDue(due, now time.Time) string {
	d := due.Sub(now)
	in := func(n int, unit string) string {
		if n == 1 {
			return "in 1 " + unit
		}
		return fmt.Sprintf("in %d %ss", n, unit)
	}
	switch {
	case d < time.Hour:
		return in(int(d.Round(time.Minute)/time.Minute), "minute")
	case d < 48*time.Hour:
		return in(int(d.Round(time.Hour)/time.Hour), "hour")
	}
	return in(int(d.Hours()/24), "day") + " (" + due.Format("2006-01-02") + ")"
}
