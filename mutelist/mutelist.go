// Package mutelist reads a YAML mutelist — accepted risks, each with a
// reason, an owner and an expiry date — and marks the findings it covers as
// muted. Muted findings keep their status; they are only left out of the
// failure threshold.
package mutelist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gobwas/glob"
	"go.yaml.in/yaml/v4"
)

// Sentinel causes of a ParseError.
var (
	ErrSyntax     = errors.New("not valid YAML")
	ErrUnknownKey = errors.New("unknown key")
	ErrBadGlob    = errors.New("bad glob")
	ErrBadDate    = errors.New("bad date")
	ErrMissing    = errors.New("missing key")
	ErrType       = errors.New("wrong type")
	ErrDuplicate  = errors.New("duplicate key")
)

// ParseError is a mutelist error at a position: file:line:col: message.
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Mutelist is a parsed mutelist file.
type Mutelist struct {
	File    string
	Entries []*Entry
}

// Entry is one accepted risk. Every pattern that is set must match for the
// entry to mute a finding; an unset pattern matches anything.
type Entry struct {
	Line, Column int // where the entry starts, for warnings

	Check    string // glob over the check id
	Account  string // glob over the account id
	Region   string // glob over the region ("global" for global resources)
	Resource string // glob over the resource ARN or, failing that, its id
	// Tags maps a tag key to a glob its value must match; the resource
	// must carry every key.
	Tags    map[string]string
	Reason  string
	Owner   string
	Expires time.Time // zero: never; otherwise the entry mutes through this UTC day

	check, account, region, resource *glob.Pattern
	tags                             map[string]*glob.Pattern
}

// Expired reports whether the entry's expiry day has passed at now.
func (e *Entry) Expired(now time.Time) bool {
	return !e.Expires.IsZero() && !now.Before(e.Expires.AddDate(0, 0, 1))
}

// Label names the entry in warnings and in a finding's mute reason.
func (e *Entry) Label() string {
	s := e.Check
	for _, p := range []string{e.Account, e.Region, e.Resource} {
		if p != "" {
			s += " " + p
		}
	}
	return s
}

// Keys of an entry, in the order the documentation lists them.
var entryKeys = []string{"check", "account", "region", "resource", "tags", "reason", "owner", "expires"}

