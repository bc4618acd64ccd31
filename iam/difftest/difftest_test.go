package difftest

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/iam/eval"
)

var dump = flag.String("difftest.dump", "", "write every disagreement, with its case, to this file")

// knownBugs are divergences where the AWS documentation says iam/eval is
// wrong. They are not in docs/iam-divergences.md's list of accepted
// divergences; the test logs them instead of failing, so that main stays
// green while the fix is pending, and fails once one is no longer seen
// (fixed: delete the entry).
var knownBugs = map[string]string{}

// TestDifferential runs the corpus through iam/eval and through
// iam-simulate (installed with npm into a temporary directory, run by
// node) and fails on any disagreement that docs/iam-divergences.md does
// not list with the AWS documentation that settles it.
func TestDifferential(t *testing.T) {
	cases := Corpus(Seed)
	if len(cases) < 5000 {
		t.Fatalf("corpus has %d cases, want at least 5000", len(cases))
	}
	prepared, err := Prepare(cases)
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedDivergences(t)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir := t.TempDir()
	start := time.Now()
	if err := Install(ctx, dir); err != nil {
		t.Fatal(err)
	}
	installed := time.Since(start)
	outs, stats, err := Simulate(ctx, dir, cases, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases; npm install %v; iam-simulate %.0f ms in node", len(cases), installed.Round(time.Millisecond), stats.PassMs[0])

	var (
		d         eval.Decision
		results   = map[eval.Result]int{}
		agree     int
		byID      = map[string][]string{}
		bugs      = map[string][]string{}
		problems  []string
		dumpLines []string
	)
	for i := range prepared {
		p, o := &prepared[i], &outs[i]
		c := p.Case
		p.Evaluator.EvaluateInto(p.Request, &d)
		ours := d.Result
		results[ours]++
		theirs, ok := o.Result()
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: iam-simulate rejected the case: %s", c.ID, o.Error))
			continue
		case len(o.Ignored) > 0:
			problems = append(problems, fmt.Sprintf("%s: iam-simulate ignored context keys %v (they do not apply to %s)", c.ID, o.Ignored, c.Action))
			continue
		case ours == theirs:
			agree++
			continue
		}
		id := Classify(c, ours, theirs)
		dumpLines = append(dumpLines, fmt.Sprintf("%s %v divergence=%q ours=%v (%s) theirs=%v", c.ID, c.Features, id, ours, d.Reason(), theirs))
		switch {
		case id == "":
			problems = append(problems, fmt.Sprintf("%s %v: iam/eval %v (%s), iam-simulate %v: no documented divergence explains it",
				c.ID, c.Features, ours, d.Reason(), theirs))
		case knownBugs[id] != "":
			bugs[id] = append(bugs[id], c.ID)
		case !documented[id]:
			problems = append(problems, fmt.Sprintf("%s: classified as %q, which docs/iam-divergences.md does not list", c.ID, id))
		default:
			byID[id] = append(byID[id], c.ID)
		}
	}
	if *dump != "" {
		if err := os.WriteFile(*dump, []byte(strings.Join(dumpLines, "\n")+"\n"), 0o644); err != nil {
			t.Error(err)
		}
	}

	t.Logf("iam/eval decided %d allow, %d explicit deny, %d implicit deny; %d of %d agree",
		results[eval.Allow], results[eval.ExplicitDeny], results[eval.ImplicitDeny], agree, len(cases))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		t.Logf("documented divergence %-42s %4d cases, e.g. %s", id, len(byID[id]), byID[id][0])
	}
	for _, id := range slices.Sorted(maps.Keys(knownBugs)) {
		if len(bugs[id]) == 0 {
			t.Errorf("known iam/eval bug %q is no longer seen: if it is fixed, delete it from knownBugs", id)
			continue
		}
		t.Logf("KNOWN IAM/EVAL BUG %s: %d cases, e.g. %s: %s", id, len(bugs[id]), strings.Join(bugs[id][:min(3, len(bugs[id]))], ", "), knownBugs[id])
	}
	for _, id := range slices.Sorted(maps.Keys(documented)) {
		if len(byID[id]) == 0 {
			t.Errorf("docs/iam-divergences.md lists %q but no case shows it: remove it, or restore the cases", id)
		}
	}
	// A corpus where nearly everything is denied (or allowed) would agree
	// cheaply: each outcome must be well represented.
	for _, r := range []eval.Result{eval.Allow, eval.ExplicitDeny, eval.ImplicitDeny} {
		if results[r] < len(cases)/10 {
			t.Errorf("only %d of %d cases decide %v: the corpus is lopsided", results[r], len(cases), r)
		}
	}
	for i, p := range problems {
		if i == 50 {
			t.Errorf("… and %d more", len(problems)-50)
			break
		}
		t.Error(p)
	}
}

// documentedDivergences reads the ids of docs/iam-divergences.md's
// accepted divergences ("### `id`" headings) and checks that each cites
// the AWS documentation with a link and a quoted sentence.
func documentedDivergences(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../../docs/iam-divergences.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("(?m)^### `([a-z0-9-]+)`")
	text := string(b)
	locs := heading.FindAllStringSubmatchIndex(text, -1)
	ids := map[string]bool{}
	for i, l := range locs {
		id := text[l[2]:l[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if j := strings.Index(text[l[1]:end], "\n## "); j >= 0 {
			end = l[1] + j
		}
		section := text[l[0]:end]
		if !strings.Contains(section, "https://docs.aws.amazon.com/") {
			t.Errorf("docs/iam-divergences.md: %s cites no AWS documentation link", id)
		}
		if !regexp.MustCompile(`(?m)^> `).MatchString(section) {
			t.Errorf("docs/iam-divergences.md: %s quotes no sentence of the AWS documentation", id)
		}
		if knownBugs[id] != "" {
			t.Errorf("docs/iam-divergences.md lists %s as accepted, but it is a known iam/eval bug", id)
		}
		ids[id] = true
	}
	if len(ids) == 0 {
		t.Fatal("docs/iam-divergences.md lists no divergence")
	}
	return ids
}

// TestCorpusIsDeterministic: the same seed gives the same cases, down to
// the bytes sent to iam-simulate.
func TestCorpusIsDeterministic(t *testing.T) {
	a, b := Corpus(Seed), Corpus(Seed)
	if len(a) != len(b) {
		t.Fatalf("%d cases, then %d", len(a), len(b))
	}
	for i := range a {
		ja, err := json.Marshal(a[i].simulation(), json.Deterministic(true))
		if err != nil {
			t.Fatal(err)
		}
		jb, _ := json.Marshal(b[i].simulation(), json.Deterministic(true))
		if a[i].ID != b[i].ID || string(ja) != string(jb) {
			t.Fatalf("case %d differs: %s / %s", i, a[i].ID, b[i].ID)
		}
	}
}
