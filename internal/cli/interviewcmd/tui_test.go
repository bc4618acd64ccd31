package interviewcmd

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/awssec/awssec/interview/bank"
	"github.com/awssec/awssec/interview/fsrs"
)

type graded struct {
	id     string
	rating fsrs.Rating
	answer string
}

func press(m tea.Model, keys ...tea.KeyPressMsg) tea.Model {
	for _, k := range keys {
		m, _ = m.Update(k)
	}
	return m
}

func typeText(m tea.Model, s string) tea.Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func TestPracticeTUI(t *testing.T) {
	qs, _ := bank.Embedded()
	queue := qs[:2]
	var got []graded
	m := tea.Model(newPracticeTUI(queue, clock(day0), func(q bank.Question, r fsrs.Rating, answer string) (time.Time, error) {
		got = append(got, graded{q.ID, r, answer})
		return day0.Add(10 * time.Minute), nil
	}))
	if v := m.View().Content; !strings.Contains(v, "Question 1 of 2") || !strings.Contains(v, "ctrl+d: show the key points") {
		t.Fatalf("first screen:\n%s", v)
	}
	m = typeText(m, "GuardDuty")
	m = press(m, tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl})
	if v := m.View().Content; !strings.Contains(v, "Key points of a good answer:") || !strings.Contains(v, queue[0].KeyPoints[0].Cite) {
		t.Fatalf("revealed screen:\n%s", v)
	}
	m = press(m, tea.KeyPressMsg{Code: 'x', Text: "x"}) // not a grade: ignored
	m = press(m, tea.KeyPressMsg{Code: '3', Text: "3"})
	if len(got) != 1 || got[0] != (graded{queue[0].ID, fsrs.Good, "GuardDuty"}) {
		t.Fatalf("graded %+v", got)
	}
	if v := m.View().Content; !strings.Contains(v, "Graded good. Next review: in 10 minutes.") || !strings.Contains(v, "Question 2 of 2") {
		t.Fatalf("second screen:\n%s", v)
	}
	// esc skips the last question and ends the session.
	var cmd tea.Cmd
	m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if cmd == nil {
		t.Error("the session does not end after the last question")
	}
	if v := m.View().Content; !strings.Contains(v, "1 reviewed.") {
		t.Errorf("last screen:\n%s", v)
	}
}
