// Package sigma reads detection rules in the Sigma format (YAML) for
// CloudTrail: selections, the full condition grammar and the value
// modifiers, compiled once into matchers. Every error names the rule file,
// line and column; features it does not support are rejected, never
// ignored. Regular expressions are RE2 (linear time) and sizes are bounded.
package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Limits on one rule file.
const (
	MaxRuleSize  = 256 << 10
	maxNodes     = 20000
	maxRegexLen  = 4096
	maxValues    = 4096
	maxValueSize = 16 << 10
)

// ErrUnsupported is the cause of errors about Sigma features this package
// does not implement.
var ErrUnsupported = errors.New("not supported")

// ParseError is a rule that cannot be used, with where the problem is.
type ParseError struct {
	File      string
	Line, Col int
	Err       error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Rule is a compiled Sigma rule.
type Rule struct {
	File           string
	ID             string
	Name           string
	Title          string
	Description    string
	Status         string
	Level          string
	Author         string
	Tags           []string
	References     []string
	FalsePositives []string

	cond expr
	sels []*selection
	// needName and needSource are what the rule requires of the event's
	// name and source to match at all, or nil: Set uses them to try a rule
	// only on events it could match.
	needName, needSource requirement
}

// Match reports whether the event satisfies the rule's condition.
func (r *Rule) Match(e Event) bool { return r.cond.eval(e) }

// Explain says why an event matched: each search identifier that holds,
// with the field values that made it hold.
func (r *Rule) Explain(e Event) string {
	var parts []string
	for _, s := range r.sels {
		if !s.match(e) {
			continue
		}
		if s.keywords != nil {
			parts = append(parts, s.name+": keyword")
			continue
		}
		for _, g := range s.groups {
			ok := true
			for _, f := range g {
				ok = ok && f.match(e)
			}
			if !ok {
				continue
			}
			var fs []string
			for _, f := range g {
				var vals []string
				e.Values(f.field, func(v any) bool {
					if isScalar(v) {
						vals = append(vals, scalar(v))
					}
					return len(vals) < 3
				})
				fs = append(fs, f.spec+"="+strings.Join(vals, ","))
			}
			parts = append(parts, s.name+": "+strings.Join(fs, " "))
			break
		}
	}
	return strings.Join(parts, "; ")
}

type parser struct {
	file  string
	nodes int
}

func (p *parser) errAt(n *yaml.Node, format string, args ...any) error {
	return &ParseError{File: p.file, Line: n.Line, Col: n.Column, Err: fmt.Errorf(format, args...)}
}

func (p *parser) unsupported(n *yaml.Node, format string, args ...any) error {
	return &ParseError{File: p.file, Line: n.Line, Col: n.Column, Err: fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrUnsupported)}
}

// check walks the document once: no aliases (they could expand without
// bound), and a bounded number of nodes.
func (p *parser) check(n *yaml.Node) error {
	if p.nodes++; p.nodes > maxNodes {
		return p.errAt(n, "rule has more than %d YAML nodes", maxNodes)
	}
	if n.Kind == yaml.AliasNode {
		return p.unsupported(n, "YAML aliases")
	}
	for _, c := range n.Content {
		if err := p.check(c); err != nil {
			return err
		}
	}
	return nil
}

// Parse reads and compiles one rule file.
func Parse(file string, data []byte) (*Rule, error) {
	p := &parser{file: file}
	if len(data) > MaxRuleSize {
		return nil, &ParseError{File: file, Err: fmt.Errorf("rule file larger than %d KiB", MaxRuleSize>>10)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: file, Err: errors.New("empty rule file")}
		}
		return nil, yamlError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, p.unsupported(&extra, "rule collections (several YAML documents in one file)")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	if err := p.check(&doc); err != nil {
		return nil, err
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, p.errAt(root, "a rule is a YAML mapping")
	}
	r := &Rule{File: file}
	var detection, logsource *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "title":
			r.Title, err = p.str(v)
		case "id":
			r.ID, err = p.str(v)
		case "name":
			r.Name, err = p.str(v)
		case "description":
			r.Description, err = p.str(v)
		case "status":
			r.Status, err = p.str(v)
		case "level":
			r.Level, err = p.str(v)
			if err == nil && !slices.Contains([]string{"informational", "low", "medium", "high", "critical"}, r.Level) {
				err = p.errAt(v, "level %q is not informational, low, medium, high or critical", r.Level)
			}
		case "author":
			r.Author, err = p.str(v)
		case "tags":
			r.Tags, err = p.strs(v)
		case "references":
			r.References, err = p.strs(v)
		case "falsepositives":
			r.FalsePositives, err = p.strs(v)
		case "detection":
			detection = v
		case "logsource":
			logsource = v
		case "correlation":
			err = p.unsupported(k, "correlation rules")
		case "filter":
			err = p.unsupported(k, "filter rules")
		case "action":
			err = p.unsupported(k, "rule collections (action)")
		}
		if err != nil {
			return nil, err
		}
	}
	if r.Title == "" {
		return nil, p.errAt(root, "rule has no title")
	}
	if logsource == nil {
		return nil, p.errAt(root, "rule has no logsource")
	}
	if err := p.logsource(logsource); err != nil {
		return nil, err
	}
	if detection == nil {
		return nil, p.errAt(root, "rule has no detection")
	}
	if err := p.detection(r, detection); err != nil {
		return nil, err
	}
	return r, nil
}

