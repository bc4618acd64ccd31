package explain

import (
	"fmt"
	"net/netip"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

// The simulated caller and its account. A resource policy's named
// principals are probed besides (see principals).
const (
	principal    = "arn:aws:iam::111122223333:user/alice"
	account      = "111122223333"
	otherAccount = "999999999999"
	region       = "us-east-1"
)

// allowAll is the identity policy a probe adds to see what the explained
// policy takes away.
var allowAll = &policy.Policy{Name: "allow-everything", Version: policy.Version2012, Statements: []*policy.Statement{{
	Effect:   policy.Allow,
	Action:   &policy.Values{Values: []policy.Value{{S: "*"}}},
	Resource: &policy.Values{Values: []policy.Value{{S: "*"}}},
}}}

// keyState is one condition key's value in a probe: a value, absent, or
// an empty set.
type keyState struct {
	Key    string
	Value  string
	Absent bool
	Empty  bool
}

func (k keyState) String() string {
	switch {
	case k.Absent:
		return k.Key + " absent"
	case k.Empty:
		return k.Key + " empty"
	}
	return k.Key + "=" + k.Value
}

// phrase is the state in a sentence: "aws:MultiFactorAuthPresent is false".
func (k keyState) phrase() string {
	switch {
	case k.Absent:
		return k.Key + " is absent"
	case k.Empty:
		return k.Key + " is an empty set"
	}
	return k.Key + " is " + k.Value
}

// context is one combination of key states.
type context struct {
	keys   []keyState
	values map[string][]string
}

func (c context) String() string {
	if len(c.keys) == 0 {
		return "no condition keys"
	}
	parts := make([]string, len(c.keys))
	for i, k := range c.keys {
		parts[i] = k.String()
	}
	return strings.Join(parts, ", ")
}

func (c context) phrase() string {
	parts := make([]string, len(c.keys))
	for i, k := range c.keys {
		parts[i] = k.phrase()
		if cr, ok := credentialOf(k.Key, k); ok {
			parts[i] += " (" + cr.Short + ")"
		}
	}
	return joinAnd(parts)
}

// outcome is a probe's decisions: by the policy alone and beside an
// allow-everything policy, and the statement of the policy that decided
// the latter when it denied (-1 otherwise).
type outcome struct {
	Alone, Combined eval.Result
	Stmt            int
}

// sim decides probes against one policy.
type sim struct {
	p                *policy.Policy
	name             string // p's label in traces
	alone, combined  *eval.Evaluator
	resourcePolicy   bool
	ctxs             []context
	caller           string
	n                int
	d                eval.Decision
	resourceOfAction map[string]string
}

func newSim(p *policy.Policy) (*sim, error) {
	cp, err := eval.Compile(p)
	if err != nil {
		return nil, err
	}
	if cp.Name == "" {
		cp.Name = "policy"
	}
	all := eval.MustCompile(allowAll)
	s := &sim{p: p, name: cp.Name, caller: principal, resourceOfAction: map[string]string{}}
	for _, st := range p.Statements {
		if st.Principal != nil || st.NotPrincipal != nil {
			s.resourcePolicy = true
		}
	}
	if s.resourcePolicy {
		s.alone = &eval.Evaluator{Resource: cp}
		s.combined = &eval.Evaluator{Identity: []*eval.Compiled{all}, Resource: cp}
		if c := namedCaller(p); c != "" {
			s.caller = c
		}
	} else {
		s.alone = &eval.Evaluator{Identity: []*eval.Compiled{cp}}
		s.combined = &eval.Evaluator{Identity: []*eval.Compiled{cp, all}}
	}
	s.ctxs = contexts(p)
	return s, nil
}

// namedCaller picks a principal a resource policy names, so that its
// Allow statements can apply to the probes.
func namedCaller(p *policy.Policy) string {
	for _, st := range p.Statements {
		if st.Principal == nil {
			continue
		}
		if st.Principal.Wildcard {
			return principal
		}
		for _, k := range st.Principal.Kinds {
			for _, v := range k.Values.Strings() {
				switch {
				case k.Kind == "AWS" && v == "*":
					return principal
				case k.Kind == "AWS" && len(v) == 12:
					return "arn:aws:iam::" + v + ":user/alice"
				case k.Kind == "AWS" && strings.HasSuffix(v, ":root"):
					return strings.TrimSuffix(v, "root") + "user/alice"
				case k.Kind == "AWS" || k.Kind == "Service":
					if !strings.ContainsAny(v, "*?") {
						return v
					}
				}
			}
		}
	}
	return ""
}

// decide runs one probe.
func (s *sim) decide(action, resource string, ctx int) outcome {
	s.n += 2
	return s.decideInto(action, resource, ctx, &s.d)
}

// decideAs runs one probe as another caller (a resource policy's
// anonymous or cross-account reader).
func (s *sim) decideAs(caller, action, resource string, ctx int) outcome {
	saved := s.caller
	s.caller = caller
	defer func() { s.caller = saved }()
	return s.decide(action, resource, ctx)
}

// decideInto runs one probe with d as scratch space, without counting
// it; the sweep's workers each have their own d.
func (s *sim) decideInto(action, resource string, ctx int, d *eval.Decision) outcome {
	r := eval.Request{Principal: s.caller, Action: action, Resource: resource, Context: s.ctxs[ctx].values}
	s.alone.EvaluateInto(&r, d)
	o := outcome{Alone: d.Result, Stmt: -1}
	s.combined.EvaluateInto(&r, d)
	o.Combined = d.Result
	for _, m := range d.Matched {
		if m.PolicyName == s.name {
			o.Stmt = m.Statement
			break
		}
	}
	return o
}

// contexts builds the key states the policy's conditions read: for each
// key the values it compares with, one other value and absent (with the
// states of known keys' credentials), combined across keys while that stays
// small, else varied one key at a time.
func contexts(p *policy.Policy) []context {
	var keys []string
	states := map[string][]keyState{}
	conds := map[string][]*policy.Condition{} // the first statement's conditions on each key
	for _, st := range p.Statements {
		for _, c := range st.Condition {
			lk := strings.ToLower(c.Key)
			if _, ok := states[lk]; !ok {
				keys = append(keys, lk)
				for _, d := range st.Condition {
					if strings.EqualFold(d.Key, c.Key) {
						conds[lk] = append(conds[lk], d)
					}
				}
			}
			states[lk] = addStates(states[lk], c)
		}
	}
	if len(keys) == 0 {
		return []context{{values: map[string][]string{}}}
	}
	// Stop multiplying once over the bound: 60 keys of 3 states each
	// would overflow.
	product := 1
	for _, k := range keys {
		if product *= len(states[k]); product > maxContexts {
			break
		}
	}
	var out []context
	if product <= maxContexts {
		var rec func(i int, acc []keyState)
		rec = func(i int, acc []keyState) {
			if i == len(keys) {
				out = append(out, makeContext(acc))
				return
			}
			for _, ks := range states[keys[i]] {
				rec(i+1, append(slices.Clip(acc), ks))
			}
		}
		rec(0, nil)
		return out
	}
	// One key at a time, the others at a state that satisfies their
	// conditions: conditions combine with AND, so varying one key from a
	// base where all hold shows what each does.
	base := make([]keyState, len(keys))
	for i, k := range keys {
		base[i] = states[k][0]
		for _, ks := range states[k] {
			if satisfies(p.Version, conds[k], ks) {
				base[i] = ks
				break
			}
		}
	}
	out = append(out, makeContext(base))
	for i, k := range keys {
		for _, ks := range states[k] {
			if ks == base[i] || len(out) == maxContexts {
				continue
			}
			acc := slices.Clone(base)
			acc[i] = ks
			out = append(out, makeContext(acc))
		}
	}
	return out
}

func makeContext(ks []keyState) context {
	c := context{keys: ks, values: map[string][]string{}}
	for _, k := range ks {
		switch {
		case k.Absent:
		case k.Empty:
			c.values[k.Key] = []string{}
		default:
			c.values[k.Key] = []string{k.Value}
		}
	}
	return c
}

const maxStatesPerKey = 6

// maxContexts bounds the combinations of key states: the sweep decides
// every catalogue action in each, so it is the cost of an explanation.
const maxContexts = 16

// satisfies asks the evaluator whether every condition of cs holds with
// its key in state ks.
func satisfies(version string, cs []*policy.Condition, ks keyState) bool {
	p := &policy.Policy{Name: "probe", Version: version, Statements: []*policy.Statement{{
		Effect:    policy.Allow,
		Action:    &policy.Values{Values: []policy.Value{{S: "*"}}},
		Resource:  &policy.Values{Values: []policy.Value{{S: "*"}}},
		Condition: cs,
	}}}
	cp, err := eval.Compile(p)
	if err != nil {
		return false
	}
	e := &eval.Evaluator{Identity: []*eval.Compiled{cp}}
	d := e.Evaluate(&eval.Request{Principal: principal, Action: "s3:GetObject", Resource: "*", Context: makeContext([]keyState{ks}).values})
	return d.Result == eval.Allow
}

// addStates adds the states worth probing for condition c's key.
func addStates(have []keyState, c *policy.Condition) []keyState {
	add := func(ks keyState) {
		if len(have) >= maxStatesPerKey {
			return
		}
		for _, h := range have {
			if h.Absent == ks.Absent && h.Empty == ks.Empty && h.Value == ks.Value {
				return
			}
		}
		have = append(have, ks)
	}
	key := c.Key
	for _, cr := range credentialsFor(key) {
		add(keyState{Key: key, Value: cr.Value, Absent: cr.Absent})
	}
	for _, v := range sampleValues(c) {
		add(keyState{Key: key, Value: v})
	}
	add(keyState{Key: key, Absent: true})
	if c.Set != policy.NoSet {
		add(keyState{Key: key, Empty: true})
	}
	return have
}

var policyVar = regexp.MustCompile(`\$\{[^}]*\}`)

// sampleValues are request values that compare with c's values: each of
// them (wildcards and variables filled in) and one on the other side.
func sampleValues(c *policy.Condition) []string {
	vals := c.Values.Strings()
	var out []string
	switch c.Base {
	case "Bool":
		return []string{"true", "false"}
	case "Null":
		if k, ok := catalog.ConditionKey(c.Key); ok {
			return []string{sampleOfType(k.Type)}
		}
		return []string{"example"}
	case "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
		"NumericGreaterThan", "NumericGreaterThanEquals":
		for _, v := range vals {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				out = append(out, v, strconv.FormatFloat(f+1, 'f', -1, 64), strconv.FormatFloat(f-1, 'f', -1, 64))
			}
		}
		return out
	case "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals":
		for _, v := range vals {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				out = append(out, v, t.Add(24*time.Hour).Format(time.RFC3339), t.Add(-24*time.Hour).Format(time.RFC3339))
			} else if t, err := time.Parse("2006-01-02", v); err == nil {
				out = append(out, t.Format(time.RFC3339), t.Add(48*time.Hour).Format(time.RFC3339), t.Add(-48*time.Hour).Format(time.RFC3339))
			}
		}
		return out
	case "IpAddress", "NotIpAddress":
		for _, v := range vals {
			if pfx, err := netip.ParsePrefix(v); err == nil {
				out = append(out, pfx.Addr().String())
			} else if a, err := netip.ParseAddr(v); err == nil {
				out = append(out, a.String())
			}
		}
		return append(out, "203.0.113.7")
	case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
		for _, v := range vals {
			out = append(out, fill(v))
		}
		return append(out, "arn:aws:iam::"+otherAccount+":role/other")
	case "BinaryEquals":
		return append(slices.Clone(vals), "b3RoZXI=")
	}
	for _, v := range vals {
		out = append(out, fill(v))
	}
	return append(out, "example-other")
}

