// Package fsrs schedules reviews with FSRS-6, the Free Spaced Repetition
// Scheduler: a memory model of each card's difficulty, stability and
// retrievability, fitted by its authors on millions of reviews, that
// schedules the next review for when recall probability falls to the
// desired retention. Written from the published algorithm; the default
// parameters are FSRS-6's.
package fsrs

import (
	"fmt"
	"math"
	"time"
)

// Rating is the learner's grade of one review.
type Rating int

// Ratings.
const (
	Again Rating = iota + 1 // forgot
	Hard                    // recalled with serious difficulty
	Good                    // recalled after a hesitation
	Easy                    // recalled easily
)

func (r Rating) String() string {
	switch r {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("rating(%d)", int(r))
}

// ParseRating reads a rating's name or number (1–4).
func ParseRating(s string) (Rating, error) {
	for r := Again; r <= Easy; r++ {
		if s == r.String() || s == fmt.Sprint(int(r)) {
			return r, nil
		}
	}
	return 0, fmt.Errorf("rating %q: want again, hard, good or easy (or 1-4)", s)
}

// State is where a card is in its life.
type State int

// States. A new card starts in Learning.
const (
	Learning State = iota + 1
	Review
	Relearning
)

func (s State) String() string {
	switch s {
	case Learning:
		return "learning"
	case Review:
		return "review"
	case Relearning:
		return "relearning"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Card is one question's memory state.
type Card struct {
	State State `json:"state"`
	// Step is the index into the learning or relearning steps.
	Step int `json:"step"`
	// Stability is the interval, in days, at which recall probability is
	// 90%; Difficulty is 1 (easy) to 10. Both are 0 before the first review.
	Stability  float64   `json:"stability"`
	Difficulty float64   `json:"difficulty"`
	Due        time.Time `json:"due"`
	LastReview time.Time `json:"lastReview,omitzero"`
}

// NewCard is a card due now that was never reviewed.
func NewCard(now time.Time) Card { return Card{State: Learning, Due: now} }

// DefaultParameters are FSRS-6's default model weights w0…w20.
var DefaultParameters = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
	0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

const (
	minStability  = 0.001
	minDifficulty = 1.0
	maxDifficulty = 10.0
)

// Scheduler holds FSRS's settings. Its zero value is not usable; start
// from Default.
type Scheduler struct {
	W                [21]float64
	DesiredRetention float64
	LearningSteps    []time.Duration
	RelearningSteps  []time.Duration
	MaximumInterval  int // days
	// Fuzz, when set, returns a number in [0, 1) used to spread review-state
	// intervals a little so cards learnt together do not stay together.
	Fuzz func() float64
}

// Default returns FSRS-6's default scheduler without fuzzing: 90%
// desired retention, learning steps of 1 and 10 minutes, a relearning step
// of 10 minutes, and at most 100 years between reviews.
func Default() *Scheduler {
	return &Scheduler{
		W: DefaultParameters, DesiredRetention: 0.9,
		LearningSteps:   []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps: []time.Duration{10 * time.Minute},
		MaximumInterval: 36500,
	}
}

func (s *Scheduler) decay() float64  { return -s.W[20] }
func (s *Scheduler) factor() float64 { return math.Pow(0.9, 1/s.decay()) - 1 }

// Retrievability is the predicted probability of recalling c at now.
func (s *Scheduler) Retrievability(c Card, now time.Time) float64 {
	if c.LastReview.IsZero() || c.Stability == 0 {
		return 0
	}
	days := max(0, wholeDays(now.Sub(c.LastReview)))
	return math.Pow(1+s.factor()*float64(days)/c.Stability, s.decay())
}

// wholeDays counts the full days in d, rounding towards minus infinity.
func wholeDays(d time.Duration) int {
	return int(math.Floor(d.Hours() / 24))
}

// Review grades c at now and returns the card with its new memory state
// and due date.
func (s *Scheduler) Review(c Card, r Rating, now time.Time) Card {
	var sinceLast *int
	if !c.LastReview.IsZero() {
		d := wholeDays(now.Sub(c.LastReview))
		sinceLast = &d
	}
	sameDay := sinceLast != nil && *sinceLast < 1
	var next time.Duration
	switch c.State {
	case Learning, Relearning:
		steps := s.LearningSteps
		if c.State == Relearning {
			steps = s.RelearningSteps
		}
		switch {
		case c.Stability == 0:
			c.Stability = s.initialStability(r)
			c.Difficulty = clampDifficulty(s.initialDifficulty(r))
		case sameDay:
			c.Stability = s.shortTermStability(c.Stability, r)
			c.Difficulty = s.nextDifficulty(c.Difficulty, r)
		default:
			c.Stability = s.nextStability(c.Difficulty, c.Stability, s.Retrievability(c, now), r)
			c.Difficulty = s.nextDifficulty(c.Difficulty, r)
		}
		if len(steps) == 0 || c.Step >= len(steps) && r != Again {
			c.State, c.Step = Review, 0
			next = s.days(s.nextInterval(c.Stability))
			break
		}
		switch r {
		case Again:
			c.Step = 0
			next = steps[0]
		case Hard:
			switch {
			case c.Step == 0 && len(steps) == 1:
				next = steps[0] * 3 / 2
			case c.Step == 0:
				next = (steps[0] + steps[1]) / 2
			default:
				next = steps[c.Step]
			}
		case Good:
			if c.Step+1 == len(steps) {
				c.State, c.Step = Review, 0
				next = s.days(s.nextInterval(c.Stability))
			} else {
				c.Step++
				next = steps[c.Step]
			}
		case Easy:
			c.State, c.Step = Review, 0
			next = s.days(s.nextInterval(c.Stability))
		}
	case Review:
		if sameDay {
			c.Stability = s.shortTermStability(c.Stability, r)
		} else {
			c.Stability = s.nextStability(c.Difficulty, c.Stability, s.Retrievability(c, now), r)
		}
		c.Difficulty = s.nextDifficulty(c.Difficulty, r)
		if r == Again && len(s.RelearningSteps) > 0 {
			c.State, c.Step = Relearning, 0
			next = s.RelearningSteps[0]
		} else {
			next = s.days(s.nextInterval(c.Stability))
		}
	}
	if s.Fuzz != nil && c.State == Review {
		next = s.days(s.fuzz(int(next / (24 * time.Hour))))
	}
	c.Due, c.LastReview = now.Add(next), now
	return c
}

func (s *Scheduler) days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func (s *Scheduler) initialStability(r Rating) float64 {
	return max(s.W[r-1], minStability)
}

func (s *Scheduler) initialDifficulty(r Rating) float64 {
	return s.W[4] - math.Exp(s.W[5]*float64(r-1)) + 1
}

func clampDifficulty(d float64) float64 { return min(max(d, minDifficulty), maxDifficulty) }

// nextInterval is the number of days until recall probability falls to the
// desired retention: at least 1, at most the maximum interval.
func (s *Scheduler) nextInterval(stability float64) int {
	ivl := stability / s.factor() * (math.Pow(s.DesiredRetention, 1/s.decay()) - 1)
	return min(max(int(math.RoundToEven(ivl)), 1), s.MaximumInterval)
}

func (s *Scheduler) shortTermStability(stability float64, r Rating) float64 {
	inc := math.Exp(s.W[17]*(float64(r)-3+s.W[18])) * math.Pow(stability, -s.W[19])
	if r == Good || r == Easy {
		inc = max(inc, 1)
	}
	return max(stability*inc, minStability)
}

func (s *Scheduler) nextDifficulty(d float64, r Rating) float64 {
	delta := -s.W[6] * (float64(r) - 3)
	damped := d + (10-d)*delta/9 // linear damping: changes shrink near 10
	// Mean reversion towards the initial difficulty of an Easy first review.
	next := s.W[7]*s.initialDifficulty(Easy) + (1-s.W[7])*damped
	return clampDifficulty(next)
}

func (s *Scheduler) nextStability(d, stability, retrievability float64, r Rating) float64 {
	var next float64
	if r == Again {
		long := s.W[11] * math.Pow(d, -s.W[12]) * (math.Pow(stability+1, s.W[13]) - 1) * math.Exp((1-retrievability)*s.W[14])
		short := stability / math.Exp(s.W[17]*s.W[18])
		next = min(long, short)
	} else {
		hard, easy := 1.0, 1.0
		if r == Hard {
			hard = s.W[15]
		}
		if r == Easy {
			easy = s.W[16]
		}
		next = stability * (1 + math.Exp(s.W[8])*(11-d)*math.Pow(stability, -s.W[9])*(math.Exp((1-retrievability)*s.W[10])-1)*hard*easy)
	}
	return max(next, minStability)
}

// fuzz spreads an interval of days over a range that grows with it.
func (s *Scheduler) fuzz(days int) int {
	if float64(days) < 2.5 {
		return days
	}
	ranges := []struct{ start, end, factor float64 }{{2.5, 7, 0.15}, {7, 20, 0.1}, {20, math.Inf(1), 0.05}}
	delta := 1.0
	for _, rg := range ranges {
		delta += rg.factor * max(min(float64(days), rg.end)-rg.start, 0)
	}
	lo := max(2, int(math.RoundToEven(float64(days)-delta)))
	hi := min(int(math.RoundToEven(float64(days)+delta)), s.MaximumInterval)
	lo = min(lo, hi)
	return min(int(math.RoundToEven(s.Fuzz()*float64(hi-lo+1)+float64(lo))), s.MaximumInterval)
}
