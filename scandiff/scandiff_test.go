package scandiff

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
)

var update = flag.Bool("update", false, "rewrite golden files")

func f(check, resource string, sev finding.Severity, st finding.Status) finding.Finding {
	return finding.Finding{CheckID: check, Account: "111122223333", Region: "eu-west-1", ResourceType: "AWS::EC2::Instance",
		ResourceID: resource, Severity: sev, Status: st, Message: check + " on " + resource}
}

func muted(x finding.Finding) finding.Finding {
	x.Muted, x.MuteReason = true, "accepted (m.yaml:3)"
	return x
}

// before and after are two scans of one estate with one finding of every
// kind of change, and findings that should not be reported at all.
var (
	before = []finding.Finding{
		f("ec2-imdsv1-allowed", "i-still", finding.High, finding.Fail),
		f("ec2-imdsv1-allowed", "i-fixed", finding.High, finding.Fail),
		f("ec2-imdsv1-allowed", "i-gone", finding.Medium, finding.Fail),
		f("ec2-imdsv1-allowed", "i-was-pass", finding.High, finding.Pass),
		f("ec2-imdsv1-allowed", "i-unread", finding.High, finding.Pass),
		f("ec2-imdsv1-allowed", "i-unread-still", finding.High, finding.Error),
		muted(f("ec2-imdsv1-allowed", "i-mute-expired", finding.Critical, finding.Fail)),
		f("ec2-imdsv1-allowed", "i-now-muted", finding.Low, finding.Fail),
		muted(f("ec2-imdsv1-allowed", "i-muted-gone", finding.Low, finding.Fail)),
		f("ec2-imdsv1-allowed", "i-pass", finding.High, finding.Pass),
	}
	after = []finding.Finding{
		f("ec2-imdsv1-allowed", "i-still", finding.High, finding.Fail),
		f("ec2-imdsv1-allowed", "i-fixed", finding.High, finding.Pass),
		f("ec2-imdsv1-allowed", "i-was-pass", finding.High, finding.Fail),
		f("ec2-imdsv1-allowed", "i-brand-new", finding.Critical, finding.Fail),
		f("ec2-imdsv1-allowed", "i-unread", finding.High, finding.Error),
		f("ec2-imdsv1-allowed", "i-unread-still", finding.High, finding.Error),
		f("ec2-imdsv1-allowed", "i-mute-expired", finding.Critical, finding.Fail),
		muted(f("ec2-imdsv1-allowed", "i-now-muted", finding.Low, finding.Fail)),
		f("ec2-imdsv1-allowed", "i-pass", finding.High, finding.Pass),
		f("ec2-imdsv1-allowed", "i-new-pass", finding.High, finding.Pass),
	}
)

func TestCompare(t *testing.T) {
	res := Compare(before, after)
	type row struct {
		Change        Change
		Resource      string
		Before, After finding.Status
	}
	var got []row
	for _, e := range res.Entries {
		got = append(got, row{e.Change, e.Finding.ResourceID, e.Before, e.After})
	}
	want := []row{
		{New, "i-brand-new", "", finding.Fail},
		{New, "i-mute-expired", finding.Fail, finding.Fail},
		{New, "i-was-pass", finding.Pass, finding.Fail},
		{NewlyNotAssessed, "i-unread", finding.Pass, finding.Error},
		{StillFailing, "i-still", finding.Fail, finding.Fail},
		{Muted, "i-now-muted", finding.Fail, finding.Fail},
		{Fixed, "i-fixed", finding.Fail, finding.Pass},
		{Fixed, "i-gone", finding.Fail, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	wantCounts := map[Change]int{New: 3, NewlyNotAssessed: 1, StillFailing: 1, Muted: 1, Fixed: 2}
	if diff := cmp.Diff(wantCounts, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if n := res.NewAtOrAbove(finding.Critical); n != 2 {
		t.Errorf("NewAtOrAbove(critical) = %d, want 2", n)
	}
	if n := res.NewAtOrAbove(finding.Info); n != 3 {
		t.Errorf("NewAtOrAbove(info) = %d, want 3", n)
	}
}

func TestCompareIdentity(t *testing.T) {
	a := f("c", "i-1", finding.High, finding.Fail)
	a.ResourceARN = "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"
	// The same resource in another region or account is another finding.
	other := a
	other.Region = "us-east-1"
	res := Compare([]finding.Finding{a}, []finding.Finding{a, other})
	if res.Counts[StillFailing] != 1 || res.Counts[New] != 1 {
		t.Errorf("counts = %v, want 1 still failing, 1 new", res.Counts)
	}
	// A finding reported twice in each scan pairs up by order, not twice over.
	res = Compare([]finding.Finding{a, a}, []finding.Finding{a, a})
	if res.Counts[StillFailing] != 2 || len(res.Entries) != 2 {
		t.Errorf("duplicates: %v", res.Counts)
	}
	if res := Compare(nil, nil); len(res.Entries) != 0 {
		t.Errorf("empty scans differ: %v", res.Entries)
	}
}

func TestRender(t *testing.T) {
	rep := &Report{
		From:   Scan{ID: 3, At: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), Source: "demo", Accounts: []string{"111122223333"}},
		To:     Scan{ID: 4, At: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Source: "demo", Accounts: []string{"111122223333"}},
		Result: Compare(before, after),
	}
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"diff.table.golden", func(b *bytes.Buffer) error { return WriteTable(b, rep, TableOptions{}) }},
		{"diff.all.table.golden", func(b *bytes.Buffer) error { return WriteTable(b, rep, TableOptions{StillFailing: true}) }},
		{"diff.tsv.golden", func(b *bytes.Buffer) error { return WriteTSV(b, rep, TableOptions{}) }},
		{"diff.all.tsv.golden", func(b *bytes.Buffer) error { return WriteTSV(b, rep, TableOptions{StillFailing: true}) }},
		{"diff.json.golden", func(b *bytes.Buffer) error { return WriteJSON(b, rep) }},
		{"diff.csv.golden", func(b *bytes.Buffer) error { return WriteCSV(b, rep) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./scandiff -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// Pairing does not depend on order: a scan compared with itself reversed,
// or with findings gone and added in between, pairs every finding that is
// in both.
func TestComparePairsOutOfOrder(t *testing.T) {
	var a []finding.Finding
	for i := range 100 {
		a = append(a, f("c", fmt.Sprintf("i-%03d", i), finding.High, finding.Fail))
	}
	a = append(a, a[10], a[20]) // reported twice
	rev := slices.Clone(a)
	slices.Reverse(rev)
	if res := Compare(a, rev); res.Counts[StillFailing] != len(a) || len(res.Entries) != len(a) {
		t.Errorf("reversed: %v", res.Counts)
	}
	var b []finding.Finding
	for i, x := range a {
		if i%7 != 0 {
			b = append(b, x)
		}
		if i%13 == 0 {
			b = append(b, f("c", fmt.Sprintf("new-%03d", i), finding.High, finding.Fail))
		}
	}
	res := Compare(a, b)
	want := map[Change]int{New: 8, StillFailing: len(a) - 15, Fixed: 15, NewlyNotAssessed: 0, Muted: 0}
	if diff := cmp.Diff(want, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}