func sampleOfType(t string) string {
	switch strings.TrimPrefix(t, "ArrayOf") {
	case "Bool":
		return "true"
	case "Numeric":
		return "1"
	case "Date":
		return "2024-01-01T00:00:00Z"
	case "IPAddress":
		return "203.0.113.7"
	case "ARN", "Arn":
		return "arn:aws:iam::" + otherAccount + ":role/other"
	}
	return "example"
}

// fill turns a pattern into a concrete value it matches: wildcards and
// policy variables become "x".
func fill(s string) string {
	s = policyVar.ReplaceAllString(s, "x")
	return strings.NewReplacer("*", "x", "?", "x").Replace(s)
}

// sampleResource is a concrete ARN for an action: of its first required
// resource type, else its first, else "*" for actions that take none.
func (s *sim) sampleResource(a catalog.ActionInfo) string {
	key := a.String()
	if r, ok := s.resourceOfAction[key]; ok {
		return r
	}
	// The simplest ARN of a required type, else of any type: an object
	// of a bucket rather than an object through an access point.
	r := "*"
	best := -1
	for _, required := range []bool{true, false} {
		for _, ref := range a.ResourceTypes {
			if required && !ref.Required {
				continue
			}
			t, ok := catalog.ResourceType(a.Service, ref.Name)
			if !ok || len(t.ARNFormats) == 0 {
				continue
			}
			if n := strings.Count(t.ARNFormats[0], "${"); best < 0 || n < best {
				best, r = n, fillFormat(t.ARNFormats[0], nil)
			}
		}
		if best >= 0 {
			break
		}
	}
	s.resourceOfAction[key] = r
	return r
}

