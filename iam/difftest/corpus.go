package difftest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/awssec/awssec/iam/policy"
)

// Seed is the corpus's fixed seed: the same seed gives the same cases, in
// the same order, with the same ids.
const Seed = 20260501

// The two accounts of the corpus.
const (
	AccountA = "111122223333"
	AccountB = "444455556666"
)

// Corpus generates the differential corpus from our templates: action and
// resource matching, every condition operator with …IfExists and the set
// qualifiers, policy variables, and the policy types (identity; identity
// with a resource policy in the same account and across accounts; SCPs;
// RCPs; permissions boundaries; session policies; KMS key and role trust
// policies; root, federated, service and anonymous callers), then random
// mixtures of them drawn with seed.
func Corpus(seed uint64) []Case {
	g := &gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), n: map[string]int{}}
	g.actions()
	g.resources()
	g.conditions()
	g.conditionPairs()
	g.variables()
	g.policyTypes()
	g.scps()
	g.rcps()
	g.keyAndTrust()
	g.callers()
	g.mixtures(1200)
	return g.cases
}

type gen struct {
	rng   *rand.Rand
	n     map[string]int
	cases []Case
}

func (g *gen) add(c Case) {
	g.n[c.Template]++
	c.ID = fmt.Sprintf("%s-%04d", c.Template, g.n[c.Template])
	slices.Sort(c.Features)
	c.Features = slices.Compact(c.Features)
	g.cases = append(g.cases, c)
}

// caller is a principal and the context keys AWS derives from it.
type caller struct {
	name, arn, account string
	ctx                map[string][]string
}

func iamCaller(name, arn, account, typ, username, userid, principalArn string) caller {
	ctx := map[string][]string{
		"aws:PrincipalArn":          {principalArn},
		"aws:PrincipalAccount":      {account},
		"aws:PrincipalType":         {typ},
		"aws:userid":                {userid},
		"aws:PrincipalIsAWSService": {"false"},
	}
	if username != "" {
		ctx["aws:username"] = []string{username}
	}
	return caller{name: name, arn: arn, account: account, ctx: ctx}
}

var (
	alice    = iamCaller("user", "arn:aws:iam::"+AccountA+":user/alice", AccountA, "User", "alice", "AIDAALICEEXAMPLE", "arn:aws:iam::"+AccountA+":user/alice")
	carol    = iamCaller("user2", "arn:aws:iam::"+AccountA+":user/carol", AccountA, "User", "carol", "AIDACAROLEXAMPLE", "arn:aws:iam::"+AccountA+":user/carol")
	session  = iamCaller("session", "arn:aws:sts::"+AccountA+":assumed-role/Dev/s1", AccountA, "AssumedRole", "", "AROADEVEXAMPLE:s1", "arn:aws:iam::"+AccountA+":role/Dev")
	bob      = iamCaller("xuser", "arn:aws:iam::"+AccountB+":user/bob", AccountB, "User", "bob", "AIDABOBEXAMPLE", "arn:aws:iam::"+AccountB+":user/bob")
	xsession = iamCaller("xsession", "arn:aws:sts::"+AccountB+":assumed-role/Ops/s2", AccountB, "AssumedRole", "", "AROAOPSEXAMPLE:s2", "arn:aws:iam::"+AccountB+":role/Ops")
	rootA    = iamCaller("root", "arn:aws:iam::"+AccountA+":root", AccountA, "Account", "", AccountA, "arn:aws:iam::"+AccountA+":root")
	fedUser  = iamCaller("federated", "arn:aws:sts::"+AccountA+":federated-user/dana", AccountA, "FederatedUser", "", AccountA+":dana", "arn:aws:sts::"+AccountA+":federated-user/dana")
)

// target is an action and a resource of a type the action takes.
type target struct {
	action, arn, account string
}

