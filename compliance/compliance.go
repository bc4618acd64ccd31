// Package compliance holds compliance framework mappings (CIS AWS
// Foundations Benchmark v3.0.0 and v5.0.0) as embedded data files, reads
// them with positioned errors, and turns a scan's results into a report per
// framework: each control pass, fail, manual or not assessed, with the
// findings that decided it.
package compliance

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

//go:embed frameworks/*.yaml
var files embed.FS

// Framework is one compliance framework and how awssec assesses it.
type Framework struct {
	ID      string // "cis-5.0": what --compliance takes
	Name    string // "CIS AWS Foundations Benchmark"
	Version string // "5.0.0"
	// FindingKey is the framework's key in a finding's compliance ids
	// ("cis-aws-5.0.0"), as checks.Check.Compliance writes it.
	FindingKey string
	Controls   []Control
}

// Control is one recommendation of a framework.
type Control struct {
	ID    string // "1.4", "2.1.1"
	Title string // in awssec's words
	// Assessment is the framework's own classification: "automated" or
	// "manual".
	Assessment string
	// Checks are the awssec checks whose results decide the control; none
	// means awssec does not assess it.
	Checks []string
}

// Assessments a control may have.
const (
	AssessAutomated = "automated"
	AssessManual    = "manual"
)

// ParseError is a mistake in a framework file, with its position.
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Causes of parse errors, for errors.Is.
var (
	ErrSyntax       = errors.New("not valid YAML")
	ErrUnknownKey   = errors.New("unknown key")
	ErrMissing      = errors.New("missing key")
	ErrType         = errors.New("wrong type")
	ErrValue        = errors.New("bad value")
	ErrDuplicate    = errors.New("duplicate control id")
	ErrUnknownCheck = errors.New("unknown check id")
)

// IDs lists the embedded frameworks' ids, sorted.
func IDs() []string {
	entries, _ := fs.ReadDir(files, "frameworks")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(out)
	return out
}

// Load reads the embedded framework with the given id, checking its check
// ids with known.
func Load(id string, known func(string) bool) (*Framework, error) {
	if !slices.Contains(IDs(), id) {
		return nil, fmt.Errorf("unknown compliance framework %q (valid: %s)", id, strings.Join(IDs(), ", "))
	}
	name := "frameworks/" + id + ".yaml"
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse("compliance/"+name, data, known)
}

