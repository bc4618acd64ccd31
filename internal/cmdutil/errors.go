// Package cmdutil holds what every command shares: the Factory of lazy
// dependencies, the typed errors that carry exit codes, and flag helpers.
package cmdutil

import (
	"errors"
	"fmt"
	"strings"
)

// Exit codes, the same for every command.
const (
	ExitOK        = 0 // done; nothing at or above --fail-on
	ExitThreshold = 1 // findings at or above --fail-on
	ExitUsage     = 2 // bad usage or bad input
	ExitPartial   = 3 // finished, but parts could not be assessed
)

// UsageError is bad usage or bad input: exit 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ThresholdError means the run finished and found failures at or above the
// threshold the user set: exit 1. Its message goes to stderr.
type ThresholdError struct{ Msg string }

func (e *ThresholdError) Error() string { return e.Msg }

// PartialError means the run finished but parts could not be assessed: exit 3.
type PartialError struct{ Msg string }

func (e *PartialError) Error() string { return e.Msg }

// ExitCode maps an error returned by a command to the process exit code.
func ExitCode(err error) int {
	var (
		ue *UsageError
		te *ThresholdError
		pe *PartialError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &te):
		return ExitThreshold
	case errors.As(err, &pe):
		return ExitPartial
	}
	// Anything else is a failure the user cannot fix by changing the input
	// (I/O, the network): treat as unusable input rather than invent a code.
	return ExitUsage
}

// OneOf checks that v is one of valid, and otherwise returns a UsageError
// naming the flag and the valid values.
func OneOf(flag, v string, valid []string) error {
	for _, ok := range valid {
		if v == ok {
			return nil
		}
	}
	return Usagef("unknown %s %q (valid: %s)", flag, v, strings.Join(valid, ", "))
}
