package sigma

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"
)

// mapEvent is a decoded JSON record.
type mapEvent map[string]any

func (m mapEvent) Values(field string, yield func(any) bool) bool {
	var nodes []any = []any{map[string]any(m)}
	for _, k := range strings.Split(field, ".") {
		var next []any
		for _, n := range nodes {
			switch t := n.(type) {
			case map[string]any:
				if v, ok := t[k]; ok {
					next = append(next, v)
				}
			case []any:
				for _, x := range t {
					if mm, ok := x.(map[string]any); ok {
						if v, ok := mm[k]; ok {
							next = append(next, v)
						}
					}
				}
			}
		}
		nodes = next
	}
	for _, n := range nodes {
		if arr, ok := n.([]any); ok {
			for _, x := range arr {
				if !yield(x) {
					return true
				}
			}
			continue
		}
		if !yield(n) {
			return true
		}
	}
	return len(nodes) > 0
}

func (m mapEvent) All(yield func(any) bool) {
	var visit func(any) bool
	visit = func(n any) bool {
		switch t := n.(type) {
		case map[string]any:
			for _, v := range t {
				if !visit(v) {
					return false
				}
			}
		case []any:
			for _, v := range t {
				if !visit(v) {
					return false
				}
			}
		default:
			return yield(t)
		}
		return true
	}
	visit(map[string]any(m))
}