var (
	tObject  = target{"s3:GetObject", "arn:aws:s3:::hr-data/reports/2024.csv", AccountA}
	tPut     = target{"s3:PutObject", "arn:aws:s3:::hr-data/Payroll/x.csv", AccountA}
	tDelete  = target{"s3:DeleteObject", "arn:aws:s3:::hr-data/tmp/a", AccountA}
	tBucket  = target{"s3:ListBucket", "arn:aws:s3:::hr-data", AccountA}
	tTable   = target{"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + AccountA + ":table/Orders", AccountA}
	tQueue   = target{"sqs:SendMessage", "arn:aws:sqs:us-east-1:" + AccountA + ":jobs", AccountA}
	tFunc    = target{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:" + AccountA + ":function:api", AccountA}
	tTopic   = target{"sns:Publish", "arn:aws:sns:eu-west-1:" + AccountA + ":alerts", AccountA}
	tStart   = target{"ec2:StartInstances", "arn:aws:ec2:us-east-1:" + AccountA + ":instance/i-0abc1234", AccountA}
	tDesc    = target{"ec2:DescribeInstances", "*", AccountA}
	tGetUser = target{"iam:GetUser", "arn:aws:iam::" + AccountA + ":user/alice", AccountA}
	tKey     = target{"iam:CreateAccessKey", "arn:aws:iam::" + AccountA + ":user/bob", AccountA}
	tSecret  = target{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + AccountA + ":secret:db-AbCdEf", AccountA}
	tLogs    = target{"logs:PutLogEvents", "arn:aws:logs:us-east-1:" + AccountA + ":log-group:app:log-stream:s1", AccountA}
	tKMS     = target{"kms:Decrypt", "arn:aws:kms:us-east-1:" + AccountA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", AccountA}
	tAssume  = target{"sts:AssumeRole", "arn:aws:iam::" + AccountA + ":role/Deploy", AccountA}

	targets = []target{tObject, tPut, tDelete, tBucket, tTable, tQueue, tFunc, tTopic, tStart, tDesc, tGetUser, tKey, tSecret, tLogs}
)

func doc(stmts ...Stmt) *Doc { return &Doc{Version: policy.Version2012, Statement: stmts} }

func allow(action, resource any) Stmt {
	return Stmt{Effect: "Allow", Action: action, Resource: resource}
}

func deny(action, resource any) Stmt {
	return Stmt{Effect: "Deny", Action: action, Resource: resource}
}

// request fills the request fields of c: the caller, its derived context
// and the resource account, plus extra context keys.
func request(c Case, who caller, t target, extra map[string][]string) Case {
	c.Principal, c.Action, c.ResourceARN, c.ResourceAccount = who.arn, t.action, t.arn, t.account
	c.Context = map[string][]string{}
	maps.Copy(c.Context, who.ctx)
	if t.account != "" {
		c.Context["aws:ResourceAccount"] = []string{t.account}
	}
	for k, v := range extra {
		if v == nil {
			delete(c.Context, k)
			continue
		}
		c.Context[k] = v
	}
	if who.account != t.account && who.arn != "" && who.account != "" {
		c.Features = append(c.Features, "cross-account")
	}
	return c
}

// actions: Action and NotAction patterns (case, *, ?) against every
// target's action.
func (g *gen) actions() {
	patterns := []any{
		"s3:GetObject", "s3:getobject", "S3:GETOBJECT", "s3:Get*", "s3:*Object", "s3:*", "*",
		"s3:G?tObject", "s3:Get?bject", "s3:List*", "ec2:*Instances", "ec2:Describe*", "iam:*",
		"iam:Get*", "dynamodb:Get*", "sqs:*", "lambda:Invoke*", "sns:Pub*", "s3:*Obj*",
		"s3:?etObject*", "secretsmanager:GetSecret*", "logs:Put*", "iam:Create*Key", "s3:*o*",
		[]string{"s3:GetObject", "sqs:SendMessage"}, []string{"ec2:Start*", "ec2:Stop*", "logs:*"},
	}
	for _, pat := range patterns {
		for _, t := range targets {
			for _, kind := range []string{"allow", "allow-not", "deny", "deny-not"} {
				c := Case{Template: "action", Features: []string{"action", "kind:" + kind}}
				if isWild(pat) {
					c.Features = append(c.Features, "wildcard")
				}
				switch kind {
				case "allow":
					c.Identity = []Doc{*doc(allow(pat, "*"))}
				case "allow-not":
					c.Identity = []Doc{*doc(Stmt{Effect: "Allow", NotAction: pat, Resource: "*"})}
					c.Features = append(c.Features, "notaction")
				case "deny":
					c.Identity = []Doc{*doc(allow("*", "*"), deny(pat, "*"))}
				case "deny-not":
					c.Identity = []Doc{*doc(allow("*", "*"), Stmt{Effect: "Deny", NotAction: pat, Resource: "*"})}
					c.Features = append(c.Features, "notaction")
				}
				g.add(request(c, alice, t, nil))
			}
		}
	}
}

func isWild(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsAny(v, "*?")
	case []string:
		return slices.ContainsFunc(v, func(s string) bool { return strings.ContainsAny(s, "*?") })
	}
	return false
}

// resources: Resource and NotResource patterns against resources of
// several types, case and wildcards in every ARN field.
func (g *gen) resources() {
	type group struct {
		action   string
		account  string
		requests []string
		patterns []any
	}
	common := []any{"*", "arn:aws:*:*:" + AccountA + ":*", "arn:*:*:*:*:*", "arn:aws:*:*:*:*"}
	groups := []group{
		{"s3:GetObject", AccountA,
			[]string{"arn:aws:s3:::hr-data/reports/2024.csv", "arn:aws:s3:::hr-data/Payroll/x.csv", "arn:aws:s3:::HR-data/reports/2024.csv",
				"arn:aws:s3:::hr-data-backup/reports/2024.csv", "arn:aws:s3:::hr-data/a", "arn:aws:s3:::hr-data/a/b:c"},
			[]any{"arn:aws:s3:::hr-data/*", "arn:aws:s3:::hr-data/reports/*", "arn:aws:s3:::hr-data/*/2024.csv",
				"arn:aws:s3:::hr-data/payroll/*", "arn:aws:s3:::hr-data/Payroll/*", "arn:aws:s3:::hr-data*",
				"arn:aws:s3:::hr-data/?", "arn:aws:s3:::*/reports/*", "arn:aws:s3:::hr-data", "arn:aws:s3:::HR-DATA/*",
				"arn:aws:s3:*:*:hr-data/*", "arn:aws:s3:::hr-????/*", "arn:aws:s3:::hr-data/a/*", "arn:aws:s3:::hr-data/a/b:*",
				[]string{"arn:aws:s3:::hr-data/a", "arn:aws:s3:::hr-data/Payroll/*"}}},
		{"dynamodb:GetItem", AccountA,
			[]string{"arn:aws:dynamodb:us-east-1:" + AccountA + ":table/Orders", "arn:aws:dynamodb:us-east-1:" + AccountA + ":table/orders",
				"arn:aws:dynamodb:eu-west-1:" + AccountA + ":table/Orders", "arn:aws:dynamodb:us-east-1:" + AccountA + ":table/Orders-2024"},
			[]any{"arn:aws:dynamodb:*:" + AccountA + ":table/Orders", "arn:aws:dynamodb:us-east-1:*:table/*",
				"arn:aws:dynamodb:us-east-1:" + AccountA + ":table/O*", "arn:aws:dynamodb:*:*:*", "arn:aws:dynamodb:us-east-?:" + AccountA + ":table/Orders",
				"arn:aws:dynamodb:us-east-1:" + AccountA + ":table/Orders*", "arn:aws:dynamodb:us-east-1:" + AccountA + ":table/orders",
				"arn:aws:dynamodb:*-1:" + AccountA + ":table/Orders", "arn:aws:dynamodb:us-east-1:" + AccountB + ":table/Orders"}},
		{"sqs:SendMessage", AccountA,
			[]string{"arn:aws:sqs:us-east-1:" + AccountA + ":jobs", "arn:aws:sqs:us-east-1:" + AccountA + ":jobs-dlq", "arn:aws:sqs:us-west-2:" + AccountA + ":jobs"},
			[]any{"arn:aws:sqs:*:*:jobs", "arn:aws:sqs:us-east-1:" + AccountA + ":jobs*", "arn:aws:sqs:us-*:" + AccountA + ":*",
				"arn:aws:sqs:us-east-1:" + AccountA + ":???s", "arn:aws:sqs:*:" + AccountA + ":*-dlq"}},
		{"lambda:InvokeFunction", AccountA,
			[]string{"arn:aws:lambda:us-east-1:" + AccountA + ":function:api", "arn:aws:lambda:us-east-1:" + AccountA + ":function:api:prod"},
			[]any{"arn:aws:lambda:us-east-1:" + AccountA + ":function:api", "arn:aws:lambda:us-east-1:" + AccountA + ":function:api:*",
				"arn:aws:lambda:us-east-1:" + AccountA + ":function:*", "arn:aws:lambda:*:*:function:api*"}},
	}
	for _, gr := range groups {
		for _, pat := range append(slices.Clone(gr.patterns), common...) {
			for _, res := range gr.requests {
				for _, kind := range []string{"allow", "allow-not", "deny", "deny-not"} {
					c := Case{Template: "resource", Features: []string{"resource", "kind:" + kind}}
					if isWild(pat) {
						c.Features = append(c.Features, "wildcard")
					}
					switch kind {
					case "allow":
						c.Identity = []Doc{*doc(allow(gr.action, pat))}
					case "allow-not":
						c.Identity = []Doc{*doc(Stmt{Effect: "Allow", Action: gr.action, NotResource: pat})}
						c.Features = append(c.Features, "notresource")
					case "deny":
						c.Identity = []Doc{*doc(allow("*", "*"), deny(gr.action, pat))}
					case "deny-not":
						c.Identity = []Doc{*doc(allow("*", "*"), Stmt{Effect: "Deny", Action: gr.action, NotResource: pat})}
						c.Features = append(c.Features, "notresource")
					}
					g.add(request(c, alice, target{gr.action, res, gr.account}, nil))
				}
			}
		}
	}
}

// family is a group of condition operators with the keys, policy values
// and request values that exercise it. A nil context entry means the key
// is absent.
type family struct {
	name     string
	ops      []string
	key      string     // a single-valued key
	values   [][]string // policy values
	contexts [][]string // request values of key
	// setKey is the multivalued key the ForAllValues/ForAnyValue forms
	// test, with its request values; "" tests them on key.
	setKey      string
	setContexts [][]string
	// plainOnly: no …IfExists, no set qualifier (Null has neither).
	plainOnly bool
	// multivalued: key is a multivalued key.
	multivalued bool
}

var families = []family{
	{name: "string", ops: []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
		key:         "aws:PrincipalTag/team",
		values:      [][]string{{"dev"}, {"dev", "prod-*"}, {"D?v"}, {"*"}, {"prod-*-eu"}},
		contexts:    [][]string{{"dev"}, {"DEV"}, {"prod-1"}, {"prod-1-eu"}, {"test"}, nil},
		setKey:      "aws:TagKeys",
		setContexts: [][]string{{}, {"dev"}, {"dev", "test"}, {"dev", "prod-1"}, {"DEV", "dev"}, nil}},
	{name: "numeric", ops: []string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		key:      "aws:MultiFactorAuthAge",
		values:   [][]string{{"3600"}, {"100", "7200"}, {"3600.5"}},
		contexts: [][]string{{"0"}, {"100"}, {"3600"}, {"7200"}, nil}},
	{name: "date", ops: []string{"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
		key:      "aws:CurrentTime",
		values:   [][]string{{"2024-01-01T00:00:00Z"}, {"2024-01-01T01:00:00+01:00"}, {"1704067200"}, {"2023-06-01T00:00:00Z", "2025-01-01T00:00:00Z"}},
		contexts: [][]string{{"2023-12-31T23:59:59Z"}, {"2024-01-01T00:00:00Z"}, {"2024-07-01T12:00:00Z"}, nil}},
	{name: "bool", ops: []string{"Bool"},
		key:      "aws:SecureTransport",
		values:   [][]string{{"true"}, {"false"}, {"True"}},
		contexts: [][]string{{"true"}, {"false"}, nil}},
	{name: "binary", ops: []string{"BinaryEquals"},
		key:      "aws:PrincipalTag/blob",
		values:   [][]string{{"QmluYXJ5VmFsdWU="}, {"QmluYXJ5VmFsdWU=", "T3RoZXI="}},
		contexts: [][]string{{"QmluYXJ5VmFsdWU="}, {"T3RoZXI="}, {"QmluYXJ5"}, nil}},
	{name: "ip", ops: []string{"IpAddress", "NotIpAddress"},
		key:      "aws:SourceIp",
		values:   [][]string{{"10.0.0.0/8"}, {"203.0.113.0/24", "2001:db8::/32"}, {"192.0.2.1"}, {"10.1.2.3/32"}, {"0.0.0.0/0"}},
		contexts: [][]string{{"10.1.2.3"}, {"203.0.113.9"}, {"2001:db8::1"}, {"192.0.2.1"}, {"198.51.100.7"}, nil}},
	{name: "arn", ops: []string{"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
		key: "aws:SourceArn",
		values: [][]string{{"arn:aws:sns:us-east-1:" + AccountA + ":alerts"}, {"arn:aws:sns:*:" + AccountA + ":*"}, {"arn:aws:s3:::hr-*"},
			{"arn:aws:sns:us-east-1:" + AccountA + ":al?rts", "arn:aws:sqs:*:*:*"}, {"arn:aws:sns:*"}},
		contexts: [][]string{{"arn:aws:sns:us-east-1:" + AccountA + ":alerts"}, {"arn:aws:sns:eu-west-1:" + AccountA + ":alerts"},
			{"arn:aws:s3:::hr-data"}, {"arn:aws:sns:us-east-1:" + AccountB + ":alerts"}, {"arn:aws:sqs:us-east-1:" + AccountA + ":jobs"}, nil}},
	{name: "null", ops: []string{"Null"}, plainOnly: true,
		key:      "aws:PrincipalTag/team",
		values:   [][]string{{"true"}, {"false"}},
		contexts: [][]string{{"dev"}, nil}},
	{name: "null", ops: []string{"Null"}, plainOnly: true, multivalued: true,
		key:      "aws:TagKeys",
		values:   [][]string{{"true"}, {"false"}},
		contexts: [][]string{{}, {"dev"}, {"dev", "ops"}, nil}},
}

// conditions: every operator, plain, …IfExists, ForAllValues: and
// ForAnyValue:, in Allow and in Deny statements, against present, absent,
// single and multivalued request values.
func (g *gen) conditions() {
	for _, f := range families {
		for _, op := range f.ops {
			mods := []string{"", "IfExists", "ForAllValues:", "ForAnyValue:"}
			if f.plainOnly {
				mods = []string{""}
			}
			for _, mod := range mods {
				name, key, contexts := op, f.key, f.contexts
				features := []string{"condition", "op:" + op, "family:" + f.name}
				if f.multivalued {
					features = append(features, "multivalued-key")
				}
				switch mod {
				case "IfExists":
					name = op + "IfExists"
					features = append(features, "if-exists")
				case "ForAllValues:", "ForAnyValue:":
					name = mod + op
					features = append(features, "set:"+strings.TrimSuffix(mod, ":"))
					if f.setKey != "" {
						key, contexts = f.setKey, f.setContexts
						features = append(features, "multivalued-key")
					} else {
						features = append(features, "single-valued-key")
					}
				}
				for _, vals := range f.values {
					vfeatures := valueFeatures(f.name, vals)
					for _, ctx := range contexts {
						for _, effect := range []string{"Allow", "Deny"} {
							cond := map[string]map[string]any{name: {key: listOrOne(vals)}}
							c := Case{Template: "condition", Features: slices.Concat(features, vfeatures)}
							if effect == "Allow" {
								s := allow(tObject.action, "arn:aws:s3:::hr-data/*")
								s.Condition = cond
								c.Identity = []Doc{*doc(s)}
							} else {
								s := deny(tObject.action, "arn:aws:s3:::hr-data/*")
								s.Condition = cond
								c.Identity = []Doc{*doc(allow("s3:*", "*"), s)}
								c.Features = append(c.Features, "deny")
							}
							if f.name == "ip" && len(ctx) == 1 && strings.Contains(ctx[0], ":") {
								c.Features = append(c.Features, "ipv6-request")
							}
							if ctx == nil {
								c.Features = append(c.Features, "absent")
							} else if len(ctx) == 0 {
								c.Features = append(c.Features, "empty-set")
							}
							g.add(request(c, alice, tObject, map[string][]string{key: ctx}))
						}
					}
				}
			}
		}
	}
}

// valueFeatures tags the policy values a divergence depends on: a /0
// CIDR, an address without a prefix length, a date in epoch seconds, an
// ARN pattern of fewer than six fields.
func valueFeatures(family string, vals []string) []string {
	var fs []string
	for _, v := range vals {
		switch {
		case family == "ip" && strings.HasSuffix(v, "/0"):
			fs = append(fs, "cidr-zero")
		case family == "ip" && !strings.Contains(v, "/"):
			fs = append(fs, "ip-no-prefix")
		case family == "date" && strings.Trim(v, "0123456789") == "":
			fs = append(fs, "date-epoch")
		case family == "arn" && strings.Count(v, ":") < 5:
			fs = append(fs, "arn-short-pattern")
		}
	}
	return fs
}

func listOrOne(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

// conditionPairs: two operators in one block and two keys under one
// operator (AND), several values (OR).
func (g *gen) conditionPairs() {
	conds := []map[string]map[string]any{
		{"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
		{"StringEquals": {"aws:PrincipalTag/team": "dev", "aws:RequestedRegion": []string{"us-east-1", "eu-west-1"}}},
		{"StringLike": {"aws:PrincipalTag/team": "d*"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}},
		{"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}},
		{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::" + AccountA + ":user/*"}, "StringNotEquals": {"aws:username": "mallory"}},
		{"ForAnyValue:StringEquals": {"aws:TagKeys": []string{"dev", "ops"}}, "Null": {"aws:PrincipalTag/team": "false"}},
	}
	contexts := []map[string][]string{
		{},
		{"aws:SecureTransport": {"true"}, "aws:SourceIp": {"10.9.8.7"}, "aws:PrincipalTag/team": {"dev"}, "aws:RequestedRegion": {"us-east-1"},
			"aws:MultiFactorAuthAge": {"60"}, "aws:MultiFactorAuthPresent": {"true"}, "aws:CurrentTime": {"2024-05-05T00:00:00Z"}, "aws:TagKeys": {"ops"}},
		{"aws:SecureTransport": {"false"}, "aws:SourceIp": {"10.9.8.7"}, "aws:PrincipalTag/team": {"ops"}, "aws:RequestedRegion": {"eu-west-1"},
			"aws:MultiFactorAuthAge": {"7200"}, "aws:CurrentTime": {"2025-05-05T00:00:00Z"}, "aws:TagKeys": {"x"}},
		{"aws:SecureTransport": {"true"}, "aws:SourceIp": {"192.0.2.1"}, "aws:PrincipalTag/team": {"dev"}, "aws:RequestedRegion": {"us-west-2"},
			"aws:MultiFactorAuthAge": {"10"}, "aws:MultiFactorAuthPresent": {"false"}, "aws:CurrentTime": {"2023-05-05T00:00:00Z"}, "aws:TagKeys": {"dev", "x"}},
	}
	for i, cond := range conds {
		for _, ctx := range contexts {
			for _, effect := range []string{"Allow", "Deny"} {
				c := Case{Template: "condition-and", Features: []string{"condition", "and", fmt.Sprintf("block:%d", i)}}
				s := Stmt{Effect: effect, Action: "s3:GetObject", Resource: "*", Condition: cond}
				if effect == "Allow" {
					c.Identity = []Doc{*doc(s)}
				} else {
					c.Identity = []Doc{*doc(allow("*", "*"), s)}
					c.Features = append(c.Features, "deny")
				}
				g.add(request(c, alice, tObject, ctx))
			}
		}
	}
}

// variables: policy variables in Resource and in condition values, with
// defaults and the ${*} ${?} ${$} escapes, in 2012-10-17, 2008-10-17 and
// unversioned policies.
func (g *gen) variables() {
	type vp struct {
		name string
		stmt Stmt
	}
	bucket := "arn:aws:s3:::home/"
	withCond := func(s Stmt, cond map[string]map[string]any) Stmt { s.Condition = cond; return s }
	policies := []vp{
		{"username", allow("s3:GetObject", bucket+"${aws:username}/*")},
		{"tag", allow("s3:GetObject", bucket+"${aws:PrincipalTag/team}/*")},
		{"default", allow("s3:GetObject", bucket+"${aws:PrincipalTag/team, 'shared'}/*")},
		{"star", allow("s3:GetObject", bucket+"${*}/*")},
		{"question", allow("s3:GetObject", bucket+"${?}/a")},
		{"dollar", allow("s3:GetObject", bucket+"${$}x/*")},
		{"userid", allow("s3:GetObject", bucket+"${aws:userid}/*")},
		{"notresource", Stmt{Effect: "Allow", Action: "s3:GetObject", NotResource: bucket + "${aws:username}/*"}},
		{"cond-string", withCond(allow("s3:GetObject", "*"), map[string]map[string]any{"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}})},
		{"cond-like", withCond(allow("s3:GetObject", "*"), map[string]map[string]any{"StringLike": {"aws:PrincipalTag/team": "${aws:username}*"}})},
		{"cond-arn", withCond(allow("s3:GetObject", "*"), map[string]map[string]any{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}})},
		{"cond-default", withCond(allow("s3:GetObject", "*"), map[string]map[string]any{"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/dept, 'alice'}"}})},
	}
	// No request resource holds * or ?: iam-simulate would read them as
	// wildcards and simulate every resource they match.
	resources := []string{"alice/a", "carol/a", "dev/a", "shared/a", "${aws:username}/a", "$x/a", "x/a", "AIDAALICEEXAMPLE/a"}
	tags := [][]string{nil, {"dev"}, {"alice"}, {"carolyn"}}
	versions := []string{policy.Version2012, "2008-10-17", ""}
	for _, p := range policies {
		for _, v := range versions {
			for _, who := range []caller{alice, carol} {
				for _, res := range resources {
					for ti, tag := range tags {
						isCond := strings.HasPrefix(p.name, "cond")
						if isCond && res != "alice/a" {
							continue // condition policies do not read the resource
						}
						if !isCond && p.name != "tag" && p.name != "default" && ti > 1 {
							continue // only the tag policies need every tag value
						}
						c := Case{Template: "variable", Features: []string{"variable", "var:" + p.name, "version:" + cmpOr(v, "none")}}
						d := Doc{Version: v, Statement: []Stmt{p.stmt}}
						c.Identity = []Doc{d}
						ctx := map[string][]string{"aws:PrincipalTag/team": tag, "aws:SourceArn": {"arn:aws:sns:us-east-1:" + AccountA + ":alerts"}}
						g.add(request(c, who, target{"s3:GetObject", bucket + res, AccountA}, ctx))
					}
				}
			}
		}
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// policyTypes: identity policies, a resource policy naming the user, the
// role, the session, the account, another account or everyone, a
// permissions boundary and a session policy, for callers in the
// resource's account and in another.
func (g *gen) policyTypes() {
	type named struct {
		name string
		doc  *Doc
	}
	for _, t := range []target{tObject, tQueue} {
		resPrincipal := func(p any) *Doc {
			return doc(Stmt{Effect: "Allow", Principal: p, Action: t.action, Resource: t.arn})
		}
		identities := []named{
			{"none", nil},
			{"allow", doc(allow(t.action, t.arn))},
			{"deny", doc(allow("*", "*"), deny(t.action, "*"))},
			{"other", doc(allow("ec2:*", "*"))},
		}
		resourcePolicies := []named{
			{"none", nil},
			{"user", resPrincipal(map[string]any{"AWS": alice.arn})},
			{"role", resPrincipal(map[string]any{"AWS": "arn:aws:iam::" + AccountA + ":role/Dev"})},
			{"session", resPrincipal(map[string]any{"AWS": session.arn})},
			{"account", resPrincipal(map[string]any{"AWS": "arn:aws:iam::" + AccountA + ":root"})},
			{"account-b", resPrincipal(map[string]any{"AWS": AccountB})},
			{"xuser", resPrincipal(map[string]any{"AWS": bob.arn})},
			{"xrole", resPrincipal(map[string]any{"AWS": "arn:aws:iam::" + AccountB + ":role/Ops"})},
			{"everyone", resPrincipal("*")},
			{"everyone-cond", doc(Stmt{Effect: "Allow", Principal: map[string]any{"AWS": "*"}, Action: t.action, Resource: t.arn,
				Condition: map[string]map[string]any{"StringEquals": {"aws:PrincipalAccount": AccountB}}})},
			{"deny-all", doc(Stmt{Effect: "Allow", Principal: "*", Action: t.action, Resource: t.arn},
				Stmt{Effect: "Deny", Principal: "*", Action: t.action, Resource: t.arn})},
			{"notprincipal", doc(Stmt{Effect: "Deny", NotPrincipal: map[string]any{"AWS": alice.arn}, Action: t.action, Resource: t.arn},
				Stmt{Effect: "Allow", Principal: map[string]any{"AWS": []string{AccountA, AccountB}}, Action: t.action, Resource: t.arn})},
		}
		boundaries := []named{{"none", nil}, {"allow", doc(allow(t.action, "*"))}, {"other", doc(allow("ec2:*", "*"))}}
		sessions := []named{{"none", nil}, {"allow", doc(allow(t.action, "*"))}, {"other", doc(allow("ec2:*", "*"))}}
		for _, who := range []caller{alice, session, bob, xsession} {
			ses := sessions[:1]
			if strings.Contains(who.arn, ":assumed-role/") {
				ses = sessions
			}
			for _, id := range identities {
				for _, rp := range resourcePolicies {
					for _, b := range boundaries {
						for _, s := range ses {
							c := Case{Template: "types", Features: []string{
								"types", "caller:" + who.name, "identity:" + id.name, "resource-policy:" + rp.name,
								"boundary:" + b.name, "session:" + s.name, "service:" + strings.Split(t.action, ":")[0],
							}}
							if id.doc != nil {
								c.Identity = []Doc{*id.doc}
							}
							c.Resource, c.Boundary, c.Session = rp.doc, b.doc, s.doc
							g.add(request(c, who, t, nil))
						}
					}
				}
			}
		}
	}
}

// scps: one to three organization levels, each with a full-access,
// service-limited, denying or conditional SCP.
func (g *gen) scps() {
	type named struct {
		name string
		doc  Doc
	}
	levelPolicies := []named{
		{"full", *doc(allow("*", "*"))},
		{"s3-only", *doc(allow("s3:*", "*"))},
		{"deny-get", *doc(allow("*", "*"), deny("s3:GetObject", "*"))},
		{"region", *doc(Stmt{Effect: "Allow", Action: "*", Resource: "*", Condition: map[string]map[string]any{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}})},
		{"not-action", *doc(Stmt{Effect: "Allow", NotAction: "sqs:*", Resource: "*"})},
	}
	var walk func(levels []named)
	walk = func(levels []named) {
		if len(levels) > 0 {
			for _, t := range []target{tObject, tQueue} {
				for _, region := range []string{"us-east-1", "eu-west-1"} {
					c := Case{Template: "scp", Features: []string{"scp", fmt.Sprintf("levels:%d", len(levels))}}
					for _, l := range levels {
						c.SCPs = append(c.SCPs, []Doc{l.doc})
						c.Features = append(c.Features, "scp:"+l.name)
					}
					c.Identity = []Doc{*doc(allow("*", "*"))}
					g.add(request(c, alice, t, map[string][]string{"aws:RequestedRegion": {region}}))
				}
			}
		}
		if len(levels) == 3 {
			return
		}
		for _, p := range levelPolicies {
			walk(append(slices.Clone(levels), p))
		}
	}
	walk(nil)
}

// rcps: RCPs by level (iam-simulate adds RCPFullAWSAccess at every level,
// Policies does for iam/eval), denying insecure transport, callers from
// outside the organization, or an action, for a caller of the resource's
// account and one of another account.
func (g *gen) rcps() {
	type named struct {
		name string
		doc  Doc
	}
	rcp := func(s Stmt) Doc { s.Principal = "*"; return *doc(s) }
	levelPolicies := []named{
		{"none", Doc{}},
		{"deny-insecure", rcp(Stmt{Effect: "Deny", Action: []string{"s3:*", "sqs:*"}, Resource: "*",
			Condition: map[string]map[string]any{"BoolIfExists": {"aws:SecureTransport": "false"}}})},
		{"deny-external", rcp(Stmt{Effect: "Deny", Action: "s3:*", Resource: "*",
			Condition: map[string]map[string]any{"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-aaaa1111"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})},
		{"deny-get", rcp(Stmt{Effect: "Deny", Action: "s3:GetObject", Resource: "*"})},
	}
	for _, l1 := range levelPolicies {
		for _, l2 := range levelPolicies {
			for _, who := range []caller{alice, bob} {
				for _, t := range []target{tObject, tQueue} {
					for _, secure := range []string{"true", "false"} {
						c := Case{Template: "rcp", Features: []string{"rcp", "rcp1:" + l1.name, "rcp2:" + l2.name, "caller:" + who.name}}
						for _, l := range []named{l1, l2} {
							if l.name == "none" {
								c.RCPs = append(c.RCPs, []Doc{})
							} else {
								c.RCPs = append(c.RCPs, []Doc{l.doc})
							}
						}
						c.Identity = []Doc{*doc(allow("*", "*"))}
						c.Resource = doc(Stmt{Effect: "Allow", Principal: map[string]any{"AWS": []string{AccountA, AccountB}}, Action: t.action, Resource: t.arn})
						ctx := map[string][]string{"aws:SecureTransport": {secure}}
						if who.account == AccountA {
							ctx["aws:PrincipalOrgID"] = []string{"o-aaaa1111"}
						}
						g.add(request(c, who, t, ctx))
					}
				}
			}
		}
	}
}

// keyAndTrust: KMS key policies and role trust policies, which must allow
// the principal themselves (or delegate to the account).
func (g *gen) keyAndTrust() {
	type named struct {
		name string
		doc  *Doc
	}
	for _, t := range []target{tKMS, tAssume} {
		stmt := func(p any) *Doc { return doc(Stmt{Effect: "Allow", Principal: p, Action: t.action, Resource: "*"}) }
		policies := []named{
			{"none", nil},
			{"account", stmt(map[string]any{"AWS": "arn:aws:iam::" + AccountA + ":root"})},
			{"user", stmt(map[string]any{"AWS": alice.arn})},
			{"account-b", stmt(map[string]any{"AWS": AccountB})},
			{"role", stmt(map[string]any{"AWS": "arn:aws:iam::" + AccountA + ":role/Dev"})},
			{"xuser", stmt(map[string]any{"AWS": bob.arn})},
			{"deny", doc(Stmt{Effect: "Allow", Principal: map[string]any{"AWS": []string{AccountA, AccountB}}, Action: "*", Resource: "*"},
				Stmt{Effect: "Deny", Principal: "*", Action: t.action, Resource: "*", Condition: map[string]map[string]any{"Bool": {"aws:MultiFactorAuthPresent": "false"}}})},
		}
		identities := []named{{"none", nil}, {"allow", doc(allow(t.action, "*"))}, {"allow-resource", doc(allow(t.action, t.arn))}}
		for _, who := range []caller{alice, session, bob, xsession} {
			for _, p := range policies {
				for _, id := range identities {
					for _, mfa := range []string{"true", "false"} {
						kind := "key-policy"
						if t == tAssume {
							kind = "trust-policy"
						}
						c := Case{Template: kind, Features: []string{kind, "policy:" + p.name, "identity:" + id.name, "caller:" + who.name}}
						if id.doc != nil {
							c.Identity = []Doc{*id.doc}
						}
						c.Resource = p.doc
						g.add(request(c, who, t, map[string][]string{"aws:MultiFactorAuthPresent": {mfa}}))
					}
				}
			}
		}
	}
}

// callers: the root user, a federated user, a service principal and an
// anonymous caller against bucket and queue policies.
func (g *gen) callers() {
	type named struct {
		name string
		doc  *Doc
	}
	service := caller{name: "service", arn: "sns.amazonaws.com", ctx: map[string][]string{
		"aws:PrincipalIsAWSService": {"true"}, "aws:PrincipalServiceName": {"sns.amazonaws.com"},
		"aws:SourceArn": {"arn:aws:sns:us-east-1:" + AccountA + ":alerts"}, "aws:SourceAccount": {AccountA},
	}}
	anonymous := caller{name: "anonymous", ctx: map[string][]string{}}
	whos := []caller{rootA, fedUser, service, anonymous, alice}
	for _, t := range []target{tObject, tQueue} {
		st := func(effect string, p any, cond map[string]map[string]any) Stmt {
			return Stmt{Effect: effect, Principal: p, Action: t.action, Resource: t.arn, Condition: cond}
		}
		policies := []named{
			{"none", nil},
			{"everyone", doc(st("Allow", "*", nil))},
			{"aws-star", doc(st("Allow", map[string]any{"AWS": "*"}, nil))},
			{"service", doc(st("Allow", map[string]any{"Service": "sns.amazonaws.com"}, nil))},
			{"service-source", doc(st("Allow", map[string]any{"Service": "sns.amazonaws.com"},
				map[string]map[string]any{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:" + AccountA + ":*"}}))},
			{"account", doc(st("Allow", map[string]any{"AWS": AccountA}, nil))},
			{"federated", doc(st("Allow", map[string]any{"AWS": fedUser.arn}, nil))},
			{"deny-everyone", doc(st("Allow", "*", nil), st("Deny", "*", map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}}))},
		}
		identities := []named{{"none", nil}, {"allow", doc(allow(t.action, "*"))}, {"deny", doc(allow("*", "*"), deny(t.action, "*"))}}
		for _, who := range whos {
			for _, p := range policies {
				for _, id := range identities {
					if id.doc != nil && (who.name == "service" || who.name == "anonymous") {
						continue // such callers have no identity policies
					}
					for _, secure := range []string{"true", "false"} {
						c := Case{Template: "caller", Features: []string{"caller:" + who.name, "resource-policy:" + p.name, "identity:" + id.name}}
						if id.doc != nil {
							c.Identity = []Doc{*id.doc}
						}
						c.Resource = p.doc
						g.add(request(c, who, t, map[string][]string{"aws:SecureTransport": {secure}}))
					}
				}
			}
		}
	}
}

// mixtures draws n cases at random (from the fixed seed): identity
// policies of one to four statements from the pools above, sometimes a
// boundary, a resource policy, an SCP, over random targets and contexts.
func (g *gen) mixtures(n int) {
	actionPats := []any{"s3:*", "s3:Get*", "s3:GetObject", "sqs:*", "*", "dynamodb:*", "ec2:*Instances", "s3:*Object", "lambda:*", "iam:Get*", "sns:Publish"}
	resourcePats := []any{"*", "arn:aws:s3:::hr-data/*", "arn:aws:s3:::hr-data", "arn:aws:sqs:*:" + AccountA + ":*", "arn:aws:dynamodb:*:*:table/*", "arn:aws:*:us-east-1:*:*", "arn:aws:s3:::hr-data/Payroll/*"}
	conds := []map[string]map[string]any{
		nil, nil, nil,
		{"Bool": {"aws:SecureTransport": "true"}},
		{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
		{"StringEquals": {"aws:PrincipalTag/team": "dev"}},
		{"StringNotLikeIfExists": {"aws:PrincipalTag/team": "prod*"}},
		{"IpAddress": {"aws:SourceIp": []string{"10.0.0.0/8", "2001:db8::/32"}}},
		{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
		{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}},
		{"DateLessThan": {"aws:CurrentTime": "2024-06-01T00:00:00Z"}},
		{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin*"}},
		{"ForAllValues:StringEquals": {"aws:TagKeys": []string{"dev", "ops"}}},
		{"ForAnyValue:StringLike": {"aws:TagKeys": "d*"}},
		{"Null": {"aws:PrincipalTag/team": "true"}},
		{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}},
	}
	contextPool := map[string][][]string{
		"aws:SecureTransport":        {{"true"}, {"false"}, nil},
		"aws:MultiFactorAuthPresent": {{"true"}, {"false"}, nil},
		"aws:MultiFactorAuthAge":     {{"30"}, {"7200"}, nil},
		"aws:PrincipalTag/team":      {{"dev"}, {"prod-1"}, nil},
		"aws:SourceIp":               {{"10.1.1.1"}, {"203.0.113.5"}, {"2001:db8::5"}, nil},
		"aws:CurrentTime":            {{"2024-01-01T00:00:00Z"}, {"2024-12-01T00:00:00Z"}},
		"aws:TagKeys":                {{}, {"dev"}, {"dev", "x"}, nil},
	}
	mixTargets := []target{tObject, tPut, tBucket, tTable, tQueue, tFunc, tTopic, tStart, tGetUser}
	pick := func(n int) int { return g.rng.IntN(n) }
	randStmt := func() Stmt {
		s := Stmt{Effect: "Allow"}
		if pick(4) == 0 {
			s.Effect = "Deny"
		}
		if pick(6) == 0 {
			s.NotAction = actionPats[pick(len(actionPats))]
		} else {
			s.Action = actionPats[pick(len(actionPats))]
		}
		if pick(8) == 0 {
			s.NotResource = resourcePats[pick(len(resourcePats))]
		} else {
			s.Resource = resourcePats[pick(len(resourcePats))]
		}
		s.Condition = conds[pick(len(conds))]
		return s
	}
	randDoc := func(min int) *Doc {
		d := doc()
		for range min + pick(3) {
			d.Statement = append(d.Statement, randStmt())
		}
		return d
	}
	keys := slices.Sorted(maps.Keys(contextPool))
	for range n {
		c := Case{Template: "mix", Features: []string{"mix"}}
		for range 1 + pick(2) {
			c.Identity = append(c.Identity, *randDoc(1))
		}
		if pick(3) == 0 {
			c.Boundary = randDoc(1)
			c.Features = append(c.Features, "boundary")
		}
		if pick(4) == 0 {
			c.SCPs = [][]Doc{{*doc(allow("*", "*"))}, {*randDoc(1)}}
			c.Features = append(c.Features, "scp")
		}
		t := mixTargets[pick(len(mixTargets))]
		who := []caller{alice, session, bob}[pick(3)]
		if pick(3) == 0 || who.account != t.account {
			rp := randDoc(1)
			for i := range rp.Statement {
				rp.Statement[i].Principal = []any{"*", map[string]any{"AWS": AccountB}, map[string]any{"AWS": alice.arn}, map[string]any{"AWS": AccountA}}[pick(4)]
			}
			c.Resource = rp
			c.Features = append(c.Features, "resource-policy")
		}
		ctx := map[string][]string{}
		for _, k := range keys {
			if v := contextPool[k][pick(len(contextPool[k]))]; v != nil {
				ctx[k] = v
			}
		}
		g.add(request(c, who, t, ctx))
	}
}