var formatVar = regexp.MustCompile(`\$\{([^}]+)\}`)

// fillFormat instantiates an ARN format, taking variables from vars
// where given.
func fillFormat(format string, vars map[string]string) string {
	return formatVar.ReplaceAllStringFunc(format, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := vars[name]; ok {
			return v
		}
		switch name {
		case "Partition":
			return "aws"
		case "Region":
			return region
		case "Account", "AccountId":
			return account
		}
		return "example"
	})
}

// sweep decides every catalogue action, on a resource of its own type,
// in every context.
type sweep struct {
	actions []catalog.ActionInfo
	index   map[string]int // lower-case name → position
	out     [][]outcome    // [action][context]
}

func (s *sim) sweep() *sweep {
	// Actions no policy can deny say nothing about the policy: leave them
	// out, or every policy would seem to "allow" sts:GetCallerIdentity.
	all := slices.DeleteFunc(slices.Clone(allActions()), func(a catalog.ActionInfo) bool { return eval.Undeniable(a.String()) })
	sw := &sweep{actions: all, index: make(map[string]int, len(all)), out: make([][]outcome, len(all))}
	names := make([]string, len(all))
	res := make([]string, len(all))
	for i, a := range all {
		names[i] = a.String()
		sw.index[strings.ToLower(names[i])] = i
		res[i] = s.sampleResource(a)
	}
	// The evaluator is safe for concurrent use: split the catalogue
	// between the CPUs, each worker with its own scratch Decision.
	workers := min(runtime.GOMAXPROCS(0), 8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var d eval.Decision
			for i := w; i < len(all); i += workers {
				row := make([]outcome, len(s.ctxs))
				for c := range s.ctxs {
					row[c] = s.decideInto(names[i], res[i], c, &d)
				}
				sw.out[i] = row
			}
		})
	}
	wg.Wait()
	s.n += 2 * len(all) * len(s.ctxs)
	return sw
}

