package policy

import (
	"errors"
	"fmt"
)

// ParseError is a problem at a position in a policy document. Its message
// is one line: "policy.json:12:7: ...".
type ParseError struct {
	File   string
	Line   int // 1-based; 0 when the problem has no position (a document too large)
	Column int // 1-based, in bytes
	Err    error
}

func (e *ParseError) Error() string {
	switch {
	case e.Line == 0 && e.File == "":
		return e.Err.Error()
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.File == "":
		return fmt.Sprintf("%d:%d: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Causes of a ParseError, for errors.Is. The message of a ParseError says
// more than its cause: which element, which value, what was expected.
var (
	ErrNotJSON        = errors.New("not JSON")
	ErrNotPolicy      = errors.New("not an IAM policy")
	ErrUnknownElement = errors.New("unknown element")
	ErrDuplicate      = errors.New("duplicate element")
	ErrMissing        = errors.New("missing element")
	ErrConflict       = errors.New("conflicting elements")
	ErrEmpty          = errors.New("empty element")
	ErrWrongType      = errors.New("wrong JSON type")
	ErrBadVersion     = errors.New("unsupported policy version")
	ErrBadEffect      = errors.New(`"Effect" must be "Allow" or "Deny"`)
	ErrBadPrincipal   = errors.New("malformed principal")
	ErrBadAction      = errors.New("malformed action")
	ErrBadARN         = errors.New("malformed ARN")
	ErrBadOperator    = errors.New("unknown condition operator")
	ErrTooLarge       = errors.New("policy too large")
	ErrTooDeep        = errors.New("JSON nested too deeply")
	ErrTooMany        = errors.New("too many statements or values")
	// ErrNotAllowed is Check's cause for an element the policy type does
	// not take (a Principal in an identity policy).
	ErrNotAllowed = errors.New("element not allowed in this type of policy")
)

// cause is an error message that wraps a sentinel: the message is the
// whole text, the sentinel only answers errors.Is.
type cause struct {
	msg string
	err error
}

func (c *cause) Error() string { return c.msg }
func (c *cause) Unwrap() error { return c.err }

func because(err error, format string, args ...any) error {
	return &cause{msg: fmt.Sprintf(format, args...), err: err}
}
