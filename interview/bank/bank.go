// Package bank is the interview question bank: every question of the
// interview guide and more on its topics, each with the key points of a
// good answer (citing the documentation they come from), follow-up
// questions and the awssec command that demonstrates the answer. The bank
// is embedded; users may add a directory of their own YAML files.
package bank

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"
)

// Question is one question of the bank.
type Question struct {
	ID         string     `yaml:"id" json:"id"`
	Section    string     `yaml:"section" json:"section"`
	Category   string     `yaml:"category" json:"category"`
	Difficulty string     `yaml:"difficulty" json:"difficulty"`
	Principle  string     `yaml:"principle,omitempty" json:"principle,omitzero"`
	Question   string     `yaml:"question" json:"question"`
	KeyPoints  []KeyPoint `yaml:"key_points" json:"keyPoints"`
	FollowUps  []string   `yaml:"follow_ups,omitempty" json:"followUps,omitzero"`
	// Command is the awssec command line that demonstrates the answer.
	Command string `yaml:"command" json:"command"`

	// Where the question was read, for messages.
	File string `yaml:"-" json:"-"`
	Line int    `yaml:"-" json:"-"`
}

// KeyPoint is one point a good answer makes, and where it is documented.
type KeyPoint struct {
	Point string `yaml:"point" json:"point"`
	Cite  string `yaml:"cite" json:"cite"`
}

// Categories are the question categories, in display order.
var Categories = []string{"iam", "logging", "data", "network", "incident", "appsec", "lp"}

// Difficulties are the question difficulties, easiest first.
var Difficulties = []string{"easy", "medium", "hard"}

// Principles are Amazon's leadership principles the guide lists.
var Principles = []string{
	"Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot", "Learn and Be Curious",
	"Hire and Develop the Best", "Insist on the Highest Standards", "Think Big", "Bias for Action", "Frugality",
	"Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit", "Deliver Results",
}

// maxFileSize bounds one bank file: the embedded bank is a few hundred
// kilobytes, and a bound keeps alias bombs and mistakes from exhausting
// memory.
const maxFileSize = 4 << 20

//go:embed data/*.yaml
var embedded embed.FS

// Embedded returns the built-in bank, in file and question order.
var Embedded = sync.OnceValues(func() ([]Question, error) { return loadFS(embedded, "data") })

// LoadDir reads every .yaml and .yml file of a directory of the user's own
// questions.
func LoadDir(dir string) ([]Question, error) {
	return loadFS(os.DirFS(dir), ".", dir)
}

func loadFS(fsys fs.FS, root string, display ...string) ([]Question, error) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, err
	}
	var all []Question
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || ext != ".yaml" && ext != ".yml" {
			continue
		}
		data, err := fs.ReadFile(fsys, filepath.ToSlash(filepath.Join(root, e.Name())))
		if err != nil {
			return nil, err
		}
		name := e.Name()
		if len(display) > 0 {
			name = filepath.Join(display[0], name)
		}
		qs, err := Parse(name, data)
		if err != nil {
			return nil, err
		}
		all, err = Merge(all, qs)
		if err != nil {
			return nil, err
		}
	}
	return all, nil
}

// Merge appends extra to base; an id given twice is an error naming both
// places.
func Merge(base, extra []Question) ([]Question, error) {
	seen := make(map[string]*Question, len(base))
	for i := range base {
		seen[base[i].ID] = &base[i]
	}
	for _, q := range extra {
		if prev, ok := seen[q.ID]; ok {
			return nil, fmt.Errorf("%s:%d: question id %q is already used at %s:%d", q.File, q.Line, q.ID, prev.File, prev.Line)
		}
		base = append(base, q)
		seen[q.ID] = &base[len(base)-1]
	}
	return base, nil
}

