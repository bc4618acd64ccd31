package orgreport

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
)

// stateVersion is the version of the state file's format.
const stateVersion = 1

// State is what --since-last remembers of a report: when it ran and which
// resources it found non-compliant.
type State struct {
	Version     int          `json:"version"`
	GeneratedAt time.Time    `json:"generatedAt"`
	Resources   []StateEntry `json:"resources"`
}

// StateEntry is one non-compliant resource of a report.
type StateEntry struct {
	Aggregator     string `json:"aggregator"`
	Rule           string `json:"rule"`
	ConfigRuleName string `json:"configRuleName"`
	AccountID      string `json:"accountId"`
	Region         string `json:"awsRegion"`
	ResourceType   string `json:"resourceType"`
	ResourceID     string `json:"resourceId"`
}

// StateError is a state file that cannot be read, with the position of the
// problem.
type StateError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *StateError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// ReadState decodes a state file strictly: unknown members, duplicate
// names, bad UTF-8 and trailing data are errors.
func ReadState(name string, data []byte) (*State, error) {
	var st State
	err := json.Unmarshal(data, &st, json.RejectUnknownMembers(true))
	if err != nil {
		var (
			serr   *json.SemanticError
			synerr *jsontext.SyntacticError
			offset int64
			msg    string
		)
		switch {
		case errors.As(err, &synerr):
			offset, msg = synerr.ByteOffset, "invalid JSON: "+jsonerr.Escape(syntaxText(synerr))
		case errors.As(err, &serr):
			offset, msg = serr.ByteOffset, jsonerr.Describe(serr)
			if p := serr.JSONPointer; p != "" {
				msg = fmt.Sprintf("at %s: %s", p, msg)
			}
		default:
			return nil, &StateError{File: name, Msg: jsonerr.Escape(err.Error())}
		}
		line, col := jsonerr.LineCol(data, offset)
		return nil, &StateError{File: name, Line: line, Column: col, Msg: "not an org-report state file: " + msg}
	}
	if st.Version != stateVersion {
		return nil, &StateError{File: name, Line: 1, Column: 1, Msg: fmt.Sprintf("state file version %d, want %d", st.Version, stateVersion)}
	}
	for i, e := range st.Resources {
		if e.Aggregator == "" || e.ConfigRuleName == "" || e.AccountID == "" || e.ResourceID == "" {
			return nil, &StateError{File: name, Msg: fmt.Sprintf("at /resources/%d: aggregator, configRuleName, accountId and resourceId are required", i)}
		}
	}
	return &st, nil
}

func syntaxText(e *jsontext.SyntacticError) string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Error()
}

// StateOf is the state a report leaves for the next one. Entries of a
// previous state whose (aggregator, rule, account, region) this report
// could not assess are carried over: they were not seen fixed.
func StateOf(r *Report, prev *State) *State {
	st := &State{Version: stateVersion, GeneratedAt: r.GeneratedAt, Resources: []StateEntry{}}
	for _, ag := range r.Aggregators {
		for _, rule := range ag.Rules {
			for _, a := range rule.Accounts {
				for _, res := range a.Resources {
					st.Resources = append(st.Resources, entry(ag.Name, rule.Name, res))
				}
			}
		}
	}
	if prev != nil {
		for _, e := range prev.Resources {
			if unassessed(r, e) {
				st.Resources = append(st.Resources, e)
			}
		}
	}
	slices.SortFunc(st.Resources, compareEntries)
	st.Resources = slices.Compact(st.Resources)
	return st
}

func entry(aggregator, rule string, res Resource) StateEntry {
	return StateEntry{Aggregator: aggregator, Rule: rule, ConfigRuleName: res.ConfigRuleName, AccountID: res.AccountID, Region: res.Region,
		ResourceType: res.ResourceType, ResourceID: res.ResourceID}
}

func compareEntries(a, b StateEntry) int {
	return cmp.Or(cmp.Compare(a.Aggregator, b.Aggregator), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.ConfigRuleName, b.ConfigRuleName),
		cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Region, b.Region), cmp.Compare(a.ResourceType, b.ResourceType),
		cmp.Compare(a.ResourceID, b.ResourceID))
}

// unassessed reports whether the report could not tell whether e is still
// non-compliant: its aggregator, or its tuple, is among the gaps, or the
// aggregator was not part of this report at all.
func unassessed(r *Report, e StateEntry) bool {
	if !slices.ContainsFunc(r.Aggregators, func(ag Aggregator) bool { return ag.Name == e.Aggregator }) {
		return true
	}
	for _, g := range r.NotAssessed {
		switch {
		case g.Aggregator == "" && g.Rule == "":
			// The aggregator list itself, or the organization rules: names
			// may be off, but tuples that were read are still known.
			if g.Call == "config:DescribeConfigurationAggregators" {
				return true
			}
		case g.Aggregator == "" && g.Rule == e.Rule && (g.AccountID == "" || g.AccountID == e.AccountID):
			// An organization rule not deployed in the account, or whose
			// deployment could not be read.
			return true
		case g.Aggregator == e.Aggregator && g.Rule == "" && g.Call != "config:GetAggregateConfigRuleComplianceSummary":
			return true
		case g.Aggregator == e.Aggregator && g.Rule == e.ConfigRuleName && g.AccountID == e.AccountID && g.Region == e.Region:
			return true
		}
	}
	return false
}

// SinceLast marks the report's resources that the previous state did not
// list as new, and lists as fixed those it listed that are no longer
// non-compliant (leaving out what this report could not assess).
func SinceLast(r *Report, prev *State) {
	seen := map[StateEntry]bool{}
	for _, e := range prev.Resources {
		seen[e] = true
	}
	now := map[StateEntry]bool{}
	for i := range r.Aggregators {
		ag := &r.Aggregators[i]
		for j := range ag.Rules {
			rule := &ag.Rules[j]
			for k := range rule.Accounts {
				for l := range rule.Accounts[k].Resources {
					res := &rule.Accounts[k].Resources[l]
					e := entry(ag.Name, rule.Name, *res)
					now[e] = true
					res.New = !seen[e]
				}
			}
		}
	}
	r.Fixed = []FixedResource{}
	for _, e := range prev.Resources {
		if now[e] || unassessed(r, e) {
			continue
		}
		r.Fixed = append(r.Fixed, FixedResource{Aggregator: e.Aggregator, Rule: e.Rule, Resource: Resource{ConfigRuleName: e.ConfigRuleName,
			AccountID: e.AccountID, ResourceID: e.ResourceID, ResourceType: e.ResourceType, Region: e.Region}})
	}
	if t := prev.GeneratedAt; !t.IsZero() {
		r.Previous = &t
	}
}

// WriteState writes a state file.
func WriteState(w io.Writer, st *State) error {
	var buf bytes.Buffer
	if err := json.MarshalWrite(&buf, st, jsontext.WithIndent("  ")); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}
