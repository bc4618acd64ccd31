// Package ids tells what an AWS identifier is: an access key id (AKIA…,
// ASIA…), a principal's unique id (AIDA…, AROA…), a role session's
// principal id (AROA…:name), another IAM unique id (AGPA…, ANPA…), or an
// account id; whether it names a credential or a principal; and, for
// access key ids, the account that the key id itself encodes.
//
// An id is not a secret, but people paste secrets where ids belong. Parse
// refuses anything that looks like a secret access key, a session token or
// an API key, and no error of this package ever repeats an input that
// could be one: only strings made of an id's characters (upper-case
// letters and digits) are quoted back.
package ids

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Info is what Parse learns from an id.
type Info struct {
	ID     string // as given
	Type   Type
	Prefix string // the four-character prefix; "" for account-based ids
	Entity string // AWS's name for the entity type, or a description
	// Credential: the id names a credential (its secret part is elsewhere).
	Credential bool
	// Principal: the id is a principal id, the value of aws:userid and of
	// CloudTrail's userIdentity.principalId.
	Principal bool
	Temporary bool
	// Account is the 12-digit account id when the id tells it: decoded
	// from a current-generation access key id, or written in the id.
	Account string
	// LegacyKey: an access key id of the older generation, which does not
	// encode its account.
	LegacyKey bool
	// RoleID and Session are the parts of a role session's principal id
	// (AROA…:session-name); Session is also a federated user's name.
	RoleID  string
	Session string
}

// Sentinel causes of Parse's errors.
var (
	ErrEmpty   = errors.New("empty id")
	ErrSecret  = errors.New("a secret, not an id")
	ErrCharset = errors.New("not an id's characters")
	ErrLength  = errors.New("wrong length")
	ErrPrefix  = errors.New("unknown prefix")
	ErrSession = errors.New("malformed principal id")
)

// Error is a malformed or refused id. Input is the id quoted, or "" when
// it is not safe to repeat (it has characters ids never have, so it may be
// a secret); the caller then names the argument some other way.
type Error struct {
	Input  string
	Err    error
	Detail string
}

func (e *Error) Error() string {
	if e.Input == "" {
		return e.Detail
	}
	return e.Input + ": " + e.Detail
}

func (e *Error) Unwrap() error { return e.Err }

// idChars matches what every IAM unique id and access key id is made of.
var idChars = regexp.MustCompile(`^[A-Z0-9]+$`)

// shown returns s quoted when it is safe to repeat, else "". Ids are at
// most 21 characters in practice; longer upper-case strings are not
// repeated either, since a message has no use for them.
func shown(s string) string {
	if len(s) <= 32 && idChars.MatchString(s) {
		return fmt.Sprintf("%q", s)
	}
	return ""
}

func fail(input string, err error, format string, args ...any) *Error {
	return &Error{Input: shown(input), Err: err, Detail: fmt.Sprintf(format, args...)}
}

var (
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	sessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
	fedName     = regexp.MustCompile(`^[\w+=,.@-]{2,32}$`)
)

