package checks

import (
	"flag"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// Test estates: one account, one region, a fixed clock.
const (
	testAccount = "123456789012"
	testRegion  = "us-east-1"
)

var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// testEstate builds a one-account, one-region estate and lets fill put
// resources in it.
func testEstate(fill func(a *inventory.Account, r *inventory.Region)) *inventory.Estate {
	r := &inventory.Region{Name: testRegion}
	a := &inventory.Account{ID: testAccount, Regions: []*inventory.Region{r}}
	fill(a, r)
	return &inventory.Estate{SchemaVersion: inventory.SchemaVersion, CollectedAt: testNow, Source: "test", Accounts: []*inventory.Account{a}}
}

// meta is test resource metadata with an id and a source.
func meta(id string) inventory.Meta {
	return inventory.Meta{ID: id, Source: inventory.Source{Kind: "test"}}
}

// unreadMeta is test metadata for a resource whose named fields could not
// be read.
func unreadMeta(id string, keys ...string) inventory.Meta {
	m := meta(id)
	m.Unread = keys
	return m
}

var (
	testedMu sync.Mutex
	tested   = map[string]map[finding.Status]bool{}
)

// runCheck runs one check and records which statuses its tests produced,
// so TestMain can insist that every check is tested failing, passing and
// not assessed.
func runCheck(t *testing.T, c *Check, e *inventory.Estate) []finding.Finding {
	t.Helper()
	fs := Run(e, []*Check{c})
	testedMu.Lock()
	defer testedMu.Unlock()
	if tested[c.ID] == nil {
		tested[c.ID] = map[finding.Status]bool{}
	}
	for _, f := range fs {
		tested[c.ID][f.Status] = true
		if f.Message == "" {
			t.Errorf("%s: result for %s has no message", c.ID, f.ResourceID)
		}
		if f.CheckID != c.ID {
			t.Errorf("%s: result carries check id %q", c.ID, f.CheckID)
		}
	}
	return fs
}

// statuses maps each result's resource id to its status.
func statuses(fs []finding.Finding) map[string]finding.Status {
	m := map[string]finding.Status{}
	for _, f := range fs {
		m[f.ResourceID] = f.Status
	}
	return m
}

// checkCase is one row of a check's table test.
type checkCase struct {
	name string
	fill func(a *inventory.Account, r *inventory.Region)
	want map[string]finding.Status // resource id → status
	// contains, when set, must appear in the message of the result for
	// each resource id named.
	contains map[string]string
}

// runCases runs a check's table test.
func runCases(t *testing.T, c *Check, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := runCheck(t, c, testEstate(tc.fill))
			if diff := cmp.Diff(tc.want, statuses(fs)); diff != "" {
				t.Errorf("%s: statuses (-want +got):\n%s", c.ID, diff)
			}
			for id, sub := range tc.contains {
				found := false
				for _, f := range fs {
					if f.ResourceID == id && strings.Contains(f.Message, sub) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no result for %s mentions %q; got %+v", c.ID, id, sub, fs)
				}
			}
		})
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		var missing []string
		for _, c := range All() {
			st := tested[c.ID]
			for _, want := range []finding.Status{finding.Fail, finding.Pass, finding.Error} {
				if !st[want] {
					missing = append(missing, c.ID+" ("+string(want)+")")
				}
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			println("checks whose table tests never produce a result of this status:\n  " + strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}
