package iamcmd

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/lint"
	"github.com/awssec/awssec/iam/policy"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// LintOptions are the inputs of `awssec iam lint`.
type LintOptions struct {
	IO       *iostreams.IOStreams
	ReadFile func(name string) ([]byte, error)
	Files    []string
	Type     string // a policy.Kind name; "" guesses per file
	Format   string
}

// NewCmdLint builds `awssec iam lint`. runF replaces the run in tests.
func NewCmdLint(f *cmdutil.Factory, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: f.IOStreams, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "lint <policy.json>...",
		Short: "Check IAM policies for errors, security warnings and privilege escalation",
		Long: "Check IAM policies as IAM Access Analyzer's policy validation does, and further: errors\n" +
			"(what IAM rejects or never matches), security warnings (grants wider than they look),\n" +
			"warnings, suggestions, risky grants and privilege-escalation methods. Each finding has\n" +
			"its file:line:col, class, severity, check id, message and fix.\n\n" +
			"--type says what the policy is (identity, resource, trust, scp, rcp, boundary, session);\n" +
			"without it the type is guessed: a policy naming principals is a trust policy when it only\n" +
			"grants sts:AssumeRole…, a resource policy otherwise; any other is an identity policy.\n\n" +
			"--format json prints the findings as an array; --format sarif as SARIF 2.1.0, for code\n" +
			"scanning. With either, a policy that does not parse is a finding too (id iam-parse-error).\n\n" +
			"Exit status: 0 when no finding is of class error or security-warning (warnings and\n" +
			"suggestions do not fail), 1 when one is, 2 for bad input (a policy that does not parse).",
		Example: "  awssec iam lint policy.json\n" +
			"  awssec iam lint --type trust trust-policy.json\n" +
			"  awssec iam lint --format sarif policies/*.json > iam.sarif",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.Usagef("give one or more policy files, for example: awssec iam lint policy.json")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return runLint(opts)
		},
	}
	kinds := make([]string, 0, 7)
	for _, k := range policy.Kinds() {
		kinds = append(kinds, k.String())
	}
	cmd.Flags().StringVarP(&opts.Type, "type", "t", "", "policy type: "+strings.Join(kinds, ", ")+" (default: guessed)")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json, sarif")
	return cmd
}

// parseErrorID is the id of the finding a policy that does not parse
// becomes with --format json or sarif.
const parseErrorID = "iam-parse-error"

// lintFinding is a finding with the file it is in: the JSON form.
type lintFinding struct {
	File      string           `json:"file"`
	Line      int              `json:"line"`
	Column    int              `json:"column"`
	Statement int              `json:"statement"` // 0-based; -1 for the document
	ID        string           `json:"id"`
	Class     lint.Class       `json:"class"`
	Severity  finding.Severity `json:"severity"`
	Message   string           `json:"message"`
	Fix       string           `json:"fix,omitzero"`
}

// lintedFile is one file's outcome, for the text summary.
type lintedFile struct {
	name     string
	kind     policy.Kind
	findings []lintFinding
}

func runLint(opts *LintOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json", "sarif"}); err != nil {
		return err
	}
	var kind policy.Kind
	if opts.Type != "" {
		k, err := policy.ParseKind(opts.Type)
		if err != nil {
			return cmdutil.Usagef("--type: %v", err)
		}
		kind = k
	}
	var (
		files    []lintedFile
		parseErr error // the first policy that did not parse
	)
	for _, name := range opts.Files {
		read := opts.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		data, err := read(name)
		if err != nil {
			return cmdutil.Usagef("%v", err)
		}
		p, err := policy.Parse(name, data)
		if err != nil {
			// Text reports it as the error it is; JSON and SARIF also as
			// a finding, so that a scanning pipeline shows it in place.
			if opts.Format == "text" {
				return &cmdutil.UsageError{Err: err}
			}
			if parseErr == nil {
				parseErr = err
			}
			files = append(files, lintedFile{name: name, findings: []lintFinding{parseFinding(name, err)}})
			continue
		}
		k := kind
		if k == 0 {
			k = lint.GuessKind(p)
		}
		lf := lintedFile{name: name, kind: k, findings: []lintFinding{}}
		for _, f := range lint.Lint(p, k) {
			lf.findings = append(lf.findings, lintFinding{File: name, Line: f.Pos.Line, Column: f.Pos.Col, Statement: f.Statement,
				ID: f.ID, Class: f.Class, Severity: f.Severity, Message: f.Message, Fix: f.Fix})
		}
		files = append(files, lf)
	}
	var all []lintFinding
	failing := 0
	for _, f := range files {
		for _, x := range f.findings {
			all = append(all, x)
			if x.Class == lint.Error || x.Class == lint.SecurityWarning {
				failing++
			}
		}
	}
	var err error
	switch opts.Format {
	case "json":
		if all == nil {
			all = []lintFinding{}
		}
		err = writeLintJSON(opts.IO.Out, all)
	case "sarif":
		err = writeLintJSON(opts.IO.Out, newSARIF(all))
	default:
		err = writeLintText(opts.IO.Out, files)
	}
	switch {
	case err != nil:
		return err
	case parseErr != nil:
		return &cmdutil.UsageError{Err: parseErr}
	case failing > 0:
		s := "s"
		if failing == 1 {
			s = ""
		}
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d finding%s of class error or security-warning", failing, s)}
	}
	return nil
}