// Parse tells what id is. It accepts an IAM unique id or access key id
// (PREFIX + upper-case letters and digits), a role session's principal id
// (AROA…:session-name), an account id (the root user's principal id), and
// a federated user's principal id (123456789012:name).
func Parse(id string) (Info, error) {
	if id == "" {
		return Info{}, &Error{Err: ErrEmpty, Detail: "empty id"}
	}
	if what, ok := looksSecret(id); ok {
		return Info{}, &Error{Err: ErrSecret, Detail: fmt.Sprintf(
			"this looks like %s (%d characters), not an id; it is not repeated here", what, len(id))}
	}
	if what, ok := LooksSecret(id); ok {
		return Info{}, &Error{Err: ErrSecret, Detail: fmt.Sprintf(
			"this contains what looks like %s, not only an id; it is not repeated here", what)}
	}
	if left, right, ok := strings.Cut(id, ":"); ok {
		return parseSession(id, left, right)
	}
	if accountID.MatchString(id) {
		return Info{ID: id, Type: Account, Entity: "AWS account (root user)", Principal: true, Account: id}, nil
	}
	if !idChars.MatchString(id) {
		detail := "ids are upper-case letters and digits"
		if strings.ToUpper(id) != id && idChars.MatchString(strings.ToUpper(id)) {
			detail += " (this one is in lower case)"
		}
		return Info{}, fail(id, ErrCharset, "%s", detail)
	}
	if len(id) < 4 {
		return Info{}, fail(id, ErrLength, "too short for an id (%d characters)", len(id))
	}
	p, ok := LookupPrefix(id[:4])
	if !ok {
		return Info{}, fail(id, ErrPrefix, "unknown prefix %q (AWS's unique ids begin with %s)", id[:4], prefixList())
	}
	switch {
	case p.KeyLength > 0 && len(id) != p.KeyLength:
		return Info{}, fail(id, ErrLength, "an access key id has %d characters, this has %d", p.KeyLength, len(id))
	case len(id) < 16 || len(id) > 128:
		// The bounds of every IAM API's id parameters.
		return Info{}, fail(id, ErrLength, "%s ids have 16 to 128 characters, this has %d", p.Prefix, len(id))
	}
	info := Info{ID: id, Type: p.Type, Prefix: p.Prefix, Entity: p.Entity,
		Credential: p.Credential, Principal: p.Principal, Temporary: p.Temporary}
	if p.KeyLength > 0 {
		info.Account, info.LegacyKey, _ = KeyAccount(id)
	}
	return info, nil
}

// parseSession parses the two principal ids that have a colon: a role
// session's (role id, session name) and a federated user's (account id,
// name).
func parseSession(id, left, right string) (Info, error) {
	// The session name may be lower case, so only the part before the
	// colon is ever repeated.
	where := shown(left)
	if where != "" {
		where = fmt.Sprintf("%q", left+":…")
	}
	bad := func(format string, args ...any) (Info, error) {
		return Info{}, &Error{Input: where, Err: ErrSession, Detail: fmt.Sprintf(format, args...)}
	}
	switch {
	case accountID.MatchString(left):
		if !fedName.MatchString(right) {
			return bad("a federated user's name has 2 to 32 letters, digits or +=,.@_-")
		}
		return Info{ID: id, Type: FederatedUser, Entity: "AWS STS federated user session", Principal: true,
			Temporary: true, Account: left, Session: right}, nil
	case strings.HasPrefix(left, "AROA"):
		if _, err := Parse(left); err != nil {
			return Info{}, err
		}
		if !sessionName.MatchString(right) {
			return bad("a role session name has 2 to 64 letters, digits or +=,.@_-")
		}
		return Info{ID: id, Type: RoleSession, Prefix: "AROA", Entity: "Role session", Principal: true,
			Temporary: true, RoleID: left, Session: right}, nil
	}
	return bad("only a role id (AROA…) or an account id comes before a colon in a principal id")
}

func prefixList() string {
	var b strings.Builder
	for i, p := range prefixes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Prefix)
	}
	return b.String()
}

var (
	base64Chars = regexp.MustCompile(`^[A-Za-z0-9+/]+={0,2}$`)
	bedrockLong = regexp.MustCompile(`^ABSK[A-Za-z0-9+/]{40,}={0,2}$`)
)

// LooksSecret reports whether s, or a part of it between ':', '=', ',' or
// white space, looks like a secret rather than an id, and which kind: an
// AWS secret access key (40 characters of base64), an Amazon Bedrock API
// key (ABSK…, bedrock-api-key-…), or a session token (long base64).
func LooksSecret(s string) (what string, ok bool) {
	if what, ok := looksSecret(s); ok {
		return what, true
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ':' || r == '=' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}) {
		if what, ok := looksSecret(part); ok {
			return what, true
		}
	}
	return "", false
}

func looksSecret(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "bedrock-api-key-"):
		return "an Amazon Bedrock short-term API key", true
	case bedrockLong.MatchString(s):
		return "an Amazon Bedrock long-term API key", true
	case len(s) == 40 && base64Chars.MatchString(s) && !idChars.MatchString(s):
		return "a secret access key", true
	case len(s) >= 100 && base64Chars.MatchString(s):
		return "a session token or another secret", true
	}
	return "", false
}
