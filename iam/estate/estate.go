// Package estate answers IAM questions about a whole inventory: who can
// perform an action on a resource, and which principals can escalate their
// privileges. It gathers, for every user and role, the policies IAM would
// combine (identity policies with the user's groups', the permissions
// boundary, the SCPs of each organization level above the account) and asks
// iam/eval, so the answers follow the same evaluation logic as `iam eval`.
package estate

import (
	"cmp"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/lint"
	"github.com/awssec/awssec/iam/policy"
	"github.com/awssec/awssec/inventory"
)

// Principal is a user or role with the policies that bear on its requests.
type Principal struct {
	ARN     string
	Name    string
	Kind    string // "user" or "role"
	Account string
	// Groups the user belongs to, by name.
	Groups []string
	// Trust is a role's trust policy, nil for users.
	Trust *policy.Policy
	// trustDoc is the trust policy's text, to find who it may name.
	trustDoc string
	// Policies are what iam/eval combines, without a resource policy.
	Policies eval.Policies
	// Incomplete lists the policies of the principal (its own, its
	// groups', its boundary, its trust) that could not be used: answers
	// about it may miss a grant.
	Incomplete []string

	ev *eval.Evaluator
}

// Graph is an estate's principals, ready to evaluate.
type Graph struct {
	Principals []*Principal
	// Skipped lists the documents that did not parse or compile, one line
	// each; the principals they belong to are evaluated without them, so a
	// grant in a skipped policy is missed (never a deny: a skipped deny can
	// only make an answer too wide, which the line warns about).
	Skipped []string

	// Notes are the assumptions made where the inventory looks partial.
	Notes []string

	buckets   map[string]resourcePolicy // by bucket name
	resources map[string]resourcePolicy // other resources with a policy, by ARN
	roles     map[string]*Principal     // by ARN
	// Roles indexed for assumable: by their own account, by each account
	// their trust policy names, and those whose trust has a wildcard.
	rolesIn, rolesNaming map[string][]*Principal
	principalsIn         map[string][]*Principal // by account, in ARN order
	wildcardTrust        []*Principal
	mu                   sync.Mutex // guards compiled
	compiled             map[*policy.Policy]*eval.Compiled
	// Caches of Build: account ids named by a document's text, and compiled
	// SCP levels by the account's SCP slice.
	named map[string][]string
	scps  map[*[]*policy.Policy][][]*eval.Compiled
}

// resourcePolicy is a resource's policy and the account that owns it. A
// nil policy is a resource known to have none.
type resourcePolicy struct {
	account string
	policy  *policy.Policy
}

