package explain

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// allActions is the whole catalogue, in catalogue order: NotAction is
// measured against it.
var allActions = sync.OnceValue(func() []catalog.ActionInfo { return catalog.Expand("*") })

// actionSet is what an Action or NotAction element matches.
type actionSet struct {
	patterns []string
	matched  map[string]bool // "s3:getobject" (lower case)
	unknown  []string        // patterns that match no catalogue action
}

func expandActions(v *policy.Values) actionSet {
	s := actionSet{matched: map[string]bool{}}
	for _, p := range v.Strings() {
		s.patterns = append(s.patterns, p)
		found := catalog.Expand(p)
		if len(found) == 0 {
			s.unknown = append(s.unknown, p)
		}
		for _, a := range found {
			s.matched[strings.ToLower(a.String())] = true
		}
	}
	return s
}

// has reports whether the set matches a catalogue action.
func (s actionSet) has(a catalog.ActionInfo) bool { return s.matched[strings.ToLower(a.String())] }

// count gives how many catalogue actions and services a set matches, or,
// when not, how many it leaves.
func (s actionSet) count(not bool) (actions, services int) {
	seen := map[string]bool{}
	for _, a := range allActions() {
		if s.has(a) != not {
			actions++
			seen[a.Service] = true
		}
	}
	return actions, len(seen)
}

// words names the set: "the 190 IAM actions (iam:*)", "s3:GetObject and
// s3:PutObject", "s3:Get* (61 actions)".
func (s actionSet) words() string {
	var parts []string
	for _, p := range s.patterns {
		parts = append(parts, patternWords(p))
	}
	return joinAnd(parts)
}

func patternWords(p string) string {
	found := catalog.Expand(p)
	switch {
	case len(found) == 0:
		return fmt.Sprintf("%s (matches no action in the catalogue)", p)
	case p == "*":
		return "every action"
	case !strings.ContainsAny(p, "*?"):
		return found[0].String()
	}
	svc, rest, _ := strings.Cut(p, ":")
	if rest == "*" && !strings.ContainsAny(svc, "*?") {
		return fmt.Sprintf("the %s %s actions (%s)", num(len(found)), serviceShort(found[0].Service), p)
	}
	if len(found) == 1 {
		return fmt.Sprintf("%s (%s)", p, found[0])
	}
	return fmt.Sprintf("%s (%s actions)", p, num(len(found)))
}

// serviceShort is how a sentence names a service: "IAM", "S3", "Security
// Token Service".
func serviceShort(prefix string) string {
	s, ok := catalog.LookupService(prefix)
	if !ok {
		return prefix
	}
	name := s.Name
	if i := strings.LastIndex(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		return name[i+1 : len(name)-1]
	}
	for _, p := range []string{"Amazon ", "AWS "} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}

// describeActions is the Actions line of a statement.
func describeActions(st *policy.Statement) Part {
	if st.Action != nil {
		s := expandActions(st.Action)
		n, svcs := s.count(false)
		text := s.words()
		if len(s.patterns) > 1 || strings.ContainsAny(strings.Join(s.patterns, ""), "*?") && !isServiceWildcard(s.patterns) {
			text += fmt.Sprintf(": %s in %s", plural(n, "action"), plural(svcs, "service"))
		}
		return Part{Text: text, Actions: n, Services: svcs, Unknown: s.unknown}
	}
	if st.NotAction != nil {
		s := expandActions(st.NotAction)
		n, svcs := s.count(true)
		return Part{
			Text:    fmt.Sprintf("%s in %s — every action except %s (NotAction)", plural(n, "action"), plural(svcs, "service"), s.words()),
			Actions: n, Services: svcs, Unknown: s.unknown, Except: true,
		}
	}
	return Part{Text: "no action"}
}

func isServiceWildcard(patterns []string) bool {
	if len(patterns) != 1 {
		return false
	}
	svc, rest, _ := strings.Cut(patterns[0], ":")
	return rest == "*" && !strings.ContainsAny(svc, "*?")
}

// describeResources is the Resources line of a statement.
func describeResources(st *policy.Statement) Part {
	switch {
	case st.Resource != nil:
		vals := st.Resource.Strings()
		if slices.Contains(vals, "*") {
			return Part{Text: "every resource (*)", Items: []string{`* — every resource`}}
		}
		items := describeARNs(vals)
		return Part{Text: joinAnd(vals), Items: items}
	case st.NotResource != nil:
		vals := st.NotResource.Strings()
		return Part{Text: "every resource except " + joinAnd(vals) + " (NotResource)", Items: describeARNs(vals), Except: true}
	}
	return Part{Text: "no resource"}
}

func describeARNs(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = v + " — " + describeARN(v)
	}
	return out
}

// describeARN says what an ARN of a policy names: "S3 object: bucket name
// HRBucket, object name Payroll/*".
func describeARN(arn string) string {
	if arn == "*" {
		return "every resource"
	}
	parts, ok := policy.SplitARN(arn)
	if !ok {
		return "not an ARN"
	}
	svc := parts[2]
	if strings.ContainsAny(svc, "*?") {
		return "resources of any service whose ARN matches"
	}
	types := matchTypes(arn)
	if len(types) == 0 {
		return fmt.Sprintf("no %s resource type has an ARN like this", svc)
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.Name
	}
	what := serviceShort(types[0].Service) + " " + strings.Join(names, " or ")
	if len(types) > 3 {
		what = fmt.Sprintf("any of %d %s resource types", len(types), serviceShort(types[0].Service))
	}
	if len(types) == 1 {
		if vars := captureVars(types[0], arn); len(vars) > 0 {
			what += ": " + strings.Join(vars, ", ")
		}
	}
	if strings.ContainsAny(parts[5], "*?") {
		what += " (a pattern: * and ? match any characters, '/' included)"
	}
	return what
}

// matchTypes lists the resource types an ARN can be, looking in the ARN's
// service and, for ARNs of a service without its own IAM prefix
// (s3-object-lambda ARNs belong to s3's catalogue), in every service.
func matchTypes(arn string) []catalog.ResourceTypeInfo {
	parts, ok := policy.SplitARN(arn)
	if !ok {
		return nil
	}
	var out []catalog.ResourceTypeInfo
	for _, svc := range arnServices(parts[2]) {
		for _, name := range catalog.MatchResourceType(svc, arn) {
			if t, ok := catalog.ResourceType(svc, name); ok {
				out = append(out, t)
			}
		}
	}
	return out
}

// arnServices are the IAM prefixes whose resource types can have ARNs in
// the ARN service field svc: svc itself, and a prefix whose formats use it
// (s3's objectlambdaaccesspoint has s3-object-lambda ARNs).
func arnServices(svc string) []string {
	out := []string{}
	if _, ok := catalog.LookupService(svc); ok {
		out = append(out, svc)
	}
	for _, s := range catalog.Services() {
		if s.Prefix == svc || !strings.HasPrefix(svc, s.Prefix) {
			continue
		}
		for _, t := range catalog.ResourceTypes(s.Prefix) {
			if slices.ContainsFunc(t.ARNFormats, func(f string) bool { return strings.Contains(f, ":"+svc+":") }) {
				out = append(out, s.Prefix)
				break
			}
		}
	}
	return out
}

var formatCache sync.Map // format string → *regexp.Regexp