func event(t testing.TB, s string) mapEvent {
	t.Helper()
	var m mapEvent
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A security group ingress record as CloudTrail logs it (EC2 API reference
// and CloudTrail user guide examples).
const sgEvent = `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Mary","accountId":"111122223333","userName":"Mary"},
"eventTime":"2024-01-05T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"us-east-1",
"sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0 Python/3.11",
"requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}},
"responseElements":{"_return":true},"additionalEventData":null,"errorCode":null,"readOnly":false,"managementEvent":true}`

func rule(detection string) string {
	return "title: t\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n" + detection
}

func TestMatch(t *testing.T) {
	ev := event(t, sgEvent)
	for _, tc := range []struct {
		name, det string
		want      bool
	}{
		{"plain", "  sel:\n    eventName: AuthorizeSecurityGroupIngress\n  condition: sel", true},
		{"case-insensitive", "  sel:\n    eventName: authorizesecuritygroupingress\n  condition: sel", true},
		{"cased", "  sel:\n    eventName|cased: authorizesecuritygroupingress\n  condition: sel", false},
		{"list is or", "  sel:\n    eventName: [A, AuthorizeSecurityGroupIngress]\n  condition: sel", true},
		{"map is and", "  sel:\n    eventName: AuthorizeSecurityGroupIngress\n    eventSource: s3.amazonaws.com\n  condition: sel", false},
		{"list of maps", "  sel:\n    - eventSource: s3.amazonaws.com\n    - eventName: AuthorizeSecurityGroupIngress\n  condition: sel", true},
		{"nested array path", "  sel:\n    requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0\n  condition: sel", true},
		{"number", "  sel:\n    requestParameters.ipPermissions.items.fromPort: 22\n  condition: sel", true},
		{"bool", "  sel:\n    responseElements._return: true\n  condition: sel", true},
		{"contains", "  sel:\n    userAgent|contains: CLI/2\n  condition: sel", true},
		{"startswith", "  sel:\n    userAgent|startswith: aws-cli\n  condition: sel", true},
		{"endswith", "  sel:\n    userAgent|endswith: '3.11'\n  condition: sel", true},
		{"wildcard star", "  sel:\n    userAgent: 'aws-*/3.11'\n  condition: sel", true},
		{"wildcard question", "  sel:\n    eventSource: 'ec?.amazonaws.com'\n  condition: sel", true},
		{"escaped star", "  sel:\n    eventSource: 'ec2\\*'\n  condition: sel", false},
		{"all", "  sel:\n    userAgent|contains|all: [aws-cli, Python]\n  condition: sel", true},
		{"all fails", "  sel:\n    userAgent|contains|all: [aws-cli, Ruby]\n  condition: sel", false},
		{"re", "  sel:\n    userAgent|re: '^aws-cli/2\\.\\d+'\n  condition: sel", true},
		{"re case", "  sel:\n    userAgent|re: '^AWS-CLI'\n  condition: sel", false},
		{"re i", "  sel:\n    userAgent|re|i: '^AWS-CLI'\n  condition: sel", true},
		{"cidr", "  sel:\n    sourceIPAddress|cidr: 203.0.113.0/24\n  condition: sel", true},
		{"cidr miss", "  sel:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: sel", false},
		{"exists", "  sel:\n    requestParameters.groupId|exists: true\n  condition: sel", true},
		{"not exists", "  sel:\n    requestParameters.vpcId|exists: false\n  condition: sel", true},
		{"null absent", "  sel:\n    requestParameters.vpcId: null\n  condition: sel", true},
		{"null value", "  sel:\n    errorCode: null\n  condition: sel", true},
		{"null present", "  sel:\n    eventName: null\n  condition: sel", false},
		{"gt", "  sel:\n    requestParameters.ipPermissions.items.toPort|gt: 21\n  condition: sel", true},
		{"lte", "  sel:\n    requestParameters.ipPermissions.items.toPort|lte: 21\n  condition: sel", false},
		{"fieldref", "  sel:\n    requestParameters.ipPermissions.items.fromPort|fieldref: requestParameters.ipPermissions.items.toPort\n  condition: sel", true},
		{"base64", "  sel:\n    b|base64: hello\n  condition: sel", false},
		{"keywords", "  kw:\n    - Mary\n  condition: kw", true},
		{"and not", "  a:\n    eventSource: ec2.amazonaws.com\n  b:\n    userIdentity.type: Root\n  condition: a and not b", true},
		{"or paren", "  a:\n    eventSource: x\n  b:\n    eventName: y\n  c:\n    awsRegion: us-east-1\n  condition: (a or b) and c", false},
		{"precedence", "  a:\n    eventSource: x\n  b:\n    eventName: y\n  c:\n    awsRegion: us-east-1\n  condition: a and b or c", true},
		{"1 of", "  sel_a:\n    eventSource: x\n  sel_b:\n    awsRegion: us-east-1\n  condition: 1 of sel_*", true},
		{"all of", "  sel_a:\n    eventSource: x\n  sel_b:\n    awsRegion: us-east-1\n  condition: all of sel_*", false},
		{"all of them", "  sel_a:\n    eventSource: ec2.amazonaws.com\n  sel_b:\n    awsRegion: us-east-1\n  condition: all of them", true},
		{"2 of", "  a:\n    eventSource: ec2.amazonaws.com\n  b:\n    awsRegion: x\n  c:\n    userIdentity.userName: Mary\n  condition: 2 of them", true},
		{"condition list", "  a:\n    eventSource: x\n  b:\n    awsRegion: us-east-1\n  condition:\n    - a\n    - b", true},
		{"not not", "  a:\n    eventSource: x\n  condition: not not a", false},
	} {
		r, err := Parse("r.yml", []byte(rule(tc.det)))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := r.Match(ev); got != tc.want {
			t.Errorf("%s: Match = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestModifierEncodings(t *testing.T) {
	// base64offset: "http" at each alignment inside a longer base64 text.
	for _, text := range []string{"xhttpx", "xxhttp", "http:"} {
		ev := mapEvent{"f": b64(text)}
		r, err := Parse("r.yml", []byte(rule("  s:\n    f|base64offset|contains: http\n  condition: s")))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Match(ev) {
			t.Errorf("base64offset does not find http in %q (%s)", text, b64(text))
		}
	}
	r, err := Parse("r.yml", []byte(rule("  s:\n    f|base64: hello\n  condition: s")))
	if err != nil || !r.Match(mapEvent{"f": "aGVsbG8="}) {
		t.Errorf("base64: %v", err)
	}
	for _, tc := range []struct {
		det, value string
		want       bool
	}{
		{"f|contains: äB", "xÄbc", true},
		{"f|startswith: MOZ", "mozilla", true},
		{"f|endswith: X.Y", "a-x.y", true},
		{"f|contains: ab", "xaxbab", true},
		{"f|contains: abc", "ab", false},
		{"f|contains|cased: AB", "xab", false},
	} {
		r, err := Parse("r.yml", []byte(rule("  s:\n    "+tc.det+"\n  condition: s")))
		if err != nil || r.Match(mapEvent{"f": tc.value}) != tc.want {
			t.Errorf("%s on %q: want %v (%v)", tc.det, tc.value, tc.want, err)
		}
	}
	r, err = Parse("r.yml", []byte(rule("  s:\n    cmd|windash|contains: ' -enc '\n  condition: s")))
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"ps -enc x", "ps /enc x", "ps \u2013enc x"} {
		if !r.Match(mapEvent{"cmd": cmd}) {
			t.Errorf("windash misses %q", cmd)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"no condition", rule("  sel:\n    a: b\n"), "r.yml:6:3: detection has no condition"},
		{"unknown identifier", rule("  sel:\n    a: b\n  condition: sel and other"), `r.yml:8:22: condition: unknown search identifier "other"`},
		{"aggregation", rule("  sel:\n    a: b\n  condition: sel | count() > 5"), "r.yml:8:18: condition: aggregations (| count() …), use a built-in stateful detection: not supported"},
		{"bad modifier", rule("  sel:\n    a|frobnicate: b\n  condition: sel"), `r.yml:7:5: modifier "frobnicate": not supported`},
		{"utf16", rule("  sel:\n    a|utf16le|base64: b\n  condition: sel"), "UTF-16 encodings (Windows logs only)"},
		{"bad regex", rule("  sel:\n    a|re: '(a'\n  condition: sel"), "r.yml:7:11: regular expression: missing closing )"},
		{"backreference", rule("  sel:\n    a|re: '(a)\\1'\n  condition: sel"), "RE2 syntax"},
		{"timeframe", rule("  sel:\n    a: b\n  timeframe: 5m\n  condition: sel"), "timeframe (aggregations over time): not supported"},
		{"logsource", "title: t\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: b\n  condition: s", `r.yml:3:3: logsource product "windows"`},
		{"alias", "title: t\nx: &a [1]\ny: *a\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {a: b}, condition: s}", "YAML aliases: not supported"},
		{"two docs", rule("  s:\n    a: b\n  condition: s") + "\n---\ntitle: u\n", "several YAML documents"},
		{"yaml syntax", "title: [unclosed\n", "r.yml:"},
		{"no title", "logsource: {product: aws, service: cloudtrail}\ndetection: {s: {a: b}, condition: s}", "rule has no title"},
		{"combined", rule("  s:\n    a|contains|startswith: b\n  condition: s"), "cannot be combined"},
		{"all single", rule("  s:\n    a|all: b\n  condition: s"), "needs a list"},
		{"wildcard alone", rule("  s_a:\n    a: b\n  condition: s_*"), "only allowed after"},
		{"of nothing", rule("  s:\n    a: b\n  condition: 1 of x*"), "matches no search identifier"},
		{"bad count", rule("  s:\n    a: b\n  condition: 0 of them"), "must be a count"},
		{"parens", rule("  s:\n    a: b\n  condition: (s"), "missing )"},
		{"correlation", "title: t\ncorrelation: {type: event_count}\n", "correlation rules: not supported"},
		{"bad level", "title: t\nlevel: severe\n", `level "severe"`},
		{"cidr", rule("  s:\n    a|cidr: 10.0.0.0/33\n  condition: s"), "not a CIDR block"},
		{"gt", rule("  s:\n    a|gt: ten\n  condition: s"), "is not a number"},
	} {
		_, err := Parse("r.yml", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: %T is not a ParseError", tc.name, err)
		}
	}
}

func TestYAMLBomb(t *testing.T) {
	bomb := `title: t
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
logsource: {product: aws, service: cloudtrail}
detection: {s: {a: b}, condition: s}
`
	if _, err := Parse("bomb.yml", []byte(bomb)); err == nil || !errors.Is(err, ErrUnsupported) {
		t.Errorf("bomb: %v", err)
	}
	big := strings.Repeat("#", MaxRuleSize+1)
	if _, err := Parse("big.yml", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big: %v", err)
	}
}

func TestExplainAndIndex(t *testing.T) {
	r, err := Parse("r.yml", []byte(rule("  sel:\n    eventSource: ec2.amazonaws.com\n    eventName: [AuthorizeSecurityGroupIngress, AuthorizeSecurityGroupEgress]\n  filter:\n    userIdentity.type: Root\n  condition: sel and not filter")))
	if err != nil {
		t.Fatal(err)
	}
	ev := event(t, sgEvent)
	if got, want := r.Explain(ev), "sel: eventSource=ec2.amazonaws.com eventName=AuthorizeSecurityGroupIngress"; got != want {
		t.Errorf("Explain = %q, want %q", got, want)
	}
	other, _ := Parse("o.yml", []byte(rule("  s:\n    awsRegion: us-east-1\n  condition: s")))
	set := NewSet([]*Rule{r, other})
	var hits []string
	set.Match(ev, func(r *Rule) { hits = append(hits, r.File) })
	if strings.Join(hits, ",") != "r.yml,o.yml" {
		t.Errorf("Set.Match = %v", hits)
	}
	hits = nil
	set.Match(mapEvent{"eventName": "GetObject", "awsRegion": "eu-west-1"}, func(r *Rule) { hits = append(hits, r.File) })
	if len(hits) != 0 {
		t.Errorf("Set.Match on other event = %v", hits)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rule("  sel:\n    eventName|contains|all: [a, b]\n  f:\n    x|re|i: '^a'\n  condition: sel and not 1 of f*")))
	f.Add([]byte(rule("  s:\n    a|base64offset|contains: http\n    b|cidr: 10.0.0.0/8\n    c: null\n  condition: all of them")))
	f.Add([]byte(rule("  kw: [a, 'b*c?']\n  condition: kw")))
	f.Add([]byte("title: t\na: &a [x]\nb: *a\n"))
	ev := event(f, sgEvent)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("fuzz.yml", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T is not a ParseError: %v", err, err)
			}
			return
		}
		r.Match(ev)
		r.Explain(ev)
	})
}