// Build reads the principals of every account of e.
func Build(e *inventory.Estate) *Graph {
	g := &Graph{buckets: map[string]resourcePolicy{}, resources: map[string]resourcePolicy{},
		roles: map[string]*Principal{}, compiled: map[*policy.Policy]*eval.Compiled{},
		rolesIn: map[string][]*Principal{}, rolesNaming: map[string][]*Principal{},
		named: map[string][]string{}, scps: map[*[]*policy.Policy][][]*eval.Compiled{}}
	// Large estates repeat the same documents (AWS managed policies in
	// every account, SCPs for every account of an OU): parse each once.
	type parsed struct {
		p   *policy.Policy
		err error
	}
	type docKey struct{ name, doc string }
	seen := map[docKey]parsed{}
	parse := func(name, doc string) *policy.Policy {
		if doc == "" {
			return nil
		}
		key := docKey{name, doc}
		r, ok := seen[key]
		if !ok {
			r.p, r.err = policy.Parse(name, []byte(doc))
			seen[key] = r
		}
		if r.err != nil {
			g.Skipped = append(g.Skipped, r.err.Error())
			return nil
		}
		return r.p
	}
	for _, a := range e.Accounts {
		res := &a.Resources
		managed := map[string]*policy.Policy{}
		for _, p := range res.IAMPolicies {
			if pp := parse(p.Name, p.Document); pp != nil {
				managed[p.ARN] = pp
			}
		}
		// AWS managed policies are listed once per account that uses them;
		// an account may attach one listed only in another.
		lookup := func(arn string) *policy.Policy {
			if p, ok := managed[arn]; ok {
				return p
			}
			for _, b := range e.Accounts {
				for _, p := range b.Resources.IAMPolicies {
					if p.ARN == arn && p.AWSManaged {
						return parse(p.Name, p.Document)
					}
				}
			}
			g.Skipped = append(g.Skipped, fmt.Sprintf("%s: managed policy not in the inventory", arn))
			return nil
		}
		identity := func(inline []inventory.InlinePolicy, attachedPolicies []inventory.AttachedPolicy) []*policy.Policy {
			var out []*policy.Policy
			for _, ip := range inline {
				if p := parse(ip.PolicyName, ip.PolicyDocument); p != nil {
					out = append(out, p)
				}
			}
			for _, ap := range attachedPolicies {
				if p := lookup(ap.PolicyARN); p != nil {
					out = append(out, p)
				}
			}
			return out
		}
		groups := map[string][]*policy.Policy{}
		groupGaps := map[string][]string{}
		for _, gr := range res.IAMGroups {
			since := len(g.Skipped)
			groups[gr.Name] = identity(gr.InlinePolicies, gr.AttachedPolicies)
			groupGaps[gr.Name] = g.Skipped[since:len(g.Skipped):len(g.Skipped)]
		}
		scps, mgmt := scpsFor(e, a.ID, parse, func(s string) {
			if !slices.Contains(g.Notes, s) {
				g.Notes = append(g.Notes, s)
			}
		})
		boundary := func(arn string) *policy.Policy {
			if arn == "" {
				return nil
			}
			return lookup(arn)
		}
		for _, u := range res.IAMUsers {
			pr := &Principal{ARN: u.ARN, Name: u.Name, Kind: "user", Account: a.ID, Groups: u.Groups}
			since := len(g.Skipped)
			pr.Policies.Identity = identity(u.InlinePolicies, u.AttachedPolicies)
			for _, gn := range u.Groups {
				pr.Policies.Identity = append(pr.Policies.Identity, groups[gn]...)
				pr.Incomplete = append(pr.Incomplete, groupGaps[gn]...)
			}
			pr.Policies.Boundary = boundary(u.PermissionsBoundary)
			pr.Incomplete = append(pr.Incomplete, g.Skipped[since:]...)
			pr.Policies.SCPs, pr.Policies.PrincipalIsManagementAccount = scps, mgmt
			g.add(pr)
		}
		for _, r := range res.IAMRoles {
			pr := &Principal{ARN: r.ARN, Name: r.Name, Kind: "role", Account: a.ID}
			since := len(g.Skipped)
			pr.Trust = parse("trust policy of "+r.Name, r.AssumeRolePolicyDocument)
			pr.trustDoc = r.AssumeRolePolicyDocument
			pr.Policies.Identity = identity(r.InlinePolicies, r.AttachedPolicies)
			pr.Policies.Boundary = boundary(r.PermissionsBoundary)
			pr.Incomplete = slices.Clone(g.Skipped[since:])
			pr.Policies.SCPs, pr.Policies.PrincipalIsManagementAccount = scps, mgmt
			pr.Policies.ServiceLinkedRole = r.ServiceLinked
			g.add(pr)
		}
		for _, b := range res.S3Buckets {
			g.buckets[b.Name] = resourcePolicy{account: a.ID, policy: parse("bucket policy of "+b.Name, b.Policy)}
		}
		for _, r := range a.Regions {
			g.addRegional(a.ID, &r.Resources, parse)
		}
	}
	slices.SortFunc(g.Principals, func(a, b *Principal) int { return cmp.Compare(a.ARN, b.ARN) })
	g.principalsIn = map[string][]*Principal{}
	for _, p := range g.Principals {
		g.principalsIn[p.Account] = append(g.principalsIn[p.Account], p)
	}
	return g
}