// Parse reads one bank file: a YAML list of questions. Unknown keys,
// missing fields and unknown categories are errors naming the file, line
// and column.
func Parse(name string, data []byte) ([]Question, error) {
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is more than a bank file may hold (%d)", name, len(data), maxFileSize)
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, positioned(name, err)
	}
	if doc.Kind == 0 {
		return nil, nil // empty file
	}
	list := &doc
	if list.Kind == yaml.DocumentNode && len(list.Content) == 1 {
		list = list.Content[0]
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d:%d: a bank file is a list of questions (- id: …)", name, list.Line, list.Column)
	}
	var out []Question
	ids := map[string]int{}
	for _, item := range list.Content {
		var q Question
		if err := item.Load(&q, yaml.WithKnownFields()); err != nil {
			return nil, positioned(name, err)
		}
		q.File, q.Line = name, item.Line
		if err := q.validate(item); err != nil {
			return nil, fmt.Errorf("%s:%w", name, err)
		}
		if line, ok := ids[q.ID]; ok {
			return nil, fmt.Errorf("%s:%d:%d: question id %q is already used at line %d", name, item.Line, item.Column, q.ID, line)
		}
		ids[q.ID] = item.Line
		out = append(out, q)
	}
	return out, nil
}

// validate checks what YAML types cannot: required fields and the closed
// vocabularies. Errors start with "line:col: ".
func (q *Question) validate(item *yaml.Node) error {
	at := func(key string) string {
		if n := field(item, key); n != nil {
			return fmt.Sprintf("%d:%d", n.Line, n.Column)
		}
		return fmt.Sprintf("%d:%d", item.Line, item.Column)
	}
	missing := func(key string) error { return fmt.Errorf("%s: question has no %s", at(key), key) }
	switch {
	case q.ID == "":
		return missing("id")
	case q.Question == "":
		return missing("question")
	case q.Section == "":
		return missing("section")
	case q.Command == "":
		return missing("command")
	case len(q.KeyPoints) == 0:
		return missing("key_points")
	}
	if !validID(q.ID) {
		return fmt.Errorf("%s: id %q: use lower-case letters, digits and dashes", at("id"), q.ID)
	}
	if !slices.Contains(Categories, q.Category) {
		return fmt.Errorf("%s: category %q is not one of %s", at("category"), q.Category, strings.Join(Categories, ", "))
	}
	if !slices.Contains(Difficulties, q.Difficulty) {
		return fmt.Errorf("%s: difficulty %q is not one of %s", at("difficulty"), q.Difficulty, strings.Join(Difficulties, ", "))
	}
	if q.Principle != "" && !slices.Contains(Principles, q.Principle) {
		return fmt.Errorf("%s: principle %q is not a leadership principle", at("principle"), q.Principle)
	}
	if !strings.HasPrefix(q.Command, "awssec ") {
		return fmt.Errorf("%s: command %q does not start with \"awssec \"", at("command"), q.Command)
	}
	for i, kp := range q.KeyPoints {
		if kp.Point == "" {
			return fmt.Errorf("%s: key point %d has no point", at("key_points"), i+1)
		}
		if !strings.HasPrefix(kp.Cite, "https://") {
			return fmt.Errorf("%s: key point %d cites %q: give the https:// address of its source", at("key_points"), i+1, kp.Cite)
		}
	}
	return nil
}

// field returns the value node of key in a mapping node.
func field(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return id != ""
}

// positioned rewrites a YAML error as "name:line:col: message".
func positioned(name string, err error) error {
	var many *yaml.LoadErrors
	if errors.As(err, &many) && len(many.Errors) > 0 {
		e := many.Errors[0]
		return fmt.Errorf("%s:%d:%d: %s", name, e.Mark.Line, e.Mark.Column, e.Message)
	}
	var one *yaml.LoadError
	if errors.As(err, &one) {
		return fmt.Errorf("%s:%d:%d: %s", name, one.Mark.Line, one.Mark.Column, one.Message)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// Filter returns the questions of a category ("" for all) whose text,
// key points, id or command contain every word of search, case-insensitively.
func Filter(qs []Question, category, search string) []Question {
	words := strings.Fields(strings.ToLower(search))
	var out []Question
	for _, q := range qs {
		if category != "" && q.Category != category {
			continue
		}
		text := strings.ToLower(q.ID + " " + q.Question + " " + q.Command + " " + q.Principle)
		for _, kp := range q.KeyPoints {
			text += " " + strings.ToLower(kp.Point)
		}
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			out = append(out, q)
		}
	}
	return out
}
