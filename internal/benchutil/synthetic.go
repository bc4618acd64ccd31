package benchutil

import (
	"bytes"
	"fmt"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

// SyntheticEstate builds an estate of about n resources by repeating the demo's
// accounts under new account ids, and returns its JSON form and its
// resource count. Benchmarks share it so their figures compare.
func SyntheticEstate(n int) ([]byte, int, error) {
	base := demo.Estate()
	per := inventory.Count(base)
	if per == 0 {
		return nil, 0, fmt.Errorf("the demo estate is empty")
	}
	var tmpl bytes.Buffer
	if err := inventory.Encode(&tmpl, base); err != nil {
		return nil, 0, err
	}
	copies := max(1, n/per)
	big := &inventory.Estate{SchemaVersion: base.SchemaVersion, CollectedAt: base.CollectedAt, Source: "synthetic",
		Organization: base.Organization}
	for i := range copies {
		e, err := inventory.Decode("demo.json", tmpl.Bytes())
		if err != nil {
			return nil, 0, err
		}
		for j, a := range e.Accounts {
			a.ID = fmt.Sprintf("%012d", i*len(e.Accounts)+j+100000000000)
			if i > 0 {
				demoteOrganizationTrails(a)
			}
		}
		big.Accounts = append(big.Accounts, e.Accounts...)
	}
	var out bytes.Buffer
	if err := inventory.Encode(&out, big); err != nil {
		return nil, 0, err
	}
	return out.Bytes(), inventory.Count(big), nil
}

// demoteOrganizationTrails makes the organization trails of a copied
// management account ordinary trails: an organization has one management
// account, so a realistic large estate has a handful of organization
// trails, not one per copy of the demo.
func demoteOrganizationTrails(a *inventory.Account) {
	for _, r := range a.Regions {
		for _, t := range r.Resources.Trails {
			t.IsOrganizationTrail = false
		}
	}
}