// addRegional records the resource policies of a region's keys, queues,
// topics, secrets, repositories and backup vaults.
func (g *Graph) addRegional(account string, res *inventory.RegionalResources, parse func(string, string) *policy.Policy) {
	put := func(kind string, m inventory.Meta, doc string) {
		if m.ARN != "" {
			g.resources[m.ARN] = resourcePolicy{account: account, policy: parse(kind+" policy of "+m.ARN, doc)}
		}
	}
	for _, k := range res.KMSKeys {
		put("key", k.Meta, k.Policy)
	}
	for _, q := range res.SQSQueues {
		put("queue", q.Meta, q.Policy)
	}
	for _, t := range res.SNSTopics {
		put("topic", t.Meta, t.Policy)
	}
	for _, sc := range res.Secrets {
		put("secret", sc.Meta, sc.Policy)
	}
	for _, r := range res.ECRRepositories {
		put("repository", r.Meta, r.Policy)
	}
	for _, v := range res.BackupVaults {
		put("vault access", v.Meta, v.AccessPolicy)
	}
}

func (g *Graph) add(p *Principal) {
	ev, err := g.evaluator(&p.Policies)
	if err == nil && p.Trust != nil {
		_, err = g.compile(p.Trust)
	}
	if err != nil {
		g.Skipped = append(g.Skipped, fmt.Sprintf("%s: %v (principal skipped)", p.ARN, err))
		return
	}
	p.ev = ev
	g.Principals = append(g.Principals, p)
	if p.Kind == "role" {
		g.roles[p.ARN] = p
		if p.Trust != nil {
			g.rolesIn[p.Account] = append(g.rolesIn[p.Account], p)
			for _, id := range g.accountsNamed(p.trustDoc) {
				g.rolesNaming[id] = append(g.rolesNaming[id], p)
			}
			if strings.Contains(p.trustDoc, "*") {
				g.wildcardTrust = append(g.wildcardTrust, p)
			}
		}
	}
}

// accountID finds the account ids a trust policy names.
var accountID = regexp.MustCompile(`\b\d{12}\b`)

// accountsNamed returns the distinct account ids a document names; large
// estates repeat trust policies, so each text is scanned once.
func (g *Graph) accountsNamed(doc string) []string {
	if ids, ok := g.named[doc]; ok {
		return ids
	}
	ids := slices.Compact(slices.Sorted(slices.Values(accountID.FindAllString(doc, -1))))
	g.named[doc] = ids
	return ids
}

// evaluator is eval.New with each policy compiled once per graph: the
// principals of an account share their SCPs, and often managed policies.
func (g *Graph) evaluator(p *eval.Policies) (*eval.Evaluator, error) {
	e := &eval.Evaluator{PrincipalIsManagementAccount: p.PrincipalIsManagementAccount,
		ResourceInManagementAccount: p.ResourceInManagementAccount, ServiceLinkedRole: p.ServiceLinkedRole}
	var err error
	for _, pol := range p.Identity {
		c, err := g.compile(pol)
		if err != nil {
			return nil, err
		}
		e.Identity = append(e.Identity, c)
	}
	if p.Boundary != nil {
		if e.Boundary, err = g.compile(p.Boundary); err != nil {
			return nil, err
		}
	}
	if len(p.SCPs) == 0 {
		return e, nil
	}
	// The principals of an account share one SCP slice: compile it once.
	if levels, ok := g.scps[&p.SCPs[0]]; ok {
		e.SCPs = levels
		return e, nil
	}
	for _, level := range p.SCPs {
		var lv []*eval.Compiled
		for _, pol := range level {
			c, err := g.compile(pol)
			if err != nil {
				return nil, err
			}
			lv = append(lv, c)
		}
		e.SCPs = append(e.SCPs, lv)
	}
	g.scps[&p.SCPs[0]] = e.SCPs
	return e, nil
}

// compile compiles a policy once per graph; safe for concurrent use.
func (g *Graph) compile(p *policy.Policy) (*eval.Compiled, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.compiled[p]; ok {
		return c, nil
	}
	c, err := eval.Compile(p)
	if err != nil {
		return nil, err
	}
	if c.Name == "" {
		c.Name = "resource policy"
	}
	g.compiled[p] = c
	return c, nil
}

