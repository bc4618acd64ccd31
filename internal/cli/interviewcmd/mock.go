package interviewcmd

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/exercise"
	"github.com/awssec/awssec/interview/mock"
)

// MockOptions are the inputs of `awssec interview mock`.
type MockOptions struct {
	IO     *iostreams.IOStreams
	Now    func() time.Time
	Round  string
	Dir    string
	Format string
}

// NewCmdMock builds `awssec interview mock`.
func NewCmdMock(f *cmdutil.Factory, runF func(*MockOptions) error) *cobra.Command {
	opts := &MockOptions{IO: f.IOStreams, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "mock",
		Short: "A timed mock interview following the guide's sample loop, with a scorecard",
		Long: "Run the rounds of the guide's sample interview — code review, two STRIDE threat models, a cloud\n" +
			"estate review, a leadership story — each with its time limit. Write each answer and end it with a\n" +
			"line holding a single dot. Type pause on its own line to stop the clock, skip to pass a round.\n" +
			"Each round is graded by awssec's engines (the threat generator, the scan's checks) or, for the\n" +
			"leadership story, by a STAR rubric that says it is a heuristic. A scorecard ends the session.\n" +
			"Nothing leaves this machine.",
		Example: "  awssec interview mock\n  awssec interview mock --round code-review\n  awssec interview mock --round cloud --dir /tmp/mock",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runMock(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Round, "round", "", "run only this round: code-review, threat-model, threat-model-deep, cloud, leadership")
	cmd.Flags().StringVar(&opts.Dir, "dir", ".", "where the cloud round writes its estate.json")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "scorecard format: text, json")
	return cmd
}

// Scorecard is a mock interview's outcome.
type Scorecard struct {
	Rounds []RoundScore `json:"rounds"`
	// Practise lists what to drill next, weakest round first.
	Practise []string `json:"practise"`
}

// RoundScore is one round's outcome.
type RoundScore struct {
	Round   string        `json:"round"`
	Title   string        `json:"title"`
	Skipped bool          `json:"skipped,omitzero"`
	Score   float64       `json:"score"`
	Used    time.Duration `json:"-"`
	Limit   time.Duration `json:"-"`
	// UsedSeconds and LimitSeconds are Used and Limit for JSON.
	UsedSeconds  int              `json:"usedSeconds"`
	LimitSeconds int              `json:"limitSeconds"`
	Result       *exercise.Result `json:"result,omitzero"`
}

func runMock(opts *MockOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	rounds, err := mock.Rounds()
	if err != nil {
		return err
	}
	if opts.Round != "" {
		r, err := mock.Lookup(opts.Round)
		if err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		rounds = []*mock.Round{r}
	}
	w := opts.IO.Out
	if opts.Format == "json" {
		w = opts.IO.ErrOut // the conversation goes to stderr, the scorecard to stdout
	}
	in := bufio.NewScanner(opts.IO.In)
	in.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var card Scorecard
	for i, r := range rounds {
		fmt.Fprintf(w, "\nRound %d of %d: %s (%s)\n\n%s\n", i+1, len(rounds), r.Title, minutes(r.Limit), r.Prompt)
		if r.Name == "cloud" {
			if err := writeReviewEstate(opts); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "Answer (%s); end with a line holding a single dot. pause stops the clock, skip passes.\n", r.Answer)
		start := opts.Now()
		answer, paused, cmd, ok := readRound(in, w, opts.Now)
		used := opts.Now().Sub(start) - paused
		if !ok {
			break
		}
		rs := RoundScore{Round: r.Name, Title: r.Title, Used: used, Limit: r.Limit,
			UsedSeconds: int(used / time.Second), LimitSeconds: int(r.Limit / time.Second)}
		if cmd == "skip" {
			rs.Skipped = true
			card.Rounds = append(card.Rounds, rs)
			continue
		}
		res, err := r.Grade(answer)
		if err != nil {
			return err
		}
		rs.Score, rs.Result = res.Score, res
		card.Rounds = append(card.Rounds, rs)
		fmt.Fprintf(w, "\n%s: %.0f%% in %s of %s.\n", r.Title, 100*res.Score, minutes(used), minutes(r.Limit))
		writeResult(w, res)
	}
	byName := map[string]*mock.Round{}
	for _, r := range rounds {
		byName[r.Name] = r
	}
	weak := slices.Clone(card.Rounds)
	slices.SortStableFunc(weak, func(a, b RoundScore) int { return cmp.Compare(a.Score, b.Score) })
	for _, rs := range weak {
		if rs.Score < 0.8 {
			card.Practise = append(card.Practise, fmt.Sprintf("%s: %s", rs.Round, byName[rs.Round].Practise))
		}
	}
	if opts.Format == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, card)
	}
	writeScorecard(opts.IO.Out, card)
	return nil
}

func writeReviewEstate(opts *MockOptions) error {
	data, err := exercise.ReviewEstate()
	if err != nil {
		return err
	}
	path := filepath.Join(opts.Dir, "estate.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return &cmdutil.UsageError{Err: fmt.Errorf("--dir: %w", err)}
	}
	fmt.Fprintf(opts.IO.ErrOut, "awssec: wrote %s (inspect it with: awssec inventory --inventory %s)\n", path, path)
	return nil
}

// readRound reads an answer up to a line holding a single dot. A line
// "pause" stops the clock until Enter; "skip" as the first line passes
// the round. ok is false at the end of input with nothing read.
func readRound(in *bufio.Scanner, w io.Writer, now func() time.Time) (answer string, paused time.Duration, cmd string, ok bool) {
	var lines []string
	for in.Scan() {
		line := strings.TrimRight(in.Text(), "\r")
		switch strings.TrimSpace(strings.ToLower(line)) {
		case ".":
			return strings.Join(lines, "\n"), paused, "", true
		case "skip":
			if len(lines) == 0 {
				return "", paused, "skip", true
			}
		case "pause":
			t := now()
			fmt.Fprintln(w, "Paused. Press Enter to go on.")
			in.Scan()
			paused += now().Sub(t)
			continue
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), paused, "", len(lines) > 0
}

func minutes(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// writeScorecard prints the scorecard in plain words, a round per line.
func writeScorecard(w io.Writer, card Scorecard) {
	fmt.Fprintln(w, "\nScorecard")
	for _, rs := range card.Rounds {
		if rs.Skipped {
			fmt.Fprintf(w, "  %-18s skipped\n", rs.Round)
			continue
		}
		over := ""
		if rs.Used > rs.Limit {
			over = " (over time)"
		}
		fmt.Fprintf(w, "  %-18s %4.0f%%  %s of %s%s\n", rs.Round, 100*rs.Score, minutes(rs.Used), minutes(rs.Limit), over)
	}
	if len(card.Practise) == 0 {
		fmt.Fprintln(w, "\nEvery round at 80% or more. Try another template with awssec threat new, or awssec interview practice.")
		return
	}
	fmt.Fprintln(w, "\nPractise next, weakest first:")
	for _, p := range card.Practise {
		fmt.Fprintf(w, "  %s\n", p)
	}
}
