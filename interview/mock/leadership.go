package mock

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/awssec/awssec/interview/exercise"
)

// The STAR rubric: transparent, word-based, and a heuristic — it checks
// that an answer has the parts interviewers listen for, not whether the
// story is good.
var (
	starSituation = regexp.MustCompile(`(?i)\b(when|while|at my (previous|last|current)|in (my|our) (team|company|role)|last year|we had|there was|our)\b`)
	starTask      = regexp.MustCompile(`(?i)\b(my (goal|task|job|responsibility|role)|i (was|had been) (asked|responsible|tasked)|i needed to|i had to|the goal was)\b`)
	starResult    = regexp.MustCompile(`(?i)\b(result|as a result|outcome|led to|reduced|increased|improved|cut|saved|fixed|resolved|shipped|delivered|prevented)\b`)
	starMeasure   = regexp.MustCompile(`\d`)
	firstPerson   = regexp.MustCompile(`(?i)\b(i|i'm|i've|my|me)\b`)
	firstPlural   = regexp.MustCompile(`(?i)\b(we|we're|we've|our|us)\b`)
)

func leadershipRound() *Round {
	return &Round{
		Name: "leadership", Title: "Leadership principles", Limit: 20 * time.Minute,
		Prompt: "Tell me about a time you convinced a team to fix a security vulnerability they did not want to\n" +
			"prioritise. (Have Backbone; Disagree and Commit, Earn Trust.) Answer in STAR form: the situation, your\n" +
			"task, the actions you took yourself, and the result — with a number if you have one.",
		Answer:   "your story, in prose",
		Practise: "awssec interview practice --category lp",
		grade: func(answer string) (*exercise.Result, error) {
			return gradeSTAR(answer), nil
		},
	}
}

// gradeSTAR checks an answer against the rubric, one check per part.
func gradeSTAR(answer string) *exercise.Result {
	words := len(strings.Fields(answer))
	i, we := len(firstPerson.FindAllString(answer, -1)), len(firstPlural.FindAllString(answer, -1))
	checks := []exercise.Check{
		{Name: "situation: sets the scene", OK: starSituation.MatchString(answer), Detail: "say where and when it happened"},
		{Name: "task: says what you had to achieve", OK: starTask.MatchString(answer), Detail: `say what was yours to do ("my task was…", "I had to…")`},
		{Name: "action: what you did, in the first person", OK: i > 0 && i >= we, Detail: fmt.Sprintf("%d first-person words against %d plural: interviewers ask what you did, not the team", i, we)},
		{Name: "result: says how it ended", OK: starResult.MatchString(answer), Detail: "end with the outcome"},
		{Name: "measurable: a number in the outcome", OK: starMeasure.MatchString(answer), Detail: "quantify it: days saved, findings closed, % reduced"},
		{Name: "length: enough to tell it (80 words or more)", OK: words >= 80, Detail: fmt.Sprintf("%d words", words)},
	}
	r := &exercise.Result{}
	ok := 0
	for _, c := range checks {
		if c.OK {
			c.Detail = ""
			ok++
		}
		r.Checks = append(r.Checks, c)
	}
	r.Checks = append(r.Checks, exercise.Check{Name: "note: this rubric is a heuristic", OK: true,
		Detail: "it looks for the parts of a STAR answer by their words; it cannot judge the story itself"})
	r.Score = float64(ok) / float64(len(checks))
	r.Passed = ok == len(checks)
	return r
}
