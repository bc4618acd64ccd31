package interviewcmd

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/awssec/awssec/interview/bank"
	"github.com/awssec/awssec/interview/fsrs"
)

// practiceTUI is the terminal interface of a practice session: write the
// answer in a text area, reveal the key points, grade with one key. It
// records through grade, so the session logic stays in runPractice's
// terms and the model can be driven in tests without a terminal.
type practiceTUI struct {
	queue []bank.Question
	grade func(q bank.Question, r fsrs.Rating, answer string) (time.Time, error)
	now   func() time.Time

	i        int
	answer   textarea.Model
	revealed bool
	status   string // the last grade's outcome, shown under the next question
	done     int
	err      error
	quit     bool
}

func newPracticeTUI(queue []bank.Question, now func() time.Time, grade func(bank.Question, fsrs.Rating, string) (time.Time, error)) *practiceTUI {
	ta := textarea.New()
	ta.Placeholder = "Your answer…"
	ta.SetWidth(80)
	ta.SetHeight(6)
	ta.Focus()
	return &practiceTUI{queue: queue, grade: grade, now: now, answer: ta}
}

func (m *practiceTUI) Init() tea.Cmd { return textarea.Blink }

func (m *practiceTUI) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	key, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.String() == "ctrl+c" {
		m.quit = true
		return m, tea.Quit
	}
	if m.i >= len(m.queue) {
		return m, tea.Quit
	}
	q := m.queue[m.i]
	if !m.revealed {
		if isKey {
			switch key.String() {
			case "ctrl+d", "ctrl+s":
				m.revealed = true
				m.answer.Blur()
				return m, nil
			case "esc":
				m.next("Skipped.")
				return m, m.quitWhenDone()
			}
		}
		var cmd tea.Cmd
		m.answer, cmd = m.answer.Update(msg)
		return m, cmd
	}
	if !isKey {
		return m, nil
	}
	var r fsrs.Rating
	switch key.String() {
	case "1", "a":
		r = fsrs.Again
	case "2", "h":
		r = fsrs.Hard
	case "3", "g":
		r = fsrs.Good
	case "4", "e":
		r = fsrs.Easy
	default:
		return m, nil
	}
	due, err := m.grade(q, r, m.answer.Value())
	if err != nil {
		m.err = err
		return m, tea.Quit
	}
	m.done++
	m.next(fmt.Sprintf("Graded %s. Next review: %s.", r, describeDue(due, m.now())))
	return m, m.quitWhenDone()
}

func (m *practiceTUI) next(status string) {
	m.i++
	m.revealed = false
	m.status = status
	m.answer.Reset()
	m.answer.Focus()
}

func (m *practiceTUI) quitWhenDone() tea.Cmd {
	if m.i >= len(m.queue) {
		return tea.Quit
	}
	return nil
}

func (m *practiceTUI) View() tea.View {
	var b strings.Builder
	if m.i >= len(m.queue) {
		fmt.Fprintf(&b, "%s\n%d reviewed. See your progress with: awssec interview stats\n", m.status, m.done)
		return tea.NewView(b.String())
	}
	q := m.queue[m.i]
	if m.status != "" {
		b.WriteString(m.status + "\n\n")
	}
	fmt.Fprintf(&b, "Question %d of %d (%s, %s)\n%s\n\n", m.i+1, len(m.queue), q.Category, q.Difficulty, q.Question)
	b.WriteString(m.answer.View() + "\n")
	if !m.revealed {
		b.WriteString("\nctrl+d: show the key points · esc: skip · ctrl+c: stop\n")
		return tea.NewView(b.String())
	}
	b.WriteString("\nKey points of a good answer:\n")
	for j, kp := range q.KeyPoints {
		fmt.Fprintf(&b, "  %d. %s\n     Source: %s\n", j+1, kp.Point, kp.Cite)
	}
	fmt.Fprintf(&b, "  See it for real: %s\n\nHow well did you know it? 1 again · 2 hard · 3 good · 4 easy\n", q.Command)
	return tea.NewView(b.String())
}