func (sw *sweep) lookup(action string) (int, bool) {
	i, ok := sw.index[strings.ToLower(action)]
	return i, ok
}

// probe is one targeted request: an action on a resource the policy names
// or one of its neighbours.
type probe struct {
	Action, Resource string
	Kind             resKind
	Of               string // the policy ARN it was derived from
	Ctx              int
	Out              outcome
}

// resKind says how a probe's resource relates to the policy's ARNs.
type resKind int

const (
	resNamed     resKind = iota // the ARN itself, wildcards filled
	resCase                     // the same ARN in another case
	resContainer                // the bucket of a named object, and the like
	resOutside                  // another bucket, another key
	resNamespace                // the same resource under another ARN (an access point)
	resAccount                  // "*": actions that take no resource
	resSibling                  // an action of a sibling service (s3express for s3)
)

// resources derives the probe resources from a statement's Resource or
// NotResource values.
func resources(arns []string) []probe {
	var out []probe
	seen := map[string]bool{}
	add := func(kind resKind, of, arn string) {
		if seen[arn] {
			return
		}
		seen[arn] = true
		out = append(out, probe{Resource: arn, Kind: kind, Of: of})
	}
	for _, v := range arns {
		if v == "*" {
			continue
		}
		parts, ok := policy.SplitARN(v)
		if !ok || strings.ContainsAny(parts[2], "*?") {
			continue
		}
		add(resNamed, v, fill(v))
	}
	for _, v := range arns {
		parts, ok := policy.SplitARN(v)
		if !ok || v == "*" || strings.ContainsAny(parts[2], "*?") {
			continue
		}
		prefix := strings.Join(parts[:5], ":") + ":"
		res := fill(parts[5])
		segs := strings.Split(res, "/")
		for i := range segs {
			if flipped := flipCase(segs[i]); flipped != segs[i] {
				c := slices.Clone(segs)
				c[i] = flipped
				add(resCase, v, prefix+strings.Join(c, "/"))
			}
		}
		// A container is a shorter ARN of another type: the bucket of
		// an object, not the object "Payroll" above "Payroll/x".
		own := typeNamesAny(v)
		for i := 1; i < len(segs); i++ {
			arn := prefix + strings.Join(segs[:i], "/")
			if ts := typeNamesAny(arn); len(ts) > 0 && !slices.ContainsFunc(ts, func(t string) bool { return slices.Contains(own, t) }) {
				add(resContainer, v, arn)
			}
		}
		other := slices.Clone(segs)
		other[0] = "example-other"
		add(resOutside, v, prefix+strings.Join(other, "/"))
		if len(segs) > 1 {
			other := slices.Clone(segs)
			other[len(other)-1] = "example-other"
			add(resOutside, v, prefix+strings.Join(other, "/"))
		}
		for _, arn := range otherNamespaces(v) {
			add(resNamespace, v, arn)
		}
	}
	add(resAccount, "*", "*")
	return out
}

