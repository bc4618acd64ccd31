package cmdutil

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awssec/awssec/internal/iostreams"
)

func TestWriteOutput(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	f := &Factory{IOStreams: ios}
	say := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteOutput(f, "-", say("to stdout")); err != nil || out.String() != "to stdout" {
		t.Errorf("stdout: %v %q", err, out)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := WriteOutput(f, path, say("first")); err != nil {
		t.Fatal(err)
	}
	// A failed write leaves the previous report, and no temporary file.
	if err := WriteOutput(f, path, func(io.Writer) error { return os.ErrInvalid }); err == nil {
		t.Error("a failed write succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// A device is written in place, never replaced by a file.
	if err := WriteOutput(f, os.DevNull, say("discarded")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s became a regular file", os.DevNull)
	}
	if err := WriteOutput(f, t.TempDir(), say("x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory: %v", err)
	}
}
