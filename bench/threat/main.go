// Command threat measures `awssec threat` at scale and prints each figure,
// its reference and the ratio against the target:
//
//   - a generated model of 10,000 elements and 30,000 flows: threat
//     generation against parsing the model's YAML (target ≤ 2);
//
//   - a 100,000-resource synthetic estate (benchutil.SyntheticEstate, as
//     bench/scan uses): deriving the model against the scan's check phase
//     on the same estate (target ≤ 1).
//
//     go run ./bench/threat [-elements 10000] [-flows 30000] [-resources 100000] [-runs 3]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"time"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/estate"
	"github.com/awssec/awssec/threat/model"
)

func main() {
	elements := flag.Int("elements", 10_000, "elements in the generated model")
	flows := flag.Int("flows", 30_000, "flows in the generated model")
	resources := flag.Int("resources", 100_000, "resources in the synthetic estate")
	runs := flag.Int("runs", 3, "runs of each phase; the fastest counts")
	flag.Parse()
	if err := run(*elements, *flows, *resources, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(elements, flows, resources, runs int) error {
	src, err := syntheticModel(elements, flows)
	if err != nil {
		return err
	}
	var m *model.Model
	parse := fastest(runs, func() { m, err = model.Parse("synthetic.yaml", src) })
	if err != nil {
		return err
	}
	var res *threat.Result
	gen := fastest(runs, func() { res = threat.Generate(m, nil) })
	fmt.Printf("model: %d elements, %d flows, %d KiB of YAML, %d threats\n", len(m.Elements), len(m.Flows), len(src)>>10, len(res.Threats))
	fmt.Printf("  parse      %12s (reference)\n", parse.Round(time.Microsecond))
	fmt.Printf("  generate   %12s\n", gen.Round(time.Microsecond))
	fmt.Printf("  generate / parse: %.2f (target ≤ 2.00)\n\n", ratio(gen, parse))

	data, count, err := benchutil.SyntheticEstate(resources)
	if err != nil {
		return err
	}
	e, err := inventory.Decode("synthetic.json", data)
	if err != nil {
		return err
	}
	all := checks.All()
	var nFindings int
	check := fastest(runs, func() { nFindings = len(checks.Run(e, all)) })
	var derived *model.Model
	derive := fastest(runs, func() { derived = estate.Derive(e, "synthetic") })
	fmt.Printf("estate: %d resources, %d findings; derived %d elements, %d flows\n", count, nFindings, len(derived.Elements), len(derived.Flows))
	fmt.Printf("  check phase %12s (reference)\n", check.Round(time.Microsecond))
	fmt.Printf("  derive      %12s\n", derive.Round(time.Microsecond))
	fmt.Printf("  derive / check phase: %.2f (target ≤ 1.00)\n", ratio(derive, check))
	var derivedRes *threat.Result
	genDerived := fastest(runs, func() { derivedRes = threat.Generate(derived, nil) })
	fmt.Printf("  (for information: generating the derived model's %d threats takes %s)\n\n", len(derivedRes.Threats), genDerived.Round(time.Microsecond))
	fmt.Printf("peak RSS: %d MiB\n", benchutil.PeakRSS()>>20)
	return nil
}

// syntheticModel writes a model with the shape of a large real one: a few
// accounts of VPCs, an internet and partners, a mix of actors, processes
// and stores with varied properties, and flows between random elements.
func syntheticModel(elements, flows int) ([]byte, error) {
	r := rand.New(rand.NewPCG(1, 2))
	m := &model.Model{Title: "synthetic"}
	m.Data = []*model.Data{{ID: "public", Classification: model.Public}, {ID: "internal", Classification: model.Internal},
		{ID: "pii", Classification: model.Confidential}, {ID: "secrets", Classification: model.Restricted}}
	m.Boundaries = []*model.Boundary{{ID: "internet", Kind: model.KindInternet}, {ID: "partner", Kind: model.KindPartner}}
	var inner []string
	for a := range 20 {
		acct := fmt.Sprintf("acct-%d", a)
		m.Boundaries = append(m.Boundaries, &model.Boundary{ID: acct, Kind: model.KindAccount})
		inner = append(inner, acct)
		for v := range 5 {
			vpc := fmt.Sprintf("vpc-%d-%d", a, v)
			m.Boundaries = append(m.Boundaries, &model.Boundary{ID: vpc, Kind: model.KindVPC, Parent: acct})
			inner = append(inner, vpc)
		}
	}
	bools := func() *bool {
		switch r.IntN(3) {
		case 0:
			return nil
		case 1:
			return model.Bool(false)
		}
		return model.Bool(true)
	}
	dataIDs := []string{"public", "internal", "pii", "secrets"}
	for i := range elements {
		e := &model.Element{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("element %d", i)}
		switch k := r.IntN(20); {
		case k == 0:
			e.Type, e.Boundary, e.Human, e.MFA = model.Actor, "internet", r.IntN(2) == 0, bools()
			if r.IntN(4) == 0 {
				e.Boundary = "partner"
			}
		case k < 11:
			e.Type, e.Boundary = model.Process, inner[r.IntN(len(inner))]
			e.WAF, e.RateLimited, e.Logging = bools(), bools(), bools()
			e.Privileged, e.SecretsInEnv = r.IntN(10) == 0, r.IntN(10) == 0
			e.IMDS = []string{"", "v1", "v2"}[r.IntN(3)]
		default:
			e.Type, e.Boundary = model.Store, inner[r.IntN(len(inner))]
			e.Stores = []string{dataIDs[r.IntN(4)]}
			e.Encrypted, e.Versioning, e.Logging, e.DeletionProtection = bools(), bools(), bools(), bools()
			e.Backup = []string{"", model.BackupNone, model.BackupSame, model.BackupIsolated}[r.IntN(4)]
			e.MultiTenant, e.Public, e.Log = r.IntN(10) == 0, r.IntN(20) == 0, r.IntN(20) == 0
		}
		m.Elements = append(m.Elements, e)
	}
	protocols := []string{"https", "http", "tls", "postgres", "aws-api", "tcp"}
	for i := range flows {
		from, to := r.IntN(elements), r.IntN(elements)
		if from == to {
			to = (to + 1) % elements
		}
		f := &model.Flow{ID: fmt.Sprintf("f%d", i), From: m.Elements[from].ID, To: m.Elements[to].ID,
			Protocol: protocols[r.IntN(len(protocols))], Port: []int{0, 80, 443, 5432, 22}[r.IntN(5)],
			Authenticated: bools(), Data: []string{dataIDs[r.IntN(4)]}}
		if r.IntN(10) == 0 {
			f.ExternalID = bools()
		}
		m.Flows = append(m.Flows, f)
	}
	var buf bytes.Buffer
	err := model.Encode(&buf, m)
	return buf.Bytes(), err
}

func fastest(runs int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range runs {
		runtime.GC()
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }
