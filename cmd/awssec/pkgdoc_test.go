package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryPackageHasOneDocComment walks the module: each package must say
// what it is for, in exactly one file.
func TestEveryPackageHasOneDocComment(t *testing.T) {
	root := filepath.Join("..", "..")
	docs := map[string][]string{} // dir → files with a package comment
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		seen[dir] = true
		if f.Doc != nil {
			docs[dir] = append(docs[dir], filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range seen {
		switch n := len(docs[dir]); {
		case n == 0:
			t.Errorf("package %s has no doc comment", dir)
		case n > 1:
			t.Errorf("package %s has %d doc comments (%s); keep one", dir, n, strings.Join(docs[dir], ", "))
		}
	}
}

// TestCoreNeverTouchesTheNetwork guards the promise that checks, the
// inventory, the demo, the reports and the analyses over them (attack
// paths, compliance views, mutelists, diffs, threat models, the interview
// bank and scheduler) are pure: no AWS SDK, no HTTP.
func TestCoreNeverTouchesTheNetwork(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps",
		"github.com/awssec/awssec/checks", "github.com/awssec/awssec/inventory",
		"github.com/awssec/awssec/demo", "github.com/awssec/awssec/report",
		"github.com/awssec/awssec/finding", "github.com/awssec/awssec/policy",
		"github.com/awssec/awssec/attackpath", "github.com/awssec/awssec/compliance", "github.com/awssec/awssec/mutelist",
		"github.com/awssec/awssec/scandiff", "github.com/awssec/awssec/report/sarif", "github.com/awssec/awssec/report/html",
		"github.com/awssec/awssec/report/ocsf", "github.com/awssec/awssec/report/asff", "github.com/awssec/awssec/threat",
		"github.com/awssec/awssec/threat/model", "github.com/awssec/awssec/interview/bank", "github.com/awssec/awssec/interview/fsrs").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || strings.HasPrefix(dep, "github.com/aws/") {
			t.Errorf("a core package depends on %s", dep)
		}
	}
}