// formatRegexp turns an ARN format into a regexp capturing its variables:
// inside the first five fields a variable is one field; in the resource
// part variables are lazy but the last, so that "b/k/l" is bucket b and
// key k/l, as catalog.MatchResourceType reads it.
func formatRegexp(format string) (*regexp.Regexp, []string) {
	varRE := regexp.MustCompile(`\$\{([^}]+)\}`)
	names := []string{}
	for _, m := range varRE.FindAllStringSubmatch(format, -1) {
		names = append(names, m[1])
	}
	if re, ok := formatCache.Load(format); ok {
		return re.(*regexp.Regexp), names
	}
	fields := strings.SplitN(format, ":", 6)
	var b strings.Builder
	b.WriteString("^")
	nvar := 0
	for i, f := range fields {
		if i > 0 {
			b.WriteString(":")
		}
		locs := varRE.FindAllStringIndex(f, -1)
		last := 0
		for _, l := range locs {
			b.WriteString(regexp.QuoteMeta(f[last:l[0]]))
			nvar++
			switch {
			case i < 5:
				b.WriteString(`([^:]*)`)
			case nvar == len(names):
				b.WriteString(`(.+)`)
			default:
				b.WriteString(`(.+?)`)
			}
			last = l[1]
		}
		b.WriteString(regexp.QuoteMeta(f[last:]))
	}
	b.WriteString("$")
	re := regexp.MustCompile(b.String())
	formatCache.Store(format, re)
	return re, names
}

// captureVars reads the named parts of an ARN of type t: "bucket name
// HRBucket". Partition, region and account are left out unless set.
func captureVars(t catalog.ResourceTypeInfo, arn string) []string {
	for _, f := range t.ARNFormats {
		re, names := formatRegexp(f)
		m := re.FindStringSubmatch(arn)
		if m == nil {
			continue
		}
		var out []string
		for i, name := range names {
			v := m[i+1]
			if name == "Partition" || v == "" || (v == "*" && (name == "Region" || name == "Account")) {
				continue
			}
			out = append(out, words(name)+" "+v)
		}
		return out
	}
	return nil
}