// parseFinding is a parse error as a finding, at its position.
func parseFinding(name string, err error) lintFinding {
	f := lintFinding{File: name, Statement: -1, ID: parseErrorID, Class: lint.Error, Severity: finding.High, Message: err.Error(),
		Fix: "make the document a valid IAM policy: JSON with Version and Statement, each statement with Effect, Action and Resource"}
	var pe *policy.ParseError
	if errors.As(err, &pe) {
		f.Line, f.Column, f.Message = pe.Line, pe.Column, pe.Err.Error()
	}
	return f
}

func writeLintJSON(w io.Writer, v any) error {
	if err := json.MarshalWrite(w, v, jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeLintText prints each finding on one line, its fix on the next, and
// a summary line per file.
func writeLintText(w io.Writer, files []lintedFile) error {
	var b strings.Builder
	for _, f := range files {
		counts := map[lint.Class]int{}
		for _, x := range f.findings {
			counts[x.Class]++
			fmt.Fprintf(&b, "%s:%d:%d: %s %s %s: %s\n", x.File, x.Line, x.Column, x.Class, x.Severity, x.ID, x.Message)
			if x.Fix != "" {
				fmt.Fprintf(&b, "    fix: %s\n", x.Fix)
			}
		}
		fmt.Fprintf(&b, "%s: %s as %s policy", f.name, lintPlural(len(f.findings), "finding"), lintArticle(f.kind))
		if len(f.findings) > 0 {
			var parts []string
			for _, c := range []lint.Class{lint.Error, lint.SecurityWarning, lint.Warning, lint.Suggestion} {
				if n := counts[c]; n > 0 {
					parts = append(parts, lintPlural(n, strings.ReplaceAll(string(c), "-", " ")))
				}
			}
			b.WriteString(" (" + strings.Join(parts, ", ") + ")")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func lintPlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if n == 0 {
		return "no " + word + "s"
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// article names a kind with its article: "an identity", "a trust".
func lintArticle(k policy.Kind) string {
	s := k.String()
	if k == policy.SCP || k == policy.RCP {
		s = strings.ToUpper(s)
	}
	if strings.ContainsAny(s[:1], "aeiouAEIOU") {
		return "an " + s
	}
	return "a " + s
}

// SARIF 2.1.0, the parts awssec writes: one run, its tool's rules (every
// lint check, and the parse error) and the results.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

// sarifProperties carry awssec's class and severity, and the numeric
// security-severity GitHub code scanning ranks security results by.
type sarifProperties struct {
	Class            lint.Class       `json:"class"`
	Severity         finding.Severity `json:"severity"`
	SecuritySeverity string           `json:"security-severity"`
	Tags             []string         `json:"tags"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// Properties hold the finding's own severity (a conditional grant
	// lowers the check's) and its fix.
	Properties sarifResultProperties `json:"properties"`
}

type sarifResultProperties struct {
	Severity finding.Severity `json:"severity"`
	Fix      string           `json:"fix,omitzero"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

// sarifLevel maps a class to a SARIF level. Security warnings are
// "error", as they fail the run as errors do.
func sarifLevel(c lint.Class) string {
	switch c {
	case lint.Error, lint.SecurityWarning:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric scale: critical ≥ 9, high ≥ 7,
// medium ≥ 4, low above 0.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "9.5"
	case finding.High:
		return "8.0"
	case finding.Medium:
		return "5.5"
	case finding.Low:
		return "3.0"
	}
	return "1.0"
}

func newSARIF(findings []lintFinding) sarifLog {
	checks := lint.Checks()
	driver := sarifDriver{Name: "awssec", InformationURI: "https://github.com/awssec/awssec", Rules: make([]sarifRule, 0, len(checks)+1)}
	index := map[string]int{}
	addRule := func(id, title, explanation string, class lint.Class, sev finding.Severity) {
		index[id] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{ID: id, ShortDescription: sarifText{title}, FullDescription: sarifText{explanation},
			DefaultConfiguration: sarifConfig{sarifLevel(class)},
			Properties:           sarifProperties{Class: class, Severity: sev, SecuritySeverity: securitySeverity(sev), Tags: []string{"security", "iam"}}})
	}
	addRule(parseErrorID, "The policy does not parse", "The document is not JSON, or not an IAM policy: IAM rejects it, and nothing else can be checked.",
		lint.Error, finding.High)
	for _, c := range checks {
		addRule(c.ID, c.Title, c.Explanation, c.Class, c.Severity)
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		if _, ok := index[f.ID]; !ok {
			// A check Checks does not list (should not happen): a rule of
			// its own rather than a wrong index.
			addRule(f.ID, f.ID, f.Message, f.Class, f.Severity)
		}
		msg := f.Message
		if f.Fix != "" {
			msg += " Fix: " + f.Fix
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(f.File)}}}
		if f.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: max(f.Column, 1)}
		}
		results = append(results, sarifResult{RuleID: f.ID, RuleIndex: index[f.ID], Level: sarifLevel(f.Class), Message: sarifText{msg},
			Locations: []sarifLocation{loc}, Properties: sarifResultProperties{Severity: f.Severity, Fix: f.Fix}})
	}
	return sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0",
		Runs: []sarifRun{{Tool: sarifTool{driver}, Results: results}}}
}

// sarifURI makes a path a URI reference: relative paths stay relative (to
// the directory the scan ran in), absolute ones become file:// URIs.
func sarifURI(path string) string {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}
