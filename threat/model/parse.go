package model

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Limits that keep a hostile model from exhausting memory or time. They are
// far above any hand-written or derived model (the benchmark's 10,000
// elements and 30,000 flows fit with room to spare).
const (
	MaxBytes    = 16 << 20
	MaxElements = 100_000
	MaxFlows    = 300_000
	MaxItems    = 200_000 // data, boundaries, threat statuses, list entries
)

// ParseError is a problem at a position in a model file.
type ParseError struct {
	File         string
	Line, Column int
	Err          error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// The causes a ParseError wraps, for errors.Is.
var (
	ErrSyntax    = errors.New("yaml syntax error")
	ErrUnknown   = errors.New("unknown key")
	ErrDuplicate = errors.New("duplicate")
	ErrReference = errors.New("unknown reference")
	ErrValue     = errors.New("invalid value")
	ErrLimit     = errors.New("limit exceeded")
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)

// Parse reads a model from its YAML form. Unknown keys, duplicate ids,
// references to elements, data or boundaries that do not exist, and values
// out of their range are errors naming file, line and column. YAML aliases
// are refused: a model never needs them, and refusing them rules out alias
// bombs.
func Parse(file string, data []byte) (*Model, error) {
	p := &parser{file: file, ids: map[string]Pos{}, dataIDs: map[string]Pos{}, boundaryIDs: map[string]Pos{}, threatIDs: map[string]Pos{}, flowIDs: map[string]bool{}}
	if len(data) > MaxBytes {
		return nil, p.errAt(Pos{1, 1}, ErrLimit, "the model is %d bytes; the limit is %d", len(data), MaxBytes)
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, p.syntax(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, p.errAt(Pos{1, 1}, ErrValue, "the model is empty: it needs at least `elements:`")
	}
	m := &Model{File: file}
	if err := p.model(doc.Content[0], m); err != nil {
		return nil, err
	}
	if err := p.resolve(m); err != nil {
		return nil, err
	}
	return m, nil
}

type ref struct {
	kind string // "element", "data", "boundary"
	id   string
	pos  Pos
	what string // "flow f1: to"
}

type parser struct {
	file        string
	ids         map[string]Pos // elements and flows share one namespace: threat ids are built from it
	dataIDs     map[string]Pos
	boundaryIDs map[string]Pos
	threatIDs   map[string]Pos
	flowIDs     map[string]bool
	refs        []ref
}

func (p *parser) errAt(pos Pos, cause error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &ParseError{File: p.file, Line: pos.Line, Column: pos.Column, Err: wrapped{msg, cause}}
}

// wrapped is an error with its own message and a sentinel cause.
type wrapped struct {
	msg   string
	cause error
}

func (w wrapped) Error() string { return w.msg }
func (w wrapped) Unwrap() error { return w.cause }

func (p *parser) fail(n *yaml.Node, cause error, format string, args ...any) error {
	return p.errAt(pos(n), cause, format, args...)
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// syntax turns the YAML library's error into a positioned one.
func (p *parser) syntax(err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) && le.Mark.Line > 0 {
		return p.errAt(Pos{le.Mark.Line, max(le.Mark.Column, 1)}, ErrSyntax, "%s", le.Message)
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 && les.Errors[0].Mark.Line > 0 {
		e := les.Errors[0]
		return p.errAt(Pos{e.Mark.Line, max(e.Mark.Column, 1)}, ErrSyntax, "%s", e.Message)
	}
	if strings.Contains(err.Error(), "no documents in stream") {
		return p.errAt(Pos{1, 1}, ErrValue, "the model is empty: it needs at least `elements:`")
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return p.errAt(Pos{1, 1}, ErrSyntax, "%s", msg)
}

type keyValue struct {
	key   string
	kpos  Pos
	value *yaml.Node
}

// mapping returns a mapping's entries, refusing aliases, merge keys,
// non-scalar keys and duplicate keys.
func (p *parser) mapping(n *yaml.Node, what string) ([]keyValue, error) {
	if err := p.noAlias(n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.fail(n, ErrValue, "%s must be a mapping", what)
	}
	kvs := make([]keyValue, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := p.noAlias(k); err != nil {
			return nil, err
		}
		if k.Kind != yaml.ScalarNode {
			return nil, p.fail(k, ErrValue, "keys of %s must be plain words", what)
		}
		for _, seen := range kvs {
			if seen.key == k.Value {
				return nil, p.fail(k, ErrDuplicate, "duplicate key %q in %s (first at line %d)", k.Value, what, seen.kpos.Line)
			}
		}
		if err := p.noAlias(v); err != nil {
			return nil, err
		}
		kvs = append(kvs, keyValue{k.Value, pos(k), v})
	}
	return kvs, nil
}

func (p *parser) noAlias(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return p.fail(n, ErrValue, "YAML anchors and aliases are not allowed in a model")
	}
	return nil
}

func (p *parser) sequence(n *yaml.Node, what string) ([]*yaml.Node, error) {
	if err := p.noAlias(n); err != nil {
		return nil, err
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.fail(n, ErrValue, "%s must be a list", what)
	}
	return n.Content, nil
}

func (p *parser) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", p.fail(n, ErrValue, "%s must be a string", what)
	}
	return n.Value, nil
}

func (p *parser) boolean(n *yaml.Node, what string) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return b, nil
		}
	}
	return false, p.fail(n, ErrValue, "%s must be true or false, not %s", what, describe(n))
}

