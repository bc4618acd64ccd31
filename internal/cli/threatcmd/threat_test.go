package threatcmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/threat/diagram"
)

func factory(t *testing.T) (*cmdutil.Factory, *iostreams.IOStreams) {
	io, _, _, _ := iostreams.Test()
	return &cmdutil.Factory{IOStreams: io, Now: func() time.Time { return time.Unix(0, 0) }, ReadFile: os.ReadFile}, io
}

const modelSrc = "elements:\n  - {id: a, type: actor}\n  - {id: p, type: process}\nflows:\n  - {id: f, from: a, to: p, protocol: https}\n"

// TestNoGraphviz: without dot, SVG and HTML are usage errors that say what
// to install, and no half-written output file is left behind.
func TestNoGraphviz(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(path, []byte(modelSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{Diagram: "svg", Format: "table"}, {Format: "html"}} {
		f, io := factory(t)
		o.IO, o.Factory, o.Model = io, f, path
		o.Output = filepath.Join(dir, "out")
		o.SVG = func(context.Context, []byte) ([]byte, error) { return nil, diagram.ErrNoGraphviz }
		err := Run(context.Background(), &o)
		var ue *cmdutil.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "apt-get install graphviz") {
			t.Errorf("%+v: err = %v", o, err)
		}
		if _, err := os.Stat(o.Output); err == nil {
			t.Error("an output file was left behind")
		}
	}
}

func TestFlagCombinations(t *testing.T) {
	f, io := factory(t)
	err := Run(context.Background(), &Options{IO: io, Factory: f, Model: "m.yaml", Format: "table", Diagram: "dot", Export: "threat-dragon"})
	if err == nil || !strings.Contains(err.Error(), "cannot be used together") {
		t.Errorf("err = %v", err)
	}
}
