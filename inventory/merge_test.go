package inventory

import (
	"strings"
	"testing"
	"time"
)

func TestMerge(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	a := &Estate{SchemaVersion: 1, Source: "aws", CollectedAt: t0, Organization: &Organization{ID: "o-1"},
		Accounts: []*Account{{ID: "333333333333"}, {ID: "111111111111"}}}
	b := &Estate{SchemaVersion: 1, Source: "aws", CollectedAt: t0.Add(time.Hour), Accounts: []*Account{{ID: "222222222222"}}}
	m, err := Merge([]string{"a.json", "b.json"}, []*Estate{a, b})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, acct := range m.Accounts {
		ids = append(ids, acct.ID)
	}
	if got := strings.Join(ids, ","); got != "111111111111,222222222222,333333333333" {
		t.Errorf("accounts %s, want all three in id order", got)
	}
	if !m.CollectedAt.Equal(t0.Add(time.Hour)) || m.Source != "aws" || m.Organization == nil || m.Organization.ID != "o-1" {
		t.Errorf("merged estate: %+v", m)
	}

	dup := &Estate{SchemaVersion: 1, Accounts: []*Account{{ID: "111111111111"}}}
	if _, err := Merge([]string{"a.json", "c.json"}, []*Estate{a, dup}); err == nil || !strings.Contains(err.Error(), "c.json: account 111111111111 is also in a.json") {
		t.Errorf("duplicate account: got %v", err)
	}
	other := &Estate{SchemaVersion: 1, Organization: &Organization{ID: "o-2"}, Accounts: []*Account{{ID: "444444444444"}}}
	if _, err := Merge([]string{"a.json", "d.json"}, []*Estate{a, other}); err == nil || !strings.Contains(err.Error(), "organization o-2") {
		t.Errorf("two organizations: got %v", err)
	}
}
