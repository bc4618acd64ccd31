// Package mock runs the guide's sample interview loop as timed rounds —
// code review, STRIDE threat modelling, cloud security, leadership
// principles — and grades each answer with awssec's own engines (the
// threat generator, the scan's checks) or, for leadership answers, with a
// transparent STAR rubric that says it is a heuristic.
package mock

import (
	"fmt"
	"strings"
	"time"

	"github.com/awssec/awssec/interview/exercise"
)

// Round is one round of the mock interview.
type Round struct {
	Name  string        `json:"name"`
	Title string        `json:"title"`
	Limit time.Duration `json:"-"`
	// Prompt is what the candidate reads; Answer how to answer.
	Prompt string `json:"prompt"`
	Answer string `json:"answer"`
	// Practise says what to drill when the round goes badly.
	Practise string `json:"practise"`

	grade func(answer string) (*exercise.Result, error)
}

// Grade scores an answer to the round.
func (r *Round) Grade(answer string) (*exercise.Result, error) {
	res, err := r.grade(answer)
	if err != nil {
		return nil, err
	}
	res.Exercise = r.Name
	return res, nil
}

// Rounds returns the loop of the guide's sample interview, in order.
func Rounds() ([]*Round, error) {
	tm1, err := threatRound("threat-model", "serverless-api", 15*time.Minute)
	if err != nil {
		return nil, err
	}
	tm2, err := threatRound("threat-model-deep", "web-app", 45*time.Minute)
	if err != nil {
		return nil, err
	}
	return []*Round{codeReviewRound(), tm1, tm2, cloudRound(), leadershipRound()}, nil
}

// Lookup returns one round by name.
func Lookup(name string) (*Round, error) {
	all, err := Rounds()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range all {
		if r.Name == name {
			return r, nil
		}
		names = append(names, r.Name)
	}
	return nil, fmt.Errorf("no round %q (valid: %s)", name, strings.Join(names, ", "))
}

func codeReviewRound() *Round {
	var p strings.Builder
	p.WriteString("Review both files and report every security issue, one per line: the line number and the CWE\n" +
		"id, then a note if you like (\"18 CWE-89 SQL injection\"). A finding at the right line scores half; with\n" +
		"the right CWE, full.\n")
	for _, s := range []snippet{pythonSnippet, javaSnippet} {
		fmt.Fprintf(&p, "\n%s (%s)\n%s", s.name, s.language, numbered(s.code))
	}
	p.WriteString("\nPrefix Java findings with J (\"J16 CWE-89\"); Python findings need no prefix.\n")
	return &Round{
		Name: "code-review", Title: "Code review: Python and Java", Limit: 30 * time.Minute,
		Prompt: p.String(), Answer: "lines of LINE CWE-ID (J before Java lines)",
		Practise: "awssec interview questions --category appsec",
		grade: func(answer string) (*exercise.Result, error) {
			var py, java []string
			for _, l := range strings.Split(answer, "\n") {
				t := strings.TrimSpace(l)
				if rest, ok := strings.CutPrefix(strings.ToUpper(t), "J"); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
					java = append(java, rest)
				} else {
					py = append(py, t)
				}
			}
			a := gradeCodeReview(pythonSnippet, strings.Join(py, "\n"))
			b := gradeCodeReview(javaSnippet, strings.Join(java, "\n"))
			n := float64(len(pythonSnippet.key) + len(javaSnippet.key))
			r := &exercise.Result{Checks: append(a.Checks, b.Checks...)}
			r.Score = (a.Score*float64(len(pythonSnippet.key)) + b.Score*float64(len(javaSnippet.key))) / n
			r.Passed = r.Score == 1
			return r, nil
		},
	}
}

func cloudRound() *Round {
	ex, _ := exercise.Lookup("find-misconfigurations")
	return &Round{
		Name: "cloud", Title: "Cloud security: review an estate", Limit: 15 * time.Minute,
		Prompt: ex.Prompt + "\n\nThe estate is written to estate.json in the current directory (or --dir).",
		Answer: ex.Answer, Practise: "awssec scan --demo, then awssec interview exercise run find-misconfigurations",
		grade: func(answer string) (*exercise.Result, error) {
			return ex.Grade("answer", []byte(answer))
		},
	}
}