var (
	controlID = regexp.MustCompile(`^[A-Za-z0-9]+([.()_-][A-Za-z0-9]+\)?)*$`)
	checkID   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Parse reads a framework file. known reports whether a check id exists;
// nil accepts every well-formed id.
func Parse(file string, data []byte, known func(string) bool) (*Framework, error) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.syntax(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: the file is empty", ErrMissing)}
	}
	root := doc.Content[0]
	fw := &Framework{}
	var controls *yaml.Node
	err := p.mapping(root, "the framework", map[string]func(*yaml.Node) error{
		"id":         p.str(&fw.ID),
		"name":       p.str(&fw.Name),
		"version":    p.str(&fw.Version),
		"findingKey": p.str(&fw.FindingKey),
		"controls":   func(n *yaml.Node) error { controls = n; return nil },
	}, "id", "name", "version", "findingKey", "controls")
	if err != nil {
		return nil, err
	}
	if controls.Kind != yaml.SequenceNode {
		return nil, p.errAt(controls, "%w: controls must be a list, not %s", ErrType, kind(controls))
	}
	seen := map[string]*yaml.Node{}
	for _, cn := range controls.Content {
		var c Control
		var checks *yaml.Node
		err := p.mapping(cn, "a control", map[string]func(*yaml.Node) error{
			"id":         p.str(&c.ID),
			"title":      p.str(&c.Title),
			"assessment": p.str(&c.Assessment),
			"checks":     func(n *yaml.Node) error { checks = n; return nil },
		}, "id", "title", "assessment")
		if err != nil {
			return nil, err
		}
		idNode := valueOf(cn, "id")
		if !controlID.MatchString(c.ID) {
			return nil, p.errAt(idNode, "%w: control id %q: letters and digits joined by . - _ (\"2.1.4\", \"AC-2\")", ErrValue, c.ID)
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, p.errAt(idNode, "%w %q (first at line %d)", ErrDuplicate, c.ID, prev.Line)
		}
		seen[c.ID] = idNode
		if c.Assessment != AssessAutomated && c.Assessment != AssessManual {
			return nil, p.errAt(valueOf(cn, "assessment"), "%w: assessment %q must be %q or %q", ErrValue, c.Assessment, AssessAutomated, AssessManual)
		}
		if checks != nil {
			if checks.Kind != yaml.SequenceNode {
				return nil, p.errAt(checks, "%w: checks must be a list, not %s", ErrType, kind(checks))
			}
			for _, ch := range checks.Content {
				if ch.Kind != yaml.ScalarNode || ch.Tag != "!!str" {
					return nil, p.errAt(ch, "%w: a check id must be a string, not %s", ErrType, kind(ch))
				}
				if !checkID.MatchString(ch.Value) || (known != nil && !known(ch.Value)) {
					return nil, p.errAt(ch, "%w %q in control %s (see `awssec checks`)", ErrUnknownCheck, ch.Value, c.ID)
				}
				if slices.Contains(c.Checks, ch.Value) {
					return nil, p.errAt(ch, "%w: check %q listed twice in control %s", ErrValue, ch.Value, c.ID)
				}
				c.Checks = append(c.Checks, ch.Value)
			}
		}
		fw.Controls = append(fw.Controls, c)
	}
	if len(fw.Controls) == 0 {
		return nil, p.errAt(controls, "%w: the framework has no controls", ErrMissing)
	}
	return fw, nil
}

type parser struct{ file string }

func (p *parser) errAt(n *yaml.Node, format string, args ...any) error {
	return &ParseError{File: p.file, Line: n.Line, Column: n.Column, Err: fmt.Errorf(format, args...)}
}

var yamlLine = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// syntax turns the YAML library's error into a positioned one.
func (p *parser) syntax(err error) error {
	msg := err.Error()
	pe := &ParseError{File: p.file}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &pe.Line)
		pe.Column = 1
		if m[2] != "" {
			fmt.Sscan(m[2], &pe.Column)
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	msg = strings.Trim(strings.ReplaceAll(msg, "  ", " "), " :")
	pe.Err = fmt.Errorf("%w: %s", ErrSyntax, strings.SplitN(msg, "\n", 2)[0])
	return pe
}

// mapping walks a mapping node: every key must be one of fields, each
// required key present, none repeated.
func (p *parser) mapping(n *yaml.Node, what string, fields map[string]func(*yaml.Node) error, required ...string) error {
	if n.Kind != yaml.MappingNode {
		return p.errAt(n, "%w: %s must be a mapping, not %s", ErrType, what, kind(n))
	}
	got := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			return p.errAt(k, "%w %q in %s", ErrUnknownKey, k.Value, what)
		}
		if got[k.Value] {
			return p.errAt(k, "%w: %q given twice in %s", ErrValue, k.Value, what)
		}
		got[k.Value] = true
		if err := f(v); err != nil {
			return err
		}
	}
	for _, r := range required {
		if !got[r] {
			return p.errAt(n, "%w %q in %s", ErrMissing, r, what)
		}
	}
	return nil
}

// str stores a non-empty string scalar.
func (p *parser) str(dst *string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			return p.errAt(n, "%w: want a string, not %s", ErrType, kind(n))
		}
		if strings.TrimSpace(n.Value) == "" {
			return p.errAt(n, "%w: empty string", ErrValue)
		}
		*dst = n.Value
		return nil
	}
}

// valueOf returns the value node of key in a mapping node.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return n
}

// kind names a node's kind for messages.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "a number (quote it)"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return "a scalar"
	}
	return "nothing"
}