func (p *parser) optBool(n *yaml.Node, what string) (*bool, error) {
	b, err := p.boolean(n, what)
	if err != nil {
		return nil, err
	}
	return &b, nil
}

func (p *parser) integer(n *yaml.Node, what string, lo, hi int) (int, error) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil && v >= lo && v <= hi {
			return v, nil
		}
	}
	return 0, p.fail(n, ErrValue, "%s must be a whole number from %d to %d, not %s", what, lo, hi, describe(n))
}

func (p *parser) id(n *yaml.Node, what string) (string, error) {
	s, err := p.str(n, what)
	if err != nil {
		return "", err
	}
	if !idPattern.MatchString(s) {
		return "", p.fail(n, ErrValue, "%s %q must start with a letter or digit and use only letters, digits, '.', '_' and '-' (at most 128)", what, s)
	}
	return s, nil
}

func (p *parser) oneOf(n *yaml.Node, what string, valid []string) (string, error) {
	s, err := p.str(n, what)
	if err != nil {
		return "", err
	}
	if !slices.Contains(valid, s) {
		return "", p.fail(n, ErrValue, "unknown %s %q (valid: %s)", what, s, strings.Join(valid, ", "))
	}
	return s, nil
}

// idList reads a list of ids that must exist in the set named by kind.
func (p *parser) idList(n *yaml.Node, what, kind string) ([]string, error) {
	items, err := p.sequence(n, what)
	if err != nil {
		return nil, err
	}
	if len(items) > MaxItems {
		return nil, p.fail(n, ErrLimit, "%s has %d entries; the limit is %d", what, len(items), MaxItems)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if err := p.noAlias(it); err != nil {
			return nil, err
		}
		s, err := p.id(it, what+" entry")
		if err != nil {
			return nil, err
		}
		p.refs = append(p.refs, ref{kind, s, pos(it), what})
		out = append(out, s)
	}
	return out, nil
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.ShortTag() == "!!null" {
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

func unknownKey(p *parser, kv keyValue, what string, valid []string) error {
	return p.errAt(kv.kpos, ErrUnknown, "unknown key %q in %s (valid: %s)", kv.key, what, strings.Join(valid, ", "))
}

var topKeys = []string{"title", "description", "data", "boundaries", "elements", "flows", "threats"}

func (p *parser) model(n *yaml.Node, m *Model) error {
	kvs, err := p.mapping(n, "the model")
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		v := kv.value
		switch kv.key {
		case "title":
			m.Title, err = p.str(v, "title")
		case "description":
			m.Description, err = p.str(v, "description")
		case "data":
			err = listInto(p, v, "data", MaxItems, &m.Data, p.data)
		case "boundaries":
			err = listInto(p, v, "boundaries", MaxItems, &m.Boundaries, p.boundary)
		case "elements":
			err = listInto(p, v, "elements", MaxElements, &m.Elements, p.element)
		case "flows":
			err = listInto(p, v, "flows", MaxFlows, &m.Flows, p.flow)
		case "threats":
			err = listInto(p, v, "threats", MaxItems, &m.Threats, p.threat)
		default:
			err = unknownKey(p, kv, "the model", topKeys)
		}
		if err != nil {
			return err
		}
	}
	if len(m.Elements) == 0 {
		return p.fail(n, ErrValue, "the model has no elements")
	}
	return nil
}

func (p *parser) list(n *yaml.Node, what string, limit int, each func(*yaml.Node) error) error {
	items, err := p.sequence(n, what)
	if err != nil {
		return err
	}
	if len(items) > limit {
		return p.fail(n, ErrLimit, "%s has %d entries; the limit is %d", what, len(items), limit)
	}
	for _, it := range items {
		if err := each(it); err != nil {
			return err
		}
	}
	return nil
}

var dataKeys = []string{"id", "name", "classification", "description"}

func (p *parser) data(n *yaml.Node) (*Data, error) {
	kvs, err := p.mapping(n, "a data entry")
	if err != nil {
		return nil, err
	}
	d := &Data{Pos: pos(n), Classification: Internal}
	for _, kv := range kvs {
		v := kv.value
		switch kv.key {
		case "id":
			d.ID, err = p.id(v, "data id")
		case "name":
			d.Name, err = p.str(v, "name")
		case "description":
			d.Description, err = p.str(v, "description")
		case "classification":
			var s string
			if s, err = p.oneOf(v, "classification", Classifications); err == nil {
				d.Classification, _ = ParseClassification(s)
			}
		default:
			err = unknownKey(p, kv, "a data entry", dataKeys)
		}
		if err != nil {
			return nil, err
		}
	}
	if d.ID == "" {
		return nil, p.fail(n, ErrValue, "a data entry needs an id")
	}
	return d, p.unique(p.dataIDs, d.ID, "data id", d.Pos)
}

func (p *parser) unique(set map[string]Pos, id, what string, at Pos) error {
	if first, ok := set[id]; ok {
		return p.errAt(at, ErrDuplicate, "duplicate %s %q (first at line %d)", what, id, first.Line)
	}
	set[id] = at
	return nil
}

var boundaryKeys = []string{"id", "name", "kind", "parent"}

func (p *parser) boundary(n *yaml.Node) (*Boundary, error) {
	kvs, err := p.mapping(n, "a boundary")
	if err != nil {
		return nil, err
	}
	b := &Boundary{Pos: pos(n)}
	for _, kv := range kvs {
		v := kv.value
		switch kv.key {
		case "id":
			b.ID, err = p.id(v, "boundary id")
		case "name":
			b.Name, err = p.str(v, "name")
		case "kind":
			b.Kind, err = p.oneOf(v, "boundary kind", BoundaryKinds)
		case "parent":
			if b.Parent, err = p.id(v, "parent"); err == nil {
				p.refs = append(p.refs, ref{"boundary", b.Parent, pos(v), "parent"})
			}
		default:
			err = unknownKey(p, kv, "a boundary", boundaryKeys)
		}
		if err != nil {
			return nil, err
		}
	}
	if b.ID == "" {
		return nil, p.fail(n, ErrValue, "a boundary needs an id")
	}
	return b, p.unique(p.boundaryIDs, b.ID, "boundary id", b.Pos)
}

var (
	commonElementKeys = []string{"id", "type", "name", "description", "boundary", "aws"}
	typeKeys          = map[string][]string{
		Actor:   {"human", "mfa"},
		Process: {"waf", "rate_limited", "imds", "privileged", "secrets_in_env", "logging"},
		Store:   {"stores", "encrypted", "versioning", "deletion_protection", "backup", "multi_tenant", "public", "log", "logging"},
	}
	allElementKeys = func() []string {
		all := slices.Clone(commonElementKeys)
		for _, t := range ElementTypes {
			for _, k := range typeKeys[t] {
				if !slices.Contains(all, k) {
					all = append(all, k)
				}
			}
		}
		return all
	}()
	awsKeys = []string{"type", "arn", "id", "account", "region", "related"}
)

func (p *parser) element(n *yaml.Node) (*Element, error) {
	kvs, err := p.mapping(n, "an element")
	if err != nil {
		return nil, err
	}
	e := &Element{Pos: pos(n), FieldPos: make(map[string]Pos, len(kvs))}
	for _, kv := range kvs {
		v := kv.value
		e.FieldPos[kv.key] = kv.kpos
		switch kv.key {
		case "id":
			e.ID, err = p.id(v, "element id")
		case "type":
			e.Type, err = p.oneOf(v, "element type", ElementTypes)
		case "name":
			e.Name, err = p.str(v, "name")
		case "description":
			e.Description, err = p.str(v, "description")
		case "boundary":
			if e.Boundary, err = p.id(v, "boundary"); err == nil {
				p.refs = append(p.refs, ref{"boundary", e.Boundary, pos(v), "boundary"})
			}
		case "aws":
			e.AWS, err = p.aws(v)
		case "stores":
			e.Stores, err = p.idList(v, "stores", "data")
		case "encrypted":
			e.Encrypted, err = p.optBool(v, kv.key)
		case "logging":
			e.Logging, err = p.optBool(v, kv.key)
		case "waf":
			e.WAF, err = p.optBool(v, kv.key)
		case "rate_limited":
			e.RateLimited, err = p.optBool(v, kv.key)
		case "versioning":
			e.Versioning, err = p.optBool(v, kv.key)
		case "deletion_protection":
			e.DeletionProtection, err = p.optBool(v, kv.key)
		case "mfa":
			e.MFA, err = p.optBool(v, kv.key)
		case "backup":
			e.Backup, err = p.oneOf(v, "backup", BackupStates)
		case "imds":
			e.IMDS, err = p.oneOf(v, "imds", []string{"v1", "v2"})
		case "privileged":
			e.Privileged, err = p.boolean(v, kv.key)
		case "secrets_in_env":
			e.SecretsInEnv, err = p.boolean(v, kv.key)
		case "multi_tenant":
			e.MultiTenant, err = p.boolean(v, kv.key)
		case "public":
			e.Public, err = p.boolean(v, kv.key)
		case "log":
			e.Log, err = p.boolean(v, kv.key)
		case "human":
			e.Human, err = p.boolean(v, kv.key)
		default:
			err = unknownKey(p, kv, "an element", allElementKeys)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case e.ID == "":
		return nil, p.fail(n, ErrValue, "an element needs an id")
	case e.Type == "":
		return nil, p.fail(n, ErrValue, "element %q needs a type (valid: %s)", e.ID, strings.Join(ElementTypes, ", "))
	}
	for _, kv := range kvs {
		if !slices.Contains(commonElementKeys, kv.key) && !slices.Contains(typeKeys[e.Type], kv.key) {
			return nil, p.errAt(kv.kpos, ErrUnknown, "key %q does not apply to elements of type %s (they take: %s)", kv.key, e.Type,
				strings.Join(append(slices.Clone(commonElementKeys), typeKeys[e.Type]...), ", "))
		}
	}
	return e, p.unique(p.ids, e.ID, "id", e.Pos)
}

func (p *parser) aws(n *yaml.Node) (*AWSRef, error) {
	kvs, err := p.mapping(n, "aws")
	if err != nil {
		return nil, err
	}
	a := &AWSRef{}
	for _, kv := range kvs {
		if kv.key == "related" {
			items, err := p.sequence(kv.value, "related")
			if err != nil {
				return nil, err
			}
			if len(items) > MaxItems {
				return nil, p.fail(kv.value, ErrLimit, "related has %d entries; the limit is %d", len(items), MaxItems)
			}
			for _, it := range items {
				if err := p.noAlias(it); err != nil {
					return nil, err
				}
				s, err := p.str(it, "related entry")
				if err != nil {
					return nil, err
				}
				a.Related = append(a.Related, s)
			}
			continue
		}
		var s string
		if s, err = p.str(kv.value, kv.key); err != nil {
			return nil, err
		}
		switch kv.key {
		case "type":
			a.Type = s
		case "arn":
			if !strings.HasPrefix(s, "arn:") {
				return nil, p.fail(kv.value, ErrValue, "arn %q must start with \"arn:\"", s)
			}
			a.ARN = s
		case "id":
			a.ID = s
		case "account":
			a.Account = s
		case "region":
			a.Region = s
		default:
			return nil, unknownKey(p, kv, "aws", awsKeys)
		}
	}
	return a, nil
}

var flowKeys = []string{"id", "name", "description", "from", "to", "protocol", "port", "authenticated", "encrypted", "external_id", "data"}

func (p *parser) flow(n *yaml.Node) (*Flow, error) {
	kvs, err := p.mapping(n, "a flow")
	if err != nil {
		return nil, err
	}
	f := &Flow{Pos: pos(n), FieldPos: make(map[string]Pos, len(kvs))}
	for _, kv := range kvs {
		v := kv.value
		f.FieldPos[kv.key] = kv.kpos
		switch kv.key {
		case "id":
			f.ID, err = p.id(v, "flow id")
		case "name":
			f.Name, err = p.str(v, "name")
		case "description":
			f.Description, err = p.str(v, "description")
		case "from", "to":
			var id string
			if id, err = p.id(v, kv.key); err == nil {
				p.refs = append(p.refs, ref{"element", id, pos(v), kv.key})
				if kv.key == "from" {
					f.From = id
				} else {
					f.To = id
				}
			}
		case "protocol":
			var s string
			if s, err = p.str(v, "protocol"); err == nil {
				f.Protocol = strings.ToLower(s)
			}
		case "port":
			f.Port, err = p.integer(v, "port", 0, 65535)
		case "authenticated":
			f.Authenticated, err = p.optBool(v, kv.key)
		case "encrypted":
			f.Encrypted, err = p.optBool(v, kv.key)
		case "external_id":
			f.ExternalID, err = p.optBool(v, kv.key)
		case "data":
			f.Data, err = p.idList(v, "data", "data")
		default:
			err = unknownKey(p, kv, "a flow", flowKeys)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, need := range []struct{ key, val string }{{"id", f.ID}, {"from", f.From}, {"to", f.To}} {
		if need.val == "" {
			return nil, p.fail(n, ErrValue, "a flow needs %s", need.key)
		}
	}
	p.flowIDs[f.ID] = true
	return f, p.unique(p.ids, f.ID, "id", f.Pos)
}

var threatKeys = []string{"id", "status", "note"}

func (p *parser) threat(n *yaml.Node) (*ThreatStatus, error) {
	kvs, err := p.mapping(n, "a threat status")
	if err != nil {
		return nil, err
	}
	t := &ThreatStatus{Pos: pos(n)}
	for _, kv := range kvs {
		v := kv.value
		switch kv.key {
		case "id":
			t.ID, err = p.str(v, "threat id")
		case "status":
			t.Status, err = p.oneOf(v, "status", Statuses)
		case "note":
			t.Note, err = p.str(v, "note")
		default:
			err = unknownKey(p, kv, "a threat status", threatKeys)
		}
		if err != nil {
			return nil, err
		}
	}
	if t.ID == "" || t.Status == "" {
		return nil, p.fail(n, ErrValue, "a threat status needs an id and a status (%s)", strings.Join(Statuses, ", "))
	}
	return t, p.unique(p.threatIDs, t.ID, "threat id", t.Pos)
}

// resolve checks every reference now that all sections are read, and that
// boundaries do not enclose themselves.
func (p *parser) resolve(m *Model) error {
	for _, r := range p.refs {
		var ok bool
		switch r.kind {
		case "element":
			_, ok = p.ids[r.id]
			if ok && p.flowIDs[r.id] {
				return p.errAt(r.pos, ErrReference, "%s: %q is a flow, not an element", r.what, r.id)
			}
		case "data":
			_, ok = p.dataIDs[r.id]
		case "boundary":
			_, ok = p.boundaryIDs[r.id]
		}
		if !ok {
			return p.errAt(r.pos, ErrReference, "%s: no %s with id %q", r.what, r.kind, r.id)
		}
	}
	parent := make(map[string]string, len(m.Boundaries))
	for _, b := range m.Boundaries {
		parent[b.ID] = b.Parent
	}
	for _, b := range m.Boundaries {
		at := b.ID
		for range len(m.Boundaries) + 1 {
			at = parent[at]
			if at == "" {
				break
			}
			if at == b.ID {
				return p.errAt(b.Pos, ErrValue, "boundary %q encloses itself through its parents", b.ID)
			}
		}
	}
	return nil
}

// listInto reads the list v with read, appending each item to into.
func listInto[T any](p *parser, v *yaml.Node, name string, limit int, into *[]T, read func(*yaml.Node) (T, error)) error {
	return p.list(v, name, limit, func(it *yaml.Node) error {
		x, err := read(it)
		*into = append(*into, x)
		return err
	})
}
