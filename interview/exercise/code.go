package exercise

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/go-json-experiment/json"
)

// Limits of a candidate's program: it is stopped past them and reported.
// Variables so that tests of a looping program need not wait a minute.
var (
	codeWallTime = 60 * time.Second
	codeCPUTime  = 30 // seconds
)

const (
	codeMemory  = 2 << 30   // bytes of address space
	maxCodeSize = 256 << 10 // bytes of source
	maxOutput   = 64 << 20  // bytes the harness may print
)

func codeExercises() []*Exercise {
	return []*Exercise{{
		ID: "nearest-number", Title: "The nearest number in a sorted list", Kind: "code", Seed: "nearest-number",
		Prompt: "Given a list of integers sorted in non-decreasing order and a target, return the target if it is in\n" +
			"the list, otherwise the list's number nearest to it (on a tie, either neighbour is accepted). An empty\n" +
			"list has no answer.\n\n" +
			"Python: def nearest(nums, target) -> int | None  (in a .py file)\n" +
			"Go:     func Nearest(nums []int, target int) (int, bool)  (in a .go file; false for an empty list)\n\n" +
			"The hidden tests include duplicates, negative numbers, targets outside the list and lists of a million\n" +
			"numbers. Your program runs without network access, with a time and memory limit.",
		Answer: "a .py file defining nearest, or a .go file defining Nearest",
		grade:  gradeNearest,
	}}
}

// nearestCase is one hidden test.
type nearestCase struct {
	name   string
	Nums   []int `json:"nums"`
	Target int   `json:"target"`
}

// accepted returns the answers a correct solution may give; empty for no
// answer.
func (c nearestCase) accepted() []int {
	if len(c.Nums) == 0 {
		return nil
	}
	i, found := slices.BinarySearch(c.Nums, c.Target)
	if found {
		return []int{c.Target}
	}
	var cands []int
	if i > 0 {
		cands = append(cands, c.Nums[i-1])
	}
	if i < len(c.Nums) {
		cands = append(cands, c.Nums[i])
	}
	best := cands[0]
	for _, v := range cands[1:] {
		if abs(v-c.Target) < abs(best-c.Target) {
			best = v
		}
	}
	var out []int
	for _, v := range cands {
		if abs(v-c.Target) == abs(best-c.Target) {
			out = append(out, v)
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// nearestCases are the hidden tests, the same on every run.
func nearestCases() []nearestCase {
	cases := []nearestCase{
		{name: "target present", Nums: []int{1, 3, 5, 7}, Target: 5},
		{name: "between two, nearer the left", Nums: []int{1, 3, 8, 12}, Target: 4},
		{name: "between two, nearer the right", Nums: []int{1, 3, 8, 12}, Target: 7},
		{name: "a tie", Nums: []int{2, 4}, Target: 3},
		{name: "below the first", Nums: []int{10, 20, 30}, Target: -5},
		{name: "above the last", Nums: []int{10, 20, 30}, Target: 99},
		{name: "one element", Nums: []int{42}, Target: 7},
		{name: "empty list", Nums: []int{}, Target: 3},
		{name: "duplicates", Nums: []int{1, 1, 1, 4, 4, 9}, Target: 3},
		{name: "negative numbers", Nums: []int{-20, -11, -3, 0}, Target: -7},
		{name: "all equal", Nums: []int{5, 5, 5, 5}, Target: 6},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n, name := range map[int]string{1_000_000: "a million numbers", 200_001: "two hundred thousand numbers"} {
		nums := make([]int, n)
		v := -n
		for i := range nums {
			v += rng.IntN(5) // steps of 0 make duplicates
			nums[i] = v
		}
		cases = append(cases,
			nearestCase{name: name + ", target absent", Nums: nums, Target: nums[n/3] + 1},
			nearestCase{name: name + ", target present", Nums: nums, Target: nums[2*n/3]},
			nearestCase{name: name + ", target past the end", Nums: nums, Target: nums[n-1] + 1000})
	}
	slices.SortStableFunc(cases, func(a, b nearestCase) int { return len(a.Nums) - len(b.Nums) })
	return cases
}

func gradeNearest(name string, answer []byte) (*Result, error) {
	if len(answer) > maxCodeSize {
		return nil, fmt.Errorf("%s: %d bytes is more than a solution may have (%d)", name, len(answer), maxCodeSize)
	}
	dir, err := os.MkdirTemp("", "awssec-exercise-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var cmd []string
	switch filepath.Ext(name) {
	case ".py":
		if cmd, err = pythonHarness(dir, answer); err != nil {
			return nil, err
		}
	case ".go":
		if cmd, err = goHarness(dir, name, answer); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s: write the solution in a .py or .go file", name)
	}
	cases := nearestCases()
	var in bytes.Buffer
	for _, c := range cases {
		b, _ := json.Marshal(c)
		in.Write(b)
		in.WriteByte('\n')
	}
	out, runErr := sandboxed(dir, cmd, &in)
	if errors.Is(runErr, errNoSandbox) || errors.Is(runErr, exec.ErrNotFound) {
		return nil, runErr
	}
	type reply struct {
		Value *int   `json:"value"`
		Error string `json:"error"`
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	r := &Result{}
	for _, c := range cases {
		check := Check{Name: c.name}
		var rep reply
		switch {
		case !sc.Scan():
			check.Detail = "no answer: " + describeRunError(runErr)
		case json.Unmarshal(sc.Bytes(), &rep) != nil:
			check.Detail = fmt.Sprintf("unreadable answer %.80q", sc.Text())
		case rep.Error != "":
			check.Detail = "raised " + rep.Error
		default:
			want := c.accepted()
			switch {
			case len(want) == 0 && rep.Value == nil:
				check.OK = true
			case len(want) == 0:
				check.Detail = fmt.Sprintf("returned %d for an empty list; want no answer", *rep.Value)
			case rep.Value == nil:
				check.Detail = fmt.Sprintf("returned no answer; want %s", orList(want))
			case slices.Contains(want, *rep.Value):
				check.OK = true
			default:
				check.Detail = fmt.Sprintf("returned %d; want %s", *rep.Value, orList(want))
			}
		}
		r.Checks = append(r.Checks, check)
	}
	return r.score(), nil
}

func orList(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, " or ")
}

func describeRunError(err error) string {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return "the program stopped early"
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("stopped after %s (too slow, or it loops)", codeWallTime)
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("killed by %s (time or memory limit)", ws.Signal())
		}
		return fmt.Sprintf("it exited with status %d: %s", exit.ExitCode(), lastLine(exit.Stderr))
	}
	return err.Error()
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

const pythonHarnessSource = `import json, resource, sys, importlib.util
spec = importlib.util.spec_from_file_location("solution", sys.argv[1])
solution = importlib.util.module_from_spec(spec)
spec.loader.exec_module(solution)
sys.setrecursionlimit(10000)
for line in sys.stdin:
    case = json.loads(line)
    try:
        value = solution.nearest(case["nums"], case["target"])
        if value is not None and not isinstance(value, int):
            print(json.dumps({"error": "TypeError: returned %r, not an int or None" % (value,)}))
        else:
            print(json.dumps({"value": value}))
    except Exception as e:
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
    sys.stdout.flush()
`

func pythonHarness(dir string, answer []byte) ([]string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, errors.New("python3 is not installed: it runs Python solutions")
	}
	if err := os.WriteFile(filepath.Join(dir, "solution.py"), answer, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "harness.py"), []byte(pythonHarnessSource), 0o600); err != nil {
		return nil, err
	}
	// -I: isolated mode, no user site-packages or environment influence.
	return []string{py, "-I", filepath.Join(dir, "harness.py"), filepath.Join(dir, "solution.py")}, nil
}

const goHarnessSource = `package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		var c struct {
			Nums   []int ` + "`json:\"nums\"`" + `
			Target int   ` + "`json:\"target\"`" + `
		}
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(out, ` + "`{\"error\":\"bad input\"}`" + `)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					b, _ := json.Marshal(map[string]string{"error": fmt.Sprint("panic: ", r)})
					fmt.Fprintln(out, string(b))
				}
			}()
			v, ok := Nearest(c.Nums, c.Target)
			if ok {
				fmt.Fprintf(out, "{\"value\":%d}\n", v)
			} else {
				fmt.Fprintln(out, ` + "`{\"value\":null}`" + `)
			}
		}()
		out.Flush()
	}
}
`

// goHarness compiles the solution with a harness of ours into a binary,
// outside the sandbox (the compiler needs no network: there are no
// dependencies to fetch).
func goHarness(dir, name string, answer []byte) ([]string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, errors.New("the Go toolchain is not installed: it builds Go solutions")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, answer, 0)
	if err != nil {
		return nil, err
	}
	if !hasNearest(f) {
		return nil, fmt.Errorf("%s: no func Nearest(nums []int, target int) (int, bool)", name)
	}
	f.Name.Name = "main"
	var src bytes.Buffer
	if err := format.Node(&src, fset, f); err != nil {
		return nil, err
	}
	files := map[string]string{"solution.go": src.String(), "harness.go": goHarnessSource, "go.mod": "module solution\n\ngo 1.22\n"}
	for n, content := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(content), 0o600); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goTool, "build", "-o", "solution", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s does not compile: %s", name, strings.TrimSpace(strings.ReplaceAll(string(out), dir+"/", "")))
	}
	return []string{filepath.Join(dir, "solution")}, nil
}

