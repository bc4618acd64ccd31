package html

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// chromium finds Debian's chromium, which scripts/test installs.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("AWSSEC_CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("AWSSEC_SKIP_PEERS") == "1" {
		t.Skip("chromium not installed (AWSSEC_SKIP_PEERS=1)")
	}
	t.Fatal("chromium not found: run scripts/test, which installs Debian's chromium (or set AWSSEC_SKIP_PEERS=1 to skip browser tests)")
	return ""
}

// browser is a headless chromium page with its console recorded.
type browser struct {
	ctx context.Context
	mu  sync.Mutex
	log []chromedp.ConsoleMessage
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.log = append(b.log, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// problems returns the console errors and exceptions so far. It writes a
// marker and waits for it, so every earlier message has arrived.
func (b *browser) problems(t *testing.T) []string {
	t.Helper()
	marker := fmt.Sprintf("awssec-test-marker-%d", time.Now().UnixNano())
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`console.log(`+"`"+marker+"`"+`)`)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b.mu.Lock()
		seen := slices.ContainsFunc(b.log, func(m chromedp.ConsoleMessage) bool { return m.Text == marker })
		var out []string
		for _, m := range b.log {
			if m.IsException() || m.Type == chromedp.ConsoleError {
				out = append(out, m.String())
			}
		}
		b.mu.Unlock()
		if seen {
			return out
		}
	}
	t.Fatal("console marker never arrived")
	return nil
}

func (b *browser) open(t *testing.T, r *report.Report) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, r); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+path),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`))); err != nil {
		t.Fatal(err)
	}
}

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return s
}

// eval evaluates a script that returns a list of strings.
func (b *browser) strings(t *testing.T, script string) []string {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](script))
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return v
}

func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// set sets a form control's value as a user would, with the event the
// page listens for ("input" or "change", which bubbles to the form).
func (b *browser) set(t *testing.T, id, value, event string) {
	t.Helper()
	script := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event(%q, {bubbles: true})); })()`, id, value, event)
	b.do(t, chromedp.Evaluate[chromedp.Void](script))
}

// waitCount waits for the count line to say want.
func (b *browser) waitCount(t *testing.T, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		if got = b.text(t, "#count"); got == want {
			return
		}
	}
	t.Fatalf("count = %q, want %q", got, want)
}

const shownRows = `Array.from(document.querySelectorAll("#rows tr.row"))`

// matches is the search the page offers, written from its description:
// case-insensitive, over the check, the resource, the account, the region
// and the message.
func matches(q string) func(f finding.Finding) bool {
	q = strings.ToLower(q)
	return func(f finding.Finding) bool {
		return strings.Contains(strings.ToLower(strings.Join([]string{f.CheckID, f.Title, f.ResourceType, f.ResourceID,
			f.ResourceARN, f.Account, f.Region, f.Message, f.MuteReason}, "\n")), q)
	}
}

func count(r *report.Report, keep func(f finding.Finding) bool) int {
	n := 0
	for _, f := range r.Findings {
		if keep(f) {
			n++
		}
	}
	return n
}

