package threat_test

import (
	"fmt"
	"testing"

	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

// BenchmarkGenerate measures generation on a model of 1,000 elements and
// 3,000 flows; bench/threat measures the 10,000/30,000 model against
// parsing.
func BenchmarkGenerate(b *testing.B) {
	m := &model.Model{Data: []*model.Data{{ID: "pii", Classification: model.Confidential}},
		Boundaries: []*model.Boundary{{ID: "internet", Kind: model.KindInternet}, {ID: "vpc", Kind: model.KindVPC}}}
	types := []string{model.Actor, model.Process, model.Store}
	for i := range 1000 {
		e := &model.Element{ID: fmt.Sprintf("e%d", i), Type: types[i%3], Boundary: "vpc"}
		if e.Type == model.Actor {
			e.Boundary = "internet"
		}
		if e.Type == model.Store {
			e.Stores = []string{"pii"}
		}
		m.Elements = append(m.Elements, e)
	}
	for i := range 3000 {
		m.Flows = append(m.Flows, &model.Flow{ID: fmt.Sprintf("f%d", i), From: fmt.Sprintf("e%d", i%1000), To: fmt.Sprintf("e%d", (i*7+1)%1000), Protocol: "http", Data: []string{"pii"}})
	}
	b.ReportAllocs()
	for b.Loop() {
		threat.Generate(m, nil)
	}
}
