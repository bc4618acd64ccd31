package interviewcmd

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/bank"
	"github.com/awssec/awssec/interview/fsrs"
)

// StatsOptions are the inputs of `awssec interview stats`.
type StatsOptions struct {
	IO       *iostreams.IOStreams
	Now      func() time.Time
	Format   string
	Bank     string
	Progress string
}

// NewCmdStats builds `awssec interview stats`.
func NewCmdStats(f *cmdutil.Factory, runF func(*StatsOptions) error) *cobra.Command {
	opts := &StatsOptions{IO: f.IOStreams, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "What is due, weak categories, and your review history",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runStats(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	cmd.Flags().StringVar(&opts.Bank, "bank", "", "a directory of your own questions (.yaml), added to the built-in bank")
	cmd.Flags().StringVar(&opts.Progress, "progress", "", "the progress file (default: interview.db in awssec's data directory)")
	return cmd
}

// Stats is the learner's progress.
type Stats struct {
	Questions  int             `json:"questions"`
	Seen       int             `json:"seen"`
	Due        int             `json:"due"`
	Reviews    int             `json:"reviews"`
	Categories []CategoryStats `json:"categories"`
	Recent     []RecentReview  `json:"recent"`
}

// CategoryStats is one category's record. Lapses are reviews graded again
// or hard; the weakest category has the highest lapse rate.
type CategoryStats struct {
	Category  string  `json:"category"`
	Questions int     `json:"questions"`
	Seen      int     `json:"seen"`
	Reviews   int     `json:"reviews"`
	Lapses    int     `json:"lapses"`
	LapseRate float64 `json:"lapseRate"`
}

// RecentReview is one of the latest reviews.
type RecentReview struct {
	Question   string    `json:"question"`
	Rating     string    `json:"rating"`
	ReviewedAt time.Time `json:"reviewedAt"`
}

func runStats(ctx context.Context, opts *StatsOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	qs, err := loadBank(opts.Bank)
	if err != nil {
		return err
	}
	store, err := openProgress(ctx, opts.Progress)
	if err != nil {
		return err
	}
	defer store.Close()
	cards, err := store.Cards(ctx)
	if err != nil {
		return err
	}
	reviews, err := store.Reviews(ctx, "")
	if err != nil {
		return err
	}
	now := opts.Now()
	st := Stats{Questions: len(qs), Reviews: len(reviews)}
	per := map[string]*CategoryStats{}
	for _, c := range bank.Categories {
		per[c] = &CategoryStats{Category: c}
	}
	for _, q := range qs {
		cs := per[q.Category]
		cs.Questions++
		if c, ok := cards[q.ID]; ok {
			st.Seen++
			cs.Seen++
			if !c.Due.After(now) {
				st.Due++
			}
		}
	}
	for _, r := range reviews {
		cs, ok := per[r.Category]
		if !ok {
			continue
		}
		cs.Reviews++
		if r.Rating == fsrs.Again || r.Rating == fsrs.Hard {
			cs.Lapses++
		}
	}
	for _, c := range bank.Categories {
		cs := per[c]
		if cs.Reviews > 0 {
			cs.LapseRate = float64(cs.Lapses) / float64(cs.Reviews)
		}
		st.Categories = append(st.Categories, *cs)
	}
	slices.SortStableFunc(st.Categories, func(a, b CategoryStats) int { return cmp.Compare(b.LapseRate, a.LapseRate) })
	for i := len(reviews) - 1; i >= 0 && len(st.Recent) < 10; i-- {
		r := reviews[i]
		st.Recent = append(st.Recent, RecentReview{Question: r.Question, Rating: r.Rating.String(), ReviewedAt: r.ReviewedAt})
	}
	if opts.Format == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, st)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%d questions: %d seen, %d due now, %d never asked; %d reviews in all\n\n",
		st.Questions, st.Seen, st.Due, st.Questions-st.Seen, st.Reviews)
	fmt.Fprintf(w, "%-10s %9s %6s %8s %11s\n", "category", "questions", "seen", "reviews", "again/hard")
	for _, c := range st.Categories {
		fmt.Fprintf(w, "%-10s %9d %6d %8d %10.0f%%\n", c.Category, c.Questions, c.Seen, c.Reviews, 100*c.LapseRate)
	}
	if len(st.Categories) > 0 && st.Categories[0].Lapses > 0 {
		fmt.Fprintf(w, "\nWeakest: %s. Practise it with: awssec interview practice --category %s\n", st.Categories[0].Category, st.Categories[0].Category)
	}
	if len(st.Recent) > 0 {
		fmt.Fprintln(w, "\nLatest reviews:")
		for _, r := range st.Recent {
			fmt.Fprintf(w, "  %s  %-6s %s\n", r.ReviewedAt.Format("2006-01-02 15:04"), r.Rating, r.Question)
		}
	}
	return nil
}
