// Package exercise holds the interview's hands-on exercises and grades
// answers with awssec's own engines: policies with the IAM evaluator over
// a hidden set of requests, code by running it against hidden tests in a
// sandboxed subprocess, alarms by their structure, estate reviews against
// the scan's findings. Grades are transparent: every hidden check says
// what it expected and what the answer did.
package exercise

import (
	"fmt"
	"slices"
)

// Exercise is one hands-on task.
type Exercise struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Kind names what the answer is: "iam-policy", "code", "alarm", "estate-review".
	Kind string `json:"kind"`
	// Prompt is the task as the candidate reads it.
	Prompt string `json:"prompt"`
	// Answer says what to hand in and how ("a JSON identity policy").
	Answer string `json:"answer"`
	// Seed names the guide's question the exercise drills, when any.
	Seed string `json:"seed,omitzero"`

	grade func(name string, answer []byte) (*Result, error)
}

// Result is a graded answer.
type Result struct {
	Exercise string  `json:"exercise"`
	Score    float64 `json:"score"` // 0 to 1
	Passed   bool    `json:"passed"`
	Checks   []Check `json:"checks"`
}

// Check is one hidden test and how the answer did on it.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitzero"`
}

// Grade grades an answer read from name. An answer that cannot be read as
// what the exercise asks for (invalid JSON, a policy of the wrong type,
// code that does not compile) is an error that says why, and gets no score.
func (e *Exercise) Grade(name string, answer []byte) (*Result, error) {
	r, err := e.grade(name, answer)
	if err != nil {
		return nil, err
	}
	r.Exercise = e.ID
	return r, nil
}

// score fills Score and Passed from the checks: the share passed.
func (r *Result) score() *Result {
	ok := 0
	for _, c := range r.Checks {
		if c.OK {
			ok++
		}
	}
	if len(r.Checks) > 0 {
		r.Score = float64(ok) / float64(len(r.Checks))
	}
	r.Passed = len(r.Checks) > 0 && ok == len(r.Checks)
	return r
}

// All returns every exercise, in catalogue order.
func All() []*Exercise {
	return slices.Concat(iamExercises(), filterExercises(), sigmaExercises(), codeExercises(), alarmExercises(), estateExercises())
}

// Lookup finds an exercise by id.
func Lookup(id string) (*Exercise, error) {
	for _, e := range All() {
		if e.ID == id {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no exercise %q (list them with: awssec interview exercise list)", id)
}