// yamlError positions a YAML syntax error when the message carries a line.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if v, convErr := strconv.Atoi(n); convErr == nil {
				line, msg = v, tail
			}
		}
	}
	if line > 0 {
		return &ParseError{File: file, Line: line, Col: 1, Err: errors.New(msg)}
	}
	return &ParseError{File: file, Err: errors.New(msg)}
}

func (p *parser) str(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errAt(n, "want a string")
	}
	return n.Value, nil
}

func (p *parser) strs(n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errAt(n, "want a list of strings")
	}
	var out []string
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return nil, p.errAt(c, "want a string")
		}
		out = append(out, c.Value)
	}
	return out, nil
}

func (p *parser) logsource(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return p.errAt(n, "logsource is a mapping")
	}
	got := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		got[n.Content[i].Value] = strings.ToLower(n.Content[i+1].Value)
	}
	if got["product"] != "aws" || got["service"] != "cloudtrail" {
		return p.unsupported(n, "logsource product %q service %q: only product: aws, service: cloudtrail is read", got["product"], got["service"])
	}
	return nil
}

func (p *parser) detection(r *Rule, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return p.errAt(n, "detection is a mapping")
	}
	sels := map[string]*selection{}
	var order []string
	var cond *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "condition":
			cond = v
			continue
		case "timeframe":
			return p.unsupported(k, "timeframe (aggregations over time)")
		}
		if _, dup := sels[k.Value]; dup {
			return p.errAt(k, "search identifier %q defined twice", k.Value)
		}
		s, err := p.selection(k.Value, v)
		if err != nil {
			return err
		}
		sels[k.Value] = s
		order = append(order, k.Value)
		r.sels = append(r.sels, s)
	}
	if cond == nil {
		return p.errAt(n, "detection has no condition")
	}
	var conds []*yaml.Node
	switch cond.Kind {
	case yaml.ScalarNode:
		conds = []*yaml.Node{cond}
	case yaml.SequenceNode:
		conds = cond.Content
	default:
		return p.errAt(cond, "condition is a string or a list of strings")
	}
	for _, c := range conds {
		if c.Kind != yaml.ScalarNode {
			return p.errAt(c, "condition is a string")
		}
		e, err := parseCondition(c.Value, sels, order)
		if err != nil {
			var ce *CondError
			errors.As(err, &ce)
			col := c.Column + ce.Pos
			if c.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				col++
			}
			if strings.Contains(c.Value, "\n") || c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				col = c.Column
			}
			if ce.Unsupported {
				return &ParseError{File: p.file, Line: c.Line, Col: col, Err: fmt.Errorf("condition: %s: %w", ce.Msg, ErrUnsupported)}
			}
			return &ParseError{File: p.file, Line: c.Line, Col: col, Err: fmt.Errorf("condition: %s", ce.Msg)}
		}
		if r.cond == nil {
			r.cond = e
		} else {
			r.cond = orExpr{r.cond, e}
		}
	}
	r.needName = required(r.cond, "eventName")
	r.needSource = required(r.cond, "eventSource")
	return nil
}

// selection compiles one search identifier.
func (p *parser) selection(name string, n *yaml.Node) (*selection, error) {
	s := &selection{name: name}
	switch n.Kind {
	case yaml.MappingNode:
		g, err := p.group(n)
		if err != nil {
			return nil, err
		}
		s.groups = [][]*fieldMatcher{g}
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return nil, p.errAt(n, "search identifier %q is an empty list", name)
		}
		if n.Content[0].Kind == yaml.MappingNode {
			for _, c := range n.Content {
				if c.Kind != yaml.MappingNode {
					return nil, p.errAt(c, "search identifier %q mixes maps and values", name)
				}
				g, err := p.group(c)
				if err != nil {
					return nil, err
				}
				s.groups = append(s.groups, g)
			}
			break
		}
		vm, err := p.values(n.Content, nil, true)
		if err != nil {
			return nil, err
		}
		s.keywords = vm
	case yaml.ScalarNode:
		vm, err := p.values([]*yaml.Node{n}, nil, true)
		if err != nil {
			return nil, err
		}
		s.keywords = vm
	default:
		return nil, p.errAt(n, "search identifier %q is not a map, a list or a value", name)
	}
	return s, nil
}