// scpsFor returns the SCPs of account id by level (root, OUs down, the
// account), and whether it is the management account. Nil when the estate
// has no organization view or the account is not in it.
func scpsFor(e *inventory.Estate, id string, parse func(string, string) *policy.Policy, note func(string)) ([][]*policy.Policy, bool) {
	o := e.Organization
	if o == nil {
		return nil, false
	}
	acct := o.Account(id)
	if acct == nil {
		return nil, false
	}
	targets := o.Ancestors(acct.ParentID) // parent first, root last
	slices.Reverse(targets)
	targets = append(targets, id)
	var levels [][]*policy.Policy
	for _, t := range targets {
		var level []*policy.Policy
		for _, p := range o.Policies {
			if p.PolicyType != inventory.ServiceControlPolicy {
				continue
			}
			for _, tg := range p.Targets {
				if tg.TargetID == t {
					if pp := parse(p.Name, p.Content); pp != nil {
						level = append(level, pp)
					}
				}
			}
		}
		// AWS requires an SCP on every node, so a level with none listed is
		// an attachment the inventory did not record: say so and leave it
		// out rather than let an empty level deny everything. A level of
		// deny-only SCPs is kept as it is: it denies everything below it,
		// as AWS does.
		if len(level) == 0 {
			note(fmt.Sprintf("no SCP recorded on %s: that level is not evaluated", t))
			continue
		}
		levels = append(levels, level)
	}
	return levels, id == o.ManagementAccount
}

// Access is one principal's decision on a request.
type Access struct {
	Principal string      `json:"principal"`
	Kind      string      `json:"kind"`
	Account   string      `json:"account"`
	Decision  string      `json:"decision"`
	Reason    string      `json:"reason"`
	Via       []Statement `json:"via,omitzero"`
	decision  eval.Decision
}

// Statement is one statement that took part in a decision.
type Statement struct {
	Policy    string `json:"policy"`
	Type      string `json:"type"`
	Level     int    `json:"level,omitzero"` // 1-based SCP level (root first)
	Statement int    `json:"statement"`      // 0-based
	Sid       string `json:"sid,omitzero"`
	Effect    string `json:"effect"`
}

func statements(d eval.Decision) []Statement {
	var out []Statement
	for _, m := range d.Matched {
		out = append(out, Statement{Policy: m.PolicyName, Type: fmt.Sprint(m.Type), Level: m.Level, Statement: m.Statement, Sid: m.Sid, Effect: fmt.Sprint(m.Effect)})
	}
	return out
}

// resourcePolicy returns the policy and account of a resource of the
// estate (a role's trust policy, an S3 bucket's policy, a KMS key policy,
// a queue's, topic's, secret's, repository's or backup vault's policy), or
// nil and "".
func (g *Graph) resourcePolicy(resource string) (*policy.Policy, string) {
	if r, ok := g.resources[resource]; ok {
		return r.policy, r.account
	}
	// A role is a resource too: its trust policy decides who assumes it.
	if r, ok := g.roles[resource]; ok {
		return r.Trust, r.Account
	}
	rest, ok := strings.CutPrefix(resource, "arn:aws:s3:::")
	if !ok {
		return nil, ""
	}
	name, _, _ := strings.Cut(rest, "/")
	b, ok := g.buckets[name]
	if !ok {
		return nil, ""
	}
	return b.policy, b.account
}

// decide evaluates action on resource for p, with the resource's policy
// when the estate holds one.
func (g *Graph) decide(p *Principal, action, resource string, ctx map[string][]string) (eval.Decision, error) {
	req := &eval.Request{Principal: p.ARN, PrincipalAccount: p.Account, Action: action, Resource: resource, Context: ctx}
	rp, acct := g.resourcePolicy(resource)
	if acct != "" {
		req.ResourceAccount = acct
	}
	if rp == nil {
		return p.ev.Evaluate(req), nil
	}
	c, err := g.compile(rp)
	if err != nil {
		return eval.Decision{}, err
	}
	ev := *p.ev
	ev.Resource = c
	return ev.Evaluate(req), nil
}