func hasNearest(f *ast.File) bool {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "Nearest" {
			return true
		}
	}
	return false
}

// sandboxed runs argv in dir with no network (a new network namespace,
// entered through a user namespace when not root), limited CPU time and
// memory, and a wall-clock timeout. It returns what the program printed.
func sandboxed(dir string, argv []string, stdin *bytes.Buffer) ([]byte, error) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		return nil, errors.New("prlimit (util-linux) is not installed: it limits the solution's time and memory")
	}
	ctx, cancel := context.WithTimeout(context.Background(), codeWallTime)
	defer cancel()
	args := append([]string{fmt.Sprintf("--as=%d", codeMemory), fmt.Sprintf("--cpu=%d", codeCPUTime), "--"}, argv...)
	run := func(attr *syscall.SysProcAttr) ([]byte, error) {
		cmd := exec.CommandContext(ctx, prlimit, args...)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(stdin.Bytes())
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "LANG=C.UTF-8"}
		var out, errOut limitedBuffer
		out.max, errOut.max = maxOutput, 64<<10
		cmd.Stdout, cmd.Stderr = &out, &errOut
		cmd.SysProcAttr = attr
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			exit.Stderr = errOut.Bytes()
		}
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return out.Bytes(), err
	}
	attr := &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		Setpgid:     true,
	}
	out, err := run(attr)
	if errors.Is(err, syscall.EPERM) && os.Getuid() == 0 {
		// Some containers forbid user namespaces; root can still enter a
		// network namespace of its own.
		out, err = run(&syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Setpgid: true})
	}
	if errors.Is(err, syscall.EPERM) {
		return nil, errNoSandbox
	}
	return out, err
}

var errNoSandbox = errors.New("cannot cut the solution off the network on this machine (user namespaces are disabled), so it is not run")

// limitedBuffer keeps at most max bytes, so a program that prints
// forever cannot exhaust memory.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room < len(p) {
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return 0, errors.New("output limit reached")
	}
	return b.Buffer.Write(p)
}
