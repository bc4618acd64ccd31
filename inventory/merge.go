package inventory

import (
	"fmt"
	"slices"
)

// Merge joins estates collected separately (shards of one organization,
// one file per account) into one. An account may appear in only one of
// them. The merged estate is as old as its newest part, so ages are never
// understated.
func Merge(names []string, estates []*Estate) (*Estate, error) {
	if len(estates) == 1 {
		return estates[0], nil
	}
	out := &Estate{SchemaVersion: SchemaVersion}
	where := map[string]string{}
	for i, e := range estates {
		if e.CollectedAt.After(out.CollectedAt) {
			out.CollectedAt = e.CollectedAt
		}
		switch {
		case out.Source == "":
			out.Source = e.Source
		case out.Source != e.Source:
			out.Source = "merged"
		}
		if out.Organization == nil && e.Organization != nil {
			out.Organization = e.Organization
		} else if e.Organization != nil && e.Organization.ID != out.Organization.ID {
			return nil, fmt.Errorf("%s: organization %s, but %s holds organization %s", names[i], e.Organization.ID, names[0], out.Organization.ID)
		}
		for _, a := range e.Accounts {
			if prev, dup := where[a.ID]; dup {
				return nil, fmt.Errorf("%s: account %s is also in %s", names[i], a.ID, prev)
			}
			where[a.ID] = names[i]
			out.Accounts = append(out.Accounts, a)
		}
	}
	slices.SortStableFunc(out.Accounts, func(a, b *Account) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out, nil
}
