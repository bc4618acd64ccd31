package iamcmd

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/internal/jsonerr"
)

// EvalOptions are the inputs of `awssec iam eval`.
type EvalOptions struct {
	IO *iostreams.IOStreams
	// ReadFile reads policy and request files (the Factory's).
	ReadFile func(name string) ([]byte, error)

	Policies       []string // identity policies
	ResourcePolicy string
	SCPs           []string // one level each: a file, or a directory of .json files
	RCPs           []string // likewise
	Boundary       string
	Sessions       []string

	Action          string
	Resource        string
	Principal       string
	ResourceAccount string
	Context         []string // key=value, repeatable

	// Requests is a JSON Lines file of requests ("-" for stdin); it
	// replaces Action, Resource, Principal and Context.
	Requests string
	Format   string
	// formatSet records that --format was given (with --requests only
	// JSON lines are written).
	formatSet bool
}

// NewCmdEval builds `awssec iam eval`. runF replaces the run in tests.
func NewCmdEval(f *cmdutil.Factory, runF func(*EvalOptions) error) *cobra.Command {
	opts := &EvalOptions{IO: f.IOStreams, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "eval --policy FILE... --action ACTION --resource ARN [flags]",
		Short: "Decide an IAM request against policies, with the statements that decided",
		Long: "Decide whether a request is allowed, as AWS does: an explicit deny anywhere wins; every\n" +
			"SCP and RCP level must allow; then the resource policy, identity policies, permissions\n" +
			"boundary and session policies, with the same-account and cross-account rules. Prints the\n" +
			"decision (allow, explicit-deny, implicit-deny), the statements that decided it with their\n" +
			"file:line:col, and the reason.\n\n" +
			"--scp and --rcp are given once per level of the organization, root first: a file is a level\n" +
			"with one policy, a directory is a level with every .json file in it. Every level must allow.\n\n" +
			"--context key=value sets a condition key; give a key twice for several values. A value the\n" +
			"key's type (from the service catalogue) or a condition on it cannot read is refused.\n" +
			"Without --principal the caller is an IAM user of the resource's account (or 111122223333);\n" +
			"--principal '*' is an anonymous caller.\n\n" +
			"--requests FILE (\"-\" for stdin) decides many requests: one JSON object per line,\n" +
			"{\"action\", \"resource\", \"principal\", \"resourceAccount\", \"context\": {key: value or [values]}},\n" +
			"and prints one JSON decision per line, with the input's line number.\n\n" +
			"Exit status: 0 when allowed (every request, with --requests), 1 when denied, 2 for bad input.",
		Example: "  awssec iam eval --policy id.json --action s3:GetObject --resource arn:aws:s3:::hrbucket/Payroll/x\n" +
			"  awssec iam eval --policy id.json --boundary pb.json --scp root.json --scp ou/ \\\n" +
			"      --action s3:GetObject --resource arn:aws:s3:::hrbucket/Payroll/x \\\n" +
			"      --principal arn:aws:iam::111122223333:user/alice --context aws:MultiFactorAuthPresent=false --format json\n" +
			"  awssec iam eval --policy id.json --requests requests.jsonl",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.formatSet = cmd.Flags().Changed("format")
			if runF != nil {
				return runF(opts)
			}
			return runEval(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Policies, "policy", nil, "identity policy `file` of the principal (repeatable)")
	fl.StringVar(&opts.ResourcePolicy, "resource-policy", "", "resource-based policy `file`: bucket, key or trust policy")
	fl.StringArrayVar(&opts.SCPs, "scp", nil, "SCPs of one organization level, root first: a `file` or a directory of .json files (repeatable)")
	fl.StringArrayVar(&opts.RCPs, "rcp", nil, "RCPs of one organization level, root first: a `file` or a directory (repeatable)")
	fl.StringVar(&opts.Boundary, "boundary", "", "permissions boundary `file`")
	fl.StringArrayVar(&opts.Sessions, "session-policy", nil, "session policy `file` (repeatable)")
	fl.StringVar(&opts.Action, "action", "", "the request's action, like s3:GetObject")
	fl.StringVar(&opts.Resource, "resource", "", "the request's resource ARN, or '*' for actions without one")
	fl.StringVar(&opts.Principal, "principal", "", "the caller's ARN, account id or service principal; '*' is anonymous")
	fl.StringVar(&opts.ResourceAccount, "resource-account", "", "the resource's account, when its ARN has none (S3): sets a cross-account request apart")
	fl.StringArrayVar(&opts.Context, "context", nil, "a condition key and its value, `key=value` (repeatable; a key given twice has several values)")
	fl.StringVar(&opts.Requests, "requests", "", "JSON Lines `file` of requests (\"-\" for stdin); one JSON decision per line")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

// evalDefaultAccount is the caller's account when neither --principal nor the
// resource names one: the account AWS's documentation uses.
const evalDefaultAccount = "111122223333"

func runEval(opts *EvalOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	if len(opts.Policies) == 0 && opts.ResourcePolicy == "" {
		return cmdutil.Usagef("give the policies to evaluate: --policy FILE (identity) and/or --resource-policy FILE")
	}
	if opts.Requests != "" {
		for _, f := range []struct{ name, v string }{{"action", opts.Action}, {"resource", opts.Resource},
			{"principal", opts.Principal}, {"resource-account", opts.ResourceAccount}} {
			if f.v != "" {
				return cmdutil.Usagef("--%s and --requests do not go together: each request line names its own", f.name)
			}
		}
		if len(opts.Context) > 0 {
			return cmdutil.Usagef("--context and --requests do not go together: each request line names its own")
		}
		if opts.formatSet && opts.Format != "json" {
			return cmdutil.Usagef("--requests writes one JSON decision per line; --format %s does not apply", opts.Format)
		}
	}
	ps, err := loadEvalPolicies(opts)
	if err != nil {
		return err
	}
	ev, err := eval.New(&ps.policies)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if opts.Requests != "" {
		return evalRequests(opts, ev, ps)
	}
	return evalOne(opts, ev, ps)
}

// evalPolicies are the loaded policies and, for checking context values,
// the conditions they hold, by lower-case key.
type evalPolicies struct {
	policies eval.Policies
	conds    map[string][]*evalCondUse
}

type evalCondUse struct {
	cond   *policy.Condition
	policy string
}

func loadEvalPolicies(opts *EvalOptions) (*evalPolicies, error) {
	ps := &evalPolicies{conds: map[string][]*evalCondUse{}}
	load := func(flag, path string, kind policy.Kind) (*policy.Policy, error) {
		p, err := evalLoadPolicy(opts.ReadFile, flag, path, kind)
		if err != nil {
			return nil, err
		}
		for _, s := range p.Statements {
			for _, c := range s.Condition {
				k := strings.ToLower(c.Key)
				ps.conds[k] = append(ps.conds[k], &evalCondUse{c, p.Name})
			}
		}
		return p, nil
	}
	for _, path := range opts.Policies {
		p, err := load("policy", path, policy.IdentityPolicy)
		if err != nil {
			return nil, err
		}
		ps.policies.Identity = append(ps.policies.Identity, p)
	}
	var err error
	if opts.ResourcePolicy != "" {
		if ps.policies.Resource, err = load("resource-policy", opts.ResourcePolicy, policy.ResourcePolicy); err != nil {
			return nil, err
		}
	}
	if opts.Boundary != "" {
		if ps.policies.Boundary, err = load("boundary", opts.Boundary, policy.BoundaryPolicy); err != nil {
			return nil, err
		}
	}
	for _, path := range opts.Sessions {
		p, err := load("session-policy", path, policy.SessionPolicy)
		if err != nil {
			return nil, err
		}
		ps.policies.Session = append(ps.policies.Session, p)
	}
	levels := func(flag string, paths []string, kind policy.Kind) ([][]*policy.Policy, error) {
		var out [][]*policy.Policy
		for _, path := range paths {
			files, err := levelFiles(flag, path)
			if err != nil {
				return nil, err
			}
			var level []*policy.Policy
			for _, f := range files {
				p, err := load(flag, f, kind)
				if err != nil {
					return nil, err
				}
				level = append(level, p)
			}
			out = append(out, level)
		}
		return out, nil
	}
	if ps.policies.SCPs, err = levels("scp", opts.SCPs, policy.SCP); err != nil {
		return nil, err
	}
	if ps.policies.RCPs, err = levels("rcp", opts.RCPs, policy.RCP); err != nil {
		return nil, err
	}
	return ps, nil
}

// levelFiles lists the policy files of one SCP or RCP level: the file
// itself, or the .json files of a directory in name order. An empty
// directory is an error rather than a level without policies, which
// would deny everything for a reason the user did not mean.
func levelFiles(flag, path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.IsDir() {
		// Not a directory (or not on disk): ReadFile reports what is wrong.
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, cmdutil.Usagef("--%s %s: %v", flag, path, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, cmdutil.Usagef("--%s %s: the directory holds no .json policy", flag, path)
	}
	return files, nil
}

// evalLoadPolicy reads, parses and checks one policy of a kind. The parser's
// errors are already "file:line:col: …"; Check's first problem is
// reported with a count of the others.
func evalLoadPolicy(read func(string) ([]byte, error), flag, path string, kind policy.Kind) (*policy.Policy, error) {
	if read == nil {
		read = os.ReadFile
	}
	data, err := read(path)
	if err != nil {
		return nil, cmdutil.Usagef("--%s: %v", flag, err)
	}
	p, err := policy.Parse(path, data)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	if errs := p.Check(kind); len(errs) > 0 {
		if len(errs) > 1 {
			return nil, cmdutil.Usagef("%v (and %d more problems; see awssec iam lint --type %s %s)", errs[0], len(errs)-1, kind, path)
		}
		return nil, &cmdutil.UsageError{Err: errs[0]}
	}
	return p, nil
}

// evalOne decides the request the flags describe.
func evalOne(opts *EvalOptions, ev *eval.Evaluator, ps *evalPolicies) error {
	if opts.Action == "" {
		return cmdutil.Usagef("give the request's action: --action s3:GetObject (or --requests FILE)")
	}
	if opts.Resource == "" {
		return cmdutil.Usagef("give the request's resource: --resource ARN, or --resource '*' for an action without one")
	}
	if err := checkRequestAction(opts.Action); err != nil {
		return cmdutil.Usagef("--action %s", err)
	}
	if err := checkRequestResource(opts.Resource); err != nil {
		return cmdutil.Usagef("--resource %s", err)
	}
	if err := checkRequestPrincipal(opts.Principal); err != nil {
		return cmdutil.Usagef("--principal %s", err)
	}
	if opts.ResourceAccount != "" && !evalIsAccount(opts.ResourceAccount) {
		return cmdutil.Usagef("--resource-account %q: an account id has 12 digits", opts.ResourceAccount)
	}
	if _, ok := catalog.Action(opts.Action); !ok {
		// Not an error: the catalogue may lag AWS, and a policy can name
		// any action. But a typo decides "implicit-deny" silently.
		fmt.Fprintf(opts.IO.ErrOut, "awssec: warning: --action %s is not in the service catalogue (%s)\n", opts.Action, catalog.Source())
	}
	ctx, err := parseContextFlags(opts.Context, ps.checkContextValue)
	if err != nil {
		return err
	}
	req := &eval.Request{Action: opts.Action, Resource: opts.Resource, ResourceAccount: opts.ResourceAccount,
		Principal: opts.Principal, Context: ctx}
	defaulted := req.Principal == ""
	if defaulted {
		req.Principal = evalDefaultPrincipal(req.Resource, req.ResourceAccount)
	}
	d := ev.Evaluate(req)
	if opts.Format == "json" {
		err = writeDecisionJSON(opts.IO.Out, newDecisionJSON(&d, 0), true)
	} else {
		err = writeDecisionText(opts.IO.Out, req, defaulted, &d)
	}
	if err != nil {
		return err
	}
	if d.Result != eval.Allow {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%s: %s on %s is denied", d.Result, req.Action, req.Resource)}
	}
	return nil
}

// defaultPrincipal is the caller when none is given: an IAM user of the
// resource's account, so that the request is a same-account one and
// identity policies decide, as the user of `eval --policy` expects.
func evalDefaultPrincipal(resource, resourceAccount string) string {
	partition, account := "aws", evalDefaultAccount
	if parts, ok := policy.SplitARN(resource); ok {
		if parts[1] != "" {
			partition = parts[1]
		}
		if evalIsAccount(parts[4]) {
			account = parts[4]
		}
	}
	if resourceAccount != "" {
		account = resourceAccount
	}
	return "arn:" + partition + ":iam::" + account + ":user/awssec-eval"
}

func evalIsAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkAction accepts one action as a request names it: service:Name,
// without wildcards.
func checkRequestAction(a string) error {
	svc, name, ok := strings.Cut(a, ":")
	switch {
	case !ok || svc == "" || name == "":
		return fmt.Errorf("%q: an action is service:Name, like s3:GetObject", a)
	case strings.ContainsAny(a, "*?"):
		return fmt.Errorf("%q: a request names one action, without wildcards (expand patterns with awssec iam actions)", a)
	case strings.ContainsAny(name, ": \t"):
		return fmt.Errorf("%q: an action is service:Name, like s3:GetObject", a)
	}
	for i := range len(svc) {
		if c := svc[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return fmt.Errorf("%q: the service prefix %q is not one (letters, digits and '-')", a, svc)
		}
	}
	return nil
}

// checkResource accepts "*" or an ARN.
func checkRequestResource(r string) error {
	if r == "*" {
		return nil
	}
	if parts, ok := policy.SplitARN(r); !ok || parts[0] != "arn" || parts[2] == "" {
		return fmt.Errorf("%q: not an ARN (arn:partition:service:region:account:resource) nor '*'", r)
	}
	return nil
}

// checkPrincipal accepts what eval.Request.Principal does: "" and "*"
// (anonymous), an account id, an ARN, a service principal or identity
// provider domain.
func checkRequestPrincipal(p string) error {
	switch {
	case p == "" || p == "*" || evalIsAccount(p):
		return nil
	case strings.HasPrefix(p, "arn:"):
		if parts, ok := policy.SplitARN(p); !ok || parts[2] == "" {
			return fmt.Errorf("%q: malformed ARN (arn:partition:service:region:account:resource)", p)
		}
		return nil
	case strings.Contains(p, ".") && !strings.ContainsAny(p, " \t/:"):
		return nil // lambda.amazonaws.com, accounts.google.com
	}
	return fmt.Errorf("%q: give an ARN (arn:aws:iam::111122223333:user/alice), an account id, a service principal (lambda.amazonaws.com) or '*'", p)
}

// parseContextFlags reads --context key=value flags; a key given twice has
// several values. check says why a value cannot be one of its key's.
func parseContextFlags(kvs []string, check func(k, v string) string) (map[string][]string, error) {
	ctx := map[string][]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, cmdutil.Usagef("--context %q: want key=value, like aws:MultiFactorAuthPresent=false", kv)
		}
		if msg := check(k, v); msg != "" {
			return nil, cmdutil.Usagef("--context %s=%s: %s", k, v, msg)
		}
		ctx[k] = append(ctx[k], v)
	}
	return ctx, nil
}

// checkContextValue says why v cannot be a value of the condition key k,
// or "": the key's type in the service catalogue, then each condition of
// the policies on that key, must read it. A value they cannot read would
// make those conditions silently false.
func (ps *evalPolicies) checkContextValue(k, v string) string {
	if key, ok := catalog.ConditionKey(k); ok {
		if what, ok := contextReadsAs(strings.TrimPrefix(key.Type, "ArrayOf"), v); !ok {
			return fmt.Sprintf("%s is of type %s and %q is not %s", k, key.Type, v, what)
		}
	}
	for _, u := range ps.conds[strings.ToLower(k)] {
		base := u.cond.Base
		if base == "" {
			base, _, _, _ = policy.ParseOperator(u.cond.Operator)
		}
		typ := contextOperatorType(base)
		if typ == "" {
			continue
		}
		if what, ok := contextReadsAs(typ, v); !ok {
			return fmt.Sprintf("the %s condition at %s:%d:%d reads %s as %s and %q is not one",
				u.cond.Operator, u.policy, u.cond.Pos.Line, u.cond.Pos.Col, k, what, v)
		}
	}
	return ""
}

// operatorType is the value type an operator reads, in the catalogue's
// words; "" for string operators and Null, which read anything.
func contextOperatorType(base string) string {
	b := strings.ToLower(base)
	switch {
	case strings.HasPrefix(b, "numeric"):
		return "Numeric"
	case strings.HasPrefix(b, "date"):
		return "Date"
	case b == "bool":
		return "Bool"
	case b == "ipaddress" || b == "notipaddress":
		return "IPAddress"
	case strings.HasPrefix(b, "arn"):
		return "ARN"
	case b == "binaryequals":
		return "Binary"
	}
	return ""
}

// readsAs reports whether v reads as a value of the type, and names the
// type's values for a message.
func contextReadsAs(typ, v string) (what string, ok bool) {
	switch strings.ToLower(typ) {
	case "numeric", "long", "integer", "number":
		f, err := strconv.ParseFloat(v, 64)
		return "a number", err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	case "date":
		return "an ISO 8601 date or epoch time", evalIsDate(v)
	case "bool", "boolean":
		return "true or false", strings.EqualFold(v, "true") || strings.EqualFold(v, "false")
	case "ipaddress":
		if _, err := netip.ParseAddr(v); err == nil {
			return "", true
		}
		_, err := netip.ParsePrefix(v)
		return "an IP address", err == nil
	case "arn":
		parts, ok := policy.SplitARN(v)
		return "an ARN", ok && parts[0] == "arn"
	case "binary":
		_, err := base64.StdEncoding.DecodeString(v)
		return "base64", err == nil
	}
	return "", true
}

// evalDateLayouts are the ISO 8601 forms the evaluator reads.
var evalDateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

func evalIsDate(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c == '-' || (c >= '0' && c <= '9') && !strings.ContainsAny(s, "-:T") {
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	for _, l := range evalDateLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

// decisionJSON is a decision's JSON form.
type decisionJSON struct {
	Line     int         `json:"line,omitzero"` // the request's line, with --requests
	Decision string      `json:"decision"`
	Matched  []matchJSON `json:"matched"`
	Reason   string      `json:"reason"`
}

type matchJSON struct {
	Policy    string `json:"policy"`
	Type      string `json:"type"`
	Level     int    `json:"level,omitzero"`
	Statement int    `json:"statement"` // 0-based, as in the reason
	Sid       string `json:"sid"`
	Effect    string `json:"effect"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
}

// evalPolicyTypeNames are the eval policy types as --type spells them.
var evalPolicyTypeNames = map[eval.PolicyType]string{
	eval.IdentityPolicy: "identity", eval.ResourcePolicy: "resource", eval.SCP: "scp", eval.RCP: "rcp",
	eval.PermissionsBoundary: "boundary", eval.SessionPolicy: "session",
}

func newDecisionJSON(d *eval.Decision, line int) decisionJSON {
	out := decisionJSON{Line: line, Decision: d.Result.String(), Matched: []matchJSON{}, Reason: d.Reason()}
	for _, m := range d.Matched {
		out.Matched = append(out.Matched, matchJSON{Policy: m.PolicyName, Type: evalPolicyTypeNames[m.Type], Level: m.Level,
			Statement: m.Statement, Sid: m.Sid, Effect: m.Effect.String(), Line: m.Pos.Line, Column: m.Pos.Col})
	}
	return out
}

func writeDecisionJSON(w io.Writer, d decisionJSON, indent bool) error {
	var opts []json.Options
	if indent {
		opts = append(opts, jsontext.WithIndent("  "))
	}
	if err := json.MarshalWrite(w, d, opts...); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func writeDecisionText(w io.Writer, r *eval.Request, defaulted bool, d *eval.Decision) error {
	var b strings.Builder
	fmt.Fprintf(&b, "decision: %s\n", d.Result)
	fmt.Fprintf(&b, "request:  %s on %s by %s", r.Action, r.Resource, r.Principal)
	if defaulted {
		b.WriteString(" (no --principal: a user of the resource's account)")
	}
	b.WriteString("\n")
	keys := make([]string, 0, len(r.Context))
	for k := range r.Context {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		label := "          "
		if i == 0 {
			label = "context:  "
		}
		fmt.Fprintf(&b, "%s%s=%s\n", label, k, strings.Join(r.Context[k], ","))
	}
	if len(d.Matched) == 0 {
		b.WriteString("matched:  no statement\n")
	}
	for i, m := range d.Matched {
		label := "          "
		if i == 0 {
			label = "matched:  "
		}
		fmt.Fprintf(&b, "%s%s: %s, %s\n", label, evalMatchPlace(m), m.Effect, evalMatchLabel(m))
	}
	fmt.Fprintf(&b, "reason:   %s\n", d.Reason())
	_, err := io.WriteString(w, b.String())
	return err
}

// matchPlace is where a statement stands: file:line:col.
func evalMatchPlace(m eval.Match) string {
	if !m.Pos.Valid() {
		return m.PolicyName
	}
	return fmt.Sprintf("%s:%d:%d", m.PolicyName, m.Pos.Line, m.Pos.Col)
}

// matchLabel names a statement's role without repeating its file:
// "SCP level 2 statement 0 (DenyRegions)".
func evalMatchLabel(m eval.Match) string {
	s := m.Type.String()
	if m.Level > 0 {
		s += " level " + strconv.Itoa(m.Level)
	}
	s += " statement " + strconv.Itoa(m.Statement)
	if m.Sid != "" {
		s += " (" + m.Sid + ")"
	}
	return s
}

// evalRequests decides every request of a JSON Lines file. All lines are
// read and checked before any is decided, so bad input prints nothing but
// its error.
func evalRequests(opts *EvalOptions, ev *eval.Evaluator, ps *evalPolicies) error {
	name := opts.Requests
	var (
		data []byte
		err  error
	)
	if name == "-" {
		name = "stdin"
		data, err = io.ReadAll(opts.IO.In)
	} else {
		read := opts.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		data, err = read(name)
	}
	if err != nil {
		return cmdutil.Usagef("--requests: %v", err)
	}
	type lineReq struct {
		line int
		req  eval.Request
	}
	var reqs []lineReq
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r, err := parseRequestLine(line, ps)
		if err != nil {
			var le *lineError
			if errors.As(err, &le) {
				return cmdutil.Usagef("%s:%d:%d: %s", name, n+1, le.offset+1, le.msg)
			}
			return cmdutil.Usagef("%s:%d: %v", name, n+1, err)
		}
		reqs = append(reqs, lineReq{n + 1, r})
	}
	if len(reqs) == 0 {
		return cmdutil.Usagef("%s: no request (one JSON object per line)", name)
	}
	var (
		d      eval.Decision
		denied int
		buf    bytes.Buffer
	)
	for i := range reqs {
		r := &reqs[i].req
		if r.Principal == "" {
			r.Principal = evalDefaultPrincipal(r.Resource, r.ResourceAccount)
		}
		ev.EvaluateInto(r, &d)
		if d.Result != eval.Allow {
			denied++
		}
		if err := writeDecisionJSON(&buf, newDecisionJSON(&d, reqs[i].line), false); err != nil {
			return err
		}
		if buf.Len() > 64<<10 {
			if _, err := opts.IO.Out.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	if _, err := opts.IO.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	if denied > 0 {
		return &cmdutil.ThresholdError{Msg: fmt.Sprintf("%d of %d requests denied", denied, len(reqs))}
	}
	return nil
}

// lineError is a problem at a byte offset of one request line.
type lineError struct {
	offset int64
	msg    string
}

func (e *lineError) Error() string { return e.msg }

func lineErrorf(offset int64, format string, args ...any) error {
	return &lineError{offset, fmt.Sprintf(format, args...)}
}

// syntaxError places a decoder error on the line.
func requestSyntaxError(err error, at int64) error {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		if errors.Is(se.Err, io.ErrUnexpectedEOF) {
			return lineErrorf(se.ByteOffset, "unexpected end of line: a request is one JSON object on one line")
		}
		if errors.Is(se.Err, jsontext.ErrDuplicateName) {
			return lineErrorf(se.ByteOffset, "duplicate member %q", jsonerr.Escape(se.JSONPointer.LastToken()))
		}
		return lineErrorf(se.ByteOffset, "invalid JSON: %s", strings.TrimPrefix(se.Err.Error(), "jsontext: "))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return lineErrorf(at, "unexpected end of line: a request is one JSON object on one line")
	}
	return lineErrorf(at, "%v", err)
}

// evalRequestFields names the members of a request line, for messages.
const evalRequestFields = "action, resource, principal, resourceAccount, context"

// parseRequestLine reads one request, walking the tokens so that every
// problem, down to one context value of the wrong type, has its column.
func parseRequestLine(line []byte, ps *evalPolicies) (eval.Request, error) {
	var r eval.Request
	dec := jsontext.NewDecoder(bytes.NewReader(line))
	// value reads the next scalar or container and returns it with where
	// it starts.
	value := func() (jsontext.Value, int64, error) {
		v, err := dec.ReadValue()
		if err != nil {
			return nil, dec.InputOffset(), requestSyntaxError(err, dec.InputOffset())
		}
		return v, dec.InputOffset() - int64(len(v)), nil
	}
	str := func(v jsontext.Value) string {
		s, _ := jsontext.AppendUnquote(nil, v)
		return string(s)
	}
	v, at := dec.PeekKind(), dec.InputOffset()
	if v != '{' {
		if v == 0 {
			_, err := dec.ReadToken()
			return r, requestSyntaxError(err, at)
		}
		val, off, err := value()
		if err != nil {
			return r, err
		}
		return r, lineErrorf(off, "a request is a JSON object, not %s", jsonerr.KindName(val.Kind()))
	}
	if _, err := dec.ReadToken(); err != nil {
		return r, requestSyntaxError(err, at)
	}
	var actionSeen, resourceSeen bool
	for dec.PeekKind() != '}' {
		if dec.PeekKind() == 0 {
			_, err := dec.ReadToken()
			return r, requestSyntaxError(err, dec.InputOffset())
		}
		nv, noff, err := value()
		if err != nil {
			return r, err
		}
		name := str(nv)
		switch name {
		case "action", "resource", "principal", "resourceAccount":
			v, off, err := value()
			if err != nil {
				return r, err
			}
			if v.Kind() != '"' {
				return r, lineErrorf(off, "%q must be a string, not %s", name, jsonerr.KindName(v.Kind()))
			}
			s := str(v)
			var cerr error
			switch name {
			case "action":
				r.Action, actionSeen, cerr = s, true, checkRequestAction(s)
			case "resource":
				r.Resource, resourceSeen, cerr = s, true, checkRequestResource(s)
			case "principal":
				r.Principal, cerr = s, checkRequestPrincipal(s)
			case "resourceAccount":
				r.ResourceAccount = s
				if !evalIsAccount(s) {
					cerr = fmt.Errorf("%q: an account id has 12 digits", s)
				}
			}
			if cerr != nil {
				return r, lineErrorf(off, "%s: %v", name, cerr)
			}
		case "context":
			ctx, err := parseContext(dec, value, str, ps)
			if err != nil {
				return r, err
			}
			r.Context = ctx
		default:
			return r, lineErrorf(noff, "unknown field %q (a request has %s)", jsonerr.Escape(name), evalRequestFields)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return r, requestSyntaxError(err, dec.InputOffset())
	}
	end := dec.InputOffset()
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		return r, lineErrorf(end, "more after the request's closing brace: one JSON object per line")
	}
	switch {
	case !actionSeen:
		return r, lineErrorf(0, `the request has no "action"`)
	case !resourceSeen:
		return r, lineErrorf(0, `the request has no "resource" (give "*" for an action without one)`)
	}
	return r, nil
}

// parseContext reads a request's "context": {key: value or [values]}.
// Booleans and numbers stand for their text ("aws:MultiFactorAuthPresent":
// false), as IAM compares them as text; [] is a key with no values.
func parseContext(dec *jsontext.Decoder, value func() (jsontext.Value, int64, error),
	str func(jsontext.Value) string, ps *evalPolicies) (map[string][]string, error) {
	at := dec.InputOffset()
	if k := dec.PeekKind(); k != '{' {
		v, off, err := value()
		if err != nil {
			return nil, err
		}
		return nil, lineErrorf(off, `"context" must be an object of keys and values, not %s`, jsonerr.KindName(v.Kind()))
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, requestSyntaxError(err, at)
	}
	ctx := map[string][]string{}
	scalar := func(key string, v jsontext.Value, off int64) (string, error) {
		var s string
		switch v.Kind() {
		case '"':
			s = str(v)
		case 't', 'f', '0':
			s = string(v)
		default:
			return "", lineErrorf(off, "context %q: a value is a string, number or boolean, not %s", key, jsonerr.KindName(v.Kind()))
		}
		if msg := ps.checkContextValue(key, s); msg != "" {
			return "", lineErrorf(off, "context %q: %s", key, msg)
		}
		return s, nil
	}
	for dec.PeekKind() != '}' {
		if dec.PeekKind() == 0 {
			_, err := dec.ReadToken()
			return nil, requestSyntaxError(err, dec.InputOffset())
		}
		kv, koff, err := value()
		if err != nil {
			return nil, err
		}
		key := str(kv)
		if key == "" {
			return nil, lineErrorf(koff, "context: empty key")
		}
		if dec.PeekKind() != '[' {
			v, off, err := value()
			if err != nil {
				return nil, err
			}
			s, err := scalar(key, v, off)
			if err != nil {
				return nil, err
			}
			ctx[key] = []string{s}
			continue
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, requestSyntaxError(err, dec.InputOffset())
		}
		vals := []string{} // present, maybe empty: ForAllValues' empty set
		for dec.PeekKind() != ']' {
			v, off, err := value()
			if err != nil {
				return nil, err
			}
			s, err := scalar(key, v, off)
			if err != nil {
				return nil, err
			}
			vals = append(vals, s)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, requestSyntaxError(err, dec.InputOffset())
		}
		ctx[key] = vals
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, requestSyntaxError(err, dec.InputOffset())
	}
	return ctx, nil
}