// flipCase changes the case of a name: lower-case when it has upper-case
// letters, else capitalised.
func flipCase(s string) string {
	if l := strings.ToLower(s); l != s {
		return l
	}
	for i, r := range s {
		if r >= 'a' && r <= 'z' {
			return s[:i] + strings.ToUpper(string(r)) + s[i+1:]
		}
	}
	return s
}

// otherNamespaces gives ARNs that name the same thing as arn through
// another resource type of its service: an S3 object through an access
// point (accesspointobject carries the same ObjectName). The match is by
// the last variable of arn's format.
func otherNamespaces(arn string) []string {
	types := matchTypes(arn)
	if len(types) != 1 {
		return nil
	}
	t := types[0]
	var vars map[string]string
	var last string
	for _, f := range t.ARNFormats {
		re, names := formatRegexp(f)
		if m := re.FindStringSubmatch(fill(arn)); m != nil {
			vars = map[string]string{}
			for i, n := range names {
				vars[n] = m[i+1]
			}
			last = names[len(names)-1]
			break
		}
	}
	if last == "" || last == "Partition" || last == "Region" || last == "Account" {
		return nil
	}
	var out []string
	for _, o := range catalog.ResourceTypes(t.Service) {
		if o.Name == t.Name {
			continue
		}
		for _, f := range o.ARNFormats {
			if strings.Contains(f, "${"+last+"}") {
				out = append(out, fillFormat(f, map[string]string{last: vars[last]}))
			}
		}
	}
	return out
}

// siblingServices are services that look like part of svc but have their
// own IAM prefix, which svc:* does not cover: s3express, s3-object-lambda,
// s3tables for s3. A sibling's prefix begins with svc's and its name with
// svc's name.
func siblingServices(svc string) []catalog.Service {
	base, ok := catalog.LookupService(svc)
	if !ok {
		return nil
	}
	var out []catalog.Service
	for _, s := range catalog.Services() {
		if s.Prefix != svc && strings.HasPrefix(s.Prefix, svc) && strings.HasPrefix(s.Name, base.Name+" ") {
			out = append(out, s)
		}
	}
	return out
}

// compatible reports whether action a can be authorised against the
// probe resource: "*" for actions without resource types, else an ARN of
// one of its types.
func compatible(a catalog.ActionInfo, arn string, types []string) bool {
	if arn == "*" {
		return len(a.ResourceTypes) == 0
	}
	for _, r := range a.ResourceTypes {
		if slices.Contains(types, r.Name) {
			return true
		}
	}
	return false
}

// typeNames lists the resource types of the ARN within service svc.
func typeNames(svc, arn string) []string {
	if arn == "*" {
		return nil
	}
	return catalog.MatchResourceType(svc, arn)
}

func (k resKind) String() string {
	return [...]string{"named", "case", "container", "outside", "namespace", "account", "sibling"}[k]
}

// evidence turns a probe into its record.
func (s *sim) evidence(action, resource string, ctx int, o outcome) Evidence {
	e := Evidence{Action: action, Resource: resource, Alone: o.Alone.String(), WithAllowAll: o.Combined.String()}
	if len(s.ctxs[ctx].keys) > 0 {
		e.Context = s.ctxs[ctx].String()
	}
	if o.Stmt >= 0 {
		e.Statement = fmt.Sprintf("statement %d", o.Stmt+1)
		if sid := s.p.Statements[o.Stmt].Sid; sid != "" {
			e.Statement += fmt.Sprintf(" %q", sid)
		}
	}
	return e
}
