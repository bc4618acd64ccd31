package scan

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

var update = flag.Bool("update", false, "rewrite golden files")

var fixedNow = func() time.Time { return time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC) }

// scanDemo runs scan on the demo estate with the given format and terminal
// setting, and returns stdout and stderr.
func scanDemo(t *testing.T, format string, tty, color bool) (string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(tty)
	if color {
		ios.ForceColor()
	}
	f := &cmdutil.Factory{IOStreams: ios, Now: fixedNow, ReadFile: os.ReadFile}
	opts := &Options{IO: ios, Factory: f, Now: fixedNow, Demo: true, Format: format}
	if err := Run(t.Context(), opts); err != nil && cmdutil.ExitCode(err) == cmdutil.ExitUsage {
		t.Fatalf("scan: %v", err)
	}
	return out.String(), errOut.String()
}

// versionLine hides the build's version so goldens do not change with it.
var versionLine = regexp.MustCompile(`"version": "[^"]*"`)

func golden(t *testing.T, name, got string) {
	t.Helper()
	got = versionLine.ReplaceAllString(got, `"version": "VERSION"`)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli/scan -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is right, run go test ./internal/cli/scan -update:\n%s", path, diff)
	}
}

// TestDemoGoldens pins every output format of the demo scan.
func TestDemoGoldens(t *testing.T) {
	for _, tc := range []struct {
		name, format string
		tty          bool
	}{
		{"demo.table.golden", "table", true},
		{"demo.tsv.golden", "table", false},
		{"demo.json.golden", "json", false},
		{"demo.csv.golden", "csv", false},
		{"demo.sarif.golden", "sarif", false},
		{"demo.ocsf.golden", "ocsf", false},
		{"demo.asff.golden", "asff", false},
		{"demo.html.golden", "html", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := scanDemo(t, tc.format, tc.tty, false)
			golden(t, tc.name, out)
		})
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	plain, _ := scanDemo(t, "table", true, false)
	if strings.Contains(plain, "\x1b[") {
		t.Error("terminal table without colour carries escape codes")
	}
	coloured, _ := scanDemo(t, "table", true, true)
	if !strings.Contains(coloured, "\x1b[1;31mHIGH") {
		t.Error("coloured table has no coloured severity heading")
	}
	tsv, _ := scanDemo(t, "table", false, true)
	if strings.Contains(tsv, "\x1b[") {
		t.Error("output to a pipe carries escape codes")
	}
}

func TestSummaryGoesToStderrWhenPiped(t *testing.T) {
	out, errOut := scanDemo(t, "table", false, false)
	if strings.Contains(out, "results:") {
		t.Error("summary line on stdout of a pipe")
	}
	if !strings.Contains(errOut, "results:") {
		t.Errorf("no summary line on stderr: %q", errOut)
	}
	tty, _ := scanDemo(t, "table", true, false)
	if !bytes.Contains([]byte(tty), []byte("results:")) {
		t.Error("no summary line under the terminal table")
	}
}