// group compiles a map of field matchers (AND).
func (p *parser) group(n *yaml.Node) ([]*fieldMatcher, error) {
	var out []*fieldMatcher
	if len(n.Content) == 0 {
		return nil, p.errAt(n, "empty map in a search identifier")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, err := p.field(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// modifiers this package implements, and ones it rejects with a reason.
var rejected = map[string]string{
	"utf16le": "UTF-16 encodings (Windows logs only)", "utf16be": "UTF-16 encodings (Windows logs only)",
	"utf16": "UTF-16 encodings (Windows logs only)", "wide": "UTF-16 encodings (Windows logs only)",
	"expand": "placeholder expansion (needs a pipeline)",
}

func (p *parser) field(k, v *yaml.Node) (*fieldMatcher, error) {
	parts := strings.Split(k.Value, "|")
	f := &fieldMatcher{field: parts[0], spec: k.Value}
	if f.field == "" {
		return nil, p.errAt(k, "empty field name")
	}
	mods := map[string]bool{}
	for _, m := range parts[1:] {
		if reason, ok := rejected[m]; ok {
			return nil, p.unsupported(k, "modifier %q: %s", m, reason)
		}
		switch m {
		case "contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "base64", "base64offset",
			"windash", "exists", "fieldref", "gt", "gte", "lt", "lte", "cased":
		default:
			return nil, p.unsupported(k, "modifier %q", m)
		}
		if mods[m] {
			return nil, p.errAt(k, "modifier %q given twice", m)
		}
		mods[m] = true
	}
	if (mods["i"] || mods["m"] || mods["s"]) && !mods["re"] {
		return nil, p.errAt(k, "modifiers i, m and s go with re")
	}
	n := 0
	for _, m := range []string{"contains", "startswith", "endswith", "re", "cidr", "exists", "fieldref", "gt", "gte", "lt", "lte"} {
		if mods[m] {
			n++
		}
	}
	if n > 1 {
		return nil, p.errAt(k, "modifiers in %q cannot be combined", k.Value)
	}
	var items []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		items = []*yaml.Node{v}
	case yaml.SequenceNode:
		items = v.Content
		if len(items) == 0 {
			return nil, p.errAt(v, "field %q has an empty list of values", f.field)
		}
	default:
		return nil, p.errAt(v, "field %q: want a value or a list of values", f.field)
	}
	if mods["all"] && len(items) < 2 {
		return nil, p.errAt(k, "modifier all needs a list of two or more values")
	}
	switch {
	case mods["exists"]:
		if len(items) != 1 || items[0].ShortTag() != "!!bool" {
			return nil, p.errAt(v, "exists takes true or false")
		}
		b := items[0].Value == "true"
		f.exists = &b
		return f, nil
	case mods["fieldref"]:
		if len(items) != 1 || items[0].ShortTag() != "!!str" {
			return nil, p.unsupported(v, "fieldref with other than one field name")
		}
		f.fieldref = items[0].Value
		return f, nil
	}
	var nonNull []*yaml.Node
	for _, it := range items {
		if it.Kind == yaml.ScalarNode && it.ShortTag() == "!!null" {
			f.null = true
			continue
		}
		nonNull = append(nonNull, it)
	}
	if len(nonNull) == 0 {
		return f, nil
	}
	vm, err := p.values(nonNull, mods, false)
	if err != nil {
		return nil, err
	}
	f.vals = vm
	return f, nil
}

// values compiles the values of a field (or keywords) with the modifiers.
func (p *parser) values(items []*yaml.Node, mods map[string]bool, keyword bool) (*valueMatcher, error) {
	if len(items) > maxValues {
		return nil, p.errAt(items[0], "more than %d values", maxValues)
	}
	vm := &valueMatcher{all: mods["all"]}
	for _, it := range items {
		if it.Kind != yaml.ScalarNode {
			return nil, p.errAt(it, "want a plain value, got a nested list or map")
		}
		if it.ShortTag() == "!!null" {
			return nil, p.errAt(it, "null is not a keyword")
		}
		v := it.Value
		if len(v) > maxValueSize {
			return nil, p.errAt(it, "value longer than %d KiB", maxValueSize>>10)
		}
		if !validUTF8(v) {
			return nil, p.errAt(it, "value is not valid UTF-8")
		}
		switch {
		case mods["re"]:
			if len(v) > maxRegexLen {
				return nil, p.errAt(it, "regular expression longer than %d characters", maxRegexLen)
			}
			flags := ""
			for _, fl := range []string{"i", "m", "s"} {
				if mods[fl] {
					flags += fl
				}
			}
			src := v
			if flags != "" {
				src = "(?" + flags + ")" + v
			}
			re, err := regexp.Compile(src)
			if err != nil {
				return nil, p.errAt(it, "regular expression: %v (RE2 syntax: no backreferences or lookaround)", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			}
			vm.pats = append(vm.pats, rePattern{re})
			continue
		case mods["cidr"]:
			pfx, err := netip.ParsePrefix(v)
			if err != nil {
				return nil, p.errAt(it, "cidr: %q is not a CIDR block", v)
			}
			vm.pats = append(vm.pats, cidrPattern{pfx.Masked()})
			continue
		case mods["gt"] || mods["gte"] || mods["lt"] || mods["lte"]:
			num, err := strconv.ParseFloat(v, 64)
			if err != nil || (it.ShortTag() != "!!int" && it.ShortTag() != "!!float") {
				return nil, p.errAt(it, "%q is not a number", v)
			}
			op := "gt"
			for _, o := range []string{"gte", "lt", "lte"} {
				if mods[o] {
					op = o
				}
			}
			vm.pats = append(vm.pats, cmpPattern{op, num})
			continue
		}
		variants := []string{v}
		if mods["windash"] {
			var err error
			if variants, err = windash(v); err != nil {
				return nil, p.errAt(it, "%v", err)
			}
		}
		if mods["base64offset"] {
			var out []string
			for _, x := range variants {
				out = append(out, base64Offsets(x)...)
			}
			variants = out
		} else if mods["base64"] {
			for i, x := range variants {
				variants[i] = b64(x)
			}
		}
		for _, x := range variants {
			if mods["base64"] || mods["base64offset"] {
				// Encoded text has no wildcards: escape what base64 made.
				x = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`).Replace(x)
			}
			switch {
			case mods["contains"] || keyword:
				x = "*" + x + "*"
			case mods["startswith"]:
				x += "*"
			case mods["endswith"]:
				x = "*" + x
			}
			vm.pats = append(vm.pats, compileGlob(x, mods["cased"]))
		}
	}
	return vm, nil
}

// requirement is what a condition requires of one field's value (a
// string, "" when absent) for the event to match at all.
type requirement func(v string) bool

// required works out what a condition requires of a field, from the
// selections that test it with plain patterns; nil means nothing. It must
// only be a necessary condition: a rule is never skipped on an event it
// could match.
func required(e expr, field string) requirement {
	switch t := e.(type) {
	case andExpr:
		l, r := required(t.l, field), required(t.r, field)
		switch {
		case l == nil:
			return r
		case r == nil:
			return l
		}
		return func(v string) bool { return l(v) && r(v) }
	case orExpr:
		l, r := required(t.l, field), required(t.r, field)
		if l == nil || r == nil {
			return nil
		}
		return func(v string) bool { return l(v) || r(v) }
	case selExpr:
		return selRequired(t.sel, field)
	case ofExpr:
		var each []requirement
		for _, s := range t.sels {
			n := selRequired(s, field)
			if t.n == 0 && n != nil {
				return n // all must match: any one's requirement holds
			}
			if n == nil {
				if t.n != 0 {
					return nil // that one needs nothing
				}
				continue
			}
			each = append(each, n)
		}
		if len(each) == 0 {
			return nil
		}
		return func(v string) bool {
			return slices.ContainsFunc(each, func(n requirement) bool { return n(v) })
		}
	}
	return nil
}

// selRequired is required for one selection: an OR over its groups of
// the AND of each group's plain matchers on the field.
func selRequired(s *selection, field string) requirement {
	if s.keywords != nil || len(s.groups) == 0 {
		return nil
	}
	groups := make([][]*fieldMatcher, len(s.groups))
	for i, g := range s.groups {
		for _, f := range g {
			if f.field == field && f.vals != nil && !f.null && f.exists == nil && f.fieldref == "" {
				groups[i] = append(groups[i], f)
			}
		}
		if groups[i] == nil {
			return nil // that group needs nothing of the field
		}
	}
	return func(v string) bool {
		return slices.ContainsFunc(groups, func(g []*fieldMatcher) bool {
			for _, f := range g {
				if !f.matchString(v) {
					return false
				}
			}
			return true
		})
	}
}