// WhoCan evaluates action on resource for every principal, in ARN order.
// For a role of the estate its trust policy, for an object or bucket of
// the estate its bucket policy, for a KMS key its key policy (and likewise
// for queues, topics, secrets, repositories and backup vaults) is the
// resource policy; a resource in another account without one is denied,
// as IAM does.
func (g *Graph) WhoCan(action, resource string) ([]Access, error) {
	return g.WhoCanWith(action, resource, nil)
}

// WhoCanWith is WhoCan with a request context (condition keys and their
// values) given to every principal's request.
func (g *Graph) WhoCanWith(action, resource string, ctx map[string][]string) ([]Access, error) {
	var out []Access
	for _, p := range g.Principals {
		d, err := g.decide(p, action, resource, ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, Access{Principal: p.ARN, Kind: p.Kind, Account: p.Account,
			Decision: d.Result.String(), Reason: d.Reason(), Via: statements(d), decision: d})
	}
	return out, nil
}

// Allowed reports whether a is an allow.
func (a Access) Allowed() bool { return a.decision.Result == eval.Allow }

// Path is one privilege-escalation path.
type Path struct {
	Principal string `json:"principal"`
	Account   string `json:"account"`
	Method    string `json:"method"`   // an escalation id, "assume-role" or "administrator"
	Category  string `json:"category"` // lint's category; "principal-access" for assume-role
	Gains     string `json:"gains"`
	// Via: the resources each action was allowed on ("iam:PassRole on arn:…").
	Via []string `json:"via,omitzero"`
}

// isAdmin reports whether every action on every resource is allowed: the
// request "*" matches only statements whose Action (or NotAction) covers
// every action.
func isAdmin(p *Principal) bool {
	req := eval.Request{Principal: p.ARN, PrincipalAccount: p.Account, Action: "*", Resource: "*"}
	var d eval.Decision
	p.ev.EvaluateInto(&req, &d)
	return d.Result == eval.Allow
}

// Escalations lists every principal's escalation paths: each lint method
// whose actions are all allowed (on "*" or on an IAM resource of the
// principal's account), and each role a principal may assume. A principal
// that already holds every permission is reported once, as administrator.
func (g *Graph) Escalations() ([]Path, error) { return g.escalations(false) }

// AdminEscalations is Escalations without the roles a principal may
// assume that do not hold every permission: what a posture check reports,
// at a cost that stays linear when many roles trust every account.
func (g *Graph) AdminEscalations() ([]Path, error) { return g.escalations(true) }

func (g *Graph) escalations(adminRolesOnly bool) ([]Path, error) {
	methods := lint.Escalations()
	// Principals are independent: split them between the CPUs, then join
	// the answers in principal order.
	admin := make([]bool, len(g.Principals))
	index := make(map[*Principal]int, len(g.Principals))
	for i, p := range g.Principals {
		index[p] = i
	}
	parallel(len(g.Principals), func(i int) { admin[i] = isAdmin(g.Principals[i]) })
	paths := make([][]Path, len(g.Principals))
	errs := make([]error, len(g.Principals))
	parallel(len(g.Principals), func(i int) {
		p := g.Principals[i]
		if admin[i] {
			paths[i] = []Path{{Principal: p.ARN, Account: p.Account, Method: "administrator", Category: "administrator", Gains: "already allowed every action on every resource"}}
			return
		}
		var cands []string
		for _, m := range methods {
			if cands == nil && mayAllowAll(p, m.Actions) {
				cands = g.candidates(p)
			}
			if via, ok := g.method(p, m, cands); ok {
				paths[i] = append(paths[i], Path{Principal: p.ARN, Account: p.Account, Method: m.ID, Category: m.Category, Gains: m.Gives, Via: via})
			}
		}
		for _, r := range g.assumable(p) {
			if adminRolesOnly && !admin[index[r]] {
				continue
			}
			d, err := g.decide(p, "sts:AssumeRole", r.ARN, nil)
			if err != nil {
				errs[i] = err
				return
			}
			if d.Result != eval.Allow {
				continue
			}
			gains := "the permissions of " + r.ARN
			if admin[index[r]] {
				gains = "administrator access through " + r.ARN
			}
			paths[i] = append(paths[i], Path{Principal: p.ARN, Account: p.Account, Method: "assume-role", Category: "principal-access", Gains: gains, Via: []string{"sts:AssumeRole on " + r.ARN}})
		}
	})
	var out []Path
	for i := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, paths[i]...)
	}
	return out, nil
}