func FuzzCondition(f *testing.F) {
	for _, c := range []string{"a and not b", "1 of s* or (a and b)", "all of them", "not (a or (b and c))", "2 of them", "a | count() > 1"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		a := &selection{name: "a", groups: [][]*fieldMatcher{{{field: "eventName", vals: &valueMatcher{pats: []pattern{compileGlob("x", false)}}}}}}
		b := &selection{name: "b", groups: [][]*fieldMatcher{{{field: "awsRegion", vals: &valueMatcher{pats: []pattern{compileGlob("y*", false)}}}}}}
		sels := map[string]*selection{"a": a, "b": b, "s1": a, "s2": b}
		e, err := parseCondition(cond, sels, []string{"a", "b", "s1", "s2"})
		if err != nil {
			var ce *CondError
			if !errors.As(err, &ce) || ce.Pos < 0 || ce.Pos > len(cond) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		// What the condition requires of eventName must hold whenever it
		// matches.
		for _, name := range []string{"x", "y"} {
			if e.eval(mapEvent{"eventName": name, "awsRegion": "yes"}) {
				if need := required(e, "eventName"); need != nil && !need(name) {
					t.Fatalf("%q matches eventName %q, but its requirement refuses it", cond, name)
				}
			}
		}
	})
}

// TestSetIndex checks the index against matching every rule: a rule pinned
// by event name or source is still tried whatever the case of the value,
// and rules pinned by patterns or by nothing are tried on every event.
func TestSetIndex(t *testing.T) {
	var rules []*Rule
	for i, det := range []string{
		"  s:\n    eventName: PutBucketPolicy\n  condition: s",
		"  s:\n    eventSource: lambda.amazonaws.com\n    eventName|startswith: UpdateFunctionCode\n  condition: s",
		"  s:\n    eventSource: [S3.amazonaws.com, ec2.amazonaws.com]\n  condition: s",
		"  s:\n    eventSource|endswith: .amazonaws.com\n  condition: s",
		"  a:\n    eventSource: lambda.amazonaws.com\n  b:\n    eventName: Invoke\n  condition: a or b",
		"  s:\n    eventName: Ünicode\n  condition: s",
		"  s:\n    awsRegion: us-east-1\n  condition: s",
		"  s:\n    eventName|re: '^(Put|Delete)(Role|User)Policy$'\n  condition: s",
		"  s:\n    eventName: PutBucketPolicy\n  condition: not s",
		"  a:\n    eventName|startswith: Put\n  b:\n    eventSource: s3.amazonaws.com\n  condition: 1 of them",
		"  a:\n    eventName|startswith: Put\n  b:\n    awsRegion: us-east-1\n  condition: 1 of them",
		"  a:\n    eventName|startswith: Put\n  b:\n    eventName|endswith: Policy\n  condition: all of them",
		"  s:\n    - eventName: Invoke\n    - awsRegion: us-east-1\n  condition: s",
		"  s:\n    eventName|cased: invoke\n  condition: s",
		"  s:\n    eventName: null\n  condition: s",
		"  s:\n    eventName|exists: false\n  condition: s",
		"  s:\n    - PutBucketPolicy\n  condition: s",
	} {
		r, err := Parse(fmt.Sprintf("r%d.yml", i), []byte(rule(det)))
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
	}
	set := NewSet(rules)
	for _, ev := range []mapEvent{
		{"eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy", "awsRegion": "us-east-1"},
		{"eventSource": "LAMBDA.amazonaws.com", "eventName": "UpdateFunctionCode20150331v2"},
		{"eventSource": "lambda.amazonaws.com", "eventName": "invoke"},
		{"eventSource": "ec2.amazonaws.com", "eventName": "ünicode"},
		{"eventName": "PutBucketPolicy"},
		{"eventSource": "iam.amazonaws.com", "eventName": "PutRolePolicy", "awsRegion": "eu-west-1"},
		{"eventSource": "iam.amazonaws.com", "eventName": "DeleteUserPolicy"},
		{"eventSource": "lambda.amazonaws.com", "eventName": "Invoke"},
		{"eventSource": "s3.amazonaws.com", "eventName": 5.0},
		{},
	} {
		var want, got []string
		for _, r := range rules {
			if r.Match(ev) {
				want = append(want, r.File)
			}
		}
		slices.Sort(want)
		// Twice: the second time from the remembered candidates.
		for range 2 {
			got = got[:0]
			for _, r := range set.AppendMatches(nil, ev) {
				got = append(got, r.File)
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%v: (-every rule +set)\n%s", ev, diff)
			}
		}
	}
}