func TestBrowser(t *testing.T) {
	r := demoReport()
	withPathAndMute(r)
	b := newBrowser(t)
	b.open(t, r)
	total := len(r.Findings)
	notPass := func(f finding.Finding) bool { return f.Status != finding.Pass }

	t.Run("default shows what needs attention", func(t *testing.T) {
		b.waitCount(t, fmt.Sprintf("%d of %d findings", count(r, notPass), total))
		if got := b.strings(t, shownRows+`.map(r => r.children[0].textContent)`); len(got) != 100 || got[0] != "critical" {
			t.Errorf("first page: %d rows, first severity %q; want 100 rows, critical first", len(got), got[0])
		}
	})

	t.Run("filter by severity", func(t *testing.T) {
		for _, sev := range []string{"high", "medium", "low", "info"} {
			b.do(t, chromedp.Click(chromedp.CSS(`input[name=severity][value=`+sev+`]`)))
		}
		want := count(r, func(f finding.Finding) bool { return notPass(f) && f.Severity == finding.Critical })
		b.waitCount(t, fmt.Sprintf("%d of %d findings", want, total))
		for _, s := range b.strings(t, shownRows+`.map(r => r.children[0].textContent)`) {
			if s != "critical" {
				t.Errorf("severity %q shown under a critical-only filter", s)
			}
		}
		for _, sev := range []string{"high", "medium", "low", "info"} {
			b.do(t, chromedp.Click(chromedp.CSS(`input[name=severity][value=`+sev+`]`)))
		}
		b.waitCount(t, fmt.Sprintf("%d of %d findings", count(r, notPass), total))
	})

	t.Run("filter by text", func(t *testing.T) {
		target := r.Findings[len(r.Findings)/3] // any resource of the estate
		b.do(t, chromedp.Click(chromedp.CSS(`input[name=status][value=pass]`)))
		b.do(t, chromedp.SendKeys(chromedp.CSS("#q"), target.ResourceID))
		want := count(r, matches(target.ResourceID))
		b.waitCount(t, fmt.Sprintf("%d of %d findings", want, total))
		b.set(t, "q", "", "input")
		b.waitCount(t, fmt.Sprintf("%d of %d findings", total, total))
	})

	t.Run("sort by check", func(t *testing.T) {
		b.do(t, chromedp.Click(chromedp.CSS(`th[data-sort=check] button`)))
		ids := b.strings(t, shownRows+`.map(r => r.querySelector(".check-id").textContent)`)
		if !slices.IsSorted(ids) || len(ids) == 0 {
			t.Errorf("ascending sort by check gives %v", ids)
		}
		b.do(t, chromedp.Click(chromedp.CSS(`th[data-sort=check] button`)))
		desc := b.strings(t, shownRows+`.map(r => r.querySelector(".check-id").textContent)`)
		slices.Reverse(desc)
		if !slices.IsSorted(desc) || len(desc) == 0 {
			t.Errorf("descending sort by check gives %v", desc)
		}
		var all []string
		for _, f := range r.Findings {
			all = append(all, f.CheckID)
		}
		slices.Sort(all)
		if top := desc[len(desc)-1]; len(desc) > 0 && top != all[len(all)-1] {
			t.Errorf("descending sort starts with %s, want %s", top, all[len(all)-1])
		}
		if s := b.strings(t, `[document.querySelector("th[data-sort=check]").getAttribute("aria-sort")]`); s[0] != "descending" {
			t.Errorf("aria-sort = %q", s[0])
		}
	})

	t.Run("muted and detail", func(t *testing.T) {
		b.set(t, "muted", "only", "change")
		b.waitCount(t, fmt.Sprintf("1 of %d findings", total))
		b.do(t, chromedp.Click(chromedp.CSS(`#rows tr.row`)))
		detail := b.text(t, "#rows tr.detail")
		muted := r.Findings[slices.IndexFunc(r.Findings, func(f finding.Finding) bool { return f.Muted })]
		for _, want := range []string{"Evidence", muted.Evidence[0].Field, "Remediation", "Muted", muted.MuteReason} {
			if !strings.Contains(detail, want) {
				t.Errorf("detail row lacks %q:\n%s", want, detail)
			}
		}
		// The keyboard closes it again.
		b.do(t, chromedp.Focus(chromedp.CSS(`#rows tr.row`)), chromedp.KeyEvent("\r"))
		if n := len(b.strings(t, `Array.from(document.querySelectorAll("#rows tr.detail")).map(r => "")`)); n != 0 {
			t.Errorf("Enter on an open row left %d detail rows", n)
		}
		if badge := b.text(t, "#rows tr.row .badge.mute"); !strings.EqualFold(badge, "muted") {
			t.Errorf("muted badge %q", badge)
		}
		b.set(t, "muted", "", "change")
	})

	t.Run("service chart filters", func(t *testing.T) {
		// Every status is shown since the text filter's test.
		b.do(t, chromedp.Click(chromedp.CSS(`a[data-service="s3"]`)))
		want := count(r, func(f finding.Finding) bool { return f.Service == "s3" })
		b.waitCount(t, fmt.Sprintf("%d of %d findings", want, total))
		b.set(t, "service", "", "change")
		b.waitCount(t, fmt.Sprintf("%d of %d findings", total, total))
	})

	t.Run("pages", func(t *testing.T) {
		b.do(t, chromedp.Click(chromedp.CSS("#next")))
		want := fmt.Sprintf("page 2 of %d", (total+99)/100)
		if got := b.text(t, "#page"); got != want {
			t.Errorf("after next: %q, want %q", got, want)
		}
	})

	t.Run("attack path drawn", func(t *testing.T) {
		boxes := b.strings(t, `Array.from(document.querySelectorAll("#paths .step .name")).map(e => e.textContent)`)
		if diff := slices.Compare(boxes, []string{"internet", "i-1", "customer-data"}); diff != 0 {
			t.Errorf("path boxes %v", boxes)
		}
	})

	if p := b.problems(t); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
	// The console check itself must be able to fail.
	b.do(t, chromedp.Evaluate[chromedp.Void](`console.error("probe")`))
	if p := b.problems(t); len(p) != 1 {
		t.Errorf("console probe: got %v, want the one probe error", p)
	}
}

// TestBrowserLargeReport loads 100,000 findings and reports the time from
// navigation to the first rendered page. It asserts the page works, not a
// time: the figure is logged (go test -v) and printed by bench/report.
func TestBrowserLargeReport(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 findings in a browser (-short)")
	}
	r := replicate(demoReport(), 100_000)
	b := newBrowser(t)
	start := time.Now()
	b.open(t, r)
	loaded := time.Since(start)
	ms, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`window.awssecFirstRenderMs`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100,000 findings: first page rendered %.0f ms after navigation start (%v until ready as seen by the test)", ms, loaded.Round(time.Millisecond))
	want := count(r, func(f finding.Finding) bool { return f.Status != finding.Pass })
	b.waitCount(t, fmt.Sprintf("%d of %d findings", want, len(r.Findings)))
	if n := len(b.strings(t, shownRows+`.map(r => "")`)); n != 100 {
		t.Errorf("first page has %d rows, want 100", n)
	}
	// The evidence is parsed when the first row opens.
	b.do(t, chromedp.Click(chromedp.CSS(`#rows tr.row`)))
	if d := b.text(t, "#rows tr.detail"); !strings.Contains(d, "Evidence") {
		t.Errorf("first row's detail has no evidence:\n%s", d)
	}
	q := r.Findings[len(r.Findings)-1].ResourceID
	b.do(t, chromedp.SendKeys(chromedp.CSS("#q"), q))
	b.waitCount(t, fmt.Sprintf("%d of %d findings", count(r, func(f finding.Finding) bool { return f.Status != finding.Pass && matches(q)(f) }), len(r.Findings)))
	if p := b.problems(t); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
}