// parallel calls f(0) … f(n-1) on as many goroutines as there are CPUs.
func parallel(n int, f func(int)) {
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= n {
					return
				}
				f(j)
			}
		})
	}
	wg.Wait()
}

// mayAllow reports whether an identity policy of p names action in an
// Allow statement: without one, no request of p for it is allowed.
func mayAllow(p *Principal, action string) bool {
	for _, c := range p.ev.Identity {
		if c.MayAllow(action) {
			return true
		}
	}
	return false
}

// mayAllowAll reports whether p's identity policies name every action.
func mayAllowAll(p *Principal, actions []string) bool {
	for _, a := range actions {
		if !mayAllow(p, a) {
			return false
		}
	}
	return true
}

// assumable are the roles p might assume, in ARN order: those of its own
// account (a trust policy may name p directly) and, when an identity
// policy of p names sts:AssumeRole at all, those of other accounts whose
// trust policy names p's account or a wildcard. The rest cannot allow p,
// so they are not evaluated: on a large estate that is most of them.
func (g *Graph) assumable(p *Principal) []*Principal {
	cross := mayAllow(p, "sts:AssumeRole")
	out := slices.Clone(g.rolesIn[p.Account])
	if cross {
		for _, r := range g.rolesNaming[p.Account] {
			if r.Account != p.Account {
				out = append(out, r)
			}
		}
		for _, r := range g.wildcardTrust {
			if r.Account != p.Account {
				out = append(out, r)
			}
		}
	}
	out = slices.DeleteFunc(out, func(r *Principal) bool { return r == p })
	slices.SortFunc(out, func(a, b *Principal) int { return cmp.Compare(a.ARN, b.ARN) })
	return slices.CompactFunc(out, func(a, b *Principal) bool { return a == b })
}

// candidates are the resources an escalation action is tried on: "*" and
// the IAM users, roles and groups of the principal's account (a grant
// scoped to one of them still reaches it).
func (g *Graph) candidates(p *Principal) []string {
	out := []string{"*"}
	for _, q := range g.principalsIn[p.Account] {
		out = append(out, q.ARN)
	}
	return out
}

// method reports whether p can use m: every action allowed on one
// candidate. iam:PassRole is asked with iam:PassedToService set to the
// service of the method's other actions, so conditions pinning it match.
func (g *Graph) method(p *Principal, m lint.Escalation, cands []string) ([]string, bool) {
	// Most principals are allowed few of a method's actions: rule those
	// out from the policy text before evaluating every candidate.
	if !mayAllowAll(p, m.Actions) {
		return nil, false
	}
	var ctx map[string][]string
	for _, a := range m.Actions {
		if svc, _, _ := strings.Cut(a, ":"); svc != "iam" && svc != "sts" {
			ctx = map[string][]string{"iam:PassedToService": {svc + ".amazonaws.com"}}
			break
		}
	}
	var via []string
	var d eval.Decision // reused: EvaluateInto does not allocate with it
	for _, a := range m.Actions {
		found := false
		for _, r := range cands {
			if m.Other && r == p.ARN {
				continue
			}
			req := eval.Request{Principal: p.ARN, PrincipalAccount: p.Account, Action: a, Resource: r, Context: ctx}
			p.ev.EvaluateInto(&req, &d)
			if d.Result == eval.Allow {
				via = append(via, a+" on "+r)
				found = true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return via, true
}
