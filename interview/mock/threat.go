package mock

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/interview/exercise"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/templates"
)

// threatRound asks for a STRIDE threat model of a template's system and
// grades it by coverage of what awssec threat generates for the same
// model: each (element or flow, STRIDE category) pair the generator finds
// a threat for is one check.
func threatRound(name, template string, limit time.Duration) (*Round, error) {
	src, err := templates.Source(template)
	if err != nil {
		return nil, err
	}
	m, err := model.Parse(template+".yaml", src)
	if err != nil {
		return nil, err
	}
	res := threat.Generate(m, nil)
	type pair struct{ subject, cat string }
	expected := map[pair][]string{}
	var order []pair
	for _, t := range res.Threats {
		p := pair{t.Subject, t.Category.String()}
		if _, ok := expected[p]; !ok {
			order = append(order, p)
		}
		expected[p] = append(expected[p], t.Title)
	}
	names := map[string]string{} // id or lower-case name → id
	var p strings.Builder
	fmt.Fprintf(&p, "%s\n%s\n\nElements:\n", m.Title, m.Description)
	for _, e := range m.Elements {
		names[e.ID] = e.ID
		if e.Name != "" {
			names[strings.ToLower(e.Name)] = e.ID
		}
		fmt.Fprintf(&p, "  %-18s %-8s %s\n", e.ID, e.Type, e.Name)
	}
	p.WriteString("Data flows:\n")
	for _, f := range m.Flows {
		names[f.ID] = f.ID
		auth := "authenticated"
		if f.Authenticated != nil && !*f.Authenticated {
			auth = "unauthenticated"
		}
		fmt.Fprintf(&p, "  %-18s %s → %s over %s, %s\n", f.ID, f.From, f.To, f.Protocol, auth)
	}
	p.WriteString("\nList the threats, one per line: the element or flow id, the STRIDE letter (S, T, R, I, D or E),\n" +
		"then the threat in your words (\"jobs I queue holds orders unencrypted\").\n")
	grade := func(answer string) (*exercise.Result, error) {
		named := map[pair]bool{}
		for _, l := range strings.Split(answer, "\n") {
			f := strings.Fields(l)
			if len(f) < 2 {
				continue
			}
			id, ok := names[f[0]]
			if !ok {
				id, ok = names[strings.ToLower(f[0])]
			}
			cat := strings.ToUpper(f[1][:1])
			if ok && strings.Contains("STRIDE", cat) {
				named[pair{id, cat}] = true
			}
		}
		r := &exercise.Result{}
		for _, pr := range order {
			c := exercise.Check{Name: pr.subject + " " + pr.cat, OK: named[pr]}
			if !c.OK {
				c.Detail = "missed: " + strings.Join(slices.Compact(expected[pr]), "; ")
			}
			r.Checks = append(r.Checks, c)
		}
		ok := 0
		for _, c := range r.Checks {
			if c.OK {
				ok++
			}
		}
		r.Score = float64(ok) / float64(len(r.Checks))
		r.Passed = ok == len(r.Checks)
		return r, nil
	}
	return &Round{
		Name: name, Title: "STRIDE threat model: " + m.Title, Limit: limit, Prompt: p.String(),
		Answer: "lines of ELEMENT-OR-FLOW STRIDE-LETTER threat", Practise: "awssec threat new --template " + template + ", then awssec threat rules",
		grade: grade,
	}, nil
}