func TestIsASCII(t *testing.T) {
	for n := range 20 {
		s := []byte(strings.Repeat("a", n))
		if !isASCII(string(s)) {
			t.Errorf("%q: not ASCII", s)
		}
		for i := range n {
			c := slices.Clone(s)
			c[i] = 0xc3
			if isASCII(string(c)) {
				t.Errorf("%q: ASCII", c)
			}
		}
	}
}

// FuzzGlob checks the in-place case-insensitive comparisons against
// lower-casing the value first.
func FuzzGlob(f *testing.F) {
	f.Add("Mozilla/5.0 (X11; Kali Linux)", "kali")
	f.Add("arn:aws:iam::1:role/Admin", "ADMIN")
	f.Add("straße", "SS")
	f.Add("\u212aALI", "kali")
	f.Fuzz(func(t *testing.T, s, lit string) {
		if strings.ContainsAny(lit, `*?\`) {
			return
		}
		low, want := strings.ToLower(s), strings.ToLower(lit)
		for _, c := range []struct {
			pattern string
			want    bool
		}{
			{lit + "*", strings.HasPrefix(low, want)},
			{"*" + lit, strings.HasSuffix(low, want)},
			{"*" + lit + "*", strings.Contains(low, want)},
		} {
			if got := compileGlob(c.pattern, false).matchStr(s); got != c.want {
				t.Errorf("%q matching %q: %v, want %v", c.pattern, s, got, c.want)
			}
		}
	})
}