// Parse reads a mutelist. file names it in errors.
//
//	mutes:
//	  - check: s3-bucket-public-read
//	    resource: "arn:aws:s3:::public-site-*"
//	    reason: the public website; reviewed by security
//	    owner: web-team@example.com
//	    expires: 2027-03-31
func Parse(file string, data []byte) (*Mutelist, error) {
	p := &parser{file: file}
	var doc yaml.Node
	loader, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if err := loader.Load(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, p.syntaxError(err)
	}
	// A second document would be ignored without a word: refuse it.
	var next yaml.Node
	switch err := loader.Load(&next); {
	case err == nil:
		return nil, p.errorf(next.Line, next.Column, ErrSyntax, "a mutelist is one YAML document; another starts here")
	case !errors.Is(err, io.EOF):
		return nil, p.syntaxError(err)
	}
	ml := &Mutelist{File: file}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, p.errorf(1, 1, ErrMissing, `the file is empty; it needs a "mutes" list`)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root.Line, root.Column, ErrType, `the file must be a mapping with a "mutes" list`)
	}
	var mutes *yaml.Node
	err = p.mapping(root, []string{"mutes"}, func(key string, k, v *yaml.Node) error {
		mutes = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	if mutes == nil {
		return nil, p.errorf(root.Line, root.Column, ErrMissing, `no "mutes" list`)
	}
	if mutes.Kind == yaml.ScalarNode && mutes.Tag == "!!null" {
		return ml, nil
	}
	if mutes.Kind != yaml.SequenceNode {
		return nil, p.errorf(mutes.Line, mutes.Column, ErrType, `"mutes" must be a list of entries`)
	}
	for _, n := range mutes.Content {
		e, err := p.entry(n)
		if err != nil {
			return nil, err
		}
		ml.Entries = append(ml.Entries, e)
	}
	return ml, nil
}

type parser struct{ file string }

func (p *parser) errorf(line, col int, cause error, format string, args ...any) error {
	return &ParseError{File: p.file, Line: max(line, 1), Column: max(col, 1), Err: fmt.Errorf("%w: "+format, append([]any{cause}, args...)...)}
}

// syntaxError positions the YAML library's own error.
func (p *parser) syntaxError(err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := le.Message
		if le.ContextMsg != "" && le.ContextMark.Line > 0 {
			msg += fmt.Sprintf(" (%s at %d:%d)", le.ContextMsg, le.ContextMark.Line, le.ContextMark.Column)
		}
		return &ParseError{File: p.file, Line: max(le.Mark.Line, 1), Column: max(le.Mark.Column, 1),
			Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		e := les.Errors[0]
		return &ParseError{File: p.file, Line: max(e.Mark.Line, 1), Column: max(e.Mark.Column, 1),
			Err: fmt.Errorf("%w: %s", ErrSyntax, e.Message)}
	}
	return &ParseError{File: p.file, Line: 1, Column: 1, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// mapping walks a mapping node, rejecting keys not in allowed and
// duplicated keys, and calls fn for each pair.
func (p *parser) mapping(n *yaml.Node, allowed []string, fn func(key string, k, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k.Line, k.Column, ErrType, "a key must be a plain name")
		}
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			return p.errorf(k.Line, k.Column, ErrUnknownKey, "%q (valid: %s)", k.Value, strings.Join(allowed, ", "))
		}
		if seen[k.Value] {
			return p.errorf(k.Line, k.Column, ErrDuplicate, "%q", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns a string value, refusing lists, mappings and aliases.
func (p *parser) scalar(key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", p.errorf(v.Line, v.Column, ErrType, "%q must be a single value", key)
	}
	return v.Value, nil
}

// pattern compiles a glob in which * and ? match any character, "/" and
// ":" included, so one pattern covers a whole ARN.
func (p *parser) pattern(key string, v *yaml.Node) (string, *glob.Pattern, error) {
	s, err := p.scalar(key, v)
	if err != nil {
		return "", nil, err
	}
	if s == "" {
		return "", nil, p.errorf(v.Line, v.Column, ErrBadGlob, "%q is empty (leave the key out to match anything)", key)
	}
	g, err := glob.Compile(s)
	if err != nil {
		col := v.Column
		var se *glob.SyntaxError
		if errors.As(err, &se) {
			if v.Style == yaml.DoubleQuotedStyle || v.Style == yaml.SingleQuotedStyle {
				col++ // past the opening quote
			}
			col += se.Offset
			return "", nil, p.errorf(v.Line, col, ErrBadGlob, "%s %q: %s", key, s, se.Reason)
		}
		return "", nil, p.errorf(v.Line, col, ErrBadGlob, "%s %q: %v", key, s, err)
	}
	return s, g, nil
}

func (p *parser) entry(n *yaml.Node) (*Entry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n.Line, n.Column, ErrType, "an entry must be a mapping of %s", strings.Join(entryKeys, ", "))
	}
	e := &Entry{Line: n.Line, Column: n.Column}
	err := p.mapping(n, entryKeys, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "check":
			e.Check, e.check, err = p.pattern(key, v)
		case "account":
			e.Account, e.account, err = p.pattern(key, v)
		case "region":
			e.Region, e.region, err = p.pattern(key, v)
		case "resource":
			e.Resource, e.resource, err = p.pattern(key, v)
		case "tags":
			err = p.tags(e, v)
		case "reason":
			e.Reason, err = p.scalar(key, v)
		case "owner":
			e.Owner, err = p.scalar(key, v)
		case "expires":
			var s string
			if s, err = p.scalar(key, v); err == nil {
				e.Expires, err = time.Parse(time.DateOnly, s)
				if err != nil {
					err = p.errorf(v.Line, v.Column, ErrBadDate, "expires %q: want a date as YYYY-MM-DD", s)
				}
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case e.check == nil:
		return nil, p.errorf(n.Line, n.Column, ErrMissing, `the entry needs "check" (a check id or glob such as "s3-*")`)
	case strings.TrimSpace(e.Reason) == "":
		return nil, p.errorf(n.Line, n.Column, ErrMissing, `the entry needs "reason": why the risk is accepted`)
	}
	return e, nil
}

func (p *parser) tags(e *Entry, v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return p.errorf(v.Line, v.Column, ErrType, `"tags" must map tag keys to value globs`)
	}
	e.Tags, e.tags = map[string]string{}, map[string]*glob.Pattern{}
	return p.mapping(v, nil, func(key string, _, val *yaml.Node) error {
		s, g, err := p.pattern("tag "+key, val)
		if err == nil {
			e.Tags[key], e.tags[key] = s, g
		}
		return err
	})
}
