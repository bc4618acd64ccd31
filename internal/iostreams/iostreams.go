// Package iostreams holds the three standard streams and what is known about
// them: whether each is a terminal and how wide it is. Commands write data to
// Out and everything else to ErrOut, and style output only on a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are a command's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	noColor               bool
	forceColor            bool
	width                 int
}

// System returns the process's streams, with terminal detection.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, width: 100}
	s.inTTY = isTerminal(os.Stdin) && os.Getenv("TERM") != "dumb"
	s.outTTY = isTerminal(os.Stdout)
	s.errTTY = isTerminal(os.Stderr)
	if s.outTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			s.width = w
		}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		s.noColor = true
	}
	return s
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, width: 100, noColor: true}, in, out, errOut
}

// IsStdinTTY reports whether In is an interactive terminal (not one that
// declares itself dumb).
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether Out is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether ErrOut is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetStdoutTTY says whether Out is to be treated as a terminal (tests).
func (s *IOStreams) SetStdoutTTY(v bool) { s.outTTY = v }

// SetStderrTTY says whether ErrOut is to be treated as a terminal (tests).
func (s *IOStreams) SetStderrTTY(v bool) { s.errTTY = v }

// ForceColor makes ColorEnabled true on a terminal even where the
// environment asked for none (tests, --color=always).
func (s *IOStreams) ForceColor() { s.noColor = false; s.forceColor = true }

// ColorEnabled reports whether Out may carry colour: a terminal, and the
// user has not asked for none (NO_COLOR, TERM=dumb).
func (s *IOStreams) ColorEnabled() bool { return s.forceColor || (s.outTTY && !s.noColor) }

// TerminalWidth is Out's width in columns (100 when it is not a terminal).
func (s *IOStreams) TerminalWidth() int { return s.width }