// words spells a format variable in lower case: "BucketName" → "bucket
// name", "KeyId" → "key id".
func words(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' && !(name[i-1] >= 'A' && name[i-1] <= 'Z') {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// describePrincipal is the Principal line of a statement.
func describePrincipal(st *policy.Statement) string {
	switch {
	case st.Principal != nil:
		return principalWords(st.Principal)
	case st.NotPrincipal != nil:
		return "everyone except " + principalWords(st.NotPrincipal) + " (NotPrincipal)"
	}
	return "whoever the policy is attached to (no Principal element)"
}

func principalWords(p *policy.Principal) string {
	if p.Wildcard {
		return `anyone, including anonymous callers ("*")`
	}
	var parts []string
	for _, k := range p.Kinds {
		for _, v := range k.Values.Strings() {
			parts = append(parts, principalValue(k.Kind, v))
		}
	}
	return joinAnd(parts)
}

func principalValue(kind, v string) string {
	switch kind {
	case "Service":
		return "the service " + v
	case "Federated":
		return "users federated through " + v
	case "CanonicalUser":
		return "the S3 canonical user " + v
	}
	if v == "*" {
		return `any AWS principal, in any account ("AWS": "*")`
	}
	if len(v) == 12 && strings.Trim(v, "0123456789") == "" {
		return "account " + v + " (any principal its own policies allow)"
	}
	parts, ok := policy.SplitARN(v)
	if !ok {
		return v
	}
	acct, res := parts[4], parts[5]
	kindOf, name, _ := strings.Cut(res, "/")
	switch {
	case res == "root":
		return "account " + acct + " (any principal its own policies allow)"
	case kindOf == "user" || kindOf == "role":
		return fmt.Sprintf("the %s %s in account %s", kindOf, name, acct)
	case kindOf == "assumed-role":
		role, session, _ := strings.Cut(name, "/")
		return fmt.Sprintf("session %s of role %s in account %s", session, role, acct)
	}
	return v
}

// operatorWords are the verbs of condition operators.
var operatorWords = map[string][2]string{ // base → {verb, negated?}
	"StringEquals": {"is", ""}, "StringNotEquals": {"is not", "neg"},
	"StringEqualsIgnoreCase": {"is, in any case,", ""}, "StringNotEqualsIgnoreCase": {"is not, in any case,", "neg"},
	"StringLike": {"matches", ""}, "StringNotLike": {"does not match", "neg"},
	"NumericEquals": {"equals", ""}, "NumericNotEquals": {"does not equal", "neg"},
	"NumericLessThan": {"is less than", ""}, "NumericLessThanEquals": {"is at most", ""},
	"NumericGreaterThan": {"is greater than", ""}, "NumericGreaterThanEquals": {"is at least", ""},
	"DateEquals": {"is", ""}, "DateNotEquals": {"is not", "neg"},
	"DateLessThan": {"is before", ""}, "DateLessThanEquals": {"is at or before", ""},
	"DateGreaterThan": {"is after", ""}, "DateGreaterThanEquals": {"is at or after", ""},
	"Bool": {"is", ""}, "BinaryEquals": {"is (base64)", ""},
	"IpAddress": {"is an address in", ""}, "NotIpAddress": {"is not an address in", "neg"},
	"ArnEquals": {"is", ""}, "ArnLike": {"matches", ""},
	"ArnNotEquals": {"is not", "neg"}, "ArnNotLike": {"does not match", "neg"},
}

// describeCondition says when one operator–key pair holds: "when
// aws:MultiFactorAuthPresent is false, or absent (BoolIfExists)". Whether
// an absent key satisfies it is not recalled from the documentation but
// asked of the evaluator.
func describeCondition(c *policy.Condition, version string) string {
	vals := c.Values.Strings()
	var b strings.Builder
	b.WriteString("when ")
	switch c.Set {
	case policy.ForAnyValue:
		b.WriteString("any value of ")
	case policy.ForAllValues:
		b.WriteString("every value of ")
	}
	b.WriteString(c.Key)
	if c.Base == "Null" {
		if len(vals) == 1 && strings.EqualFold(vals[0], "true") {
			b.WriteString(" is absent")
		} else if len(vals) == 1 && strings.EqualFold(vals[0], "false") {
			b.WriteString(" is present")
		} else {
			fmt.Fprintf(&b, " is absent (%s) or present", joinOr(quoteAll(vals)))
		}
	} else {
		w := operatorWords[c.Base]
		b.WriteString(" " + w[0] + " ")
		if w[1] == "neg" && len(vals) > 1 {
			b.WriteString("any of " + joinOr(vals))
			b.WriteString(" (none of them matches)")
		} else {
			b.WriteString(joinOr(vals))
		}
	}
	if c.Base != "Null" {
		switch absent := conditionOnAbsent(c, version); {
		case absent && c.IfExists:
			fmt.Fprintf(&b, ", or absent (%s)", c.Operator)
		case absent && c.Set == policy.ForAllValues:
			b.WriteString(", or absent or empty (ForAllValues: holds for no values at all)")
		case absent:
			b.WriteString(", or absent (a negated operator holds when the key is missing)")
		}
	}
	if k, ok := catalog.ConditionKey(c.Key); !ok {
		b.WriteString(" [a key not in the catalogue]")
	} else if k.Type != "" && strings.HasPrefix(k.Type, "ArrayOf") && c.Set == policy.NoSet {
		fmt.Fprintf(&b, " [%s is multivalued (%s): without ForAnyValue:/ForAllValues: the operator compares each value]", c.Key, k.Type)
	}
	return b.String()
}

// conditionOnAbsent asks the evaluator whether condition c holds when its
// key is absent, with a one-statement policy that allows on it.
func conditionOnAbsent(c *policy.Condition, version string) bool {
	return satisfies(version, []*policy.Condition{c}, keyState{Key: c.Key, Absent: true})
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Quote(x)
	}
	return out
}

// num formats n with thousands separators: 21,901.
func num(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + num(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return num(n) + " " + what + "s"
}

func joinAnd(xs []string) string { return joinWith(xs, "and") }
func joinOr(xs []string) string  { return joinWith(xs, "or") }

func joinWith(xs []string, conj string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " " + conj + " " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + conj + " " + xs[len(xs)-1]
}
